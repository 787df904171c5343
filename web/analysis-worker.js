// analysis-worker.js: the rollout planner's capacity-review Web Worker.
//
// It runs the analysis WebAssembly module (analysis.wasm, built from
// ./cmd/analysisworker): the advisor, what-if sweeps and the sensitivity
// study, so that the page's own thread never runs a trial; its client is
// package worker/client's Analysis. wasm_exec.js and analysis.wasm are
// resolved against this script's own URL, so the site works under any
// sub-path. Messages:
//
//   worker → page  {type: 'ready'}                          once, when rolloutAnalyze exists
//   page → worker  {id, kind, scenario, options}            kind: 'advise' | 'sweep' | 'sensitivity';
//                                                           scenario: the scenario's JSON text;
//                                                           options: worker/analysis.Options as JSON text
//   worker → page  {type: 'progress', id, done, total}      runs (advise) or trials done so far
//   worker → page  {type: 'done', id, bytes}                bytes: ArrayBuffer (transferred) of
//                                                           the answer's UTF-8 JSON
//   worker → page  {type: 'error', id, message}             bad input, an invalid scenario or an
//                                                           engine failure
//
// go-worker.js loads the module and queues, answers and reports as every
// worker of the planner does: if the module cannot be loaded the worker
// posts {type: 'error', id: 0, message} and closes, and the page then
// runs the analysis itself. The page cancels an
// analysis by terminating the worker.
'use strict';

importScripts(new URL('go-worker.js', self.location.href).href);

serveGoModule('analysis-worker', 'analysis.wasm', ['rolloutAnalyze'], (msg, progress) => ({
  type: 'done',
  out: self.rolloutAnalyze(String(msg.kind), String(msg.scenario), String(msg.options || ''),
    (done, total) => progress({done, total})),
}));
