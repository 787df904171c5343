package client

import (
	"math"
	"testing"

	"rolloutplanner/planner"
)

func TestNeedMore(t *testing.T) {
	wilson := func(k, n int) planner.Proportion { return planner.Wilson(k, n, planner.WilsonZ) }
	tests := []struct {
		name     string
		p        planner.Proportion
		trials   int
		cap      int
		wantNext int
		wantMore bool
	}{
		{"no trials yet", wilson(0, 0), 0, 1000000, MinAdaptiveTrials, true},
		{"few trials: at least the minimum", wilson(90, 100), 100, 1000000, MinAdaptiveTrials, true},
		{"wide: double", wilson(9000, 10000), 10000, 1000000, 20000, true},
		{"wide at 50 %: double", wilson(10000, 20000), 20000, 1000000, 40000, true},
		{"narrow at 50 %", wilson(20000, 40000), 40000, 1000000, 40000, false},
		{"narrow at 97 %", wilson(4850, 5000), 5000, 1000000, 5000, false},
		{"all months meet the SLA", wilson(10000, 10000), 10000, 1000000, 10000, false},
		{"no month meets the SLA", wilson(0, 10000), 10000, 1000000, 10000, false},
		{"doubling passes the cap: stop at it", wilson(6000, 12000), 12000, 20000, 20000, true},
		{"cap reached", wilson(5000, 10000), 10000, 10000, 10000, false},
		{"beyond the cap", wilson(5000, 10000), 30000, 20000, 30000, false},
		{"cap below the minimum", wilson(50, 100), 100, 500, 500, true},
		{"exactly ±0.5 points", planner.Proportion{P: 0.5, Lo: 0.495, Hi: 0.505}, 40000, 1000000, 40000, false},
		{"just wider than ±0.5 points", planner.Proportion{P: 0.5, Lo: 0.4949, Hi: 0.505}, 40000, 1000000, 80000, true},
		{"doubling would overflow", wilson(5, 10), math.MaxInt/2 + 1, math.MaxInt, math.MaxInt, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, more := NeedMore(tt.p, tt.trials, tt.cap)
			if next != tt.wantNext || more != tt.wantMore {
				t.Errorf("NeedMore(%+v, %d, %d) = %d, %v; want %d, %v", tt.p, tt.trials, tt.cap, next, more, tt.wantNext, tt.wantMore)
			}
		})
	}
}

// TestNeedMoreConverges follows the rule from the first round: it must
// stop, within the cap, at a width that meets the target or at the cap.
func TestNeedMoreConverges(t *testing.T) {
	for _, share := range []float64{0, 0.03, 0.5, 0.97, 1} {
		trials, rounds := 1000, 0
		for {
			p := planner.Wilson(int(share*float64(trials)), trials, planner.WilsonZ)
			next, more := NeedMore(p, trials, 1000000)
			if !more {
				if (p.Hi-p.Lo)/2 > TargetHalfWidth+1e-12 && trials < 1000000 {
					t.Errorf("share %v: stopped at %d trials with half-width %v", share, trials, (p.Hi-p.Lo)/2)
				}
				break
			}
			if next <= trials || next > 1000000 {
				t.Fatalf("share %v: next %d after %d", share, next, trials)
			}
			trials = next
			rounds++
		}
		if rounds > 10 {
			t.Errorf("share %v: %d rounds", share, rounds)
		}
	}
}

func TestNextRange(t *testing.T) {
	tests := []struct {
		name         string
		held         [][2]int
		trials       int
		next         int
		wantA, wantB int
	}{
		{"empty", nil, 0, 1000, 0, 1000},
		{"extend a finished run", [][2]int{{0, 10000}}, 10000, 20000, 10000, 20000},
		{"already enough", [][2]int{{0, 10000}}, 10000, 10000, 10000, 10000},
		{"more than asked", [][2]int{{0, 10000}}, 10000, 5000, 10000, 10000},
		{"gaps after a cancel", [][2]int{{0, 3000}, {4000, 6000}}, 5000, 20000, 6000, 21000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := nextRange(tt.held, tt.trials, tt.next)
			if a != tt.wantA || b != tt.wantB {
				t.Errorf("nextRange(%v, %d, %d) = [%d, %d), want [%d, %d)", tt.held, tt.trials, tt.next, a, b, tt.wantA, tt.wantB)
			}
		})
	}
	var none *Outcome
	if a, b := none.NextRange(500); a != 0 || b != 500 {
		t.Errorf("(*Outcome)(nil).NextRange(500) = [%d, %d), want [0, 500)", a, b)
	}
}
