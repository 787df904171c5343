package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// RunStatusID is the run's status, a live region (role="status") that
// announces a run's start, end, cancel or failure.
const RunStatusID = "run-status"

// runBar shows the run's progress and its buttons: cancel, run again and
// the adaptive "until ±0.5 points" mode. Its exported fields change with
// the run (a new run, its end); the trial count changes with every
// progress message and lives in a runProgress, which re-renders the bar
// alone (see runProgress.poster).
type runBar struct {
	app.Compo

	State    string // a State* constant
	Run      uint64 // the run's generation count: a new run re-renders the bar
	Shown    int    // trials of the results on screen
	Adaptive bool   // the adaptive mode is running
	FirstBad string // the id of the first field with a problem: "Waiting for a valid scenario" leads there

	progress *runProgress // the page's, the same for every instance
}

func newRunBar(state string, run uint64, shown int, adaptive bool, progress *runProgress) *runBar {
	return &runBar{State: state, Run: run, Shown: shown, Adaptive: adaptive, progress: progress}
}

// firstBad sets the field that "Waiting for a valid scenario" leads to.
func (b *runBar) firstBad(id string) *runBar { b.FirstBad = id; return b }

// OnMount lets progress messages re-render the bar.
func (b *runBar) OnMount(ctx app.Context) { b.progress.attach(ctx) }

// OnDismount stops them.
func (b *runBar) OnDismount() { b.progress.detach() }

// runProgress is the trial count of the run under way. Progress messages
// change it on the UI goroutine through the run bar's context and hold
// back the page's update, so a tick renders the run bar and nothing else
// (not the form, the results or the review).
type runProgress struct {
	done, total int // trials, counting those of earlier rounds

	page  app.Context // the page's context (Planner.OnMount)
	bar   app.Context // the mounted run bar's context
	live  bool        // page is set
	barOn bool        // bar is set
}

// attach is called when the run bar mounts.
func (f *runProgress) attach(ctx app.Context) { f.bar, f.barOn = ctx, true }

// detach is called when the run bar goes away.
func (f *runProgress) detach() { f.barOn = false }

// set changes the count with a change the page renders anyway (a run's
// start or end).
func (f *runProgress) set(done, total int) { f.done, f.total = done, total }

// poster returns the onProgress callback of the run with ticket t of
// gen: callable from any goroutine or JavaScript callback, it shows
// (done, total) in the run bar while t is current. Before the bar has
// mounted (or natively without a page) the page's context carries it.
func (f *runProgress) poster(gen *generation, t ticket) func(done, total int) {
	if !f.live {
		return func(int, int) {}
	}
	via, page, alone := f.page, f.page, f.barOn
	if alone {
		via = f.bar
	}
	return func(done, total int) {
		via.Dispatch(func(ctx app.Context) {
			if !gen.current(t) {
				ctx.PreventUpdate() // undo this dispatch's marks: nothing renders
				return
			}
			f.done, f.total = done, total
			if alone {
				// Dispatch marked the bar and the page for an update:
				// take the page's back, the bar renders alone.
				page.PreventUpdate()
			}
		})
	}
}

// WaitingLinkID is the id of "Waiting for a valid scenario", which goes
// to the first field with a problem.
const WaitingLinkID = "waiting-first-problem"

// ProgressText is the run bar's progress: "12 000 / 20 000 trials".
func ProgressText(done, total int) string {
	return Count(done) + " / " + Count(total) + " trials"
}

func (b *runBar) Render() app.UI {
	rendered("runBar")
	done, total := b.progress.done, b.progress.total
	running := b.State == StateRunning
	pct := 0.0
	if total > 0 {
		pct = 100 * float64(done) / float64(total)
	}
	status := map[string]string{
		StateInvalid:   "Waiting for a valid scenario",
		StateRunning:   "Running",
		StateDone:      "Done",
		StateCancelled: "Cancelled",
		StateError:     "Failed",
	}[b.State]
	if running && b.Adaptive {
		status = "Running until ±0.5 points"
	}
	return app.Section().Class("run-bar").Aria("label", "Run").Body(
		app.Div().Class("run-status "+b.State).Body(
			// The live region: screen readers announce the run's state
			// when it changes (never a progress tick: the count is
			// outside it).
			app.Span().ID(RunStatusID).Class("status").Role("status").
				Aria("live", "polite").Aria("atomic", "true").Body(
				app.If(b.State == StateInvalid && b.FirstBad != "", func() app.UI {
					// A button, not a link: a fragment would replace the scenario's.
					return app.Button().ID(WaitingLinkID).Type("button").Class("linklike").
						Title("Go to the first field with a problem").Text(status).
						OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actGoToFirstBad) })
				}).Else(func() app.UI {
					return app.Text(status)
				}),
				app.If(b.State == StateDone && b.Shown > 0, func() app.UI {
					return app.Span().Class("sr-only").Text(": results of " + Count(b.Shown) + " trials shown")
				}),
			),
			app.Span().ID(RunProgressID).
				Attr(AttrDone, strconv.Itoa(done)).
				Attr(AttrTotal, strconv.Itoa(total)).
				Text(ProgressText(done, total)),
			app.Div().Class("meter").Role("progressbar").
				Aria("valuemin", 0).Aria("valuemax", total).Aria("valuenow", done).Body(
				app.Div().Class("meter-fill").Style("width", strconv.FormatFloat(pct, 'f', 1, 64)+"%"),
			),
		),
		app.Div().Class("run-buttons").Body(
			app.Button().ID(RunCancelID).Type("button").Disabled(!running).Text("Cancel").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actCancel) }),
			app.Button().ID("run-again").Type("button").Disabled(running || b.State == StateInvalid).Text("Run again").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actRunNow) }),
			app.Button().ID(RunAdaptiveID).Type("button").Disabled((running && b.Adaptive) || b.State == StateInvalid).
				Title("Add trials until the service's SLA-compliance interval is within ±0.5 points (at most 1 000 000 trials)").
				Text("Run until ±0.5 points").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actAdaptive) }),
		),
		app.P().Class("run-trials").Body(
			app.Text("Results shown: "),
			app.Span().ID(RunTrialsID).Attr(AttrValue, strconv.Itoa(b.Shown)).Text(Count(b.Shown)),
			app.Text(" trials"),
		),
	)
}
