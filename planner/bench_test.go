package planner

import (
	"testing"

	"rolloutplanner/model"
)

// benchChunk is how many trials one benchmark iteration runs: the chunk a
// worker would run, so per-chunk setup is amortised as in real use.
const benchChunk = 1000

// BenchmarkPreset runs each preset on one goroutine and reports trials per
// second and allocations per trial. The target is 10,000 trials of
// seed-example and of fleet within 100 ms on one core (≥ 100,000
// trials/s).
func BenchmarkPreset(b *testing.B) {
	for _, p := range model.Presets() {
		b.Run(p.Name, func(b *testing.B) {
			e, err := New(p.Scenario)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			trials := 0
			for b.Loop() {
				acc := e.NewAccumulator()
				e.Run(acc, trials, trials+benchChunk)
				trials += benchChunk
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(trials)/sec, "trials/s")
			b.ReportMetric(sec/float64(trials)*1e9, "ns/trial")
			b.ReportMetric(1000*sec/float64(trials)*10000, "ms/10k-trials")
		})
	}
}

// BenchmarkLargeScenario is 16 roles of 1000 instances in 20 domains: the
// largest scenario docs/model.md §3 allows, per trial.
func BenchmarkLargeScenario(b *testing.B) {
	e, err := New(largeScenario())
	if err != nil {
		b.Fatal(err)
	}
	acc := e.NewAccumulator()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e.Run(acc, i, i+1)
		i++
	}
}

func largeScenario() model.Scenario {
	s, _ := model.PresetByName("fleet")
	sc := s.Scenario.Clone()
	sc.UpgradeDomains = model.MaxUpgradeDomains
	base := sc.Roles[0]
	sc.Roles = nil
	for i := range model.MaxRoles {
		r := base
		r.Name = string(rune('a' + i))
		r.Instances = model.MaxInstances
		sc.Roles = append(sc.Roles, r)
	}
	return sc
}

// TestTrialAllocatesNothing holds the engine to its promise: after the
// first trial has sized the buffers, simulating and measuring a trial
// allocates nothing, however many events it has.
func TestTrialAllocatesNothing(t *testing.T) {
	scenarios := map[string]model.Scenario{"largest": largeScenario()}
	for _, p := range model.Presets() {
		scenarios[p.Name] = p.Scenario
	}
	for name, s := range scenarios {
		e, err := New(s)
		if err != nil {
			t.Fatal(err)
		}
		acc := e.NewAccumulator()
		i := 0
		trial := func() {
			e.simulate(i)
			e.measure(acc)
			i++
		}
		trial()
		runs := 50
		if name == "largest" {
			runs = 3
		}
		if n := testing.AllocsPerRun(runs, trial); n != 0 {
			t.Errorf("%s: %v allocations per trial", name, n)
		}
	}
}
