package charts

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/whatif"
)

// whatifTrials keeps the sweeps and sensitivity studies of the tests
// quick: a sweep of 18 cells runs 18 × whatifTrials trials.
const whatifTrials = 400

var (
	sweepMu    sync.Mutex
	sweepCache = map[string]whatif.SweepResult{}
)

// sweepOf runs grid g over s with whatifTrials trials, once per test
// binary and key.
func sweepOf(t testing.TB, key string, s model.Scenario, g whatif.Grid) whatif.SweepResult {
	t.Helper()
	sweepMu.Lock()
	defer sweepMu.Unlock()
	if r, ok := sweepCache[key]; ok {
		return r
	}
	s.Trials, s.Seed = whatifTrials, 1
	r, err := whatif.Sweep(context.Background(), s, g, whatif.SweepOptions{})
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	sweepCache[key] = r
	return r
}

// testSweeps returns the sweeps the heat-map tests draw: the seed example
// over instances × domains × both warm-up modes, the fleet with two roles
// swept, and a hostile-named scenario with one cell.
func testSweeps(t testing.TB) map[string]whatif.SweepResult {
	t.Helper()
	seed, _ := model.PresetByName("seed-example")
	fleet, _ := model.PresetByName("fleet")
	hostile := seed.Scenario.Clone()
	hostile.Name = `</svg><script>alert("x")</script> & 'friends'`
	hostile.Roles[0].Name = imgName
	return map[string]whatif.SweepResult{
		"seed": sweepOf(t, "seed", seed.Scenario, whatif.Grid{
			Instances:      [][]int{{2, 3, 4}},
			UpgradeDomains: []int{2, 3, 5},
			Warmup:         []whatif.WarmupMode{whatif.WarmupAfter, whatif.WarmupIn},
		}),
		"fleet": sweepOf(t, "fleet", fleet.Scenario, whatif.Grid{
			Instances:      [][]int{{4, 5}, {3, 4}},
			UpgradeDomains: []int{3, 5},
		}),
		"hostile": sweepOf(t, "hostile", hostile, whatif.Grid{
			Instances: [][]int{{2, 4}}, UpgradeDomains: []int{2, 4}, Warmup: []whatif.WarmupMode{whatif.WarmupIn},
		}),
	}
}

func TestSweepHeatMaps(t *testing.T) {
	sweeps := testSweeps(t)
	for name, r := range sweeps {
		for _, m := range SweepMetrics {
			t.Run(name+"/"+string(m), func(t *testing.T) {
				svg, err := SweepSVG(r, m)
				if err != nil {
					t.Fatal(err)
				}
				checkSVGOutput(t, svg)
				text := svgText(t, svg)
				want := []string{"upgrade domains", "instances", "per configuration (%)", "simulated months"}
				if r.Smallest >= 0 {
					want = append(want, "smallest meeting the SLA")
				} else {
					want = append(want, "no configuration meets")
				}
				for _, w := range want {
					if !strings.Contains(text, w) {
						t.Errorf("text lacks %q:\n%s", w, text)
					}
				}
				// Every cell is labelled with its value.
				for _, c := range r.Cells {
					v := c.Compliance.P
					if m == SweepHardDown {
						v = c.PHardDown
					}
					if !strings.Contains(text, cellPct(v)+"\n") {
						t.Errorf("no cell label %q for %s:\n%s", cellPct(v), c.Params, text)
					}
				}
				b, err := SweepPNGSize(r, m, ScreenWidth, ScreenHeight, 36)
				if err != nil {
					t.Fatal(err)
				}
				checkPNGOutput(t, b, 288, 162)
			})
		}
	}
	seed := sweeps["seed"]
	svg, err := SweepSVG(seed, SweepCompliance)
	if err != nil {
		t.Fatal(err)
	}
	text := svgText(t, svg)
	for _, w := range []string{"warm-up after OnStart", "warm-up in OnStart", "web instances", "97.5 % or more", "95–97.5 %"} {
		if !strings.Contains(text, w) {
			t.Errorf("seed sweep: text lacks %q:\n%s", w, text)
		}
	}
	if seed.Smallest < 0 {
		t.Error("seed sweep: no cell meets the target; the chart's mark is untested")
	}
	fleet, _ := SweepSVG(sweeps["fleet"], SweepHardDown)
	if text := svgText(t, fleet); !strings.Contains(text, "instances of web, api") {
		t.Errorf("fleet sweep: the axis does not name both swept roles:\n%s", text)
	}
	hostile, _ := SweepSVG(sweeps["hostile"], SweepCompliance)
	if text := svgText(t, hostile); !strings.Contains(text, "<img src=x onerror=… instances") {
		t.Errorf("hostile sweep: the role's name is not shown as text:\n%s", text)
	}
}

