package charts

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"gonum.org/v1/plot"
)

func labels(ticks []plot.Tick) []string {
	var out []string
	for _, t := range ticks {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}

func TestStepTicks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lo, hi float64
		steps  []float64
		want   string // labels, space-separated
	}{
		{"one hour in minutes", 0, 68, minuteSteps, "0 10 20 30 40 50 60"},
		{"four hours in minutes", 0, 245, minuteSteps, "0 30 60 90 120 150 180 210 240"},
		{"a day in hours", 0, 21.5, hourSteps, "0 3 6 9 12 15 18 21"},
		{"under two hours in hours", 0, 1.9, hourSteps, "0 0.25 0.5 0.75 1 1.25 1.5 1.75"},
		{"bad minutes", 0, 204, decadeSteps(204), "0 25 50 75 100 125 150 175 200"},
		{"thousands", 0, 5200, decadeSteps(5200), "0 1 000 2 000 3 000 4 000 5 000"},
		{"tiny", 0, 1, decadeSteps(1), "0 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1"},
		{"offset", 7, 33, minuteSteps, "10 15 20 25 30"},
		{"empty", 5, 5, minuteSteps, ""},
		{"NaN", 0, math.NaN(), minuteSteps, ""},
		{"beyond the steps", 0, 1e6, minuteSteps, "0 144 000 288 000 432 000 576 000 720 000 864 000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ticks := stepTicks(tc.lo, tc.hi, tc.steps)
			got := strings.Join(labels(ticks), " ")
			if got != tc.want {
				t.Errorf("labels %q, want %q", got, tc.want)
			}
			for _, tk := range ticks {
				if tk.Value < tc.lo-1e-9 || tk.Value > tc.hi+1e-9 {
					t.Errorf("tick %v outside [%v, %v]", tk.Value, tc.lo, tc.hi)
				}
			}
			if n := len(labels(ticks)); n > maxTickLabels+1 {
				t.Errorf("%d labels, want at most %d", n, maxTickLabels+1)
			}
		})
	}
}

func TestLog1pTicks(t *testing.T) {
	for _, tc := range []struct {
		max  float64
		want string
	}{
		{5000, "0 1 2 5 10 20 50 100 200 500 1 000 2 000 5 000"},
		{100, "0 1 2 5 10 20 50 100"},
		{0, "0"},
		{math.Inf(1), "0"},
	} {
		ticks := log1pTicks(tc.max)
		if got := strings.Join(labels(ticks), " "); got != tc.want {
			t.Errorf("log1pTicks(%v) labels %q, want %q", tc.max, got, tc.want)
		}
		top := math.Log1p(tc.max)
		last := math.Inf(-1)
		for _, tk := range ticks {
			if tk.Value < 0 || (top > 0 && tk.Value > top+1e-12) {
				t.Errorf("log1pTicks(%v): tick at %v outside [0, %v]", tc.max, tk.Value, top)
			}
			if tk.Label != "" {
				sty := textStyle(tickSize, false)
				if gap := (tk.Value - last) / top * log1pAxisWidth; gap < float64(sty.Width(tk.Label)) {
					t.Errorf("log1pTicks(%v): label %q %.1f pt from the previous one", tc.max, tk.Label, gap)
				}
				last = tk.Value
			}
		}
	}
}

func TestFitText(t *testing.T) {
	sty := textStyle(legendSize, false)
	long := strings.Repeat("verylongrolename ", 6)
	for _, tc := range []struct {
		name, suffix string
		width        float64 // points
		want         string  // "" : shortened, ending in "…"+suffix
	}{
		{"web", " (load needs 50 %)", 300, "web (load needs 50 %)"},
		{long, " (load needs 50 %)", 200, ""},
		{long, "", 20, ""},
		{"<img src=x>", "", 1, ""},
	} {
		got := fitText(sty, tc.name, tc.suffix, vgLen(tc.width))
		if tc.want != "" && got != tc.want {
			t.Errorf("fitText(%q) = %q, want %q", tc.name, got, tc.want)
		}
		if tc.want == "" {
			if !strings.HasSuffix(got, "…"+tc.suffix) || !utf8.ValidString(got) {
				t.Errorf("fitText(%q) = %q, want it shortened", tc.name, got)
			}
			if w := sty.Width(" " + got); w > vgLen(tc.width) && got != "…"+tc.suffix {
				t.Errorf("fitText(%q) = %q is %v wide, want ≤ %v", tc.name, got, w, tc.width)
			}
		}
	}
}

// TestFitTextKeepsTheName: a suffix too long for the legend is shortened
// itself rather than leaving "…" where the name should be.
func TestFitTextKeepsTheName(t *testing.T) {
	sty := textStyle(legendSize, false)
	for _, tc := range []struct {
		name, suffix string
		width        float64
		prefix       string
	}{
		{"gamma", " · KS 0.041 (best), not a model kind", 110, "gamma"},
		{"lognormal", " · KS 0.041 (best), not a model kind", 110, "lognorma"},
		{"web", " (load needs 50 %)", 60, "web"},
	} {
		got := fitText(sty, tc.name, tc.suffix, vgLen(tc.width))
		if !strings.HasPrefix(got, tc.prefix) || !strings.HasSuffix(got, "…") {
			t.Errorf("fitText(%q, %q, %v) = %q, want it to start with %q and end in …", tc.name, tc.suffix, tc.width, got, tc.prefix)
		}
		if w := sty.Width(" " + got); w > vgLen(tc.width) && len([]rune(got)) > minLegendName+2 {
			t.Errorf("fitText(%q) = %q is %v wide, want ≤ %v", tc.name, got, w, tc.width)
		}
	}
}

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"web", "web"},
		{"a\nb\t\tc", "a b c"},
		{"\u202Eevil\u202C", "evil"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"<img src=x>", "<img src=x>"},
		{strings.Repeat("x", 40), strings.Repeat("x", 31) + "…"},
	} {
		if got := clean(tc.in, maxNameRunes); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
