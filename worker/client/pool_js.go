//go:build js && wasm

package client

import (
	"fmt"
	"slices"
	"sync"
	"syscall/js"
	"time"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/worker/sim"
)

// Pool runs trials in Web Workers, each running web/sim-worker.js (and so
// the simulation-only module sim.wasm) on ranges of trial indices that
// Split cuts. It runs one job at a time. Without workers (no Worker in the
// browser, the script or module failed to load) it runs trials in the
// page, in chunks with yields, and gives the same results.
//
// A Pool is safe for use from several goroutines; its callbacks follow the
// rules of the package comment.
type Pool struct {
	url string

	mu      sync.Mutex
	workers []*worker // live and dead; a dead worker is never used again
	run     *poolRun  // the job in progress on the workers; nil when idle
	nextID  int       // last message id posted
	closed  bool
	boot    *bootRun // the run web/boot.js started, until a Run takes or stops it

	// replacing is set while Run cancels the job it replaces: the ranges
	// of that job expected to end within drainLimit (DrainLimit) are left
	// to finish.
	replacing  bool
	drainLimit time.Duration
}

// worker is one Web Worker of a pool.
type worker struct {
	ww    *webWorker
	ready bool // posted {type: 'ready'}
	dead  bool // failed to start or crashed: terminated, never used again

	run      *poolRun // the job of the range (or reduction) it holds; nil when idle
	id       int      // message id of that range or reduction
	rng      [2]int   // that range
	done     int      // trials of rng finished, from its progress messages
	reducing bool     // it holds the run's reduction, not a range

	booting bool // runs its share of the boot run (web/boot.js): busy
	bootK   int  // its index among the boot run's workers

	started  time.Time // when it was given rng
	draining bool      // finishes rng (message id) of a replaced run, whose result is dropped
}

// free reports whether w can take a range or a reduction now.
func (w *worker) free() bool {
	return !w.dead && w.ready && w.run == nil && !w.booting && !w.draining
}

// DrainLimit is how soon a range of a replaced run must be expected to
// end for its worker to finish it (its result dropped) rather than be
// terminated: a fresh worker takes a few hundred milliseconds to load
// sim.wasm and runs its first ranges at half speed, while the
// WebAssembly is compiled again for speed.
const DrainLimit = 100 * time.Millisecond

// drainable reports whether w's range is expected to end within limit,
// from the pace of its progress so far.
func (w *worker) drainable(now time.Time, limit time.Duration) bool {
	if w.reducing || w.done <= 0 || w.started.IsZero() {
		return false
	}
	left := w.rng[1] - w.rng[0] - w.done
	return now.Sub(w.started)*time.Duration(left) <= limit*time.Duration(w.done)
}

// poolRun is a job that the pool's workers run.
type poolRun struct {
	job     *Job
	e       *planner.Engine
	text    string   // the scenario's JSON
	queue   [][2]int // ranges no worker has taken yet
	pending int      // ranges not yet merged

	// A Run job, once every range is in, is reduced by one worker.
	reducing bool    // every range is in: the run waits for its reduction
	reducer  *worker // the worker reducing it; nil while none has it

	// A partial estimate (Job.OnPartial) being summarised by a worker.
	partialID int     // its message id; 0 when none is
	partialK  int     // its trials, [0, partialK)
	partialW  *worker // the worker summarising it
}

// NewPool starts n Web Workers (n < 1 counts as one) from the classic
// worker script at workerURL, which must be the absolute or page-relative
// URL of web/sim-worker.js as served (wasm_exec.js and sim.wasm are looked
// up next to it). The workers load while the page does other things; a
// job started before they are ready waits for them. When the browser has
// no Worker or refuses to create one, the pool runs trials in the page.
func NewPool(workerURL string, n int) *Pool {
	p := &Pool{url: workerURL, drainLimit: DrainLimit}
	if ctor := js.Global().Get("Worker"); ctor.Type() != js.TypeFunction {
		return p
	}
	p.mu.Lock()
	takes := p.adoptBoot()
	for range max(n, 1) - len(p.workers) {
		w := &worker{}
		if !p.startLocked(w) {
			break // the browser refuses workers: run in the page
		}
		p.workers = append(p.workers, w)
	}
	p.mu.Unlock()
	for _, take := range takes {
		take() // hands over the messages the boot workers posted so far
	}
	return p
}

