package charts

import (
	"gonum.org/v1/plot/vg"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// buildPassDurations draws the CDF of each enabled pass's duration.
func buildPassDurations(ch *chart, c planner.Charts) error {
	ds := c.PassDurations
	if len(ds) == 0 {
		return errNoDistributions
	}
	for _, d := range ds {
		if err := checkCDF(d); err != nil {
			return err
		}
	}
	div, unit := timeUnit(cdfMax(ds))

	p := ch.plot
	p.X.Label.Text = "x: pass duration (" + unit + ")"
	p.X.Tick.Marker = timeTicks(unit)
	p.Y.Label.Text = "passes done within x (% of months)"
	percentAxis(&p.Y, 100, 20)
	p.X.Min, p.X.Max = 0, max(cdfMax(ds)/div*1.05, 1/div)
	addGrid(p, true, true)

	short := "min"
	if unit == "hours" {
		short = "h"
	}
	for i, d := range ds {
		col, dashes := seriesStyle(passColor(d.Name, i))
		l, err := cdfLine(d, func(x float64) float64 { return x / div }, p.X.Max, col, vg.Points(2), dashes)
		if err != nil {
			return err
		}
		p.Add(l)
		name, suffix := clean(d.Name, maxNameRunes), ""
		if finite(d.Mean) {
			suffix = " (mean " + num(d.Mean/div) + " " + short + ")"
		}
		ch.add(name, suffix, l)
	}
	return nil
}

// passColor keeps a pass's colour the same whichever passes are enabled:
// Host OS blue, Guest OS orange, guest agent green.
func passColor(title string, i int) int {
	for k, p := range []model.PassKind{model.HostOS, model.GuestOS, model.GuestAgent} {
		if title == p.Title() {
			return k
		}
	}
	return i
}
