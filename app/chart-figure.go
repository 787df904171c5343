package app

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
	"rolloutplanner/internal/glossary"
)

// chartView is one rendered chart of the results.
type chartView struct {
	ID    string // charts.Spec.ID
	Title string
	SVG   string // markup starting at "<svg", checked by package charts: the slide size
	// Compact is the chart drawn compact (charts.SVGCompact), for a
	// narrow screen; "" when not drawn. Exports and the report never use
	// it: they keep the slide size.
	Compact string
	Err     string // why the chart could not be drawn

	spec charts.Spec
}

// svgMarkup cuts anything before "<svg" (an XML prolog would mount as a
// comment and hide the chart).
func svgMarkup(b []byte) string {
	if i := bytes.Index(b, []byte("<svg")); i > 0 {
		b = b[i:]
	}
	return string(b)
}

// ChartDualClass marks a chart that carries both drawings, the slide
// size then the compact one (the pre-rendered page, or after a resize
// across NarrowQuery): web/planner.css shows the first on a wide screen
// and the second on a narrow one.
const ChartDualClass = "dual"

// ChartSummarySuffix + the chart's id (after ChartIDPrefix) is the id of
// each chart's text summary, which its figure's image names with
// aria-describedby; ChartDefSuffix is that of its definition (a tooltip).
const (
	ChartSummarySuffix = "-summary"
	ChartDefSuffix     = "-def"
)

// chartFigure is one chart with its SVG and PNG export buttons, a
// definition of what it shows (a tooltip) and a text summary of its
// numbers for those who do not see it.
type chartFigure struct {
	app.Compo

	ChartID string
	Title   string
	SVG     string // the slide size
	Compact string // the compact drawing; with SVG, web/planner.css shows the one for the screen
	Err     string
	Def     string // what the chart shows, one line (package glossary)
	Summary string // its numbers in words
}

func newChartFigure(id, title, svg, err string) *chartFigure {
	return &chartFigure{ChartID: id, Title: title, SVG: svg, Err: err}
}

// describe sets the chart's definition from its kind and its text summary.
func (f *chartFigure) describe(kind charts.Kind, summary string) *chartFigure {
	f.Def, f.Summary = glossary.Text(string(kind)), summary
	return f
}

func (f *chartFigure) Render() app.UI {
	id := ChartIDPrefix + f.ChartID
	sumID, defID := id+ChartSummarySuffix, id+ChartDefSuffix
	return app.Figure().ID(id).Class(ChartClass).Aria("labelledby", id+"-title").Body(
		app.If(f.SVG != "" || f.Compact != "", func() app.UI {
			class, body := "chart-svg", []app.UI{}
			if f.SVG != "" {
				body = append(body, app.Raw(f.SVG))
			}
			if f.Compact != "" {
				body = append(body, app.Raw(f.Compact))
			}
			if len(body) == 2 {
				class += " " + ChartDualClass
			}
			return app.Div().Class(class).Role("img").Aria("label", f.Title).
				Aria("describedby", strings.TrimSpace(defID+" "+sumIDIf(f.Summary, sumID))).Body(body...)
		}).Else(func() app.UI {
			return app.P().Class(ProblemClass).Text("This chart could not be drawn: " + f.Err)
		}),
		app.FigCaption().Body(
			app.Span().Class("chart-title").Body(
				app.Span().ID(id+"-title").Text(f.Title),
				app.If(f.Def != "", func() app.UI { return infoTip(defID, f.Title, f.Def) }),
			),
			app.Span().Class("chart-export").Body(
				app.Button().Type("button").Attr(AttrExport, "svg").Attr(AttrChart, f.ChartID).Text("SVG").
					Aria("label", "Export "+f.Title+" as SVG").
					Title("Download this chart as SVG").OnClick(f.onExport("svg")),
				app.Button().Type("button").Attr(AttrExport, "png").Attr(AttrChart, f.ChartID).Text("PNG").
					Aria("label", "Export "+f.Title+" as PNG").
					Title("Download this chart as PNG, 1600 × 900").OnClick(f.onExport("png")),
			),
		),
		app.If(f.Summary != "", func() app.UI {
			return app.P().ID(sumID).Class("chart-summary").Text(f.Summary)
		}),
	)
}

// sumIDIf is id when the chart has a summary, "" otherwise.
func sumIDIf(summary, id string) string {
	if summary == "" {
		return ""
	}
	return id
}

func (f *chartFigure) onExport(what string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		ctx.NewActionWithValue(actExport, exportRequest{What: what, Chart: f.ChartID})
	}
}

// infoTip is a focusable "?" after a name whose definition shows on hover
// and on focus (CSS only: .tip:hover and .tip:focus-within). The
// definition is the button's description (aria-describedby), so a screen
// reader reads it too; it is text, never markup.
func infoTip(id, name, def string) app.UI {
	return app.Span().Class("tip").Body(
		app.Button().Type("button").Class("tip-btn").
			Aria("label", "What is "+name+"?").Aria("describedby", id).Text("?"),
		app.Span().ID(id).Class("tip-text").Role("tooltip").Text(def),
	)
}

// chartSummary says in one or two sentences what chart s of r shows, from
// the same numbers as the cards (formatted the same way).
func chartSummary(s charts.Spec, r *shownResult) string {
	if r == nil {
		return ""
	}
	res, data := r.result, r.data
	var parts []string
	switch s.Kind {
	case charts.BadMinutes:
		m := res.Service
		parts = append(parts, fmt.Sprintf("Service: mean %s, P95 %s of bad minutes per month against an SLA budget of %s; %s of months within the SLA.",
			Minutes(m.BadMinutes.Mean), Minutes(m.BadMinutes.P95), Minutes(data.BudgetMinutes), Percent(m.SLACompliance.P)))
		for _, role := range res.Roles {
			parts = append(parts, fmt.Sprintf("%s: mean %s, P95 %s.", role.Name, Minutes(role.BadMinutes.Mean), Minutes(role.BadMinutes.P95)))
		}
	case charts.WarmCapacity:
		for _, wb := range data.WarmCapacity {
			if wb.Pass != s.Pass || len(wb.P50) == 0 {
				continue
			}
			parts = append(parts, fmt.Sprintf("%s: median warm capacity falls to %s (5th percentile %s); it needs %s.",
				wb.Role, Percent(minOf(wb.P50)), Percent(minOf(wb.P05)), Percent(wb.Needed)))
		}
	case charts.CapacityLoss:
		for _, role := range res.Roles {
			for _, pl := range role.UDCapacityLoss {
				if pl.Pass != s.Pass || len(pl.Domains) == 0 {
					continue
				}
				worst := pl.Domains[0]
				for _, d := range pl.Domains[1:] {
					if d.Mean > worst.Mean {
						worst = d
					}
				}
				parts = append(parts, fmt.Sprintf("%s: at most %s lost on average (P95 %s), in upgrade domain %d of %d listed.",
					role.Name, Percent(worst.Mean), Percent(worst.P95), worst.UD, len(pl.Domains)))
			}
		}
	case charts.PassDurations:
		for _, p := range res.Passes {
			parts = append(parts, fmt.Sprintf("%s pass: mean %s, P95 %s.", p.Pass.Title(), Minutes(p.Duration.Mean), Minutes(p.Duration.P95)))
		}
	}
	return strings.Join(parts, " ")
}

// minOf is the smallest of v (0 for none).
func minOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	m := v[0]
	for _, x := range v[1:] {
		m = min(m, x)
	}
	return m
}
