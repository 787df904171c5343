//go:build js && wasm

package client

import (
	"syscall/js"

	"rolloutplanner/worker/sim"
)

// bootRun is the run that the page's first script (web/boot.js) started
// in the simulation workers before the page loaded: each worker k of n
// runs the ranges i ≡ k (mod n) of sim.Boot's plan. The Pool adopts the
// workers when it is made, keeps the ranges they finish, and hands them
// to the page's first Run of the same scenario (same JSON, all its
// trials): the numbers are those of a run the Pool started itself, since
// the ranges are Split's. A Run of another scenario stops the boot run.
type bootRun struct {
	text     string
	ranges   [][2]int
	n        int
	done     []bool     // ranges finished (kept in parts, or handed to run)
	progress []int      // trials finished of each range in flight
	lost     []bool     // ranges of a boot worker that failed: to run again
	parts    []sim.Part // finished ranges not yet handed to a run
	run      *poolRun   // the page's run that adopted it; nil before
}

// adoptBoot takes the workers that web/boot.js started, if any and not
// adopted yet, into the pool. It is called with p.mu held; the functions
// it returns, to call once p.mu is released, hand the messages the
// workers posted so far to the pool, then every later one.
func (p *Pool) adoptBoot() (takes []func()) {
	boot := js.Global().Get("rolloutBoot")
	if boot.Type() != js.TypeObject || boot.Get("adopted").Truthy() {
		return nil
	}
	boot.Set("adopted", true)
	entries := boot.Get("workers")
	n := boot.Get("n").Int()
	if entries.Length() == 0 || n < 1 {
		return nil
	}
	b := &bootRun{n: n}
	if plan, err := sim.Boot(boot.Get("link").String(), 0, n); err == nil {
		b.text, b.ranges = string(plan.Text), plan.Ranges
		b.done = make([]bool, len(b.ranges))
		b.progress = make([]int, len(b.ranges))
		b.lost = make([]bool, len(b.ranges))
		p.boot = b
	}
	for k := range entries.Length() {
		entry := entries.Index(k)
		w := &worker{ww: adoptWebWorker(entry), booting: true, bootK: k}
		p.workers = append(p.workers, w)
		takes = append(takes, func() {
			w.ww.take(entry, func(data js.Value) { p.message(w, data) }, func(msg string) { p.crashed(w, msg) })
		})
	}
	return takes
}

// bootMessage handles a message of worker w about the boot run (a
// negative id). It is called with p.mu held and unlocks it.
func (p *Pool) bootMessage(w *worker, typ string, data js.Value) {
	b := p.boot
	part := -1
	if v := data.Get("part"); v.Type() == js.TypeNumber {
		part = v.Int()
	}
	valid := b != nil && part >= 0 && part < len(b.ranges) && part%b.n == w.bootK && !b.done[part]
	switch {
	case typ == "progress" && valid:
		if v := data.Get("done"); v.Type() == js.TypeNumber {
			b.progress[part] = min(max(v.Int(), 0), b.ranges[part][1]-b.ranges[part][0])
		}
		if r := b.run; r != nil && p.run == r {
			done := p.bootDoneLocked(r, r.job.mergedTrials())
			p.mu.Unlock()
			r.job.progress(r.job.base + done)
			return
		}
	case typ == "part" && valid:
		bytes := data.Get("bytes")
		if !bytes.Truthy() {
			break
		}
		b.done[part], b.progress[part] = true, 0
		sp := sim.Part{Range: b.ranges[part], Bytes: goBytes(bytes)}
		r := b.run
		if r == nil {
			b.parts = append(b.parts, sp)
			break
		}
		if p.run != r {
			break
		}
		j := r.job
		merged, ok := j.addPart(sp)
		if !ok {
			break
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
		done := p.bootDoneLocked(r, merged)
		p.mu.Unlock()
		j.progress(j.base + done)
		return
	case typ == "booted" || typ == "error":
		// The worker's share is over (an error: the link did not decode,
		// or the engine failed): its unfinished ranges run again.
		if w.booting {
			p.bootLostLocked(w)
		}
		w.booting = false
		p.dispatchLocked()
	}
	p.mu.Unlock()
}

// bootDoneLocked is doneLocked for a run that adopted the boot run: the
// ranges in flight on booting workers count too.
func (p *Pool) bootDoneLocked(r *poolRun, merged int) int {
	n := p.doneLocked(r, merged)
	if b := p.boot; b != nil && b.run == r {
		for i, d := range b.progress {
			if !b.done[i] && !b.lost[i] {
				n += d
			}
		}
	}
	return n
}

// bootLostLocked gives back the unfinished ranges of booting worker w:
// to the adopting run's queue, or kept for the run that adopts later.
func (p *Pool) bootLostLocked(w *worker) {
	b := p.boot
	if b == nil {
		return
	}
	for i := w.bootK; i < len(b.ranges); i += b.n {
		if b.done[i] || b.lost[i] {
			continue
		}
		b.lost[i], b.progress[i] = true, 0
		if r := b.run; r != nil && p.run == r {
			r.queue = append(r.queue, b.ranges[i])
		}
	}
}

// adoptRunLocked makes run r, of scenario text over trials [a, b) after
// prev, take over the boot run when it is the same run; otherwise it
// stops the boot run, restarting its busy workers. It reports whether r
// adopted it (then r's queue and pending are set).
func (p *Pool) adoptRunLocked(r *poolRun, prev *Outcome, a, b int) bool {
	br := p.boot
	if br == nil {
		return false
	}
	if br.run != nil || prev != nil || a != 0 || b != br.total() || r.text != br.text {
		p.stopBootLocked()
		return false
	}
	br.run = r
	r.queue, r.pending = nil, len(br.ranges)
	for _, sp := range br.parts {
		if _, ok := r.job.addPart(sp); ok {
			r.pending--
		}
	}
	br.parts = nil
	for i, lost := range br.lost {
		if lost {
			r.queue = append(r.queue, br.ranges[i])
		}
	}
	r.reducing = r.pending == 0
	return true
}

// total is the trials of the boot run.
func (b *bootRun) total() int {
	if len(b.ranges) == 0 {
		return 0
	}
	return b.ranges[len(b.ranges)-1][1]
}

// stopBootLocked ends the boot run: workers still busy with it are
// terminated and replaced by fresh ones.
func (p *Pool) stopBootLocked() {
	p.boot = nil
	for _, w := range p.workers {
		if w.booting && !w.dead {
			p.killLocked(w)
			if !p.closed {
				p.startLocked(w)
			}
		}
	}
}

// adoptWebWorker wraps the Worker of a web/boot.js entry.
func adoptWebWorker(entry js.Value) *webWorker {
	return &webWorker{v: entry.Get("worker")}
}

// take makes w's handlers receive the entry's queued messages, then
// every later one (entry.take of web/boot.js).
func (w *webWorker) take(entry js.Value, onMessage func(data js.Value), onError func(msg string)) {
	w.onMsg = js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			onMessage(args[0])
		}
		return nil
	})
	w.onErr = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "the worker script failed"
		if len(args) > 0 && args[0].Type() == js.TypeString {
			msg = args[0].String()
		}
		onError(msg)
		return nil
	})
	entry.Call("take", w.onMsg, w.onErr)
}
