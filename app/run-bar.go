package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// runBar shows the run's progress and its buttons: cancel, run again and
// the adaptive "until ±0.5 points" mode.
type runBar struct {
	app.Compo

	State    string // a State* constant
	Done     int    // trials done, counting earlier rounds
	Total    int    // trials to do
	Shown    int    // trials of the results on screen
	Adaptive bool   // the adaptive mode is running
}

func newRunBar(state string, done, total, shown int, adaptive bool) *runBar {
	return &runBar{State: state, Done: done, Total: total, Shown: shown, Adaptive: adaptive}
}

// ProgressText is the run bar's progress: "12 000 / 20 000 trials".
func ProgressText(done, total int) string {
	return Count(done) + " / " + Count(total) + " trials"
}

func (b *runBar) Render() app.UI {
	running := b.State == StateRunning
	pct := 0.0
	if b.Total > 0 {
		pct = 100 * float64(b.Done) / float64(b.Total)
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
			app.Span().Class("status").Text(status),
			app.Span().ID(RunProgressID).
				Attr(AttrDone, strconv.Itoa(b.Done)).
				Attr(AttrTotal, strconv.Itoa(b.Total)).
				Text(ProgressText(b.Done, b.Total)),
			app.Div().Class("meter").Role("progressbar").
				Aria("valuemin", 0).Aria("valuemax", b.Total).Aria("valuenow", b.Done).Body(
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
