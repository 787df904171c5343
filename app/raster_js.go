//go:build js

package app

import (
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// rasterPNG is the browser's PNG of a chart: the SVG drawn into a
// 1600 × 900 canvas by the browser's own renderer, in a few tens of
// milliseconds. Drawing the PNG in Go (charts.PNG) takes seconds of the
// page's only thread under WebAssembly, which cannot be interrupted.
var rasterPNG = browserPNG

// rasterTimeout bounds the wait for the browser's drawing.
const rasterTimeout = 30 * time.Second

// browserPNG draws svg, markup of package charts, into a canvas of
// pngWidth × pngHeight pixels and returns its PNG. It blocks the calling
// goroutine, never the page: it must not run on the UI goroutine.
func browserPNG(svg []byte) ([]byte, error) {
	type answer struct {
		png []byte
		err error
	}
	done := make(chan answer, 1)
	send := func(a answer) {
		select {
		case done <- a:
		default:
		}
	}
	win := app.Window()
	u8 := win.Get("Uint8Array").New(len(svg))
	app.CopyBytesToJS(u8, svg)
	parts := win.Get("Array").New()
	parts.Call("push", u8)
	blob := win.Get("Blob").New(parts, map[string]any{"type": "image/svg+xml"})
	href := win.Get("URL").Call("createObjectURL", blob).String()
	defer win.Get("URL").Call("revokeObjectURL", href)

	img := win.Get("Image").New()
	var onload, onerror, onblob app.Func
	onblob = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 0 || !args[0].Truthy() {
			send(answer{err: errors.New("the browser made no PNG of the chart")})
			return nil
		}
		args[0].Call("arrayBuffer").Then(func(buf app.Value) {
			arr := win.Get("Uint8Array").New(buf)
			b := make([]byte, arr.Length())
			app.CopyBytesToGo(b, arr)
			send(answer{png: b})
		})
		return nil
	})
	onload = app.FuncOf(func(this app.Value, args []app.Value) any {
		canvas := win.Get("document").Call("createElement", "canvas")
		canvas.Set("width", pngWidth)
		canvas.Set("height", pngHeight)
		c2 := canvas.Call("getContext", "2d")
		c2.Set("fillStyle", "#ffffff")
		c2.Call("fillRect", 0, 0, pngWidth, pngHeight)
		c2.Call("drawImage", img, 0, 0, pngWidth, pngHeight)
		canvas.Call("toBlob", onblob, "image/png")
		return nil
	})
	onerror = app.FuncOf(func(this app.Value, args []app.Value) any {
		send(answer{err: errors.New("the browser could not read the chart's SVG")})
		return nil
	})
	defer onload.Release()
	defer onerror.Release()
	defer onblob.Release()
	img.Set("onload", onload)
	img.Set("onerror", onerror)
	img.Set("src", href)
	select {
	case a := <-done:
		return a.png, a.err
	case <-time.After(rasterTimeout):
		return nil, errors.New("the browser took too long to draw the chart")
	}
}
