package planner

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"rolloutplanner/model"
)

// TestAvailabilityClampedAtZero is docs/model.md §5.2 (v1.1): A = 100·max(0, 1 −
// B/month), and requests served likewise, per month. The worked example
// (B = 39, F ≈ 17.17) in a 10-minute month gave −290 % under v1.
func TestAvailabilityClampedAtZero(t *testing.T) {
	s := workedExample(2, 2, 0.75, false)
	s.MonthMinutes = 10
	res := run(t, s)
	for _, m := range []Metrics{res.Service, res.Roles[0].Metrics} {
		if m.AvailabilityPct.Mean != 0 || m.AvailabilityPct.P05 != 0 {
			t.Errorf("availability %+v, want 0 and 0", m.AvailabilityPct)
		}
		if m.RequestsServedPct.Mean != 0 {
			t.Errorf("requests served %v, want 0", m.RequestsServedPct.Mean)
		}
		if !near(m.BadMinutes.Mean, 39) || !near(m.LostRequestMins.Mean, 17.0/3+5+12.0/3+5.0/2) {
			t.Errorf("bad minutes %v, lost %v: the clamp must not touch them", m.BadMinutes.Mean, m.LostRequestMins.Mean)
		}
	}
}

// TestAvailabilityMeanOfClampedMonths checks that the means are over the
// clamped months, not the clamp of the mean: a month of 60 minutes with
// host failures that make some months' B and F pass it. Each trial run
// on its own gives the per-month values.
func TestAvailabilityMeanOfClampedMonths(t *testing.T) {
	s := workedExample(2, 2, 0.75, true)
	s.Passes.HostOS.HostFailureProb = 0.5
	s.Passes.HostOS.HostRecovery = model.FixedDist(60)
	s.MonthMinutes = 60
	s.Trials = 200
	e, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	var sumA, sumR, sumB float64
	over := 0
	merged := e.NewAccumulator() // the single trials, through the binary form, in reverse
	for i := s.Trials - 1; i >= 0; i-- {
		acc := e.NewAccumulator()
		e.Run(acc, i, i+1)
		bin, err := acc.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeAccumulator(e.Layout(), bin)
		if err != nil {
			t.Fatal(err)
		}
		if err := merged.Merge(back); err != nil {
			t.Fatal(err)
		}
		m := acc.Result().Service
		b, f := m.BadMinutes.Mean, m.LostRequestMins.Mean
		sumA += 100 * max(0, 1-b/60)
		sumR += 100 * max(0, 1-f/60)
		sumB += b
		if b > 60 {
			over++
		}
	}
	if over == 0 || over == s.Trials {
		t.Fatalf("%d of %d months pass 60 min: the case does not test the clamp", over, s.Trials)
	}
	res := run(t, s)
	n := float64(s.Trials)
	if got, want := res.Service.AvailabilityPct.Mean, sumA/n; !near(got, want) {
		t.Errorf("mean availability %v, want the mean of the clamped months %v (clamp of the mean: %v)",
			got, want, 100*max(0, 1-sumB/n/60))
	}
	if got, want := res.Service.RequestsServedPct.Mean, sumR/n; !near(got, want) {
		t.Errorf("mean requests served %v, want %v", got, want)
	}
	if got := merged.Result(); !reflect.DeepEqual(got, res) {
		t.Errorf("merged single trials give %+v, want %+v", got.Service, res.Service)
	}
}

// passStartScenario has a slow startup in the Host OS pass that is still
// running when the guest-agent pass begins, and a guest-agent pass in
// which nothing changes state (all its times are 0), so the pass start is
// no event. Times, by hand (ready timeout 30, 2 instances in 2 domains):
//
//	instance 0: down 0–50 (reboot 10 + startup tasks 40), deadline 10 + 30 = 40
//	instance 1: down 40–90 (domain 1 starts at 40), deadline 50 + 30 = 80
//	Host OS pass: 0–80; guest agent begins at 80 + 5 = 85, takes no time
//
// With utilisation u, one instance alone carries ρ = 2u, f = max(0, 1 − 1/(2u)):
//
//	0–40  instance 1 alone, u_host    40–50  both down: f = 1, hard down
//	50–85 instance 0 alone, u_host    85–90  instance 0 alone, u_agent
//
// u = 0.4 gives ρ = 0.8, f = 0; u = 0.8 gives ρ = 1.6, f = 0.375 (bad).
func passStartScenario() model.Scenario {
	s := workedExample(2, 2, 0.4, false)
	s.Passes.GuestAgent = model.GuestAgentPass{Enabled: true, DelayAfterGuest: model.FixedDist(5), ProcessRestart: model.FixedDist(0)}
	r := &s.Roles[0]
	r.OnStop, r.StartupTasks, r.OnStart, r.Warmup = model.FixedDist(0), model.FixedDist(40), model.FixedDist(0), model.FixedDist(0)
	return s
}

