package fit_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner/fit"
)

// checkCalibration fails t unless every distribution c proposes passes
// model validation as a duration and every figure c reports is finite.
func checkCalibration(t *testing.T, c fit.Calibration) {
	t.Helper()
	finite := func(what string, v float64) {
		t.Helper()
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s is %v", what, v)
		}
	}
	valid := func(what string, d model.Dist) {
		t.Helper()
		if ps := d.Validate(); len(ps) > 0 {
			t.Fatalf("%s %+v breaks a rule: %v", what, d, ps)
		}
		s := model.Default()
		s.Roles[0].Warmup = d
		s.Passes.HostOS.HostRecovery = d
		if ps := s.Validate(); len(ps) > 0 {
			t.Fatalf("%s %+v as a duration: %v", what, d, ps)
		}
		if err := fit.CheckDuration(d); err != nil {
			t.Fatalf("%s %+v: %v", what, d, err)
		}
		finite(what+" mean", d.MeanClamped())
		for _, p := range []float64{0.05, 0.5, 0.95, 0.99} {
			finite(what+" quantile", d.Quantile(p))
		}
	}
	valid("Keep", c.Keep)
	valid("Empirical", c.Empirical)
	if c.Best < -1 || c.Best >= len(c.Fits) || (c.Best == -1) != (len(c.Fits) == 0) {
		t.Fatalf("Best %d of %d fits", c.Best, len(c.Fits))
	}
	for _, f := range c.Fits {
		for _, v := range []float64{f.Mu, f.Sigma, f.Shape, f.Scale, f.LogLik, f.KS, f.Mean(),
			f.Quantile(0.05), f.Quantile(0.5), f.Quantile(0.95), f.Quantile(0.99)} {
			finite(f.String(), v)
		}
		if f.KS < 0 || f.KS > 1 {
			t.Fatalf("%s: KS %v", f, f.KS)
		}
		if d, ok := f.Dist(); ok {
			valid(f.String(), d)
		}
	}
}

func TestCalibrateProposesOnlyValid(t *testing.T) {
	alternate := func(n int, a, b float64) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = a
			if i%2 == 1 {
				x[i] = b
			}
		}
		return x
	}
	cases := []struct {
		name    string
		x       []float64
		dropped []fit.Family // families refused as too wide
	}{
		{"1e308 and 1e-308", alternate(2, 1e308, 1e-308), []fit.Family{fit.LogNormal, fit.Weibull, fit.Gamma}},
		{"two extremes", []float64{1e308, 1e-308}, []fit.Family{fit.LogNormal, fit.Weibull, fit.Gamma}},
		{"one huge outlier", []float64{1, 2, 3, 1e300}, []fit.Family{fit.LogNormal, fit.Weibull}},
		{"tiny values", []float64{1e-300, 1e-299, 2e-300}, nil},
		{"ordinary", []float64{10, 12, 11, 14, 13, 9}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := fit.Calibrate(tc.x)
			if err != nil && tc.dropped != nil && strings.Contains(err.Error(), "the durations cannot be used as they are") {
				return // model validation bounds each duration: refused as a whole, which is fine
			}
			if err != nil {
				t.Fatal(err)
			}
			checkCalibration(t, c)
			msgs := make([]string, len(c.Errors))
			for i, e := range c.Errors {
				msgs[i] = e.Error()
			}
			all := strings.Join(msgs, "\n")
			for _, fam := range tc.dropped {
				for _, f := range c.Fits {
					if f.Family == fam {
						t.Errorf("%s kept: %s", fam, f)
					}
				}
				if !strings.Contains(all, "fit: "+string(fam)+": the durations span too wide a range to fit") {
					t.Errorf("no error says why %s was dropped: %q", fam, all)
				}
			}
		})
	}
}

// TestCalibrateRefuses checks that data no duration can hold give an
// error that says why, not a calibration.
func TestCalibrateRefuses(t *testing.T) {
	cases := []struct {
		name string
		x    []float64
		want string
	}{
		{"none", nil, "no durations"},
		{"negative", []float64{1, -2}, "duration 2 is -2"},
		{"infinite", []float64{1, math.Inf(1)}, "duration 2 is +Inf"},
		// Their empirical mean overflows (model validation may also
		// bound each duration: then that rule is named).
		{"1e308 and 1e-308 alternately", []float64{1e308, 1e-308, 1e308, 1e-308}, "the durations cannot be used as they are"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := fit.Calibrate(tc.x)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one saying %q (calibration %+v)", err, tc.want, c)
			}
			de, ok := errors.AsType[*fit.DataError](err)
			if !ok || !strings.HasPrefix(de.Reason, tc.want[:5]) {
				t.Errorf("error %v is not a *fit.DataError whose Reason starts the message", err)
			}
		})
	}
}

func TestCheckDuration(t *testing.T) {
	cases := []struct {
		name string
		d    model.Dist
		want string // "" for valid; else a part of the message
	}{
		{"lognormal", model.LogNormalDist(10, 30), ""},
		{"weibull", model.WeibullDist(1.5, 20), ""},
		{"empirical", model.EmpiricalDist(1, 2, 3), ""},
		{"infinite p95", model.LogNormalDist(1, math.Inf(1)), "p95: must be a finite number"},
		{"p95 below p50", model.LogNormalDist(2, 1), "p95: must be ≥ p50"},
		// Refused for their infinite means, or by a bound in model
		// validation that comes first: any message will do.
		{"infinite mean", model.WeibullDist(0.0017, 2.5e152), "must"},
		{"infinite lognormal mean", model.LogNormalDist(1, 1e300), "must"},
		{"no values", model.EmpiricalDist(), "values: must hold at least 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := fit.CheckDuration(tc.d)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("error %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// FuzzCalibrate runs the "Fit to data…" path, fit.Parse then
// fit.Calibrate, on any text: whatever it proposes must pass model
// validation as a duration and every figure must be finite.
//
// fuzz: 40000x
func FuzzCalibrate(f *testing.F) {
	for _, s := range []string{
		"12\n13\n15\n20\n", "1e308\n1e-308\n1e308\n1e-308\n", "1\n2\n3\n1e300\n",
		"0\n5\n5\n", "7\n7\n7\n", "id,minutes\na,1.5\nb,2.5\nc,40\n", "1e-300\n1e-299\n2e-300\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		x, err := fit.Parse(text)
		if err != nil || len(x) > model.MaxEmpiricalValues {
			return
		}
		c, err := fit.Calibrate(x)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fit: ") {
				t.Fatalf("error %q", err)
			}
			return
		}
		if c.N != len(x) {
			t.Fatalf("N %d of %d", c.N, len(x))
		}
		checkCalibration(t, c)
	})
}