// Workers returns how many of the pool's workers are alive (loading or
// ready). Zero means trials run in the page.
func (p *Pool) Workers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.liveLocked()
}

// Run runs trials [a, b) of s in the workers and hands onDone their
// summary together with prev's trials (nil: none): when every range is
// in, one worker merges the ranges' accumulators and computes the Result
// and the Charts (rolloutSimReduce), so that the page's thread never
// decodes, merges, sorts or charts trials; it only keeps each range's
// bytes and decodes the summary, a few tens of kilobytes. To extend a
// finished run (the adaptive mode), pass its Outcome as prev and
// prev.NextRange(next) as [a, b): the new Outcome summarises the old
// trials and the new ones, and prev stays valid. With a == b, Run only
// reduces prev's trials (prev as handed over by a cancel, say), or hands
// prev back at once when it is already sim. A job already running on
// the pool is cancelled first: its onDone receives ErrCancelled before
// Run returns.
//
// onProgress (may be nil) receives the trials done so far, counting
// prev's, and the total, at most once per ProgressInterval and always for
// the last trial (just before the reduction starts). onDone is called
// exactly once, never from within Run (except for the replaced job's):
// with the reduced Outcome and nil; or, with an error (the scenario's
// model.Problems, a bad range, a prev of another scenario, a worker's
// failure, ErrCancelled), with an unreduced Outcome holding prev's trials
// and the ranges that finished, possibly with gaps (nil fields when the
// scenario was invalid). Job.Cancel during the reduction terminates the
// reducing worker like any busy one. Without workers Run runs and reduces
// the trials in the page, in chunks with yields.
func (p *Pool) Run(s model.Scenario, prev *Outcome, a, b int, onProgress func(done, total int), onDone func(*Outcome, error)) *Job {
	p.mu.Lock()
	p.replacing = true
	p.mu.Unlock()
	p.cancelCurrent()
	p.mu.Lock()
	p.replacing = false
	p.mu.Unlock()
	e, j, err := prepareRun(s, prev, a, b, onProgress, onDone)
	if err != nil {
		go j.end(err)
		return j
	}
	if a == b && prev.Reduced() {
		go j.endWith(prev)
		return j
	}
	text, err := model.Encode(s)
	if err != nil {
		go j.end(fmt.Errorf("client: cannot encode the scenario for the workers: %w", err))
		return j
	}
	p.mu.Lock()
	live := p.liveLocked()
	if live == 0 || p.closed || p.run != nil || (prev != nil && len(prev.accs) > 0) {
		// No workers, or trials held in the page (a fallback's), which
		// only the page can merge: the degraded path.
		p.mu.Unlock()
		go j.runLocal(e, [][2]int{{a, b}})
		return j
	}
	r := &poolRun{job: j, e: e, text: string(text)}
	if !p.adoptRunLocked(r, prev, a, b) {
		r.queue = Split(a, b, live, 0)
		r.pending = len(r.queue)
		r.reducing = r.pending == 0
	}
	j.stop = func() { p.stop(r) }
	p.run = r
	p.dispatchLocked()
	p.mu.Unlock()
	return j
}

// Close cancels the running job, if any, and terminates the workers.
// Later jobs run in the page.
func (p *Pool) Close() {
	p.cancelCurrent()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for _, w := range p.workers {
		p.killLocked(w)
	}
}

// cancelCurrent cancels the job running on the workers until none is.
func (p *Pool) cancelCurrent() {
	for {
		p.mu.Lock()
		r := p.run
		p.mu.Unlock()
		if r == nil {
			return
		}
		r.job.Cancel() // calls p.stop(r), which clears p.run
	}
}

// stop ends run r on the workers: the workers busy with it are terminated
// and replaced by fresh ones. It is the stop function of r's job.
func (p *Pool) stop(r *poolRun) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dropLocked(r)
}

