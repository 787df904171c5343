// Command analysisworker is the rollout planner's capacity-review
// WebAssembly module: the advisor, what-if sweeps and the sensitivity
// study, run in a Web Worker so that the page's thread never runs a
// trial. It is built for the browser and loaded by web/analysis-worker.js:
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o web/analysis.wasm ./cmd/analysisworker
//
// It imports the engine and the analyses (model, planner, planner/advisor,
// planner/whatif, through package worker/analysis) and nothing from the UI, from
// plotting or from the report. Its main registers one JavaScript function
// on globalThis and then stays alive:
//
//	rolloutAnalyze(kind, scenarioJSON, optionsJSON, progress) → Uint8Array | Error
//
// kind is "advise", "sweep" or "sensitivity"; scenarioJSON is the
// scenario's JSON text; optionsJSON is analysis.Options as JSON text (""
// for none); progress, when a function, is called as progress(done,
// total) while the work advances (runs for "advise", trials otherwise).
// It is analysis.Run; the result is the UTF-8 JSON of the answer, which
// the page decodes with analysis.DecodeAdvice, DecodeSweep or
// DecodeSensitivity (package worker/analysis documents them). Bad input, an
// invalid scenario (every problem with its field path) or an internal
// failure is returned, not thrown, as a JavaScript Error whose message
// says what is wrong.
//
// The call blocks until the analysis is done, which is what a worker is
// for; the page cancels an analysis by terminating the worker. Built
// natively, the command only explains that it is a WebAssembly module;
// the work itself is package analysis, tested natively.
package main
