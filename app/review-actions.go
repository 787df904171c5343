package app

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/report"
	"rolloutplanner/worker/analysis"
	"rolloutplanner/worker/client"
)

// AnalysisWorkerScript is the capacity review's Web Worker, as a static
// resource: it runs web/analysis.wasm (cmd/analysisworker), found next to
// it with wasm_exec.js.
const AnalysisWorkerScript = "/web/analysis-worker.js"

// reviewProgressEvery is the shortest time between two progress updates
// of the review on screen (the last one always shows).
const reviewProgressEvery = 100 * time.Millisecond

// reportSteps is the steps of the review report's preparation: the run of
// the scenario, the advice, the sweep and the sensitivity study (each
// skipped when its answer is on screen already).
const reportSteps = 4

// reportJob is the review report being prepared: for the scenario with
// key, linking back to base.
type reportJob struct {
	key    string
	base   string
	step   int             // 1 … reportSteps, for the progress text
	ranRun bool            // the report asked for the run; a second miss ends it
	ran    map[string]bool // the analyses it ran: each runs once at most
}

// attach gives the review the page: its scenario and results, and its
// context (Planner.OnMount).
func (r *reviewState) attach(host reviewHost, page app.Context) {
	r.host, r.page, r.pageOn = host, page, true
}

// handle registers the capacity review's action handlers on the pane's
// context: they render the pane (and the page, which passes it the same
// fields, so nothing else of it).
func (r *reviewState) handle(ctx app.Context) {
	ctx.Handle(actReview, func(ctx app.Context, a app.Action) {
		if kind, ok := a.Value.(string); ok {
			r.stopReport()
			r.startAnalysis(ctx, kind)
		}
	})
	ctx.Handle(actReviewCancel, func(ctx app.Context, a app.Action) {
		note := "Cancelled; the results below are from earlier analyses."
		if r.report != nil {
			note = "Cancelled; no report was downloaded."
		}
		r.stopReport()
		r.cancelAnalysis(note)
	})
	ctx.Handle(actSweepToggle, func(ctx app.Context, a app.Action) {
		sc, _ := r.host.reviewScenario()
		r.formOpen = !r.formOpen
		if r.formOpen && (!r.form.filled || r.form.role >= len(sc.Roles)) {
			r.fillSweepForm()
		}
	})
	ctx.Handle(actSweepForm, func(ctx app.Context, a app.Action) {
		if e, ok := a.Value.(sweepFormEdit); ok {
			if !r.form.filled {
				r.fillSweepForm()
			}
			r.form.edit(e)
		}
	})
	ctx.Handle(actReviewReport, func(ctx app.Context, a app.Action) {
		r.requestReport(ctx)
	})
	ctx.Handle(actGoToField, func(ctx app.Context, a app.Action) {
		if id, ok := a.Value.(string); ok {
			r.goToField(ctx, id)
		}
	})
}

// close stops the analysis under way and the worker.
func (r *reviewState) close() {
	r.stopReport()
	r.gen.stop()
	if r.client != nil {
		r.client.Close()
	}
	r.busy, r.cancel = "", nil
}

// complete returns the results on screen when they are the complete run
// of the scenario with key, nil otherwise.
func (r *reviewState) complete(key string) *shownResult {
	if done, _ := r.host.reviewRun(key); done {
		return r.host.reviewShown()
	}
	return nil
}

// plan is the review report's choice of analyses for sc, whose complete
// run is on screen when sh is not nil: the same as rollout report's
// (report.PlanOf), so that the sweep button, the report and the command
// ask for the same grid and trials.
func plan(sc model.Scenario, sh *shownResult) report.Plan {
	if sh != nil {
		return report.PlanOf(sc, sh.result, report.Options{})
	}
	return report.PlanOf(sc, planner.Result{}, report.Options{})
}

// fillSweepForm puts the review report's grid in the sweep form.
func (r *reviewState) fillSweepForm() {
	sc, _ := r.host.reviewScenario()
	r.form = defaultSweepForm(sc, r.complete(scenarioKey(sc)))
}

// analysisOptions are the options of analysis kind of sc, as the review
// report asks for them (plan); a sweep's grid comes from the form unless
// the report asks. The error says what to correct in the sweep form.
func (r *reviewState) analysisOptions(kind string, sc model.Scenario, forReport bool) (analysis.Options, error) {
	sh := r.complete(scenarioKey(sc))
	pl := plan(sc, sh)
	switch kind {
	case analysis.KindAdvise:
		opt := analysis.Options{Trials: pl.AdviceTrials}
		// The complete run on screen is the advisor's base run: the
		// advisor does not repeat it.
		if sh != nil && sh.result.Trials == pl.AdviceTrials {
			base := sh.result
			opt.Base = &base
		}
		return opt, nil
	case analysis.KindSweep:
		g := pl.Grid
		if !forReport {
			if !r.form.filled {
				r.fillSweepForm()
			}
			var err error
			if g, err = r.form.grid(sc); err != nil {
				return analysis.Options{}, err
			}
		}
		return analysis.Options{Trials: pl.SweepTrials, Grid: &g, Odds: pl.Odds}, nil
	default:
		return analysis.Options{Trials: pl.SensitivityTrials, Shift: pl.Shift}, nil
	}
}

