// Package worker is the home of the rollout planner's two Web Workers and
// of the page's client of them; it holds no code itself.
//
//   - worker/sim: the simulation worker (cmd/simworker, web/sim-worker.js,
//     one per core). It runs ranges of trials and posts each range's
//     accumulator bytes; at the end of a run one worker merges them and
//     posts a sim.Summary (Result, Charts, overflow) in a compact binary
//     form, the only encoding of a run made for the page.
//   - worker/analysis: the capacity-review worker (cmd/analysisworker,
//     web/analysis-worker.js, started on first use). It runs the advisor,
//     sweeps and sensitivity studies and posts the JSON of the planner's
//     own types, which decode themselves (planner.Result's JSON is the
//     command line's -json form).
//   - worker/client: the page's side, over syscall/js: Pool hands ranges
//     to the simulation workers and has one reduce them; Analysis runs one
//     analysis at a time in the analysis worker. Both share one Web Worker
//     wrapper (webworker_js.go) and fall back to running in the page when
//     the browser has no worker.
//
// The wire, shared by both scripts through web/go-worker.js: the worker
// posts {type: 'ready'} once loaded; the page posts {id, ...request};
// the worker answers {type: 'progress', id, ...}, then {type, id, bytes}
// (an ArrayBuffer, transferred) or {type: 'error', id, message}. An
// error with id 0 means the module did not load. The page cancels by
// terminating the worker.
package worker
