package app

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/report"
	"rolloutplanner/worker/analysis"
)

// reviewProgressEvery is the shortest time between two progress updates
// of the review on screen (the last one always shows).
const reviewProgressEvery = 100 * time.Millisecond

// handleReviewActions registers the capacity review's action handlers.
func (p *Planner) handleReviewActions(ctx app.Context) {
	ctx.Handle(actReview, func(ctx app.Context, a app.Action) {
		if kind, ok := a.Value.(string); ok {
			p.startAnalysis(ctx, kind)
		}
	})
	ctx.Handle(actReviewCancel, func(ctx app.Context, a app.Action) {
		p.cancelAnalysis("Cancelled; the results below are from earlier analyses.")
	})
	ctx.Handle(actSweepToggle, func(ctx app.Context, a app.Action) {
		r := &p.review
		r.formOpen = !r.formOpen
		if r.formOpen && (!r.form.filled || r.form.role >= len(p.sess.sc.Roles)) {
			p.fillSweepForm()
		}
	})
	ctx.Handle(actSweepForm, func(ctx app.Context, a app.Action) {
		if e, ok := a.Value.(sweepFormEdit); ok {
			if !p.review.form.filled {
				p.fillSweepForm()
			}
			p.review.form.edit(e)
		}
	})
	ctx.Handle(actReviewReport, func(ctx app.Context, a app.Action) {
		p.exportReview(ctx)
	})
	ctx.Handle(actGoToField, func(ctx app.Context, a app.Action) {
		if id, ok := a.Value.(string); ok {
			p.goToField(ctx, id)
		}
	})
}

// fillSweepForm puts the review report's default grid in the sweep form.
func (p *Planner) fillSweepForm() {
	sc := p.sess.sc
	if p.shown != nil && scenarioKey(p.shown.scenario) == scenarioKey(sc) {
		p.review.form = defaultSweepForm(sc, p.shown.result)
		return
	}
	p.review.form = defaultSweepForm(sc, planner.Result{})
}

// startAnalysis starts analysis kind of the scenario under edit in the
// analysis worker, replacing the one under way.
func (p *Planner) startAnalysis(ctx app.Context, kind string) {
	r := &p.review
	if !p.sess.valid() {
		r.err = "Fix the marked fields of the scenario first."
		return
	}
	sc := p.sess.sc.Clone()
	key := scenarioKey(sc)
	var opt analysis.Options
	switch kind {
	case analysis.KindAdvise:
		// The run on screen is the advisor's base run when it is complete
		// and of this very scenario: the advisor does not repeat it.
		if p.shown != nil && p.run.doneKey == key && p.shown.result.Trials == sc.Trials {
			base := p.shown.result
			opt.Base = &base
		}
	case analysis.KindSweep:
		if !r.form.filled {
			p.fillSweepForm()
		}
		g, err := r.form.grid(sc)
		if err != nil {
			r.form.problem = err.Error()
			r.formOpen = true
			return
		}
		opt.Grid = &g
	case analysis.KindSensitivity:
	default:
		return
	}
	text, err := model.Encode(sc)
	if err == nil {
		var o []byte
		if o, err = json.Marshal(opt); err == nil {
			p.cancelAnalysis("")
			p.launchAnalysis(ctx, kind, sc, key, text, o)
			return
		}
	}
	r.err = "The analysis could not start: " + err.Error()
}

// launchAnalysis hands one analysis to the client.
func (p *Planner) launchAnalysis(ctx app.Context, kind string, sc model.Scenario, key string, text, opt []byte) {
	r := &p.review
	if r.client == nil {
		r.client = newAnalysisClient(ctx.ResolveStaticResource(AnalysisWorkerScript))
	}
	t := r.gen.next()
	r.busy, r.done, r.total, r.err, r.note = kind, 0, 0, "", ""
	onProgress := func(done, total int) {
		ctx.Dispatch(func(ctx app.Context) {
			if !r.gen.current(t) || (done < total && time.Since(r.lastDone) < reviewProgressEvery) {
				return
			}
			r.done, r.total, r.lastDone = done, total, time.Now()
		})
	}
	onDone := func(out []byte, err error) {
		ctx.Dispatch(func(ctx app.Context) {
			if r.gen.current(t) {
				p.analysisDone(ctx, kind, sc, key, out, err)
			}
		})
	}
	r.cancel = r.client.start(kind, text, opt, onProgress, onDone)
	if r.client.inPage() {
		r.note = "This browser runs the review on the page itself: it is slower, and the page may pause while the advisor runs."
	}
}

