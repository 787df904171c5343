package app

import (
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// textField is one labelled input of the scenario form. It commits its
// text as the user types, once typing pauses for TypingDebounce, and on
// change (blur or Enter): it posts an Edit with the field's path, and the
// page answers with the new Text and Problem. A commit while typing
// leaves the input alone (no focus change, no rewrite of the text, the
// browser's own text undo intact); a text that does not parse shows its
// problem and stays as typed.
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
	Name      string // the accessible name when the visible label is short ("Warm-up P95"), if any

	shown  string // the text last put into the input (live page)
	synced bool   // shown is valid
	typed  int    // counts input events: a pending commit runs only if no later one came
}

// TypingDebounce is how long typing must pause before a field commits
// what it holds: long enough that a number typed at an ordinary pace
// commits once, short enough that its figures follow within half a
// second (make perf). A pause mid-number costs little: the next commit's
// run replaces this one, and the workers' ranges about to end finish
// rather than being restarted (worker/client.DrainLimit).
const TypingDebounce = 250 * time.Millisecond

func newTextField(path, label string) *textField {
	return &textField{Path: path, Label: label}
}

func (f *textField) text(t string) *textField    { f.Text = t; return f }
func (f *textField) problem(p string) *textField { f.Problem = p; return f }
func (f *textField) numeric() *textField         { f.Numeric = true; return f }
func (f *textField) multiline() *textField       { f.Multiline = true; return f }
func (f *textField) compact() *textField         { f.Compact = true; return f }
func (f *textField) named(n string) *textField   { f.Name = n; return f }
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
	var row app.UI
	if f.Multiline {
		ta := app.Textarea().
			ID(id).
			DataSet("path", f.Path).
			Rows(3).
			Attr("value", f.Text).
			Aria("invalid", f.Problem != "").
			Aria("describedby", f.describedBy(id)).
			Spellcheck(false).
			OnInput(f.onInput).
			OnChange(f.onChange)
		if f.Name != "" {
			ta = ta.Aria("label", f.Name)
		}
		row = app.Div().Class("input-row").Body(ta, f.renderUnit())
	} else {
		in := app.Input().
			ID(id).
			Type("text").
			DataSet("path", f.Path).
			Aria("invalid", f.Problem != "").
			Aria("describedby", f.describedBy(id)).
			Spellcheck(false).
			AutoComplete(false).
			OnInput(f.onInput).
			OnChange(f.onChange)
		if !app.IsClient {
			in = in.Value(f.Text) // pre-rendered; the live page syncs it (see sync)
		}
		if f.Name != "" {
			in = in.Aria("label", f.Name)
		}
		if f.Numeric {
			in = in.Class("num").Attr("inputmode", "decimal")
		}
		// A form of its own lets sync reset the input; Enter must not
		// submit it anywhere (see preventFieldSubmits).
		row = app.Form().Class(fieldFormClass).Body(in, f.renderUnit())
	}
	return app.Div().Class(class).Body(
		app.Label().For(id).Text(f.Label),
		row,
		app.If(f.Problem != "", func() app.UI {
			return app.P().ID(id + ProblemSuffix).Class(ProblemClass).Role("alert").Text(f.Problem)
		}).ElseIf(f.Hint != "" && !f.Compact, func() app.UI {
			return app.P().ID(id + "-hint").Class("hint").Text(f.Hint)
		}),
	)
}

func (f *textField) renderUnit() app.UI {
	return app.If(f.Unit != "", func() app.UI { return app.Span().Class("unit").Text(f.Unit) })
}

// onInput commits the field's text once typing pauses for
// TypingDebounce, if the input still holds it then.
func (f *textField) onInput(ctx app.Context, e app.Event) {
	v := ctx.JSSrc().Get("value").String()
	f.typed++
	n, id := f.typed, fieldID(f.Path)
	ctx.After(TypingDebounce, func(ctx app.Context) {
		if f.typed != n {
			return // more typing, or the change event committed it
		}
		el := app.Window().GetElementByID(id)
		if !el.Truthy() || el.Get("value").String() != v {
			return // the field is gone (a removed role) or shows another text
		}
		if !f.Multiline {
			// The page answers with Text = v: sync must not rewrite the
			// input, where the caret and the text undo live.
			f.shown, f.synced = v, true
		}
		ctx.NewActionWithValue(actEditTyped, Edit{Path: f.Path, Value: v})
	})
}

func (f *textField) onChange(ctx app.Context, e app.Event) {
	f.typed++ // a pending commit of the typing is this one
	el := ctx.JSSrc()
	v := el.Get("value").String()
	if !f.Multiline {
		setClean(el, v)
		f.shown, f.synced = v, true
	}
	ctx.NewActionWithValue(actEdit, Edit{Path: f.Path, Value: v})
}

// describedBy is the id of the message under the input: the problem, else
// the hint.
func (f *textField) describedBy(id string) string {
	if f.Problem != "" {
		return id + ProblemSuffix
	}
	return id + "-hint"
}

// OnMount shows the field's text in the live page.
func (f *textField) OnMount(ctx app.Context) {
	preventFieldSubmits()
	f.sync(ctx)
}

// fieldFormClass is the class of the form around each text input.
const fieldFormClass = "input-row"

var submitGuard sync.Once

// preventFieldSubmits stops Enter in a field from submitting its form,
// once for the whole page: a listener on the document cancels the submit
// event of every field's form. It replaces an inline onsubmit attribute,
// which the page's Content-Security-Policy would have to allow. A
// go-app OnSubmit handler cannot do it: go-app runs handlers on its UI
// goroutine after the browser's listener has returned, too late for
// preventDefault. The listener lives as long as the page.
func preventFieldSubmits() {
	if !app.IsClient {
		return
	}
	submitGuard.Do(func() {
		guard := app.FuncOf(func(this app.Value, args []app.Value) any {
			if len(args) > 0 {
				if t := args[0].Get("target"); t.Truthy() && t.Get("classList").Call("contains", fieldFormClass).Bool() {
					args[0].Call("preventDefault")
				}
			}
			return nil
		})
		app.Window().Get("document").Call("addEventListener", "submit", guard, true)
	})
}

// OnUpdate shows a new text, such as a preset's value.
func (f *textField) OnUpdate(ctx app.Context) { f.sync(ctx) }

// sync puts f.Text into the input unless it already shows it. The input
// gets its text as its default value and is then reset, rather than
// through its value property: the input stays "clean", so its displayed
// value follows its value attribute, which is what tools that clear a
// field by emptying that attribute (chromedp's Clear) expect. go-app's
// own value handling would also leave the old text when the new one is
// empty.
func (f *textField) sync(ctx app.Context) {
	if !app.IsClient || f.Multiline || (f.synced && f.shown == f.Text) {
		return
	}
	f.shown, f.synced = f.Text, true
	id, text := fieldID(f.Path), f.Text
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			setClean(el, text)
		}
	})
}

// setClean makes v the input's default value and resets the input to it,
// through its own form, which clears the input's "dirty" flag.
func setClean(el app.Value, v string) {
	el.Set("defaultValue", v)
	if form := el.Get("form"); form.Truthy() {
		form.Call("reset")
	} else {
		el.Set("value", v)
	}
}

// clearValue empties the value of the element with this id after the
// current update: go-app drops an empty value attribute instead of
// setting the value to "", which would leave the old text on screen.
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
