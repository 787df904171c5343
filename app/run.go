package app

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/worker/chartdraw"
	"rolloutplanner/worker/client"
	"rolloutplanner/worker/sim"
)

// Debounce is the pause after an edit before the run starts: typing a
// number does not start a run per keystroke.
const Debounce = 400 * time.Millisecond

// AdaptiveCap is the most trials the adaptive mode runs.
const AdaptiveCap = model.MaxTrials

// OverflowText is what the page says instead of figures when a run's
// sums overflowed (planner.ErrOverflow).
const OverflowText = "The durations are too large to add up; shorten them."

// runFunc runs trials [a, b) of s after those of prev (nil: none) and
// hands over the Outcome reduced where the trials ran (worker/client's Pool.Run):
// the page's thread never merges, sorts or reduces trials. Its callbacks
// may be called from any goroutine or JavaScript callback.
type runFunc func(s model.Scenario, prev *client.Outcome, a, b int,
	onProgress func(done, total int), onDone func(*client.Outcome, error)) *client.Job

// runState is the run under way and what the run bar shows.
type runState struct {
	state     string     // one of the State* constants
	gen       generation // every new run takes a ticket; callbacks of older runs are ignored
	job       *client.Job
	progress  runProgress // trials done and to do, shown by the run bar alone
	adaptive  bool        // the run continues until the interval is narrow
	cancelled bool        // the job under way reduces a cancelled run's trials

	out    *client.Outcome // the last run's trials, for the adaptive mode
	outKey string          // scenarioKey(with trials 0) of out
	key    string          // scenarioKey of the run under way or shown
	// doneKey is the scenarioKey of the results on screen when they are
	// complete (not cut short by a cancel); "" otherwise.
	doneKey string
	// partial is the estimate of the first trials of the run under way
	// (client.Job.OnPartial), shown above the last result's charts until
	// the run ends.
	partial partialView
	// charts is the chart worker, started after the first figure; nil
	// before.
	charts *client.ChartWorker
}

// partialView is the partial estimate on screen, if any, and the results
// pane that shows it: an estimate re-renders that pane alone.
type partialView struct {
	cur    *partialResult // nil when none is shown
	pane   app.Context    // the mounted results pane's context
	paneOn bool           // pane is set
}

// partialResult is a partial estimate on screen: the Result of the first
// result.Trials of total trials of the run under way, and its cards.
type partialResult struct {
	result planner.Result
	cards  []cardView
	total  int
}

// scenarioKey identifies a scenario's runs: its JSON.
func scenarioKey(s model.Scenario) string {
	b, err := model.Encode(s)
	if err != nil {
		return ""
	}
	return string(b)
}

// trialFreeKey identifies the trials a scenario draws regardless of
// their number: results of any trial count of it extend each other.
func trialFreeKey(s model.Scenario) string {
	s.Trials = 0
	return scenarioKey(s)
}

// scheduleRun starts a run of the scenario after debounce, unless another
// change comes first. An invalid scenario stops the run under way.
func (p *Planner) scheduleRun(ctx app.Context, debounce time.Duration) {
	t := p.run.gen.next()
	p.run.adaptive = false
	if !p.sess.valid() {
		p.stopJob()
		p.run.state = StateInvalid
		return
	}
	key := scenarioKey(p.sess.sc)
	if p.shown != nil && key == p.run.doneKey && p.run.job == nil {
		p.run.state = StateDone // back to the scenario on screen
		return
	}
	p.run.state = StateRunning
	ctx.After(debounce, func(ctx app.Context) {
		if p.run.gen.current(t) {
			p.startRun(ctx, false)
		}
	})
}

// stopJob cancels the job under way, if any, ignoring its results.
func (p *Planner) stopJob() {
	job := p.run.job
	p.run.job = nil
	job.Cancel()
	p.dropPartial()
}