// dropLocked forgets run r and replaces the workers busy with it; while
// Run replaces r, a worker whose range is about to end finishes it
// instead (draining).
func (p *Pool) dropLocked(r *poolRun) {
	if p.run == r {
		p.run = nil
	}
	if p.boot != nil && p.boot.run == r {
		p.stopBootLocked()
	}
	now := time.Now()
	for _, w := range p.workers {
		if w.run == r && !w.dead && p.replacing && w.drainable(now, p.drainLimit) {
			w.run, w.draining = nil, true
			continue
		}
		if w.run == r && !w.dead {
			p.killLocked(w)
			if !p.closed {
				w.dead = false
				p.startLocked(w)
			}
		}
	}
}

func (p *Pool) liveLocked() int {
	n := 0
	for _, w := range p.workers {
		if !w.dead {
			n++
		}
	}
	return n
}

// startLocked (re)creates w's Web Worker. It reports false, leaving w
// dead, when the browser refuses.
func (p *Pool) startLocked(w *worker) bool {
	*w = worker{}
	w.ww = startWebWorker(p.url, func(data js.Value) { p.message(w, data) }, func(msg string) { p.crashed(w, msg) })
	w.dead = w.ww == nil
	return !w.dead
}

// killLocked terminates w's Web Worker and marks it dead.
func (p *Pool) killLocked(w *worker) {
	if w.dead {
		return
	}
	w.ww.terminate()
	w.dead, w.ready, w.run = true, false, nil
}

// dispatchLocked gives the current run's next ranges to the idle ready
// workers.
func (p *Pool) dispatchLocked() {
	r := p.run
	if r == nil {
		return
	}
	if r.reducing {
		p.reduceLocked(r)
		return
	}
	for _, w := range p.workers {
		if len(r.queue) == 0 {
			return
		}
		if !w.free() {
			continue
		}
		rng := r.queue[0]
		r.queue = r.queue[1:]
		p.nextID++
		w.run, w.id, w.rng, w.done, w.started = r, p.nextID, rng, 0, time.Now()
		w.ww.post(map[string]any{
			"id": w.id, "scenario": r.text, "a": rng[0], "b": rng[1], "chunk": WorkerChunk,
		})
	}
}

// reduceLocked gives run r's reduction to an idle ready worker, unless
// one holds it already or none is free yet (then the next 'ready' or
// finished message retries). Trials held in the page (the fallback ran
// some ranges) are reduced in the page.
func (p *Pool) reduceLocked(r *poolRun) {
	if r.reducer != nil {
		return
	}
	j := r.job
	o := j.unreduced()
	if len(o.accs) > 0 {
		p.run = nil
		go j.reduceLocal(r.e)
		return
	}
	for _, w := range p.workers {
		if !w.free() {
			continue
		}
		parts := make([]any, len(o.parts))
		ranges := make([]any, len(o.parts))
		transfer := make([]any, len(o.parts))
		for i, part := range o.parts {
			parts[i] = arrayBuffer(part.Bytes)
			transfer[i] = parts[i]
			ranges[i] = []any{part.Range[0], part.Range[1]}
		}
		p.nextID++
		w.run, w.id, w.rng, w.done, w.reducing = r, p.nextID, [2]int{}, 0, true
		r.reducer = w
		w.ww.post(map[string]any{
			"type": "reduce", "id": w.id, "scenario": r.text, "parts": parts, "ranges": ranges,
		}, transfer...)
		return
	}
}

// doneLocked returns the trials of run r finished so far: merged ranges
// plus the progress of the ranges in flight.
func (p *Pool) doneLocked(r *poolRun, merged int) int {
	n := merged
	for _, w := range p.workers {
		if w.run == r {
			n += w.done
		}
	}
	return n
}

