//go:build !js

package app

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
	"rolloutplanner/worker/client"
)

// go-app calls OnMount only in the browser; natively it calls
// OnPreRender with the same context. These test-only methods mount the
// page and its run bar in go-app's test engine as the browser would.
func (p *Planner) OnPreRender(ctx app.Context) { p.OnMount(ctx) }
func (b *runBar) OnPreRender(ctx app.Context)  { b.OnMount(ctx) }

// fakeRun is a runFunc that keeps each run's callbacks for the test to
// call, as a worker would.
type fakeRun struct {
	runs       int
	sc         model.Scenario
	onProgress func(done, total int)
	onDone     func(*client.Outcome, error)
}

func (f *fakeRun) run(s model.Scenario, prev *client.Outcome, a, b int,
	onProgress func(done, total int), onDone func(*client.Outcome, error)) *client.Job {
	f.runs++
	f.sc, f.onProgress, f.onDone = s, onProgress, onDone
	return nil
}

// livePage loads the page in go-app's test engine with the fake runner,
// and lets its first run start.
func livePage(t *testing.T) (app.TestEngine, *Planner, *fakeRun) {
	t.Helper()
	fake := &fakeRun{}
	p := NewPlanner()
	p.runTrials = fake.run
	e := app.NewTestEngine()
	if err := e.Load(p); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	if fake.runs != 1 || fake.onProgress == nil {
		t.Fatalf("the page started %d runs, want 1", fake.runs)
	}
	return e, p, fake
}

// renderCount counts the renders of each part of the page while it is
// set.
func renderCount(t *testing.T) map[string]int {
	n := map[string]int{}
	renderHook = func(c string) { n[c]++ }
	t.Cleanup(func() { renderHook = nil })
	return n
}

// TestProgressRendersRunBarOnly: a progress message renders the run bar
// and nothing else — not the page, the editor (and so no form field) or
// the results; a result renders the results (its figures, then its
// charts), not the editor.
func TestProgressRendersRunBarOnly(t *testing.T) {
	e, p, fake := livePage(t)
	if !p.run.progress.barOn {
		t.Fatal("the run bar did not attach to the run's progress")
	}
	n := renderCount(t)
	const ticks = 50
	total := fake.sc.Trials
	for i := 1; i <= ticks; i++ {
		fake.onProgress(i*total/(ticks+1), total)
		e.ConsumeAll()
	}
	if n["runBar"] != ticks || n["planner"] != 0 || n["editor"] != 0 || n["results"] != 0 {
		t.Errorf("%d progress messages rendered %v; want the run bar %d times and nothing else", ticks, n, ticks)
	}
	if want := ticks * total / (ticks + 1); p.run.progress.done != want {
		t.Errorf("the run bar shows %d trials done, want %d", p.run.progress.done, want)
	}

	// A stale run's progress renders nothing.
	clear(n)
	old := fake.onProgress
	p.run.gen.stop()
	old(total, total)
	e.ConsumeAll()
	if len(n) != 0 || p.run.progress.done == total {
		t.Errorf("a stale run's progress rendered %v (done %d)", n, p.run.progress.done)
	}

	// The result renders the results twice (its figures at once, then
	// with its charts: showFinalFigures), and the editor not at all.
	p.run.gen = generation{n: p.run.gen.n - 1} // the fake's run is current again
	clear(n)
	done := make(chan *client.Outcome, 1)
	client.NewPool("", 1).Run(fake.sc, nil, 0, 200, nil, func(out *client.Outcome, err error) {
		if err != nil {
			t.Error(err)
		}
		done <- out
	})
	fake.onDone(<-done, nil)
	e.ConsumeAll()
	if p.shown == nil || p.run.state != StateDone {
		t.Fatalf("no result on screen (state %s)", p.run.state)
	}
	if n["results"] != 2 || n["editor"] != 0 {
		t.Errorf("a result rendered %v; want the results twice and not the editor", n)
	}
}

func TestGeneration(t *testing.T) {
	var g generation
	if g.current(0) {
		t.Error("the zero ticket is current")
	}
	a := g.next()
	if !g.current(a) {
		t.Error("a fresh ticket is not current")
	}
	b := g.next()
	if g.current(a) || !g.current(b) {
		t.Error("next did not make the older ticket stale")
	}
	g.stop()
	if g.current(b) {
		t.Error("stop left a ticket current")
	}
}
