package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// checkField is one labelled checkbox of the scenario form.
type checkField struct {
	app.Compo

	Path    string
	Label   string
	Hint    string
	Checked bool
	Problem string
}

func newCheckField(path string, m fieldMeta, checked bool) *checkField {
	return &checkField{Path: path, Label: m.Label, Hint: m.Hint, Checked: checked}
}

func (f *checkField) problem(p string) *checkField { f.Problem = p; return f }

func (f *checkField) Render() app.UI {
	id := fieldID(f.Path)
	return app.Div().Class("field check").Body(
		app.Label().For(id).Body(
			app.Input().
				ID(id).
				Type("checkbox").
				DataSet("path", f.Path).
				Checked(f.Checked).
				OnChange(f.onChange),
			app.Span().Text(f.Label),
		),
		app.If(f.Problem != "", func() app.UI {
			return app.P().ID(id + ProblemSuffix).Class(ProblemClass).Role("alert").Text(f.Problem)
		}).ElseIf(f.Hint != "", func() app.UI {
			return app.P().Class("hint").Text(f.Hint)
		}),
	)
}

func (f *checkField) onChange(ctx app.Context, e app.Event) {
	checked := ctx.JSSrc().Get("checked").Bool()
	ctx.NewActionWithValue(actEdit, Edit{Path: f.Path, Value: strconv.FormatBool(checked)})
}
