// chart-worker.js: the rollout planner's chart Web Worker.
//
// It runs the chart WebAssembly module (chart.wasm, built from
// ./cmd/chartworker), which draws a run's charts with gonum/plot, so that
// the page's own thread only inserts their SVG text. The page starts it
// lazily, once its first figure is on screen. wasm_exec.js and chart.wasm
// are resolved against this script's own URL, so the site works under any
// sub-path. Messages:
//
//   worker → page  {type: 'ready'}                      once, when rolloutDrawCharts exists
//   page → worker  {id, summary, scenario, layout}      summary: ArrayBuffer of the run's
//                                                       sim.Summary; scenario: its JSON text;
//                                                       layout: 'compact' (a phone) or 'wide'
//   worker → page  {type: 'drawn', id, bytes}           bytes: ArrayBuffer (transferred) of
//                                                       the charts (chartdraw.Marshal)
//   worker → page  {type: 'error', id, message}         bad input or a drawing failure
//
// go-worker.js loads the module and queues, answers and reports as every
// worker of the planner does: if the module cannot be loaded the worker
// posts {type: 'error', id: 0, message} and closes, and the page then
// draws its charts itself.
'use strict';

importScripts(new URL('go-worker.js', self.location.href).href);

serveGoModule('chart-worker', 'chart.wasm', ['rolloutDrawCharts'], (msg) => ({
  type: 'drawn',
  out: self.rolloutDrawCharts(new Uint8Array(msg.summary), String(msg.scenario), String(msg.layout || 'wide')),
}));