// TestUtilisationSwitchesWhenPassBegins is docs/model.md §5.1: u is the
// utilisation of the latest pass begun at t, even when nothing changes
// state at the pass's start. The engine's draws are replaced by the
// utilisations below (passStartScenario's comment has the spans):
//
//	u_host 0.4, u_agent 0.8: B = 10 (40–50) + 5 (85–90) = 15, H = 10,
//	                         F = 10·1 + 5·0.375 = 11.875
//	u_host 0.8, u_agent 0.4: B = 40 + 10 + 35 = 85, H = 10,
//	                         F = 40·0.375 + 10 + 35·0.375 = 38.125
//
// Keeping u_host until the next event (at 90) gave B = 10, F = 10 and
// B = 90, F = 40.
func TestUtilisationSwitchesWhenPassBegins(t *testing.T) {
	tests := []struct {
		uHost, uAgent   float64
		bad, hard, lost float64
	}{
		{0.4, 0.8, 15, 10, 11.875},
		{0.8, 0.4, 85, 10, 38.125},
		{0.4, 0.4, 10, 10, 10},
		{0.8, 0.8, 90, 10, 40},
	}
	e, err := New(passStartScenario())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		e.simulate(0)
		if got := e.passAt; len(got) != 2 || got[0] != (passTimes{0, 80}) || got[1] != (passTimes{85, 85}) {
			t.Fatalf("passes %v, want [{0 80} {85 85}]", got)
		}
		e.util[0], e.util[1] = tt.uHost, tt.uAgent // passes × 1 role
		e.measure(e.NewAccumulator())
		for s, name := range []string{"service", "web"} {
			if e.trial.bad[s] != tt.bad || e.trial.hard[s] != tt.hard || e.trial.lost[s] != tt.lost {
				t.Errorf("u %v then %v, %s: B %v H %v F %v, want %v %v %v", tt.uHost, tt.uAgent, name,
					e.trial.bad[s], e.trial.hard[s], e.trial.lost[s], tt.bad, tt.hard, tt.lost)
			}
		}
	}
}

// TestUtilisationSwitchesWhenPassBeginsDrawn is the same case with the
// utilisation drawn, 0.4 or 0.8, per pass: every month's B is one of the
// four above, and the two that need the switch at 85 occur.
func TestUtilisationSwitchesWhenPassBeginsDrawn(t *testing.T) {
	s := passStartScenario()
	s.Roles[0].Utilization = model.Dist{Kind: model.Empirical, Values: []float64{0.4, 0.8}}
	s.Trials = 200
	e, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	acc := e.NewAccumulator()
	e.Run(acc, 0, s.Trials)
	seen := map[float64]int{}
	for _, b := range acc.series[0].bad.nonzero {
		seen[b]++
	}
	if len(acc.series[0].bad.nonzero) != s.Trials {
		t.Errorf("%d months with bad minutes, want all %d", len(acc.series[0].bad.nonzero), s.Trials)
	}
	for b := range seen {
		if !slices.Contains([]float64{10, 15, 85, 90}, b) {
			t.Errorf("a month with B = %v, want one of 10, 15, 85, 90", b)
		}
	}
	if seen[15] == 0 || seen[85] == 0 {
		t.Errorf("months by B %v: B = 15 and 85 (u changes at the guest agent's start) never occur", seen)
	}
}

