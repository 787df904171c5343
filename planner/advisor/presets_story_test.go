package advisor_test

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/advisor"
	"rolloutplanner/planner/whatif"
)

// The presets tell the seed's story, and each description says numbers.
// These tests run each preset with its own seed and trials (10,000, as the
// descriptions are read on the page and by `rollout -preset`) and check
// every claim its description makes, numbers within the tolerance that
// "about" allows. The descriptions are checked to still say what is
// checked, so that a reworded description cannot drift from its test.

// story runs s as it is (its own trials and seed).
func story(t *testing.T, s model.Scenario) planner.Result {
	t.Helper()
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return acc.Result()
}

// says checks that the preset's description still makes the claims the
// test checks.
func says(t *testing.T, name string, claims ...string) model.Scenario {
	t.Helper()
	p, ok := model.PresetByName(name)
	if !ok {
		t.Fatalf("no preset %q", name)
	}
	for _, c := range claims {
		if !strings.Contains(p.Description, c) {
			t.Errorf("%s: the description no longer says %q: %s", name, c, p.Description)
		}
	}
	if p.Scenario.Trials != 10000 || p.Scenario.Seed != 1 {
		t.Fatalf("%s: %d trials, seed %d; the numbers of the description are for 10,000 trials of seed 1", name, p.Scenario.Trials, p.Scenario.Seed)
	}
	return p.Scenario
}

// about checks that got is within tol of want.
func about(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.4f, want about %.4f (± %.4f)", what, got, want, tol)
	}
}

func TestPresetStorySeedExample(t *testing.T) {
	s := says(t, "seed-example", "2 web instances at 75 % load", "the platform's 5", "carries 150 %",
		"nothing is warm", "No month meets 99.95 %", "about 96 bad minutes", "allowance of 21.6",
		"neither 4 instances nor warm-up inside OnStart alone", "it takes both")
	r := s.Roles[0]
	if len(s.Roles) != 1 || r.Name != "web" || r.Instances != 2 || !reflect.DeepEqual(r.Utilization, model.FixedDist(0.75)) ||
		s.UpgradeDomains != 5 || r.WarmupInOnStart || s.SLATargetPct != 99.95 {
		t.Fatalf("seed-example is not 2 web instances at 75 %% in 5 domains, warm-up after OnStart: %+v", s)
	}
	about(t, "survivor load", advisor.SurvivorLoad(0.75, r.Instances, s.UpgradeDomains), 1.5, 1e-12)
	about(t, "allowance", whatif.Allowance(s), 21.6, 1e-9)
	res := story(t, s).Service
	if res.SLACompliance.P != 0 {
		t.Errorf("%.4f of months meet the SLA, want none", res.SLACompliance.P)
	}
	about(t, "bad minutes", res.BadMinutes.Mean, 96, 3)
	if res.PHardDown < 0.99 {
		t.Errorf("hard down in %.4f of months: nothing warm should happen every month", res.PHardDown)
	}
	// Alone, neither change helps; together they pass (the fix preset).
	more := s.Clone()
	more.Roles[0].Instances = 4
	in := s.Clone()
	in.Roles[0].WarmupInOnStart = true
	both := more.Clone()
	both.Roles[0].WarmupInOnStart = true
	for name, sc := range map[string]model.Scenario{"4 instances": more, "warm-up in OnStart": in} {
		if p := story(t, sc).Service.SLACompliance.P; p > 0.01 {
			t.Errorf("%s alone: %.4f of months meet the SLA", name, p)
		}
	}
	if lo := story(t, both).Service.SLACompliance.Lo; lo < 0.99 {
		t.Errorf("both changes: Wilson lo %.4f, want ≥ 0.99", lo)
	}
}

func TestPresetStoryFix(t *testing.T) {
	s := says(t, "warmup-in-onstart", "The fix that works", "4 web instances", "one in each of 4 upgrade domains",
		"warm-up inside OnStart", "exactly 100 %", "Over 99 % of months meet 99.95 %", "all 10,000 trials do", "hard downtime vanishes")
	seed, _ := model.PresetByName("seed-example")
	want := seed.Scenario.Clone()
	want.Name = s.Name
	want.Roles[0].Instances, want.Roles[0].WarmupInOnStart = 4, true
	if !equalScenario(want, s) {
		t.Fatalf("the fix is not the seed example with 4 instances and warm-up in OnStart:\n%+v\n%+v", s, want)
	}
	r := s.Roles[0]
	if d := advisor.LargestDomain(r.Instances, s.UpgradeDomains); d != 1 {
		t.Errorf("%d instances in a domain, want one", d)
	}
	if load := advisor.SurvivorLoad(r.Utilization.Value, r.Instances, s.UpgradeDomains); load != r.OverloadAt || load != 1 {
		t.Errorf("the survivors carry %g, want exactly overload_at 1", load)
	}
	res := story(t, s).Service
	if res.SLACompliance.Lo < 0.99 || res.SLACompliance.P != 1 {
		t.Errorf("SLA compliance %+v, want every trial and a Wilson lo ≥ 0.99", res.SLACompliance)
	}
	if res.PHardDown != 0 || res.HardDownMinutes.Mean != 0 {
		t.Errorf("hard down in %.4f of months (%.3f min), want never", res.PHardDown, res.HardDownMinutes.Mean)
	}
}

