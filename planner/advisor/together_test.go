package advisor_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"rolloutplanner/planner"
	"rolloutplanner/planner/advisor"
)

// TestTogetherSeedExample: neither 4 instances nor warm-up in OnStart
// alone moves the seed example's SLA compliance; the advisor finds that
// both together meet the target, shows them as one combination and says
// in each single finding that it is not enough alone.
func TestTogetherSeedExample(t *testing.T) {
	s := preset(t, "seed-example")
	rep := advise(t, s)
	c := rep.Together
	if c == nil {
		t.Fatal("no combination for the seed example")
	}
	var paths []string
	for _, ch := range c.Changes {
		paths = append(paths, ch.Path)
		if ch.Alone.P >= 0.95 {
			t.Errorf("%s alone meets the target: %+v", ch.Path, ch.Alone)
		}
	}
	if want := []string{"roles[0].instances", "roles[0].warmup_in_onstart"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("together: %v, want %v", paths, want)
	}
	if !c.Meets || !c.Minimal || c.Odds != 0.95 || c.After.SLACompliance.P < 0.95 || c.Before.SLACompliance.P != 0 || c.Runs != 1 {
		t.Errorf("combination: meets %v, minimal %v, odds %g, %.3f → %.3f, %d runs", c.Meets, c.Minimal, c.Odds,
			c.Before.SLACompliance.P, c.After.SLACompliance.P, c.Runs)
	}
	wantFields := []advisor.FieldChange{{Path: "roles[0].instances", From: "2", To: "4"}, {Path: "roles[0].warmup_in_onstart", From: "false", To: "true"}}
	if !reflect.DeepEqual(c.Fields, wantFields) {
		t.Errorf("fields %+v, want %+v", c.Fields, wantFields)
	}
	// The combination is the fix preset, and its numbers come from a run
	// of it with the same seed and trials.
	fix := preset(t, "warmup-in-onstart")
	fix.Name, fix.Trials = s.Name, trials
	if !equalScenario(*c.Fixed, fix) {
		t.Errorf("the combination's scenario is not the fix preset:\n%+v", *c.Fixed)
	}
	acc, err := planner.Run(context.Background(), fix, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(acc.Result().Service)
	b, _ := json.Marshal(c.After)
	if !bytes.Equal(a, b) {
		t.Errorf("the combination's result differs from a separate run:\n%s\n%s", b, a)
	}
	if got := c.Describe(s.SLATargetPct); got != "4 instances (web) and warm-up in OnStart (web): months meeting 99.95 %: 0 % → 100 %" {
		t.Errorf("Describe: %s", got)
	}
	for _, f := range rep.Findings {
		if !f.InTogether || !strings.Contains(f.Fix, `Alone: 0 % → 0 % of months meet 99.95 %, short of the target (95.0 % of months); with 4 instances (web) and warm-up in OnStart (web) together: 100 % (see "Do these together").`) {
			t.Errorf("finding %s does not point to the combination: %v, %s", f.Kind, f.InTogether, f.Fix)
		}
	}
	// On the wire the combination is carried and Fixed is not.
	doc, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(doc, []byte(`"together":{"changes":[{"kind":"capacity","role":"web","path":"roles[0].instances"`)) {
		t.Errorf("JSON lacks the combination: %.300s", doc[bytes.Index(doc, []byte(`"together"`)):])
	}
}

// TestTogetherPresets checks the combination of every preset.
func TestTogetherPresets(t *testing.T) {
	// The fix that works already meets the target: nothing to combine.
	rep := advise(t, preset(t, "warmup-in-onstart"))
	if rep.Together != nil || len(rep.Findings) != 0 {
		t.Errorf("the fix preset: combination %+v, %d findings", rep.Together, len(rep.Findings))
	}
	// The fleet needs both capacity changes, neither alone.
	rep = advise(t, preset(t, "fleet"))
	c := rep.Together
	if c == nil || !c.Meets || !c.Minimal || len(c.Changes) != 2 ||
		c.Changes[0].Path != "roles[1].instances" || c.Changes[1].Path != "roles[2].instances" {
		t.Fatalf("fleet: combination %+v", c)
	}
	for _, f := range rep.Findings {
		if f.InTogether != (f.Kind == advisor.Capacity) {
			t.Errorf("fleet: %s %s in the combination: %v", f.Kind, f.Path, f.InTogether)
		}
	}
	// Slow startup: one change meets the target alone; it is the whole
	// combination, no search run needed, and its finding says nothing more.
	rep = advise(t, preset(t, "slow-startup"))
	c = rep.Together
	if c == nil || !c.Meets || !c.Minimal || c.Runs != 0 || len(c.Changes) != 1 || c.Changes[0].Kind != advisor.StartupTimeout {
		t.Fatalf("slow-startup: combination %+v", c)
	}
	if f := rep.Findings[0]; !f.InTogether || strings.Contains(f.Fix, "Alone:") {
		t.Errorf("slow-startup finding: %v, %s", f.InTogether, f.Fix)
	}
}

// TestTogetherOff: with the search off, no combination is run and none is
// reported unless a single change meets the target.
func TestTogetherOff(t *testing.T) {
	s := preset(t, "seed-example")
	runs := 0
	rep, err := advisor.Advise(context.Background(), s, advisor.Options{Trials: trials, CombinationRuns: -1,
		Progress: func(done, total int) { runs = done }})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Together != nil || runs != 4 {
		t.Errorf("search off: combination %+v after %d runs", rep.Together, runs)
	}
}