// cancelAnalysis stops the analysis under way, if any, with a note.
func (p *Planner) cancelAnalysis(note string) {
	r := &p.review
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
// Render path, one at a time.
func (p *Planner) analysisDone(ctx app.Context, kind string, sc model.Scenario, key string, out []byte, err error) {
	r := &p.review
	r.busy, r.cancel = "", nil
	if err != nil {
		r.err = "The analysis failed: " + err.Error()
		return
	}
	switch kind {
	case analysis.KindAdvise:
		rep, err := analysis.DecodeAdvice(out)
		if err != nil {
			r.err = err.Error()
			return
		}
		r.advice = &reviewAdvice{key: key, report: rep, cards: findingViews(sc, rep)}
	case analysis.KindSweep:
		res, err := analysis.DecodeSweep(out)
		if err != nil {
			r.err = err.Error()
			return
		}
		sw := &reviewSweep{key: key, sc: sc, result: res, smallest: smallestText(sc, res)}
		r.sweep = sw
		p.drawCharts(ctx, &r.sweepDraw, func(add func(reviewChart)) {
			for _, m := range []struct {
				id, title string
				metric    charts.SweepMetric
			}{
				{sweepComplianceID, "SLA compliance per configuration (share of months meeting the target)", charts.SweepCompliance},
				{sweepHardDownID, "Chance of hard downtime per configuration (share of months with a moment of no warm instance)", charts.SweepHardDown},
			} {
				svg, err := charts.SweepSVG(res, m.metric)
				add(chartOf(m.id, m.title, svg, err))
				time.Sleep(time.Millisecond) // let the page paint between charts
			}
		}, func(cs []reviewChart) { sw.charts = cs })
	case analysis.KindSensitivity:
		res, err := analysis.DecodeSensitivity(out)
		if err != nil {
			r.err = err.Error()
			return
		}
		se := &reviewSens{key: key, sc: sc, result: res}
		r.sens = se
		ran := sc.Clone() // the study's runs, for the chart's subtitle
		ran.Trials = min(sc.Trials, analysis.WhatIfTrials)
		p.drawCharts(ctx, &r.sensDraw, func(add func(reviewChart)) {
			svg, err := charts.TornadoSVG(res, ran)
			add(chartOf(tornadoID, "Change of mean bad minutes a month with each input shifted down and up", svg, err))
		}, func(cs []reviewChart) { se.charts = cs })
	}
}

// drawCharts runs draw on a goroutine (charts are slow to lay out: never
// in Render or a handler) and hands the charts to show on the UI
// goroutine, unless gen started newer drawings meanwhile.
func (p *Planner) drawCharts(ctx app.Context, gen *generation, draw func(add func(reviewChart)), show func([]reviewChart)) {
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
func (p *Planner) goToField(ctx app.Context, id string) {
	if !app.IsClient {
		return
	}
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		p.notice = "That field is not in the scenario any more."
		return
	}
	el.Call("scrollIntoView", map[string]any{"behavior": "smooth", "block": "center"})
	el.Call("focus", map[string]any{"preventScroll": true})
	el.Get("classList").Call("add", "field-flash")
	ctx.After(1500*time.Millisecond, func(ctx app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Get("classList").Call("remove", "field-flash")
		}
	})
}

// exportReview writes the review report of the results on screen, off
// the UI path, and saves it.
func (p *Planner) exportReview(ctx app.Context) {
	r := &p.review
	if p.shown == nil {
		p.notice = "There are no results yet; wait for the run to finish."
		return
	}
	in := p.reviewReportInput(pageBaseURL(ctx))
	name := fileBase(in.Scenario.Name) + ".review.html"
	r.exporting = true
	ctx.Async(func() {
		time.Sleep(time.Millisecond) // let the button show it is busy
		var buf bytes.Buffer
		err := report.Write(&buf, in)
		ctx.Dispatch(func(ctx app.Context) {
			r.exporting = false
			if err != nil {
				p.notice = "The review report could not be written: " + err.Error()
				return
			}
			saveFile(download{Name: name, Type: "text/html", Data: buf.Bytes()})
		})
	})
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
