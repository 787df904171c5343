package advisor

import (
	"context"
	"fmt"
	"math"
	"slices"

	"rolloutplanner/internal/numfmt"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/whatif"
)

// Kind names what a finding is about.
type Kind string

// The kinds of finding.
const (
	Capacity       Kind = "capacity"        // survivors overloaded while a domain is down
	ColdWarmup     Kind = "warmup"          // warm-up under live traffic after OnStart
	StartupTimeout Kind = "startup-timeout" // start-up P95 above the ready timeout
	SingleInstance Kind = "single-instance" // a role of one instance: no SLA
	PinnedGuestOS  Kind = "pinned-guest-os" // Guest OS pass off: no security updates
	RerunDefect    Kind = "rerun-defect"    // startup tasks break when rerun on the same machine
	ReimageDefect  Kind = "reimage-defect"  // the role breaks on a fresh OS image
	HostFailure    Kind = "host-failure"    // hosts that do not come back from the reboot
)

// Severity ranks findings of equal impact.
type Severity int

// Severities, most severe first.
const (
	Critical Severity = iota // the rollout breaks the SLA or takes the role down
	Warning                  // costs bad minutes or leaves a risk
	Info                     // worth knowing
)

// String returns "critical", "warning" or "info".
func (s Severity) String() string {
	switch s {
	case Critical:
		return "critical"
	case Warning:
		return "warning"
	}
	return "info"
}

