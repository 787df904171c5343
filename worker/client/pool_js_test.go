//go:build js && wasm

package client

import (
	"errors"
	"strings"
	"sync"
	"syscall/js"
	"testing"
	"time"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/worker/sim"
)

// fakeWorkerJS defines globalThis.Worker as a stand-in for a browser's
// Web Worker running web/sim-worker.js: it speaks the same messages, runs
// the trials in this program (fakeSimRun) after a timer, and misbehaves
// on request, by the words in its URL: "throw" (the constructor throws),
// "404" (the module does not load), "crash" (the script fails), "fail"
// (every range fails), "badsum" (every reduction fails), "diesum" (the
// worker crashes when asked to reduce). FakeWorker.delay is the
// milliseconds between two messages about a range, reduceDelay those
// before a reduction's answer.
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
  postMessage(m, transfer) {
    if (m.type === 'reduce') {
      FakeWorker.reduces++;
      setTimeout(() => {
        if (this.dead) return;
        if (this.url.includes('badsum')) {
          this.emit({type: 'error', id: m.id, message: 'simworker: internal error reducing'});
        } else if (this.url.includes('diesum')) {
          if (this.onerror) this.onerror({message: 'RuntimeError: unreachable'});
        } else {
          const out = globalThis.fakeSimReduce(m.scenario, m.parts, m.ranges);
          this.emit({type: 'reduced', id: m.id, bytes: out.buffer});
        }
      }, FakeWorker.reduceDelay);
      return;
    }
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
FakeWorker.reduces = 0; FakeWorker.reduceDelay = 0;
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

// fakeSimReduce(scenarioJSON, parts, ranges) reduces as cmd/simworker's
// rolloutSimReduce (sim.Summarise) does; parts must be ArrayBuffers.
var fakeSimReduce = js.FuncOf(func(_ js.Value, args []js.Value) any {
	var parts []sim.Part
	for i := range args[1].Length() {
		buf := args[1].Index(i)
		if !buf.InstanceOf(js.Global().Get("ArrayBuffer")) {
			panic("part is not an ArrayBuffer")
		}
		u8 := js.Global().Get("Uint8Array").New(buf)
		b := make([]byte, u8.Length())
		js.CopyBytesToGo(b, u8)
		rg := args[2].Index(i)
		parts = append(parts, sim.Part{Range: [2]int{rg.Index(0).Int(), rg.Index(1).Int()}, Bytes: b})
	}
	out, err := sim.Summarise([]byte(args[0].String()), parts)
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
		js.Global().Set("fakeSimReduce", fakeSimReduce)
		js.Global().Call("eval", fakeWorkerJS)
		js.Global().Set("FakeWorker", js.Global().Get("Worker"))
	}
	fw := js.Global().Get("FakeWorker")
	for _, k := range []string{"created", "posted", "terminated", "reduces", "reduceDelay"} {
		fw.Set(k, 0)
	}
	fw.Set("delay", delay)
	return fw
}

func TestPoolMatchesNative(t *testing.T) {
	fw := fake(t, 0)
	s := testScenario(12000)
	p := NewPool("sim-worker.js", 3)
	defer p.Close()
	if n := p.Workers(); n != 3 {
		t.Fatalf("Workers() = %d, want 3", n)
	}
	o := newRan()
	p.Run(s, nil, 0, s.Trials, o.onProgress, o.onDone)
	o.wait(t)
	if o.err != nil {
		t.Fatal(o.err)
	}
	checkSummary(t, o, s, s.Trials)
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

	// Extend the run as the adaptive mode does: same pool, extending the Outcome.
	a, b := o.out.NextRange(20000)
	second := newRan()
	p.Run(s, o.out, a, b, second.onProgress, second.onDone)
	second.wait(t)
	if second.err != nil {
		t.Fatal(second.err)
	}
	checkSummary(t, second, s, 20000)
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
	o := newRan()
	j := p.Run(s, nil, 0, s.Trials, func(done, total int) {
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
	if o.out.Trials >= s.Trials || o.out.Reduced() {
		t.Errorf("cancelled run holds all %d trials", s.Trials)
	}
	if n := fw.Get("terminated").Int(); n != 2 {
		t.Errorf("%d workers terminated on cancel, want the 2 busy ones", n)
	}
	if n := p.Workers(); n != 2 {
		t.Errorf("Workers() = %d after cancel, want 2 fresh ones", n)
	}

	// The pool runs the next job on the fresh workers; a second Run
	// replaces the first, whose onDone runs before Start returns.
	fw.Set("delay", 0)
	replaced := newRan()
	p.Run(s, nil, 0, 5000, nil, replaced.onDone)
	next := newRan()
	p.Run(s, nil, 0, 5000, next.onProgress, next.onDone)
	select {
	case <-replaced.done:
	default:
		t.Fatal("the replaced job's onDone had not run when Run returned")
	}
	replaced.wait(t)
	if !errors.Is(replaced.err, ErrCancelled) {
		t.Errorf("replaced job: err = %v, want ErrCancelled", replaced.err)
	}
	next.wait(t)
	if next.err != nil {
		t.Fatal(next.err)
	}
	checkSummary(t, next, s, 5000)
	if n := fw.Get("created").Int(); n < 4 {
		t.Errorf("%d workers created, want the 2 first and 2 or more replacements", n)
	}
}

// TestPoolFallback: whatever goes wrong with the workers, the run ends in
// the page with the same numbers.
func TestPoolFallback(t *testing.T) {
	s := testScenario(3000)
	for _, url := range []string{"throw/sim-worker.js", "404/sim-worker.js", "crash/sim-worker.js"} {
		t.Run(url, func(t *testing.T) {
			fake(t, 0)
			p := NewPool(url, 2)
			defer p.Close()
			o := newRan()
			p.Run(s, nil, 0, s.Trials, o.onProgress, o.onDone)
			o.wait(t)
			if o.err != nil {
				t.Fatal(o.err)
			}
			checkSummary(t, o, s, s.Trials)
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
	o := newRan()
	p.Run(testScenario(3000), nil, 0, 3000, o.onProgress, o.onDone)
	o.wait(t)
	if o.err == nil || !strings.Contains(o.err.Error(), "internal error") || !strings.Contains(o.err.Error(), "trials [") {
		t.Fatalf("err = %v, want the worker's message with its trial range", o.err)
	}
	// Bad input never reaches the workers.
	bad := testScenario(10)
	bad.Roles[0].Instances = 0
	o = newRan()
	p.Run(bad, nil, 0, 10, o.onProgress, o.onDone)
	o.wait(t)
	if o.err == nil || !strings.Contains(o.err.Error(), "roles[0].instances") {
		t.Fatalf("err = %v, want one naming roles[0].instances", o.err)
	}
}

// TestPoolRun: a run and its adaptive extension, reduced by a worker,
// give a native run's Result and Charts; each run posts one reduction,
// with every part of the run.
func TestPoolRun(t *testing.T) {
	fw := fake(t, 0)
	s := testScenario(12000)
	p := NewPool("sim-worker.js", 3)
	defer p.Close()
	first := newRan()
	p.Run(s, nil, 0, s.Trials, first.onProgress, first.onDone)
	first.wait(t)
	checkSummary(t, first, s, s.Trials)
	if n := fw.Get("reduces").Int(); n != 1 {
		t.Errorf("%d reductions posted, want 1", n)
	}
	if n, want := fw.Get("posted").Int(), len(Split(0, s.Trials, 3, 0)); n != want {
		t.Errorf("%d ranges posted, want %d", n, want)
	}
	if n := len(first.progress); n == 0 || first.progress[n-1] != [2]int{s.Trials, s.Trials} {
		t.Errorf("progress %v does not end at %d of %d", first.progress, s.Trials, s.Trials)
	}

	// The adaptive mode's next round (NeedMore reads
	// first.out.Result.Service.SLACompliance and first.out.Trials).
	a, b := first.out.NextRange(20000)
	second := newRan()
	p.Run(s, first.out, a, b, second.onProgress, second.onDone)
	second.wait(t)
	checkSummary(t, second, s, 20000)
	if n := fw.Get("reduces").Int(); n != 2 {
		t.Errorf("%d reductions posted, want 2", n)
	}
	if fw.Get("terminated").Int() != 0 {
		t.Errorf("workers terminated during runs that were not cancelled")
	}
}

// TestPoolRunCancelDuringReduction: a cancel while a worker reduces
// terminates it, starts a fresh one and hands over every trial unreduced;
// reducing them later gives the native numbers.
func TestPoolRunCancelDuringReduction(t *testing.T) {
	fw := fake(t, 0)
	fw.Set("reduceDelay", 60000)
	s := testScenario(6000)
	p := NewPool("sim-worker.js", 2)
	defer p.Close()
	r := newRan()
	j := p.Run(s, nil, 0, s.Trials, r.onProgress, r.onDone)
	deadline := time.Now().Add(time.Minute)
	for fw.Get("reduces").Int() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no reduction posted within a minute")
		}
		time.Sleep(5 * time.Millisecond)
	}
	j.Cancel()
	r.wait(t)
	if !errors.Is(r.err, ErrCancelled) {
		t.Fatalf("err = %v, want ErrCancelled", r.err)
	}
	if o := r.out; o.Reduced() || o.Trials != s.Trials || len(o.Ranges) != 1 || o.Ranges[0] != [2]int{0, s.Trials} {
		t.Fatalf("cancelled outcome: reduced %v, %d trials in %v; want unreduced [0, %d)", o.Reduced(), o.Trials, o.Ranges, s.Trials)
	}
	if n := fw.Get("terminated").Int(); n != 1 {
		t.Errorf("%d workers terminated, want the reducing one", n)
	}
	if n := p.Workers(); n != 2 {
		t.Errorf("Workers() = %d after cancel, want 2", n)
	}
	fw.Set("reduceDelay", 0)
	again := newRan()
	p.Run(s, r.out, 0, 0, nil, again.onDone)
	again.wait(t)
	checkSummary(t, again, s, s.Trials)
}

// TestPoolRunReduceError: a worker's error while reducing ends the run
// with it; the trials are handed over unreduced.
func TestPoolRunReduceError(t *testing.T) {
	fake(t, 0)
	s := testScenario(3000)
	p := NewPool("badsum/sim-worker.js", 2)
	defer p.Close()
	r := newRan()
	p.Run(s, nil, 0, s.Trials, r.onProgress, r.onDone)
	r.wait(t)
	if r.err == nil || !strings.Contains(r.err.Error(), "summarising") || !strings.Contains(r.err.Error(), "internal error reducing") {
		t.Fatalf("err = %v, want the worker's message about the reduction", r.err)
	}
	if o := r.out; o.Reduced() || o.Trials != s.Trials {
		t.Errorf("failed outcome: reduced %v, %d trials; want unreduced, %d", o.Reduced(), o.Trials, s.Trials)
	}
	if n := p.Workers(); n != 2 {
		t.Errorf("Workers() = %d, want 2: an error message is not a crash", n)
	}
}

// TestPoolRunReduceCrash: workers that crash while reducing hand the
// reduction to the next one, and the last to the page; the numbers stay.
func TestPoolRunReduceCrash(t *testing.T) {
	fw := fake(t, 0)
	s := testScenario(3000)
	p := NewPool("diesum/sim-worker.js", 2)
	defer p.Close()
	r := newRan()
	p.Run(s, nil, 0, s.Trials, r.onProgress, r.onDone)
	r.wait(t)
	checkSummary(t, r, s, s.Trials)
	if n := fw.Get("reduces").Int(); n != 2 {
		t.Errorf("%d reductions posted, want one per worker", n)
	}
	if n := p.Workers(); n != 0 {
		t.Errorf("Workers() = %d, want 0", n)
	}
}

// TestPoolRunFallback: without workers Run runs and reduces in the page.
func TestPoolRunFallback(t *testing.T) {
	fw := fake(t, 0)
	s := testScenario(2000)
	p := NewPool("throw/sim-worker.js", 2)
	defer p.Close()
	r := newRan()
	p.Run(s, nil, 0, s.Trials, r.onProgress, r.onDone)
	r.wait(t)
	checkSummary(t, r, s, s.Trials)
	if n := fw.Get("reduces").Int(); n != 0 {
		t.Errorf("%d reductions posted without workers", n)
	}
}

// TestPoolReplaceDrains: a Run that replaces a job leaves a worker whose
// range is expected to end soon (drainable) to finish it, its result
// dropped, rather than terminating it; other workers are terminated and
// replaced. Either way the new job's numbers are the native ones. The
// expectation is the pool's limit: an hour drains every range, zero none.
func TestPoolReplaceDrains(t *testing.T) {
	for _, tt := range []struct {
		name       string
		limit      time.Duration
		terminated int
	}{
		{"ranges about to end drain", time.Hour, 0},
		{"slow ranges are terminated", 0, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fw := fake(t, 20)
			s := testScenario(2000) // 2 ranges of 1000 trials, one per worker: 4 messages each
			p := NewPool("sim-worker.js", 2)
			defer p.Close()
			p.drainLimit = tt.limit
			both := make(chan struct{})
			var once sync.Once
			first := newRan()
			p.Run(s, nil, 0, s.Trials, func(done, total int) {
				first.onProgress(done, total)
				if done >= 2*WorkerChunk {
					once.Do(func() { close(both) })
				}
			}, first.onDone)
			select {
			case <-both:
			case <-time.After(time.Minute):
				t.Fatal("no progress within a minute")
			}
			fw.Set("delay", 0)
			s2 := s
			s2.Seed++
			next := newRan()
			p.Run(s2, nil, 0, s2.Trials, next.onProgress, next.onDone)
			first.wait(t)
			if !errors.Is(first.err, ErrCancelled) {
				t.Errorf("replaced job: err = %v, want ErrCancelled", first.err)
			}
			next.wait(t)
			checkSummary(t, next, s2, s2.Trials)
			if n := fw.Get("terminated").Int(); n > tt.terminated || (tt.terminated > 0 && n == 0) {
				t.Errorf("%d workers terminated, want %d", n, tt.terminated)
			}
			if n := p.Workers(); n != 2 {
				t.Errorf("Workers() = %d, want 2", n)
			}
		})
	}
}

// TestDrainable: a range drains when, at its pace so far, it ends within
// the limit; a range without progress, or a reduction, never does.
func TestDrainable(t *testing.T) {
	t0 := time.Unix(1000, 0)
	tests := []struct {
		name    string
		w       worker
		elapsed time.Duration
		want    bool
	}{
		{"three quarters in 30 ms: 10 ms left", worker{rng: [2]int{0, 1000}, done: 750}, 30 * time.Millisecond, true},
		{"a quarter in 40 ms: 120 ms left", worker{rng: [2]int{0, 1000}, done: 250}, 40 * time.Millisecond, false},
		{"exactly the limit", worker{rng: [2]int{1000, 2000}, done: 500}, 100 * time.Millisecond, true},
		{"no progress yet", worker{rng: [2]int{0, 1000}}, time.Millisecond, false},
		{"a reduction", worker{reducing: true, done: 1}, time.Millisecond, false},
	}
	for _, tt := range tests {
		w := tt.w
		w.started = t0
		if got := w.drainable(t0.Add(tt.elapsed), 100*time.Millisecond); got != tt.want {
			t.Errorf("%s: drainable = %v, want %v", tt.name, got, tt.want)
		}
	}
}
