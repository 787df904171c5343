package client

import (
	"time"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// The in-page fallback's chunks.
const (
	// LocalChunkTarget is how long one chunk of RunLocal should compute
	// before it yields: short enough that clicks and paints get through,
	// long enough that the yield (a timer, ≥ 1 ms) costs little.
	LocalChunkTarget = 20 * time.Millisecond
	// LocalYield is how long RunLocal sleeps between chunks. It must be
	// positive: in Go's WebAssembly time.Sleep(0) and runtime.Gosched do
	// not return to the browser's event loop, a timer does.
	LocalYield = time.Millisecond
	// FirstLocalChunk is the trials of RunLocal's first chunk.
	FirstLocalChunk = 100
	// MinLocalChunk and MaxLocalChunk bound RunLocal's chunks, trials.
	MinLocalChunk = 10
	MaxLocalChunk = 2000
)

// NextLocalChunk returns the trials of RunLocal's next chunk, given that
// the last one, of prev trials, took took: prev scaled towards
// LocalChunkTarget, growing at most twofold per chunk, within
// [MinLocalChunk, MaxLocalChunk]. A chunk too fast to time (took ≤ 0)
// doubles. Chunk sizes never change results, only smoothness.
func NextLocalChunk(prev int, took time.Duration) int {
	next := 2 * prev
	if took > 0 {
		next = min(next, int(float64(prev)*float64(LocalChunkTarget)/float64(took)))
	}
	return min(max(next, MinLocalChunk), MaxLocalChunk)
}

// RunLocal is the fallback for pages without Web Workers: it runs trials
// [a, b) of s on a new goroutine of the calling program, in chunks sized
// by NextLocalChunk with a LocalYield sleep between them, and merges them
// into acc (nil: a new accumulator; otherwise it may hold other trials,
// as when the adaptive mode extends a finished run, but none of [a, b)).
// In a browser this keeps the page responsive, if slower and less smooth
// than workers; the results are the same.
//
// onProgress (may be nil) receives the trials done so far, counting those
// acc held before, and the total, at most once per ProgressInterval and
// always for the last trial. onDone is called once, never from within
// RunLocal: with acc and nil when done, or with an error (the scenario's
// model.Problems, a bad range, ErrCancelled). acc must not be read or
// changed until onDone. On error acc holds what it held before plus the
// chunks finished; it is nil only when the scenario was invalid and acc
// was nil.
func RunLocal(s model.Scenario, acc *planner.Accumulator, a, b int, onProgress func(done, total int), onDone func(acc *planner.Accumulator, err error)) *Job {
	e, acc, err := prepare(s, acc, a, b)
	j := newJob(acc, a, b, onProgress, onDone)
	if err != nil {
		go j.end(err)
		return j
	}
	go j.runLocal(e, [][2]int{{a, b}})
	return j
}

// runLocal runs ranges of trials in the calling goroutine's program,
// chunk by chunk, merging each chunk into the job's accumulator, and ends
// the job when they are all done. It stops quietly once the job has
// ended (cancelled).
func (j *Job) runLocal(e *planner.Engine, ranges [][2]int) {
	chunk := FirstLocalChunk
	for _, r := range ranges {
		for lo, b := r[0], r[1]; lo < b; {
			if j.Done() {
				return
			}
			hi := lo + min(chunk, b-lo)
			part := e.NewAccumulator()
			start := time.Now()
			e.Run(part, lo, hi)
			took := time.Since(start)
			merged, ok, err := j.merge(part)
			if !ok {
				return // cancelled
			} else if err != nil {
				j.end(err)
				return
			}
			lo = hi
			j.progress(j.base + merged)
			chunk = NextLocalChunk(chunk, took)
			time.Sleep(LocalYield)
		}
	}
	if j.reduce != nil {
		j.reduce()
		return
	}
	j.end(nil)
}
