package numfmt

import (
	"math"
	"testing"
)

func TestGroup(t *testing.T) {
	tests := []struct {
		n    int
		sep  string
		want string
	}{
		{0, ",", "0"},
		{999, ",", "999"},
		{1000, ",", "1,000"},
		{10000, ",", "10,000"},
		{-1234567, "\u202f", "-1\u202f234\u202f567"},
		{100000, " ", "100 000"},
		{-12, ",", "-12"},
	}
	for _, tt := range tests {
		if got := Group(tt.n, tt.sep); got != tt.want {
			t.Errorf("Group(%d, %q) = %q, want %q", tt.n, tt.sep, got, tt.want)
		}
	}
}

func TestTrim(t *testing.T) {
	tests := []struct {
		x    float64
		dec  int
		want string
	}{
		{21.6, 2, "21.6"},
		{120, 1, "120"},
		{0.25, 2, "0.25"},
		{0.001, 2, "0"},
		{-0.001, 2, "0"},
		{1.05, 0, "1"},
		{99.95, 3, "99.95"},
		{math.Inf(1), 2, "+Inf"},
	}
	for _, tt := range tests {
		if got := Trim(tt.x, tt.dec); got != tt.want {
			t.Errorf("Trim(%g, %d) = %q, want %q", tt.x, tt.dec, got, tt.want)
		}
	}
}

func TestShare(t *testing.T) {
	tests := []struct {
		p    float64
		want string
	}{
		{0, "0 %"},
		{1, "100 %"},
		{0.973, "97.3 %"},
		{0.9995, "99.95 %"},   // the report said "> 99.9 %"
		{0.9996, "99.96 %"},   // never "100.0 %"
		{0.99999, "99.999 %"}, // as many digits as it takes
		{0.0004, "0.04 %"},    // never "0.0 %"
		{0.5, "50.0 %"},
		{math.NaN(), "–"},
	}
	for _, tt := range tests {
		if got := Share(tt.p); got != tt.want {
			t.Errorf("Share(%g) = %q, want %q", tt.p, got, tt.want)
		}
	}
	if got := SharePoints(0.9995); got != "99.95" {
		t.Errorf("SharePoints(0.9995) = %q, want 99.95", got)
	}
}

func TestPoints(t *testing.T) {
	tests := []struct {
		pct  float64
		want string
	}{
		{99.958, "99.958 %"},
		{100, "100 %"},
		{99.99996, "99.99996 %"},
		{99.9097222, "99.910 %"},
		{0, "0 %"},
		{math.NaN(), "–"},
	}
	for _, tt := range tests {
		if got := Points(tt.pct); got != tt.want {
			t.Errorf("Points(%g) = %q, want %q", tt.pct, got, tt.want)
		}
		if got, want := PointsNumber(tt.pct)+" %", tt.want; got != want && tt.want != "–" {
			t.Errorf("PointsNumber(%g) = %q, want %q without the unit", tt.pct, got, want)
		}
	}
}

func TestMinutes(t *testing.T) {
	tests := []struct {
		m    float64
		want string
	}{
		{21.6, "21.6 min"},
		{0, "0 min"},
		{89.96, "90 min"},
		{95, "95 min (1.6 h)"},
		{math.NaN(), "–"},
	}
	for _, tt := range tests {
		if got := Minutes(tt.m); got != tt.want {
			t.Errorf("Minutes(%g) = %q, want %q", tt.m, got, tt.want)
		}
	}
}

func TestCountAndNum(t *testing.T) {
	if got := Count(1000000); got != "1\u202f000\u202f000" {
		t.Errorf("Count(1000000) = %q", got)
	}
	if got := Count(999); got != "999" {
		t.Errorf("Count(999) = %q", got)
	}
	tests := []struct {
		x    float64
		want string
	}{
		{21.6, "21.6"}, {120, "120"}, {0.25, "0.25"}, {0.005, "0.005"}, {-3.14159, "-3.1"}, {math.Inf(1), "+Inf"},
	}
	for _, tt := range tests {
		if got := Num(tt.x); got != tt.want {
			t.Errorf("Num(%g) = %q, want %q", tt.x, got, tt.want)
		}
	}
}
