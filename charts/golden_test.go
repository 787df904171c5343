package charts

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"rolloutplanner/model"
)

var update = flag.Bool("update", false, "rewrite the golden charts in testdata (natively only)")

// chartCase is one kind of chart, drawn from fixed, seeded data: the
// golden file testdata/<name>.svg holds its SVG, and TestEverySpecRenders
// checks its text. Each want string must be a whole line of the chart's
// text; one ending in "*" need only start the line, one starting with "*"
// end it (for numbers that come from the simulation).
type chartCase struct {
	name     string
	svg      func() ([]byte, error)
	png      func(dpi int) ([]byte, error) // at ScreenWidth × ScreenHeight
	compact  func() ([]byte, error)        // at CompactWidth × CompactHeight; nil: not drawn compact
	run      bool                          // the charts of a run only
	title    string                        // the first line
	subtitle string                        // the second line holds it
	axes     []string                      // axis labels with units, and panel titles
	legend   []string                      // legend entries, in order
}

// chartCases returns one case per kind of chart: the four charts of a run
// (for the fleet preset, three roles; per-pass charts for the Host OS
// pass), the A/B comparison of the two seed presets, both sweep heat maps,
// the tornado and the fit chart. The data come from the caches the other
// tests share, so they cost no extra runs.
func chartCases(t testing.TB) []chartCase {
	t.Helper()
	var fleet, seed, inOnStart namedScenario
	for _, sc := range scenarios(t) {
		switch sc.name {
		case "fleet":
			fleet = sc
		case "seed-example":
			seed = sc
		case "warmup-in-onstart":
			inOnStart = sc
		}
	}
	run := results(t, fleet)
	a, b := results(t, seed), results(t, inOnStart)
	sweep := testSweeps(t)["seed"]
	st := testStudies(t)["seed"]
	fd := testFits(t)["fleet-warmup"]

	spec := func(k Kind, p model.PassKind, axes, legend []string) chartCase {
		s := Spec{Kind: k, Pass: p, Title: defaultTitle(k, p)}
		return chartCase{
			name:     s.ID(),
			svg:      func() ([]byte, error) { return SVG(s, run) },
			png:      func(dpi int) ([]byte, error) { return PNGSize(s, run, ScreenWidth, ScreenHeight, dpi) },
			compact:  func() ([]byte, error) { return SVGCompact(s, run) },
			run:      true,
			title:    s.Title,
			subtitle: "Fleet: web, api and worker roles in 5 domains · 2 000 simulated months",
			axes:     axes,
			legend:   legend,
		}
	}
	budget := "SLA budget (" + num(run.BudgetMinutes) + " min)"
	badAxes := []string{"x: bad minutes per month (minutes*", "months with at most x bad minutes (%)"}
	return []chartCase{
		spec(BadMinutes, "", badAxes, []string{"service", "web", "api", "worker", budget}),
		spec(WarmCapacity, model.HostOS,
			[]string{"time from the pass's start (minutes)", "warm capacity (% of instances)"},
			[]string{"web (load needs *", "api (load needs *", "worker (load needs *", "median, P5–P95 band", "load: warm share needed"}),
		spec(CapacityLoss, model.HostOS,
			[]string{"upgrade domain (in the order the pass walks them)", "capacity lost (% of the role)"},
			[]string{"web", "api", "worker", "bar: mean", "whisker: P95"}),
		spec(PassDurations, "",
			[]string{"x: pass duration (minutes)", "passes done within x (% of months)"},
			[]string{"Host OS (mean *", "Guest OS (mean *", "Guest agent (mean *"}),
		{
			name: CompareID,
			svg:  func() ([]byte, error) { return CompareBadMinutes(a, b, "warm-up after", "warm-up in OnStart") },
			compact: func() ([]byte, error) {
				return CompareBadMinutesCompact(a, b, "warm-up after", "warm-up in OnStart")
			},
			png: func(dpi int) ([]byte, error) {
				ch, err := buildCompare(a, b, "warm-up after", "warm-up in OnStart")
				if err != nil {
					return nil, err
				}
				return renderPNG(ch, CompareID, ScreenWidth, ScreenHeight, dpi)
			},
			title:    "Bad minutes per month: warm-up after vs warm-up in OnStart",
			subtitle: "the service's bad minutes · 2 000 simulated months each",
			axes:     badAxes,
			legend:   []string{"warm-up after", "warm-up in OnStart", budget},
		},
		{
			name:    string(SweepCompliance),
			svg:     func() ([]byte, error) { return SweepSVG(sweep, SweepCompliance) },
			compact: func() ([]byte, error) { return SweepSVGCompact(sweep, SweepCompliance) },
			png: func(dpi int) ([]byte, error) {
				return SweepPNGSize(sweep, SweepCompliance, ScreenWidth, ScreenHeight, dpi)
			},
			title:    "Months meeting the SLA, per configuration (%)",
			subtitle: "Seed example: 2 web instances, warm-up after OnStart · 18 configurations × 400 simulated months",
			axes:     []string{"warm-up after OnStart", "upgrade domains", "web instances", "warm-up in OnStart"},
			legend: []string{"months meeting the SLA:", "below 50 %", "50–80 %", "80–95 %", "95–97.5 %", "97.5 % or more",
				"small print: 95 % interval", "smallest meeting the SLA", "in 95 % of months"},
		},
		{
			name:    string(SweepHardDown),
			svg:     func() ([]byte, error) { return SweepSVG(sweep, SweepHardDown) },
			compact: func() ([]byte, error) { return SweepSVGCompact(sweep, SweepHardDown) },
			png: func(dpi int) ([]byte, error) {
				return SweepPNGSize(sweep, SweepHardDown, ScreenWidth, ScreenHeight, dpi)
			},
			title:    "Months with hard downtime, per configuration (%)",
			subtitle: "Seed example: 2 web instances, warm-up after OnStart · 18 configurations × 400 simulated months",
			axes:     []string{"warm-up after OnStart", "upgrade domains", "web instances", "warm-up in OnStart"},
			legend: []string{"months with hard downtime:", "never", "below 1 %", "1–5 %", "5–20 %", "20 % or more",
				"smallest meeting the SLA", "in 95 % of months"},
		},
		{
			name:    TornadoID,
			svg:     func() ([]byte, error) { return TornadoSVG(st.r, st.s) },
			compact: func() ([]byte, error) { return TornadoSVGCompact(st.r, st.s) },
			png: func(dpi int) ([]byte, error) {
				return TornadoPNGSize(st.r, st.s, ScreenWidth, ScreenHeight, dpi)
			},
			title:    "What moves the result: each input shifted ±25 %",
			subtitle: "Seed example: 2 web instances, warm-up after OnStart · 400 simulated months per run",
			axes:     []string{"mean bad minutes per month", "change (minutes)", "months meeting the SLA", "change (percentage points)"},
			legend:   []string{"input −25 %", "input +25 %", "0: the base run,", "* bad min/month", "and the SLA met in", "* of months"},
		},
		{
			name:    FitID,
			svg:     func() ([]byte, error) { return FitSVG(fd.data, fd.c, fd.what) },
			compact: func() ([]byte, error) { return FitSVGCompact(fd.data, fd.c, fd.what) },
			png: func(dpi int) ([]byte, error) {
				return FitPNGSize(fd.data, fd.c, fd.what, ScreenWidth, ScreenHeight, dpi)
			},
			title:    "Observed durations against the fitted distributions",
			subtitle: "fleet: web warm-up · 20 observations",
			axes:     []string{"x: duration (minutes)", "observations ≤ x (%)"},
			legend:   []string{"observed", "lognormal · KS *", "Weibull · KS *", "gamma · KS *"},
		},
	}
}

