package charts

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// bandAlpha is the opacity of a P5–P95 band: light enough that two
// overlapping bands and every median line stay visible.
const bandAlpha = 0.22

// buildWarmCapacity draws each role's warm capacity over pass p.
func buildWarmCapacity(ch *chart, pass model.PassKind, c planner.Charts) error {
	var bands []planner.WarmBands
	for _, wb := range c.WarmCapacity {
		if wb.Pass == pass {
			bands = append(bands, wb)
		}
	}
	if len(bands) == 0 {
		return fmt.Errorf("pass %q has no warm-capacity results; the scenario's enabled passes are %v", pass, passes(c))
	}
	maxMin := 0.0
	for _, wb := range bands {
		n := len(wb.Minutes)
		if n == 0 || len(wb.P05) != n || len(wb.P50) != n || len(wb.P95) != n {
			return fmt.Errorf("role %q: warm-capacity grid and percentiles differ in length", wb.Role)
		}
		if !finite(wb.Minutes...) || !finite(wb.P05...) || !finite(wb.P50...) || !finite(wb.P95...) || !finite(wb.Needed) {
			return fmt.Errorf("role %q: %w", wb.Role, errNotFinite)
		}
		maxMin = max(maxMin, wb.Minutes[n-1])
	}
	div, unit := timeUnit(maxMin)

	p := ch.plot
	p.X.Label.Text = "time from the pass's start (" + unit + ")"
	p.X.Tick.Marker = timeTicks(unit)
	p.Y.Label.Text = "warm capacity (% of instances)"
	p.X.Min, p.X.Max = 0, maxMin/div
	if p.X.Max <= 0 {
		p.X.Max = 1
	}
	percentAxis(&p.Y, 100, 20)
	addGrid(p, true, true)

	// Bands first, then the needed lines, then the medians on top.
	lines := make([]*plotter.Line, len(bands))
	needs := make([]*plotter.Line, len(bands))
	fills := make([]*band, len(bands))
	for i, wb := range bands {
		col, dashes := seriesStyle(i)
		x := make([]float64, len(wb.Minutes))
		lo := make([]float64, len(wb.Minutes))
		hi := make([]float64, len(wb.Minutes))
		mid := make(plotter.XYs, len(wb.Minutes))
		for k, m := range wb.Minutes {
			x[k] = m / div
			lo[k], hi[k] = 100*wb.P05[k], 100*wb.P95[k]
			mid[k] = plotter.XY{X: x[k], Y: 100 * wb.P50[k]}
		}
		fills[i] = &band{x: x, lo: lo, hi: hi, color: translucent(col, bandAlpha)}

		l, err := plotter.NewLine(mid)
		if err != nil {
			return err
		}
		l.LineStyle = draw.LineStyle{Color: col, Width: vg.Points(2), Dashes: dashes}
		lines[i] = l

		need := 100 * wb.Needed
		nl, err := plotter.NewLine(plotter.XYs{{X: p.X.Min, Y: need}, {X: p.X.Max, Y: need}})
		if err != nil {
			return err
		}
		nl.LineStyle = draw.LineStyle{Color: col, Width: vg.Points(1.5), Dashes: dashed}
		needs[i] = nl
	}
	for _, f := range fills {
		p.Add(f)
	}
	for _, l := range needs {
		p.Add(l)
	}
	for _, l := range lines {
		p.Add(l)
	}

	for i, wb := range bands {
		ch.add(clean(wb.Role, maxNameRunes), " (load needs "+num(100*wb.Needed)+" %)", fills[i], lines[i])
	}
	grey := color.NRGBA{0x55, 0x55, 0x55, 0xFF}
	ch.add("median, P5–P95 band", "",
		&band{color: translucent(grey, bandAlpha)},
		hlineThumb(draw.LineStyle{Color: grey, Width: vg.Points(2)}))
	ch.add("load: warm share needed", "", hlineThumb(draw.LineStyle{Color: grey, Width: vg.Points(1.5), Dashes: dashed}))
	return nil
}
