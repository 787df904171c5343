package fit

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"

	"rolloutplanner/model"
)

// Family names a fitted distribution family.
type Family string

// The fitted families. LogNormal and Weibull are model kinds; Gamma is not.
const (
	LogNormal Family = "lognormal"
	Weibull   Family = "weibull"
	Gamma     Family = "gamma"
)

// Families lists the families Calibrate fits, in the order it reports them.
var Families = []Family{LogNormal, Weibull, Gamma}

// ErrTooFew is returned when a family cannot be fitted because the data
// hold fewer than two distinct positive values.
var ErrTooFew = errors.New("fit: need at least two different durations > 0")

// ErrNotPositive is returned when the data hold a duration ≤ 0, which no
// fitted family can produce.
var ErrNotPositive = errors.New("fit: every duration must be > 0 to fit lognormal, Weibull or gamma")

// lognormalZ95 is the model's standard normal 95th percentile.
const lognormalZ95 = model.LognormalZ95

// Fit is one family fitted to data by maximum likelihood, in minutes.
type Fit struct {
	Family Family // which family; the fields below that belong to it are set
	// Lognormal: Mu and Sigma of ln X. Weibull: Shape k and Scale λ,
	// F(x) = 1 − exp(−(x/λ)^k). Gamma: Shape α and Scale θ (mean αθ).
	Mu, Sigma    float64
	Shape, Scale float64
	LogLik       float64 // log-likelihood of the data at the fit, in nats
	KS           float64 // one-sample Kolmogorov–Smirnov statistic, 0..1
	N            int     // observations fitted
}

// CDF returns P(X ≤ x) under the fit.
func (f Fit) CDF(x float64) float64 {
	if x <= 0 {
		return 0
	}
	switch f.Family {
	case LogNormal:
		return distuv.LogNormal{Mu: f.Mu, Sigma: f.Sigma}.CDF(x)
	case Weibull:
		return -math.Expm1(-math.Pow(x/f.Scale, f.Shape))
	case Gamma:
		return mathext.GammaIncReg(f.Shape, x/f.Scale)
	}
	return math.NaN()
}

// Quantile returns the p-quantile (0 < p < 1) of the fit, in minutes.
func (f Fit) Quantile(p float64) float64 {
	switch f.Family {
	case LogNormal:
		return distuv.LogNormal{Mu: f.Mu, Sigma: f.Sigma}.Quantile(p)
	case Weibull:
		return f.Scale * math.Pow(-math.Log1p(-p), 1/f.Shape)
	case Gamma:
		return distuv.Gamma{Alpha: f.Shape, Beta: 1 / f.Scale}.Quantile(p)
	}
	return math.NaN()
}

// Mean returns the mean of the fit, in minutes.
func (f Fit) Mean() float64 {
	switch f.Family {
	case LogNormal:
		return math.Exp(f.Mu + f.Sigma*f.Sigma/2)
	case Weibull:
		return f.Scale * math.Gamma(1+1/f.Shape)
	case Gamma:
		return f.Shape * f.Scale
	}
	return math.NaN()
}

// Dist returns the fit as a model distribution and true, or false for a
// family that is no model kind (gamma). A lognormal becomes p50 = e^μ,
// p95 = e^(μ + model.LognormalZ95·σ), the model's parameterisation.
func (f Fit) Dist() (model.Dist, bool) {
	switch f.Family {
	case LogNormal:
		return model.LogNormalDist(math.Exp(f.Mu), math.Exp(f.Mu+lognormalZ95*f.Sigma)), true
	case Weibull:
		return model.WeibullDist(f.Shape, f.Scale), true
	}
	return model.Dist{}, false
}

// String describes the fit for people: "weibull(shape 2.1, scale 12.3 min)".
func (f Fit) String() string {
	switch f.Family {
	case LogNormal:
		return fmt.Sprintf("lognormal(p50 %.3g min, p95 %.3g min)", math.Exp(f.Mu), math.Exp(f.Mu+lognormalZ95*f.Sigma))
	case Weibull:
		return fmt.Sprintf("weibull(shape %.3g, scale %.3g min)", f.Shape, f.Scale)
	case Gamma:
		return fmt.Sprintf("gamma(shape %.3g, scale %.3g min)", f.Shape, f.Scale)
	}
	return string(f.Family)
}

// check returns the data sorted, or why no family can be fitted to them.
func check(x []float64) ([]float64, error) {
	s := slices.Clone(x)
	slices.Sort(s)
	if len(s) > 0 && !(s[0] > 0) {
		return nil, ErrNotPositive
	}
	if len(s) > 0 && math.IsInf(s[len(s)-1], 0) {
		return nil, fmt.Errorf("fit: durations must be finite")
	}
	if len(s) < 2 || s[0] == s[len(s)-1] {
		return nil, ErrTooFew
	}
	return s, nil
}

