package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
)

// abPane is the A/B comparison's part of the results: the "Pin as A"
// bar, or with A pinned, A and B side by side (each headline card's
// metrics for A, B and B − A, what B changes, and the bad-minutes CDFs
// overlaid). Its exported fields are the few facts of the page it
// depends on, so that the page re-renders it only when B changes; A's
// run and the comparison render it alone (abTest.post). The comparison
// itself is read through the page's abTest, never copied into an
// exported field.
type abPane struct {
	app.Compo

	Seq      uint64 // abTest.seq: A was pinned or dropped
	CanPin   bool   // the results on screen are complete: "Pin as A" and "Swap" work
	State    string // the page's run State*: B is stale unless StateDone
	Run      uint64 // the page's run generation count
	ShownSeq uint64 // counts the results shown (Planner.shownSeq)
	DoneKey  string // runControl.doneKey
	Idle     bool   // the page's run is idle: A may run

	ab    *abTest       // the page's, the same for every instance
	shown **shownResult // the page's results on screen
	run   *runFunc      // the page's runner
}

// newABPane returns the A/B part of page p.
func newABPane(p *Planner) *abPane {
	return &abPane{
		Seq: p.ab.seq, CanPin: p.canPin(), State: p.run.state, Run: p.run.gen.count(),
		ShownSeq: p.shownSeq, DoneKey: p.run.doneKey, Idle: p.run.idle(),
		ab: &p.ab, shown: &p.shown, run: &p.runTrials,
	}
}

// side is B as the pane last saw it.
func (c *abPane) side() bSide {
	return bSide{shown: *c.shown, doneKey: c.DoneKey, idle: c.Idle, run: *c.run}
}

// OnMount brings the comparison up to date when the pane appears.
func (c *abPane) OnMount(ctx app.Context) {
	c.ab.b = c.side
	c.ab.sync(ctx)
}

// OnUpdate brings it up to date when the page's run or A changed.
func (c *abPane) OnUpdate(ctx app.Context) { c.ab.sync(ctx) }

// OnResize draws the comparison's chart again when the window crosses
// NarrowQuery: compact on a narrow screen, else at the slide size.
func (c *abPane) OnResize(ctx app.Context) { c.ab.sync(ctx) }

// OnDismount stops A's results from calling on this pane.
func (c *abPane) OnDismount() { c.ab.b = nil }

func (c *abPane) Render() app.UI {
	rendered("ab")
	a := c.ab.a
	if a == nil {
		return app.Div().Class("ab-bar").Body(
			app.Button().ID(PinAID).Type("button").Disabled(!c.CanPin).
				Title("Keep this scenario and its results as A, then edit the scenario into B").
				Text("Pin as A").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actPinA) }),
			app.Span().Class("hint").Text("Pin these results as A, then change the scenario: the page compares B with A."),
		)
	}
	var status string
	switch {
	case a.result == nil && a.running:
		status = fmt.Sprintf("A's trials run again from its scenario: %s of %s…", Count(a.done), Count(a.total))
	case a.result == nil && a.err == "":
		status = "A's trials run again from its scenario once B's run is done…"
	}
	var v compareView
	stale := c.State != StateDone
	if c.ab.view != nil && c.ab.viewA == a.result {
		v = *c.ab.view
		stale = stale || c.ab.viewB != *c.shown
	}
	class := "compare"
	if stale {
		class += " stale"
	}
	name := a.scenario.Name
	if name == "" {
		name = "(unnamed)"
	}
	return app.Section().ID(CompareID).Class(class).Aria("label", "A/B comparison").Body(
		app.Div().Class("compare-head").Body(
			app.H2().Text("A/B comparison"),
			app.Div().Class("compare-actions").Body(
				app.Button().ID(PinAID).Type("button").Disabled(!c.CanPin).
					Title("Make the results on screen the new A").Text("Pin B as A").
					OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actPinA) }),
				app.Button().ID(SwapABID).Type("button").Disabled(!c.CanPin).
					Title("Edit A again, keeping B's results as A").Text("Swap").
					OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actSwapAB) }),
				app.Button().ID(UnpinAID).Type("button").Text("Unpin A").
					OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actUnpinA) }),
			),
		),
		app.P().Class("compare-who").Body(
			app.Span().Class("tag a").Text("A"),
			app.Text(" pinned: "), app.Strong().Body(nameUI(name)), app.Text(", "+Count(a.scenario.Trials)+" trials. "),
			app.Span().Class("tag b").Text("B"),
			app.Text(" is the scenario under edit."),
		),
		app.If(a.note != "", func() app.UI { return app.P().Class("hint").Text(a.note) }),
		app.If(a.err != "", func() app.UI { return app.P().Class(ProblemClass).Role("alert").Text(a.err) }),
		app.If(status != "", func() app.UI { return app.P().Class("compare-status").Text(status) }),
		app.If(len(v.Diff) > 0, func() app.UI {
			return app.Div().Class("compare-diff").Body(
				app.Span().Class("label").Text("B changes:"),
				app.Ul().Body(app.Range(v.Diff).Slice(func(i int) app.UI {
					return app.Li().Text(v.Diff[i])
				})),
			)
		}).ElseIf(len(v.Cards) > 0, func() app.UI {
			return app.P().Class("compare-diff hint").Text("B is the same scenario as A.")
		}),
		app.If(len(v.Cards) > 0, func() app.UI {
			return app.Div().Class("compare-cards").Body(
				app.Range(v.Cards).Slice(func(i int) app.UI { return renderDeltaCard(v.Cards[i]) }),
			)
		}),
		app.If(v.SVG != "" || v.Err != "", func() app.UI {
			return app.Figure().ID(ChartIDPrefix+CompareChartID).Class(ChartClass).Body(
				app.If(v.SVG != "", func() app.UI {
					return app.Div().Class("chart-svg").Role("img").
						Aria("label", "Bad minutes per month of A and B, cumulative").Body(app.Raw(v.SVG))
				}).Else(func() app.UI {
					return app.P().Class(ProblemClass).Text("This chart could not be drawn: " + v.Err)
				}),
				app.FigCaption().Body(
					app.Span().Class("chart-title").Text("Bad minutes per month: A vs B"),
					app.If(v.SVG != "", func() app.UI { return exportButtons(charts.CompareID, "Bad minutes per month: A vs B") }),
				),
			)
		}),
	)
}

// renderDeltaCard draws one card of the comparison as a table: each
// metric's A, B and B − A, the change coloured better or worse.
func renderDeltaCard(d deltaCard) app.UI {
	return app.Article().Class("delta-card").DataSet("card", d.Key).Body(
		app.H3().Class("card-title").Body(
			app.If(d.From != "", func() app.UI { return app.Span().Body(nameUI(d.From), app.Text(" → ")) }),
			nameUI(d.Title),
		),
		app.Table().Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Metric"),
				app.Th().Scope("col").Class("num").Text("A"),
				app.Th().Scope("col").Class("num").Text("B"),
				app.Th().Scope("col").Class("num").Text("B − A"),
			)),
			app.TBody().Body(app.Range(d.Rows).Slice(func(i int) app.UI {
				r := d.Rows[i]
				return app.Tr().Body(
					app.Th().Scope("row").Text(r.Label),
					app.Td().Class("num").Text(r.A),
					app.Td().Class("num").Text(r.B),
					app.Td().Class("num delta "+r.Better).
						Attr(AttrDelta, r.Key).Attr(AttrValue, strconv.FormatFloat(r.Delta, 'g', -1, 64)).
						Title(r.Better).
						Text(r.Text),
				)
			})),
		),
	)
}
