package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/worker/analysis"
)

// AnalysisWorkerScript is the capacity review's Web Worker, as a static
// resource: it runs web/analysis.wasm (cmd/analysisworker), found next to
// it with wasm_exec.js.
const AnalysisWorkerScript = "/web/analysis-worker.js"

// localYieldEvery is how long the in-page fallback computes before it
// sleeps a moment, so that the browser can paint and handle input.
const localYieldEvery = 20 * time.Millisecond

// analysisClient runs the capacity review's analyses (package analysis)
// in one Web Worker, created on first use and terminated to cancel. Where
// the browser has no Worker, refuses one, or the worker fails to load
// (outside the browser too), it runs them on a goroutine of the page,
// sleeping between chunks of trials: the page stays usable but slower,
// and an advisor run holds the page for the length of one run.
//
// It runs one analysis at a time; start replaces the one under way. Its
// callbacks run on a JavaScript event's goroutine or on the fallback's
// goroutine: they must return quickly (a page wraps them in
// ctx.Dispatch).
type analysisClient struct {
	url string // the worker script's URL, resolved for the site's sub-path

	mu     sync.Mutex
	worker app.Value // nil until the first analysis, and after a cancel
	wgen   int       // bumped for every worker; messages of older ones are ignored
	funcs  []app.Func
	local  bool // run in the page from now on
	job    *analysisJob
	nextID int
}

// analysisJob is one analysis: the request and where its answer goes.
type analysisJob struct {
	id                int
	kind              string
	scenario, options []byte
	onProgress        func(done, total int)
	onDone            func(out []byte, err error)

	ended bool
	stop  func() // cancels the in-page run; nil in a worker
}

// newAnalysisClient returns a client of the worker script at url. It
// starts nothing: the worker loads when the first analysis starts.
func newAnalysisClient(url string) *analysisClient { return &analysisClient{url: url} }

// inPage reports whether analyses run on the page's own thread.
func (c *analysisClient) inPage() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.local || !app.IsClient
}

// start runs analysis kind (analysis.KindAdvise, …) of the scenario's JSON
// with the options' JSON. onProgress receives the work done and planned;
// onDone is called once with the answer's JSON or the error, unless the
// analysis is cancelled first. The returned function cancels it: in a
// worker it terminates the worker (the next analysis starts a new one).
func (c *analysisClient) start(kind string, scenario, options []byte,
	onProgress func(done, total int), onDone func([]byte, error)) (cancel func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.job; old != nil {
		c.stopLocked(old)
	}
	c.nextID++
	j := &analysisJob{id: c.nextID, kind: kind, scenario: scenario, options: options, onProgress: onProgress, onDone: onDone}
	c.job = j
	if c.local || !app.IsClient || !c.startWorkerLocked() {
		c.runLocalLocked(j)
	} else {
		c.worker.Call("postMessage", map[string]any{
			"id": j.id, "kind": kind, "scenario": string(scenario), "options": string(options),
		})
	}
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.stopLocked(j)
	}
}

// close terminates the worker and any analysis under way.
func (c *analysisClient) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.job != nil {
		c.stopLocked(c.job)
	}
	c.terminateLocked()
}

// stopLocked ends j without calling its onDone.
func (c *analysisClient) stopLocked(j *analysisJob) {
	if j.ended {
		return
	}
	j.ended = true
	if c.job == j {
		c.job = nil
	}
	if j.stop != nil {
		j.stop()
		return
	}
	c.terminateLocked()
}

// terminateLocked terminates the worker, if any.
func (c *analysisClient) terminateLocked() {
	if c.worker == nil {
		return
	}
	c.worker.Set("onmessage", nil)
	c.worker.Set("onerror", nil)
	c.worker.Call("terminate")
	for _, f := range c.funcs {
		f.Release()
	}
	c.worker, c.funcs = nil, nil
}