// FitLogNormal fits a lognormal by maximum likelihood: μ and σ are the mean
// and the standard deviation (divisor n) of ln x. x holds minutes > 0, at
// least two different values; otherwise it returns ErrNotPositive or
// ErrTooFew.
func FitLogNormal(x []float64) (Fit, error) {
	s, err := check(x)
	if err != nil {
		return Fit{}, err
	}
	n := float64(len(s))
	var mu float64
	for _, v := range s {
		mu += math.Log(v)
	}
	mu /= n
	var ss float64
	for _, v := range s {
		d := math.Log(v) - mu
		ss += d * d
	}
	f := Fit{Family: LogNormal, Mu: mu, Sigma: math.Sqrt(ss / n), N: len(s)}
	return finish(f, s), nil
}

// FitWeibull fits a Weibull by maximum likelihood. The shape k solves the
// profile-likelihood equation 1/k + mean(ln x) − Σ x^k ln x / Σ x^k = 0,
// whose left side falls as k grows, so bisection on ln k finds the one
// root to machine precision; then λ = (mean x^k)^(1/k). Errors as
// FitLogNormal.
func FitWeibull(x []float64) (Fit, error) {
	s, err := check(x)
	if err != nil {
		return Fit{}, err
	}
	// Work with y = ln(x / max) ≤ 0 so that x^k never overflows.
	top := math.Log(s[len(s)-1])
	y := make([]float64, len(s))
	var meanY float64
	for i, v := range s {
		y[i] = math.Log(v) - top
		meanY += y[i]
	}
	meanY /= float64(len(s))
	g := func(k float64) float64 {
		var num, den float64
		for _, v := range y {
			w := math.Exp(k * v)
			num += w * v
			den += w
		}
		return 1/k + meanY - num/den
	}
	k, err := bisectLog(g, 1e-4, 1e4)
	if err != nil {
		return Fit{}, fmt.Errorf("fit: Weibull: %w", err)
	}
	var sum float64
	for _, v := range y {
		sum += math.Exp(k * v)
	}
	lam := math.Exp(top + math.Log(sum/float64(len(s)))/k)
	f := Fit{Family: Weibull, Shape: k, Scale: lam, N: len(s)}
	return finish(f, s), nil
}

// FitGamma fits a gamma by maximum likelihood (gonum's distuv.Gamma has no
// Fit). The shape α solves ln α − ψ(α) = ln(mean x) − mean(ln x), whose
// left side falls from +∞ to 0 as α grows, so bisection on ln α finds the
// one root; then θ = mean/α. Errors as FitLogNormal.
func FitGamma(x []float64) (Fit, error) {
	s, err := check(x)
	if err != nil {
		return Fit{}, err
	}
	n := float64(len(s))
	var mean, meanLog float64
	for _, v := range s {
		mean += v
		meanLog += math.Log(v)
	}
	mean /= n
	meanLog /= n
	c := math.Log(mean) - meanLog
	h := func(a float64) float64 { return math.Log(a) - mathext.Digamma(a) - c }
	a, err := bisectLog(h, 1e-6, 1e8)
	if err != nil {
		return Fit{}, fmt.Errorf("fit: gamma: %w", err)
	}
	f := Fit{Family: Gamma, Shape: a, Scale: mean / a, N: len(s)}
	return finish(f, s), nil
}

// bisectLog finds the root of a decreasing function f on [lo, hi],
// bisecting in ln x.
func bisectLog(f func(float64) float64, lo, hi float64) (float64, error) {
	if !(f(lo) > 0) || !(f(hi) < 0) {
		return 0, fmt.Errorf("no maximum of the likelihood between %g and %g", lo, hi)
	}
	a, b := math.Log(lo), math.Log(hi)
	for range 200 {
		m := (a + b) / 2
		if m == a || m == b {
			break
		}
		if f(math.Exp(m)) > 0 {
			a = m
		} else {
			b = m
		}
	}
	return math.Exp((a + b) / 2), nil
}

// finish fills in the log-likelihood and the KS statistic; s is sorted.
func finish(f Fit, s []float64) Fit {
	f.LogLik = logLik(f, s)
	f.KS = KS(s, f.CDF)
	return f
}

func logLik(f Fit, s []float64) float64 {
	var sum float64
	for _, x := range s {
		switch f.Family {
		case LogNormal:
			sum += distuv.LogNormal{Mu: f.Mu, Sigma: f.Sigma}.LogProb(x)
		case Weibull:
			sum += distuv.Weibull{K: f.Shape, Lambda: f.Scale}.LogProb(x)
		case Gamma:
			sum += distuv.Gamma{Alpha: f.Shape, Beta: 1 / f.Scale}.LogProb(x)
		}
	}
	return sum
}

// KS returns the one-sample Kolmogorov–Smirnov statistic
// D = sup_x |F_n(x) − F(x)| of the sorted data against cdf: the largest
// gap, at a data point, between the empirical CDF (just before or at the
// point) and cdf. Ties are handled exactly. It returns NaN for no data.
// (gonum's stat.KolmogorovSmirnov compares two samples, not a sample and
// a CDF.)
func KS(sorted []float64, cdf func(float64) float64) float64 {
	n := float64(len(sorted))
	if n == 0 {
		return math.NaN()
	}
	var d float64
	for i, x := range sorted {
		f := cdf(x)
		d = max(d, float64(i+1)/n-f, f-float64(i)/n)
	}
	return d
}