// startRun runs the scenario under edit: all its trials, or with
// adaptive, more trials of the last run until the service's SLA
// compliance is within ±0.5 points.
func (p *Planner) startRun(ctx app.Context, adaptive bool) {
	if !p.sess.valid() || p.runTrials == nil {
		return
	}
	p.run.gen.stop()
	p.stopJob()
	sc := p.sess.sc.Clone()
	p.run.adaptive = adaptive
	if adaptive && p.extendable(sc) {
		out := p.run.out
		next, more := client.NeedMore(p.shown.result.Service.SLACompliance, out.Trials, AdaptiveCap)
		if !more {
			p.run.adaptive = false
			p.run.state = StateDone
			p.notice = adaptiveDoneText(p.shown.result.Service.SLACompliance, out.Trials)
			return
		}
		a, b := out.NextRange(next)
		p.launch(ctx, sc, out, a, b)
		return
	}
	p.launch(ctx, sc, nil, 0, sc.Trials)
}

// extendable reports whether the adaptive mode can add trials to the
// last run's: same scenario but for its trials, results on screen from
// exactly those trials, and trials [0, n) without gaps (a cancelled run
// starts over, so that the final numbers are those of rollout -json with
// n trials).
func (p *Planner) extendable(sc model.Scenario) bool {
	out := p.run.out
	if out == nil || p.shown == nil || p.run.outKey != trialFreeKey(sc) || p.shown.result.Trials != out.Trials {
		return false
	}
	return contiguous(out)
}

// contiguous reports whether out holds trials [0, n) without gaps.
func contiguous(out *client.Outcome) bool {
	r := out.Ranges
	return len(r) == 1 && r[0][0] == 0 && r[0][1] == out.Trials
}

// launch starts trials [a, b) of sc after those of prev.
func (p *Planner) launch(ctx app.Context, sc model.Scenario, prev *client.Outcome, a, b int) {
	t := p.run.gen.next()
	p.dropPartial()
	p.run.state = StateRunning
	p.run.cancelled = false
	p.run.key = scenarioKey(sc)
	base := 0
	if prev != nil {
		base = prev.Trials
	}
	p.run.progress.set(base, base+(b-a))
	onProgress := p.run.progress.poster(&p.run.gen, t)
	p.run.job = p.runTrials(sc, prev, a, b, onProgress, p.onRunDone(ctx, sc, t))
	if prev == nil && a == 0 {
		p.run.job.OnPartial(p.onRunPartial(ctx, t))
	}
}

// onRunPartial returns the OnPartial callback of the run with ticket t:
// the estimate of the run's first trials goes on screen (cards only,
// marked partial) while the run goes on, re-rendering the results pane
// alone; the job throttles them (client.PartialInterval), and the final
// result replaces them.
func (p *Planner) onRunPartial(ctx app.Context, t ticket) func(*client.Outcome) {
	pv := &p.run.partial
	via, alone := ctx, pv.paneOn
	if alone {
		via = pv.pane
	}
	return func(out *client.Outcome) {
		via.Dispatch(func(c app.Context) {
			if !p.run.gen.current(t) || p.run.adaptive || p.run.state != StateRunning {
				c.PreventUpdate()
				return
			}
			pv.cur = &partialResult{result: out.Result, cards: cardsFor(out.Result), total: p.run.progress.total}
			if alone {
				// Dispatch marked the pane and the page for an update:
				// take the page's back, the pane renders alone.
				ctx.PreventUpdate()
			}
		})
	}
}

// dropPartial takes the partial estimate, if any, off the screen.
func (p *Planner) dropPartial() {
	if p.run.partial.cur != nil {
		p.run.partial.cur = nil
		p.shownSeq++
	}
}

// onRunDone returns the onDone callback of the run of sc with ticket t.
func (p *Planner) onRunDone(ctx app.Context, sc model.Scenario, t ticket) func(*client.Outcome, error) {
	return func(out *client.Outcome, err error) {
		ctx.Dispatch(func(ctx app.Context) {
			if p.run.gen.current(t) {
				p.finished(ctx, sc, out, err)
			}
		})
	}
}

