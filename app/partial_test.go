//go:build !js

package app

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/internal/headline"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/worker/client"
)

// go-app calls OnMount only in the browser; natively it calls
// OnPreRender with the same context.
func (c *resultsPane) OnPreRender(ctx app.Context) { c.OnMount(ctx) }

// TestPartialEstimateShown: while a long run is under way the results
// pane shows the estimate of its first trials, marked partial
// (data-partial="N", "Estimate from N of M trials"), re-rendering the
// results pane alone; the run's end replaces it with the full result, unmarked.
func TestPartialEstimateShown(t *testing.T) {
	pool := client.NewPool("", 1)
	defer pool.Close()
	var held func()
	ended := make(chan struct{}, 1)
	p := NewPlanner()
	p.runTrials = func(s model.Scenario, prev *client.Outcome, a, b int,
		onProgress func(done, total int), onDone func(*client.Outcome, error)) *client.Job {
		// The run's end waits for the test, so that the partial
		// estimates are seen before it.
		return pool.Run(s, prev, a, b, onProgress, func(o *client.Outcome, err error) {
			held = func() { onDone(o, err) }
			ended <- struct{}{}
		})
	}
	e := app.NewTestEngine()
	if err := e.Load(p); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll() // the page's first run starts
	n := renderCount(t)
	sc := p.sess.sc
	if sc.Trials < 4*client.FirstPartialTrials {
		t.Fatalf("the default scenario runs %d trials: too few for partial estimates", sc.Trials)
	}

	select {
	case <-ended:
	case <-time.After(time.Minute):
		t.Fatal("the run did not end")
	}
	e.ConsumeAll() // the partial estimates dispatched during the run
	if p.run.partial.cur == nil {
		t.Fatal("no partial estimate on screen before the run's end")
	}
	k := p.run.partial.cur.result.Trials
	html := app.HTMLString(newResultsPane(p.shownSeq, p.chartsSeq, p.run.state, &p.shown, &p.run.partial))
	for _, want := range []string{AttrPartial + `="` + strconv.Itoa(k) + `"`, "Estimate from " + Count(k) + " of " + Count(sc.Trials) + " trials", `id="card-service"`} {
		if !strings.Contains(html, want) {
			t.Errorf("the partial estimate's pane lacks %q: %.300s", want, html)
		}
	}
	if n["results"] == 0 || n["editor"] != 0 || n["planner"] != 0 {
		t.Errorf("partial estimates rendered %v; want the results pane alone", n)
	}

	held()
	deadline := time.Now().Add(time.Minute)
	for p.run.state != StateDone && time.Now().Before(deadline) {
		e.ConsumeAll()
		time.Sleep(10 * time.Millisecond)
	}
	if p.run.partial.cur != nil || p.shown == nil || p.shown.result.Trials != sc.Trials {
		t.Fatalf("after the run the partial estimate stays (%v) or the result is missing", p.run.partial.cur != nil)
	}
	if html := app.HTMLString(newResultsPane(p.shownSeq, p.chartsSeq, p.run.state, &p.shown, &p.run.partial)); strings.Contains(html, AttrPartial) {
		t.Error("the final result is marked partial")
	}
}

// TestFinalFiguresBeforeCharts: a run's final figures go on screen as
// soon as they are reduced, unmarked (no data-partial) and noted as
// waiting for their charts, instead of waiting for the charts.
func TestFinalFiguresBeforeCharts(t *testing.T) {
	pre, ok := model.PresetByName(DefaultPreset)
	if !ok {
		t.Fatal("no default preset")
	}
	sc := pre.Scenario
	sc.Trials = 300
	acc, err := planner.Run(context.Background(), sc, planner.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	p := NewPlanner()
	rc := &runControl{}
	rc.attach(p, &p.runTrials)
	seq := p.shownSeq
	rc.showFinalFigures(&client.Outcome{Trials: sc.Trials, Result: acc.Result(), Charts: acc.Charts()})
	if rc.partial.cur == nil || rc.partial.cur.result.Trials != sc.Trials {
		t.Fatal("the run's final figures are not on screen while its charts are drawn")
	}
	if p.shownSeq == seq {
		t.Error("the results pane is not told to render the final figures")
	}
	var none *shownResult
	html := app.HTMLString(newResultsPane(0, 0, StateRunning, &none, &rc.partial))
	want := headline.Exact(acc.Result().Service.SLACompliance.P)
	if strings.Contains(html, AttrPartial) || !strings.Contains(html, DrawingChartsText) || !strings.Contains(html, `data-value="`+want+`"`) {
		t.Errorf("the final figures' pane: %.400s", html)
	}
}
