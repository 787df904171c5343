package charts

import (
	"math"
	"strings"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner/fit"
)

type fitData struct {
	data []float64
	c    fit.Calibration
	what string
}

// testFits calibrates the fit tests' data: the fleet preset's measured
// warm-up, long start-ups in hours, and data no family fits (zeros).
func testFits(t testing.TB) map[string]fitData {
	t.Helper()
	fleet, _ := model.PresetByName("fleet")
	var warm []float64
	for _, r := range fleet.Scenario.Roles {
		if r.Warmup.Kind == model.Empirical {
			warm = r.Warmup.Values
			break
		}
	}
	if len(warm) == 0 {
		t.Fatal("the fleet preset has no measured (empirical) warm-up")
	}
	long := make([]float64, 200)
	for i := range long {
		long[i] = 200 + 400*math.Pow(float64(i+1)/201, 2)
	}
	out := map[string]fitData{}
	for name, fd := range map[string]fitData{
		"fleet-warmup": {data: warm, what: "fleet: web warm-up"},
		"long":         {data: long, what: imgName},
		"zeros":        {data: []float64{0, 0, 3, 4}, what: ""},
	} {
		c, err := fit.Calibrate(fd.data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		fd.c = c
		out[name] = fd
	}
	return out
}

func TestFitChart(t *testing.T) {
	for name, fd := range testFits(t) {
		t.Run(name, func(t *testing.T) {
			svg, err := FitSVG(fd.data, fd.c, fd.what)
			if err != nil {
				t.Fatal(err)
			}
			checkSVGOutput(t, svg)
			text := svgText(t, svg)
			want := []string{"observed", "observations ≤ x (%)", "x: duration ("}
			for i, f := range fd.c.Fits {
				want = append(want, familyName(f.Family)+" · KS ")
				if i == fd.c.Best {
					want = append(want, "(best)")
				}
			}
			if len(fd.c.Fits) == 0 {
				want = append(want, "no family could be fitted")
			}
			if fd.what != "" {
				want = append(want, fd.what)
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
			b, err := FitPNGSize(fd.data, fd.c, fd.what, ScreenWidth, ScreenHeight, 36)
			if err != nil {
				t.Fatal(err)
			}
			checkPNGOutput(t, b, 288, 162)
		})
	}
	if text := svgText(t, must(FitSVG(testFits(t)["long"].data, testFits(t)["long"].c, ""))); !strings.Contains(text, "(hours)") {
		t.Errorf("durations up to 10 hours not in hours:\n%s", text)
	}
}

// TestFitOddInputs: odd data give an error, never a panic.
func TestFitOddInputs(t *testing.T) {
	good := testFits(t)["fleet-warmup"]
	for _, tc := range []struct {
		name    string
		data    []float64
		c       fit.Calibration
		wantErr bool
	}{
		{"no data", nil, good.c, true},
		{"NaN", []float64{1, math.NaN()}, good.c, true},
		{"negative", []float64{-1, 2}, good.c, true},
		{"too many", make([]float64, maxFitData+1), good.c, true},
		{"NaN KS", good.data, fit.Calibration{Fits: []fit.Fit{{Family: fit.LogNormal, Mu: 1, Sigma: 1, KS: math.NaN()}}, Best: 0}, true},
		{"one zero", []float64{0}, fit.Calibration{Best: -1}, false},
		{"broken fit", good.data, fit.Calibration{Fits: []fit.Fit{{Family: "moon"}, {Family: fit.Weibull}}, Best: 5}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svg, err := noPanic(t, func() ([]byte, error) { return FitSVG(tc.data, tc.c, "x") })
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want error: %v", err, tc.wantErr)
			}
			if err == nil {
				checkSVGOutput(t, svg)
			}
			_, err = noPanic(t, func() ([]byte, error) { return FitPNGSize(tc.data, tc.c, "x", ScreenWidth, ScreenHeight, 20) })
			if (err != nil) != tc.wantErr {
				t.Fatalf("PNG error %v, want error: %v", err, tc.wantErr)
			}
		})
	}
}
