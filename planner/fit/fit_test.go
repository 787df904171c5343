package fit_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"rolloutplanner/model"
	"rolloutplanner/planner/fit"
)

// sample draws n values from a seeded distuv distribution.
func sample(n int, seed uint64, family fit.Family, a, b float64) []float64 {
	src := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	var r interface{ Rand() float64 }
	switch family {
	case fit.LogNormal:
		r = distuv.LogNormal{Mu: a, Sigma: b, Src: src}
	case fit.Weibull:
		r = distuv.Weibull{K: a, Lambda: b, Src: src}
	case fit.Gamma:
		r = distuv.Gamma{Alpha: a, Beta: 1 / b, Src: src}
	}
	x := make([]float64, n)
	for i := range x {
		x[i] = r.Rand()
	}
	return x
}

func fitOne(family fit.Family, x []float64) (fit.Fit, error) {
	switch family {
	case fit.LogNormal:
		return fit.FitLogNormal(x)
	case fit.Weibull:
		return fit.FitWeibull(x)
	}
	return fit.FitGamma(x)
}

func params(f fit.Fit) (float64, float64) {
	if f.Family == fit.LogNormal {
		return f.Mu, f.Sigma
	}
	return f.Shape, f.Scale
}

// TestFitRecovers fits each family to a seeded sample of itself and
// checks the parameters come back within a few standard errors, and that
// the KS statistic ranks the true family first.
func TestFitRecovers(t *testing.T) {
	cases := []struct {
		family fit.Family
		a, b   float64 // lognormal μ, σ; Weibull k, λ; gamma α, θ (minutes)
		tol    float64 // relative tolerance on both parameters
	}{
		{fit.LogNormal, math.Log(5), 0.8, 0.05},
		{fit.LogNormal, math.Log(30), 0.3, 0.05},
		{fit.Weibull, 3, 12, 0.05},
		{fit.Weibull, 0.8, 40, 0.06},
		{fit.Gamma, 2, 4, 0.08},
		{fit.Gamma, 9, 1.5, 0.1},
	}
	for _, tc := range cases {
		t.Run(string(tc.family), func(t *testing.T) {
			x := sample(3000, 7, tc.family, tc.a, tc.b)
			f, err := fitOne(tc.family, x)
			if err != nil {
				t.Fatal(err)
			}
			a, b := params(f)
			if math.Abs(a-tc.a) > tc.tol*math.Abs(tc.a) || math.Abs(b-tc.b) > tc.tol*tc.b {
				t.Errorf("%s fit = (%g, %g), want (%g, %g) ± %g %%", tc.family, a, b, tc.a, tc.b, 100*tc.tol)
			}
			if f.KS > 0.03 {
				t.Errorf("KS of the true family = %g, want small", f.KS)
			}
			c, err := fit.Calibrate(x)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Fits[c.Best].Family; got != tc.family {
				t.Errorf("KS picks %s, want %s (fits %+v)", got, tc.family, c.Fits)
			}
		})
	}
}

// TestFitIsScaleFree checks that the fits do not depend on the time unit.
func TestFitIsScaleFree(t *testing.T) {
	x := sample(500, 3, fit.Gamma, 2.5, 3)
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = 60 * v
	}
	for _, fam := range fit.Families {
		fx, err1 := fitOne(fam, x)
		fy, err2 := fitOne(fam, y)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if math.Abs(fx.KS-fy.KS) > 1e-9 || math.Abs(fx.Quantile(0.9)*60-fy.Quantile(0.9)) > 1e-6*fy.Quantile(0.9) {
			t.Errorf("%s: fit changes with the unit: %v vs %v", fam, fx, fy)
		}
	}
}

func TestFitErrors(t *testing.T) {
	cases := []struct {
		name string
		x    []float64
		want error
	}{
		{"empty", nil, fit.ErrTooFew},
		{"one value", []float64{3}, fit.ErrTooFew},
		{"all equal", []float64{3, 3, 3}, fit.ErrTooFew},
		{"a zero", []float64{0, 3, 4}, fit.ErrNotPositive},
		{"negative", []float64{-1, 3, 4}, fit.ErrNotPositive},
	}
	for _, tc := range cases {
		for _, fam := range fit.Families {
			t.Run(tc.name+"/"+string(fam), func(t *testing.T) {
				if _, err := fitOne(fam, tc.x); !errors.Is(err, tc.want) {
					t.Errorf("error %v, want %v", err, tc.want)
				}
			})
		}
	}
}

