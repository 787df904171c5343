package planner

import (
	"testing"

	"rolloutplanner/model"
)

// TestClosedForms checks cases worked out by hand from docs/model.md §4–§5, each
// with fixed times so that every trial gives the same numbers. The spans
// in the comments are the instances' states.
func TestClosedForms(t *testing.T) {
	type want struct {
		bad, hard, lost float64
		loss            [][]float64 // per pass, per domain
		durations       []float64   // per pass
	}
	tests := []struct {
		name string
		edit func(s *model.Scenario)
		want want
	}{
		{
			// Warm-up after OnStart with spare capacity still fails the
			// cold instances' share: a domain is done when its 2 instances
			// are Ready (17 min) and they stay cold 5 min more while the
			// next domain's 2 are down, so f = 2/8 for 5 min per later
			// domain, then 2/10 for the last domain's warm-up.
			name: "ten instances at 60 %, warm-up after OnStart",
			edit: func(s *model.Scenario) {
				*s = workedExample(10, 5, 0.6, false)
			},
			want: want{bad: 5 * 5, hard: 0, lost: 4*5*2.0/8 + 5*2.0/10,
				loss: [][]float64{{0.2, 0.4, 0.4, 0.4, 0.4}}, durations: []float64{85}},
		},
		{
			// Host failure: instance 0 is down 0–72 (recovery 60, attempt
			// 5, warm-up 5), the platform moves on at its deadline 42;
			// instance 1 is down 42–114. Both down 42–72.
			name: "host that does not come back",
			edit: func(s *model.Scenario) {
				*s = workedExample(2, 2, 0.75, true)
				s.Passes.HostOS.HostFailureProb = 1
				s.Passes.HostOS.HostRecovery = model.FixedDist(60)
			},
			want: want{bad: 114, hard: 30, lost: 42.0/3 + 30 + 42.0/3,
				loss: [][]float64{{0.5, 1}}, durations: []float64{84}},
		},
		{
			// Rerun defect, repair 50 from t = 0: instance 0's attempts
			// begin at 12, 17, …, 47 and fail; the one at 52 succeeds, so
			// it is down 0–62. The platform moves on at 42; instance 1
			// starts at 54 ≥ R and is down 42–64.
			name: "rerun defect",
			edit: func(s *model.Scenario) {
				*s = workedExample(2, 2, 0.75, true)
				s.Roles[0].RerunDefectProb = 1
				s.Roles[0].Repair = model.FixedDist(50)
			},
			want: want{bad: 64, hard: 20, lost: 42.0/3 + 20 + 2.0/3,
				loss: [][]float64{{0.5, 1}}, durations: []float64{64}},
		},
		{
			// Reimage defect in a Guest OS pass that starts at 30: R = 130.
			// Instance 0 down 30–47, broken (cold) 47–130, down 130–137;
			// instance 1 down 47–64, broken 64–130, down 130–137.
			name: "reimage defect",
			edit: func(s *model.Scenario) {
				*s = workedExample(2, 2, 0.75, false)
				s.Passes.HostOS.Enabled = false
				s.Passes.GuestOS.Enabled = true
				s.Passes.GuestOS.DelayAfterHost = model.FixedDist(30)
				s.Passes.GuestOS.OSBoot = model.FixedDist(10)
				s.Roles[0].ReimageDefectProb = 1
				s.Roles[0].Repair = model.FixedDist(100)
			},
			want: want{bad: 107, hard: 90, lost: 17.0/3 + 17 + 66 + 7,
				loss: [][]float64{{0.5, 1}}, durations: []float64{34}},
		},
		{
			// Three passes with warm-up in OnStart: each instance is down
			// 22 min in the reboot and reimage passes and 2+1+2+5 = 10 in
			// the guest agent pass (no startup tasks); one at a time.
			name: "three passes",
			edit: func(s *model.Scenario) {
				*s = workedExample(2, 2, 0.75, true)
				s.Passes.GuestOS = model.GuestOSPass{Enabled: true, DelayAfterHost: model.FixedDist(360), OSBoot: model.FixedDist(10)}
				s.Passes.GuestAgent = model.GuestAgentPass{Enabled: true, DelayAfterGuest: model.FixedDist(120), ProcessRestart: model.FixedDist(1)}
			},
			want: want{bad: 44 + 44 + 20, hard: 0, lost: (44 + 44 + 20) / 3.0,
				loss: [][]float64{{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}}, durations: []float64{44, 44, 20}},
		},
		{
			// The Guest OS pass starts the moment the Host OS pass ends
			// (34), while instance 1 is still cold (34–39): instance 0
			// goes down again at 34, so 34–39 has nothing warm. The worse
			// state wins per instance.
			name: "overlapping passes",
			edit: func(s *model.Scenario) {
				*s = workedExample(2, 2, 0.75, false)
				s.Passes.GuestOS = model.GuestOSPass{Enabled: true, DelayAfterHost: model.FixedDist(0), OSBoot: model.FixedDist(10)}
			},
			want: want{bad: 73, hard: 15, lost: 17.0/3 + 5 + 12.0/3 + 5 + 4 + 5 + 4 + 2.5,
				loss: [][]float64{{0.5, 1}, {1, 1}}, durations: []float64{34, 34}},
		},
		{
			// docs/model.md §4.4 (v1.1), the 1,000-attempt shortcut, counted
			// per instance: attempts take 0.375 min, R = 0 + 1000.
			// Instance 0 (attempts from 0) fails its 1,000th attempt at
			// 375, so its next begins at max(375, R) = 1000 and it is up
			// at 1000.375 (v1's 100,000 cap would go on to the attempt at
			// 1000.125 and 1000.5). The platform moves on at its deadline
			// 0 + 900; instance 1's attempts begin at 900 + 0.375k and
			// fail for k = 0..266 (267 < 1,000: no shortcut), the one at
			// 1000.125 succeeds: up at 1000.5. Alone, either instance
			// carries ρ = 0.25·2 = 0.5: f = 0; both are down
			// 900–1000.375: f = 1, hard down.
			name: "rerun defect, 1,000th failed attempt",
			edit: func(s *model.Scenario) {
				*s = workedExample(2, 2, 0.25, true)
				s.ReadyTimeout = 900
				s.Passes.HostOS.HostReboot = model.FixedDist(0)
				r := &s.Roles[0]
				r.OnStop, r.StartupTasks, r.OnStart, r.Warmup = model.FixedDist(0), model.FixedDist(0), model.FixedDist(0.375), model.FixedDist(0)
				r.RerunDefectProb = 1
				r.Repair = model.FixedDist(1000)
			},
			want: want{bad: 100.375, hard: 100.375, lost: 100.375,
				loss: [][]float64{{0.5, 1}}, durations: []float64{1000.5}},
		},
		{
			// The zero-time shortcut: attempts take no time, so instance
			// 0's first (at 12) fails and the next begins at R = 50: down
			// 0–55 (warm-up 5 in OnStart), deadline 42. Instance 1 starts
			// at 54 ≥ R: down 42–59. f = 1/3 alone, 1 together.
			name: "rerun defect, attempts that take no time",
			edit: func(s *model.Scenario) {
				*s = workedExample(2, 2, 0.75, true)
				r := &s.Roles[0]
				r.StartupTasks, r.OnStart = model.FixedDist(0), model.FixedDist(0)
				r.RerunDefectProb = 1
				r.Repair = model.FixedDist(50)
			},
			want: want{bad: 59, hard: 13, lost: 42.0/3 + 13 + 4.0/3,
				loss: [][]float64{{0.5, 1}}, durations: []float64{59}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s model.Scenario
			tt.edit(&s)
			s.Trials = 20
			res := run(t, s)
			m := res.Service
			if !near(m.BadMinutes.Mean, tt.want.bad) || !near(m.BadMinutes.P99, tt.want.bad) {
				t.Errorf("bad minutes %+v, want %v", m.BadMinutes, tt.want.bad)
			}
			if !near(m.HardDownMinutes.Mean, tt.want.hard) {
				t.Errorf("hard-down minutes %+v, want %v", m.HardDownMinutes, tt.want.hard)
			}
			if !near(m.LostRequestMins.Mean, tt.want.lost) {
				t.Errorf("lost request-minutes %v, want %v", m.LostRequestMins.Mean, tt.want.lost)
			}
			if len(res.Passes) != len(tt.want.durations) {
				t.Fatalf("%d passes, want %d", len(res.Passes), len(tt.want.durations))
			}
			for p, d := range tt.want.durations {
				if got := res.Passes[p].Duration; !near(got.Mean, d) || !near(got.P50, d) {
					t.Errorf("pass %d duration %+v, want %v", p, got, d)
				}
				for k, l := range tt.want.loss[p] {
					if got := res.Roles[0].UDCapacityLoss[p].Domains[k]; !near(got.Mean, l) {
						t.Errorf("pass %d domain %d capacity loss %v, want %v", p, k, got.Mean, l)
					}
				}
			}
		})
	}
}
