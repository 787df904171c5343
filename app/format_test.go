package app

import (
	"math"
	"rolloutplanner/internal/headline"
	"testing"
)

func TestFormatters(t *testing.T) {
	a, b := 0.1, 0.2
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"percent zero", Percent(0), "0 %"},
		{"percent one", Percent(1), "100 %"},
		{"percent one decimal", Percent(0.9731), "97.3 %"},
		{"percent tiny keeps a digit", Percent(0.0004), "0.04 %"},
		{"percent near one is not 100", Percent(0.99996), "99.996 %"},
		{"percent NaN", Percent(math.NaN()), "–"},
		{"points three decimals", PercentPoints(99.9581), "99.958 %"},
		{"points near 100", PercentPoints(99.99996), "99.99996 %"},
		{"points exactly 100", PercentPoints(100), "100 %"},
		{"minutes short", Minutes(12.34), "12.3 min"},
		{"minutes whole", Minutes(5), "5 min"},
		{"minutes long", Minutes(95.9), "95.9 min (1.6 h)"},
		{"minutes NaN", Minutes(math.NaN()), "–"},
		{"count small", Count(999), "999"},
		{"count thousands", Count(12000), "12\u202f000"},
		{"count million", Count(1000000), "1\u202f000\u202f000"},
		{"count negative", Count(-4500), "-4\u202f500"},
		{"progress", ProgressText(12000, 20000), "12\u202f000 / 20\u202f000 trials"},
		{"exact", headline.Exact(a + b), "0.30000000000000004"},
		{"exact whole", headline.Exact(99.5), "99.5"},
		{"file base", fileBase("Seed example: 2 web instances"), "seed-example-2-web-instances"},
		{"file base of markup", fileBase("<script>/../x"), "script-x"},
		{"file base empty", fileBase("¿?"), "rollout"},
		{"csv formula", csvText("=HYPERLINK(1)"), "'=HYPERLINK(1)"},
		{"csv plain", csvText("web"), "web"},
		{"csv formula after a space", csvText(" =1+1"), "' =1+1"},
		{"csv full-width formula", csvText("＝1+1"), "'＝1+1"},
		{"csv NUL", csvText("we\x00b"), "web"},
		{"csv NUL before a formula", csvText("\x00@x"), "'@x"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