func TestKS(t *testing.T) {
	uniform := func(x float64) float64 { return min(max(x, 0), 1) }
	cases := []struct {
		name string
		x    []float64
		want float64
	}{
		{"perfect midpoints", []float64{0.125, 0.375, 0.625, 0.875}, 0.125},
		{"all at zero", []float64{0, 0}, 1},
		{"ties", []float64{0.5, 0.5}, 0.5},
		{"one point", []float64{0.3}, 0.7},
	}
	for _, tc := range cases {
		if got := fit.KS(tc.x, uniform); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: KS = %g, want %g", tc.name, got, tc.want)
		}
	}
	if !math.IsNaN(fit.KS(nil, uniform)) {
		t.Error("KS of no data is not NaN")
	}
}

func TestFitDist(t *testing.T) {
	x := sample(2000, 11, fit.LogNormal, math.Log(8), 0.5)
	f, _ := fit.FitLogNormal(x)
	d, ok := f.Dist()
	if !ok || d.Kind != model.LogNormal || d.Validate() != nil {
		t.Fatalf("lognormal Dist = %+v, %v", d, ok)
	}
	// The model's quantiles must agree with the fit's.
	for _, p := range []float64{0.5, 0.95, 0.99} {
		if q, want := d.Quantile(p), f.Quantile(p); math.Abs(q-want) > 1e-6*want {
			t.Errorf("p%g: model %g, fit %g", p, q, want)
		}
	}
	w, _ := fit.FitWeibull(x)
	if d, ok := w.Dist(); !ok || d.Kind != model.Weibull || math.Abs(d.Quantile(0.9)-w.Quantile(0.9)) > 1e-9*w.Quantile(0.9) {
		t.Errorf("Weibull Dist = %+v, %v", d, ok)
	}
	g, _ := fit.FitGamma(x)
	if _, ok := g.Dist(); ok {
		t.Error("gamma converted to a model kind; there is none")
	}
}

func TestCalibrateKeep(t *testing.T) {
	t.Run("gamma keeps a representable fit", func(t *testing.T) {
		c, err := fit.Calibrate(sample(3000, 5, fit.Gamma, 2, 4))
		if err != nil {
			t.Fatal(err)
		}
		if c.Fits[c.Best].Family != fit.Gamma {
			t.Fatalf("best %s, want gamma", c.Fits[c.Best].Family)
		}
		if c.Keep.Kind != model.LogNormal && c.Keep.Kind != model.Weibull {
			t.Errorf("Keep kind %s, want lognormal or weibull", c.Keep.Kind)
		}
		if c.Keep.Validate() != nil || c.KeepNote == "" {
			t.Errorf("Keep %+v invalid or unexplained (%q)", c.Keep, c.KeepNote)
		}
	})
	t.Run("weibull keeps itself", func(t *testing.T) {
		c, _ := fit.Calibrate(sample(2000, 5, fit.Weibull, 3, 12))
		if c.Keep.Kind != model.Weibull {
			t.Errorf("Keep %s, want weibull", c.Keep.Kind)
		}
	})
	t.Run("zeros fall back to empirical", func(t *testing.T) {
		c, err := fit.Calibrate([]float64{0, 1, 2, 3})
		if err != nil {
			t.Fatal(err)
		}
		if c.Best != -1 || c.Keep.Kind != model.Empirical || len(c.Errors) != 3 {
			t.Errorf("got best %d keep %s errors %v", c.Best, c.Keep.Kind, c.Errors)
		}
	})
	t.Run("negative is an error", func(t *testing.T) {
		if _, err := fit.Calibrate([]float64{1, -2}); err == nil {
			t.Error("no error")
		}
	})
}

func TestEmpirical(t *testing.T) {
	d := fit.Empirical([]float64{3, 1, 2})
	if d.Kind != model.Empirical || !slices.Equal(d.Values, []float64{3, 1, 2}) {
		t.Errorf("Empirical = %+v", d)
	}
	big := make([]float64, 3*model.MaxEmpiricalValues+7)
	for i := range big {
		big[i] = float64(len(big) - i)
	}
	d = fit.Empirical(big)
	if len(d.Values) != model.MaxEmpiricalValues || d.Validate() != nil {
		t.Fatalf("Empirical of %d values holds %d (valid: %v)", len(big), len(d.Values), d.Validate())
	}
	if q, want := d.Quantile(0.5), float64(len(big))/2; math.Abs(q-want) > 0.01*want {
		t.Errorf("median %g, want ≈ %g", q, want)
	}
}
