package advisor

import (
	"math"
	"math/rand/v2"
	"slices"

	"rolloutplanner/model"
)

// DefaultDraws is how many start-ups StartupOverlap draws.
const DefaultDraws = 20000

// Overlap is one role's start-up time against the platform's ready
// timeout, estimated by drawing start-ups from the scenario's
// distributions (not from the engine's trials, which do not record it).
type Overlap struct {
	// P95 is the 95th percentile, in minutes, of the time from the first
	// start attempt to Ready in a reboot pass (Host or Guest OS): startup
	// tasks + OnStart per attempt, attempts repeated with
	// startup_failure_prob, plus warm-up when it happens in OnStart. In a
	// scenario with only the guest-agent pass, attempts are OnStart alone.
	P95 float64
	// PLate is the chance that one instance's start in a reboot pass
	// misses the ready timeout, so that the platform moves on to the next
	// domain while it is still down; PLateAgent the same in the guest-agent
	// pass.
	PLate, PLateAgent float64
	// PTwoDown is the chance that in a month at least one instance of
	// the role misses the timeout in a domain that has a next one: two
	// domains are then down at once. Instances are taken as independent
	// and host failures and defects are left out, so it is a lower bound.
	PTwoDown float64
	// StartupScale is the largest factor (≤ 1) by which scaling the
	// role's startup_tasks brings P95 within the ready timeout, or 0 when
	// even startup tasks of no time leave it above (OnStart and warm-up
	// alone are too slow). It is 1 when P95 is already within.
	StartupScale float64
	Draws        int // start-ups drawn
}

// StartupOverlap estimates role r's start-up time against the ready
// timeout from draws start-ups (≤ 0 means DefaultDraws), with a random
// stream derived from the scenario's seed and r, so the same scenario
// gives the same numbers. s must be valid; r must index s.Roles.
func StartupOverlap(s model.Scenario, r int, draws int) Overlap {
	if draws <= 0 {
		draws = DefaultDraws
	}
	role := s.Roles[r]
	reboot := 0
	if s.Passes.HostOS.Enabled {
		reboot++
	}
	if s.Passes.GuestOS.Enabled {
		reboot++
	}
	agent := 0
	if s.Passes.GuestAgent.Enabled {
		agent++
	}
	src := rand.NewPCG(s.Seed, 0x5ca1ab1e^uint64(r))
	rng := rand.New(src)
	startup := model.NewSampler(role.StartupTasks, src)
	onstart := model.NewSampler(role.OnStart, src)
	warmup := model.NewSampler(role.Warmup, src)
	draw := func(withStartup bool) (tasks, rest float64) {
		for {
			if withStartup {
				tasks += startup.Rand()
			}
			rest += onstart.Rand()
			if !(role.StartupFailureProb > 0 && rng.Float64() < role.StartupFailureProb) {
				break
			}
		}
		if role.WarmupInOnStart {
			rest += warmup.Rand()
		}
		return tasks, rest
	}
	timeout := s.ReadyTimeout
	tasks := make([]float64, draws)
	rest := make([]float64, draws)
	late, lateAgent := 0, 0
	for i := range draws {
		tasks[i], rest[i] = draw(reboot > 0)
		if tasks[i]+rest[i] > timeout {
			late++
		}
		if agent > 0 {
			if _, t := draw(false); t > timeout {
				lateAgent++
			}
		}
	}
	o := Overlap{Draws: draws, PLate: float64(late) / float64(draws), PLateAgent: float64(lateAgent) / float64(draws)}
	p95 := func(f float64) float64 {
		t := make([]float64, draws)
		for i := range t {
			t[i] = f*tasks[i] + rest[i]
		}
		slices.Sort(t)
		return t[max(1, (95*draws+99)/100)-1]
	}
	o.P95 = p95(1)

	// Instances of the role outside the last non-empty domain.
	most := 0
	for _, rl := range s.Roles {
		most = max(most, rl.Instances)
	}
	last := min(most, s.UpgradeDomains) - 1
	m := 0
	for j := range role.Instances {
		if j%s.UpgradeDomains != last {
			m++
		}
	}
	keep := math.Pow(1-o.PLate, float64(m*reboot)) * math.Pow(1-o.PLateAgent, float64(m*agent))
	o.PTwoDown = 1 - keep

	switch {
	case o.P95 <= timeout:
		o.StartupScale = 1
	case p95(0) > timeout:
		o.StartupScale = 0
	default:
		lo, hi := 0.0, 1.0 // p95(lo) ≤ timeout < p95(hi)
		for range 40 {
			mid := (lo + hi) / 2
			if p95(mid) <= timeout {
				lo = mid
			} else {
				hi = mid
			}
		}
		o.StartupScale = lo
	}
	return o
}
