package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// testScenario has randomness in every pass and two roles.
func testScenario() model.Scenario {
	s := model.Default()
	s.Seed = 7
	s.Trials = 450
	s.UpgradeDomains = 3
	s.Passes.HostOS.HostFailureProb = 0.05
	s.Passes.HostOS.UDGap = model.ExponentialDist(2)
	r := &s.Roles[0]
	r.Instances = 4
	r.Utilization = model.NormalDist(0.55, 0.1)
	r.StartupTasks = model.LogNormalDist(3, 8)
	r.Warmup = model.UniformDist(2, 9)
	r.StartupFailureProb = 0.1
	r.RerunDefectProb = 0.05
	api := model.DefaultRole("api")
	api.Instances = 3
	api.WarmupInOnStart = true
	s.Roles = append(s.Roles, api)
	return s
}

func encode(t *testing.T, s model.Scenario) []byte {
	t.Helper()
	b, err := model.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func resultJSON(t *testing.T, acc *planner.Accumulator) []byte {
	t.Helper()
	b, err := json.Marshal(acc.Result())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSimulateMatchesNative splits the trials into ranges as workers
// would, merges what simulate returns and compares with a native run.
func TestSimulateMatchesNative(t *testing.T) {
	s := testScenario()
	want, err := planner.Run(context.Background(), s, planner.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	e, err := planner.New(s)
	if err != nil {
		t.Fatal(err)
	}
	js := encode(t, s)
	merged := e.NewAccumulator()
	cuts := []int{0, 1, 160, 300, s.Trials}
	for i := len(cuts) - 2; i >= 0; i-- {
		a, b := cuts[i], cuts[i+1]
		var calls []int
		out, err := Simulate(js, a, b, 64, func(done int) { calls = append(calls, done) })
		if err != nil {
			t.Fatalf("[%d, %d): %v", a, b, err)
		}
		var wantCalls []int
		for d := 64; d < b-a; d += 64 {
			wantCalls = append(wantCalls, d)
		}
		if !slices.Equal(calls, wantCalls) {
			t.Errorf("[%d, %d): progress %v, want %v", a, b, calls, wantCalls)
		}
		part, err := planner.DecodeAccumulator(e.Layout(), out)
		if err != nil {
			t.Fatal(err)
		}
		if err := merged.Merge(part); err != nil {
			t.Fatal(err)
		}
	}
	if got, w := resultJSON(t, merged), resultJSON(t, want); !bytes.Equal(got, w) {
		t.Errorf("merged ranges differ from a native run:\n got %s\nwant %s", got, w)
	}
}

func TestSimulateErrors(t *testing.T) {
	good := encode(t, testScenario())
	bad := testScenario()
	bad.Roles[1].Warmup = model.LogNormalDist(5, 2)
	tests := []struct {
		name     string
		scenario []byte
		a, b     int
		want     string // in the error
	}{
		{"not JSON", []byte("{"), 0, 10, "JSON"},
		{"invalid", encode(t, bad), 0, 10, "roles[1].warmup"},
		{"unknown field", []byte(`{"trails": 5}`), 0, 10, "trails"},
		{"negative start", good, -1, 10, "[-1, 10)"},
		{"reversed", good, 10, 5, "[10, 5)"},
		{"too far", good, 0, MaxTrialIndex + 1, "≤ 2147483647"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Simulate(tt.scenario, tt.a, tt.b, 0, nil)
			if err == nil || out != nil {
				t.Fatalf("simulate = %d bytes, %v; want an error", len(out), err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

// TestSimulateEmptyRange gives an empty accumulator that still decodes.
func TestSimulateEmptyRange(t *testing.T) {
	s := testScenario()
	out, err := Simulate(encode(t, s), 5, 5, 0, func(int) { t.Error("progress for an empty range") })
	if err != nil {
		t.Fatal(err)
	}
	e, _ := planner.New(s)
	acc, err := planner.DecodeAccumulator(e.Layout(), out)
	if err != nil {
		t.Fatal(err)
	}
	if acc.Trials() != 0 {
		t.Errorf("decoded %d trials, want 0", acc.Trials())
	}
}

// TestSummariseMatchesNative reduces ranges that simulate ran, given out of
// order, and compares the decoded Result and Charts with a native run.
func TestSummariseMatchesNative(t *testing.T) {
	s := testScenario()
	want, err := planner.Run(context.Background(), s, planner.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	js := encode(t, s)
	var parts []Part
	for _, r := range [][2]int{{300, s.Trials}, {0, 120}, {120, 300}} {
		out, err := Simulate(js, r[0], r[1], 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, Part{Range: r, Bytes: out})
	}
	out, err := Summarise(js, parts)
	if err != nil {
		t.Fatal(err)
	}
	var sum Summary
	if err := sum.UnmarshalBinary(out); err != nil {
		t.Fatal(err)
	}
	res, charts := sum.Result, sum.Charts
	for _, c := range []struct {
		name      string
		got, want any
	}{{"Result", res, want.Result()}, {"Charts", charts, want.Charts()}} {
		g, err1 := json.Marshal(c.got)
		w, err2 := json.Marshal(c.want)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !bytes.Equal(g, w) {
			t.Errorf("reduced %s differs from a native run:\n got %s\nwant %s", c.name, g, w)
		}
	}

	// Errors: a bad scenario, a part that is not its range.
	if _, err := Summarise([]byte("{"), parts); err == nil || !strings.Contains(err.Error(), "JSON") {
		t.Errorf("bad scenario: err = %v", err)
	}
	parts[1].Range = [2]int{0, 100}
	if _, err := Summarise(js, parts); err == nil || !strings.Contains(err.Error(), "[0, 100)") {
		t.Errorf("wrong range: err = %v, want one naming [0, 100)", err)
	}
}
