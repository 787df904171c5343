//go:build js && wasm

package client

import (
	"errors"
	"fmt"
	"sync"
	"syscall/js"
)

// ChartWorker draws a run's charts in a Web Worker running
// web/chart-worker.js (the module cmd/chartworker), so that gonum/plot
// never holds the page's thread for a run's results. It is started
// lazily (Start), after the page's first figure is on screen, so that its
// download never delays that figure; until it is ready, or once it has
// failed, Draw reports false and the page draws its charts itself.
//
// A ChartWorker is safe for use from several goroutines; Draw's callback
// follows the rules of the package comment.
type ChartWorker struct {
	url string

	mu      sync.Mutex
	ww      *webWorker
	started bool
	ready   bool
	dead    bool
	nextID  int
	pending map[int]func([]byte, error)
}

// NewChartWorker returns a chart worker for the classic worker script at
// url (web/chart-worker.js as served; chart.wasm and wasm_exec.js are
// looked up next to it). It starts nothing until Start.
func NewChartWorker(url string) *ChartWorker {
	return &ChartWorker{url: url, pending: map[int]func([]byte, error){}}
}

// Start creates the Web Worker, which loads chart.wasm, unless it was
// started before. Without Worker the chart worker is dead: Draw reports
// false.
func (c *ChartWorker) Start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.started {
		return
	}
	c.started = true
	c.ww = startWebWorker(c.url, c.message, c.crashed)
	c.dead = c.ww == nil
}

// Ready reports whether the worker has loaded its module and can draw.
func (c *ChartWorker) Ready() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ready && !c.dead
}

// Draw asks the worker for every chart of a run: summary is its
// sim.Summary (MarshalBinary), scenario the scenario's JSON text, layout
// chartdraw.Wide or chartdraw.Compact (a phone's screen). It
// reports false, calling nothing, when the worker is not ready or has
// failed; otherwise onDone later receives chartdraw.Draw's answer, or an
// error (the page then draws the charts itself).
func (c *ChartWorker) Draw(summary []byte, scenario, layout string, onDone func([]byte, error)) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ready || c.dead {
		return false
	}
	c.nextID++
	c.pending[c.nextID] = onDone
	buf := arrayBuffer(summary)
	c.ww.post(map[string]any{"id": c.nextID, "summary": buf, "scenario": scenario, "layout": layout}, buf)
	return true
}

// Close terminates the worker; pending draws receive an error.
func (c *ChartWorker) Close() { c.crashed("the chart worker was closed") }

func (c *ChartWorker) message(data js.Value) {
	typ, id, ok := messageHead(data)
	if !ok {
		return
	}
	c.mu.Lock()
	if c.dead {
		c.mu.Unlock()
		return
	}
	if typ == "ready" {
		c.ready = true
		c.mu.Unlock()
		return
	}
	if typ == "error" && id == 0 {
		c.mu.Unlock()
		c.crashed(data.Get("message").String())
		return
	}
	done := c.pending[id]
	delete(c.pending, id)
	c.mu.Unlock()
	if done == nil {
		return
	}
	switch bytes := data.Get("bytes"); {
	case typ == "drawn" && bytes.Truthy():
		done(goBytes(bytes), nil)
	case typ == "error":
		done(nil, fmt.Errorf("client: the chart worker: %s", data.Get("message").String()))
	default:
		done(nil, errors.New("client: the chart worker sent no charts"))
	}
}

// crashed marks the worker dead for good and fails its pending draws.
func (c *ChartWorker) crashed(msg string) {
	c.mu.Lock()
	if c.dead {
		c.mu.Unlock()
		return
	}
	c.dead = true
	if c.ww != nil {
		c.ww.terminate()
	}
	pending := c.pending
	c.pending = map[int]func([]byte, error){}
	c.mu.Unlock()
	warn("rollout planner: the chart worker failed (" + msg + "); the page draws its charts")
	for _, done := range pending {
		done(nil, errors.New("client: the chart worker failed: "+msg))
	}
}
