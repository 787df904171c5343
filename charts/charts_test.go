package charts

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// checkSVGOutput fails t unless b is chart markup that go-app can insert
// with app.Raw: it starts with "<svg" (no XML prolog), parses as XML and
// holds no element outside what a chart needs.
func checkSVGOutput(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("<svg")) {
		t.Fatalf("SVG starts with %q, want <svg", b[:min(len(b), 20)])
	}
	if bytes.Contains(b, []byte("<?xml")) {
		t.Error("SVG holds an XML prolog")
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	elements := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse as XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			elements++
			switch se.Name.Local {
			case "svg", "g", "path", "text":
			default:
				t.Errorf("SVG holds a <%s> element", se.Name.Local)
			}
		}
	}
	if elements < 10 {
		t.Errorf("SVG holds %d elements; a chart has many more", elements)
	}
	lower := bytes.ToLower(b)
	for _, bad := range []string{"<script", "<img", "onerror=\"", "javascript:"} {
		if bytes.Contains(lower, []byte(bad)) {
			t.Errorf("SVG holds %q", bad)
		}
	}
}

// checkPNGOutput fails t unless b decodes as a PNG of width × height.
func checkPNGOutput(t *testing.T, b []byte, width, height int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if got := img.Bounds().Size(); got.X != width || got.Y != height {
		t.Fatalf("PNG is %d × %d, want %d × %d", got.X, got.Y, width, height)
	}
}

// svgText returns the text of every <text> element of an SVG, unescaped.
func svgText(t *testing.T, b []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	var out strings.Builder
	in := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out.String()
		}
		if err != nil {
			t.Fatalf("SVG does not parse as XML: %v", err)
		}
		switch tt := tok.(type) {
		case xml.StartElement:
			in = tt.Name.Local == "text"
		case xml.EndElement:
			if in {
				out.WriteByte('\n')
			}
			in = false
		case xml.CharData:
			if in {
				out.Write(tt)
			}
		}
	}
}

// TestSpecsOfEveryScenario draws every chart of every test scenario
// (every preset, three roles, nine roles over hours, hostile names) as
// SVG: Specs lists bad minutes, two charts per enabled pass and the
// durations, with distinct ids, and each chart has its title, the number
// of months, percent on an axis and, on time axes, the unit.
// TestEverySpecRenders checks each kind once in detail and as PNG.
func TestSpecsOfEveryScenario(t *testing.T) {
	for _, sc := range scenarios(t) {
		c := results(t, sc)
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			specs := Specs(c)
			passes := len(c.PassDurations)
			if want := 2 + 2*passes; len(specs) != want {
				t.Errorf("%d specs, want %d (bad minutes, 2 per pass, durations)", len(specs), want)
			}
			seen := map[string]bool{}
			for _, s := range specs {
				if seen[s.ID()] {
					t.Errorf("duplicate id %q", s.ID())
				}
				seen[s.ID()] = true
				svg, err := SVG(s, c)
				if err != nil {
					t.Fatal(err)
				}
				checkSVGOutput(t, svg)
				text := svgText(t, svg)
				for _, want := range []string{s.Title, "simulated months", "%"} {
					if !strings.Contains(text, want) {
						t.Errorf("%s: SVG text lacks %q:\n%s", s.ID(), want, text)
					}
				}
				if !strings.Contains(text, "(minutes") && !strings.Contains(text, "(hours") && s.Kind != CapacityLoss {
					t.Errorf("%s: SVG text names no time unit:\n%s", s.ID(), text)
				}
			}
		})
	}
}

