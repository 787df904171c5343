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
