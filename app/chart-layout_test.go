package app

import (
	"os"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
	"rolloutplanner/worker/client"
)

// TestChartLayouts: reduce draws each chart of a run in the drawings its
// layout asks for (the pre-rendered page carries both), byte for byte
// charts.SVG and charts.SVGCompact; the figure of a chart with both marks
// itself dual, the wide drawing first, so that web/planner.css can show
// the one for the screen; the export of a chart on screen keeps the
// slide size whichever drawing the screen shows.
func TestChartLayouts(t *testing.T) {
	pr, _ := smallRun(t, "fleet", 300)
	done := make(chan *client.Outcome, 1)
	client.NewPool("", 1).Run(pr, nil, 0, pr.Trials, nil, func(out *client.Outcome, err error) { done <- out })
	out := <-done
	for _, tc := range []struct {
		name          string
		lay           chartLayout
		wide, compact bool
	}{
		{"wide", layoutWide, true, false},
		{"compact", layoutCompact, false, true},
		{"both", layoutBoth, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := reduce(pr, out, tc.lay)
			if len(r.charts) < 4 {
				t.Fatalf("%d charts", len(r.charts))
			}
			if r.hasLayout(false) != tc.wide || r.hasLayout(true) != tc.compact {
				t.Errorf("hasLayout(wide) %v, hasLayout(narrow) %v; want %v, %v", r.hasLayout(false), r.hasLayout(true), tc.wide, tc.compact)
			}
			for _, c := range r.charts {
				if c.Err != "" {
					t.Fatalf("%s: %s", c.ID, c.Err)
				}
				if tc.wide {
					want, _ := charts.SVG(c.spec, r.data)
					if c.SVG != string(want) {
						t.Errorf("%s: the wide drawing is not charts.SVG's", c.ID)
					}
				}
				if tc.compact {
					want, _ := charts.SVGCompact(c.spec, r.data)
					if c.Compact != string(want) {
						t.Errorf("%s: the compact drawing is not charts.SVGCompact's", c.ID)
					}
				}
				f := newChartFigure(c.ID, c.Title, c.SVG, c.Err)
				f.Compact = c.Compact
				html := app.HTMLString(f)
				dual := strings.Contains(html, `class="chart-svg `+ChartDualClass+`"`)
				if n := strings.Count(html, "<svg"); n != map[bool]int{true: 2, false: 1}[tc.wide && tc.compact] || dual != (n == 2) {
					t.Errorf("%s: the figure holds %d drawings, dual %v", c.ID, n, dual)
				}
				if dual && strings.Index(html, `viewBox="0 0 576`) > strings.Index(html, `viewBox="0 0 288`) {
					t.Errorf("%s: the compact drawing comes before the wide one", c.ID)
				}
			}
			src := chartSources{shown: r, sc: pr}
			for _, f := range src.files() {
				svg, err := f.svg()
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(svg), `viewBox="0 0 576 324"`) {
					t.Errorf("the export of %s is not at the slide size: %.80s", f.id, svg)
				}
			}
		})
	}
}

// TestNarrowQueryInCSS: web/planner.css chooses between a chart's two
// drawings with the query by which the page draws one of them.
func TestNarrowQueryInCSS(t *testing.T) {
	css, err := os.ReadFile("../web/planner.css")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"@media " + NarrowQuery + " { .chart-svg." + ChartDualClass + " > svg:first-child { display: none; } }",
		"@media not all and " + NarrowQuery + " { .chart-svg." + ChartDualClass + " > svg:last-child { display: none; } }",
	} {
		if !strings.Contains(string(css), want) {
			t.Errorf("web/planner.css lacks %q", want)
		}
	}
}
