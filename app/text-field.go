package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// textField is one labelled input of the scenario form. It commits on
// change (blur or Enter): it posts an Edit with the field's path, and the
// page answers with the new Text and Problem.
type textField struct {
	app.Compo

	Path      string // the field's JSON path in the scenario
	Label     string
	Unit      string // shown after the input
	Hint      string // shown under the input while there is no problem
	Text      string // the text the input shows
	Problem   string // the model's message for this field, if any
	Numeric   bool   // a number: decimal keyboard, narrow input
	Multiline bool   // a textarea (empirical observations)
	Compact   bool   // label above a narrow input, no hint (parameters)
}

func newTextField(path, label string) *textField {
	return &textField{Path: path, Label: label}
}

func (f *textField) unit(u string) *textField    { f.Unit = u; return f }
func (f *textField) hint(h string) *textField    { f.Hint = h; return f }
func (f *textField) text(t string) *textField    { f.Text = t; return f }
func (f *textField) problem(p string) *textField { f.Problem = p; return f }
func (f *textField) numeric() *textField         { f.Numeric = true; return f }
func (f *textField) multiline() *textField       { f.Multiline = true; return f }
func (f *textField) compact() *textField         { f.Compact = true; return f }
func (f *textField) meta(m fieldMeta) *textField {
	f.Label, f.Unit, f.Hint = m.Label, m.Unit, m.Hint
	return f
}

func (f *textField) Render() app.UI {
	id := fieldID(f.Path)
	class := "field"
	if f.Compact {
		class += " compact"
	}
	if f.Problem != "" {
		class += " invalid"
	}
	var input app.UI
	if f.Multiline {
		input = app.Textarea().
			ID(id).
			DataSet("path", f.Path).
			Rows(3).
			Attr("value", f.Text).
			Aria("invalid", f.Problem != "").
			Aria("describedby", f.describedBy(id)).
			Spellcheck(false).
			OnChange(f.onChange)
	} else {
		in := app.Input().
			ID(id).
			Type("text").
			DataSet("path", f.Path).
			Value(f.Text).
			Aria("invalid", f.Problem != "").
			Aria("describedby", f.describedBy(id)).
			Spellcheck(false).
			AutoComplete(false).
			OnChange(f.onChange)
		if f.Numeric {
			in = in.Class("num").Attr("inputmode", "decimal")
		}
		input = in
	}
	return app.Div().Class(class).Body(
		app.Label().For(id).Text(f.Label),
		app.Div().Class("input-row").Body(
			input,
			app.If(f.Unit != "", func() app.UI { return app.Span().Class("unit").Text(f.Unit) }),
		),
		app.If(f.Problem != "", func() app.UI {
			return app.P().ID(id + ProblemSuffix).Class(ProblemClass).Role("alert").Text(f.Problem)
		}).ElseIf(f.Hint != "" && !f.Compact, func() app.UI {
			return app.P().ID(id + "-hint").Class("hint").Text(f.Hint)
		}),
	)
}

func (f *textField) onChange(ctx app.Context, e app.Event) {
	ctx.NewActionWithValue(actEdit, Edit{Path: f.Path, Value: ctx.JSSrc().Get("value").String()})
}

// describedBy is the id of the message under the input: the problem, else
// the hint.
func (f *textField) describedBy(id string) string {
	if f.Problem != "" {
		return id + ProblemSuffix
	}
	return id + "-hint"
}

// OnUpdate clears the input when its text becomes empty: go-app drops an
// empty value attribute instead of setting the value to "", which would
// leave the old text on screen (a name cleared by an imported file).
func (f *textField) OnUpdate(ctx app.Context) {
	if f.Text == "" {
		clearValue(ctx, fieldID(f.Path))
	}
}

// clearValue empties the value of the element with this id after the
// current update.
func clearValue(ctx app.Context, id string) {
	if !app.IsClient {
		return
	}
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() && el.Get("value").String() != "" {
			el.Set("value", "")
		}
	})
}
