//go:build js && wasm

package client

import (
	"bytes"
	"context"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"rolloutplanner/model"
	"rolloutplanner/worker/analysis"
)

// fakeAnalysisWorkerJS defines FakeAnalysisWorker, a stand-in for a
// browser's Web Worker running web/analysis-worker.js: it answers
// {id, kind, scenario, options} with two progress messages and the
// answer of fakeAnalyze (this program's analysis.Run), a timer apart,
// and misbehaves by the words in its URL: "throw" (the constructor
// throws), "404" (the module does not load).
const fakeAnalysisWorkerJS = `(() => {
class FakeAnalysisWorker {
  constructor(url) {
    FakeAnalysisWorker.created++;
    if (url.includes('throw')) throw new Error('SecurityError: fake');
    this.dead = false; this.onmessage = null; this.onerror = null;
    if (url.includes('404')) {
      setTimeout(() => this.emit({type: 'error', id: 0, message: 'analysis-worker: cannot load analysis.wasm: HTTP 404'}), 1);
    } else {
      setTimeout(() => this.emit({type: 'ready'}), 1);
    }
  }
  emit(m) { if (!this.dead && this.onmessage) this.onmessage({data: m}); }
  postMessage(m) {
    FakeAnalysisWorker.posted++;
    const d = FakeAnalysisWorker.delay;
    setTimeout(() => this.emit({type: 'progress', id: m.id, done: 1, total: 2}), d);
    setTimeout(() => {
      const out = globalThis.fakeAnalyze(m.kind, m.scenario, m.options);
      if (typeof out === 'string') { this.emit({type: 'error', id: m.id, message: out}); return; }
      this.emit({type: 'done', id: m.id, bytes: out.buffer});
    }, 2 * d);
  }
  terminate() { this.dead = true; FakeAnalysisWorker.terminated++; }
}
FakeAnalysisWorker.created = 0; FakeAnalysisWorker.posted = 0; FakeAnalysisWorker.terminated = 0; FakeAnalysisWorker.delay = 1;
globalThis.FakeAnalysisWorker = FakeAnalysisWorker;
})()`

// fakeAnalyze(kind, scenario, options) is what the analysis module's
// rolloutAnalyze returns: the answer's bytes, or (here) the error's text.
var fakeAnalyze = js.FuncOf(func(_ js.Value, args []js.Value) any {
	out, err := analysis.Run(context.Background(), args[0].String(), []byte(args[1].String()), []byte(args[2].String()), nil)
	if err != nil {
		return err.Error()
	}
	u8 := js.Global().Get("Uint8Array").New(len(out))
	js.CopyBytesToJS(u8, out)
	return u8
})

// withFakeAnalysisWorker makes FakeAnalysisWorker the browser's Worker for
// the test, with its counters reset.
func withFakeAnalysisWorker(t *testing.T) js.Value {
	t.Helper()
	if js.Global().Get("FakeAnalysisWorker").IsUndefined() {
		js.Global().Set("fakeAnalyze", fakeAnalyze)
		js.Global().Call("eval", fakeAnalysisWorkerJS)
	}
	fw := js.Global().Get("FakeAnalysisWorker")
	for _, k := range []string{"created", "posted", "terminated"} {
		fw.Set(k, 0)
	}
	old := js.Global().Get("Worker")
	js.Global().Set("Worker", fw)
	t.Cleanup(func() { js.Global().Set("Worker", old) })
	return fw
}

// TestAnalysisInWorker: in a browser the client posts each analysis to its
// worker and hands over its progress and its answer's bytes; a cancel
// terminates the worker and the next analysis starts a fresh one; a
// worker that cannot load, or a browser that refuses one, leaves the
// analyses to the page, with the same answers.
func TestAnalysisInWorker(t *testing.T) {
	fw := withFakeAnalysisWorker(t)
	text, err := model.Encode(testScenario(100))
	if err != nil {
		t.Fatal(err)
	}
	opt := []byte(`{"trials": 50}`)
	want, err := analysis.Run(context.Background(), analysis.KindSensitivity, text, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan analysisAnswer, 4)
	onDone := func(out []byte, err error) { done <- analysisAnswer{out, err} }
	wait := func(what string) analysisAnswer {
		t.Helper()
		select {
		case a := <-done:
			return a
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: no answer", what)
			return analysisAnswer{}
		}
	}

	c := NewAnalysis("/web/analysis-worker.js")
	defer c.Close()
	progress := make(chan [2]int, 8)
	c.Start(analysis.KindSensitivity, text, opt, func(d, n int) { progress <- [2]int{d, n} }, onDone)
	if a := wait("in the worker"); a.err != nil || !bytes.Equal(a.out, want) {
		t.Fatalf("the worker's answer: %v, equal to analysis.Run's: %v", a.err, bytes.Equal(a.out, want))
	}
	if len(progress) == 0 || <-progress != [2]int{1, 2} {
		t.Error("the worker's progress did not arrive")
	}
	if c.InPage() || fw.Get("created").Int() != 1 || fw.Get("posted").Int() != 1 {
		t.Errorf("in page %v, %d workers created, %d messages posted; want a worker and one message", c.InPage(), fw.Get("created").Int(), fw.Get("posted").Int())
	}

	// Cancel terminates the worker: no answer; the next analysis starts a
	// fresh worker and answers.
	fw.Set("delay", 50)
	cancel := c.Start(analysis.KindSensitivity, text, opt, nil, onDone)
	cancel()
	if fw.Get("terminated").Int() != 1 {
		t.Errorf("a cancel terminated %d workers, want 1", fw.Get("terminated").Int())
	}
	fw.Set("delay", 1)
	c.Start("nonsense", text, nil, nil, onDone)
	if a := wait("after a cancel"); a.err == nil || !strings.Contains(a.err.Error(), "unknown kind") {
		t.Errorf("after a cancel the answer is %v, want the new analysis's error", a.err)
	}
	if fw.Get("created").Int() != 2 {
		t.Errorf("%d workers created, want a fresh one after the cancel", fw.Get("created").Int())
	}
	select {
	case a := <-done:
		t.Errorf("the cancelled analysis answered: %v", a.err)
	case <-time.After(200 * time.Millisecond):
	}

	for _, url := range []string{"/web/404/analysis-worker.js", "/web/throw/analysis-worker.js"} {
		c := NewAnalysis(url)
		c.Start(analysis.KindSensitivity, text, opt, nil, onDone)
		if a := wait(url); a.err != nil || !bytes.Equal(a.out, want) {
			t.Errorf("%s: the page's answer: %v, equal to analysis.Run's: %v", url, a.err, bytes.Equal(a.out, want))
		}
		if !c.InPage() {
			t.Errorf("%s: the client still counts on a worker", url)
		}
		c.Close()
	}
}
