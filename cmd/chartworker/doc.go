// Command chartworker is the rollout planner's chart WebAssembly module:
// it draws a run's charts with gonum/plot in a Web Worker, so that the
// page's thread only inserts SVG text. It is built for the browser and
// loaded by web/chart-worker.js, which the page starts lazily, after its
// first figure is on screen:
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o web/chart.wasm ./cmd/chartworker
//
// Its main registers one JavaScript function on globalThis and then stays
// alive:
//
//	rolloutDrawCharts(summary, scenarioJSON, layout) → Uint8Array | Error
//
// summary is a Uint8Array of the run's sim.Summary (package worker/sim,
// MarshalBinary); scenarioJSON is the scenario's JSON text; layout is
// "wide" (the slide size, the default) or "compact" (a phone's screen,
// charts.SVGCompact). The answer is
// chartdraw.Draw's answer (every chart's id and SVG markup, chartdraw.Marshal), which the page
// reads with chartdraw.Decode. Bad input is returned, not thrown, as a
// JavaScript Error. Built natively, the command only explains that it is
// a WebAssembly module; the work itself is package chartdraw, tested
// natively.
package main