// startAnalysis starts analysis kind of the scenario under edit in the
// analysis worker, replacing the one under way.
func (r *reviewState) startAnalysis(ctx app.Context, kind string) {
	sc, valid := r.host.reviewScenario()
	if !valid {
		r.err = "Fix the marked fields of the scenario first."
		return
	}
	if kind != analysis.KindAdvise && kind != analysis.KindSweep && kind != analysis.KindSensitivity {
		return
	}
	opt, err := r.analysisOptions(kind, sc, r.report != nil)
	if err != nil {
		r.form.problem = err.Error()
		r.formOpen = true
		return
	}
	text, err := model.Encode(sc)
	if err == nil {
		var o []byte
		if o, err = json.Marshal(opt); err == nil {
			r.cancelAnalysis("")
			r.launch(ctx, kind, sc, opt, text, o)
			return
		}
	}
	r.err = "The analysis could not start: " + err.Error()
	r.stopReport()
}

// launch hands one analysis to the client.
func (r *reviewState) launch(ctx app.Context, kind string, sc model.Scenario, opt analysis.Options, text, o []byte) {
	if r.client == nil {
		r.client = client.NewAnalysis(ctx.ResolveStaticResource(AnalysisWorkerScript))
	}
	t := r.gen.next()
	r.busy, r.done, r.total, r.err, r.note = kind, 0, 0, "", ""
	key := scenarioKey(sc)
	onDone := func(out []byte, err error) {
		r.dispatch(ctx, func(ctx app.Context) {
			if r.gen.current(t) {
				r.analysisDone(ctx, kind, sc, key, opt, out, err)
			}
		})
	}
	r.cancel = r.client.Start(kind, text, o, r.poster(ctx, t), onDone)
	if r.client.InPage() {
		r.note = "This browser runs the review on the page itself: it is slower, and the page may pause while the advisor runs."
	}
}

// dispatch runs f on the UI goroutine through the pane's context (the
// pane renders), or ctx's before the pane mounts.
func (r *reviewState) dispatch(ctx app.Context, f func(app.Context)) {
	if r.on {
		ctx = r.pane
	}
	ctx.Dispatch(f)
}

// poster returns the onProgress callback of the analysis with ticket t:
// callable from any goroutine, it shows (done, total) at most every
// reviewProgressEvery (and always the last), rendering the pane alone.
func (r *reviewState) poster(ctx app.Context, t ticket) func(done, total int) {
	var mu sync.Mutex
	var last time.Time
	pane, page, alone := ctx, r.page, r.on && r.pageOn
	if alone {
		pane = r.pane
	}
	return func(done, total int) {
		mu.Lock()
		now := time.Now()
		skip := done < total && now.Sub(last) < reviewProgressEvery
		if !skip {
			last = now
		}
		mu.Unlock()
		if skip {
			return
		}
		pane.Dispatch(func(ctx app.Context) {
			if !r.gen.current(t) {
				ctx.PreventUpdate()
				return
			}
			r.done, r.total = done, total
			if alone {
				// Dispatch marked the pane and the page: take the page's
				// back, the pane renders alone.
				page.PreventUpdate()
			}
		})
	}
}

// cancelAnalysis stops the analysis under way, if any, with a note.
func (r *reviewState) cancelAnalysis(note string) {
	if r.busy == "" {
		return
	}
	r.gen.stop()
	if r.cancel != nil {
		r.cancel()
	}
	r.busy, r.cancel, r.note = "", nil, note
}

// analysisDone shows an analysis's answer, then draws its charts off the
// Render path, one at a time; a review report being prepared goes on.
func (r *reviewState) analysisDone(ctx app.Context, kind string, sc model.Scenario, key string, opt analysis.Options, out []byte, err error) {
	r.busy, r.cancel = "", nil
	if err != nil {
		r.err = "The analysis failed: " + err.Error()
		r.stopReport()
		return
	}
	switch kind {
	case analysis.KindAdvise:
		rep, err := analysis.DecodeAdvice(out)
		if err != nil {
			r.err = err.Error()
			r.stopReport()
			return
		}
		r.advice = &reviewAdvice{key: key, report: rep, together: togetherOf(sc, rep.Together), cards: findingViews(sc, rep)}
	case analysis.KindSweep:
		res, err := analysis.DecodeSweep(out)
		if err != nil {
			r.err = err.Error()
			r.stopReport()
			return
		}
		sw := &reviewSweep{key: key, opt: opt, sc: sc, result: res, smallest: smallestText(sc, res)}
		r.sweep = sw
		r.drawSweep(ctx, sw, narrowScreen())
	case analysis.KindSensitivity:
		res, err := analysis.DecodeSensitivity(out)
		if err != nil {
			r.err = err.Error()
			r.stopReport()
			return
		}
		se := &reviewSens{key: key, opt: opt, sc: sc, result: res}
		r.sens = se
		r.drawSens(ctx, se, narrowScreen())
	}
	if r.report != nil {
		r.continueReport(ctx)
	}
}

