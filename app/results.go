package app

import (
	"rolloutplanner/internal/headline"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// resultsPane shows the cards and charts of the results on screen, or
// why there are none yet. It renders when a result arrives (Seq) or the
// run's state changes (State), never on a progress tick; the result
// itself is read through the page's pointer, never copied into an
// exported field.
type resultsPane struct {
	app.Compo

	Seq    uint64 // counts the results shown so far
	Charts uint64 // counts redrawings of their charts for another width
	State  string // the run's State*: placeholder text, and stale dimming

	shown   **shownResult // the page's results on screen
	partial *partialView  // the run's partial estimate, shown instead of the cards
}

func newResultsPane(seq, chartsSeq uint64, state string, shown **shownResult, partial *partialView) *resultsPane {
	return &resultsPane{Seq: seq, Charts: chartsSeq, State: state, shown: shown, partial: partial}
}

// OnMount lets partial estimates re-render the pane alone.
func (c *resultsPane) OnMount(ctx app.Context) {
	if c.partial != nil {
		c.partial.pane, c.partial.paneOn = ctx, true
	}
}

// OnDismount: partial estimates go through the page again.
func (c *resultsPane) OnDismount() {
	if c.partial != nil {
		c.partial.paneOn = false
	}
}

func (c *resultsPane) Render() app.UI {
	rendered("results")
	r := *c.shown
	var part *partialResult
	if c.partial != nil {
		part = c.partial.cur
	}
	if r == nil && part != nil {
		r = &shownResult{}
	}
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
	var note app.UI = app.Text("")
	cards, chartsClass := r.cards, "charts"
	if part != nil {
		// The first trials' estimate of the run under way: current, not
		// stale, but marked as partial; the charts are the last complete
		// result's, dimmed, until the run's own arrive.
		stale = false
		cards, chartsClass = part.cards, "charts stale"
		text := DrawingChartsText
		if part.result.Trials < part.total {
			root = root.Attr(AttrPartial, strconv.Itoa(part.result.Trials))
			text = headline.PartialNote(part.result.Trials, part.total)
		}
		note = app.P().ID(PartialNoteID).Class("partial-note").Attr("role", "status").Text(text)
	}
	return root.Body(
		note,
		newResultCards(cards, stale),
		renderCharts(chartsClass, r),
	)
}

// AttrPartial marks the results pane while it shows a partial estimate
// of a run under way: data-partial holds the trials it summarises.
const AttrPartial = "data-partial"

// DrawingChartsText is the note above a finished run's figures while its
// charts are drawn (the last result's charts show meanwhile, dimmed).
const DrawingChartsText = "Drawing the charts of these results…"

// PartialNoteID is the id of the note above a partial estimate's cards.
const PartialNoteID = "partial-note"

// AttrChartsBy (data-charts-by) says where the charts on screen were
// drawn: ChartsByWorker (the chart worker) or ChartsByPage (the page's
// own thread: before the chart worker is ready, when it fails, and the
// pre-rendered page).
const AttrChartsBy = "data-charts-by"

// Where charts are drawn (AttrChartsBy).
const (
	ChartsByWorker = "worker"
	ChartsByPage   = "page"
)

// renderCharts draws the charts of r in a div of class.
func renderCharts(class string, r *shownResult) app.UI {
	by := r.drawnBy
	if by == "" {
		by = ChartsByPage
	}
	return app.Div().Class(class).Attr(AttrChartsBy, by).Body(
		app.Range(r.charts).Slice(func(i int) app.UI {
			c := r.charts[i]
			f := newChartFigure(c.ID, c.Title, c.SVG, c.Err)
			f.Compact = c.Compact
			return f.describe(c.spec.Kind, chartSummary(c.spec, r))
		}),
	)
}
