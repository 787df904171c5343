package charts

import (
	"image/color"
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
	curves := make([]cdfCurve, len(ds))
	for i, d := range ds {
		curves[i] = cdfCurve{d: d, name: "service", color: serviceColor, width: vg.Points(2.4)}
		if i > 0 {
			curves[i].color, curves[i].dashes = seriesStyle(i - 1)
			curves[i].width = vg.Points(1.8)
			curves[i].name = clean(d.Name, maxNameRunes)
		}
	}
	budget := budgetLine{minutes: c.BudgetMinutes, name: "SLA budget"}
	return drawBadMinutes(ch, curves, []budgetLine{budget})
}

// cdfCurve is one bad-minutes curve: its distribution and how to draw and
// name it.
type cdfCurve struct {
	d      planner.Distribution
	name   string // cleaned
	color  color.Color
	width  vg.Length
	dashes []vg.Length
}

// budgetLine is a vertical line at an SLA's monthly budget, in minutes;
// one that is negative or not finite is left out.
type budgetLine struct {
	minutes float64
	name    string // cleaned
	dashes  []vg.Length
}

// drawBadMinutes draws CDFs of bad minutes per month with budget lines.
// The x axis is linear, or log(1 + x) when the largest value is far
// beyond the bulk of the months.
func drawBadMinutes(ch *chart, curves []cdfCurve, budgets []budgetLine) error {
	ds := make([]planner.Distribution, len(curves))
	for i, cv := range curves {
		if err := checkCDF(cv.d); err != nil {
			return err
		}
		ds[i] = cv.d
	}
	var lines []budgetLine
	for _, b := range budgets {
		if finite(b.minutes) && b.minutes >= 0 {
			lines = append(lines, b)
		}
	}

	hi := cdfMax(ds)
	bulk := 1.0
	for _, d := range ds {
		bulk = max(bulk, quantile(d, 0.9))
	}
	for _, b := range lines {
		hi = max(hi, b.minutes)
		bulk = max(bulk, b.minutes)
	}

	p := ch.plot
	p.Y.Label.Text = "months with at most x bad minutes (%)"
	percentAxis(&p.Y, 100, 20)
	p.X.Min = 0
	tr := func(x float64) float64 { return x }
	if hi > longTail*bulk {
		top := niceCeil(hi * 1.02)
		tr = math.Log1p
		p.X.Label.Text = "x: bad minutes per month (minutes, log scale)"
		p.X.Max = math.Log1p(top)
		p.X.Tick.Marker = plot.ConstantTicks(log1pTicks(top))
	} else {
		p.X.Label.Text = "x: bad minutes per month (minutes)"
		p.X.Max = max(hi*1.05, 1)
		p.X.Tick.Marker = valueTicks
	}
	addGrid(p, true, true)

	for _, cv := range curves {
		l, err := cdfLine(cv.d, tr, p.X.Max, cv.color, cv.width, cv.dashes)
		if err != nil {
			return err
		}
		p.Add(l)
		ch.add(cv.name, "", l)
	}
	for _, b := range lines {
		v := &vline{x: tr(b.minutes), style: draw.LineStyle{Color: budgetColor, Width: vg.Points(1.8), Dashes: b.dashes}}
		if v.style.Dashes == nil {
			v.style.Dashes = dashed
		}
		p.Add(v)
		ch.add(b.name, " ("+num(b.minutes)+" min)", v)
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
