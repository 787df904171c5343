package headline

import (
	"math"
	"strconv"
	"testing"

	"rolloutplanner/planner"
)

func TestTone(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   string
	}{
		{0.99, 1, "good"},
		{0.989, 1, "warn"},
		{0.5, 0.9, "warn"},
		{0, 0.899, "bad"},
	}
	for _, tt := range tests {
		var m planner.Metrics
		m.SLACompliance.Lo, m.SLACompliance.Hi = tt.lo, tt.hi
		if got := Metrics(m)[0].Tone; got != tt.want {
			t.Errorf("interval %v–%v: tone %q, want %q", tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestCardsKeysAndExact(t *testing.T) {
	r := planner.Result{Roles: []planner.RoleResult{{Name: "web"}, {Name: "worker"}}}
	r.Service.BadMinutes.Mean = 1.0 / 3
	cards := Cards(r)
	if len(cards) != 3 || cards[0].Key != "service" || cards[2].Key != "role-1" || cards[2].Title != "worker" {
		t.Fatalf("cards %+v", cards)
	}
	for _, m := range cards[0].Metrics {
		v, err := strconv.ParseFloat(m.Exact, 64)
		if err != nil || v != m.Value {
			t.Errorf("%s: Exact %q does not read back as %v", m.Key, m.Exact, m.Value)
		}
	}
	if got := Exact(math.Nextafter(1, 2)); got != "1.0000000000000002" {
		t.Errorf("Exact = %q", got)
	}
}

func TestPartialNote(t *testing.T) {
	if got, want := PartialNote(5000, 100000), "Estimate from 5\u202f000 of 100\u202f000 trials; refining…"; got != want {
		t.Errorf("PartialNote = %q, want %q", got, want)
	}
}