// TestHostileNames checks that markup in role and scenario names reaches
// the SVG only as escaped text, and still reaches it.
func TestHostileNames(t *testing.T) {
	var sc namedScenario
	for _, s := range scenarios(t) {
		if s.name == "hostile" {
			sc = s
		}
	}
	c := results(t, sc)
	for _, s := range Specs(c) {
		svg, err := SVG(s, c)
		if err != nil {
			t.Fatalf("%s: %v", s.ID(), err)
		}
		checkSVGOutput(t, svg)
		text := svgText(t, svg)
		if !strings.Contains(text, `</svg><script>alert("x")</script>`) {
			t.Errorf("%s: the scenario's name is missing from the text:\n%s", s.ID(), text)
		}
		if s.Kind == BadMinutes || s.Kind == WarmCapacity || s.Kind == CapacityLoss {
			for _, name := range []string{imgName, textName, quotedName} {
				if !strings.Contains(text, name) {
					t.Errorf("%s: role %q is missing from the text:\n%s", s.ID(), name, text)
				}
			}
		}
	}
	svg, err := CompareBadMinutes(c, c, imgName, textName)
	if err != nil {
		t.Fatal(err)
	}
	checkSVGOutput(t, svg)
	if text := svgText(t, svg); !strings.Contains(text, imgName) || !strings.Contains(text, textName) {
		t.Errorf("comparison lacks its labels:\n%s", text)
	}
}

// oddCharts returns chart data that is empty, degenerate or broken, built
// from a small valid run.
func oddCharts(t *testing.T) []struct {
	name    string
	c       planner.Charts
	wantErr bool // for every spec of the valid run
} {
	p, ok := model.PresetByName("seed-example")
	if !ok {
		t.Fatal("no seed-example preset")
	}
	s := p.Scenario
	s.Trials = 50
	s.Seed = 1
	acc, err := planner.Run(t.Context(), s, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	good := acc.Charts()
	zero := planner.Distribution{Name: "service", Unit: "minutes", CDF: []planner.Point{{X: 0, Y: 1}}}

	modify := func(f func(c *planner.Charts)) planner.Charts {
		c := good
		c.WarmCapacity = append([]planner.WarmBands(nil), good.WarmCapacity...)
		c.BadMinutes = append([]planner.Distribution(nil), good.BadMinutes...)
		c.PassDurations = append([]planner.Distribution(nil), good.PassDurations...)
		c.CapacityLoss = append([]planner.RoleResult(nil), good.CapacityLoss...)
		f(&c)
		return c
	}
	return []struct {
		name    string
		c       planner.Charts
		wantErr bool
	}{
		{"valid", good, false},
		{"zero value", planner.Charts{}, true},
		{"zero trials with data", modify(func(c *planner.Charts) { c.Trials = 0 }), true},
		{"negative trials", modify(func(c *planner.Charts) { c.Trials = -1 }), true},
		{"trials but no data", planner.Charts{Trials: 10}, true},
		{"all-zero bad minutes", modify(func(c *planner.Charts) {
			c.BadMinutes = []planner.Distribution{zero, zero, zero}
		}), false},
		{"NaN budget", modify(func(c *planner.Charts) { c.BudgetMinutes = math.NaN() }), false},
		{"negative budget", modify(func(c *planner.Charts) { c.BudgetMinutes = -1 }), false},
		{"huge budget", modify(func(c *planner.Charts) { c.BudgetMinutes = 1e6 }), false},
		{"single grid point", modify(func(c *planner.Charts) {
			for i, wb := range c.WarmCapacity {
				wb.Minutes, wb.P05, wb.P50, wb.P95 = wb.Minutes[:1], wb.P05[:1], wb.P50[:1], wb.P95[:1]
				c.WarmCapacity[i] = wb
			}
		}), false},
		{"empty CDFs", modify(func(c *planner.Charts) {
			for i := range c.BadMinutes {
				c.BadMinutes[i].CDF = nil
			}
			for i := range c.PassDurations {
				c.PassDurations[i].CDF = nil
			}
			for i, wb := range c.WarmCapacity {
				wb.Minutes, wb.P05, wb.P50, wb.P95 = nil, nil, nil, nil
				c.WarmCapacity[i] = wb
			}
			for i, r := range c.CapacityLoss {
				r.UDCapacityLoss = nil
				c.CapacityLoss[i] = r
			}
		}), true},
		{"NaN everywhere", modify(func(c *planner.Charts) {
			nan := math.NaN()
			for i := range c.BadMinutes {
				c.BadMinutes[i].CDF = []planner.Point{{X: nan, Y: 1}}
			}
			for i := range c.PassDurations {
				c.PassDurations[i].CDF = []planner.Point{{X: math.Inf(1), Y: 1}}
			}
			for i, wb := range c.WarmCapacity {
				wb.Needed = nan
				c.WarmCapacity[i] = wb
			}
			for i, r := range c.CapacityLoss {
				loss := make([]planner.PassCapacityLoss, len(r.UDCapacityLoss))
				for k, pl := range r.UDCapacityLoss {
					pl.Domains = append([]planner.UDLoss(nil), pl.Domains...)
					pl.Domains[0].Mean = nan
					loss[k] = pl
				}
				r.UDCapacityLoss = loss
				c.CapacityLoss[i] = r
			}
		}), true},
		{"shares out of range", modify(func(c *planner.Charts) {
			for i := range c.BadMinutes {
				c.BadMinutes[i].CDF = []planner.Point{{X: 1, Y: 2}}
			}
			for i := range c.PassDurations {
				c.PassDurations[i].CDF = []planner.Point{{X: -1, Y: 1}}
			}
			for i, wb := range c.WarmCapacity {
				wb.P50 = wb.P50[:len(wb.P50)-1]
				c.WarmCapacity[i] = wb
			}
			for i, r := range c.CapacityLoss {
				loss := make([]planner.PassCapacityLoss, len(r.UDCapacityLoss))
				for k, pl := range r.UDCapacityLoss {
					pl.Domains = nil
					loss[k] = pl
				}
				r.UDCapacityLoss = loss
				c.CapacityLoss[i] = r
			}
		}), true},
	}
}

// TestOddInputs draws every chart of a small run from odd or broken data:
// each gives an error or a valid chart, never a panic.
func TestOddInputs(t *testing.T) {
	cases := oddCharts(t)
	specs := Specs(cases[0].c)
	if len(specs) == 0 {
		t.Fatal("the valid run has no specs")
	}
	for _, tc := range cases {
		for _, s := range specs {
			t.Run(tc.name+"/"+s.ID(), func(t *testing.T) {
				svg, err := noPanic(t, func() ([]byte, error) { return SVG(s, tc.c) })
				if (err != nil) != tc.wantErr {
					t.Fatalf("SVG error %v, want error: %v", err, tc.wantErr)
				}
				if err == nil {
					checkSVGOutput(t, svg)
				}
				// Small PNGs: TestEverySpecRenders checks the slide size;
				// this checks the errors, and stays quick under Node.
				b, err := noPanic(t, func() ([]byte, error) { return PNGSize(s, tc.c, ScreenWidth, ScreenHeight, 36) })
				if (err != nil) != tc.wantErr {
					t.Fatalf("PNG error %v, want error: %v", err, tc.wantErr)
				}
				if err == nil {
					checkPNGOutput(t, b, 288, 162)
				}
			})
		}
	}
	if got := Specs(planner.Charts{}); got != nil {
		t.Errorf("Specs of no trials = %v, want nil", got)
	}
	if _, err := SVG(specs[0], planner.Charts{}); !errors.Is(err, ErrNoTrials) {
		t.Errorf("SVG of no trials: %v, want ErrNoTrials", err)
	}
}

// vgLen converts points to a vg.Length.
func vgLen(pt float64) vg.Length { return vg.Length(pt) }

// noPanic runs f and fails t if it panics.
func noPanic(t *testing.T, f func() ([]byte, error)) (b []byte, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panic: %v", r)
		}
	}()
	return f()
}

