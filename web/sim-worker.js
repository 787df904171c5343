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
//   page → worker  {type: 'boot', id, link, k, n}       sent by web/boot.js before the page
//                                                       has loaded: decode the link code
//                                                       ('' for the default preset) and run
//                                                       worker k of n's share of its ranges
//   worker → page  {type: 'plan', id, parts, trials, scenario}
//                                                       the boot run: its count of ranges and
//                                                       trials, and the link's scenario JSON
//   worker → page  {type: 'progress', id, part, done}   trials of range part finished so far
//   worker → page  {type: 'part', id, part, a, b, bytes} range part = [a, b) is finished
//   worker → page  {type: 'booted', id, bytes}          the share is done (bytes empty)
//
//   page → worker  {type: 'headline', id, scenario, parts, ranges}
//                                                       as 'reduce', sent by web/boot.js
//   worker → page  {type: 'headline', id, bytes}        bytes: the headline cards of the
//                                                       merged ranges, JSON (sim.Headline)
//
// Between two ranges of its boot share the worker answers the messages
// that came meanwhile: the page's client sends 'reduce' messages of the
// first ranges to show a partial estimate while the run goes on. Replies
// to them carry their own id.
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

// bootChunk is worker/client's WorkerChunk: trials between progress messages.
const bootChunk = 250;

serveGoModule('sim-worker', 'sim.wasm', ['rolloutSimRun', 'rolloutSimReduce', 'rolloutSimBoot', 'rolloutSimHeadline'], (msg, progress, post) => {
  if (msg && msg.type === 'boot') {
    const plan = self.rolloutSimBoot(String(msg.link || ''), msg.k, msg.n);
    if (plan instanceof Error) {
      return {type: 'booted', out: plan};
    }
    self.postMessage({type: 'plan', id: msg.id, parts: plan.parts, trials: plan.trials, scenario: plan.scenario});
    // Between two ranges the worker yields to its event loop, so that a
    // 'reduce' the page sends (a partial estimate) is answered before
    // the next range rather than after the whole share.
    return (async () => {
      for (const [part, a, b] of plan.ranges) {
        const out = self.rolloutSimRun(plan.scenario, a, b, bootChunk, (done) => progress({part, done}));
        if (out instanceof Error) {
          return {type: 'booted', out};
        }
        post({type: 'part', part, a, b}, out);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return {type: 'booted', out: new Uint8Array(0)};
    })();
  }
  if (msg && msg.type === 'headline') {
    return {type: 'headline', out: self.rolloutSimHeadline(msg.scenario, msg.parts, msg.ranges)};
  }
  if (msg && msg.type === 'reduce') {
    return {type: 'reduced', out: self.rolloutSimReduce(msg.scenario, msg.parts, msg.ranges)};
  }
  return {
    type: 'done',
    out: self.rolloutSimRun(msg.scenario, msg.a, msg.b, msg.chunk || 0, (done) => progress({done})),
  };
});
