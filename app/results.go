package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// resultsPane shows the cards and charts of the results on screen, or
// why there are none yet. It renders when a result arrives (Seq) or the
// run's state changes (State), never on a progress tick; the result
// itself is read through the page's pointer, never copied into an
// exported field.
type resultsPane struct {
	app.Compo

	Seq   uint64 // counts the results shown so far
	State string // the run's State*: placeholder text, and stale dimming

	shown **shownResult // the page's results on screen
}

func newResultsPane(seq uint64, state string, shown **shownResult) *resultsPane {
	return &resultsPane{Seq: seq, State: state, shown: shown}
}

func (c *resultsPane) Render() app.UI {
	rendered("results")
	r := *c.shown
	if r == nil {
		msg := "Running the scenario…"
		if c.State == StateInvalid {
			msg = "Fix the marked fields of the scenario to see results."
		}
		return app.Div().Class("placeholder").Text(msg)
	}
	stale := c.State != StateDone
	root := app.Div().Class("result")
	if !app.IsClient {
		// Pre-rendered at build time: the default preset's run.
		root = root.Attr(AttrPrerendered, DefaultPreset)
	}
	return root.Body(
		newResultCards(r.cards, stale),
		app.Div().Class("charts").Body(
			app.Range(r.charts).Slice(func(i int) app.UI {
				c := r.charts[i]
				return newChartFigure(c.ID, c.Title, c.SVG, c.Err).describe(c.spec.Kind, chartSummary(c.spec, r))
			}),
		),
	)
}
