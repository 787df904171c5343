package whatif_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/whatif"
)

// preset returns a preset with few trials, to keep the tests fast.
func preset(t testing.TB, name string, trials int) model.Scenario {
	t.Helper()
	p, ok := model.PresetByName(name)
	if !ok {
		t.Fatalf("no preset %q", name)
	}
	p.Scenario.Trials = trials
	return p.Scenario
}

func resultJSON(t testing.TB, r planner.Result) []byte {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func run(t testing.TB, s model.Scenario) planner.Result {
	t.Helper()
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return acc.Result()
}

func TestCells(t *testing.T) {
	fleet := preset(t, "fleet", 100)
	cases := []struct {
		name  string
		grid  whatif.Grid
		n     int
		first whatif.Params
		last  whatif.Params
	}{
		{"empty grid is the base", whatif.Grid{}, 1,
			whatif.Params{Instances: []int{5, 4, 2}, UpgradeDomains: 5, Warmup: whatif.WarmupAsIs},
			whatif.Params{Instances: []int{5, 4, 2}, UpgradeDomains: 5, Warmup: whatif.WarmupAsIs}},
		{"one role swept", whatif.Grid{Instances: [][]int{{2, 3, 4}}}, 3,
			whatif.Params{Instances: []int{2, 4, 2}, UpgradeDomains: 5, Warmup: whatif.WarmupAsIs},
			whatif.Params{Instances: []int{4, 4, 2}, UpgradeDomains: 5, Warmup: whatif.WarmupAsIs}},
		{"later role, earlier kept", whatif.Grid{Instances: [][]int{nil, {1, 6}}}, 2,
			whatif.Params{Instances: []int{5, 1, 2}, UpgradeDomains: 5, Warmup: whatif.WarmupAsIs},
			whatif.Params{Instances: []int{5, 6, 2}, UpgradeDomains: 5, Warmup: whatif.WarmupAsIs}},
		{"all axes", whatif.Grid{
			Instances:      [][]int{{2, 4}, {3}, {2, 3}},
			UpgradeDomains: []int{2, 3, 5},
			Warmup:         []whatif.WarmupMode{whatif.WarmupAfter, whatif.WarmupIn},
		}, 24,
			whatif.Params{Instances: []int{2, 3, 2}, UpgradeDomains: 2, Warmup: whatif.WarmupAfter},
			whatif.Params{Instances: []int{4, 3, 3}, UpgradeDomains: 5, Warmup: whatif.WarmupIn}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cells, err := whatif.Cells(fleet, tc.grid)
			if err != nil {
				t.Fatal(err)
			}
			if len(cells) != tc.n {
				t.Fatalf("%d cells, want %d", len(cells), tc.n)
			}
			if got := cells[0].Params.String(); got != tc.first.String() {
				t.Errorf("first cell %s, want %s", got, tc.first)
			}
			if got := cells[len(cells)-1].Params.String(); got != tc.last.String() {
				t.Errorf("last cell %s, want %s", got, tc.last)
			}
			for _, c := range cells {
				s := c.Scenario
				if s.Seed != fleet.Seed || s.Trials != fleet.Trials || s.Name != fleet.Name {
					t.Errorf("cell %s changed seed, trials or name", c.Params)
				}
				if s.UpgradeDomains != c.Params.UpgradeDomains {
					t.Errorf("cell %s has %d domains", c.Params, s.UpgradeDomains)
				}
				for r, role := range s.Roles {
					if role.Instances != c.Params.Instances[r] {
						t.Errorf("cell %s: role %d has %d instances", c.Params, r, role.Instances)
					}
					want := fleet.Roles[r].WarmupInOnStart
					switch c.Params.Warmup {
					case whatif.WarmupIn:
						want = true
					case whatif.WarmupAfter:
						want = false
					}
					if role.WarmupInOnStart != want {
						t.Errorf("cell %s: role %d warmup_in_onstart %v", c.Params, r, role.WarmupInOnStart)
					}
				}
				if err := s.Validate().Err(); err != nil {
					t.Errorf("cell %s: %v", c.Params, err)
				}
			}
		})
	}
	// The base is never changed.
	if fleet.Roles[0].Instances != 5 || fleet.UpgradeDomains != 5 {
		t.Error("Cells changed the base scenario")
	}
}

