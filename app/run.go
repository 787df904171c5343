package app

import (
	"errors"
	"fmt"
	"rolloutplanner/internal/headline"
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

// runControl is the page's run: it runs the scenario under edit after
// each change (schedule) or on demand (start), follows the job under way
// and its progress, shows its partial estimates, carries the adaptive
// mode from round to round and hands each finished result to its host.
// The page holds one and calls schedule, start, cancel and close; the
// run bar and the results pane read its state. Its state changes only on
// the UI goroutine.
type runControl struct {
	host   runHost  // the page
	trials *runFunc // the page's runner (Planner.runTrials); nil before attach

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

// runHost is what the run needs of the page.
type runHost interface {
	// runScenario is the scenario under edit (not a copy) and whether it
	// is valid.
	runScenario() (model.Scenario, bool)
	// runShown is the results on screen, nil before the first.
	runShown() *shownResult
	// showResult puts a finished run's results on screen.
	showResult(r *shownResult)
	// partialChanged says that the partial estimate on screen changed or
	// left it: the results pane renders again.
	partialChanged()
	// adoptTrials makes n the trials of the scenario under edit when it
	// is sc but for its trials, and updates the link; it returns the
	// scenario's new scenarioKey, or false when it changed nothing.
	adoptTrials(ctx app.Context, sc model.Scenario, n int) (key string, ok bool)
	// say shows a message in the page's notice.
	say(msg string)
	// narrowCharts reports whether the screen is narrow: the charts are
	// then drawn compact (NarrowQuery).
	narrowCharts() bool
}

// attach gives the run its host and the host's runner (read at each
// run's start, so that it may be set later).
func (rc *runControl) attach(h runHost, trials *runFunc) {
	rc.host, rc.trials = h, trials
}

// mount lets the run bar post its progress through the live page's ctx.
func (rc *runControl) mount(ctx app.Context) {
	rc.progress.page, rc.progress.live = ctx, true
}

// idle reports whether no run is under way or about to start.
func (rc *runControl) idle() bool {
	return rc.job == nil && rc.state != StateRunning
}

// cancel stops the run under way: the job's onDone shows the trials
// finished so far; a run waiting for its pause to end does not start.
func (rc *runControl) cancel() {
	rc.adaptive = false
	if rc.job != nil {
		rc.job.Cancel() // onDone reports the trials finished so far
	} else if rc.state == StateRunning {
		rc.gen.stop() // a run waiting for its pause to end
		rc.state = StateCancelled
	}
}

// close cancels the job under way, if any, when the page goes away.
func (rc *runControl) close() { rc.job.Cancel() }

// partialView is the partial estimate on screen, if any, and the results
// pane that shows it: an estimate re-renders that pane alone.
type partialView struct {
	cur    *partialResult // nil when none is shown
	pane   app.Context    // the mounted results pane's context
	paneOn bool           // pane is set
}

// partialResult is a partial estimate on screen: the Result of the first
// result.Trials of total trials of the run under way, and its cards. With
// result.Trials == total it is the run's final figures, shown while its
// charts are drawn.
type partialResult struct {
	result planner.Result
	cards  []headline.Card
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

// schedule starts a run of the scenario under edit after debounce, unless
// another change comes first. An invalid scenario stops the run under way.
func (rc *runControl) schedule(ctx app.Context, debounce time.Duration) {
	t := rc.gen.next()
	rc.adaptive = false
	sc, valid := rc.host.runScenario()
	if !valid {
		rc.stop()
		rc.state = StateInvalid
		return
	}
	key := scenarioKey(sc)
	if rc.host.runShown() != nil && key == rc.doneKey && rc.job == nil {
		rc.state = StateDone // back to the scenario on screen
		return
	}
	rc.state = StateRunning
	if debounce <= 0 && rc.progress.barOn && rc.partial.paneOn {
		// At once, before the page renders the change: the workers run
		// while the editor renders. (Not before the run bar and the
		// results pane are mounted: the run's progress and estimates
		// go to them.)
		rc.start(ctx, false)
		return
	}
	ctx.After(debounce, func(ctx app.Context) {
		if rc.gen.current(t) {
			rc.start(ctx, false)
		}
	})
}

// stop cancels the job under way, if any, ignoring its results.
func (rc *runControl) stop() {
	job := rc.job
	rc.job = nil
	job.Cancel()
	rc.dropPartial()
}

// start runs the scenario under edit: all its trials, or with adaptive,
// more trials of the last run until the service's SLA compliance is
// within ±0.5 points.
func (rc *runControl) start(ctx app.Context, adaptive bool) {
	cur, valid := rc.host.runScenario()
	if !valid || rc.trials == nil || *rc.trials == nil {
		return
	}
	rc.gen.stop()
	rc.stop()
	sc := cur.Clone()
	rc.adaptive = adaptive
	if adaptive && rc.extendable(sc) {
		out := rc.out
		sla := rc.host.runShown().result.Service.SLACompliance
		next, more := client.NeedMore(sla, out.Trials, AdaptiveCap)
		if !more {
			rc.adaptive = false
			rc.state = StateDone
			rc.host.say(adaptiveDoneText(sla, out.Trials))
			return
		}
		a, b := out.NextRange(next)
		rc.launch(ctx, sc, out, a, b)
		return
	}
	rc.launch(ctx, sc, nil, 0, sc.Trials)
}

// extendable reports whether the adaptive mode can add trials to the
// last run's: same scenario but for its trials, results on screen from
// exactly those trials, and trials [0, n) without gaps (a cancelled run
// starts over, so that the final numbers are those of rollout -json with
// n trials).
func (rc *runControl) extendable(sc model.Scenario) bool {
	out, shown := rc.out, rc.host.runShown()
	if out == nil || shown == nil || rc.outKey != trialFreeKey(sc) || shown.result.Trials != out.Trials {
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
func (rc *runControl) launch(ctx app.Context, sc model.Scenario, prev *client.Outcome, a, b int) {
	t := rc.gen.next()
	rc.dropPartial()
	rc.state = StateRunning
	rc.cancelled = false
	rc.key = scenarioKey(sc)
	base := 0
	if prev != nil {
		base = prev.Trials
	}
	rc.progress.set(base, base+(b-a))
	onProgress := rc.progress.poster(&rc.gen, t)
	rc.job = (*rc.trials)(sc, prev, a, b, onProgress, rc.onRunDone(ctx, sc, t))
	if prev == nil && a == 0 {
		rc.job.OnPartial(rc.onRunPartial(ctx, t))
	}
}

// onRunPartial returns the OnPartial callback of the run with ticket t:
// the estimate of the run's first trials goes on screen (cards only,
// marked partial) while the run goes on, re-rendering the results pane
// alone; the job throttles them (client.PartialInterval), and the final
// result replaces them.
func (rc *runControl) onRunPartial(ctx app.Context, t ticket) func(*client.Outcome) {
	pv := &rc.partial
	via, alone := ctx, pv.paneOn
	if alone {
		via = pv.pane
	}
	return func(out *client.Outcome) {
		via.Dispatch(func(c app.Context) {
			if !rc.gen.current(t) || rc.adaptive || rc.state != StateRunning {
				c.PreventUpdate()
				return
			}
			pv.cur = &partialResult{result: out.Result, cards: headline.Cards(out.Result), total: rc.progress.total}
			if alone {
				// Dispatch marked the pane and the page for an update:
				// take the page's back, the pane renders alone.
				ctx.PreventUpdate()
			}
		})
	}
}

// dropPartial takes the partial estimate, if any, off the screen.
func (rc *runControl) dropPartial() {
	if rc.partial.cur != nil {
		rc.partial.cur = nil
		rc.host.partialChanged()
	}
}

// onRunDone returns the onDone callback of the run of sc with ticket t.
func (rc *runControl) onRunDone(ctx app.Context, sc model.Scenario, t ticket) func(*client.Outcome, error) {
	return func(out *client.Outcome, err error) {
		ctx.Dispatch(func(ctx app.Context) {
			if rc.gen.current(t) {
				rc.finished(ctx, sc, out, err)
			}
		})
	}
}

// finished takes a job's end and shows its trials, reduced in a worker:
// it continues an adaptive run or marks the run done. A cancelled run's
// trials come unreduced; a worker reduces them first (a run of no new
// trials), and the page shows them as cancelled.
func (rc *runControl) finished(ctx app.Context, sc model.Scenario, out *client.Outcome, err error) {
	rc.job = nil
	cancelled := errors.Is(err, client.ErrCancelled)
	if err != nil && !cancelled {
		rc.state = StateError
		rc.adaptive = false
		if errors.Is(err, planner.ErrOverflow) {
			rc.host.say(OverflowText)
		} else {
			rc.host.say("The run failed: " + err.Error())
		}
		return
	}
	if out == nil || out.Trials == 0 {
		rc.state = StateCancelled
		rc.adaptive = false
		return
	}
	if cancelled && !out.Reduced() {
		// Summarise the finished part in a worker; its onDone comes back
		// here without an error and is shown as cancelled.
		rc.adaptive = false
		rc.cancelled = true
		t := rc.gen.next()
		rc.job = (*rc.trials)(sc, out, 0, 0, nil, rc.onRunDone(ctx, sc, t))
		return
	}
	cancelled = cancelled || rc.cancelled
	rc.cancelled = false
	rc.out, rc.outKey = out, trialFreeKey(sc)
	rc.progress.set(out.Trials, rc.progress.total)
	adaptive := rc.adaptive && !cancelled
	if adaptive {
		// Between rounds only the SLA interval matters: skip the cards
		// and charts.
		if next, more := client.NeedMore(out.Result.Service.SLACompliance, out.Trials, AdaptiveCap); more {
			a, b := out.NextRange(next)
			rc.launch(ctx, sc, out, a, b)
			return
		}
	}
	t := rc.gen.next() // the drawing below is this run's last step
	rc.showFinalFigures(out)
	show := func(r *shownResult) {
		ctx.Dispatch(func(ctx app.Context) {
			if !rc.gen.current(t) {
				return
			}
			rc.partial.cur = nil
			rc.host.showResult(r)
			rc.doneKey = ""
			switch {
			case cancelled:
				rc.state = StateCancelled
				rc.adaptive = false
			case adaptive:
				rc.doneKey = scenarioKey(sc)
				rc.endAdaptive(ctx, sc, out, r)
			default:
				rc.doneKey = scenarioKey(sc)
				rc.state = StateDone
			}
			rc.startChartWorker(ctx)
		})
	}
	narrow := rc.host.narrowCharts()
	if rc.drawInWorker(ctx, sc, out, narrow, show) {
		return
	}
	ctx.Async(func() { show(reduce(sc, out, layoutFor(narrow))) })
}

// showFinalFigures puts a finished run's figures on screen while its
// charts are drawn (the chart worker takes about as long as the trials
// did), over the last result's charts, dimmed.
func (rc *runControl) showFinalFigures(out *client.Outcome) {
	rc.partial.cur = &partialResult{result: out.Result, cards: headline.Cards(out.Result), total: out.Trials}
	rc.host.partialChanged()
}

// startChartWorker starts the chart worker once a figure is on screen
// (never before, so that its download and compilation never delay the
// first figure); the next runs' charts are drawn there.
func (rc *runControl) startChartWorker(ctx app.Context) {
	if !app.IsClient || rc.charts != nil {
		return
	}
	rc.charts = client.NewChartWorker(ctx.ResolveStaticResource(ChartScript))
	ctx.After(100*time.Millisecond, func(app.Context) { rc.charts.Start() })
}

// drawInWorker has the chart worker draw out's charts, when it is ready,
// compact when narrow, and hands show the result; the page checks each chart's markup
// (charts.CheckSVG) a chart at a time, yielding in between. When the
// worker fails, the page draws the charts itself (reduce). It reports
// false, doing nothing, when the worker is not ready.
func (rc *runControl) drawInWorker(ctx app.Context, sc model.Scenario, out *client.Outcome, narrow bool, show func(*shownResult)) bool {
	cw := rc.charts
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
	return cw.Draw(b, string(text), workerLayout(narrow), func(answer []byte, err error) {
		ctx.Async(func() {
			r, err2 := fromDrawn(sc, out, answer, narrow, err)
			if err2 != nil {
				app.Logf("rollout planner: %v; the page draws the charts", err2)
				r = reduce(sc, out, layoutFor(narrow))
			}
			show(r)
		})
	})
}

// fromDrawn builds what the page shows from the chart worker's answer
// (err: the worker's failure): the cards, and every chart's SVG checked
// by charts.CheckSVG, one chart per step with a yield in between. narrow:
// the worker drew the charts compact.
func fromDrawn(sc model.Scenario, out *client.Outcome, answer []byte, narrow bool, err error) (*shownResult, error) {
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
	r.cards = headline.Cards(r.result)
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
		switch {
		case d.SVG == "":
		case narrow:
			c.Compact = svgMarkup([]byte(d.SVG))
		default:
			c.SVG = svgMarkup([]byte(d.SVG))
		}
		r.charts = append(r.charts, c)
	}
	return r, nil
}

// endAdaptive ends the adaptive mode, r of sc on screen: the scenario's
// trials become the trials run, so that the link and the exported
// scenario reproduce the numbers on screen.
func (rc *runControl) endAdaptive(ctx app.Context, sc model.Scenario, out *client.Outcome, r *shownResult) {
	sla := r.result.Service.SLACompliance
	rc.adaptive = false
	rc.state = StateDone
	rc.host.say(adaptiveDoneText(sla, out.Trials))
	if !contiguous(out) {
		return
	}
	if key, ok := rc.host.adoptTrials(ctx, sc, out.Trials); ok {
		rc.key = key
		rc.doneKey = key
	}
}

// The page as the run's runHost.

func (p *Planner) runScenario() (model.Scenario, bool) { return p.sess.sc, p.sess.valid() }

func (p *Planner) runShown() *shownResult { return p.shown }

func (p *Planner) partialChanged() { p.shownSeq++ }

func (p *Planner) narrowCharts() bool { return p.narrow }

func (p *Planner) adoptTrials(ctx app.Context, sc model.Scenario, n int) (string, bool) {
	if p.sess.sc.Trials == n || trialFreeKey(p.sess.sc) != trialFreeKey(sc) {
		return "", false
	}
	p.sess.setTrials(n)
	p.updateLink(ctx)
	return scenarioKey(p.sess.sc), true
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
// the cards and every chart's SVG, in the drawings lay asks for. It plots, so it runs on a goroutine,
// and it sleeps a moment between charts so that the browser can paint and
// handle input in between (Go's WebAssembly does not pre-empt).
func reduce(sc model.Scenario, out *client.Outcome, lay chartLayout) *shownResult {
	r := &shownResult{scenario: sc, result: out.Result, data: out.Charts, drawnBy: ChartsByPage}
	r.cards = headline.Cards(r.result)
	for _, spec := range charts.Specs(r.data) {
		time.Sleep(time.Millisecond)
		spec.Scenario = &r.scenario // the subtitle states the facts of the scenario run
		r.charts = append(r.charts, drawChart(spec, r.data, lay))
	}
	return r
}
