package client

import (
	"context"
	"sync"
	"time"

	"rolloutplanner/worker/analysis"
)

// Analysis runs the capacity review's analyses (package worker/analysis:
// the advisor, what-if sweeps, the sensitivity study) for the page. In a
// browser it runs them in one Web Worker (web/analysis-worker.js, created
// on the first analysis and terminated to cancel one); where the browser
// has no Worker, refuses one, or the worker fails to load, and always
// outside the browser, it runs them on a goroutine of the program,
// sleeping LocalYield every LocalChunkTarget so that a page stays usable
// (an advisor run still holds it for the length of one run).
//
// It runs one analysis at a time: Start replaces the one under way, whose
// onDone is then never called. Callbacks follow the rules of the package
// comment. An Analysis is safe for use from several goroutines.
type Analysis struct {
	url string

	mu     sync.Mutex
	local  bool // run in the program from now on
	job    *analysisJob
	nextID int
	closed bool
	ww     analysisWorker // the Web Worker; zero outside the browser
}

// analysisJob is one analysis: its request and where its answer goes.
type analysisJob struct {
	id                int
	kind              string
	scenario, options []byte
	onProgress        func(done, total int)
	onDone            func(out []byte, err error)

	ended bool
	stop  func() // cancels the run in the program; nil in a worker
}

// NewAnalysis returns a client of the analysis worker script at
// workerURL (resolved for the site's sub-path, as for NewPool). It starts
// nothing: the worker loads when the first analysis starts.
func NewAnalysis(workerURL string) *Analysis { return &Analysis{url: workerURL} }

// InPage reports whether analyses run in the program (the page's own
// thread in a browser) rather than in a Web Worker.
func (a *Analysis) InPage() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.local || !workersAvailable
}

// Start runs analysis kind (analysis.KindAdvise, …) of the scenario's JSON
// with the JSON of analysis.Options (empty for none). onProgress (may be
// nil) receives the work done and planned; onDone is called once with
// the answer's JSON (analysis.Run's) or the error, unless the analysis is
// cancelled or replaced first. The returned function cancels it: in a
// worker it terminates the worker (the next analysis starts a new one).
func (a *Analysis) Start(kind string, scenario, options []byte,
	onProgress func(done, total int), onDone func(out []byte, err error)) (cancel func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if old := a.job; old != nil {
		a.stopLocked(old)
	}
	a.nextID++
	j := &analysisJob{id: a.nextID, kind: kind, scenario: scenario, options: options, onProgress: onProgress, onDone: onDone}
	a.job = j
	if a.local || a.closed || !a.postLocked(j) {
		a.runLocalLocked(j)
	}
	return func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.stopLocked(j)
	}
}

// Close cancels the analysis under way, if any, and terminates the
// worker. Later analyses run in the program.
func (a *Analysis) Close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.job != nil {
		a.stopLocked(a.job)
	}
	a.closed = true
	a.terminateLocked()
}

// stopLocked ends j without calling its onDone.
func (a *Analysis) stopLocked(j *analysisJob) {
	if j.ended {
		return
	}
	a.endLocked(j)
	if j.stop != nil {
		j.stop()
		return
	}
	a.terminateLocked()
}

// endLocked marks j as ended; the caller calls its onDone, or not.
func (a *Analysis) endLocked(j *analysisJob) {
	j.ended = true
	if a.job == j {
		a.job = nil
	}
}

// runLocalLocked runs j on a goroutine of the program.
func (a *Analysis) runLocalLocked(j *analysisJob) {
	ctx, cancel := context.WithCancel(context.Background())
	j.stop = cancel
	go func() {
		time.Sleep(LocalYield) // let a page paint "running" first
		last := time.Now()
		out, err := analysis.Run(ctx, j.kind, j.scenario, j.options, func(done, total int) {
			a.mu.Lock()
			live := !j.ended
			a.mu.Unlock()
			if live && j.onProgress != nil {
				j.onProgress(done, total)
			}
			if time.Since(last) >= LocalChunkTarget {
				time.Sleep(LocalYield) // Go's WebAssembly never pre-empts
				last = time.Now()
			}
		})
		a.mu.Lock()
		if j.ended {
			a.mu.Unlock()
			return // cancelled or replaced
		}
		a.endLocked(j)
		a.mu.Unlock()
		j.onDone(out, err)
	}()
}
