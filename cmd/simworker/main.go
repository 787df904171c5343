//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"syscall/js"

	"rolloutplanner/worker/sim"
)

func main() {
	js.Global().Set("rolloutSimRun", js.FuncOf(run))
	js.Global().Set("rolloutSimReduce", js.FuncOf(reduceJS))
	js.Global().Set("rolloutSimBoot", js.FuncOf(bootJS))
	js.Global().Set("rolloutSimHeadline", js.FuncOf(headlineJS))
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
		v, err := intArg("rolloutSimRun", args[1+i], name)
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
	out, err := sim.Simulate([]byte(args[0].String()), n[0], n[1], n[2], progress)
	if err != nil {
		return jsError("%v", err)
	}
	return uint8Array(out)
}

// reduceJS is rolloutSimReduce(scenarioJSON, parts, ranges): see the
// package comment.
func reduceJS(_ js.Value, args []js.Value) any {
	return mergeJS("rolloutSimReduce", sim.Summarise, args)
}

// headlineJS is rolloutSimHeadline(scenarioJSON, parts, ranges): the
// headline cards of the merged parts as JSON (sim.Headlines), for the
// page's first script.
func headlineJS(_ js.Value, args []js.Value) any {
	return mergeJS("rolloutSimHeadline", sim.Headlines, args)
}

// mergeJS reads the arguments (scenarioJSON, parts, ranges) of function
// fn and returns what merge makes of them as a Uint8Array, or an Error.
func mergeJS(fn string, merge func([]byte, []sim.Part) ([]byte, error), args []js.Value) any {
	if len(args) < 3 {
		return jsError("%s needs (scenarioJSON, parts, ranges), got %d arguments", fn, len(args))
	}
	if args[0].Type() != js.TypeString {
		return jsError("%s: the scenario must be a JSON string, not %s", fn, args[0].Type())
	}
	list, ranges := args[1], args[2]
	if !isArray(list) || !isArray(ranges) || list.Length() != ranges.Length() {
		return jsError("%s: parts and ranges must be arrays of the same length", fn)
	}
	u8 := js.Global().Get("Uint8Array")
	parts := make([]sim.Part, list.Length())
	for i := range parts {
		p, r := list.Index(i), ranges.Index(i)
		if !p.InstanceOf(js.Global().Get("ArrayBuffer")) && !p.InstanceOf(u8) {
			return jsError("%s: part %d is not an ArrayBuffer or a Uint8Array", fn, i)
		}
		if !isArray(r) || r.Length() != 2 {
			return jsError("%s: range %d is not a pair [a, b]", fn, i)
		}
		for k, name := range []string{"a", "b"} {
			v, err := intArg(fn, r.Index(k), fmt.Sprintf("ranges[%d].%s", i, name))
			if err != nil {
				return jsError("%v", err)
			}
			parts[i].Range[k] = v
		}
		view := u8.New(p)
		parts[i].Bytes = make([]byte, view.Length())
		js.CopyBytesToGo(parts[i].Bytes, view)
	}
	out, err := merge([]byte(args[0].String()), parts)
	if err != nil {
		return jsError("%v", err)
	}
	return uint8Array(out)
}

// bootJS is rolloutSimBoot(linkCode, k, workers): worker k's share of the
// run of the page's link (sim.Boot), as {scenario, ranges: [[i, a, b]…], parts, trials}
// where i is the range's index in the whole run, with the run's count of
// ranges (parts) and trials, or an Error.
func bootJS(_ js.Value, args []js.Value) any {
	if len(args) < 3 || args[0].Type() != js.TypeString {
		return jsError("rolloutSimBoot needs (linkCode string, k, workers)")
	}
	k, err := intArg("rolloutSimBoot", args[1], "k")
	if err != nil {
		return jsError("%v", err)
	}
	n, err := intArg("rolloutSimBoot", args[2], "workers")
	if err != nil {
		return jsError("%v", err)
	}
	plan, err := sim.Boot(args[0].String(), k, n)
	if err != nil {
		return jsError("%v", err)
	}
	ranges := make([]any, len(plan.Mine))
	for j, i := range plan.Mine {
		ranges[j] = []any{i, plan.Ranges[i][0], plan.Ranges[i][1]}
	}
	return map[string]any{"scenario": string(plan.Text), "ranges": ranges, "parts": len(plan.Ranges), "trials": plan.Scenario.Trials}
}

func isArray(v js.Value) bool { return js.Global().Get("Array").Call("isArray", v).Bool() }

// uint8Array copies b into a new Uint8Array.
func uint8Array(b []byte) js.Value {
	out := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(out, b)
	return out
}

// intArg reads a whole JavaScript number, the argument name of function
// fn.
func intArg(fn string, v js.Value, name string) (int, error) {
	if v.Type() != js.TypeNumber {
		return 0, fmt.Errorf("%s: %s must be a whole number, not %s", fn, name, v.Type())
	}
	f := v.Float()
	if f != math.Trunc(f) || math.Abs(f) > sim.MaxTrialIndex {
		return 0, fmt.Errorf("%s: %s must be a whole number within ±%d, not %v", fn, name, sim.MaxTrialIndex, f)
	}
	return int(f), nil
}

// jsError returns a JavaScript Error with the formatted message.
func jsError(format string, args ...any) js.Value {
	return js.Global().Get("Error").New(fmt.Sprintf(format, args...))
}