// requestReport starts the review report of the scenario under edit: it
// runs what the report lacks (continueReport), then downloads it.
func (r *reviewState) requestReport(ctx app.Context) {
	sc, valid := r.host.reviewScenario()
	if !valid {
		r.err = "Fix the marked fields of the scenario first."
		return
	}
	if r.busy != "" || r.exporting {
		return
	}
	r.err, r.note = "", ""
	r.report = &reportJob{key: scenarioKey(sc), base: pageBaseURL(ctx)}
	r.continueReport(ctx)
}

// stopReport forgets the review report being prepared, if any.
func (r *reviewState) stopReport() {
	if r.report != nil && r.busy == reviewWaitRun {
		r.busy = ""
	}
	r.report = nil
}

// reportMissing is the analysis the review report of sc still lacks,
// given its complete run sh, or "" when it has them all: the answers on
// screen count when they are of sc with the options the report would ask
// for.
func (r *reviewState) reportMissing(sc model.Scenario, sh *shownResult) string {
	key := scenarioKey(sc)
	pl := plan(sc, sh)
	if a := r.advice; a == nil || a.key != key || a.report.Trials != pl.AdviceTrials {
		return analysis.KindAdvise
	}
	if s := r.sweep; s == nil || s.key != key || s.opt.Trials != pl.SweepTrials || s.opt.Odds != pl.Odds ||
		s.opt.Grid == nil || !reflect.DeepEqual(*s.opt.Grid, pl.Grid) {
		return analysis.KindSweep
	}
	if s := r.sens; s == nil || s.key != key || s.opt.Trials != pl.SensitivityTrials || s.opt.Shift != pl.Shift {
		return analysis.KindSensitivity
	}
	return ""
}

// continueReport takes the review report one step on: it waits for the
// complete run of the scenario (asking for it when none is under way),
// runs the first analysis the report lacks, or writes the report.
func (r *reviewState) continueReport(ctx app.Context) {
	j := r.report
	if j == nil {
		return
	}
	sc, valid := r.host.reviewScenario()
	if !valid || scenarioKey(sc) != j.key {
		r.stopReport()
		r.note = "The scenario changed while the report was prepared; no report was downloaded. Download it again for the scenario as it is now."
		return
	}
	sh := r.complete(j.key)
	if sh == nil {
		_, running := r.host.reviewRun(j.key)
		if !running && j.ranRun {
			r.stopReport()
			r.err = "The run of this scenario did not finish, so no report was downloaded. Run it to the end, then download the report."
			return
		}
		if !running {
			j.ranRun = true
			r.host.runNow(ctx)
		}
		j.step = 1
		r.busy, r.done, r.total = reviewWaitRun, 0, 0
		return
	}
	if r.busy == reviewWaitRun {
		r.busy = ""
	}
	switch kind := r.reportMissing(sc, sh); kind {
	case analysis.KindAdvise, analysis.KindSweep, analysis.KindSensitivity:
		if j.ran[kind] {
			// Its answer does not match what it asked: never loop.
			r.stopReport()
			r.err = "The review report could not be completed: the " + kind + " it ran does not match rollout report's. Please report this."
			return
		}
		if j.ran == nil {
			j.ran = map[string]bool{}
		}
		j.ran[kind] = true
		j.step = map[string]int{analysis.KindAdvise: 2, analysis.KindSweep: 3, analysis.KindSensitivity: 4}[kind]
		r.startAnalysis(ctx, kind)
		return
	}
	r.report = nil
	r.exportReview(ctx, r.reviewReportInput(sh, j.base))
}

// exportReview writes the review report in, off the UI path, and saves
// it.
func (r *reviewState) exportReview(ctx app.Context, in report.Input) {
	name := fileBase(in.Scenario.Name) + ".review.html"
	r.exporting = true
	ctx.Async(func() {
		time.Sleep(time.Millisecond) // let the button show it is busy
		var buf bytes.Buffer
		err := report.Write(&buf, in)
		r.dispatch(ctx, func(ctx app.Context) {
			r.exporting = false
			if err != nil {
				r.err = "The review report could not be written: " + err.Error()
				return
			}
			save := r.save
			if save == nil {
				save = saveFile
			}
			save(download{Name: name, Type: "text/html", Data: buf.Bytes()})
		})
	})
}