func TestPresetStoryFleet(t *testing.T) {
	s := says(t, "fleet", "Near the edge", "web 5, api 4 and worker 2 instances in 5 upgrade domains",
		"warming up inside OnStart", "variable load", "20 observations", "rare start failures, defects and host failures",
		"About 78 % of months", "the api's 3 survivors and the worker's 1", "5 api or 3 worker instances alone give about 86 % and 89 %",
		"both together about 97 %")
	if s.UpgradeDomains != 5 || len(s.Roles) != 3 {
		t.Fatalf("%d roles in %d domains", len(s.Roles), s.UpgradeDomains)
	}
	wantN := map[string]int{"web": 5, "api": 4, "worker": 2}
	for _, r := range s.Roles {
		if r.Instances != wantN[r.Name] || !r.WarmupInOnStart || r.Utilization.Kind == model.Fixed {
			t.Errorf("%s: %d instances, warm-up in OnStart %v, load %v", r.Name, r.Instances, r.WarmupInOnStart, r.Utilization.Kind)
		}
		// Rare: above zero, at most 2 % a start and 1 % a pass.
		if !(r.StartupFailureProb > 0 && r.StartupFailureProb <= 0.02) || !(r.RerunDefectProb > 0 && r.RerunDefectProb <= 0.01) ||
			!(r.ReimageDefectProb > 0 && r.ReimageDefectProb <= 0.01) {
			t.Errorf("%s: start failures %g, defects %g and %g are not rare", r.Name, r.StartupFailureProb, r.RerunDefectProb, r.ReimageDefectProb)
		}
	}
	if w := s.Roles[0].Warmup; w.Kind != model.Empirical || len(w.Values) != 20 {
		t.Errorf("web warm-up: %s with %d observations", w.Kind, len(w.Values))
	}
	if h := s.Passes.HostOS.HostFailureProb; !(h > 0 && h <= 0.01) {
		t.Errorf("host failures %g are not rare", h)
	}
	// Survivors while one domain is down: api 4 − 1, worker 2 − 1; both
	// overloaded at P95 load, web not.
	for r, want := range map[int]bool{0: false, 1: true, 2: true} {
		role := s.Roles[r]
		load := advisor.SurvivorLoad(role.Utilization.Quantile(0.95), role.Instances, s.UpgradeDomains)
		if (load > role.OverloadAt) != want {
			t.Errorf("%s: survivors at %.2f at P95 load against overload_at %g", role.Name, load, role.OverloadAt)
		}
	}
	about(t, "fleet SLA compliance", story(t, s).Service.SLACompliance.P, 0.78, 0.015)
	api, worker := s.Clone(), s.Clone()
	api.Roles[1].Instances = 5
	worker.Roles[2].Instances = 3
	both := api.Clone()
	both.Roles[2].Instances = 3
	about(t, "5 api instances alone", story(t, api).Service.SLACompliance.P, 0.86, 0.015)
	about(t, "3 worker instances alone", story(t, worker).Service.SLACompliance.P, 0.89, 0.015)
	together := story(t, both).Service.SLACompliance
	about(t, "both together", together.P, 0.97, 0.015)
	if together.Lo < 0.95 {
		t.Errorf("both together: Wilson lo %.4f, want ≥ 0.95", together.Lo)
	}
}

func TestPresetStorySlowStartup(t *testing.T) {
	s := says(t, "slow-startup", "25 minutes at the median and 60 at P95", "about 65 % of starts outlast the 30-minute Ready timeout",
		"2nd and 3rd of 3 domains lose about 55 % of the 6 instances instead of a domain's 33 %", "the 2 survivors carry 150 %",
		"about half the months (49 %)", "Warm-up runs inside OnStart, so the overlap is the only cause")
	r := s.Roles[0]
	if len(s.Roles) != 1 || r.Instances != 6 || s.UpgradeDomains != 3 || s.ReadyTimeout != 30 || !r.WarmupInOnStart {
		t.Fatalf("slow-startup: %+v", s)
	}
	about(t, "startup tasks P50", r.StartupTasks.Quantile(0.5), 25, 1e-6)
	about(t, "startup tasks P95", r.StartupTasks.Quantile(0.95), 60, 1e-6)
	ov := advisor.StartupOverlap(s, 0, 0)
	about(t, "late starts", ov.PLate, 0.65, 0.02)
	// Two domains down: 2 of the 6 instances survive at mean load.
	about(t, "two domains down: survivor load", r.Utilization.MeanClamped()*6/2, 1.5, 1e-9)
	res := story(t, s)
	for _, pl := range res.Roles[0].UDCapacityLoss {
		if pl.Pass == model.GuestAgent {
			continue // no startup tasks: no overlap
		}
		about(t, string(pl.Pass)+" UD 0 capacity loss", pl.Domains[0].Mean, 1.0/3, 0.005)
		for _, d := range pl.Domains[1:] {
			about(t, string(pl.Pass)+" later domain capacity loss", d.Mean, 0.55, 0.03)
		}
	}
	about(t, "SLA compliance", res.Service.SLACompliance.P, 0.49, 0.02)
	// The only cause: a platform that waited for Ready would meet it.
	wait := s.Clone()
	wait.ReadyTimeout = 10000
	if p := story(t, wait).Service.SLACompliance.P; p < 0.999 {
		t.Errorf("without the timeout %.4f of months meet the SLA: the overlap is not the only cause", p)
	}
}

// equalScenario compares scenarios by their JSON documents.
func equalScenario(a, b model.Scenario) bool {
	x, err1 := model.Encode(a)
	y, err2 := model.Encode(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
