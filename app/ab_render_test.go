//go:build !js

package app

import (
	"net/url"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
	"rolloutplanner/worker/client"
)

// OnPreRender mounts the A/B pane in go-app's test engine as the browser
// would (see Planner.OnPreRender).
func (c *abPane) OnPreRender(ctx app.Context) { c.OnMount(ctx) }

// finishRun ends the fake's current run with a real reduced run of its
// scenario (200 trials), as a worker would.
func finishRun(t *testing.T, e app.TestEngine, fake *fakeRun) {
	t.Helper()
	done := make(chan *client.Outcome, 1)
	client.NewPool("", 1).Run(fake.sc, nil, 0, 200, nil, func(out *client.Outcome, err error) {
		if err != nil {
			t.Error(err)
		}
		done <- out
	})
	fake.onDone(<-done, nil)
	e.ConsumeAll()
}

// TestARunRendersABPaneOnly: a link with a pinned A runs A's trials once
// B's run is done; A's progress renders the A/B pane and nothing else —
// not the page, the run bar, the results or the editor — and A's result
// and the comparison made of it render the pane alone too.
func TestARunRendersABPaneOnly(t *testing.T) {
	e, p, fake := livePage(t)
	pr, _ := model.PresetByName(DefaultPreset)
	a := pr.Scenario.Clone()
	b := a.Clone()
	b.Roles[0].Instances++
	codeA, err := model.EncodeURL(a)
	if err != nil {
		t.Fatal(err)
	}
	codeB, err := model.EncodeURL(b)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("http://h/#s=" + codeB + "&a=" + codeA)
	p.ab.page.Dispatch(func(ctx app.Context) { p.loadWithPinned(ctx, u) })
	e.ConsumeAll()
	if p.ab.a == nil || p.ab.a.result != nil {
		t.Fatalf("the link's A is not pinned without results: %+v", p.ab.a)
	}
	if scenarioKey(fake.sc) != scenarioKey(b) {
		t.Fatal("the page does not run B first")
	}
	runs := fake.runs
	finishRun(t, e, fake) // B's result: the page is idle, A runs
	if fake.runs != runs+1 || scenarioKey(fake.sc) != scenarioKey(a) || !p.ab.a.running {
		t.Fatalf("A did not run once B was done (%d runs, A running %v)", fake.runs-runs, p.ab.a.running)
	}

	n := renderCount(t)
	const ticks = 20
	total := fake.sc.Trials
	for i := 1; i <= ticks; i++ {
		fake.onProgress(i*total/(ticks+1), total)
		e.ConsumeAll()
	}
	if n["ab"] != ticks || len(n) != 1 {
		t.Errorf("%d ticks of A's run rendered %v; want the A/B pane %d times and nothing else", ticks, n, ticks)
	}
	if want := ticks * total / (ticks + 1); p.ab.a.done != want {
		t.Errorf("A's run shows %d trials done, want %d", p.ab.a.done, want)
	}

	// A stale tick (A unpinned meanwhile) renders nothing.
	clear(n)
	old := fake.onProgress
	gen := p.ab.a.gen
	p.ab.a.gen.stop()
	old(total, total)
	e.ConsumeAll()
	if len(n) != 0 {
		t.Errorf("a stale tick of A's run rendered %v", n)
	}
	p.ab.a.gen = gen

	// A's result and the comparison render the pane, never the page.
	clear(n)
	finishRun(t, e, fake)
	if p.ab.a.result == nil || p.ab.view == nil || p.ab.viewA != p.ab.a.result || p.ab.viewB != p.shown {
		t.Fatalf("no comparison of A with B: %+v", p.ab)
	}
	if n["ab"] == 0 || n["planner"] != 0 || n["results"] != 0 || n["editor"] != 0 || n["runBar"] != 0 {
		t.Errorf("A's result and its comparison rendered %v; want the A/B pane alone", n)
	}
	if len(p.ab.view.Cards) == 0 || p.ab.view.SVG == "" {
		t.Errorf("the comparison has %d cards and no chart (%q)", len(p.ab.view.Cards), p.ab.view.Err)
	}
}

// fitCtx is the context of the fit box a test mounted.
var fitCtx app.Context

// OnPreRender mounts a fit box in go-app's test engine as the browser
// would, and keeps its context for the test.
func (b *fitBox) OnPreRender(ctx app.Context) { b.OnMount(ctx); fitCtx = ctx }

// TestFitBoxStaleFit: a fit that lands after its box has shown another
// distribution (a role removed, then added back to the same place) is
// stale: the box shows no outcome, and "Fitting…" is gone.
func TestFitBoxStaleFit(t *testing.T) {
	const path = "roles[1].warmup"
	b := newFitBox(path, "Warm-up")
	e := app.NewTestEngine()
	if err := e.Load(b); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	b.open, b.text = true, "12\n15\n9\n22\n17\n14\n30\n11\n13\n19"
	b.onFit(fitCtx, app.Event{})
	b.Path = "roles[2].warmup"
	b.OnUpdate(fitCtx)
	b.Path = path
	b.OnUpdate(fitCtx)
	e.ConsumeAll()
	if b.outcome != nil || b.fitting {
		t.Errorf("a stale fit landed: outcome %v, fitting %v", b.outcome != nil, b.fitting)
	}

	// A fit of the box's own distribution lands.
	b.text = "12\n15\n9\n22\n17\n14\n30\n11\n13\n19"
	b.onFit(fitCtx, app.Event{})
	e.ConsumeAll()
	if b.outcome == nil || b.outcome.Problem != "" || b.fitting {
		t.Errorf("the fit did not land: %+v", b.outcome)
	}
}
