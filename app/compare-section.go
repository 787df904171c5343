package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
)

// renderCompare is the comparison's part of the results: the "Pin as A"
// bar, or with A pinned, the comparison section.
func (p *Planner) renderCompare() app.UI {
	a := p.ab.a
	if a == nil {
		return app.Div().Class("ab-bar").Body(
			app.Button().ID(PinAID).Type("button").Disabled(!p.canPin()).
				Title("Keep this scenario and its results as A, then edit the scenario into B").
				Text("Pin as A").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actPinA) }),
			app.Span().Class("hint").Text("Pin these results as A, then change the scenario: the page compares B with A."),
		)
	}
	sec := &compareSection{
		CanPin:  p.canPin(),
		BStale:  p.run.state != StateDone,
		ATrials: a.scenario.Trials,
		AName:   a.scenario.Name,
		ANote:   a.note,
		AError:  a.err,
		Sync:    fmt.Sprintf("%s|%d|%p|%p|%t", p.run.state, p.run.gen.count(), p.shown, a.result, a.running),
	}
	switch {
	case a.result == nil && a.running:
		sec.AStatus = fmt.Sprintf("A's trials run again from its scenario: %s of %s…", Count(a.done), Count(a.total))
	case a.result == nil && a.err == "":
		sec.AStatus = "A's trials run again from its scenario once B's run is done…"
	}
	if v := p.ab.view; v != nil && p.ab.viewA == a.result {
		sec.View = *v
		sec.ViewStale = p.ab.viewB != p.shown
	}
	return sec
}

// compareSection shows A and B side by side: each headline card's
// metrics for A, B and B − A, what B changes, and the bad-minutes CDFs
// overlaid. It asks the page to bring the comparison up to date
// whenever the page's run changes (Sync).
type compareSection struct {
	app.Compo

	CanPin    bool   // the results on screen are complete: "Pin as A" and "Swap" work
	BStale    bool   // B's results are not (yet) those of the scenario under edit
	ATrials   int    // A's trials
	AName     string // A's scenario name (text)
	ANote     string // a remark on A
	AError    string // why A has no results
	AStatus   string // A's run, while it has no results
	View      compareView
	ViewStale bool   // View compares an older B
	Sync      string // changes whenever the comparison may need remaking
}

// OnMount asks for the comparison when the section appears.
func (c *compareSection) OnMount(ctx app.Context) { ctx.NewAction(actCompareSync) }

// OnUpdate asks for the comparison again when the page's run changed.
func (c *compareSection) OnUpdate(ctx app.Context) { ctx.NewAction(actCompareSync) }

func (c *compareSection) Render() app.UI {
	class := "compare"
	if c.BStale || c.ViewStale {
		class += " stale"
	}
	name := c.AName
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
			app.Text(" pinned: "), app.Strong().Body(nameUI(name)), app.Text(", "+Count(c.ATrials)+" trials. "),
			app.Span().Class("tag b").Text("B"),
			app.Text(" is the scenario under edit."),
		),
		app.If(c.ANote != "", func() app.UI { return app.P().Class("hint").Text(c.ANote) }),
		app.If(c.AError != "", func() app.UI { return app.P().Class(ProblemClass).Role("alert").Text(c.AError) }),
		app.If(c.AStatus != "", func() app.UI { return app.P().Class("compare-status").Text(c.AStatus) }),
		app.If(len(c.View.Diff) > 0, func() app.UI {
			return app.Div().Class("compare-diff").Body(
				app.Span().Class("label").Text("B changes:"),
				app.Ul().Body(app.Range(c.View.Diff).Slice(func(i int) app.UI {
					return app.Li().Text(c.View.Diff[i])
				})),
			)
		}).ElseIf(len(c.View.Cards) > 0, func() app.UI {
			return app.P().Class("compare-diff hint").Text("B is the same scenario as A.")
		}),
		app.If(len(c.View.Cards) > 0, func() app.UI {
			return app.Div().Class("compare-cards").Body(
				app.Range(c.View.Cards).Slice(func(i int) app.UI { return renderDeltaCard(c.View.Cards[i]) }),
			)
		}),
		app.If(c.View.SVG != "" || c.View.Err != "", func() app.UI {
			return app.Figure().ID(ChartIDPrefix+CompareChartID).Class(ChartClass).Body(
				app.If(c.View.SVG != "", func() app.UI {
					return app.Div().Class("chart-svg").Role("img").
						Aria("label", "Bad minutes per month of A and B, cumulative").Body(app.Raw(c.View.SVG))
				}).Else(func() app.UI {
					return app.P().Class(ProblemClass).Text("This chart could not be drawn: " + c.View.Err)
				}),
				app.FigCaption().Body(
					app.Span().Class("chart-title").Text("Bad minutes per month: A vs B"),
					app.If(c.View.SVG != "", func() app.UI { return exportButtons(charts.CompareID, "Bad minutes per month: A vs B") }),
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
