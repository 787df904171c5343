//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"syscall/js"
)

func main() {
	js.Global().Set("rolloutSimRun", js.FuncOf(run))
	select {} // serve calls until the worker is terminated
}

// run is rolloutSimRun(scenarioJSON, a, b, chunk, progress): see the
// package comment.
func run(_ js.Value, args []js.Value) any {
	if len(args) < 4 {
		return jsError("rolloutSimRun needs (scenarioJSON, a, b, chunk[, progress]), got %d arguments", len(args))
	}
	if args[0].Type() != js.TypeString {
		return jsError("rolloutSimRun: the scenario must be a JSON string, not %s", args[0].Type())
	}
	var n [3]int
	for i, name := range []string{"a", "b", "chunk"} {
		v, err := intArg(args[1+i], name)
		if err != nil {
			return jsError("%v", err)
		}
		n[i] = v
	}
	var progress func(int)
	if len(args) > 4 && args[4].Type() == js.TypeFunction {
		fn := args[4]
		progress = func(done int) { fn.Invoke(done) }
	}
	out, err := simulate([]byte(args[0].String()), n[0], n[1], n[2], progress)
	if err != nil {
		return jsError("%v", err)
	}
	bytes := js.Global().Get("Uint8Array").New(len(out))
	js.CopyBytesToJS(bytes, out)
	return bytes
}

// intArg reads a whole JavaScript number.
func intArg(v js.Value, name string) (int, error) {
	if v.Type() != js.TypeNumber {
		return 0, fmt.Errorf("rolloutSimRun: %s must be a whole number, not %s", name, v.Type())
	}
	f := v.Float()
	if f != math.Trunc(f) || math.Abs(f) > maxTrialIndex {
		return 0, fmt.Errorf("rolloutSimRun: %s must be a whole number within ±%d, not %v", name, maxTrialIndex, f)
	}
	return int(f), nil
}

// jsError returns a JavaScript Error with the formatted message.
func jsError(format string, args ...any) js.Value {
	return js.Global().Get("Error").New(fmt.Sprintf(format, args...))
}