// message handles a message that worker w posted.
func (p *Pool) message(w *worker, data js.Value) {
	typ, id, ok := messageHead(data)
	if !ok {
		return
	}
	p.mu.Lock()
	if w.dead {
		p.mu.Unlock()
		return
	}
	if typ == "ready" {
		w.ready = true
		p.dispatchLocked()
		p.mu.Unlock()
		return
	}
	if typ == "error" && id == 0 { // the worker could not load
		p.mu.Unlock()
		p.crashed(w, data.Get("message").String())
		return
	}
	if w.draining {
		// The range of a replaced run: its end frees the worker.
		if id == w.id && (typ == "done" || typ == "error") {
			w.draining, w.id, w.done = false, 0, 0
			p.dispatchLocked()
		}
		p.mu.Unlock()
		return
	}
	if id < 0 {
		if id != -(w.bootK + 1) {
			p.mu.Unlock() // not about this worker's boot share (web/boot.js's own requests)
			return
		}
		p.bootMessage(w, typ, data) // unlocks p.mu
		return
	}
	if r := p.run; r != nil && id == r.partialID && (typ == "reduced" || typ == "error") {
		p.partialDone(r, typ, data) // unlocks p.mu
		return
	}
	r := w.run
	if r == nil || id != w.id || r != p.run {
		p.mu.Unlock() // a message about a range the worker no longer holds
		return
	}
	j := r.job
	switch typ {
	case "progress":
		if v := data.Get("done"); v.Type() == js.TypeNumber {
			w.done = min(max(v.Int(), 0), w.rng[1]-w.rng[0])
		}
		done := p.doneLocked(r, j.mergedTrials())
		p.mu.Unlock()
		j.progress(j.base + done)
	case "done":
		p.partDone(w, r, data.Get("bytes")) // unlocks p.mu
	case "reduced":
		if !w.reducing {
			p.mu.Unlock()
			return
		}
		w.run, w.id, w.reducing = nil, 0, false
		r.reducer = nil
		p.run = nil
		p.dispatchLocked()
		p.mu.Unlock()
		// The one piece of a run's end left to the page: a few tens of
		// kilobytes to decode, a few milliseconds.
		o, err := decodeOutcome(j, data.Get("bytes"))
		if err != nil {
			j.end(err)
			return
		}
		j.endWith(o)
	case "error":
		err := fmt.Errorf("client: trials [%d, %d): %s", w.rng[0], w.rng[1], data.Get("message").String())
		if w.reducing {
			err = fmt.Errorf("client: summarising the run's %d trials: %s", j.total, data.Get("message").String())
		}
		w.run, w.id, w.done, w.reducing = nil, 0, 0, false
		p.dropLocked(r)
		p.mu.Unlock()
		j.end(err)
	default:
		p.mu.Unlock()
	}
}

// crashed handles a worker that failed to load or crashed: it is
// terminated for good, its range goes back to the queue, and when no
// worker is left the rest of the run continues in the page.
func (p *Pool) crashed(w *worker, msg string) {
	p.mu.Lock()
	if w.dead {
		p.mu.Unlock()
		return
	}
	if w.booting {
		p.bootLostLocked(w)
	}
	r := p.run
	if r != nil && r.partialW == w {
		r.partialID, r.partialW = 0, nil // another estimate may be asked for
	}
	if r != nil && w.run == r {
		if w.reducing {
			r.reducer = nil // another worker, or the page, reduces
		} else {
			r.queue = append([][2]int{w.rng}, r.queue...)
		}
	}
	p.killLocked(w)
	live := p.liveLocked()
	warn(fmt.Sprintf("rollout planner: a simulation worker failed (%s); %d left", msg, live))
	if r == nil {
		p.mu.Unlock()
		return
	}
	if live > 0 {
		p.dispatchLocked()
		p.mu.Unlock()
		return
	}
	// No worker left: the page runs the ranges no worker finished (and,
	// for a Run job, reduces them). Ranges still in flight on a worker
	// cannot exist, every worker being dead.
	queue := r.queue
	r.queue = nil
	p.run = nil
	p.mu.Unlock()
	if r.reducing {
		go r.job.reduceLocal(r.e)
		return
	}
	go r.job.runLocal(r.e, queue)
}

// partDone records the bytes of the range that worker w finished for Run
// job r, without decoding them, and starts the reduction once every
// range is in. It is called with p.mu held and unlocks it.
func (p *Pool) partDone(w *worker, r *poolRun, bytes js.Value) {
	j := r.job
	rng := w.rng
	w.run, w.id, w.done = nil, 0, 0
	if !bytes.Truthy() {
		p.dropLocked(r)
		p.mu.Unlock()
		j.end(fmt.Errorf("client: trials [%d, %d): the worker sent no results", rng[0], rng[1]))
		return
	}
	merged, ok := j.addPart(sim.Part{Range: rng, Bytes: goBytes(bytes)})
	if !ok {
		p.mu.Unlock()
		return
	}
	r.pending--
	if r.pending == 0 {
		r.reducing = true
		p.dispatchLocked()
		p.mu.Unlock()
		j.progress(j.total)
		return
	}
	p.partialLocked(r, w)
	p.dispatchLocked()
	done := p.doneLocked(r, merged)
	p.mu.Unlock()
	j.progress(j.base + done)
}

