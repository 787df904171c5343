package client

import (
	"errors"
	"sync"
	"time"

	"rolloutplanner/planner"
	"rolloutplanner/worker/sim"
)

// ErrCancelled is the error onDone receives when Job.Cancel stopped a run
// (or a new Pool.Run replaced it).
var ErrCancelled = errors.New("client: the run was cancelled")

// ProgressInterval is the least time between two onProgress calls of a
// job, so that a page re-renders at most about 20 times a second; the
// report of the last trial is never held back.
const ProgressInterval = 50 * time.Millisecond

// Job is one run started by Pool.Run. Its onDone callback is called
// exactly once: with the reduced Outcome and nil when every trial has run
// and been summarised, or with the trials held so far (unreduced) and an
// error when the run failed, overflowed (planner.ErrOverflow) or was
// cancelled.
type Job struct {
	mu       sync.Mutex
	over     bool   // onDone has been called or is being called
	stop     func() // frees what the run holds (busy workers) on Cancel; may be nil
	base     int    // trials prev held
	total    int    // base + trials of the run
	merged   int    // trials of the run finished so far
	reported time.Time

	onProgress func(done, total int)
	onDone     func(*Outcome, error)

	// Partial estimates (OnPartial): the callback, the least prefix of
	// trials the next one needs, and when the last one was handed over.
	onPartial   func(*Outcome)
	partialNext int
	partialAt   time.Time

	prev   *Outcome             // the Outcome the run extends; may be nil
	layout *planner.Layout      // of the run's scenario
	local  *planner.Accumulator // trials run in the program (the fallback, natively)
	parts  []sim.Part           // ranges finished by workers, as their bytes
	final  *Outcome             // the reduced Outcome, set just before onDone
}

// Cancel stops the run. Workers busy with it are terminated and recreated,
// so that a new Pool.Run can begin at once; the in-page fallback stops
// before its next chunk. Unless the job had already ended, Cancel calls
// onDone(o, ErrCancelled) before it returns, o holding prev's trials plus
// the ranges that finished before the cancel, unreduced (its Ranges may
// then have gaps; Outcome.NextRange still extends it correctly). Cancel
// on an ended or nil job does nothing.
func (j *Job) Cancel() {
	if j == nil {
		return
	}
	j.mu.Lock()
	if j.over {
		j.mu.Unlock()
		return
	}
	j.over = true
	stop := j.stop
	j.mu.Unlock()
	if stop != nil {
		stop()
	}
	j.callDone(ErrCancelled)
}

// callDone calls the job's onDone once the job is over: a job that did
// not finish hands over its trials unreduced.
func (j *Job) callDone(err error) {
	o := j.final
	if o == nil || err != nil {
		o = j.unreduced()
	}
	j.onDone(o, err)
}

// unreduced returns the trials the job holds so far, those of the Outcome
// it extends included, as an unreduced Outcome.
func (j *Job) unreduced() *Outcome {
	j.mu.Lock()
	parts := j.parts
	j.mu.Unlock()
	return gatherOutcome(j.layout, j.prev, parts, j.local)
}

// endWith ends the job with its reduced Outcome, unless it had already
// ended.
func (j *Job) endWith(o *Outcome) bool {
	j.mu.Lock()
	if j.over {
		j.mu.Unlock()
		return false
	}
	j.over = true
	j.final = o
	j.mu.Unlock()
	j.callDone(nil)
	return true
}

// The partial estimates of a run (Job.OnPartial).
const (
	// FirstPartialTrials is the fewest trials a partial estimate
	// summarises: one range of a worker (sim.MinRangeTrials), the
	// first chunk of a run that can be summarised on its own.
	FirstPartialTrials = sim.MinRangeTrials
	// PartialGrowth is the factor by which each partial estimate's
	// trials grow over the previous one's, so that summarising the
	// prefixes costs at most about twice the final summary.
	PartialGrowth = 2
	// PartialInterval is the least time between two partial estimates
	// (the first one excepted), so that the page re-renders its results
	// at most about twice a second.
	PartialInterval = 500 * time.Millisecond
)

// OnPartial asks the job for partial estimates: f receives, as the trials
// [0, k) of a run that starts at trial 0 and extends no previous Outcome
// come in, an Outcome summarising just those k trials (Partial set;
// Result byte for byte that of a native run of k trials of the same
// scenario and seed, that is rollout -json -trials k), for k ≥
// FirstPartialTrials and below the run's total, each k at least
// PartialGrowth times the previous one and at least PartialInterval
// after it. f is never called after onDone, runs under the rules of the
// package comment for callbacks, and must not pass its Outcome to Run.
// OnPartial on a nil job, or one that extends an Outcome, does nothing;
// estimates due before OnPartial was called are skipped.
func (j *Job) OnPartial(f func(*Outcome)) {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.prev == nil {
		j.onPartial = f
		j.partialNext = FirstPartialTrials
	}
}

// wantPartialLocked reports whether a prefix [0, k) of the run's trials
// is due for a partial estimate; j.mu is held.
func (j *Job) wantPartialLocked(k int) bool {
	return !j.over && j.onPartial != nil && j.prev == nil &&
		k >= j.partialNext && k < j.total &&
		(j.partialAt.IsZero() || time.Since(j.partialAt) >= PartialInterval)
}

// givePartial hands the partial estimate o (trials [0, o.Trials)) to the
// OnPartial callback, unless the job has ended.
func (j *Job) givePartial(o *Outcome) {
	j.mu.Lock()
	f := j.onPartial
	if j.over || f == nil || o.Trials < j.partialNext {
		j.mu.Unlock()
		return
	}
	j.partialNext = PartialGrowth * o.Trials
	j.partialAt = time.Now()
	j.mu.Unlock()
	f(o)
}

// partialOutcome is the partial estimate of trials [0, k): their Result
// (a partial estimate carries no Charts).
func partialOutcome(res planner.Result, k int) *Outcome {
	return &Outcome{Result: res, Trials: k, Ranges: [][2]int{{0, k}}, Partial: true, reduced: true}
}

// Done reports whether the job has ended: finished, failed or cancelled.
func (j *Job) Done() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.over
}

// mergeLocal adds a chunk run in the program to the job's local
// accumulator and returns the trials of the run finished so far (not
// counting base). It reports false, leaving the accumulator alone, once
// the job has ended.
func (j *Job) mergeLocal(part *planner.Accumulator) (merged int, ok bool, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.over {
		return j.merged, false, nil
	}
	if err := j.local.Merge(part); err != nil {
		return j.merged, true, err
	}
	j.merged += part.Trials()
	return j.merged, true, nil
}

// progress reports done of total trials (both counting prev's), at most
// once per ProgressInterval except for the last trial.
func (j *Job) progress(done int) {
	j.mu.Lock()
	now := time.Now()
	if j.over || j.onProgress == nil || (done < j.total && now.Sub(j.reported) < ProgressInterval) {
		j.mu.Unlock()
		return
	}
	j.reported = now
	j.mu.Unlock()
	j.onProgress(done, j.total)
}

// end ends the job with err (nil: success) and calls onDone, unless the
// job had already ended. It reports whether it ended the job.
func (j *Job) end(err error) bool {
	j.mu.Lock()
	if j.over {
		j.mu.Unlock()
		return false
	}
	j.over = true
	j.mu.Unlock()
	j.callDone(err)
	return true
}