// TestBadSpecs checks the errors for specs that do not fit the results.
func TestBadSpecs(t *testing.T) {
	c := oddCharts(t)[0].c
	for _, tc := range []struct {
		name string
		s    Spec
		want string
	}{
		{"unknown kind", Spec{Kind: "pie"}, "unknown chart kind"},
		{"per-pass kind without a pass", Spec{Kind: WarmCapacity}, "needs a pass"},
		{"loss without a pass", Spec{Kind: CapacityLoss}, "needs a pass"},
		{"pass on a single chart", Spec{Kind: BadMinutes, Pass: model.HostOS}, "not drawn per pass"},
		{"unknown pass", Spec{Kind: WarmCapacity, Pass: "moon"}, "no warm-capacity results"},
		{"unknown pass for loss", Spec{Kind: CapacityLoss, Pass: "moon"}, "no capacity-loss results"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := SVG(tc.s, c)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("SVG error %v, want one containing %q", err, tc.want)
			}
		})
	}
	for _, size := range [][2]float64{{0, 100}, {100, -1}, {math.NaN(), 100}, {1e6, 100}} {
		if _, err := SVGSize(Specs(c)[0], c, vgLen(size[0]), vgLen(size[1])); err == nil {
			t.Errorf("SVGSize %v: no error", size)
		}
	}
	if _, err := PNGSize(Specs(c)[0], c, ScreenWidth, ScreenHeight, 0); err == nil {
		t.Error("PNGSize at 0 dpi: no error")
	}
	if _, err := PNGSize(Specs(c)[0], c, 100*vg.Inch, 100*vg.Inch, 1200); err == nil {
		t.Error("PNGSize of 14 gigapixels: no error")
	}
	b, err := PNGSize(Specs(c)[0], c, ScreenWidth, ScreenHeight, 96)
	if err != nil {
		t.Fatal(err)
	}
	checkPNGOutput(t, b, 768, 432)
}

