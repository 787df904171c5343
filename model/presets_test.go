package model_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"rolloutplanner/model"
)

// TestPresets proves that every preset decodes and validates, and that
// every file in presets/ is offered.
func TestPresets(t *testing.T) {
	ps := model.Presets()
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
		if p.Description == "" || strings.Contains(p.Description, "\n") {
			t.Errorf("%s: the description must be one line", p.Name)
		}
		if p.Scenario.Name == "" || p.Scenario.Name == p.Name {
			t.Errorf("%s: the scenario needs a readable name, not %q", p.Name, p.Scenario.Name)
		}
		if problems := p.Scenario.Validate(); problems != nil {
			t.Errorf("%s: %v", p.Name, problems)
		}
		doc, err := os.ReadFile(filepath.Join("presets", p.Name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if s, err := model.Decode(doc); err != nil || !equalScenario(s, p.Scenario) {
			t.Errorf("%s: the file does not decode to the preset: %v", p.Name, err)
		}
		got, ok := model.PresetByName(p.Name)
		if !ok || !reflect.DeepEqual(got, p) {
			t.Errorf("PresetByName(%q) = %+v, %v", p.Name, got, ok)
		}
	}
	if want := []string{"seed-example", "warmup-in-onstart", "fleet", "slow-startup"}; !reflect.DeepEqual(names, want) {
		t.Errorf("presets %q, want %q", names, want)
	}
	files, _ := filepath.Glob(filepath.Join("presets", "*.json"))
	if len(files) != len(ps) {
		t.Errorf("presets/ holds %d files and Presets() offers %d", len(files), len(ps))
	}
	if _, ok := model.PresetByName("nope"); ok {
		t.Error("PresetByName found a preset that does not exist")
	}
}

// TestPresetsAreCopies checks that changing a returned preset changes
// neither the next call's preset nor its empirical observations.
func TestPresetsAreCopies(t *testing.T) {
	a, _ := model.PresetByName("fleet")
	a.Scenario.Roles[0].Warmup.Values[0] = -99
	a.Scenario.Roles[1].Instances = 999
	b, _ := model.PresetByName("fleet")
	if b.Scenario.Roles[0].Warmup.Values[0] == -99 || b.Scenario.Roles[1].Instances == 999 {
		t.Fatal("PresetByName shares memory between calls")
	}
	c := model.Presets()
	c[2].Scenario.Roles[0].Warmup.Values[1] = -99
	if d := model.Presets(); d[2].Scenario.Roles[0].Warmup.Values[1] == -99 {
		t.Fatal("Presets shares memory between calls")
	}
}

// TestPresetFix checks that the fix differs from the outage case only in
// the name and the two changes the advisor finds together: 4 instances and
// warm-up inside OnStart.
func TestPresetFix(t *testing.T) {
	seed, _ := model.PresetByName("seed-example")
	fix, _ := model.PresetByName("warmup-in-onstart")
	if seed.Scenario.Name == fix.Scenario.Name {
		t.Error("the two presets have the same scenario name")
	}
	for i, r := range seed.Scenario.Roles {
		if r.WarmupInOnStart {
			t.Errorf("seed-example: roles[%d] warms up in OnStart", i)
		}
		if r := fix.Scenario.Roles[i]; !r.WarmupInOnStart || r.Instances != 4 {
			t.Errorf("warmup-in-onstart: roles[%d] has %d instances, warm-up in OnStart %v", i, r.Instances, r.WarmupInOnStart)
		}
	}
	s := seed.Scenario.Clone()
	s.Name = fix.Scenario.Name
	for i := range s.Roles {
		s.Roles[i].WarmupInOnStart, s.Roles[i].Instances = true, 4
	}
	if !equalScenario(s, fix.Scenario) {
		t.Errorf("the presets differ in more than name, instances and warmup_in_onstart:\n%+v\n%+v", s, fix.Scenario)
	}
}

// TestPresetFacts checks the numbers each preset exists to show.
func TestPresetFacts(t *testing.T) {
	seed, _ := model.PresetByName("seed-example")
	s := seed.Scenario
	if s.UpgradeDomains != 5 || len(s.Roles) != 1 || s.Roles[0].Instances != 2 ||
		!reflect.DeepEqual(s.Roles[0].Utilization, model.FixedDist(0.75)) || s.Roles[0].OverloadAt != 1 ||
		len(s.EnabledPasses()) != 3 || s.Trials != 10000 || s.Seed != 1 {
		t.Errorf("seed-example is not the outage case: %+v", s)
	}
	// A Host OS update of one host takes 15–20 min end to end (docs/model.md §2).
	r := s.Roles[0]
	hostUpdate := r.OnStop.MeanClamped() + s.Passes.HostOS.HostReboot.MeanClamped() + r.StartupTasks.MeanClamped() + r.OnStart.MeanClamped()
	if hostUpdate < 15 || hostUpdate > 20 {
		t.Errorf("seed-example: a host update takes %.1f min on average", hostUpdate)
	}
	if d := s.Passes.GuestOS.DelayAfterHost.MeanClamped(); d < 120 {
		t.Errorf("seed-example: the Guest OS pass follows %.0f min after the Host OS pass, not hours", d)
	}

	fleet, _ := model.PresetByName("fleet")
	f := fleet.Scenario
	total, kinds := 0, map[model.Kind]bool{}
	for _, r := range f.Roles {
		total += r.Instances
		for _, d := range []model.Dist{r.OnStop, r.StartupTasks, r.OnStart, r.Warmup} {
			kinds[d.Kind] = true
			if d.Kind == model.Empirical && (len(d.Values) < 15 || len(d.Values) > 30) {
				t.Errorf("fleet: %s has %d observations", r.Name, len(d.Values))
			}
		}
		if r.Utilization.Kind == model.Fixed {
			t.Errorf("fleet: %s has a fixed utilisation", r.Name)
		}
		if r.StartupFailureProb <= 0 || r.StartupFailureProb > 0.05 {
			t.Errorf("fleet: %s startup_failure_prob %v", r.Name, r.StartupFailureProb)
		}
	}
	if len(f.Roles) != 3 || f.UpgradeDomains != 5 || total < 8 || total > 12 || len(f.EnabledPasses()) != 3 ||
		!kinds[model.LogNormal] || !kinds[model.Triangular] || !kinds[model.Empirical] {
		t.Errorf("fleet: %d roles, %d domains, %d instances, kinds %v", len(f.Roles), f.UpgradeDomains, total, kinds)
	}

	slow, _ := model.PresetByName("slow-startup")
	sl := slow.Scenario
	if sl.UpgradeDomains < 2 {
		t.Errorf("slow-startup: %d domains cannot overlap", sl.UpgradeDomains)
	}
	for _, r := range sl.Roles {
		// "Often": the median start already takes about the whole timeout.
		if start := r.StartupTasks.Quantile(0.5) + r.OnStart.Quantile(0.5); start < 0.9*sl.ReadyTimeout {
			t.Errorf("slow-startup: %s starts in %.1f min at the median, well inside the %.0f min timeout", r.Name, start, sl.ReadyTimeout)
		}
		if r.StartupTasks.Quantile(0.95) < 2*sl.ReadyTimeout {
			t.Errorf("slow-startup: %s startup tasks p95 %.1f", r.Name, r.StartupTasks.Quantile(0.95))
		}
	}
}