// decodeOutcome reads the summary a worker sent for Run job j.
func decodeOutcome(j *Job, bytes js.Value) (*Outcome, error) {
	if !bytes.Truthy() {
		return nil, fmt.Errorf("client: summarising the run's %d trials: the worker sent nothing", j.total)
	}
	var sum sim.Summary
	if err := sum.UnmarshalBinary(goBytes(bytes)); err != nil {
		return nil, fmt.Errorf("client: summarising the run's %d trials: %w", j.total, err)
	}
	if err := sum.Err(); err != nil {
		return nil, err // planner.ErrOverflow: figures not to be shown
	}
	o := j.unreduced()
	if sum.Result.Trials != o.Trials {
		return nil, fmt.Errorf("client: the worker summarised %d trials, not the run's %d", sum.Result.Trials, o.Trials)
	}
	o.Result, o.Charts, o.reduced = sum.Result, sum.Charts, true
	return o, nil
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

// mergedTrials returns the trials of the run finished so far, not
// counting base.
func (j *Job) mergedTrials() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.merged
}

// partialLocked asks a worker for a partial estimate of run r when one is
// due (Job.OnPartial): the summary of the trials [0, k) that the run's
// finished ranges cover without a gap. It goes to an idle worker, else to
// from, the worker that just finished a range (a worker of the boot run
// answers between two of its ranges), else to any live one; the worker
// answers before it starts its next range. One estimate is under way at a
// time.
func (p *Pool) partialLocked(r *poolRun, from *worker) {
	j := r.job
	if r.partialID != 0 || r.reducing {
		return
	}
	j.mu.Lock()
	parts, k := prefixParts(j.parts)
	due := j.wantPartialLocked(k)
	j.mu.Unlock()
	if !due {
		return
	}
	var to *worker
	for _, w := range p.workers {
		if w.free() {
			to = w
			break
		}
	}
	if to == nil && from != nil && !from.dead && from.run == nil {
		to = from
	}
	if to == nil {
		return
	}
	buffers := make([]any, len(parts))
	ranges := make([]any, len(parts))
	for i, part := range parts {
		buffers[i] = arrayBuffer(part.Bytes)
		ranges[i] = []any{part.Range[0], part.Range[1]}
	}
	p.nextID++
	r.partialID, r.partialK, r.partialW = p.nextID, k, to
	to.ww.post(map[string]any{
		"type": "reduce", "id": r.partialID, "scenario": r.text, "parts": buffers, "ranges": ranges,
	}, buffers...)
}

// prefixParts returns the parts that cover trials [0, k) without a gap,
// for the largest such k.
func prefixParts(parts []sim.Part) ([]sim.Part, int) {
	sorted := slices.Clone(parts)
	slices.SortFunc(sorted, func(x, y sim.Part) int { return x.Range[0] - y.Range[0] })
	k := 0
	for i, part := range sorted {
		if part.Range[0] != k {
			return sorted[:i], k
		}
		k = part.Range[1]
	}
	return sorted, k
}

// partialDone takes a worker's answer to run r's partial estimate: it
// hands the estimate to the job's OnPartial callback; a failed estimate
// is only logged (the run goes on). It is called with p.mu held and
// unlocks it.
func (p *Pool) partialDone(r *poolRun, typ string, data js.Value) {
	k := r.partialK
	r.partialID, r.partialW = 0, nil
	p.mu.Unlock()
	if typ != "reduced" {
		warn(fmt.Sprintf("rollout planner: a partial estimate of %d trials failed (%s)", k, data.Get("message").String()))
		return
	}
	var sum sim.Summary
	bytes := data.Get("bytes")
	if !bytes.Truthy() || sum.UnmarshalBinary(goBytes(bytes)) != nil || sum.Overflow || sum.Result.Trials != k {
		warn(fmt.Sprintf("rollout planner: a partial estimate of %d trials came back damaged", k))
		return
	}
	r.job.givePartial(partialOutcome(sum.Result, k))
}
