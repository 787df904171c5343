//go:build js && wasm

package runner

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// fakeWorkerJS defines globalThis.Worker as a stand-in for a browser's
// Web Worker running web/sim-worker.js: it speaks the same messages, runs
// the trials in this program (fakeSimRun) after a timer, and misbehaves
// on request, by the words in its URL: "throw" (the constructor throws),
// "404" (the module does not load), "crash" (the script fails), "fail"
// (every range fails). FakeWorker.delay is the milliseconds between two
// messages about a range.
const fakeWorkerJS = `(() => {
class FakeWorker {
  constructor(url) {
    FakeWorker.created++;
    if (url.includes('throw')) throw new Error('SecurityError: fake');
    this.url = url; this.dead = false; this.onmessage = null; this.onerror = null;
    if (url.includes('404')) {
      setTimeout(() => this.emit({type: 'error', id: 0, message: 'sim-worker: cannot load sim.wasm: HTTP 404'}), 1);
    } else if (url.includes('crash')) {
      setTimeout(() => { if (!this.dead && this.onerror) this.onerror({message: 'Uncaught SyntaxError'}); }, 1);
    } else {
      setTimeout(() => this.emit({type: 'ready'}), 1);
    }
  }
  emit(m) { if (!this.dead && this.onmessage) this.onmessage({data: m}); }
  postMessage(m) {
    FakeWorker.posted++;
    const steps = [];
    for (let d = m.chunk; d < m.b - m.a; d += m.chunk) steps.push(d);
    let k = 0;
    const tick = () => {
      if (this.dead) return;
      if (k < steps.length) {
        this.emit({type: 'progress', id: m.id, done: steps[k++]});
        setTimeout(tick, FakeWorker.delay);
        return;
      }
      if (this.url.includes('fail')) {
        this.emit({type: 'error', id: m.id, message: 'simworker: internal error running trials'});
        return;
      }
      const out = globalThis.fakeSimRun(m.scenario, m.a, m.b);
      this.emit({type: 'done', id: m.id, bytes: out.buffer});
    };
    setTimeout(tick, FakeWorker.delay);
  }
  terminate() { this.dead = true; FakeWorker.terminated++; }
}
FakeWorker.created = 0; FakeWorker.posted = 0; FakeWorker.terminated = 0; FakeWorker.delay = 0;
globalThis.Worker = FakeWorker;
})()`

// fakeSimRun(scenarioJSON, a, b) runs trials [a, b) as cmd/simworker
// does and returns the accumulator's bytes in a Uint8Array.
var fakeSimRun = js.FuncOf(func(_ js.Value, args []js.Value) any {
	s, err := model.Decode([]byte(args[0].String()))
	if err != nil {
		panic(err)
	}
	e, err := planner.New(s)
	if err != nil {
		panic(err)
	}
	acc := e.NewAccumulator()
	e.Run(acc, args[1].Int(), args[2].Int())
	out, err := acc.MarshalBinary()
	if err != nil {
		panic(err)
	}
	u8 := js.Global().Get("Uint8Array").New(len(out))
	js.CopyBytesToJS(u8, out)
	return u8
})

// fake installs the fake Worker (once) and resets its counters and delay.
func fake(t *testing.T, delay int) js.Value {
	t.Helper()
	if js.Global().Get("FakeWorker").IsUndefined() {
		js.Global().Set("fakeSimRun", fakeSimRun)
		js.Global().Call("eval", fakeWorkerJS)
		js.Global().Set("FakeWorker", js.Global().Get("Worker"))
	}
	fw := js.Global().Get("FakeWorker")
	for _, k := range []string{"created", "posted", "terminated"} {
		fw.Set(k, 0)
	}
	fw.Set("delay", delay)
	return fw
}

func nativeJSON(t *testing.T, s model.Scenario, trials int) []byte {
	t.Helper()
	s.Trials = trials
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return resultJSON(t, acc)
}

func TestPoolMatchesNative(t *testing.T) {
	fw := fake(t, 0)
	s := testScenario(12000)
	p := NewPool("sim-worker.js", 3)
	defer p.Close()
	if n := p.Workers(); n != 3 {
		t.Fatalf("Workers() = %d, want 3", n)
	}
	o := newOutcome()
	p.Start(s, nil, 0, s.Trials, o.onProgress, o.onDone)
	o.wait(t)
	if o.err != nil {
		t.Fatal(o.err)
	}
	if got, want := resultJSON(t, o.acc), nativeJSON(t, s, s.Trials); !bytes.Equal(got, want) {
		t.Errorf("pool differs from planner.Run:\n got %s\nwant %s", got, want)
	}
	if n, want := fw.Get("posted").Int(), len(Split(0, s.Trials, 3, 0)); n != want {
		t.Errorf("%d ranges posted, want %d", n, want)
	}
	if n := len(o.progress); n == 0 || o.progress[n-1] != [2]int{s.Trials, s.Trials} {
		t.Errorf("progress %v does not end at %d of %d", o.progress, s.Trials, s.Trials)
	}
	for i := 1; i < len(o.progress); i++ {
		if o.progress[i][0] < o.progress[i-1][0] {
			t.Errorf("progress goes back: %v", o.progress)
			break
		}
	}

	// Extend the run as the adaptive mode does: same pool, same accumulator.
	a, b := NextRange(o.acc, 20000)
	second := newOutcome()
	p.Start(s, o.acc, a, b, second.onProgress, second.onDone)
	second.wait(t)
	if second.err != nil {
		t.Fatal(second.err)
	}
	if got, want := resultJSON(t, second.acc), nativeJSON(t, s, 20000); !bytes.Equal(got, want) {
		t.Errorf("extended pool run differs from planner.Run of 20000 trials:\n got %s\nwant %s", got, want)
	}
	if fw.Get("terminated").Int() != 0 {
		t.Errorf("workers terminated during runs that were not cancelled")
	}
}

