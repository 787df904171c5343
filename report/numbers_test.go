package report

import (
	"testing"

	"rolloutplanner/planner"
)

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

// TestAvailabilityAsOnThePage: availability and requests served have the
// cards' digits ("99.895", "100"), not a fixed four ("99.8950").
func TestAvailabilityAsOnThePage(t *testing.T) {
	var m planner.Metrics
	m.AvailabilityPct.Mean, m.AvailabilityPct.P05, m.RequestsServedPct.Mean = 99.895, 99.99996, 100
	r := metricsOf("service", m, 100)
	if r.AvailMean != "99.895" || r.AvailP05 != "99.99996" || r.Served != "100" {
		t.Errorf("availability mean %q, P05 %q, served %q; want 99.895, 99.99996, 100", r.AvailMean, r.AvailP05, r.Served)
	}
}
