package client

import (
	"time"

	"rolloutplanner/planner"
)

// The in-page fallback's chunks.
const (
	// LocalChunkTarget is how long one chunk of the in-page fallback should compute
	// before it yields: short enough that clicks and paints get through,
	// long enough that the yield (a timer, ≥ 1 ms) costs little.
	LocalChunkTarget = 20 * time.Millisecond
	// LocalYield is how long the fallback sleeps between chunks. It must be
	// positive: in Go's WebAssembly time.Sleep(0) and runtime.Gosched do
	// not return to the browser's event loop, a timer does.
	LocalYield = time.Millisecond
	// FirstLocalChunk is the trials of the fallback's first chunk.
	FirstLocalChunk = 100
	// MinLocalChunk and MaxLocalChunk bound the fallback's chunks, trials.
	MinLocalChunk = 10
	MaxLocalChunk = 2000
)

// NextLocalChunk returns the trials of the fallback's next chunk, given that
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

// runLocal is the fallback for pages without Web Workers, and the native
// Pool's way: it runs ranges of trials in the calling goroutine's
// program, chunk by chunk (sized by NextLocalChunk, with a LocalYield
// sleep between them, so that a browser keeps painting), merging each
// chunk into the job's local accumulator, and then reduces the job's
// trials there too. It stops quietly once the job has
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
			merged, ok, err := j.mergeLocal(part)
			if !ok {
				return // cancelled
			} else if err != nil {
				j.end(err)
				return
			}
			lo = hi
			j.progress(j.base + merged)
			j.partialLocal(e)
			chunk = NextLocalChunk(chunk, took)
			time.Sleep(LocalYield)
		}
	}
	j.reduceLocal(e)
}

// partialLocal hands a partial estimate of the trials run so far in the
// program when they are trials [0, k) and one is due (Job.OnPartial): it
// summarises a copy of the job's local accumulator, so that the run goes
// on merging into the original. In a browser this is the degraded path:
// the summary holds the page's thread for a moment.
func (j *Job) partialLocal(e *planner.Engine) {
	j.mu.Lock()
	k := j.local.Trials()
	due := len(j.parts) == 0 && j.wantPartialLocked(k)
	var acc *planner.Accumulator
	if due {
		if r := j.local.Ranges(); len(r) != 1 || r[0] != [2]int{0, k} {
			due = false
		} else {
			acc = e.NewAccumulator()
			due = acc.Merge(j.local) == nil
		}
	}
	j.mu.Unlock()
	if !due || acc.Err() != nil {
		return
	}
	j.givePartial(partialOutcome(acc.Result(), k))
}