// TestEverySpecRenders draws each kind of chart once, as SVG and as a PNG
// at slide size, in parallel: each SVG must be safe markup whose text has
// the chart's title, its subtitle, its axis labels with units and its
// legend entries in order. TestGoldenCharts checks the same SVGs byte for
// byte; TestSpecsOfEveryScenario draws every chart of every test scenario.
func TestEverySpecRenders(t *testing.T) {
	cases := chartCases(t)
	// The run charts are those Specs lists for the fleet, and the budget
	// in their legend is the month × (1 − target).
	fleet, _ := model.PresetByName("fleet")
	run := results(t, namedScenario{"fleet", fleet.Scenario})
	ids := map[string]bool{}
	for _, s := range Specs(run) {
		ids[s.ID()] = true
	}
	for _, c := range cases {
		if c.run && !ids[c.name] {
			t.Errorf("Specs of the fleet lists no %s chart: %v", c.name, ids)
		}
	}
	if want := 43200 * (1 - fleet.Scenario.SLATargetPct/100); math.Abs(run.BudgetMinutes-want) > 1e-9 {
		t.Errorf("budget %g minutes, want month × (1 − target) = %g", run.BudgetMinutes, want)
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			svg, err := c.svg()
			if err != nil {
				t.Fatal(err)
			}
			checkSVGOutput(t, svg)
			lines := strings.Split(strings.TrimSuffix(svgText(t, svg), "\n"), "\n")
			if len(lines) < 2 || lines[0] != c.title || lines[1] != c.subtitle {
				t.Errorf("the chart starts with %q, want the title %q and the subtitle %q", lines[:min(2, len(lines))], c.title, c.subtitle)
			}
			for _, w := range c.axes {
				if findLine(lines, w, 0) < 0 {
					t.Errorf("no axis label or panel title %q in the text:\n%s", w, strings.Join(lines, "\n"))
				}
			}
			// The legend's entries, in order.
			at := 0
			for _, w := range c.legend {
				i := findLine(lines, w, at)
				if i < 0 {
					t.Errorf("no legend entry %q after line %d in the text:\n%s", w, at, strings.Join(lines, "\n"))
					continue
				}
				at = i + 1
			}
			b, err := c.png(SlideDPI)
			if err != nil {
				t.Fatal(err)
			}
			checkPNGOutput(t, b, 1600, 900)
		})
	}
}

