package fit

import (
	"fmt"
	"math"
	"slices"

	"rolloutplanner/model"
)

// Calibration is what Calibrate makes of a set of observed durations.
type Calibration struct {
	N      int     // observations
	Fits   []Fit   // the families that could be fitted, in Families order
	Errors []error // why the others could not (ErrNotPositive, ErrTooFew, …)
	Best   int     // index in Fits of the smallest KS statistic; −1 when Fits is empty

	// Keep is the distribution to put in the scenario: the best fit when it
	// is a model kind, otherwise the representable fit (lognormal or
	// Weibull) with the smaller KS, otherwise (nothing could be fitted)
	// Empirical. KeepNote says which and why, for people.
	Keep     model.Dist
	KeepNote string // why Keep, for people

	// Empirical is the data themselves as a model distribution, always
	// on offer: Calibrate fails when it would not be a valid duration.
	Empirical model.Dist
}

// DataError is Calibrate's error for data that no duration can hold.
// Reason says why for people, without the package prefix of Error.
type DataError struct {
	Reason string // "no durations", "duration 3 is NaN; durations are finite and ≥ 0 minutes"
}

// Error returns "fit: " and the reason.
func (e *DataError) Error() string { return "fit: " + e.Reason }

// Calibrate fits every family of Families to the observed durations x
// (minutes), ranks them by the Kolmogorov–Smirnov statistic (smaller is
// closer) and chooses the distribution to keep.
//
// Every distribution it proposes (Keep, Empirical and each model-kind fit
// in Fits) passes CheckDuration, that is model validation in every
// duration field, and every figure of every fit in Fits is finite. A
// family whose fit breaks a rule (data spanning 1e-308 to 1e308 give a
// lognormal p95 of +Inf) is left out of Fits with the reason in Errors,
// and Keep falls back to the next valid fit or to Empirical.
//
// It fails for data that no duration can hold: none, a value that is not
// finite or is negative, or observations that are not a valid empirical
// duration themselves (model validation says which rule); the error is a
// *DataError that says why. Data that no family can fit (a zero, or all equal) still calibrate
// to Empirical.
func Calibrate(x []float64) (Calibration, error) {
	if len(x) == 0 {
		return Calibration{}, &DataError{Reason: "no durations"}
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return Calibration{}, &DataError{Reason: fmt.Sprintf("duration %d is %g; durations are finite and ≥ 0 minutes", i+1, v)}
		}
	}
	c := Calibration{N: len(x), Best: -1, Empirical: Empirical(x)}
	if err := CheckDuration(c.Empirical); err != nil {
		return Calibration{}, &DataError{Reason: fmt.Sprintf("the durations cannot be used as they are, so nothing can be fitted to them: as an empirical distribution, %v; paste durations in minutes", err)}
	}
	for _, fam := range Families {
		var f Fit
		var err error
		switch fam {
		case LogNormal:
			f, err = FitLogNormal(x)
		case Weibull:
			f, err = FitWeibull(x)
		case Gamma:
			f, err = FitGamma(x)
		}
		if err == nil {
			err = usable(f)
		}
		if err != nil {
			c.Errors = append(c.Errors, err)
			continue
		}
		c.Fits = append(c.Fits, f)
		if c.Best < 0 || f.KS < c.Fits[c.Best].KS {
			c.Best = len(c.Fits) - 1
		}
	}
	c.Keep, c.KeepNote = c.Empirical, "no family could be fitted; keeping the observations themselves (empirical)"
	if c.Best < 0 {
		if len(c.Errors) > 0 {
			c.KeepNote += ": " + c.Errors[0].Error()
		}
		return c, nil
	}
	best := c.Fits[c.Best]
	if d, ok := best.Dist(); ok {
		c.Keep = d
		c.KeepNote = fmt.Sprintf("%s fits best (KS %.3f)", best, best.KS)
		return c, nil
	}
	alt := -1
	for i, f := range c.Fits {
		if _, ok := f.Dist(); ok && (alt < 0 || f.KS < c.Fits[alt].KS) {
			alt = i
		}
	}
	if alt >= 0 {
		a := c.Fits[alt]
		c.Keep, _ = a.Dist()
		c.KeepNote = fmt.Sprintf("%s fits best (KS %.3f) but gamma is not a model kind; keeping the nearest representable fit, %s (KS %.3f), or keep the observations (empirical)", best, best.KS, a, a.KS)
		return c, nil
	}
	c.KeepNote = fmt.Sprintf("%s fits best (KS %.3f) but gamma is not a model kind; keeping the observations themselves (empirical)", best, best.KS)
	return c, nil
}

// usable returns nil when every figure of f is finite and, for a model
// kind, its distribution passes CheckDuration; otherwise why not, as an
// error that names the family and says the data span too wide a range.
func usable(f Fit) error {
	err := finiteFigures(f)
	if d, ok := f.Dist(); ok && err == nil {
		if perr := CheckDuration(d); perr != nil {
			err = fmt.Errorf("as a %s distribution, %v", d.Kind, perr)
		}
	}
	if err != nil {
		return fmt.Errorf("fit: %s: the durations span too wide a range to fit (%v)", f.Family, err)
	}
	return nil
}

// Empirical returns the observations as a model distribution of kind
// empirical, which resamples them uniformly. Up to model.MaxEmpiricalValues
// observations are kept as they are, in the given order; from a larger
// set it keeps that many evenly spaced order statistics (the
// ⌈(i + ½)·n/m⌉-th smallest for i = 0…m−1), which preserves the shape.
// Negative values are kept (the model clamps samples to ≥ 0).
func Empirical(x []float64) model.Dist {
	m := model.MaxEmpiricalValues
	if len(x) <= m {
		return model.EmpiricalDist(slices.Clone(x)...)
	}
	s := slices.Clone(x)
	slices.Sort(s)
	out := make([]float64, m)
	n := len(s)
	for i := range out {
		rank := int(math.Ceil((float64(i) + 0.5) * float64(n) / float64(m)))
		out[i] = s[min(max(rank, 1), n)-1]
	}
	return model.EmpiricalDist(out...)
}
