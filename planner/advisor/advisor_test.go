package advisor_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"slices"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/advisor"
)

const trials = 800

func preset(t testing.TB, name string) model.Scenario {
	t.Helper()
	p, ok := model.PresetByName(name)
	if !ok {
		t.Fatalf("no preset %q", name)
	}
	return p.Scenario
}

func advise(t testing.TB, s model.Scenario) advisor.Report {
	t.Helper()
	rep, err := advisor.Advise(context.Background(), s, advisor.Options{Trials: trials})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func kinds(rep advisor.Report) map[advisor.Kind][]advisor.Finding {
	m := map[advisor.Kind][]advisor.Finding{}
	for _, f := range rep.Findings {
		m[f.Kind] = append(m[f.Kind], f)
	}
	return m
}

// pathRE matches the field paths a finding may link to.
var pathRE = regexp.MustCompile(`^(roles\[\d+\]\.(instances|warmup_in_onstart|startup_tasks|rerun_defect_prob|reimage_defect_prob)|passes\.guest_os\.enabled|passes\.host_os\.host_failure_prob)$`)

// checkReport checks what every report must satisfy: complete findings,
// valid paths, a number, impact order, and fixes whose numbers come from
// a real run of the fixed scenario.
func checkReport(t *testing.T, s model.Scenario, rep advisor.Report) {
	t.Helper()
	for i, f := range rep.Findings {
		if f.Title == "" || f.Mechanism == "" || f.Evidence == "" || f.Fix == "" || f.Unit == "" {
			t.Errorf("finding %s is incomplete: %+v", f.Kind, f)
		}
		if !pathRE.MatchString(f.Path) {
			t.Errorf("finding %s links to %q", f.Kind, f.Path)
		}
		if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) || math.IsNaN(f.Impact) {
			t.Errorf("finding %s: value %g, impact %g", f.Kind, f.Value, f.Impact)
		}
		if i > 0 && f.Impact > rep.Findings[i-1].Impact {
			t.Errorf("finding %d (%s, impact %g) above finding %d (impact %g): not ordered by impact",
				i, f.Kind, f.Impact, i-1, rep.Findings[i-1].Impact)
		}
		if (f.Fixed == nil) != (f.After == nil) {
			t.Errorf("finding %s: Fixed and After disagree", f.Kind)
		}
		if f.Fixed != nil {
			if err := f.Fixed.Validate().Err(); err != nil {
				t.Errorf("finding %s: fixed scenario invalid: %v", f.Kind, err)
			}
			if f.Fixed.Seed != s.Seed || f.Fixed.Trials != trials {
				t.Errorf("finding %s: fix run with seed %d, %d trials", f.Kind, f.Fixed.Seed, f.Fixed.Trials)
			}
		}
	}
	if rep.Trials != trials || rep.Base.Trials != trials {
		t.Errorf("report of %d trials, base %d", rep.Trials, rep.Base.Trials)
	}
}

// TestAdvisePresets checks which findings each preset raises.
func TestAdvisePresets(t *testing.T) {
	cases := []struct {
		preset string
		want   []advisor.Kind
		not    []advisor.Kind
	}{
		{"seed-example", []advisor.Kind{advisor.Capacity, advisor.ColdWarmup},
			[]advisor.Kind{advisor.StartupTimeout, advisor.SingleInstance, advisor.PinnedGuestOS, advisor.RerunDefect, advisor.ReimageDefect, advisor.HostFailure}},
		// The fix that works: nothing to say.
		{"warmup-in-onstart", nil, []advisor.Kind{advisor.Capacity, advisor.ColdWarmup, advisor.StartupTimeout}},
		{"fleet", []advisor.Kind{advisor.Capacity, advisor.RerunDefect, advisor.ReimageDefect, advisor.HostFailure},
			[]advisor.Kind{advisor.ColdWarmup, advisor.StartupTimeout, advisor.SingleInstance, advisor.PinnedGuestOS}},
		{"slow-startup", []advisor.Kind{advisor.StartupTimeout}, []advisor.Kind{advisor.Capacity, advisor.ColdWarmup}},
	}
	for _, tc := range cases {
		t.Run(tc.preset, func(t *testing.T) {
			s := preset(t, tc.preset)
			rep := advise(t, s)
			checkReport(t, s, rep)
			got := kinds(rep)
			for _, k := range tc.want {
				if len(got[k]) == 0 {
					t.Errorf("no %s finding; got %v", k, keys(got))
				}
			}
			for _, k := range tc.not {
				if len(got[k]) > 0 {
					t.Errorf("unexpected %s finding: %s", k, got[k][0].Title)
				}
			}
		})
	}
}

