package charts

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"rolloutplanner/planner"
)

// longTail is how far beyond the bulk of the months (the largest P90 of
// the curves, or the budget) the largest value must reach before the x
// axis switches to a log(1 + x) scale.
const longTail = 4

// buildBadMinutes draws the CDF of bad minutes per month: the service,
// each role when there are two or more, and the SLA budget.
func buildBadMinutes(ch *chart, c planner.Charts) error {
	ds := c.BadMinutes
	if len(ds) == 0 {
		return errNoDistributions
	}
	if len(ds) == 2 {
		ds = ds[:1] // one role: its curve is the service's
	}
	for _, d := range ds {
		if err := checkCDF(d); err != nil {
			return err
		}
	}
	budget := c.BudgetMinutes
	if !finite(budget) || budget < 0 {
		budget = math.NaN() // drawn without a budget line
	}

	hi := cdfMax(ds)
	bulk := 1.0
	for _, d := range ds {
		bulk = max(bulk, quantile(d, 0.9))
	}
	if !math.IsNaN(budget) {
		hi = max(hi, budget)
		bulk = max(bulk, budget)
	}

	p := ch.plot
	p.Y.Label.Text = "share of months (%)"
	percentAxis(&p.Y, 100, 20)
	p.X.Min = 0
	if hi > longTail*bulk {
		p.X.Label.Text = "bad minutes per month (minutes, log scale)"
		p.X.Scale = log1pScale{}
		p.X.Tick.Marker = plot.TickerFunc(log1pTicks)
		p.X.Max = niceCeil(hi * 1.02)
	} else {
		p.X.Label.Text = "bad minutes per month (minutes)"
		p.X.Max = max(hi*1.05, 1)
	}
	addGrid(p, true, true)

	for i, d := range ds {
		col, dashes, width := serviceColor, []vg.Length(nil), vg.Points(2.4)
		name := "service"
		if i > 0 {
			col, dashes = seriesStyle(i - 1)
			width = vg.Points(1.8)
			name = clean(d.Name, maxNameRunes)
		}
		l, err := cdfLine(d, 1, p.X.Max, col, width, dashes)
		if err != nil {
			return err
		}
		p.Add(l)
		ch.legend.Add(name, l)
	}
	if !math.IsNaN(budget) {
		v := &vline{x: budget, style: draw.LineStyle{Color: budgetColor, Width: vg.Points(1.8), Dashes: dashed}}
		p.Add(v)
		ch.legend.Add("SLA budget ("+num(budget)+" min)", v)
	}
	return nil
}

// niceCeil rounds x > 0 up to 1, 2 or 5 times a power of ten.
func niceCeil(x float64) float64 {
	if x <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}