func TestCellsErrors(t *testing.T) {
	s := preset(t, "seed-example", 100)
	bad := s.Clone()
	bad.UpgradeDomains = 0
	cases := []struct {
		name string
		base model.Scenario
		grid whatif.Grid
		want string
	}{
		{"invalid base", bad, whatif.Grid{}, "upgrade_domains"},
		{"zero instances", s, whatif.Grid{Instances: [][]int{{0}}}, "instances[0]"},
		{"too many instances", s, whatif.Grid{Instances: [][]int{{1001}}}, "instances[0]"},
		{"more roles than the scenario", s, whatif.Grid{Instances: [][]int{{2}, {2}}}, "roles"},
		{"21 domains", s, whatif.Grid{UpgradeDomains: []int{21}}, "upgrade_domains"},
		{"unknown warm-up", s, whatif.Grid{Warmup: []whatif.WarmupMode{"sometimes"}}, "warmup"},
		{"too many cells", s, whatif.Grid{Instances: [][]int{make1to(1000)}, UpgradeDomains: make1to(20)}, "cells"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := whatif.Cells(tc.base, tc.grid)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one about %s", err, tc.want)
			}
		})
	}
}

func make1to(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// TestSweepMatchesSeparateRuns checks that every cell of a sweep gives the
// same Result JSON, byte for byte, as a separate planner.Run of the cell's
// scenario, however the sweep's runs are split.
func TestSweepMatchesSeparateRuns(t *testing.T) {
	base := preset(t, "fleet", 400)
	grid := whatif.Grid{
		Instances:      [][]int{{3, 5}, nil, {1, 2}},
		UpgradeDomains: []int{2, 5},
		Warmup:         []whatif.WarmupMode{whatif.WarmupAsIs, whatif.WarmupIn},
	}
	cells, err := whatif.Cells(base, grid)
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []planner.Options{{}, {Workers: 3, Chunk: 70}} {
		sr, err := whatif.Sweep(context.Background(), base, grid, whatif.SweepOptions{Run: opt})
		if err != nil {
			t.Fatal(err)
		}
		if len(sr.Cells) != len(cells) {
			t.Fatalf("%d cell results, want %d", len(sr.Cells), len(cells))
		}
		for i, c := range cells {
			want := resultJSON(t, run(t, c.Scenario))
			if got := resultJSON(t, sr.Cells[i].Result); !bytes.Equal(got, want) {
				t.Fatalf("options %+v, cell %s: sweep result differs from a separate run:\n%s\n%s", opt, c.Params, got, want)
			}
			if sr.Cells[i].Params.String() != c.Params.String() {
				t.Errorf("cell %d params %s, want %s", i, sr.Cells[i].Params, c.Params)
			}
		}
	}
}

// TestComplianceGrowsWithInstances checks that SLA compliance does not
// fall, beyond its Wilson interval, as instances are added. The counts
// are ones where every domain loses the same share: up to one instance
// per domain, then multiples of the domain count. (With uneven counts the
// largest domain can take a larger share down, e.g. 2 of 6 in 5 domains
// against 1 of 5, and compliance can rightly fall.)
func TestComplianceGrowsWithInstances(t *testing.T) {
	for _, tc := range []struct {
		preset string
		counts []int
	}{
		{"seed-example", []int{2, 4, 6}}, // 2 domains
		{"fleet", []int{2, 3, 4, 5, 10}}, // 5 domains; web swept
		{"slow-startup", []int{2, 3, 6, 9}},
	} {
		t.Run(tc.preset, func(t *testing.T) {
			base := preset(t, tc.preset, 1000)
			sr, err := whatif.Sweep(context.Background(), base, whatif.Grid{Instances: [][]int{tc.counts}}, whatif.SweepOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i < len(sr.Cells); i++ {
				prev, cur := sr.Cells[i-1].Compliance, sr.Cells[i].Compliance
				if cur.Hi < prev.Lo {
					t.Errorf("%d → %d instances: compliance falls from %.3f [%.3f, %.3f] to %.3f [%.3f, %.3f]",
						tc.counts[i-1], tc.counts[i], prev.P, prev.Lo, prev.Hi, cur.P, cur.Lo, cur.Hi)
				}
			}
		})
	}
}

// TestSweepSmallest checks the mark on the seed example: at 75 % load two
// domains always leave the survivors at 150 %; four instances in four
// domains leave them at exactly 100 %, and only with warm-up in OnStart do
// no cold instances time requests out.
func TestSweepSmallest(t *testing.T) {
	base := preset(t, "seed-example", 500)
	grid := whatif.Grid{
		Instances:      [][]int{{2, 3, 4, 5, 6}},
		UpgradeDomains: []int{2, 3, 4, 5},
		Warmup:         []whatif.WarmupMode{whatif.WarmupAfter, whatif.WarmupIn},
	}
	sr, err := whatif.Sweep(context.Background(), base, grid, whatif.SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sr.Smallest < 0 {
		t.Fatal("no cell meets the target")
	}
	best := sr.Cells[sr.Smallest]
	want := whatif.Params{Instances: []int{4}, UpgradeDomains: 4, Warmup: whatif.WarmupIn}
	if best.Params.String() != want.String() {
		t.Errorf("smallest %s (compliance %.3f), want %s", best.Params, best.Compliance.P, want)
	}
	if !best.Meets || best.Compliance.P < sr.Odds {
		t.Errorf("smallest cell does not meet: %+v", best.Compliance)
	}
	for _, c := range sr.Cells {
		if c.Meets && c.Params.Size() < best.Params.Size() {
			t.Errorf("cell %s meets and is smaller than %s", c.Params, best.Params)
		}
	}
	// Summarize of the same results marks the same cell.
	cells, _ := whatif.Cells(base, grid)
	var results []planner.Result
	for _, c := range sr.Cells {
		results = append(results, c.Result)
	}
	if again := whatif.Summarize(cells, results, 0); again.Smallest != sr.Smallest {
		t.Errorf("Summarize marks %d, Sweep %d", again.Smallest, sr.Smallest)
	}
	if none := whatif.Summarize(cells[:2], results[:2], 0.95); none.Smallest != -1 {
		t.Errorf("two-instance cells marked %d", none.Smallest)
	}
}

func TestSweepProgressAndCancel(t *testing.T) {
	base := preset(t, "seed-example", 600)
	grid := whatif.Grid{Instances: [][]int{{2, 3, 4, 5}}}
	var last, calls int
	sr, err := whatif.Sweep(context.Background(), base, grid, whatif.SweepOptions{
		Run: planner.Options{Workers: 1, Chunk: 100},
		Progress: func(done, total int) {
			calls++
			if total != 4*600 || done <= last || done > total {
				t.Errorf("progress %d/%d after %d", done, total, last)
			}
			last = done
		},
	})
	if err != nil || len(sr.Cells) != 4 {
		t.Fatal(err, len(sr.Cells))
	}
	if last != 4*600 || calls != 4*6 {
		t.Errorf("progress ended at %d after %d calls", last, calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	sr, err = whatif.Sweep(ctx, base, grid, whatif.SweepOptions{
		Run: planner.Options{Workers: 1, Chunk: 100},
		Progress: func(done, total int) {
			if done >= 1000 {
				cancel()
			}
		},
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if len(sr.Cells) != 1 {
		t.Errorf("%d cells finished before the cancel, want 1", len(sr.Cells))
	}
}

func TestScaleDist(t *testing.T) {
	dists := []model.Dist{
		model.FixedDist(5), model.UniformDist(2, 8), model.TriangularDist(1, 3, 9),
		model.NormalDist(10, 2), model.LogNormalDist(5, 12), model.ExponentialDist(4),
		model.WeibullDist(1.7, 6), model.EmpiricalDist(3, 1, 4, 1, 5, 9, 2, 6),
	}
	if len(dists) != len(model.Kinds) {
		t.Fatalf("test covers %d kinds, model has %d", len(dists), len(model.Kinds))
	}
	for _, d := range dists {
		for _, f := range []float64{0.75, 1.25} {
			s := whatif.ScaleDist(d, f)
			if err := s.Validate().Err(); err != nil {
				t.Fatalf("%s ×%g invalid: %v", d.Kind, f, err)
			}
			for _, p := range []float64{0.05, 0.5, 0.95} {
				if got, want := s.Quantile(p), f*d.Quantile(p); math.Abs(got-want) > 1e-9*want {
					t.Errorf("%s ×%g: quantile %g = %g, want %g", d.Kind, f, p, got, want)
				}
			}
			if got, want := s.MeanClamped(), f*d.MeanClamped(); math.Abs(got-want) > 1e-9*want {
				t.Errorf("%s ×%g: mean %g, want %g", d.Kind, f, got, want)
			}
		}
	}
	e := model.EmpiricalDist(1, 2)
	whatif.ScaleDist(e, 2)
	if e.Values[0] != 1 {
		t.Error("ScaleDist changed its argument")
	}
}

func TestInputs(t *testing.T) {
	seed := preset(t, "seed-example", 100)
	want := []string{
		"passes.host_os.host_reboot", // ud_gap is 0; no host failures, so no host_recovery
		"passes.guest_os.delay_after_host", "passes.guest_os.os_boot",
		"passes.guest_agent.delay_after_guest", "passes.guest_agent.process_restart",
		"roles[0].utilization", "roles[0].onstop", "roles[0].startup_tasks", "roles[0].onstart", "roles[0].warmup",
		// no probabilities, no defects, so no repair
	}
	got := whatif.Inputs(seed)
	if len(got) != len(want) {
		t.Fatalf("inputs %v, want %v", got, want)
	}
	for i := range want {
		if got[i].Path != want[i] {
			t.Errorf("input %d = %s, want %s", i, got[i].Path, want[i])
		}
	}
	fleet := whatif.Inputs(preset(t, "fleet", 100))
	has := map[string]whatif.InputKind{}
	for _, in := range fleet {
		has[in.Path] = in.Kind
	}
	for path, kind := range map[string]whatif.InputKind{
		"passes.host_os.host_failure_prob": whatif.Probability,
		"passes.host_os.host_recovery":     whatif.Duration,
		"passes.host_os.ud_gap":            whatif.Duration,
		"roles[2].repair":                  whatif.Duration,
		"roles[1].reimage_defect_prob":     whatif.Probability,
		"roles[0].utilization":             whatif.Utilization,
	} {
		if has[path] != kind {
			t.Errorf("fleet input %s: kind %q, want %q", path, has[path], kind)
		}
	}
}

func TestShift(t *testing.T) {
	s := preset(t, "fleet", 100)
	cases := []struct {
		name   string
		path   string
		factor float64
		check  func(model.Scenario) bool
		err    string
	}{
		{"lognormal up", "roles[0].startup_tasks", 1.25,
			func(c model.Scenario) bool {
				return c.Roles[0].StartupTasks.P50 == 3.75 && c.Roles[0].StartupTasks.P95 == 10
			}, ""},
		{"empirical down", "roles[0].warmup", 0.75,
			func(c model.Scenario) bool { v := 3.2; return c.Roles[0].Warmup.Values[0] == v*0.75 }, ""},
		{"probability", "roles[1].reimage_defect_prob", 1.25,
			func(c model.Scenario) bool { return c.Roles[1].ReimageDefectProb == 0.00625 }, ""},
		{"unknown path", "roles[9].warmup", 1.25, nil, "not an input"},
		{"zero factor", "roles[0].warmup", 0, nil, "positive"},
		{"utilisation pushed over overload_at", "roles[2].utilization", 3, nil, "overload_at"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := whatif.Shift(s, tc.path, tc.factor)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one about %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(c) {
				t.Errorf("shift not applied: %+v", c.Roles)
			}
		})
	}
	if s.Roles[0].StartupTasks.P50 != 3 || s.Roles[0].Warmup.Values[0] != 3.2 {
		t.Error("Shift changed its argument")
	}
	// A probability is capped at its limit.
	s.Roles[0].StartupFailureProb = 0.8
	c, err := whatif.Shift(s, "roles[0].startup_failure_prob", 1.25)
	if err != nil || c.Roles[0].StartupFailureProb != model.MaxStartupFailure {
		t.Errorf("capped probability %g, %v", c.Roles[0].StartupFailureProb, err)
	}
}

func TestSensitivity(t *testing.T) {
	s := preset(t, "seed-example", 300)
	sr, err := whatif.Sensitivity(context.Background(), s, whatif.SensitivityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	base := run(t, s)
	if sr.Base.BadMinutesMean != base.Service.BadMinutes.Mean || sr.Base.DeltaBadMinutes != 0 {
		t.Errorf("base outcome %+v, want bad minutes %g", sr.Base, base.Service.BadMinutes.Mean)
	}
	if len(sr.Effects) != len(whatif.Inputs(s)) || sr.Shift != whatif.DefaultShift {
		t.Fatalf("%d effects at shift %g", len(sr.Effects), sr.Shift)
	}
	for i, e := range sr.Effects {
		if i > 0 && e.Swing > sr.Effects[i-1].Swing {
			t.Errorf("effects not sorted by swing at %d", i)
		}
		if e.Low.Factor != 0.75 || e.High.Factor != 1.25 {
			t.Errorf("%s factors %g, %g", e.Path, e.Low.Factor, e.High.Factor)
		}
	}
	// Every outcome is a separate run of the shifted scenario, same seed.
	top := sr.Effects[0]
	shifted, err := whatif.Shift(s, top.Path, 1.25)
	if err != nil {
		t.Fatal(err)
	}
	if r := run(t, shifted); r.Service.BadMinutes.Mean != top.High.BadMinutesMean {
		t.Errorf("%s ×1.25: %g bad minutes, separate run %g", top.Path, top.High.BadMinutesMean, r.Service.BadMinutes.Mean)
	}
	// Longer warm-up can only add cold minutes in the seed example.
	for _, e := range sr.Effects {
		if e.Path == "roles[0].warmup" && !(e.High.DeltaBadMinutes > 0 && e.Low.DeltaBadMinutes < 0) {
			t.Errorf("warm-up ±25 %%: deltas %g, %g", e.Low.DeltaBadMinutes, e.High.DeltaBadMinutes)
		}
	}
}

func TestSensitivitySkipsInvalidShift(t *testing.T) {
	s := preset(t, "seed-example", 200)
	s.Roles[0].Utilization = model.FixedDist(0.9) // ×1.25 = 1.125 > overload_at 1
	sr, err := whatif.Sensitivity(context.Background(), s, whatif.SensitivityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sr.Effects {
		if e.Path != "roles[0].utilization" {
			continue
		}
		if e.High.Skipped == "" || e.Low.Skipped != "" {
			t.Errorf("utilisation ×1.25 should be skipped, ×0.75 run: %+v", e)
		}
		return
	}
	t.Error("no utilisation effect")
}

func TestBudget(t *testing.T) {
	s := preset(t, "seed-example", 500)
	if got := whatif.Allowance(s); math.Abs(got-21.6) > 1e-9 {
		t.Errorf("allowance %g, want 21.6 minutes", got)
	}
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := acc.Result()
	b := whatif.BudgetOf(acc)
	fr := whatif.BudgetFromResult(s, r)
	if b.Share != fr.Share || b.PExceeded != fr.PExceeded || b.AllowanceMinutes != fr.AllowanceMinutes {
		t.Errorf("BudgetOf %+v and BudgetFromResult %+v differ", b, fr)
	}
	q := r.Service.BadMinutes
	if b.Share.P95 != q.P95/21.6 && math.Abs(b.Share.P95-q.P95/b.AllowanceMinutes) > 1e-12 {
		t.Errorf("P95 share %g, bad minutes P95 %g", b.Share.P95, q.P95)
	}
	if math.Abs(b.PExceeded-(1-r.Service.SLACompliance.P)) > 1e-12 {
		t.Errorf("PExceeded %g, compliance %g", b.PExceeded, r.Service.SLACompliance.P)
	}
	if len(b.CDF) == 0 || b.CDF[len(b.CDF)-1].Y != 1 {
		t.Fatalf("CDF %v", b.CDF)
	}
	// The CDF at share 1 is the share of months within the allowance.
	within := 0.0
	for _, p := range b.CDF {
		if p.X <= 1 {
			within = p.Y
		}
	}
	if math.Abs(within-(1-b.PExceeded)) > 0.01 {
		t.Errorf("CDF at 1: %g; months within the allowance %g", within, 1-b.PExceeded)
	}
	if len(b.Roles) != 1 || b.Roles[0].Name != "web" {
		t.Errorf("roles %+v", b.Roles)
	}
}
