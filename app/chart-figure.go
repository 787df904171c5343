package app

import (
	"bytes"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
)

// chartView is one rendered chart of the results.
type chartView struct {
	ID    string // charts.Spec.ID
	Title string
	SVG   string // markup starting at "<svg", checked by package charts
	Err   string // why the chart could not be drawn

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

// chartFigure is one chart with its SVG and PNG export buttons.
type chartFigure struct {
	app.Compo

	ChartID string
	Title   string
	SVG     string
	Err     string
}

func newChartFigure(id, title, svg, err string) *chartFigure {
	return &chartFigure{ChartID: id, Title: title, SVG: svg, Err: err}
}

func (f *chartFigure) Render() app.UI {
	return app.Figure().ID(ChartIDPrefix+f.ChartID).Class(ChartClass).Body(
		app.If(f.SVG != "", func() app.UI {
			return app.Div().Class("chart-svg").Role("img").Aria("label", f.Title).Body(app.Raw(f.SVG))
		}).Else(func() app.UI {
			return app.P().Class(ProblemClass).Text("This chart could not be drawn: " + f.Err)
		}),
		app.FigCaption().Body(
			app.Span().Class("chart-title").Text(f.Title),
			app.Span().Class("chart-export").Body(
				app.Button().Type("button").Attr(AttrExport, "svg").Attr(AttrChart, f.ChartID).Text("SVG").
					Title("Download this chart as SVG").OnClick(f.onExport("svg")),
				app.Button().Type("button").Attr(AttrExport, "png").Attr(AttrChart, f.ChartID).Text("PNG").
					Title("Download this chart as PNG, 1600 × 900").OnClick(f.onExport("png")),
			),
		),
	)
}

func (f *chartFigure) onExport(what string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		ctx.NewActionWithValue(actExport, exportRequest{What: what, Chart: f.ChartID})
	}
}
