package analysis

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/advisor"
	"rolloutplanner/planner/whatif"
	"rolloutplanner/report"
)

// seed returns the seed example with trials trials.
func seed(t *testing.T, trials int) model.Scenario {
	t.Helper()
	p, ok := model.PresetByName("seed-example")
	if !ok {
		t.Fatal("no preset seed-example")
	}
	s := p.Scenario
	s.Trials = trials
	return s
}

func encode(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func scenarioJSON(t *testing.T, s model.Scenario) []byte {
	t.Helper()
	b, err := model.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// smallGrid is a sweep of 2 × 2 × 2 cells around the seed example.
var smallGrid = whatif.Grid{Instances: [][]int{{2, 4}}, UpgradeDomains: []int{2, 4}, Warmup: []whatif.WarmupMode{whatif.WarmupAfter, whatif.WarmupIn}}

// TestRunMatchesNative checks that each kind's answer decodes into
// exactly what the planner's own functions return for the same scenario:
// the wire forms lose nothing (but the fixed scenarios of findings).
func TestRunMatchesNative(t *testing.T) {
	s := seed(t, 400)
	ctx := context.Background()
	run := planner.Options{Workers: 1}

	t.Run("advise", func(t *testing.T) {
		var calls [][2]int
		out, err := Run(ctx, KindAdvise, scenarioJSON(t, s), nil, func(d, n int) { calls = append(calls, [2]int{d, n}) })
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeAdvice(out)
		if err != nil {
			t.Fatal(err)
		}
		want, err := advisor.Advise(ctx, s, advisor.Options{Run: run})
		if err != nil {
			t.Fatal(err)
		}
		for i := range want.Findings {
			want.Findings[i].Fixed = nil
		}
		if want.Together == nil {
			t.Error("the seed example has no combination; the wire's together is untested")
		} else {
			want.Together.Fixed = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decoded advice differs from advisor.Advise:\n got  %s\n want %s", encode(t, got), encode(t, want))
		}
		kinds := map[advisor.Kind]bool{}
		for _, f := range got.Findings {
			kinds[f.Kind] = true
		}
		if !kinds[advisor.Capacity] || !kinds[advisor.ColdWarmup] {
			t.Errorf("the seed example's findings are %v; want a capacity and a warm-up finding", kinds)
		}
		if len(calls) == 0 || calls[len(calls)-1][0] != calls[len(calls)-1][1] {
			t.Errorf("progress calls %v do not end with done = total", calls)
		}
	})

	t.Run("advise reuses the base", func(t *testing.T) {
		acc, err := planner.Run(ctx, s, run)
		if err != nil {
			t.Fatal(err)
		}
		base := acc.Result()
		opt := encode(t, Options{Base: &base})
		var first [2]int
		out, err := Run(ctx, KindAdvise, scenarioJSON(t, s), opt, func(d, n int) {
			if first == [2]int{} {
				first = [2]int{d, n}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeAdvice(out)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Base, acc.Result()) {
			t.Error("the advice's base is not the base passed in")
		}
		if first[0] != 2 {
			t.Errorf("first progress %v: the base run should count as done (2 of n after the first fix)", first)
		}
	})

	t.Run("sweep", func(t *testing.T) {
		out, err := Run(ctx, KindSweep, scenarioJSON(t, s), encode(t, Options{Grid: &smallGrid, Trials: 300}), nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeSweep(out)
		if err != nil {
			t.Fatal(err)
		}
		w := s
		w.Trials = 300
		want, err := whatif.Sweep(ctx, w, smallGrid, whatif.SweepOptions{Run: run})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decoded sweep differs from whatif.Sweep:\n got  %s\n want %s", encode(t, got), encode(t, want))
		}
		if len(got.Cells) != 8 {
			t.Errorf("%d cells, want 8", len(got.Cells))
		}
	})

	t.Run("sensitivity", func(t *testing.T) {
		out, err := Run(ctx, KindSensitivity, scenarioJSON(t, s), []byte(`{"trials": 300}`), nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeSensitivity(out)
		if err != nil {
			t.Fatal(err)
		}
		w := s
		w.Trials = 300
		want, err := whatif.Sensitivity(ctx, w, whatif.SensitivityOptions{Run: run})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decoded sensitivity differs from whatif.Sensitivity:\n got  %s\n want %s", encode(t, got), encode(t, want))
		}
		if got.Shift != whatif.DefaultShift || len(got.Effects) == 0 {
			t.Errorf("shift %g with %d effects; want ±25 %% and some effects", got.Shift, len(got.Effects))
		}
	})
}

// TestWhatIfTrials: sweeps and studies run the trials of the review
// report, never more than the scenario's.
func TestWhatIfTrials(t *testing.T) {
	if WhatIfTrials != report.DefaultWhatIfTrials {
		t.Errorf("WhatIfTrials %d, report.DefaultWhatIfTrials %d: the page and its report would disagree", WhatIfTrials, report.DefaultWhatIfTrials)
	}
	for _, c := range []struct{ scenario, opt, want int }{
		{10000, 0, WhatIfTrials}, {500, 0, 500}, {10000, 300, 300}, {500, 3000, 500},
	} {
		s := model.Scenario{Trials: c.scenario}
		if got := whatIf(s, c.opt).Trials; got != c.want {
			t.Errorf("whatIf(trials %d, option %d) runs %d trials, want %d", c.scenario, c.opt, got, c.want)
		}
	}
}

// TestRunErrors: every bad request is an error that says what is wrong.
func TestRunErrors(t *testing.T) {
	s := seed(t, 100)
	good := scenarioJSON(t, s)
	bad := s.Clone()
	bad.Roles[0].Instances = 0
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name     string
		ctx      context.Context
		kind     string
		scenario []byte
		options  string
		want     string
	}{
		{"unknown kind", context.Background(), "report", good, "", `unknown kind "report"`},
		{"not JSON", context.Background(), KindAdvise, []byte("{"), "", "JSON"},
		{"invalid scenario", context.Background(), KindAdvise, scenarioJSON(t, bad), "", "roles[0].instances"},
		{"bad options", context.Background(), KindAdvise, good, "{", "options"},
		{"unknown option", context.Background(), KindSweep, good, `{"grids": {}}`, "grids"},
		{"sweep without grid", context.Background(), KindSweep, good, "", "needs a grid"},
		{"grid out of range", context.Background(), KindSweep, good, `{"grid": {"upgrade_domains": [99]}}`, "upgrade_domains"},
		{"odds above 1", context.Background(), KindSweep, good, `{"odds": 95}`, "odds"},
		{"too many trials", context.Background(), KindSensitivity, good, `{"trials": 2000000}`, "trials"},
		{"cancelled", ctx, KindSensitivity, good, "", "context canceled"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := Run(c.ctx, c.kind, c.scenario, []byte(c.options), nil)
			if err == nil {
				t.Fatalf("no error; answer %d bytes", len(out))
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
		})
	}
}

// TestDecodeDamaged: answers that are not what Run writes are errors.
func TestDecodeDamaged(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func([]byte) error
		in   string
	}{
		{"advice not JSON", func(b []byte) error { _, err := DecodeAdvice(b); return err }, "{"},
		{"advice bad severity", func(b []byte) error { _, err := DecodeAdvice(b); return err }, `{"findings": [{"severity": "fatal"}]}`},
		{"sweep not JSON", func(b []byte) error { _, err := DecodeSweep(b); return err }, "[]"},
		{"sweep smallest out of range", func(b []byte) error { _, err := DecodeSweep(b); return err }, `{"cells": [], "smallest": 3}`},
		{"sensitivity not JSON", func(b []byte) error { _, err := DecodeSensitivity(b); return err }, "nope"},
	} {
		if err := c.f([]byte(c.in)); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

// TestPanicIsAnError: Run turns an engine panic into an error.
func TestPanicIsAnError(t *testing.T) {
	out, err := Run(context.Background(), KindAdvise, scenarioJSON(t, seed(t, 50)), nil, func(int, int) { panic("boom") })
	if err == nil || !strings.Contains(err.Error(), "boom") || errors.Is(err, context.Canceled) {
		t.Errorf("Run with a panicking callback: %d bytes, error %v; want an internal error naming the panic", len(out), err)
	}
}