// drawCharts runs draw on a goroutine (charts are slow to lay out: never
// in Render or a handler) and hands the charts to show on the UI
// goroutine, unless gen started newer drawings meanwhile.
func (r *reviewState) drawCharts(ctx app.Context, gen *generation, draw func(add func(reviewChart)), show func([]reviewChart)) {
	t := gen.next()
	ctx.Async(func() {
		time.Sleep(time.Millisecond) // let the answer's text paint first
		var cs []reviewChart
		draw(func(c reviewChart) { cs = append(cs, c) })
		ctx.Dispatch(func(ctx app.Context) {
			if gen.current(t) {
				show(cs)
			}
		})
	})
}

// drawSweep draws the sweep's heat maps off the Render path, compact
// for a narrow screen (charts.SweepSVGCompact), else at the slide size.
func (r *reviewState) drawSweep(ctx app.Context, sw *reviewSweep, narrow bool) {
	res := sw.result
	r.drawCharts(ctx, &r.sweepDraw, func(add func(reviewChart)) {
		for _, m := range []struct {
			id, title string
			metric    charts.SweepMetric
		}{
			{sweepComplianceID, "SLA compliance per configuration (share of months meeting the target)", charts.SweepCompliance},
			{sweepHardDownID, "Chance of hard downtime per configuration (share of months with a moment of no warm instance)", charts.SweepHardDown},
		} {
			draw := charts.SweepSVG
			if narrow {
				draw = charts.SweepSVGCompact
			}
			svg, err := draw(res, m.metric)
			c := chartOf(m.id, m.title, svg, err)
			c.compact = narrow
			add(c)
			time.Sleep(time.Millisecond) // let the page paint between charts
		}
	}, func(cs []reviewChart) { sw.charts = cs })
}

// drawSens draws the sensitivity study's tornado off the Render path,
// compact for a narrow screen (charts.TornadoSVGCompact), else at the
// slide size.
func (r *reviewState) drawSens(ctx app.Context, se *reviewSens, narrow bool) {
	res := se.result
	ran := se.sc.Clone() // the study's runs, for the chart's subtitle
	ran.Trials = min(se.sc.Trials, se.opt.Trials)
	r.drawCharts(ctx, &r.sensDraw, func(add func(reviewChart)) {
		draw := charts.TornadoSVG
		if narrow {
			draw = charts.TornadoSVGCompact
		}
		svg, err := draw(res, ran)
		c := chartOf(tornadoID, "Change of mean bad minutes a month with each input shifted down and up", svg, err)
		c.compact = narrow
		add(c)
	}, func(cs []reviewChart) { se.charts = cs })
}

// redrawForWidth draws the review's charts again when they were drawn for
// the other side of NarrowQuery than narrow (the window was resized
// across it); it reports whether it does.
func (r *reviewState) redrawForWidth(ctx app.Context, narrow bool) bool {
	redraw := false
	if sw := r.sweep; sw != nil && len(sw.charts) > 0 && sw.charts[0].compact != narrow {
		r.drawSweep(ctx, sw, narrow)
		redraw = true
	}
	if se := r.sens; se != nil && len(se.charts) > 0 && se.charts[0].compact != narrow {
		r.drawSens(ctx, se, narrow)
		redraw = true
	}
	return redraw
}

// chartOf is a chart's figure from package charts' output.
func chartOf(id, title string, svg []byte, err error) reviewChart {
	c := reviewChart{ID: id, Title: title}
	if err != nil {
		c.Err = err.Error()
	} else {
		c.SVG = svgMarkup(svg)
	}
	return c
}

// goToField scrolls to the form field with id and focuses it.
func (r *reviewState) goToField(ctx app.Context, id string) {
	if !focusField(ctx, id) {
		r.host.say("That field is not in the scenario any more.")
	}
}

// focusField scrolls to the element with id, focuses it and flashes it;
// false when the page has no such element.
func focusField(ctx app.Context, id string) bool {
	if !app.IsClient {
		return true
	}
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		return false
	}
	el.Call("scrollIntoView", map[string]any{"behavior": "smooth", "block": "center"})
	el.Call("focus", map[string]any{"preventScroll": true})
	el.Get("classList").Call("add", "field-flash")
	ctx.After(1500*time.Millisecond, func(ctx app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Get("classList").Call("remove", "field-flash")
		}
	})
	return true
}

// pageBaseURL is the page's own address without its fragment: the review
// report's link back appends the scenario to it.
func pageBaseURL(ctx app.Context) string {
	u := ctx.Page().URL()
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	c := *u
	c.Fragment, c.RawFragment = "", ""
	return c.String()
}
