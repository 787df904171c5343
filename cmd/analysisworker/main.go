//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"syscall/js"

	"rolloutplanner/worker/analysis"
)

func main() {
	js.Global().Set("rolloutAnalyze", js.FuncOf(analyze))
	select {} // serve calls until the worker is terminated
}

// analyze is rolloutAnalyze(kind, scenarioJSON, optionsJSON, progress):
// see the package comment.
func analyze(_ js.Value, args []js.Value) any {
	if len(args) < 3 {
		return jsError("rolloutAnalyze needs (kind, scenarioJSON, optionsJSON[, progress]), got %d arguments", len(args))
	}
	var text [3]string
	for i, name := range []string{"kind", "scenarioJSON", "optionsJSON"} {
		v := args[i]
		switch {
		case v.Type() == js.TypeString:
			text[i] = v.String()
		case i == 2 && (v.IsUndefined() || v.IsNull()):
		default:
			return jsError("rolloutAnalyze: %s must be a string, not %s", name, v.Type())
		}
	}
	var progress func(done, total int)
	if len(args) > 3 && args[3].Type() == js.TypeFunction {
		fn := args[3]
		progress = func(done, total int) { fn.Invoke(done, total) }
	}
	out, err := analysis.Run(context.Background(), text[0], []byte(text[1]), []byte(text[2]), progress)
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
