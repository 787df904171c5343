package charts

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"rolloutplanner/planner"
)

// checkCDF reports whether d's CDF can be drawn: at least one point,
// finite values ≥ 0, shares in [0, 1].
func checkCDF(d planner.Distribution) error {
	if len(d.CDF) == 0 {
		return fmt.Errorf("%q: the distribution has no CDF points", d.Name)
	}
	for _, pt := range d.CDF {
		if !finite(pt.X, pt.Y) {
			return fmt.Errorf("%q: %w", d.Name, errNotFinite)
		}
		if pt.X < 0 || pt.Y < 0 || pt.Y > 1 {
			return fmt.Errorf("%q: CDF point (%g, %g) is out of range: want a value ≥ 0 and a share in [0, 1]", d.Name, pt.X, pt.Y)
		}
	}
	return nil
}

// cdfMax returns the largest value of the distributions.
func cdfMax(ds []planner.Distribution) float64 {
	m := 0.0
	for _, d := range ds {
		if n := len(d.CDF); n > 0 {
			m = max(m, d.CDF[n-1].X)
		}
	}
	return m
}

// quantile returns the smallest CDF corner whose share is at least q: the
// nearest-rank quantile, up to the thinning of the CDF's corners.
func quantile(d planner.Distribution, q float64) float64 {
	for _, pt := range d.CDF {
		if pt.Y >= q-1e-12 {
			return pt.X
		}
	}
	if n := len(d.CDF); n > 0 {
		return d.CDF[n-1].X
	}
	return math.NaN()
}

// cdfLine draws d's CDF as a step line in percent, at x = tr(value),
// from (0, 0) and on to xmax once every trial is counted. tr must be
// increasing with tr(0) = 0.
func cdfLine(d planner.Distribution, tr func(float64) float64, xmax float64, col color.Color, width vg.Length, dashes []vg.Length) (*plotter.Line, error) {
	xy := make(plotter.XYs, 0, len(d.CDF)+2)
	xy = append(xy, plotter.XY{X: 0, Y: 0})
	for _, pt := range d.CDF {
		xy = append(xy, plotter.XY{X: tr(pt.X), Y: 100 * pt.Y})
	}
	last := xy[len(xy)-1]
	if last.X < xmax {
		xy = append(xy, plotter.XY{X: xmax, Y: last.Y})
	}
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, err
	}
	l.StepStyle = plotter.PostStep
	l.LineStyle = draw.LineStyle{Color: col, Width: width, Dashes: dashes}
	return l, nil
}

var errNoDistributions = errors.New("the results hold no distribution to draw")