func keys(m map[advisor.Kind][]advisor.Finding) []advisor.Kind {
	var out []advisor.Kind
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestSeedExample checks the numbers of the two findings of the seed
// example against docs/model.md §7 and against separate runs.
func TestSeedExample(t *testing.T) {
	s := preset(t, "seed-example")
	rep := advise(t, s)
	got := kinds(rep)

	c := got[advisor.Capacity][0]
	if c.Severity != advisor.Critical || c.Path != "roles[0].instances" || c.Value != 150 {
		t.Errorf("capacity finding: severity %s, path %s, value %g (want critical, roles[0].instances, 150 %%)", c.Severity, c.Path, c.Value)
	}
	if c.Fixed == nil || c.Fixed.Roles[0].Instances != 4 || c.Fixed.UpgradeDomains != 5 {
		t.Fatalf("capacity fix: %+v, want 4 instances in the 5 domains", c.Change)
	}

	w := got[advisor.ColdWarmup][0]
	if w.Path != "roles[0].warmup_in_onstart" || w.Fixed == nil || !w.Fixed.Roles[0].WarmupInOnStart {
		t.Fatalf("warm-up finding: path %s, fix %+v", w.Path, w.Change)
	}
	if !(w.Value > 0) {
		t.Errorf("warm-up causes %g bad minutes, want > 0", w.Value)
	}
	// Run it, don't guess: After is exactly a separate run of the seed
	// example with warm-up in OnStart.
	other := s.Clone()
	other.Roles[0].WarmupInOnStart, other.Trials = true, trials
	acc, err := planner.Run(context.Background(), other, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(acc.Result().Service)
	gotJSON, _ := json.Marshal(*w.After)
	if !bytes.Equal(gotJSON, want) {
		t.Errorf("warm-up fix result differs from a separate run:\n%s\n%s", gotJSON, want)
	}
	// Warm-up in OnStart leaves a warm survivor, unless a start outlasts
	// the ready timeout and two domains are down at once (a few months in
	// ten thousand): hard downtime all but vanishes.
	if w.Before.HardDownMinutes.Mean <= 0 || w.After.HardDownMinutes.Mean > w.Before.HardDownMinutes.Mean/100 {
		t.Errorf("hard-down minutes %g → %g; warm-up in OnStart leaves a warm survivor", w.Before.HardDownMinutes.Mean, w.After.HardDownMinutes.Mean)
	}
}

// TestAdviseEdits raises (or not) one finding per edit of the seed example.
func TestAdviseEdits(t *testing.T) {
	cases := []struct {
		name string
		edit func(*model.Scenario)
		want advisor.Kind // "" for no finding at all
		path string
	}{
		{"spare capacity, warm-up in OnStart: nothing to say", func(s *model.Scenario) {
			s.Roles[0].Instances, s.UpgradeDomains, s.Roles[0].WarmupInOnStart = 4, 4, true
		}, "", ""},
		{"single instance", func(s *model.Scenario) { s.Roles[0].Instances = 1 }, advisor.SingleInstance, "roles[0].instances"},
		{"pinned Guest OS", func(s *model.Scenario) { s.Passes.GuestOS.Enabled = false }, advisor.PinnedGuestOS, "passes.guest_os.enabled"},
		{"rerun defect", func(s *model.Scenario) { s.Roles[0].RerunDefectProb = 0.2 }, advisor.RerunDefect, "roles[0].rerun_defect_prob"},
		{"rerun defect without Host OS pass", func(s *model.Scenario) {
			s.Roles[0].Instances, s.UpgradeDomains, s.Roles[0].WarmupInOnStart = 4, 4, true
			s.Roles[0].RerunDefectProb, s.Passes.HostOS.Enabled = 0.2, false
		}, "", ""},
		{"reimage defect", func(s *model.Scenario) { s.Roles[0].ReimageDefectProb = 0.2 }, advisor.ReimageDefect, "roles[0].reimage_defect_prob"},
		{"host failures", func(s *model.Scenario) { s.Passes.HostOS.HostFailureProb = 0.05 }, advisor.HostFailure, "passes.host_os.host_failure_prob"},
		{"slow startup tasks", func(s *model.Scenario) { s.Roles[0].StartupTasks = model.FixedDist(40) }, advisor.StartupTimeout, "roles[0].startup_tasks"},
		{"load spikes at P95 only", func(s *model.Scenario) {
			s.Roles[0].Instances, s.UpgradeDomains, s.Roles[0].WarmupInOnStart = 4, 4, true
			s.Roles[0].Utilization = model.NormalDist(0.6, 0.15) // P95 ≈ 0.85 → 113 % on 3 survivors
		}, advisor.Capacity, "roles[0].instances"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := preset(t, "seed-example")
			tc.edit(&s)
			rep := advise(t, s)
			checkReport(t, s, rep)
			got := kinds(rep)
			if tc.want == "" {
				if len(rep.Findings) != 0 {
					t.Errorf("want no findings, got %v", keys(got))
				}
				return
			}
			fs := got[tc.want]
			if len(fs) != 1 {
				t.Fatalf("%d %s findings; got %v", len(fs), tc.want, keys(got))
			}
			if fs[0].Path != tc.path {
				t.Errorf("path %s, want %s", fs[0].Path, tc.path)
			}
		})
	}
}

func TestAdviseOptions(t *testing.T) {
	s := preset(t, "seed-example")
	s.Trials = 300
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base := acc.Result()
	var runs []int
	rep, err := advisor.Advise(context.Background(), s, advisor.Options{
		Base: &base, Progress: func(done, total int) { runs = append(runs, done, total) },
	})
	if err != nil {
		t.Fatal(err)
	}
	// The base is reused; the capacity fix and the two warm-up runs are
	// run, then the combination search with its budget of
	// DefaultCombinationRuns(3) = 6 runs needs one (both changes), and
	// the last call says the work is done.
	if want := []int{2, 10, 3, 10, 4, 10, 5, 10, 5, 5}; !slices.Equal(runs, want) {
		t.Errorf("progress %v, want %v", runs, want)
	}
	a, _ := json.Marshal(rep.Base)
	b, _ := json.Marshal(base)
	if !bytes.Equal(a, b) {
		t.Error("base result not reused")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := advisor.Advise(ctx, s, advisor.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v", err)
	}
	bad := s.Clone()
	bad.Roles[0].Instances = 0
	var ps model.Problems
	if _, err := advisor.Advise(context.Background(), bad, advisor.Options{}); !errors.As(err, &ps) {
		t.Errorf("invalid scenario: error %v", err)
	}
}

func TestCapacityArithmetic(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		u, o       float64
		n, domains int
		load       float64
		minN       int // 0: none
		minU       int // 0: none
		cfgN, cfgU int
	}{
		// docs/model.md §7: 2 instances in 2 domains at 75 % leave one at 150 %.
		{0.75, 1, 2, 2, 1.5, 0, 0, 4, 4},
		// docs/model.md §7: 10 instances in 5 domains at 60 %: survivors at 75 %.
		{0.6, 1, 10, 5, 0.75, 11, 6, 10, 5},
		{0.5, 1, 1, 5, inf, 2, 0, 2, 5},
		{0.5, 1, 3, 1, inf, 0, 3, 3, 3}, // 2 domains leave 1 of 3
		// 6 in 5 domains: domain 0 holds 2, so 4 survive.
		{0.7, 1, 6, 5, 1.05, 7, 6, 6, 6},
		{0.95, 1, 2, 2, 1.9, 0, 0, 20, 20},
	}
	for _, tc := range cases {
		if got := advisor.SurvivorLoad(tc.u, tc.n, tc.domains); math.Abs(got-tc.load) > 1e-12 && got != tc.load {
			t.Errorf("SurvivorLoad(%g, %d, %d) = %g, want %g", tc.u, tc.n, tc.domains, got, tc.load)
		}
		n, ok := advisor.MinInstances(tc.u, tc.o, tc.n, tc.domains)
		if ok != (tc.minN > 0) || n != tc.minN {
			t.Errorf("MinInstances(%g, %g, %d, %d) = %d, %v; want %d", tc.u, tc.o, tc.n, tc.domains, n, ok, tc.minN)
		}
		d, ok := advisor.MinDomains(tc.u, tc.o, tc.n, tc.domains)
		if ok != (tc.minU > 0) || d != tc.minU {
			t.Errorf("MinDomains(%g, %g, %d, %d) = %d, %v; want %d", tc.u, tc.o, tc.n, tc.domains, d, ok, tc.minU)
		}
		cn, cu, ok := advisor.MinConfig(tc.u, tc.o, tc.n, tc.domains)
		if !ok || cn != tc.cfgN || cu != tc.cfgU {
			t.Errorf("MinConfig(%g, %g, %d, %d) = %d, %d, %v; want %d, %d", tc.u, tc.o, tc.n, tc.domains, cn, cu, ok, tc.cfgN, tc.cfgU)
		}
	}
	if _, _, ok := advisor.MinConfig(0.99, 1, 2, 2); ok {
		t.Error("99 % load fits in 20 domains?")
	}
}

func TestStartupOverlap(t *testing.T) {
	base := preset(t, "seed-example")
	cases := []struct {
		name    string
		edit    func(*model.Scenario)
		p95     float64
		late    float64
		twoDown float64
		scale   float64
	}{
		{"fast", func(s *model.Scenario) {
			s.Roles[0].StartupTasks, s.Roles[0].OnStart = model.FixedDist(10), model.FixedDist(1)
		}, 11, 0, 0, 1},
		// 40 + 1 > 30 always; instance 0 is outside the last domain, in two
		// reboot passes; tasks must shrink to 29/40.
		{"always late", func(s *model.Scenario) {
			s.Roles[0].StartupTasks, s.Roles[0].OnStart = model.FixedDist(40), model.FixedDist(1)
		}, 41, 1, 1, 29.0 / 40},
		{"warm-up in OnStart counts", func(s *model.Scenario) {
			s.Roles[0].StartupTasks, s.Roles[0].OnStart = model.FixedDist(20), model.FixedDist(5)
			s.Roles[0].Warmup, s.Roles[0].WarmupInOnStart = model.FixedDist(10), true
		}, 35, 1, 1, 15.0 / 20},
		{"OnStart alone too slow", func(s *model.Scenario) {
			s.Roles[0].StartupTasks, s.Roles[0].OnStart = model.FixedDist(5), model.FixedDist(31)
		}, 36, 1, 1, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := base.Clone()
			tc.edit(&s)
			o := advisor.StartupOverlap(s, 0, 2000)
			if o.P95 != tc.p95 || o.PLate != tc.late || math.Abs(o.PTwoDown-tc.twoDown) > 1e-12 || math.Abs(o.StartupScale-tc.scale) > 1e-9 {
				t.Errorf("got %+v; want P95 %g, PLate %g, PTwoDown %g, scale %g", o, tc.p95, tc.late, tc.twoDown, tc.scale)
			}
		})
	}
	// Half the starts late: two domains down unless every one of the two
	// reboot-pass starts outside the last domain is on time.
	s := base.Clone()
	s.Roles[0].StartupTasks, s.Roles[0].OnStart = model.UniformDist(20, 40), model.FixedDist(0)
	o := advisor.StartupOverlap(s, 0, 20000)
	if math.Abs(o.PLate-0.5) > 0.02 || math.Abs(o.PTwoDown-(1-math.Pow(1-o.PLate, 2))) > 1e-12 {
		t.Errorf("uniform 20–40: %+v", o)
	}
	if again := advisor.StartupOverlap(s, 0, 20000); again != o {
		t.Error("StartupOverlap is not deterministic")
	}
}