func TestPoolCancel(t *testing.T) {
	fw := fake(t, 2)
	s := testScenario(100000)
	p := NewPool("sim-worker.js", 2)
	defer p.Close()
	first := make(chan struct{}, 1)
	o := newOutcome()
	j := p.Start(s, nil, 0, s.Trials, func(done, total int) {
		o.onProgress(done, total)
		select {
		case first <- struct{}{}:
		default:
		}
	}, o.onDone)
	select {
	case <-first:
	case <-time.After(time.Minute):
		t.Fatal("no progress within a minute")
	}
	j.Cancel()
	if !j.Done() {
		t.Error("Done is false after Cancel")
	}
	o.wait(t)
	if !errors.Is(o.err, ErrCancelled) {
		t.Fatalf("err = %v, want ErrCancelled", o.err)
	}
	if o.acc.Trials() >= s.Trials {
		t.Errorf("cancelled run holds all %d trials", s.Trials)
	}
	if n := fw.Get("terminated").Int(); n != 2 {
		t.Errorf("%d workers terminated on cancel, want the 2 busy ones", n)
	}
	if n := p.Workers(); n != 2 {
		t.Errorf("Workers() = %d after cancel, want 2 fresh ones", n)
	}

	// The pool runs the next job on the fresh workers; a second Start
	// replaces the first, whose onDone runs before Start returns.
	fw.Set("delay", 0)
	replaced := newOutcome()
	p.Start(s, nil, 0, 5000, nil, replaced.onDone)
	next := newOutcome()
	p.Start(s, nil, 0, 5000, next.onProgress, next.onDone)
	select {
	case <-replaced.done:
	default:
		t.Fatal("the replaced job's onDone had not run when Start returned")
	}
	replaced.wait(t)
	if !errors.Is(replaced.err, ErrCancelled) {
		t.Errorf("replaced job: err = %v, want ErrCancelled", replaced.err)
	}
	next.wait(t)
	if next.err != nil {
		t.Fatal(next.err)
	}
	if got, want := resultJSON(t, next.acc), nativeJSON(t, s, 5000); !bytes.Equal(got, want) {
		t.Errorf("run after a cancel differs from planner.Run")
	}
	if n := fw.Get("created").Int(); n < 4 {
		t.Errorf("%d workers created, want the 2 first and 2 or more replacements", n)
	}
}

// TestPoolFallback: whatever goes wrong with the workers, the run ends in
// the page with the same numbers.
func TestPoolFallback(t *testing.T) {
	s := testScenario(3000)
	want := nativeJSON(t, s, s.Trials)
	for _, url := range []string{"throw/sim-worker.js", "404/sim-worker.js", "crash/sim-worker.js"} {
		t.Run(url, func(t *testing.T) {
			fake(t, 0)
			p := NewPool(url, 2)
			defer p.Close()
			o := newOutcome()
			p.Start(s, nil, 0, s.Trials, o.onProgress, o.onDone)
			o.wait(t)
			if o.err != nil {
				t.Fatal(o.err)
			}
			if got := resultJSON(t, o.acc); !bytes.Equal(got, want) {
				t.Errorf("fallback differs from planner.Run")
			}
			if n := p.Workers(); n != 0 {
				t.Errorf("Workers() = %d, want 0", n)
			}
		})
	}
}

func TestPoolWorkerError(t *testing.T) {
	fake(t, 0)
	p := NewPool("fail/sim-worker.js", 2)
	defer p.Close()
	o := newOutcome()
	p.Start(testScenario(3000), nil, 0, 3000, o.onProgress, o.onDone)
	o.wait(t)
	if o.err == nil || !strings.Contains(o.err.Error(), "internal error") || !strings.Contains(o.err.Error(), "trials [") {
		t.Fatalf("err = %v, want the worker's message with its trial range", o.err)
	}
	// Bad input never reaches the workers.
	bad := testScenario(10)
	bad.Roles[0].Instances = 0
	o = newOutcome()
	p.Start(bad, nil, 0, 10, o.onProgress, o.onDone)
	o.wait(t)
	if o.err == nil || !strings.Contains(o.err.Error(), "roles[0].instances") {
		t.Fatalf("err = %v, want one naming roles[0].instances", o.err)
	}
}
