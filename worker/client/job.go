package client

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/worker/sim"
)

// ErrCancelled is the error onDone receives when Job.Cancel stopped a run
// (or a new Pool.Start replaced it).
var ErrCancelled = errors.New("runner: the run was cancelled")

// ProgressInterval is the least time between two onProgress calls of a
// job, so that a page re-renders at most about 20 times a second; the
// report of the last trial is never held back.
const ProgressInterval = 50 * time.Millisecond

// Job is one run started by Pool.Run, Pool.Start or RunLocal. Its onDone
// callback is called exactly once: with the reduced Outcome (Run) or the
// merged accumulator (Start, RunLocal) and nil when every trial has run,
// or with an error when the run failed or was cancelled.
type Job struct {
	mu       sync.Mutex
	over     bool   // onDone has been called or is being called
	stop     func() // frees what the run holds (busy workers) on Cancel; may be nil
	acc      *planner.Accumulator
	base     int // trials acc held before the run
	total    int // base + trials of the run
	merged   int // trials of the run merged into acc so far
	reported time.Time

	onProgress func(done, total int)
	onDone     func(acc *planner.Accumulator, err error)

	// Jobs of Pool.Run (onOutcome set, onDone nil) never merge the
	// workers' ranges: they keep their bytes for a worker to reduce. acc
	// then holds only the trials run in the program (the fallback).
	onOutcome func(*Outcome, error)
	prev      *Outcome        // the Outcome the run extends; may be nil
	layout    *planner.Layout // of the run's scenario
	parts     []sim.Part      // ranges finished by workers
	final     *Outcome        // the reduced Outcome, set just before onOutcome
	reduce    func()          // ends the job once runLocal has run every trial; nil: end(nil)
}

func newJob(acc *planner.Accumulator, a, b int, onProgress func(done, total int), onDone func(*planner.Accumulator, error)) *Job {
	j := &Job{acc: acc, onProgress: onProgress, onDone: onDone}
	if acc != nil {
		j.base = acc.Trials()
	}
	j.total = j.base + max(b-a, 0)
	return j
}

// Cancel stops the run. Workers busy with it are terminated and recreated,
// so that a new Pool.Start can begin at once; the in-page fallback stops
// before its next chunk. Unless the job had already ended, Cancel calls
// onDone(acc, ErrCancelled) before it returns, acc holding the trials it
// held before plus the ranges that finished before the cancel (its
// Ranges may then have gaps; NextRange still extends it correctly).
// Cancel on an ended or nil job does nothing.
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

// callDone calls the job's onDone or onOutcome once the job is over: a
// Run job that did not finish hands over its trials unreduced.
func (j *Job) callDone(err error) {
	if j.onDone != nil {
		j.onDone(j.acc, err)
	}
	if j.onOutcome != nil {
		o := j.final
		if o == nil || err != nil {
			o = j.unreduced()
		}
		j.onOutcome(o, err)
	}
}

// unreduced returns the trials the job holds so far, those of the Outcome
// it extends included, as an unreduced Outcome.
func (j *Job) unreduced() *Outcome {
	j.mu.Lock()
	parts := j.parts
	j.mu.Unlock()
	return gatherOutcome(j.layout, j.prev, parts, j.acc)
}

// addPart records a range that a worker finished, as its accumulator
// bytes, and returns the trials of the run finished so far (not counting
// base). It reports false once the job has ended.
func (j *Job) addPart(p sim.Part) (merged int, ok bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.over {
		return j.merged, false
	}
	j.parts = append(j.parts, p)
	j.merged += p.Range[1] - p.Range[0]
	return j.merged, true
}

// endWith ends a Run job with its reduced Outcome, unless it had already
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

// Done reports whether the job has ended: finished, failed or cancelled.
func (j *Job) Done() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.over
}

// merge adds a finished range's trials to the job's accumulator and
// returns the trials of the run merged so far (not counting base). It
// reports false, leaving the accumulator alone, once the job has ended.
func (j *Job) merge(part *planner.Accumulator) (merged int, ok bool, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.over {
		return j.merged, false, nil
	}
	if err := j.acc.Merge(part); err != nil {
		return j.merged, true, err
	}
	j.merged += part.Trials()
	return j.merged, true, nil
}

// mergedTrials returns the trials of the run merged so far, not counting
// those acc held before.
func (j *Job) mergedTrials() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.merged
}

// progress reports done of total trials (both counting the trials acc
// held before the run), at most once per ProgressInterval except for the
// last trial.
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

// prepare checks a run of trials [a, b) of s into acc and builds an engine
// for it. A nil acc is replaced by an empty one. Errors: the scenario's
// model.Problems; a range that is not 0 ≤ a ≤ b or overlaps acc's trials;
// an accumulator made for another scenario.
func prepare(s model.Scenario, acc *planner.Accumulator, a, b int) (*planner.Engine, *planner.Accumulator, error) {
	e, err := planner.New(s)
	if err != nil {
		return nil, acc, err
	}
	if acc == nil {
		acc = e.NewAccumulator()
	}
	if a < 0 || b < a {
		return nil, acc, fmt.Errorf("runner: trial range [%d, %d) is not 0 ≤ a ≤ b", a, b)
	}
	if !acc.Layout().Equal(e.Layout()) {
		return nil, acc, errors.New("runner: the accumulated results belong to another scenario: start a fresh run")
	}
	if a < b {
		for _, r := range acc.Ranges() {
			if a < r[1] && r[0] < b {
				return nil, acc, fmt.Errorf("runner: trials [%d, %d) are already held; extend with NextRange", max(a, r[0]), min(b, r[1]))
			}
		}
	}
	return e, acc, nil
}
