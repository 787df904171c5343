package planner

import (
	"math"
	"reflect"

	"rolloutplanner/model"
)

// GridPoints is the number of points, from each pass's start, at which
// warm capacity is sampled for the capacity-over-time chart.
const GridPoints = 97

// maxLevels caps the warm-capacity levels kept per grid point: roles of up
// to maxLevels instances are recorded exactly, larger ones in steps of
// 1/maxLevels of the role.
const maxLevels = 100

// maxGridSpan bounds the minutes the warm-capacity grid spans, so that
// its times stay finite for any finite scenario (10²⁰ minutes is far past
// anything valid).
const maxGridSpan = 1e20

// Layout is the shape of a scenario's results: what an Accumulator holds
// and how to read it. Two accumulators merge only when their layouts are
// Equal.
type Layout struct {
	Scenario     string           // the scenario's name
	Seed         uint64           // the run's seed
	MonthMinutes float64          // minutes in the month, for availability
	SLATargetPct float64          // the monthly availability target, percent
	Roles        []RoleLayout     // in scenario order
	Passes       []model.PassKind // the enabled passes, in run order
	Domains      []int            // the upgrade domains that hold an instance, in order
	GridPoints   int              // warm-capacity samples per pass
	GridStep     []float64        // per pass: minutes between samples
	BadErrorRate float64          // share of failed requests above which time is bad
}

// RoleLayout is one role's part of a Layout.
type RoleLayout struct {
	Name      string
	Instances int
	Levels    int     // warm-capacity levels on the grid: min(Instances, 100)
	Needed    float64 // mean utilisation ÷ overload_at: the warm share below which the role drops requests
}

// Equal reports whether two layouts describe the same results.
func (l *Layout) Equal(o *Layout) bool { return reflect.DeepEqual(l, o) }

func newLayout(s *model.Scenario) *Layout {
	l := &Layout{
		Scenario:     s.Name,
		Seed:         s.Seed,
		MonthMinutes: s.MonthMinutes,
		SLATargetPct: s.SLATargetPct,
		Passes:       s.EnabledPasses(),
		GridPoints:   GridPoints,
		BadErrorRate: s.BadErrorRate,
	}
	most := 0
	for _, r := range s.Roles {
		needed := r.Utilization.MeanClamped() / r.OverloadAt
		if !(needed <= math.MaxFloat64) {
			needed = 1 // a mean that overflowed or is undefined (NaN): keep the layout finite
		}
		l.Roles = append(l.Roles, RoleLayout{
			Name: r.Name, Instances: r.Instances, Levels: min(r.Instances, maxLevels),
			Needed: needed,
		})
		most = max(most, r.Instances)
	}
	for k := range min(most, s.UpgradeDomains) {
		l.Domains = append(l.Domains, k)
	}
	for _, p := range l.Passes {
		l.GridStep = append(l.GridStep, gridSpan(s, p, len(l.Domains))/float64(GridPoints-1))
	}
	return l
}

// gridSpan estimates, from the scenario alone (so that every chunk and
// worker agrees), how long a typical pass takes and a little more: per
// domain the slower of the P95 shutdown, restart and start-up, capped by
// the platform's ready timeout, plus the P95 gap; then the P95 warm-up of
// the last domain. The chart shows the typical pass; rare long tails
// (host recovery, defects) run off its right edge.
func gridSpan(s *model.Scenario, p model.PassKind, domains int) float64 {
	const q = 0.95
	var restart, gap float64
	switch p {
	case model.HostOS:
		restart, gap = s.Passes.HostOS.HostReboot.Quantile(q), s.Passes.HostOS.UDGap.Quantile(q)
	case model.GuestOS:
		restart = s.Passes.GuestOS.OSBoot.Quantile(q)
	case model.GuestAgent:
		restart = s.Passes.GuestAgent.ProcessRestart.Quantile(q)
	}
	perDomain, tail := 0.0, 0.0
	for _, r := range s.Roles {
		stop := min(r.OnStop.Quantile(q), s.OnStopLimit)
		start := r.OnStart.Quantile(q)
		if p != model.GuestAgent {
			start += r.StartupTasks.Quantile(q)
		}
		warm := r.Warmup.Quantile(q)
		if r.WarmupInOnStart {
			start += warm
		} else {
			tail = max(tail, warm)
		}
		perDomain = max(perDomain, stop+restart+min(start, s.ReadyTimeout))
	}
	span := float64(domains)*(perDomain+gap)*1.1 + tail
	if !(span > 0) || math.IsInf(span, 0) {
		span = float64(max(domains, 1)) * (s.OnStopLimit + s.ReadyTimeout)
	}
	// Huge but finite inputs: keep every grid time, and the step's
	// rounding below, finite.
	if !(span > 0 && span <= maxGridSpan) {
		span = maxGridSpan
	}
	// Whole minutes (5 past an hour): round axes, and no last-bit
	// differences between platforms can move the grid.
	if span > 60 {
		return math.Ceil(span/5) * 5
	}
	return math.Ceil(span)
}
