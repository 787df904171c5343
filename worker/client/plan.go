package client

import "rolloutplanner/worker/sim"

// Sizes of the ranges of trials that one worker runs at a time: see
// package worker/sim, whose Split the boot run (web/boot.js) uses too.
const (
	MinRangeTrials  = sim.MinRangeTrials  // smallest range Split picks on its own
	MaxRangeTrials  = sim.MaxRangeTrials  // largest range Split picks on its own
	RangesPerWorker = sim.RangesPerWorker // ranges Split aims to give each worker
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

// Split cuts trials [a, b) into the ranges a pool hands out: sim.Split,
// which the workers' boot run uses as well, so that a run the page's
// first script started is the page's run, range for range.
func Split(a, b, workers, size int) [][2]int { return sim.Split(a, b, workers, size) }
