//go:build js && wasm

package client

import (
	"errors"
	"syscall/js"
)

// workersAvailable is true in the browser: Analysis tries a Web Worker.
const workersAvailable = true

// analysisWorker is the Analysis client's Web Worker, nil until the first
// analysis and after a cancel; gen counts the workers created, so that
// the messages of a terminated one are ignored.
type analysisWorker struct {
	w   *webWorker
	gen int
}

// postLocked hands j to the worker, creating it when needed; false when
// the browser has no Worker or refuses one (from then on analyses run in
// the page).
func (a *Analysis) postLocked(j *analysisJob) bool {
	if a.ww.w == nil {
		a.ww.gen++
		g := a.ww.gen
		a.ww.w = startWebWorker(a.url, func(data js.Value) { a.message(g, data) }, func(string) { a.failed(g) })
		if a.ww.w == nil {
			a.local = true
			return false
		}
	}
	a.ww.w.post(map[string]any{"id": j.id, "kind": j.kind, "scenario": string(j.scenario), "options": string(j.options)})
	return true
}

// terminateLocked terminates the worker, if any.
func (a *Analysis) terminateLocked() {
	if a.ww.w != nil {
		a.ww.w.terminate()
		a.ww.w = nil
	}
}

// message handles one message of worker number g.
func (a *Analysis) message(g int, data js.Value) {
	typ, id, ok := messageHead(data)
	if !ok {
		return
	}
	if typ == "error" && id == 0 {
		a.failed(g) // the module did not load
		return
	}
	a.mu.Lock()
	j := a.currentLocked(id)
	if g != a.ww.gen || a.ww.w == nil || j == nil {
		a.mu.Unlock()
		return // a terminated worker's, or a replaced analysis's
	}
	switch typ {
	case "progress":
		a.mu.Unlock()
		if j.onProgress != nil {
			j.onProgress(data.Get("done").Int(), data.Get("total").Int())
		}
	case "done":
		out := goBytes(data.Get("bytes"))
		a.endLocked(j)
		a.mu.Unlock()
		j.onDone(out, nil)
	case "error":
		msg := data.Get("message").String()
		a.endLocked(j)
		a.mu.Unlock()
		j.onDone(nil, errors.New(msg))
	default:
		a.mu.Unlock()
	}
}

// failed gives up on worker number g: analyses run in the page from now
// on, starting with the one under way.
func (a *Analysis) failed(g int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if g != a.ww.gen || a.ww.w == nil {
		return
	}
	a.terminateLocked()
	a.local = true
	warn("analysis-worker: the worker did not start; the capacity review runs in the page")
	if j := a.job; j != nil && !j.ended {
		a.runLocalLocked(j)
	}
}

// currentLocked returns the job with message id while it runs, or nil.
func (a *Analysis) currentLocked(id int) *analysisJob {
	if j := a.job; j != nil && j.id == id && !j.ended {
		return j
	}
	return nil
}
