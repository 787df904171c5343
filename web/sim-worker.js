// sim-worker.js: the rollout planner's simulation Web Worker.
//
// It runs the simulation-only WebAssembly module (sim.wasm, built from
// ./cmd/simworker) and answers the page's client (package worker/client,
// Pool). wasm_exec.js and sim.wasm are resolved against this script's own
// URL, so the site works under any sub-path. Messages:
//
//   worker → page  {type: 'ready'}                      once, when rolloutSimRun exists
//   page → worker  {id, scenario, a, b, chunk}          scenario: the scenario's JSON text
//   worker → page  {type: 'progress', id, done}         trials of [a, b) finished so far
//   worker → page  {type: 'done', id, bytes}            bytes: ArrayBuffer (transferred) of
//                                                       the accumulator's MarshalBinary
//   worker → page  {type: 'error', id, message}         bad input or an engine failure
//   page → worker  {type: 'reduce', id, scenario, parts, ranges}
//                                                       parts: the ArrayBuffers of 'done'
//                                                       messages; ranges: their [a, b]
//   worker → page  {type: 'reduced', id, bytes}         bytes: ArrayBuffer (transferred) of
//                                                       the merged Result and Charts
//                                                       (sim.Summary, package worker/sim)
//
// A message without a type (or with type 'run') runs trials; 'reduce'
// merges the ranges of a finished run and summarises them, so that the
// page never sorts or merges 100,000 trials on its own thread.
//
// go-worker.js loads the module and queues, answers and reports as every
// worker of the planner does: if the module cannot be loaded the worker
// posts {type: 'error', id: 0, message} and closes, and the page then
// runs without it. The page cancels a run by terminating the worker.
'use strict';

importScripts(new URL('go-worker.js', self.location.href).href);

serveGoModule('sim-worker', 'sim.wasm', ['rolloutSimRun', 'rolloutSimReduce'], (msg, progress) => {
  if (msg && msg.type === 'reduce') {
    return {type: 'reduced', out: self.rolloutSimReduce(msg.scenario, msg.parts, msg.ranges)};
  }
  return {
    type: 'done',
    out: self.rolloutSimRun(msg.scenario, msg.a, msg.b, msg.chunk || 0, (done) => progress({done})),
  };
});
