package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/worker/chartdraw"
	"rolloutplanner/worker/sim"
)

// NarrowQuery is the media query of a narrow screen (a phone), where the
// page shows the charts drawn compact (charts.SVGCompact, 384 px wide)
// instead of at the slide size (768 px), which would shrink their text
// to about 6 px. web/planner.css uses the same query to choose between
// the two drawings of a chart when the page carries both (the
// pre-rendered page, which cannot know the screen).
const NarrowQuery = "(max-width: 600px)"

// chartLayout says which drawings of the charts to make.
type chartLayout int

const (
	layoutWide    chartLayout = iota // the slide size only
	layoutCompact                    // the compact size only (a narrow screen)
	layoutBoth                       // both: the pre-rendered page, CSS chooses
)

// layoutFor is the layout of a screen: compact when narrow.
func layoutFor(narrow bool) chartLayout {
	if narrow {
		return layoutCompact
	}
	return layoutWide
}

// narrowScreen reports whether the browser's viewport matches
// NarrowQuery; false outside the browser.
func narrowScreen() bool {
	if !app.IsClient {
		return false
	}
	mq := app.Window().Call("matchMedia", NarrowQuery)
	return mq.Truthy() && mq.Get("matches").Bool()
}

// drawChart draws one chart of data in the drawings lay asks for.
func drawChart(spec charts.Spec, data planner.Charts, lay chartLayout) chartView {
	c := chartView{ID: spec.ID(), Title: spec.Title, spec: spec}
	if lay != layoutCompact {
		svg, err := charts.SVG(spec, data)
		if err != nil {
			c.Err = err.Error()
			return c
		}
		c.SVG = svgMarkup(svg)
	}
	if lay != layoutWide {
		svg, err := charts.SVGCompact(spec, data)
		if err != nil {
			c.Err = err.Error()
			return c
		}
		c.Compact = svgMarkup(svg)
	}
	return c
}

// hasLayout reports whether every drawable chart of r has the drawing
// that a screen of this narrowness shows.
func (r *shownResult) hasLayout(narrow bool) bool {
	for _, c := range r.charts {
		if c.Err == "" && (narrow && c.Compact == "" || !narrow && c.SVG == "") {
			return false
		}
	}
	return true
}

// OnResize follows the viewport across NarrowQuery's threshold: the
// charts on screen are drawn again for the new width (by the chart worker
// when it is ready, else by the page), and the next runs draw for it.
func (p *Planner) OnResize(ctx app.Context) {
	narrow := narrowScreen()
	if narrow == p.narrow {
		return
	}
	p.narrow = narrow
	p.redrawCharts(ctx)
}

// redrawCharts adds to the charts on screen the drawing that the screen
// shows, if they lack it; the drawing they have is kept, so that going
// back across the threshold costs nothing.
func (p *Planner) redrawCharts(ctx app.Context) {
	r, narrow := p.shown, p.narrow
	if r == nil || r.hasLayout(narrow) {
		return
	}
	add := func(drawn map[string]chartView) {
		ctx.Dispatch(func(app.Context) {
			if p.shown != r || p.narrow != narrow {
				return // another result or another width since
			}
			cs := make([]chartView, len(r.charts))
			copy(cs, r.charts)
			for i, c := range cs {
				d, ok := drawn[c.ID]
				switch {
				case !ok:
				case narrow && d.Compact != "":
					cs[i].Compact = d.Compact
				case !narrow && d.SVG != "":
					cs[i].SVG = d.SVG
				}
			}
			r.charts = cs
			p.chartsSeq++
		})
	}
	lay := layoutFor(narrow)
	sc, data := r.scenario, r.data
	if cw := p.run.charts; cw != nil && cw.Ready() {
		sum := sim.Summary{Result: r.result, Charts: data}
		b, err1 := sum.MarshalBinary()
		text, err2 := model.Encode(sc)
		if err1 == nil && err2 == nil && cw.Draw(b, string(text), workerLayout(narrow), func(answer []byte, err error) {
			ctx.Async(func() {
				if err == nil {
					if byID, err := checkedDrawn(answer); err == nil {
						out := map[string]chartView{}
						for id, d := range byID {
							c := chartView{}
							if narrow {
								c.Compact = svgMarkup([]byte(d.SVG))
							} else {
								c.SVG = svgMarkup([]byte(d.SVG))
							}
							out[id] = c
						}
						add(out)
						return
					}
				}
				add(drawAll(sc, data, lay))
			})
		}) {
			return
		}
	}
	ctx.Async(func() { add(drawAll(sc, data, lay)) })
}

// drawAll draws every chart of data for scenario sc in layout lay, by
// id, yielding between charts (Go's WebAssembly does not pre-empt).
func drawAll(sc model.Scenario, data planner.Charts, lay chartLayout) map[string]chartView {
	out := map[string]chartView{}
	for _, spec := range charts.Specs(data) {
		time.Sleep(time.Millisecond)
		spec.Scenario = &sc
		out[spec.ID()] = drawChart(spec, data, lay)
	}
	return out
}

// checkedDrawn reads the chart worker's answer, each chart's markup
// checked (charts.CheckSVG), a chart at a time with a yield in between.
func checkedDrawn(answer []byte) (map[string]chartdraw.Drawn, error) {
	drawn, err := chartdraw.Unmarshal(answer)
	if err != nil {
		return nil, err
	}
	out := make(map[string]chartdraw.Drawn, len(drawn))
	for _, d := range drawn {
		time.Sleep(time.Millisecond)
		if err := d.Check(); err != nil {
			return nil, err
		}
		out[d.ID] = d
	}
	return out, nil
}

// workerLayout is the chart worker's name of a screen's layout.
func workerLayout(narrow bool) string {
	if narrow {
		return chartdraw.Compact
	}
	return chartdraw.Wide
}