// MarshalText writes the severity as its String.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads what MarshalText wrote: "critical", "warning" or
// "info". Anything else is an error naming the three, leaving s as it was.
func (s *Severity) UnmarshalText(b []byte) error {
	for _, v := range [...]Severity{Critical, Warning, Info} {
		if string(b) == v.String() {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("advisor: unknown severity %q: want \"critical\", \"warning\" or \"info\"", b)
}

// Finding is one thing to fix: what goes wrong, the number from the run
// that shows it, and what to change.
type Finding struct {
	Kind     Kind     `json:"kind"`           // what the finding is about
	Severity Severity `json:"severity"`       // ranks findings of equal impact
	Role     string   `json:"role,omitempty"` // the role it is about; "" for the service
	// Path is the scenario field it is about, as the validator names it:
	// "roles[0].warmup_in_onstart".
	Path      string `json:"path"`
	Title     string `json:"title"`     // one line for people
	Mechanism string `json:"mechanism"` // why it happens
	Evidence  string `json:"evidence"`  // what this run shows, with numbers
	Fix       string `json:"fix"`       // what to change, and what that gave when run
	// Value and Unit are the headline number of the evidence.
	Value float64 `json:"value"`
	Unit  string  `json:"unit"` // what Value counts, for people
	// Impact is how many minutes a month, on average, the fix removes:
	// the fall of mean bad minutes plus mean hard-down minutes of the
	// service (a hard-down minute is also bad, so it weighs twice). It is
	// measured by running Fixed with the same seed and trials; 0 when
	// there is no fix to run or the fix costs minutes (PinnedGuestOS).
	Impact float64 `json:"impact_minutes"`
	// Before and After are the service's metrics in this run and in the
	// same run of Fixed; After is nil when nothing was run.
	Before *planner.Metrics `json:"before,omitempty"`
	After  *planner.Metrics `json:"after,omitempty"` // the fix's run
	// Change describes what Fixed changes, for people ("4 instances in 4
	// upgrade domains").
	Change string `json:"change,omitempty"`
	// Fixed is the scenario with the fix applied, or nil.
	Fixed *model.Scenario `json:"-"`
	// InTogether is true when the change is one of Report.Together's.
	InTogether bool `json:"in_together,omitempty"`
}

// Report is the advice on one scenario.
type Report struct {
	Scenario string         `json:"scenario"` // the scenario's name
	Trials   int            `json:"trials"`   // per run, the base and every fix
	Seed     uint64         `json:"seed"`     // of every run
	Base     planner.Result `json:"base"`     // the run of the scenario as it is
	Findings []Finding      `json:"findings"` // largest impact first
	// Together is the smallest set of the findings' changes that meets
	// the SLA target when made together (see Combination), or nil when
	// the base run already meets it or no finding changes the scenario.
	Together *Combination `json:"together,omitempty"`
}

// Options tune Advise.
type Options struct {
	// Trials per run, for the base run and every fix; ≤ 0 means the
	// scenario's own. Fewer trials answer faster and noisier.
	Trials int
	// Run sets the workers and chunk size of each run; its Progress is
	// ignored.
	Run planner.Options
	// Base, when it holds a result of the scenario with the same seed and
	// Trials trials, is used instead of running the scenario again.
	Base *planner.Result
	// Draws is the number of start-ups StartupOverlap draws; ≤ 0 means
	// DefaultDraws.
	Draws int
	// Progress, when set, is called after each run with the runs done and
	// the runs planned. The planned count includes the combination
	// search's budget; when the search stops early, a last call reports
	// done = total.
	Progress func(done, total int)
	// Odds is the share of months that must meet the SLA target for a
	// combination of changes to meet it; ≤ 0 means whatif.DefaultOdds
	// (0.95).
	Odds float64
	// CombinationRuns bounds the runs of the combination search; 0 means
	// DefaultCombinationRuns(the single fixes' runs), < 0 turns the
	// search off.
	CombinationRuns int
}

// candidate is a finding waiting for its runs.
type candidate struct {
	f      Finding
	runs   []model.Scenario // runs[0], if any, is the fix (Fixed)
	finish func(f *Finding, base planner.Result, runs []planner.Result)
	// apply makes the fix's change to a scenario, so that fixes can be
	// combined; nil for a fix that is not combined (PinnedGuestOS) or
	// none. runs[0] is apply of a copy of the scenario.
	apply func(s *model.Scenario)
}

// withApply sets c.apply and makes runs[0] the scenario s changed by it.
func withApply(c candidate, s model.Scenario, apply func(*model.Scenario), more ...model.Scenario) candidate {
	fixed := s.Clone()
	apply(&fixed)
	c.apply = apply
	c.runs = append([]model.Scenario{fixed}, more...)
	return c
}

// Advise runs scenario s (or takes opt.Base), runs the scenario with each
// fix applied, all with s's seed and the same trials, and returns the
// findings, largest impact first, then most severe. It returns s's
// model.Problems when s is invalid, and ctx's error, with no report, when
// ctx is cancelled.
func Advise(ctx context.Context, s model.Scenario, opt Options) (Report, error) {
	if err := s.Validate().Err(); err != nil {
		return Report{}, err
	}
	s = s.Clone()
	if opt.Trials > 0 {
		s.Trials = opt.Trials
	}
	cands := collect(s, opt.Draws)
	singles := 0
	for _, c := range cands {
		singles += len(c.runs)
	}
	budget := opt.CombinationRuns
	if budget == 0 {
		budget = DefaultCombinationRuns(singles)
	}
	budget = max(budget, 0)
	total := 1 + singles + budget
	done := 0
	runOne := func(sc model.Scenario) (planner.Result, error) {
		o := opt.Run
		o.Progress = nil
		acc, err := planner.Run(ctx, sc, o)
		if err != nil {
			return planner.Result{}, err
		}
		done++
		if opt.Progress != nil {
			opt.Progress(done, total)
		}
		return acc.Result(), nil
	}
	var base planner.Result
	if b := opt.Base; b != nil && b.Trials == s.Trials && b.Seed == s.Seed && b.Scenario == s.Name {
		base = *b
		done++
	} else {
		var err error
		if base, err = runOne(s); err != nil {
			return Report{}, err
		}
	}
	rep := Report{Scenario: s.Name, Trials: s.Trials, Seed: s.Seed, Base: base}
	type done1 struct {
		f     Finding
		apply func(*model.Scenario)
	}
	var fs []done1
	for _, c := range cands {
		results := make([]planner.Result, len(c.runs))
		for i, sc := range c.runs {
			r, err := runOne(sc)
			if err != nil {
				return Report{}, err
			}
			results[i] = r
		}
		f := c.f
		before := base.Service
		f.Before = &before
		if len(c.runs) > 0 {
			fixed := c.runs[0]
			f.Fixed = &fixed
			after := results[0].Service
			f.After = &after
			f.Impact = minutesOf(before) - minutesOf(after)
		}
		c.finish(&f, base, results)
		fs = append(fs, done1{f, c.apply})
	}
	slices.SortStableFunc(fs, func(a, b done1) int {
		switch {
		case a.f.Impact > b.f.Impact:
			return -1
		case a.f.Impact < b.f.Impact:
			return 1
		}
		return int(a.f.Severity) - int(b.f.Severity)
	})
	var changes []change
	for _, d := range fs {
		if d.apply != nil && d.f.After != nil {
			changes = append(changes, change{finding: len(rep.Findings), apply: d.apply})
		}
		rep.Findings = append(rep.Findings, d.f)
	}
	odds := opt.Odds
	if odds <= 0 {
		odds = whatif.DefaultOdds
	}
	together, err := combine(s, base.Service, rep.Findings, changes, odds, budget, runOne)
	if err != nil {
		return Report{}, err
	}
	if opt.Progress != nil && done < total {
		opt.Progress(done, done)
	}
	if together != nil {
		rep.Together = together
		note(rep.Findings, together, s.SLATargetPct)
	}
	return rep, nil
}

// minutesOf is what Impact measures: mean bad plus mean hard-down minutes.
func minutesOf(m planner.Metrics) float64 { return m.BadMinutes.Mean + m.HardDownMinutes.Mean }

// collect lists the findings that apply to s and the runs each needs.
func collect(s model.Scenario, draws int) []candidate {
	var cs []candidate
	for r := range s.Roles {
		if c, ok := capacity(s, r); ok {
			cs = append(cs, c)
		}
		if c, ok := coldWarmup(s, r); ok {
			cs = append(cs, c)
		}
		if c, ok := startupTimeout(s, r, draws); ok {
			cs = append(cs, c)
		}
		if c, ok := singleInstance(s, r); ok {
			cs = append(cs, c)
		}
	}
	if c, ok := pinnedGuestOS(s); ok {
		cs = append(cs, c)
	}
	if c, ok := hostFailure(s); ok {
		cs = append(cs, c)
	}
	for r := range s.Roles {
		if c, ok := rerunDefect(s, r); ok {
			cs = append(cs, c)
		}
		if c, ok := reimageDefect(s, r); ok {
			cs = append(cs, c)
		}
	}
	return cs
}

// roleMetrics returns role r's metrics in res.
func roleMetrics(res planner.Result, r int) planner.Metrics {
	if r < len(res.Roles) {
		return res.Roles[r].Metrics
	}
	return planner.Metrics{}
}

// sameRun describes the service in a fix's run against the base.
func sameRun(change string, before, after *planner.Metrics, target float64) string {
	if after == nil {
		return ""
	}
	return fmt.Sprintf(" The same run with %s: bad minutes %s → %s a month on average, hard-down minutes %s → %s, months meeting %s %% %s → %s.",
		change, mins(before.BadMinutes.Mean), mins(after.BadMinutes.Mean),
		mins(before.HardDownMinutes.Mean), mins(after.HardDownMinutes.Mean),
		num(target), pct(before.SLACompliance.P), pct(after.SLACompliance.P))
}

func mins(v float64) string {
	if math.Abs(v) < 0.05 {
		v = 0 // no "-0.0"
	}
	return fmt.Sprintf("%.1f", v)
}

// pct formats a share as the page and the report do (internal/numfmt):
// "97.3 %", "99.95 %", never "100.0 %" for a share below 1.
func pct(p float64) string { return numfmt.Share(p) }
func num(v float64) string { return fmt.Sprintf("%g", v) }

func rolePath(r int, field string) string { return fmt.Sprintf("roles[%d].%s", r, field) }

func capacity(s model.Scenario, r int) (candidate, bool) {
	role := s.Roles[r]
	n, u := role.Instances, s.UpgradeDomains
	if n < 2 {
		return candidate{}, false // SingleInstance covers it
	}
	o := role.OverloadAt
	uMean, u95 := role.Utilization.MeanClamped(), role.Utilization.Quantile(0.95)
	rho, rho95 := SurvivorLoad(uMean, n, u), SurvivorLoad(u95, n, u)
	if !(rho95 > o) {
		return candidate{}, false
	}
	down := LargestDomain(n, u)
	sev := Warning
	if rho > o {
		sev = Critical
	}
	var fixes []string
	var apply func(*model.Scenario)
	var change string
	mi, okI := MinInstances(u95, o, n, u)
	md, okD := MinDomains(u95, o, n, u)
	if okI {
		fixes = append(fixes, fmt.Sprintf("the smallest instance count at %d upgrade domains is %d", u, mi))
	} else {
		fixes = append(fixes, fmt.Sprintf("no instance count fixes it at %d upgrade domains (the survivors are at best %d/%d of the role)", u, u-1, u))
	}
	if okD {
		fixes = append(fixes, fmt.Sprintf("the smallest upgrade-domain count for %d instances is %d", n, md))
	} else {
		fixes = append(fixes, fmt.Sprintf("no upgrade-domain count fixes it for %d instances", n))
	}
	switch {
	case okD:
		apply = func(s *model.Scenario) { s.UpgradeDomains = max(s.UpgradeDomains, md) }
		change = fmt.Sprintf("%d upgrade domains", md)
	case okI:
		apply = func(s *model.Scenario) { s.Roles[r].Instances = max(s.Roles[r].Instances, mi) }
		change = fmt.Sprintf("%d instances", mi)
	default:
		ci, cd, ok := MinConfig(u95, o, n, u)
		if !ok {
			fixes = append(fixes, "and no configuration within the model's limits does: lower the load per instance (bigger instances) or raise overload_at")
			break
		}
		fixes = append(fixes, fmt.Sprintf("the smallest configuration that does is %d instances in %d upgrade domains", ci, cd))
		apply = func(s *model.Scenario) {
			s.Roles[r].Instances, s.UpgradeDomains = max(s.Roles[r].Instances, ci), max(s.UpgradeDomains, cd)
		}
		change = fmt.Sprintf("%d instances in %d upgrade domains", ci, cd)
	}
	c := candidate{f: Finding{
		Kind: Capacity, Severity: sev, Role: role.Name, Path: rolePath(r, "instances"),
		Title: fmt.Sprintf("%s: the survivors are overloaded while one upgrade domain is down", role.Name),
		Mechanism: fmt.Sprintf("With %d instances in %d upgrade domains, up to %d instance(s) of %s are down at once, and the %d survivor(s) carry %.0f %% each at mean load and %.0f %% at P95 load, against overload_at %.0f %%: at P95 load %.0f %% of requests fail while a domain is upgraded, more while restarted instances are still cold.",
			n, u, down, role.Name, n-down, 100*rho, 100*rho95, 100*o, 100*max(0, 1-o/rho95)),
		Value: 100 * rho95, Unit: "% load per surviving instance at P95 load",
		Change: change,
	}}
	if apply != nil {
		c = withApply(c, s, apply)
	}
	c.finish = func(f *Finding, base planner.Result, _ []planner.Result) {
		rm := roleMetrics(base, r)
		f.Evidence = fmt.Sprintf("This run: %s is bad %s minutes a month on average (P95 %s), and the service meets %s %% in %s of months.",
			role.Name, mins(rm.BadMinutes.Mean), mins(rm.BadMinutes.P95), num(s.SLATargetPct), pct(base.Service.SLACompliance.P))
		f.Fix = "Keep the survivors' load at or below overload_at at P95 load: " + joinFixes(fixes) + "." +
			sameRun(change, f.Before, f.After, s.SLATargetPct)
	}
	return c, true
}

func joinFixes(fs []string) string {
	switch len(fs) {
	case 0:
		return ""
	case 1:
		return fs[0]
	}
	out := fs[0]
	for _, f := range fs[1 : len(fs)-1] {
		out += "; " + f
	}
	return out + "; " + fs[len(fs)-1]
}

func coldWarmup(s model.Scenario, r int) (candidate, bool) {
	role := s.Roles[r]
	if role.WarmupInOnStart || !(role.Warmup.MeanClamped() > 0) {
		return candidate{}, false
	}
	none := s.Clone()
	none.Roles[r].Warmup = model.FixedDist(0)
	c := candidate{
		f: Finding{
			Kind: ColdWarmup, Severity: Warning, Role: role.Name, Path: rolePath(r, "warmup_in_onstart"),
			Title: fmt.Sprintf("%s: warm-up happens under live traffic", role.Name),
			Mechanism: fmt.Sprintf("%s joins the load balancer when OnStart returns and then warms up for %.1f minutes on average with live traffic: a cold instance times its share of requests out, and while another domain is down the role may have no warm instance at all (hard down).",
				role.Name, role.Warmup.MeanClamped()),
			Unit:   "bad minutes a month caused by cold traffic",
			Change: "warm-up in OnStart",
		},
	}
	c = withApply(c, s, func(s *model.Scenario) { s.Roles[r].WarmupInOnStart = true }, none)
	c.finish = func(f *Finding, base planner.Result, runs []planner.Result) {
		rm := roleMetrics(base, r)
		noWarm := runs[1].Service
		caused := base.Service.BadMinutes.Mean - noWarm.BadMinutes.Mean
		f.Value = caused
		if rm.HardDownMinutes.Mean > 0 && f.After.HardDownMinutes.Mean < f.Before.HardDownMinutes.Mean {
			f.Severity = Critical
		}
		f.Evidence = fmt.Sprintf("This run: %s is bad %s minutes and hard down %s minutes a month on average (hard down in %s of months). Warm-up causes %s of the service's %s bad minutes: the same run with no warm-up at all has %s.",
			role.Name, mins(rm.BadMinutes.Mean), mins(rm.HardDownMinutes.Mean), pct(rm.PHardDown),
			mins(caused), mins(base.Service.BadMinutes.Mean), mins(noWarm.BadMinutes.Mean))
		f.Fix = fmt.Sprintf("Do the warm-up inside OnStart (set %s), so the instance joins the load balancer only when warm; it stays out of rotation longer instead.", f.Path) +
			sameRun("warm-up in OnStart", f.Before, f.After, s.SLATargetPct)
		if f.After.BadMinutes.Mean > f.Before.BadMinutes.Mean {
			f.Fix += " That trades bad minutes for hard-down minutes: the longer absence needs spare capacity too (see the capacity finding)."
		}
	}
	return c, true
}

func startupTimeout(s model.Scenario, r int, draws int) (candidate, bool) {
	role := s.Roles[r]
	ov := StartupOverlap(s, r, draws)
	if !(ov.P95 > s.ReadyTimeout) {
		return candidate{}, false
	}
	sev := Warning
	if ov.PTwoDown >= 0.5 {
		sev = Critical
	}
	parts := "startup tasks + OnStart"
	if role.WarmupInOnStart {
		parts += " + warm-up"
	}
	c := candidate{f: Finding{
		Kind: StartupTimeout, Severity: sev, Role: role.Name, Path: rolePath(r, "startup_tasks"),
		Title: fmt.Sprintf("%s: start-up outlasts the %s-minute ready timeout", role.Name, num(s.ReadyTimeout)),
		Mechanism: fmt.Sprintf("%s of %s take %.1f minutes at P95, above the platform's %s-minute ready timeout: the platform moves on to the next upgrade domain while the instance is still starting, so two domains are down at once.",
			parts, role.Name, ov.P95, num(s.ReadyTimeout)),
		Value: 100 * ov.PTwoDown, Unit: "% of months with two domains down at once",
	}}
	if ov.StartupScale > 0 {
		scale := ov.StartupScale
		c = withApply(c, s, func(s *model.Scenario) { s.Roles[r].StartupTasks = whatif.ScaleDist(s.Roles[r].StartupTasks, scale) })
		c.f.Change = fmt.Sprintf("startup tasks at %.0f %% of their time", 100*ov.StartupScale)
	}
	c.finish = func(f *Finding, base planner.Result, _ []planner.Result) {
		rm := roleMetrics(base, r)
		f.Evidence = fmt.Sprintf("A start misses the timeout with chance %s; the chance that two domains are down at once in a month is %s (from %d drawn start-ups, host failures and defects aside). This run: %s is bad %s minutes a month on average.",
			pct(ov.PLate), pct(ov.PTwoDown), ov.Draws, role.Name, mins(rm.BadMinutes.Mean))
		if ov.StartupScale > 0 {
			f.Fix = fmt.Sprintf("Bring the P95 start-up within the timeout: cut the startup tasks to %.0f %% of their time (move slow work out of them, cache what they download, make them incremental).", 100*ov.StartupScale) +
				sameRun(f.Change, f.Before, f.After, s.SLATargetPct)
		} else {
			f.Fix = "OnStart (and warm-up, when it runs inside OnStart) alone exceed the timeout at P95: shorten OnStart, or warm up after it."
		}
	}
	return c, true
}

func singleInstance(s model.Scenario, r int) (candidate, bool) {
	role := s.Roles[r]
	if role.Instances != 1 {
		return candidate{}, false
	}
	change := "2 instances"
	if s.UpgradeDomains < 2 {
		change = "2 instances in 2 upgrade domains"
	}
	c := candidate{
		f: Finding{
			Kind: SingleInstance, Severity: Critical, Role: role.Name, Path: rolePath(r, "instances"),
			Title:     fmt.Sprintf("%s has a single instance: no SLA applies", role.Name),
			Mechanism: fmt.Sprintf("%s runs one instance, so every pass takes the whole role down, and the platform's availability SLA needs two or more instances in different upgrade domains.", role.Name),
			Unit:      "hard-down minutes a month",
			Change:    change,
		},
	}
	c = withApply(c, s, func(s *model.Scenario) {
		s.Roles[r].Instances, s.UpgradeDomains = max(s.Roles[r].Instances, 2), max(s.UpgradeDomains, 2)
	})
	c.finish = func(f *Finding, base planner.Result, _ []planner.Result) {
		rm := roleMetrics(base, r)
		f.Value = rm.HardDownMinutes.Mean
		f.Evidence = fmt.Sprintf("This run: %s is hard down %s minutes a month on average, in %s of months.", role.Name, mins(rm.HardDownMinutes.Mean), pct(rm.PHardDown))
		f.Fix = fmt.Sprintf("Run at least 2 instances of %s in different upgrade domains.", role.Name) + sameRun(change, f.Before, f.After, s.SLATargetPct)
	}
	return c, true
}

func pinnedGuestOS(s model.Scenario) (candidate, bool) {
	if s.Passes.GuestOS.Enabled {
		return candidate{}, false
	}
	fixed := s.Clone()
	fixed.Passes.GuestOS.Enabled = true
	c := candidate{
		f: Finding{
			Kind: PinnedGuestOS, Severity: Warning, Path: "passes.guest_os.enabled",
			Title:     "The Guest OS is pinned: no security updates",
			Mechanism: "The Guest OS pass is off, as with a pinned Guest OS version: the OS drive gets no security patches until someone moves the pin, and a pinned version eventually goes out of support.",
			Unit:      "bad minutes a month the Guest OS pass would add",
			Change:    "automatic Guest OS updates",
		},
		runs: []model.Scenario{fixed},
	}
	c.finish = func(f *Finding, base planner.Result, _ []planner.Result) {
		f.Value = f.After.BadMinutes.Mean - f.Before.BadMinutes.Mean
		f.Impact = 0 // the fix is about security and costs minutes
		f.Evidence = fmt.Sprintf("Turning the Guest OS pass on adds %s bad minutes a month on average in the same run; the budget at %s %% is %s minutes.",
			mins(f.Value), num(s.SLATargetPct), mins(whatif.Allowance(s)))
		f.Fix = "Use automatic Guest OS updates (or move the pin every month) and make room for the pass." + sameRun("automatic Guest OS updates", f.Before, f.After, s.SLATargetPct)
	}
	return c, true
}

func hostFailure(s model.Scenario) (candidate, bool) {
	h := s.Passes.HostOS
	if !h.Enabled || !(h.HostFailureProb > 0) {
		return candidate{}, false
	}
	c := candidate{
		f: Finding{
			Kind: HostFailure, Severity: Warning, Path: "passes.host_os.host_failure_prob",
			Title: "Hosts that do not come back from the reboot",
			Mechanism: fmt.Sprintf("With chance %s %% a host does not come back from its reboot, and its instances stay down for host_recovery (P50 %.0f minutes, P95 %.0f) while the wave moves on to the next domain: for that long the role is short one more instance.",
				num(100*h.HostFailureProb), h.HostRecovery.Quantile(0.5), h.HostRecovery.Quantile(0.95)),
			Unit:   "bad minutes a month from failed hosts",
			Change: "no host failures",
		},
	}
	c = withApply(c, s, func(s *model.Scenario) { s.Passes.HostOS.HostFailureProb = 0 })
	c.finish = func(f *Finding, base planner.Result, _ []planner.Result) {
		f.Value = f.Before.BadMinutes.Mean - f.After.BadMinutes.Mean
		f.Evidence = fmt.Sprintf("Failed hosts cost %s bad minutes a month on average: the same run without them has %s instead of %s.",
			mins(f.Value), mins(f.After.BadMinutes.Mean), mins(f.Before.BadMinutes.Mean))
		var spare []string
		for _, role := range s.Roles {
			n, d := role.Instances, LargestDomain(role.Instances, s.UpgradeDomains)
			if left := n - d - 1; left > 0 {
				load := role.Utilization.Quantile(0.95) * float64(n) / float64(left)
				if load > role.OverloadAt {
					spare = append(spare, fmt.Sprintf("%s (%.0f %% per survivor)", role.Name, 100*load))
				}
			} else {
				spare = append(spare, fmt.Sprintf("%s (no survivor)", role.Name))
			}
		}
		f.Fix = "Test a reboot and a reimage of the role's machines before the wave, so that image and driver problems show in staging; and keep spare capacity for one more instance out for the recovery time."
		if len(spare) > 0 {
			f.Fix += " With one domain and one failed host down at P95 load, these roles are overloaded: " + joinFixes(spare) + "."
		}
	}
	return c, true
}

func rerunDefect(s model.Scenario, r int) (candidate, bool) {
	role := s.Roles[r]
	if !s.Passes.HostOS.Enabled || !(role.RerunDefectProb > 0) {
		return candidate{}, false
	}
	return defect(s, r, withApply(candidate{
		f: Finding{
			Kind: RerunDefect, Severity: Warning, Role: role.Name, Path: rolePath(r, "rerun_defect_prob"),
			Title: fmt.Sprintf("%s: startup tasks may break when rerun after a reboot", role.Name),
			Mechanism: fmt.Sprintf("With chance %s %% per month the startup tasks of %s fail when run a second time on the same machine (after the Host OS reboot); every start then fails until a fix is out (repair P50 %.0f minutes), domain after domain.",
				num(100*role.RerunDefectProb), role.Name, role.Repair.Quantile(0.5)),
			Unit:   "bad minutes a month from rerun defects",
			Change: "no rerun defect",
		},
	}, s, func(s *model.Scenario) { s.Roles[r].RerunDefectProb = 0 }), "Test a reboot before the wave: rerun the startup tasks on an already-provisioned machine (reboot a staging instance) and make them idempotent, so the defect shows before the platform finds it.")
}

func reimageDefect(s model.Scenario, r int) (candidate, bool) {
	role := s.Roles[r]
	if !s.Passes.GuestOS.Enabled || !(role.ReimageDefectProb > 0) {
		return candidate{}, false
	}
	return defect(s, r, withApply(candidate{
		f: Finding{
			Kind: ReimageDefect, Severity: Warning, Role: role.Name, Path: rolePath(r, "reimage_defect_prob"),
			Title: fmt.Sprintf("%s: the role may break on a freshly reimaged OS drive", role.Name),
			Mechanism: fmt.Sprintf("With chance %s %% per month %s works improperly after the Guest OS pass reimages its OS drive (state kept on the OS drive, a dependency the new image lacks): reimaged instances report Ready but fail every request until a fix is out (repair P50 %.0f minutes).",
				num(100*role.ReimageDefectProb), role.Name, role.Repair.Quantile(0.5)),
			Unit:   "bad minutes a month from reimage defects",
			Change: "no reimage defect",
		},
	}, s, func(s *model.Scenario) { s.Roles[r].ReimageDefectProb = 0 }), "Test a reimage before the wave: deploy to a staging instance on the new Guest OS image (or reimage it) and keep nothing the role needs on the OS drive.")
}

func defect(s model.Scenario, r int, c candidate, fix string) (candidate, bool) {
	c.finish = func(f *Finding, base planner.Result, _ []planner.Result) {
		f.Value = f.Before.BadMinutes.Mean - f.After.BadMinutes.Mean
		f.Evidence = fmt.Sprintf("The defect costs %s bad minutes a month on average: the same run without it has %s instead of %s; its P99 month is %s bad minutes against %s.",
			mins(f.Value), mins(f.After.BadMinutes.Mean), mins(f.Before.BadMinutes.Mean), mins(f.Before.BadMinutes.P99), mins(f.After.BadMinutes.P99))
		f.Fix = fix + sameRun(f.Change, f.Before, f.After, s.SLATargetPct)
	}
	return c, true
}
