package client

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/worker/sim"
)

// Outcome is what a run started by Pool.Run hands the page: the summary of
// its trials, reduced where the trials are (in a Web Worker) so that the
// page's thread never merges, sorts or charts them, and the trials
// themselves in a form that a later Run extends (the adaptive mode).
//
// An Outcome is never changed after onDone received it: extending it with
// Run gives a new Outcome, and the old one stays valid.
type Outcome struct {
	// Result and Charts summarise every trial the Outcome holds, byte for
	// byte as a native planner.Run of the same trials would (once
	// encoded to JSON). They are zero unless Reduced: a run that was
	// cancelled or failed hands over its finished trials unreduced.
	Result planner.Result
	Charts planner.Charts
	// Trials is the number of trials held, the Outcome it extended
	// included.
	Trials int
	// Ranges are the trial ranges [a, b) held, sorted and disjoint,
	// adjacent ranges joined. A cancelled run may leave gaps.
	Ranges [][2]int
	// Partial marks a partial estimate (Job.OnPartial): Result
	// summarises the first Trials trials of a run still under way, and
	// Charts are zero (the page draws the final run's). It holds no
	// trials to extend: never pass it to Run.
	Partial bool

	reduced bool
	layout  *planner.Layout        // of the scenario the trials belong to
	parts   []sim.Part             // ranges run in Web Workers, as accumulator bytes
	accs    []*planner.Accumulator // trials run in the program itself (fallback, native)
}

// Reduced reports whether Result and Charts summarise the trials held.
// Outcomes of finished runs are reduced; those handed over by a cancel or
// a failure are not (reduce them with Pool.Run(s, o, a, a, …)).
func (o *Outcome) Reduced() bool { return o != nil && o.reduced }

// NextRange returns the trials [a, b) that bring o up to next trials
// (the adaptive mode's next round): right after the highest trial o holds
// (0 for a nil Outcome), so they never overlap it. When o holds next
// trials or more, a == b.
func (o *Outcome) NextRange(next int) (a, b int) {
	if o == nil {
		return nextRange(nil, 0, next)
	}
	return nextRange(o.Ranges, o.Trials, next)
}

// gatherOutcome gathers prev's trials and a run's parts and in-program
// accumulator into an unreduced Outcome. It copies the slices it keeps,
// so that prev and the new Outcome never share a backing array.
func gatherOutcome(layout *planner.Layout, prev *Outcome, parts []sim.Part, acc *planner.Accumulator) *Outcome {
	o := &Outcome{layout: layout}
	if prev != nil {
		o.parts = slices.Clone(prev.parts)
		o.accs = slices.Clone(prev.accs)
	}
	o.parts = append(o.parts, parts...)
	if acc != nil && acc.Trials() > 0 {
		o.accs = append(o.accs, acc)
	}
	var ranges [][2]int
	for _, p := range o.parts {
		ranges = append(ranges, p.Range)
		o.Trials += p.Range[1] - p.Range[0]
	}
	for _, a := range o.accs {
		ranges = append(ranges, a.Ranges()...)
		o.Trials += a.Trials()
	}
	slices.SortFunc(ranges, func(x, y [2]int) int { return x[0] - y[0] })
	for _, r := range ranges {
		if n := len(o.Ranges); n > 0 && o.Ranges[n-1][1] == r[0] {
			o.Ranges[n-1][1] = r[1]
			continue
		}
		if r[0] < r[1] {
			o.Ranges = append(o.Ranges, r)
		}
	}
	return o
}

// prepareRun checks a run of trials [a, b) of s extending prev (nil: none)
// and builds its engine and job. Errors: the scenario's model.Problems; a
// range that is not 0 ≤ a ≤ b or overlaps prev's trials; a prev of
// another scenario; no trials at all.
func prepareRun(s model.Scenario, prev *Outcome, a, b int, onProgress func(done, total int), onDone func(*Outcome, error)) (*planner.Engine, *Job, error) {
	j := &Job{onProgress: onProgress, onDone: onDone, prev: prev}
	if prev != nil {
		j.base = prev.Trials
	}
	j.total = j.base + max(b-a, 0)
	e, err := planner.New(s)
	if err != nil {
		return nil, j, err
	}
	j.layout = e.Layout()
	j.local = e.NewAccumulator()
	if a < 0 || b < a {
		return nil, j, fmt.Errorf("client: trial range [%d, %d) is not 0 ≤ a ≤ b", a, b)
	}
	if prev != nil && prev.Partial {
		return nil, j, errors.New("client: a partial estimate cannot be extended: extend the run's final Outcome")
	}
	if prev != nil && !prev.layout.Equal(e.Layout()) {
		return nil, j, errors.New("client: the previous results belong to another scenario: start a fresh run")
	}
	if a < b && prev != nil {
		for _, r := range prev.Ranges {
			if a < r[1] && r[0] < b {
				return nil, j, fmt.Errorf("client: trials [%d, %d) are already held; extend with Outcome.NextRange", max(a, r[0]), min(b, r[1]))
			}
		}
	}
	if j.total == 0 {
		return nil, j, errors.New("client: a run needs at least one trial")
	}
	return e, j, nil
}

// reduceLocal reduces the job's trials in the calling program: the
// fallback when no worker is left, and the native Pool's way. It merges
// one part or accumulator at a time and sleeps LocalYield between steps,
// so that in a browser the page keeps painting (Result and Charts of
// 100,000 trials still hold it for a few hundred milliseconds: this is
// the degraded path). It stops quietly once the job has ended.
func (j *Job) reduceLocal(e *planner.Engine) {
	o := j.unreduced()
	acc := e.NewAccumulator()
	step := func(err error) bool {
		if err != nil {
			j.end(err)
			return false
		}
		time.Sleep(LocalYield)
		return !j.Done()
	}
	for _, a := range o.accs {
		if !step(acc.Merge(a)) {
			return
		}
	}
	for _, p := range o.parts {
		if !step(sim.MergePart(acc, p)) {
			return
		}
	}
	if err := acc.Err(); err != nil {
		j.end(err) // planner.ErrOverflow: figures not to be shown
		return
	}
	o.Result = acc.Result()
	if !step(nil) {
		return
	}
	o.Charts = acc.Charts()
	o.reduced = true
	j.endWith(o)
}

// runOutcomeLocal is Pool.Run without workers: trials and reduction in the
// program, in chunks with yields (runLocal), on a new goroutine.
func runOutcomeLocal(s model.Scenario, prev *Outcome, a, b int, onProgress func(done, total int), onDone func(*Outcome, error)) *Job {
	e, j, err := prepareRun(s, prev, a, b, onProgress, onDone)
	if err != nil {
		go j.end(err)
		return j
	}
	if a == b && prev.Reduced() {
		go j.endWith(prev)
		return j
	}
	go j.runLocal(e, [][2]int{{a, b}})
	return j
}
