package report

import "testing"

// TestNumbersAsOnThePage: the report formats shares, counts and numbers
// with internal/numfmt, as the page's cards and the charts do (it used
// to show "> 99.9 %" where the cards showed "99.95 %", and "10,000"
// where they showed "10 000").
func TestNumbersAsOnThePage(t *testing.T) {
	tests := []struct{ got, want string }{
		{pct(0.9995), "99.95 %"},
		{pct(0.9996), "99.96 %"},
		{pct(0.0004), "0.04 %"},
		{pct(1), "100 %"},
		{thousands(10000), "10\u202f000"},
		{num(0.005), "0.005"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
