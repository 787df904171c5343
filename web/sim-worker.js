// sim-worker.js: the rollout planner's simulation Web Worker.
//
// It runs the simulation-only WebAssembly module (sim.wasm, built from
// ./cmd/simworker) and answers the page's runner (package app/runner,
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
//                                                       (package app/runner/reduced)
//
// A message without a type (or with type 'run') runs trials; 'reduce'
// merges the ranges of a finished run and summarises them, so that the
// page never sorts or merges 100,000 trials on its own thread.
//
// If the module cannot be loaded the worker posts {type: 'error', id: 0,
// message} and closes; the page then runs without it. The page cancels a
// run by terminating the worker.
'use strict';

const base = self.location.href;
const queue = []; // messages that arrive before the module is ready
let ready = false;

self.onmessage = (ev) => {
  if (ready) {
    run(ev.data);
  } else {
    queue.push(ev.data);
  }
};

function run(msg) {
  const id = msg && msg.id;
  const reduce = msg && msg.type === 'reduce';
  let out;
  try {
    if (reduce) {
      out = self.rolloutSimReduce(msg.scenario, msg.parts, msg.ranges);
    } else {
      out = self.rolloutSimRun(msg.scenario, msg.a, msg.b, msg.chunk || 0,
        (done) => self.postMessage({type: 'progress', id, done}));
    }
  } catch (err) {
    // rolloutSimRun returns its errors; a throw is a crashed module.
    self.postMessage({type: 'error', id, message: 'sim-worker: ' + String(err && err.message || err)});
    return;
  }
  if (out instanceof Error) {
    self.postMessage({type: 'error', id, message: out.message});
    return;
  }
  let buf = out.buffer;
  if (out.byteOffset !== 0 || out.byteLength !== buf.byteLength) {
    buf = buf.slice(out.byteOffset, out.byteOffset + out.byteLength);
  }
  self.postMessage({type: reduce ? 'reduced' : 'done', id, bytes: buf}, [buf]);
}

async function instantiate(url, imports) {
  const resp = await fetch(url);
  if (!resp.ok) {
    throw new Error(`cannot load ${url}: HTTP ${resp.status}`);
  }
  // Streaming compilation needs the application/wasm type, which some
  // static hosts do not send.
  const type = resp.headers.get('Content-Type') || '';
  if (WebAssembly.instantiateStreaming && type.startsWith('application/wasm')) {
    return WebAssembly.instantiateStreaming(resp, imports);
  }
  return WebAssembly.instantiate(await resp.arrayBuffer(), imports);
}

async function start() {
  importScripts(new URL('wasm_exec.js', base).href);
  const go = new Go();
  const {instance} = await instantiate(new URL('sim.wasm', base).href, go.importObject);
  // run returns a promise that settles only when main returns, which it
  // never does; rolloutSimRun is registered before run yields.
  go.run(instance).catch((err) => console.error('sim-worker: the module stopped:', err));
  if (typeof self.rolloutSimRun !== 'function' || typeof self.rolloutSimReduce !== 'function') {
    throw new Error('sim.wasm did not register rolloutSimRun and rolloutSimReduce');
  }
  ready = true;
  self.postMessage({type: 'ready'});
  while (queue.length > 0) {
    run(queue.shift());
  }
}

start().catch((err) => {
  self.postMessage({type: 'error', id: 0, message: 'sim-worker: ' + String(err && err.message || err)});
  self.close();
});