// finished takes a job's end and shows its trials, reduced in a worker:
// it continues an adaptive run or marks the run done. A cancelled run's
// trials come unreduced; a worker reduces them first (a run of no new
// trials), and the page shows them as cancelled.
func (p *Planner) finished(ctx app.Context, sc model.Scenario, out *client.Outcome, err error) {
	p.run.job = nil
	cancelled := errors.Is(err, client.ErrCancelled)
	if err != nil && !cancelled {
		p.run.state = StateError
		p.run.adaptive = false
		p.notice = "The run failed: " + err.Error()
		if errors.Is(err, planner.ErrOverflow) {
			p.notice = OverflowText
		}
		return
	}
	if out == nil || out.Trials == 0 {
		p.run.state = StateCancelled
		p.run.adaptive = false
		return
	}
	if cancelled && !out.Reduced() {
		// Summarise the finished part in a worker; its onDone comes back
		// here without an error and is shown as cancelled.
		p.run.adaptive = false
		p.run.cancelled = true
		t := p.run.gen.next()
		p.run.job = p.runTrials(sc, out, 0, 0, nil, p.onRunDone(ctx, sc, t))
		return
	}
	cancelled = cancelled || p.run.cancelled
	p.run.cancelled = false
	p.run.out, p.run.outKey = out, trialFreeKey(sc)
	p.run.progress.set(out.Trials, p.run.progress.total)
	adaptive := p.run.adaptive && !cancelled
	if adaptive {
		// Between rounds only the SLA interval matters: skip the cards
		// and charts.
		if next, more := client.NeedMore(out.Result.Service.SLACompliance, out.Trials, AdaptiveCap); more {
			a, b := out.NextRange(next)
			p.launch(ctx, sc, out, a, b)
			return
		}
	}
	t := p.run.gen.next() // the drawing below is this run's last step
	show := func(r *shownResult) {
		ctx.Dispatch(func(ctx app.Context) {
			if !p.run.gen.current(t) {
				return
			}
			p.run.partial.cur = nil
			p.showResult(r)
			p.run.doneKey = ""
			switch {
			case cancelled:
				p.run.state = StateCancelled
				p.run.adaptive = false
			case adaptive:
				p.run.doneKey = scenarioKey(sc)
				p.endAdaptive(ctx, sc, out)
			default:
				p.run.doneKey = scenarioKey(sc)
				p.run.state = StateDone
			}
			p.startChartWorker(ctx)
		})
	}
	if p.drawInWorker(ctx, sc, out, show) {
		return
	}
	ctx.Async(func() { show(reduce(sc, out)) })
}

// startChartWorker starts the chart worker once a figure is on screen
// (never before, so that its download and compilation never delay the
// first figure); the next runs' charts are drawn there.
func (p *Planner) startChartWorker(ctx app.Context) {
	if !app.IsClient || p.run.charts != nil {
		return
	}
	p.run.charts = client.NewChartWorker(ctx.ResolveStaticResource(ChartScript))
	ctx.After(100*time.Millisecond, func(app.Context) { p.run.charts.Start() })
}

// drawInWorker has the chart worker draw out's charts, when it is ready,
// and hands show the result; the page checks each chart's markup
// (charts.CheckSVG) a chart at a time, yielding in between. When the
// worker fails, the page draws the charts itself (reduce). It reports
// false, doing nothing, when the worker is not ready.
func (p *Planner) drawInWorker(ctx app.Context, sc model.Scenario, out *client.Outcome, show func(*shownResult)) bool {
	cw := p.run.charts
	if cw == nil || !cw.Ready() {
		return false
	}
	sum := sim.Summary{Result: out.Result, Charts: out.Charts}
	b, err := sum.MarshalBinary()
	if err != nil {
		return false
	}
	text, err := model.Encode(sc)
	if err != nil {
		return false
	}
	return cw.Draw(b, string(text), func(answer []byte, err error) {
		ctx.Async(func() {
			r, err2 := fromDrawn(sc, out, answer, err)
			if err2 != nil {
				app.Logf("rollout planner: %v; the page draws the charts", err2)
				r = reduce(sc, out)
			}
			show(r)
		})
	})
}

