package app

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner/fit"
)

// lognormalText returns n lognormal durations (median 3 min), one per
// line, as a person would paste them.
func lognormalText(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	for range n {
		fmt.Fprintf(&b, "%.2f\n", math.Exp(math.Log(3)+0.5*r.NormFloat64()))
	}
	return b.String()
}

func TestCalibrateText(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		problem string   // a substring of the problem, "" for success
		lines   []string // substrings of the bad lines' messages
	}{
		{name: "one per line", text: lognormalText(200, 1)},
		{name: "CSV", text: "instance,minutes\nweb_0,12.5\nweb_1,14\nweb_2,13.25\nweb_3,20\n"},
		{name: "bad lines", text: "12\n13\nabc\n14\n-2\n", problem: "2 lines hold no duration",
			lines: []string{"line 3", "line 5", "negative"}},
		{name: "decimal comma", text: "12.5\n14\n13,25\n", problem: "One line", lines: []string{"line 3", "write 13.25"}},
		{name: "nothing", text: "\n# only a comment\n", problem: "No numbers found"},
		{name: "too many", text: strings.Repeat("5\n", MaxFitValues+1), problem: "at most 10\u202f000 are fitted"},
		{name: "too large", text: strings.Repeat("1", fit.MaxParseBytes+1), problem: "at most"},
		// fit.Calibrate's *DataError, read with errors.As: its Reason, without "fit: ".
		{name: "unusable", text: "1e308\n1e-308\n1e308\n1e-308\n", problem: "The durations cannot be used as they are"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := calibrateText(tt.text, "Warm-up")
			if tt.problem == "" {
				if out.Problem != "" {
					t.Fatalf("problem %q", out.Problem)
				}
				if !strings.HasPrefix(out.SVG, "<svg") {
					t.Errorf("no chart: %q", out.ChartErr)
				}
				if len(out.Fits) == 0 || out.Cal.Best < 0 || !out.Fits[out.Cal.Best].Best {
					t.Errorf("fits %+v, best %d", out.Fits, out.Cal.Best)
				}
				for _, f := range out.Fits {
					if f.KS == "" || f.Desc == "" {
						t.Errorf("fit row without KS or description: %+v", f)
					}
				}
				if len(out.Cal.Keep.Validate()) != 0 || len(out.Cal.Empirical.Validate()) != 0 {
					t.Errorf("Keep or Empirical invalid")
				}
				return
			}
			if !strings.Contains(out.Problem, tt.problem) {
				t.Errorf("problem %q, want it to contain %q", out.Problem, tt.problem)
			}
			if out.SVG != "" || out.N != 0 {
				t.Errorf("a refused text has a chart or durations")
			}
			all := strings.Join(out.Lines, "\n")
			for _, l := range tt.lines {
				if !strings.Contains(all, l) {
					t.Errorf("bad lines %q lack %q", all, l)
				}
			}
		})
	}
}

// TestCalibrationToEdit walks the fit box's flow: pasted text → fit →
// "Use best fit" / "Use the data itself" → edits through the session,
// which end with exactly the distribution chosen and no problem.
func TestCalibrationToEdit(t *testing.T) {
	out := calibrateText(lognormalText(200, 7), "Warm-up")
	if out.Problem != "" {
		t.Fatal(out.Problem)
	}
	const path = "roles[0].warmup"
	for _, tt := range []struct {
		name string
		d    model.Dist
	}{
		{"best fit", readable(out.Cal.Keep)},
		{"the data itself", out.Cal.Empirical},
		{"exact best fit", out.Cal.Keep},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pr, _ := model.PresetByName(DefaultPreset)
			sc := pr.Scenario.Clone()
			sc.Roles[0].Warmup = model.FixedDist(2) // as after a person chose "fixed"
			p := &Planner{sess: newSession(sc, nil)}
			if p.sess.sc.Roles[0].Warmup.Kind == tt.d.Kind {
				t.Fatalf("the preset's warm-up is already %s: the test proves nothing", tt.d.Kind)
			}
			applyDist(p.sess, path, tt.d)
			got := p.sess.sc.Roles[0].Warmup
			if !reflect.DeepEqual(got, tt.d) {
				t.Errorf("warm-up is %+v, want %+v", got, tt.d)
			}
			if !p.sess.valid() {
				t.Errorf("problems after the edit: %v", p.sess.problems)
			}
			if k := p.sess.view().Text[path+".kind"]; k != string(tt.d.Kind) {
				t.Errorf("the form shows kind %q, want %q", k, tt.d.Kind)
			}
		})
	}
	if k := out.Cal.Keep.Kind; k != model.LogNormal && k != model.Weibull {
		t.Errorf("lognormal data kept as %s", k)
	}
}

func TestReadable(t *testing.T) {
	d := readable(model.LogNormalDist(2.9876543, 6.1234567))
	if d.P50 != 2.988 || d.P95 != 6.123 {
		t.Errorf("readable = %+v", d)
	}
	if w := readable(model.WeibullDist(2.3456789, 3.63219)); w.Shape != 2.346 || w.Scale != 3.632 {
		t.Errorf("readable = %+v", w)
	}
	e := model.EmpiricalDist(1.23456789, 2)
	if got := readable(e); !reflect.DeepEqual(got, e) {
		t.Errorf("readable changed observations: %+v", got)
	}
}

func TestDescribeDist(t *testing.T) {
	if got := describeDist(model.LogNormalDist(3, 6.5)); got != "lognormal (median 3, P95 6.5)" {
		t.Errorf("describeDist = %q", got)
	}
	if got := describeDist(model.EmpiricalDist(1, 2, 3)); got != "empirical (3 values)" {
		t.Errorf("describeDist = %q", got)
	}
}
