package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// saveFile offers d as a download: a Blob, an object URL and a clicked
// <a download>. Outside the browser it does nothing.
func saveFile(d download) {
	if !app.IsClient {
		return
	}
	win := app.Window()
	u8 := win.Get("Uint8Array").New(len(d.Data))
	app.CopyBytesToJS(u8, d.Data)
	parts := win.Get("Array").New()
	parts.Call("push", u8)
	blob := win.Get("Blob").New(parts, map[string]any{"type": d.Type})
	href := win.Get("URL").Call("createObjectURL", blob).String()
	doc := win.Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", href)
	a.Set("download", d.Name)
	a.Get("style").Set("display", "none")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	go func() {
		time.Sleep(10 * time.Second) // the download has started by then
		app.Window().Get("URL").Call("revokeObjectURL", href)
	}()
}
