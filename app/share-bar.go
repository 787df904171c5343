package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// shareBar shows the scenario's link in a read-only input and copies it.
type shareBar struct {
	app.Compo

	Link    string // the full link, "" when there is none
	Problem string // why there is no link

	copied bool
}

func newShareBar(link, problem string) *shareBar { return &shareBar{Link: link, Problem: problem} }

func (b *shareBar) Render() app.UI {
	label := "Copy link"
	if b.copied {
		label = "Copied ✓"
	}
	return app.Div().Class("share").Body(
		app.Label().For(ShareLinkID).Text("Link to this scenario"),
		app.Div().Class("share-row").Body(
			app.Input().ID(ShareLinkID).Type("text").ReadOnly(true).Value(b.Link).
				Aria("describedby", "share-problem").
				OnFocus(func(ctx app.Context, e app.Event) { ctx.JSSrc().Call("select") }),
			app.Button().ID(CopyLinkID).Type("button").Disabled(b.Link == "").Text(label).OnClick(b.onCopy),
		),
		app.If(b.Problem != "", func() app.UI {
			return app.P().ID("share-problem").Class(ProblemClass).Text(b.Problem)
		}),
	)
}

// OnUpdate clears the link's input when there is no link (see
// textField.OnUpdate).
func (b *shareBar) OnUpdate(ctx app.Context) {
	if b.Link == "" {
		clearValue(ctx, ShareLinkID)
	}
}

// onCopy writes the link to the clipboard, or selects it for the user to
// copy where the clipboard API is missing (plain http on a LAN address).
func (b *shareBar) onCopy(ctx app.Context, e app.Event) {
	if b.Link == "" {
		return
	}
	clip := app.Window().Get("navigator").Get("clipboard")
	if clip.Truthy() {
		clip.Call("writeText", b.Link)
	} else if in := app.Window().GetElementByID(ShareLinkID); in.Truthy() {
		in.Call("select")
		app.Window().Get("document").Call("execCommand", "copy")
	}
	b.copied = true
	ctx.After(2*time.Second, func(ctx app.Context) { b.copied = false })
}