func TestComplianceBins(t *testing.T) {
	for _, o := range []float64{0.95, 0.5, 0.3, 0.85, 0.99} {
		bins := complianceBins(o)
		if bins[0].lo != 0 || bins[len(bins)-1].hi != 1 {
			t.Errorf("odds %g: bins %v do not cover [0, 1]", o, bins)
		}
		for i := 1; i < len(bins); i++ {
			if bins[i].lo != bins[i-1].hi || !(bins[i].lo < bins[i].hi) {
				t.Errorf("odds %g: bins %v are not contiguous and increasing", o, bins)
			}
		}
		if c := binOf(bins, o); c != heatGood && c != heatBest {
			t.Errorf("odds %g: a cell at the odds is %v, want a blue", o, c)
		}
		if c := binOf(bins, math.Nextafter(o, 0)); c == heatGood || c == heatBest {
			t.Errorf("odds %g: a cell just below the odds is blue", o)
		}
	}
	for _, tc := range []struct {
		p    float64
		want string
	}{{1, "100"}, {0, "0"}, {0.9999, "99.99"}, {0.9995, "99.95"}, {0.0004, "0.04"}, {0.973, "97.3"}} {
		if got := cellPct(tc.p); got != tc.want {
			t.Errorf("cellPct(%g) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

// TestSweepOddInputs: odd or broken sweeps give an error, never a panic.
func TestSweepOddInputs(t *testing.T) {
	good := testSweeps(t)["seed"]
	mod := func(f func(r *whatif.SweepResult)) whatif.SweepResult {
		r := good
		r.Cells = append([]whatif.CellResult(nil), good.Cells...)
		f(&r)
		return r
	}
	for _, tc := range []struct {
		name    string
		r       whatif.SweepResult
		m       SweepMetric
		wantErr bool
	}{
		{"no cells", whatif.SweepResult{Smallest: -1}, SweepCompliance, true},
		{"unknown metric", good, "pie", true},
		{"NaN compliance", mod(func(r *whatif.SweepResult) { r.Cells[0].Compliance.P = math.NaN() }), SweepCompliance, true},
		{"hard down above 1", mod(func(r *whatif.SweepResult) { r.Cells[1].PHardDown = 2 }), SweepHardDown, true},
		{"ragged instances", mod(func(r *whatif.SweepResult) { r.Cells[2].Params.Instances = []int{1, 2} }), SweepCompliance, true},
		{"smallest out of range", mod(func(r *whatif.SweepResult) { r.Smallest = 99 }), SweepCompliance, true},
		{"partial sweep", mod(func(r *whatif.SweepResult) { r.Cells = r.Cells[:4]; r.Smallest = -1 }), SweepCompliance, false},
		{"odds out of range", mod(func(r *whatif.SweepResult) { r.Odds = 7 }), SweepCompliance, false},
		{"no trials, no name", mod(func(r *whatif.SweepResult) {
			for i := range r.Cells {
				r.Cells[i].Result = planner.Result{}
			}
		}), SweepHardDown, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svg, err := noPanic(t, func() ([]byte, error) { return SweepSVG(tc.r, tc.m) })
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want error: %v", err, tc.wantErr)
			}
			if err == nil {
				checkSVGOutput(t, svg)
			}
			if tc.name == "no cells" && !errors.Is(err, ErrNoCells) {
				t.Errorf("error %v, want ErrNoCells", err)
			}
			_, err = noPanic(t, func() ([]byte, error) { return SweepPNGSize(tc.r, tc.m, ScreenWidth, ScreenHeight, 20) })
			if (err != nil) != tc.wantErr {
				t.Fatalf("PNG error %v, want error: %v", err, tc.wantErr)
			}
		})
	}
	if _, err := SweepSVGSize(good, SweepCompliance, 0, 10); err == nil {
		t.Error("size 0: no error")
	}
	if _, err := SweepPNGSize(good, SweepCompliance, ScreenWidth, ScreenHeight, 0); err == nil {
		t.Error("0 dpi: no error")
	}
}

// TestLookWhatif writes the heat maps, the tornado and the fit chart to
// -pngdir, to look at; it skips without the flag.
func TestLookWhatif(t *testing.T) {
	if *pngDir == "" {
		t.Skip("set -pngdir to write the charts")
	}
	if err := os.MkdirAll(*pngDir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(*pngDir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, r := range testSweeps(t) {
		for _, m := range SweepMetrics {
			b, err := SweepPNG(r, m)
			write(name+"-"+string(m)+".png", b, err)
			b, err = SweepSVG(r, m)
			write(name+"-"+string(m)+".svg", b, err)
		}
	}
	for name, st := range testStudies(t) {
		b, err := TornadoPNG(st.r, st.s)
		write(name+"-tornado.png", b, err)
	}
	for name, fd := range testFits(t) {
		b, err := FitPNG(fd.data, fd.c, fd.what)
		write(name+"-fit.png", b, err)
	}
}
