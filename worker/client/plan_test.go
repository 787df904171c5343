package client

import (
	"slices"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name             string
		a, b, workers, n int
		want             [][2]int
	}{
		{"empty", 5, 5, 4, 0, nil},
		{"one trial", 0, 1, 4, 0, [][2]int{{0, 1}}},
		{"shorter than a range", 0, 999, 4, 0, [][2]int{{0, 999}}},
		{"exactly the least range", 0, 1000, 4, 0, [][2]int{{0, 1000}}},
		{"least range, one more", 0, 1001, 4, 0, [][2]int{{0, 500}, {500, 1001}}},
		{"10k on 4 workers: least ranges", 0, 10000, 4, 0, tenOf(0, 1000)},
		{"100k on 4: 32 ranges of 3125", 0, 100000, 4, 0, evenRanges(0, 100000, 32)},
		{"1M on 4: capped at 5000", 0, 1000000, 4, 0, evenRanges(0, 1000000, 200)},
		{"100k on 1 worker: capped", 0, 100000, 1, 0, evenRanges(0, 100000, 20)},
		{"workers ≤ 0 count as one", 0, 100000, 0, 0, evenRanges(0, 100000, 20)},
		{"offset start (adaptive extension)", 10000, 20000, 2, 0, tenOf(10000, 1000)},
		{"uneven: lengths differ by one", 0, 2003, 1, 1000, [][2]int{{0, 667}, {667, 1335}, {1335, 2003}}},
		{"fixed size", 0, 10, 3, 4, [][2]int{{0, 3}, {3, 6}, {6, 10}}},
		{"fixed size divides", 100, 112, 3, 4, [][2]int{{100, 104}, {104, 108}, {108, 112}}},
		{"fixed size of one", 7, 10, 3, 1, [][2]int{{7, 8}, {8, 9}, {9, 10}}},
		{"fixed size larger than run", 0, 10, 3, 50, [][2]int{{0, 10}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.a, tt.b, tt.workers, tt.n)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Split(%d, %d, %d, %d) = %v, want %v", tt.a, tt.b, tt.workers, tt.n, got, tt.want)
			}
			checkCover(t, got, tt.a, tt.b)
		})
	}
}

// tenOf returns ten consecutive ranges of size trials from a.
func tenOf(a, size int) [][2]int {
	var out [][2]int
	for i := range 10 {
		out = append(out, [2]int{a + i*size, a + (i+1)*size})
	}
	return out
}

// evenRanges cuts [a, b) into n equal ranges; (b − a) must divide by n.
func evenRanges(a, b, n int) [][2]int {
	var out [][2]int
	size := (b - a) / n
	for i := range n {
		out = append(out, [2]int{a + i*size, a + (i+1)*size})
	}
	return out
}

// checkCover checks the properties Split promises for any input.
func checkCover(t *testing.T, rs [][2]int, a, b int) {
	t.Helper()
	at := a
	lo, hi := b-a, 0
	for _, r := range rs {
		if r[0] != at || r[1] <= r[0] {
			t.Fatalf("ranges %v do not tile [%d, %d)", rs, a, b)
		}
		lo, hi = min(lo, r[1]-r[0]), max(hi, r[1]-r[0])
		at = r[1]
	}
	if at != b && !(a == b && len(rs) == 0) {
		t.Fatalf("ranges %v end at %d, not %d", rs, at, b)
	}
	if len(rs) > 0 && hi-lo > 1 {
		t.Errorf("range lengths %d..%d differ by more than one", lo, hi)
	}
}

func TestSplitProperties(t *testing.T) {
	for _, total := range []int{1, 2, 999, 1000, 1001, 4999, 5001, 12345, 77777, 333333, 1000000} {
		for _, workers := range []int{1, 2, 3, 4} {
			for _, size := range []int{0, 1, 7, 250, 3000} {
				if size == 1 && total > 5000 {
					continue
				}
				rs := Split(3, 3+total, workers, size)
				checkCover(t, rs, 3, 3+total)
				for _, r := range rs {
					n := r[1] - r[0]
					if size > 0 && n > size {
						t.Fatalf("Split(total %d, size %d): range of %d", total, size, n)
					}
					if size <= 0 && (n > MaxRangeTrials || (n < MinRangeTrials/2 && total >= MinRangeTrials)) {
						t.Fatalf("Split(total %d, %d workers): range of %d", total, workers, n)
					}
				}
				if size <= 0 && total >= workers*RangesPerWorker*MinRangeTrials && total <= workers*RangesPerWorker*MaxRangeTrials {
					if n := len(rs); n < workers*RangesPerWorker || n > workers*RangesPerWorker+1 {
						t.Errorf("Split(total %d, %d workers) gave %d ranges, want about %d", total, workers, n, workers*RangesPerWorker)
					}
				}
			}
		}
	}
}

func TestSplitPanicsOnReversedRange(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Split(5, 4, …) did not panic")
		}
	}()
	Split(5, 4, 1, 0)
}

func TestWorkerCount(t *testing.T) {
	for _, tt := range []struct{ cores, want int }{
		{-1, 2}, {0, 2}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {8, MaxWorkers}, {128, MaxWorkers},
	} {
		if got := WorkerCount(tt.cores); got != tt.want {
			t.Errorf("WorkerCount(%d) = %d, want %d", tt.cores, got, tt.want)
		}
	}
}
