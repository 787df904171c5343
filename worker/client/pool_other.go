//go:build !(js && wasm)

package client

import (
	"sync"

	"rolloutplanner/model"
)

// Pool outside the browser has no Web Workers: it runs every job in the
// program (the in-page fallback's way), one at a time, so that code written for the browser's Pool
// (the page) builds and runs natively, in tests and static generation,
// with the same results and callbacks.
type Pool struct {
	mu  sync.Mutex
	job *Job
}

// NewPool returns a pool that runs trials in the calling program;
// workerURL and n matter only in a browser.
func NewPool(workerURL string, n int) *Pool { return &Pool{} }

// Workers returns 0: outside the browser trials run in the program itself.
func (p *Pool) Workers() int { return 0 }

// Close cancels the running job, if any.
func (p *Pool) Close() {
	p.mu.Lock()
	old := p.job
	p.mu.Unlock()
	old.Cancel()
}

// Run runs trials [a, b) of s in the program, after cancelling the pool's
// previous job, and reduces them together with prev's trials (nil: none)
// on the same goroutine: the native stand-in for the browser's Pool.Run,
// with the same contract and the same numbers.
func (p *Pool) Run(s model.Scenario, prev *Outcome, a, b int, onProgress func(done, total int), onDone func(*Outcome, error)) *Job {
	p.mu.Lock()
	old := p.job
	p.mu.Unlock()
	old.Cancel()
	j := runOutcomeLocal(s, prev, a, b, onProgress, onDone)
	p.mu.Lock()
	p.job = j
	p.mu.Unlock()
	return j
}