// TestSpecID checks that ids are stable and safe in URLs and file names.
func TestSpecID(t *testing.T) {
	for _, tc := range []struct {
		s    Spec
		want string
	}{
		{Spec{Kind: BadMinutes}, "bad-minutes"},
		{Spec{Kind: PassDurations}, "pass-durations"},
		{Spec{Kind: WarmCapacity, Pass: model.HostOS}, "warm-capacity-host_os"},
		{Spec{Kind: CapacityLoss, Pass: model.GuestAgent}, "capacity-loss-guest_agent"},
		{Spec{Kind: "Warm/../x", Pass: "<b>"}, "warm----x--b-"},
	} {
		if got := tc.s.ID(); got != tc.want {
			t.Errorf("%+v.ID() = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// TestCompareBadMinutes overlays two presets' bad-minutes CDFs.
func TestCompareBadMinutes(t *testing.T) {
	var a, b planner.Charts
	for _, sc := range scenarios(t) {
		switch sc.name {
		case "seed-example":
			a = results(t, sc)
		case "warmup-in-onstart":
			b = results(t, sc)
		}
	}
	if a.Trials == 0 || b.Trials == 0 {
		t.Fatal("missing presets")
	}
	tighter := b
	tighter.BudgetMinutes = b.BudgetMinutes / 2
	fewer := b
	fewer.Trials = b.Trials / 2
	for _, tc := range []struct {
		name           string
		a, b           planner.Charts
		labelA, labelB string
		want, notWant  []string
	}{
		{"same budget", a, b, "warm-up after", "warm-up in OnStart",
			[]string{"warm-up after", "warm-up in OnStart", "SLA budget (21.6 min)", "2 000 simulated months each"},
			[]string{"warm-up after budget"}},
		{"budgets differ", a, tighter, "A side", "B side",
			[]string{"A side budget (21.6 min)", "B side budget (10.8 min)"},
			[]string{"SLA budget"}},
		{"empty labels", a, fewer, "", " \n",
			[]string{"A\n", "B\n", "2 000 and 1 000 simulated months"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svg, err := CompareBadMinutes(tc.a, tc.b, tc.labelA, tc.labelB)
			if err != nil {
				t.Fatal(err)
			}
			checkSVGOutput(t, svg)
			text := svgText(t, svg)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(text, w) {
					t.Errorf("text holds %q:\n%s", w, text)
				}
			}
		})
	}
	for _, tc := range []struct {
		name string
		a, b planner.Charts
	}{{"A empty", planner.Charts{}, b}, {"B empty", a, planner.Charts{}}} {
		if _, err := CompareBadMinutes(tc.a, tc.b, "a", "b"); !errors.Is(err, ErrNoTrials) {
			t.Errorf("%s: %v, want ErrNoTrials", tc.name, err)
		}
	}
	if _, err := CompareBadMinutes(planner.Charts{Trials: 3}, b, "a", "b"); err == nil {
		t.Error("results without distributions: no error")
	}
}

// ExampleSpec_ID shows the ids of a run's charts.
func ExampleSpec_ID() {
	for _, s := range []Spec{{Kind: BadMinutes}, {Kind: WarmCapacity, Pass: model.HostOS}} {
		fmt.Println(s.ID())
	}
	// Output:
	// bad-minutes
	// warm-capacity-host_os
}
