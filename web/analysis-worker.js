// analysis-worker.js: the rollout planner's capacity-review Web Worker.
//
// It runs the analysis WebAssembly module (analysis.wasm, built from
// ./cmd/analysisworker): the advisor, what-if sweeps and the sensitivity
// study, so that the page's own thread never runs a trial. wasm_exec.js
// and analysis.wasm are resolved against this script's own URL, so the
// site works under any sub-path. Messages:
//
//   worker → page  {type: 'ready'}                          once, when rolloutAnalyze exists
//   page → worker  {id, kind, scenario, options}            kind: 'advise' | 'sweep' | 'sensitivity';
//                                                           scenario: the scenario's JSON text;
//                                                           options: analysis.Options as JSON text
//   worker → page  {type: 'progress', id, done, total}      runs (advise) or trials done so far
//   worker → page  {type: 'done', id, bytes}                bytes: ArrayBuffer (transferred) of
//                                                           the answer's UTF-8 JSON
//   worker → page  {type: 'error', id, message}             bad input, an invalid scenario or an
//                                                           engine failure
//
// Messages that arrive while the module loads wait in a queue. If the
// module cannot be loaded the worker posts {type: 'error', id: 0, message}
// and closes; the page then runs the analysis itself. The page cancels an
// analysis by terminating the worker.
'use strict';

const base = self.location.href;
const queue = []; // messages that arrive before the module is ready
let ready = false;

self.onmessage = (ev) => {
  if (ready) {
    analyze(ev.data);
  } else {
    queue.push(ev.data);
  }
};

function analyze(msg) {
  const id = msg && msg.id;
  let out;
  try {
    out = self.rolloutAnalyze(String(msg.kind), String(msg.scenario), String(msg.options || ''),
      (done, total) => self.postMessage({type: 'progress', id, done, total}));
  } catch (err) {
    // rolloutAnalyze returns its errors; a throw is a crashed module.
    self.postMessage({type: 'error', id, message: 'analysis-worker: ' + String(err && err.message || err)});
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
  self.postMessage({type: 'done', id, bytes: buf}, [buf]);
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
  const {instance} = await instantiate(new URL('analysis.wasm', base).href, go.importObject);
  // run returns a promise that settles only when main returns, which it
  // never does; rolloutAnalyze is registered before run yields.
  go.run(instance).catch((err) => console.error('analysis-worker: the module stopped:', err));
  if (typeof self.rolloutAnalyze !== 'function') {
    throw new Error('analysis.wasm did not register rolloutAnalyze');
  }
  ready = true;
  self.postMessage({type: 'ready'});
  while (queue.length > 0) {
    analyze(queue.shift());
  }
}

start().catch((err) => {
  self.postMessage({type: 'error', id: 0, message: 'analysis-worker: ' + String(err && err.message || err)});
  self.close();
});