// findLine returns the index of the first line at or after from that is
// want, or that starts with want's text before a final "*", or ends with
// the text after a leading "*"; −1 if none.
func findLine(lines []string, want string, from int) int {
	for i := from; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasSuffix(want, "*") && strings.HasPrefix(l, strings.TrimSuffix(want, "*")),
			strings.HasPrefix(want, "*") && strings.HasSuffix(l, strings.TrimPrefix(want, "*")),
			l == want:
			return i
		}
	}
	return -1
}

// TestGoldenCharts compares the SVG of every kind of chart with its
// golden file, byte for byte (and the compact SVG of those drawn compact
// with testdata/compact-<name>.svg): a change of layout, style, ticks or text
// fails here. When a change is meant, rewrite the files with
//
//	go test ./charts -run TestGoldenCharts -update
//
// and look at the new charts before committing them. On a mismatch the
// test names the first differing line and writes the new SVG to a
// temporary directory. The comparison is exact: natively and as
// WebAssembly under Node the charts are the same bytes (vgsvg writes
// coordinates to two decimals, and the data are bit-exact across
// platforms), so no tolerance is needed.
func TestGoldenCharts(t *testing.T) {
	for _, c := range chartCases(t) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := c.svg()
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, c.name, got)
			if c.compact == nil {
				return
			}
			got, err = c.compact()
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "compact-"+c.name, got)
		})
	}
}

// checkGolden compares got with testdata/<name>.svg, or rewrites the file
// under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".svg")
	if *update {
		if runtime.GOARCH == "wasm" {
			t.Fatal("-update only natively: the golden files must not depend on the platform")
		}
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./charts -run TestGoldenCharts -update to write it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	msg := fmt.Sprintf("the %s chart differs from %s on %s/%s: %s", name, path, runtime.GOOS, runtime.GOARCH, describeDiff(got, want))
	if dir, err := goldenOutDir(); err == nil {
		out := filepath.Join(dir, name+".svg")
		if err := os.WriteFile(out, got, 0o644); err == nil {
			msg += "\nthe new chart is in " + out
		}
	}
	t.Error(msg + "\nif the change is meant, run go test ./charts -run TestGoldenCharts -update and look at the charts")
}

// describeDiff says where got first differs from want: the byte offset,
// the line and column, and both lines around it.
func describeDiff(got, want []byte) string {
	i := 0
	for i < min(len(got), len(want)) && got[i] == want[i] {
		i++
	}
	line := 1 + bytes.Count(want[:i], []byte("\n"))
	start := bytes.LastIndexByte(want[:i], '\n') + 1
	excerpt := func(b []byte) string {
		lo, hi := max(start, i-60), min(len(b), i+60)
		if lo >= len(b) {
			return "(end of file)"
		}
		if j := bytes.IndexByte(b[lo:hi], '\n'); j >= 0 {
			hi = lo + j
		}
		return fmt.Sprintf("%q", b[lo:hi])
	}
	return fmt.Sprintf("first difference at byte %d (line %d, column %d; %d bytes, want %d)\n got: %s\nwant: %s",
		i, line, i-start+1, len(got), len(want), excerpt(got), excerpt(want))
}

var (
	outDirOnce sync.Once
	outDir     string
	outDirErr  error
)

// goldenOutDir returns a temporary directory, made once per test binary
// and kept after the tests, for the charts that differ from their golden
// files.
func goldenOutDir() (string, error) {
	outDirOnce.Do(func() { outDir, outDirErr = os.MkdirTemp("", "charts-golden-") })
	return outDir, outDirErr
}

// TestDescribeDiff checks that a golden mismatch points at the first
// differing line and column.
func TestDescribeDiff(t *testing.T) {
	for _, tc := range []struct {
		name, got, want, says string
	}{
		{"in a line", "<svg\n<text x=\"1.5\">\n", "<svg\n<text x=\"1.25\">\n",
			"first difference at byte 16 (line 2, column 12; 20 bytes, want 21)\n got: \"<text x=\\\"1.5\\\">\"\nwant: \"<text x=\\\"1.25\\\">\""},
		{"got shorter", "<svg\n", "<svg\n<path/>\n",
			"first difference at byte 5 (line 2, column 1; 5 bytes, want 13)\n got: (end of file)\nwant: \"<path/>\""},
		{"got longer", "<svg\n<g>\n", "<svg\n",
			"first difference at byte 5 (line 2, column 1; 9 bytes, want 5)\n got: \"<g>\"\nwant: (end of file)"},
	} {
		if got := describeDiff([]byte(tc.got), []byte(tc.want)); got != tc.says {
			t.Errorf("%s: describeDiff says\n%s\nwant\n%s", tc.name, got, tc.says)
		}
	}
}
