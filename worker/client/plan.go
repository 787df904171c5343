package client

// Sizes of the ranges of trials that one worker runs at a time.
const (
	// MinRangeTrials is the smallest range Split picks on its own, trials:
	// shorter ranges spend too much of their time posting and merging.
	MinRangeTrials = 1000
	// MaxRangeTrials is the largest range Split picks on its own, trials:
	// longer ones make the last workers finish unevenly.
	MaxRangeTrials = 5000
	// RangesPerWorker is how many ranges Split aims to give each worker,
	// so that every worker stays busy to the end of a run.
	RangesPerWorker = 8
)

// WorkerChunk is how many trials a worker runs between two progress
// messages: about 10–50 ms of work for typical scenarios in a browser.
const WorkerChunk = 250

// MaxWorkers caps the workers of a pool: past four, the page's own thread
// (merging, rendering) and the machine's other tabs gain more than a run
// would.
const MaxWorkers = 4

// WorkerCount returns how many workers a pool should start on a machine
// that reports hardwareConcurrency logical cores
// (navigator.hardwareConcurrency; 0 when unknown): one per core, at least
// one and at most MaxWorkers, and two when the count is unknown.
func WorkerCount(hardwareConcurrency int) int {
	if hardwareConcurrency <= 0 {
		return 2
	}
	return min(hardwareConcurrency, MaxWorkers)
}

// Split cuts trials [a, b) into the ranges [lo, hi) that a pool hands out
// in order, each to whichever of its workers is free next. The ranges are
// contiguous, increasing, cover [a, b) exactly and differ in length by at
// most one trial. No range is longer than size trials; size ≤ 0 lets Split
// choose: about RangesPerWorker ranges for each of workers workers (≤ 0
// counts as one), each between MinRangeTrials and MaxRangeTrials trials
// unless the whole run is shorter. That way progress arrives steadily,
// every worker stays busy until near the end, and no worker is left with a
// long range while the others idle. An empty [a, b) has no ranges. Split
// panics if b < a, a programmer error.
func Split(a, b, workers, size int) [][2]int {
	if b < a {
		panic("client: Split needs a ≤ b")
	}
	total := b - a
	if total == 0 {
		return nil
	}
	if size <= 0 {
		workers = max(workers, 1)
		size = ceilDiv(total, workers*RangesPerWorker)
		size = min(max(size, MinRangeTrials), MaxRangeTrials)
	}
	n := ceilDiv(total, size)
	out := make([][2]int, 0, n)
	short := n - total%n // ranges of total/n trials; the rest get one more
	if total%n == 0 {
		short = n
	}
	lo := a
	for i := range n {
		hi := lo + total/n
		if i >= short {
			hi++
		}
		out = append(out, [2]int{lo, hi})
		lo = hi
	}
	return out
}

func ceilDiv(x, y int) int { return (x + y - 1) / y }
