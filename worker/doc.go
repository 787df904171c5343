// Package worker is the home of the rollout planner's three Web Workers
// and of the page's client of them; it holds no code itself.
//
//   - worker/sim: the simulation worker (cmd/simworker, web/sim-worker.js,
//     one per core). It runs ranges of trials and posts each range's
//     accumulator bytes; at the end of a run one worker merges them and
//     posts a sim.Summary (Result, Charts, overflow) in a compact binary
//     form, the only encoding of a run made for the page. Before the page
//     has loaded, web/boot.js starts these workers on the page's link and
//     has one of them merge the first ranges into the headline cards
//     (sim.Headlines, JSON of package internal/headline), which it shows
//     itself; the page then adopts the workers and their run.
//   - worker/chartdraw: the chart worker (cmd/chartworker,
//     web/chart-worker.js, started after the first figure). It draws a
//     run's charts from its sim.Summary and posts their SVG text
//     (chartdraw.Marshal: length-prefixed, read at the speed of a copy),
//     so that gonum/plot never runs on the page's thread for a run.
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
// The wire, shared by every script through web/go-worker.js: the worker
// posts {type: 'ready'} once loaded; the page posts {id, ...request};
// the worker answers {type: 'progress', id, ...}, then {type, id, bytes}
// (an ArrayBuffer, transferred) or {type: 'error', id, message}. An
// error with id 0 means the module did not load. The page cancels by
// terminating the worker, except that a run replaced by another leaves
// ranges about to end to finish (client.DrainLimit).
package worker