// finiteJSON fails t unless v marshals to JSON (which refuses NaN and ±Inf).
func finiteJSON(t *testing.T, what string, v any) {
	t.Helper()
	if _, err := json.Marshal(v); err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

// TestHugeDurations: finite but huge inputs give an ErrOverflow run whose
// figures are still finite, never a clamp or a panic; large inputs that
// fit add up exactly (v1's 64-bit values clamped at 2³² minutes).
func TestHugeDurations(t *testing.T) {
	tests := []struct {
		name     string
		warmup   model.Dist
		overflow bool
	}{
		{"fixed warm-up 1e308", model.FixedDist(1e308), true},
		{"exponential warm-up, mean 1e308", model.Dist{Kind: model.Exponential, Mean: 1e308}, true},
		{"fixed warm-up 1e30", model.FixedDist(1e30), true},
		{"fixed warm-up 1e10", model.FixedDist(1e10), false},
		{"fixed warm-up 1e20", model.FixedDist(1e20), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := model.Default()
			s.Trials = 40
			s.Roles[0].Warmup = tt.warmup
			// Validation refuses these durations (model.MaxMinutes), but a
			// valid distribution's far tail can still draw one: drive the
			// engine directly, in two chunks that are merged.
			e := newEngine(s)
			acc, rest := e.NewAccumulator(), e.NewAccumulator()
			e.Run(acc, 0, 17)
			e.Run(rest, 17, s.Trials)
			if err := acc.Merge(rest); err != nil {
				t.Fatal(err)
			}
			if got := acc.Err(); tt.overflow != errors.Is(got, ErrOverflow) || (!tt.overflow && got != nil) {
				t.Fatalf("Err() = %v, want overflow %v", got, tt.overflow)
			}
			res, charts := acc.Result(), acc.Charts()
			finiteJSON(t, "result", res)
			finiteJSON(t, "charts", charts)
			if !tt.overflow {
				b := res.Service.BadMinutes
				if !near(b.Mean, b.P50) || b.P50 < tt.warmup.Value {
					t.Errorf("bad minutes %+v: a mean unlike p50 for fixed times", b)
				}
			}
			bin, err := acc.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			back, err := DecodeAccumulator(acc.Layout(), bin)
			if err != nil {
				t.Fatalf("decoding: %v", err)
			}
			if (back.Err() != nil) != tt.overflow {
				t.Errorf("decoded Err() = %v: the overflow did not travel", back.Err())
			}
		})
	}
}

// TestFixedSum checks the 128-bit sums: order-independent with values of
// every size, saturating (and staying saturated through merges) past
// 2¹²⁸ units, never clamping quietly.
func TestFixedSum(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	vals := make([]float64, 300)
	for i := range vals {
		vals[i] = math.Ldexp(r.Float64(), r.IntN(90)-20) // up to 2⁷⁰ minutes
	}
	var whole fixedSum
	for _, v := range vals {
		whole.add(v)
	}
	for range 5 {
		r.Shuffle(len(vals), func(i, j int) { vals[i], vals[j] = vals[j], vals[i] })
		var a, b fixedSum
		cut := r.IntN(len(vals))
		for _, v := range vals[:cut] {
			a.add(v)
		}
		for _, v := range vals[cut:] {
			b.add(v)
		}
		b.merge(a)
		if b != whole {
			t.Fatalf("sum depends on the order: %v vs %v", b, whole)
		}
	}
	// One value past 2³² minutes is kept whole (v1 clamped it).
	var one fixedSum
	one.add(1e15)
	if one.value() != 1e15 {
		t.Errorf("1e15 adds up to %v", one.value())
	}
	// A carry out of the top word saturates.
	var big fixedSum
	for range 4 {
		big.add(math.Ldexp(1, 94)) // 2¹²⁶ units each: the 4th overflows
	}
	if !big.saturated() {
		t.Errorf("4 · 2⁹⁴ minutes did not saturate: %v", big)
	}
	for _, bad := range []float64{math.Inf(1), math.NaN(), math.Ldexp(1, 96), 1e308} {
		var f fixedSum
		f.add(1)
		f.add(bad)
		if !f.saturated() {
			t.Errorf("adding %v did not saturate", bad)
		}
		f.add(1)
		var g fixedSum
		g.add(2)
		g.merge(f)
		if !f.saturated() || !g.saturated() || math.IsInf(g.value(), 0) {
			t.Errorf("saturation after %v did not stick or is not finite: %v", bad, g)
		}
	}
}

// TestDistributionExtremes: the histogram of values at either end of the
// float64 range stays in range and finite (v1 indexed with int(NaN)).
func TestDistributionExtremes(t *testing.T) {
	for _, vals := range [][]float64{
		{math.MaxFloat64, 1},
		{math.MaxFloat64, math.MaxFloat64},
		{5e-324},
		{5e-324, 1e-320},
	} {
		v := valueAcc{}
		for _, x := range vals {
			v.add(x)
		}
		d := distribution("x", &v, len(vals)+1)
		finiteJSON(t, "distribution", d)
		total := 0
		for _, b := range d.Histogram {
			total += b.Count
		}
		if total != len(vals)+1 {
			t.Errorf("%v: histogram holds %d of %d trials", vals, total, len(vals)+1)
		}
	}
}
