package fit

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"rolloutplanner/model"
)

// durationFields are the scenario's duration distributions
// (model.MinutesRule in model.Fields), each with the path model
// validation reports it under. A fitted distribution may be put in any
// of them ("Fit to data…" sits beside each), so CheckDuration asks model
// validation about each one.
var durationFields = func() (out []model.Field) {
	for _, f := range model.Fields {
		if f.Rule == model.MinutesRule {
			out = append(out, f)
		}
	}
	return out
}()

// CheckDuration returns nil when d may be any duration of a scenario: it
// puts d, in turn, in each duration field of model.Default() and asks
// model validation (Scenario.Validate) about that field, so every rule the
// model has for durations (finite parameters, upper bounds, shape limits)
// applies here without being repeated. It also requires d's clamped mean
// and its 50th, 95th and 99th percentiles to be finite. Otherwise it
// returns the first rule d breaks, with the path relative to d ("p95:
// must be a finite number").
func CheckDuration(d model.Dist) error {
	if ps := d.Validate(); len(ps) > 0 {
		return errors.New(ps[0].String())
	}
	for _, f := range durationFields {
		s := model.Default()
		path := f.Path(0)
		*f.Ptr(&s, 0).(*model.Dist) = d
		if ps := s.Validate().For(path); len(ps) > 0 {
			p := ps[0]
			p.Path = strings.TrimPrefix(strings.TrimPrefix(p.Path, path), ".")
			return errors.New(p.String())
		}
	}
	if m := d.MeanClamped(); math.IsNaN(m) || math.IsInf(m, 0) {
		return fmt.Errorf("has a mean of %g minutes; the mean must be a finite number", m)
	}
	for _, p := range []float64{0.5, 0.95, 0.99} {
		if q := d.Quantile(p); math.IsNaN(q) || math.IsInf(q, 0) {
			return fmt.Errorf("has a %gth percentile of %g minutes; it must be a finite number", p*100, q)
		}
	}
	return nil
}

// finiteFigures returns nil when every figure of f that Calibrate reports
// or a chart draws (parameters, log-likelihood, KS, mean and the 5th, 50th,
// 95th and 99th percentiles) is finite, else which one is not.
func finiteFigures(f Fit) error {
	figs := []struct {
		name string
		v    float64
	}{
		{"μ", f.Mu}, {"σ", f.Sigma}, {"shape", f.Shape}, {"scale", f.Scale},
		{"log-likelihood", f.LogLik}, {"KS statistic", f.KS}, {"mean", f.Mean()},
		{"5th percentile", f.Quantile(0.05)}, {"median", f.Quantile(0.5)},
		{"95th percentile", f.Quantile(0.95)}, {"99th percentile", f.Quantile(0.99)},
	}
	for _, x := range figs {
		if math.IsNaN(x.v) || math.IsInf(x.v, 0) {
			return fmt.Errorf("its %s would be %g", x.name, x.v)
		}
	}
	return nil
}
