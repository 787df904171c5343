//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"

	"rolloutplanner/worker/chartdraw"
)

func main() {
	js.Global().Set("rolloutDrawCharts", js.FuncOf(draw))
	select {} // serve calls until the worker is terminated
}

// draw is rolloutDrawCharts(summary, scenarioJSON, layout): see the
// package comment. layout may be left out: chartdraw.Wide.
func draw(_ js.Value, args []js.Value) any {
	if len(args) < 2 || args[1].Type() != js.TypeString || !args[0].InstanceOf(js.Global().Get("Uint8Array")) {
		return jsError("rolloutDrawCharts needs (summary Uint8Array, scenarioJSON string, layout string)")
	}
	layout := chartdraw.Wide
	if len(args) > 2 && args[2].Type() == js.TypeString {
		layout = args[2].String()
	}
	summary := make([]byte, args[0].Length())
	js.CopyBytesToGo(summary, args[0])
	out, err := chartdraw.Draw(summary, []byte(args[1].String()), layout)
	if err != nil {
		return jsError("%v", err)
	}
	u8 := js.Global().Get("Uint8Array").New(len(out))
	js.CopyBytesToJS(u8, out)
	return u8
}

// jsError returns a JavaScript Error with the formatted message.
func jsError(format string, args ...any) js.Value {
	return js.Global().Get("Error").New(fmt.Sprintf(format, args...))
}
