package charts

import (
	"fmt"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"rolloutplanner/planner/fit"
)

// FitID is the fit chart's id, for errors and file names.
const FitID = "fit"

// fitPoints is how many points draw each fitted CDF.
const fitPoints = 200

// maxFitData is the most observations FitSVG draws: the limit of a
// model's empirical distribution.
const maxFitData = 100_000

// FitSVG returns the fit chart of observed durations data (minutes) and
// their calibration c (from fit.Calibrate(data)) as SVG markup at
// ScreenWidth × ScreenHeight, starting with "<svg" and safe as raw markup
// (like SVG). what names the durations ("web: startup tasks"); it is
// untrusted text, cleaned.
//
// The chart draws the empirical CDF of the data as a black step line and
// each fitted CDF of c.Fits as a coloured curve; the legend gives each
// fit's Kolmogorov–Smirnov statistic (the largest vertical gap between
// its curve and the steps) and marks the best one. x: duration, minutes
// (hours when long); y: share of observations at or below x, percent.
//
// It returns an error for no data, more than 100,000 observations, or
// values that are negative or not finite; it never panics.
func FitSVG(data []float64, c fit.Calibration, what string) ([]byte, error) {
	return FitSVGSize(data, c, what, ScreenWidth, ScreenHeight)
}

// FitCompactWidth × FitCompactHeight is the fit chart's compact size:
// 336 × 336 CSS pixels, narrower than CompactWidth because on a phone
// the chart sits in the editor's boxes, a column of about 300 px, where
// its 10 pt text stays 11.8 px high.
const (
	FitCompactWidth  = 3.5 * vg.Inch
	FitCompactHeight = 3.5 * vg.Inch
)

// FitSVGCompact is FitSVG at FitCompactWidth × FitCompactHeight, laid
// out for a phone's screen (CompactLayout). Exports keep FitSVG's slide
// size.
func FitSVGCompact(data []float64, c fit.Calibration, what string) ([]byte, error) {
	return FitSVGSize(data, c, what, FitCompactWidth, FitCompactHeight)
}

// FitSVGSize is FitSVG at width × height; a width under CompactLayout is
// laid out compactly.
func FitSVGSize(data []float64, c fit.Calibration, what string, width, height vg.Length) ([]byte, error) {
	if err := checkSize(width, height); err != nil {
		return nil, err
	}
	ch, err := buildFit(data, c, what)
	if err != nil {
		return nil, err
	}
	return renderSVG(ch, FitID, width, height)
}

// FitPNG is FitSVG as a PNG at slide resolution, 1600 × 900 pixels.
func FitPNG(data []float64, c fit.Calibration, what string) ([]byte, error) {
	return FitPNGSize(data, c, what, ScreenWidth, ScreenHeight, SlideDPI)
}

// FitPNGSize is FitPNG at width × height and dpi, with PNGSize's limits.
func FitPNGSize(data []float64, c fit.Calibration, what string, width, height vg.Length, dpi int) ([]byte, error) {
	ch, err := buildFit(data, c, what)
	if err != nil {
		return nil, err
	}
	return drawPNG(func(dc draw.Canvas) { render(ch, dc) }, FitID, width, height, dpi)
}

// familyName names a fitted family in a legend.
func familyName(f fit.Family) string {
	switch f {
	case fit.LogNormal:
		return "lognormal"
	case fit.Weibull:
		return "Weibull"
	case fit.Gamma:
		return "gamma"
	}
	return clean(string(f), maxNameRunes)
}

// buildFit draws the empirical CDF of data and the fitted CDFs of c.
func buildFit(data []float64, c fit.Calibration, what string) (ch *chart, err error) {
	defer recoverTo(&err, FitID)
	if len(data) == 0 {
		return nil, fmt.Errorf("charts: %s: no observations to draw", FitID)
	}
	if len(data) > maxFitData {
		return nil, fmt.Errorf("charts: %s: %d observations: want at most %d", FitID, len(data), maxFitData)
	}
	x := slices.Clone(data)
	slices.Sort(x)
	if !finite(x...) || x[0] < 0 {
		return nil, fmt.Errorf("charts: %s: observations must be finite durations ≥ 0", FitID)
	}
	for _, f := range c.Fits {
		if !finite(f.KS) {
			return nil, fmt.Errorf("charts: %s: %s fit: %w", FitID, f.Family, errNotFinite)
		}
	}
	xmax := x[len(x)-1] * 1.05
	if xmax <= 0 {
		xmax = 1
	}
	div, unit := timeUnit(xmax)

	title := "Observed durations against the fitted distributions"
	n := thousands(len(x)) + " observations"
	if len(x) == 1 {
		n = "1 observation"
	}
	sub := n
	if w := clean(what, maxScenarioRunes); w != "" {
		sub = w + " · " + n
	}
	ch = &chart{plot: newPlot(), title: title, subtitle: sub}
	p := ch.plot
	p.X.Label.Text = "x: duration (" + unit + ")"
	p.X.Tick.Marker = timeTicks(unit)
	p.X.Min, p.X.Max = 0, xmax/div
	p.Y.Label.Text = "observations ≤ x (%)"
	percentAxis(&p.Y, 100, 20)
	addGrid(p, true, true)

	// Empirical CDF: a step at every observation.
	emp := make(plotter.XYs, 0, len(x)+2)
	emp = append(emp, plotter.XY{X: 0, Y: 0})
	for i, v := range x {
		if i+1 < len(x) && x[i+1] == v {
			continue // ties: one step to the last of them
		}
		emp = append(emp, plotter.XY{X: v / div, Y: 100 * float64(i+1) / float64(len(x))})
	}
	emp = append(emp, plotter.XY{X: xmax / div, Y: 100})
	el, err := plotter.NewLine(emp)
	if err != nil {
		return nil, err
	}
	el.StepStyle = plotter.PostStep
	el.LineStyle = draw.LineStyle{Color: serviceColor, Width: vg.Points(2)}

	var fits []*plotter.Line
	for i, f := range c.Fits {
		xy := make(plotter.XYs, fitPoints+1)
		for k := range xy {
			v := xmax * float64(k) / fitPoints
			y := f.CDF(v)
			if !finite(y) {
				y = 0
			}
			xy[k] = plotter.XY{X: v / div, Y: 100 * min(max(y, 0), 1)}
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		col, _ := seriesStyle(i)
		l.LineStyle = draw.LineStyle{Color: col, Width: vg.Points(1.8)}
		if i != c.Best {
			l.LineStyle.Dashes = dashed
		}
		fits = append(fits, l)
		suffix := " · KS " + strconv.FormatFloat(f.KS, 'f', 3, 64)
		if i == c.Best {
			suffix += " (best)"
		}
		if _, ok := f.Dist(); !ok {
			suffix += ", not a model kind"
		}
		ch.add(familyName(f.Family), suffix, l)
	}
	for _, l := range fits {
		p.Add(l)
	}
	p.Add(el)
	ch.entries = append([]legendEntry{{name: "observed", thumbs: []plot.Thumbnailer{el}}}, ch.entries...)
	if len(c.Fits) == 0 {
		ch.add("no family could be fitted", "")
	}
	return ch, nil
}
