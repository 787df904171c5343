package planner

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"rolloutplanner/model"
)

// fleetLike is a scenario with every source of randomness switched on.
func fleetLike() model.Scenario {
	s := model.Default()
	s.Trials = 600
	s.Seed = 42
	s.UpgradeDomains = 3
	s.Passes.HostOS.HostFailureProb = 0.05
	s.Passes.HostOS.UDGap = model.ExponentialDist(2)
	r := &s.Roles[0]
	r.Instances = 4
	r.Utilization = model.NormalDist(0.55, 0.1)
	r.OnStop = model.LogNormalDist(1, 4)
	r.StartupTasks = model.WeibullDist(1.5, 4)
	r.OnStart = model.TriangularDist(1, 2, 5)
	r.Warmup = model.EmpiricalDist(2, 3, 5, 8, 13)
	r.StartupFailureProb = 0.1
	r.RerunDefectProb = 0.05
	r.ReimageDefectProb = 0.05
	api := model.DefaultRole("api")
	api.Instances = 5
	api.Warmup = model.UniformDist(1, 9)
	api.WarmupInOnStart = true
	s.Roles = append(s.Roles, api)
	return s
}

func resultJSON(t *testing.T, acc *Accumulator) []byte {
	t.Helper()
	b, err := json.Marshal(acc.Result())
	if err != nil {
		t.Fatal(err)
	}
	c, err := json.Marshal(acc.Charts())
	if err != nil {
		t.Fatal(err)
	}
	return append(b, c...)
}

// TestSplitInvariance runs the same trials whole, in uneven chunks merged
// in reverse, through MarshalBinary, and on several goroutines: every
// result must be byte-identical.
func TestSplitInvariance(t *testing.T) {
	s := fleetLike()
	e, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	whole := e.NewAccumulator()
	e.Run(whole, 0, s.Trials)
	want := resultJSON(t, whole)

	cuts := []int{0, 1, 7, 150, 151, 400, s.Trials}
	merged := e.NewAccumulator()
	for i := len(cuts) - 2; i >= 0; i-- {
		part := e.NewAccumulator()
		e.Run(part, cuts[i], cuts[i+1])
		bin, err := part.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeAccumulator(e.Layout(), bin)
		if err != nil {
			t.Fatalf("decode chunk %d: %v", i, err)
		}
		if err := merged.Merge(back); err != nil {
			t.Fatal(err)
		}
	}
	if got := resultJSON(t, merged); !bytes.Equal(got, want) {
		t.Errorf("chunked result differs from the whole run")
	}
	for _, opt := range []Options{{Workers: 1, Chunk: 1000}, {Workers: 3, Chunk: 37}} {
		acc, err := Run(context.Background(), s, opt)
		if err != nil {
			t.Fatal(err)
		}
		if got := resultJSON(t, acc); !bytes.Equal(got, want) {
			t.Errorf("Run with %+v differs from the whole run", opt)
		}
	}
	if err := merged.Merge(whole); err == nil {
		t.Error("merging overlapping trial ranges succeeded")
	}
}

func TestSeedChangesResults(t *testing.T) {
	s := fleetLike()
	a, _ := Run(context.Background(), s, Options{})
	s.Seed++
	b, _ := Run(context.Background(), s, Options{})
	if bytes.Equal(resultJSON(t, a), resultJSON(t, b)) {
		t.Error("a different seed gave identical results")
	}
}

func TestRunCancel(t *testing.T) {
	s := fleetLike()
	s.Trials = 100000
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	acc, err := Run(ctx, s, Options{Workers: 1, Chunk: 100, Progress: func(done, total int) {
		calls++
		if total != s.Trials {
			t.Errorf("progress total %d, want %d", total, s.Trials)
		}
		if done >= 300 {
			cancel()
		}
	}})
	if err == nil {
		t.Fatal("cancelled run returned no error")
	}
	if acc.Trials() >= s.Trials || acc.Trials() < 300 {
		t.Errorf("cancelled run holds %d trials", acc.Trials())
	}
	if calls < 3 {
		t.Errorf("progress called %d times", calls)
	}
}

func TestDecodeAccumulatorRejects(t *testing.T) {
	s := fleetLike()
	e, _ := New(s)
	acc := e.NewAccumulator()
	e.Run(acc, 0, 20)
	bin, _ := acc.MarshalBinary()
	for cut := 0; cut < len(bin); cut += 1 + len(bin)/50 {
		if _, err := DecodeAccumulator(e.Layout(), bin[:cut]); err == nil {
			t.Errorf("cut at %d of %d decoded", cut, len(bin))
		}
	}
	s.Name = "other"
	other, _ := New(s)
	if _, err := DecodeAccumulator(other.Layout(), bin); err == nil {
		t.Error("bytes of another scenario decoded")
	}
}

func FuzzDecodeAccumulator(f *testing.F) {
	s := fleetLike()
	e, _ := New(s)
	acc := e.NewAccumulator()
	e.Run(acc, 3, 9)
	bin, _ := acc.MarshalBinary()
	f.Add(bin)
	f.Add([]byte(accMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := DecodeAccumulator(e.Layout(), data)
		if err != nil {
			return
		}
		again, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		b, err := DecodeAccumulator(e.Layout(), again)
		if err != nil {
			t.Fatalf("re-encoded accumulator does not decode: %v", err)
		}
		_ = b.Result()
		_ = b.Charts()
	})
}