// fromDrawn builds what the page shows from the chart worker's answer
// (err: the worker's failure): the cards, and every chart's SVG checked
// by charts.CheckSVG, one chart per step with a yield in between.
func fromDrawn(sc model.Scenario, out *client.Outcome, answer []byte, err error) (*shownResult, error) {
	if err != nil {
		return nil, err
	}
	drawn, err := chartdraw.Unmarshal(answer)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]chartdraw.Drawn, len(drawn))
	for _, d := range drawn {
		byID[d.ID] = d
	}
	r := &shownResult{scenario: sc, result: out.Result, data: out.Charts, drawnBy: ChartsByWorker}
	r.cards = cardsFor(r.result)
	for _, spec := range charts.Specs(r.data) {
		spec.Scenario = &r.scenario
		d, ok := byID[spec.ID()]
		if !ok {
			return nil, fmt.Errorf("the chart worker did not draw chart %q", spec.ID())
		}
		time.Sleep(time.Millisecond)
		if err := d.Check(); err != nil {
			return nil, err
		}
		c := chartView{ID: spec.ID(), Title: spec.Title, spec: spec, Err: d.Err}
		if d.SVG != "" {
			c.SVG = svgMarkup([]byte(d.SVG))
		}
		r.charts = append(r.charts, c)
	}
	return r, nil
}

// endAdaptive ends the adaptive mode: the scenario's trials become the
// trials run, so that the link and the exported scenario reproduce the
// numbers on screen.
func (p *Planner) endAdaptive(ctx app.Context, sc model.Scenario, out *client.Outcome) {
	sla := p.shown.result.Service.SLACompliance
	p.run.adaptive = false
	p.run.state = StateDone
	p.notice = adaptiveDoneText(sla, out.Trials)
	if contiguous(out) && p.sess.sc.Trials != out.Trials && trialFreeKey(p.sess.sc) == trialFreeKey(sc) {
		p.sess.setTrials(out.Trials)
		p.run.key = scenarioKey(p.sess.sc)
		p.run.doneKey = p.run.key
		p.updateLink(ctx)
	}
}

// adaptiveDoneText says how the adaptive mode ended.
func adaptiveDoneText(sla planner.Proportion, trials int) string {
	half := (sla.Hi - sla.Lo) / 2
	if half <= client.TargetHalfWidth+1e-12 {
		return "SLA compliance is known within ±" + pointsText(half) + " after " + Count(trials) + " trials."
	}
	return "Stopped at the cap of " + Count(trials) + " trials; SLA compliance is known within ±" + pointsText(half) + "."
}

// pointsText formats a half-width (a share) in percentage points.
func pointsText(half float64) string {
	return strconv.FormatFloat(100*half, 'f', 2, 64) + " points"
}

// reduce turns a reduced Outcome into what the page shows: the result,
// the cards and every chart's SVG. It plots, so it runs on a goroutine,
// and it sleeps a moment between charts so that the browser can paint and
// handle input in between (Go's WebAssembly does not pre-empt).
func reduce(sc model.Scenario, out *client.Outcome) *shownResult {
	r := &shownResult{scenario: sc, result: out.Result, data: out.Charts, drawnBy: ChartsByPage}
	r.cards = cardsFor(r.result)
	for _, spec := range charts.Specs(r.data) {
		time.Sleep(time.Millisecond)
		spec.Scenario = &r.scenario // the subtitle states the facts of the scenario run
		c := chartView{ID: spec.ID(), Title: spec.Title, spec: spec}
		svg, err := charts.SVG(spec, r.data)
		if err != nil {
			c.Err = err.Error()
		} else {
			c.SVG = svgMarkup(svg)
		}
		r.charts = append(r.charts, c)
	}
	return r
}