// startWorkerLocked creates the worker unless it exists. It reports false
// when the browser has no Worker or refuses to create one; from then on
// analyses run in the page.
func (c *analysisClient) startWorkerLocked() (ok bool) {
	if c.worker != nil {
		return true
	}
	ctor := app.Window().Get("Worker")
	if ctor.Type() != app.TypeFunction {
		c.local = true
		return false
	}
	defer func() {
		if r := recover(); r != nil { // the constructor threw (a blocked URL, say)
			c.local, ok = true, false
		}
	}()
	w := ctor.New(c.url)
	c.wgen++
	g := c.wgen
	onMsg := app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 {
			c.message(g, args[0].Get("data"))
		}
		return nil
	})
	onErr := app.FuncOf(func(this app.Value, args []app.Value) any {
		// The script itself failed to load or threw: run in the page.
		if len(args) > 0 {
			args[0].Call("preventDefault")
		}
		c.failed(g)
		return nil
	})
	w.Set("onmessage", onMsg)
	w.Set("onerror", onErr)
	c.worker, c.funcs = w, []app.Func{onMsg, onErr}
	return true
}

// message handles one message of worker number g.
func (c *analysisClient) message(g int, data app.Value) {
	if data.Type() != app.TypeObject {
		return
	}
	typ, id := data.Get("type").String(), 0
	if v := data.Get("id"); v.Type() == app.TypeNumber {
		id = v.Int()
	}
	if typ == "error" && id == 0 {
		c.failed(g) // the module did not load
		return
	}
	c.mu.Lock()
	j := c.job
	if g != c.wgen || c.worker == nil || j == nil || j.id != id {
		c.mu.Unlock()
		return // a terminated worker's, or a replaced analysis's
	}
	switch typ {
	case "progress":
		c.mu.Unlock()
		if j.onProgress != nil {
			j.onProgress(data.Get("done").Int(), data.Get("total").Int())
		}
	case "done":
		u8 := app.Window().Get("Uint8Array").New(data.Get("bytes"))
		out := make([]byte, u8.Length())
		app.CopyBytesToGo(out, u8)
		c.endLocked(j)
		c.mu.Unlock()
		j.onDone(out, nil)
	case "error":
		msg := data.Get("message").String()
		c.endLocked(j)
		c.mu.Unlock()
		j.onDone(nil, errors.New(msg))
	default:
		c.mu.Unlock()
	}
}

// failed gives up on worker number g: analyses run in the page from now
// on, starting with the one under way.
func (c *analysisClient) failed(g int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if g != c.wgen || c.worker == nil {
		return
	}
	c.terminateLocked()
	c.local = true
	app.Window().Get("console").Call("warn", "analysis-worker: the worker did not start; the capacity review runs in the page")
	if j := c.job; j != nil && !j.ended {
		c.runLocalLocked(j)
	}
}

// endLocked marks j as ended; the caller calls its onDone.
func (c *analysisClient) endLocked(j *analysisJob) {
	j.ended = true
	if c.job == j {
		c.job = nil
	}
}

// runLocalLocked runs j on a goroutine of the page.
func (c *analysisClient) runLocalLocked(j *analysisJob) {
	ctx, cancel := context.WithCancel(context.Background())
	j.stop = cancel
	go func() {
		time.Sleep(time.Millisecond) // let the page paint "running" first
		last := time.Now()
		out, err := analysis.Run(ctx, j.kind, j.scenario, j.options, func(done, total int) {
			c.mu.Lock()
			live := !j.ended
			c.mu.Unlock()
			if live && j.onProgress != nil {
				j.onProgress(done, total)
			}
			if time.Since(last) >= localYieldEvery {
				time.Sleep(time.Millisecond) // Go's WebAssembly never pre-empts
				last = time.Now()
			}
		})
		c.mu.Lock()
		if j.ended {
			c.mu.Unlock()
			return // cancelled or replaced
		}
		c.endLocked(j)
		c.mu.Unlock()
		j.onDone(out, err)
	}()
}
