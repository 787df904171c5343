package advisor

import (
	"errors"
	"reflect"
	"testing"
)

// TestSmallestSet checks the search order, ties, the budget and the
// minimal flag on made-up outcomes: meets lists the sets (as bit masks of
// the changes' indices) that meet the target.
func TestSmallestSet(t *testing.T) {
	cases := []struct {
		name    string
		k       int
		budget  int
		meets   []uint32
		want    []int // nil: nothing to report
		minimal bool
		runs    int // evaluations of sets of two or more
	}{
		{"a single change meets: the first in impact order, no run", 3, 10, []uint32{0b010, 0b100, 0b111}, []int{1}, true, 0},
		{"only one change: reported even when it misses", 1, 10, nil, []int{0}, true, 0},
		{"nothing meets: all together, not minimal", 3, 10, nil, []int{0, 1, 2}, false, 1},
		{"two changes: all is the pair", 2, 10, []uint32{0b11}, []int{0, 1}, true, 1},
		// All first, then pairs by rank sum: {0,1}, {0,2}, {0,3}, {1,2}.
		{"pair found after three misses", 4, 10, []uint32{0b1111, 0b0110, 0b1010}, []int{1, 2}, true, 5},
		{"ties: the pair of higher-ranked changes wins", 4, 10, []uint32{0b1111, 0b1001, 0b0110, 0b0101}, []int{0, 2}, true, 3},
		{"smaller beats better: a pair before a triple", 4, 10, []uint32{0b1111, 0b0111, 0b1100}, []int{2, 3}, true, 7},
		{"triple after every pair misses", 4, 20, []uint32{0b1111, 0b1011}, []int{0, 1, 3}, true, 9},
		{"only all of them: minimal once every smaller set missed", 3, 20, []uint32{0b111}, []int{0, 1, 2}, true, 4},
		{"budget runs out: all of them, not minimal", 4, 3, []uint32{0b1111, 0b1100}, []int{0, 1, 2, 3}, false, 3},
		{"search off: no single meets, nothing", 3, 0, []uint32{0b111}, nil, false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			met := func(set []int) bool {
				var m uint32
				for _, i := range set {
					m |= 1 << i
				}
				for _, x := range tc.meets {
					if x == m {
						return true
					}
				}
				return false
			}
			runs := 0
			single := func(i int) outcome { return outcome{meets: met([]int{i})} }
			eval := func(set []int) (outcome, error) {
				if len(set) < 2 {
					t.Errorf("ran a set of %d", len(set))
				}
				runs++
				return outcome{meets: met(set)}, nil
			}
			set, out, minimal, err := smallestSet(tc.k, tc.budget, single, eval)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(set, tc.want) || minimal != tc.minimal || runs != tc.runs {
				t.Errorf("got %v (minimal %v) after %d runs; want %v (minimal %v) after %d", set, minimal, runs, tc.want, tc.minimal, tc.runs)
			}
			if set != nil && out.meets != met(set) {
				t.Errorf("outcome %v is not the set's", out.meets)
			}
		})
	}
	boom := errors.New("cancelled")
	_, _, _, err := smallestSet(3, 5, func(int) outcome { return outcome{} }, func([]int) (outcome, error) { return outcome{}, boom })
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want the run's", err)
	}
}

func TestSetsOfSize(t *testing.T) {
	got := setsOfSize(4, 2)
	want := [][]int{{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("setsOfSize(4, 2) = %v", got)
	}
	if got := setsOfSize(5, 3); len(got) != 10 || !reflect.DeepEqual(got[0], []int{0, 1, 2}) || !reflect.DeepEqual(got[1], []int{0, 1, 3}) {
		t.Errorf("setsOfSize(5, 3) = %v", got)
	}
}
