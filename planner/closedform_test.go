package planner

import (
	"math"
	"testing"

	"rolloutplanner/model"
)

// workedExample is docs/model.md §7: one role, 2 instances, 2 domains, the Host
// OS pass only, fixed times.
func workedExample(instances, domains int, util float64, inOnStart bool) model.Scenario {
	s := model.Default()
	s.Trials = 50
	s.UpgradeDomains = domains
	s.Passes.HostOS.HostReboot = model.FixedDist(10)
	s.Passes.HostOS.UDGap = model.FixedDist(0)
	s.Passes.GuestOS.Enabled = false
	s.Passes.GuestAgent.Enabled = false
	r := &s.Roles[0]
	r.Instances = instances
	r.Utilization = model.FixedDist(util)
	r.OverloadAt = 1
	r.OnStop = model.FixedDist(2)
	r.StartupTasks = model.FixedDist(3)
	r.OnStart = model.FixedDist(2)
	r.Warmup = model.FixedDist(5)
	r.WarmupInOnStart = inOnStart
	return s
}

func run(t *testing.T, s model.Scenario) Result {
	t.Helper()
	e, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	acc := e.NewAccumulator()
	e.Run(acc, 0, s.Trials)
	return acc.Result()
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(b)) }

func TestWorkedExample(t *testing.T) {
	tests := []struct {
		name            string
		s               model.Scenario
		bad, hard, lost float64
		loss            []float64
		duration        float64
		avail, requests float64
		slaMet          float64
	}{
		{"warm-up after OnStart", workedExample(2, 2, 0.75, false),
			39, 5, 17.0/3 + 5 + 12.0/3 + 5.0/2, []float64{0.5, 1}, 34,
			100 * (1 - 39.0/43200), 100 * (1 - (17.0/3+5+12.0/3+5.0/2)/43200), 0},
		{"warm-up in OnStart", workedExample(2, 2, 0.75, true),
			44, 0, 44.0 / 3, []float64{0.5, 0.5}, 44,
			100 * (1 - 44.0/43200), 100 * (1 - 44.0/3/43200), 0},
		{"ten instances at 60 %", workedExample(10, 5, 0.6, true),
			0, 0, 0, []float64{0.2, 0.2, 0.2, 0.2, 0.2}, 110, 100, 100, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.s)
			for _, m := range []Metrics{res.Service, res.Roles[0].Metrics} {
				if !near(m.BadMinutes.Mean, tt.bad) || !near(m.BadMinutes.P50, tt.bad) || !near(m.BadMinutes.P99, tt.bad) {
					t.Errorf("bad minutes %+v, want %v", m.BadMinutes, tt.bad)
				}
				if !near(m.HardDownMinutes.Mean, tt.hard) || !near(m.HardDownMinutes.P95, tt.hard) {
					t.Errorf("hard-down minutes %+v, want %v", m.HardDownMinutes, tt.hard)
				}
				if !near(m.LostRequestMins.Mean, tt.lost) {
					t.Errorf("lost request-minutes %v, want %v", m.LostRequestMins.Mean, tt.lost)
				}
				if !near(m.AvailabilityPct.Mean, tt.avail) || !near(m.AvailabilityPct.P05, tt.avail) {
					t.Errorf("availability %+v, want %v", m.AvailabilityPct, tt.avail)
				}
				if !near(m.RequestsServedPct.Mean, tt.requests) {
					t.Errorf("requests served %v, want %v", m.RequestsServedPct.Mean, tt.requests)
				}
				if m.SLACompliance.P != tt.slaMet {
					t.Errorf("SLA compliance %v, want %v", m.SLACompliance.P, tt.slaMet)
				}
			}
			loss := res.Roles[0].UDCapacityLoss[0].Domains
			if len(loss) != len(tt.loss) {
				t.Fatalf("%d domains of capacity loss, want %d", len(loss), len(tt.loss))
			}
			for k, want := range tt.loss {
				if !near(loss[k].Mean, want) || !near(loss[k].P95, want) || loss[k].UD != k {
					t.Errorf("domain %d capacity loss %+v, want %v", k, loss[k], want)
				}
			}
			if d := res.Passes[0].Duration; !near(d.Mean, tt.duration) || !near(d.P95, tt.duration) {
				t.Errorf("pass duration %+v, want %v", d, tt.duration)
			}
		})
	}
}
