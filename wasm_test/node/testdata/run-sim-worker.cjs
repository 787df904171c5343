// run-sim-worker.cjs drives web/sim-worker.js in Node's worker_threads the
// way app/runner's Pool drives it in a browser: worker_test.go runs
//
//   node run-sim-worker.cjs job.json
//
// where job.json is {"dir": <directory holding sim-worker.js, wasm_exec.js
// and sim.wasm>, "workers": n, "jobs": [{"scenario": <JSON text>, "a", "b",
// "chunk"}, …]}. It starts n workers, posts the first jobs at once (before
// the workers are ready, so the worker's queue is used), hands each later
// job to whichever worker is free, and prints one JSON line:
// {"ready": [bool per worker], "results": [{"worker", "progress": [done…],
// "bytes": base64 | null, "error": text | null, "ms"} per job],
// "reduced": [{"bytes", "error", "ms"} per reduction]}.
//
// job.json may also list "reduces": [{"scenario", "parts": [job index…],
// "ranges": [[a, b]…]}]: once every job is done, each is posted in turn to
// worker 0 as {type: 'reduce'} with the ArrayBuffers of those jobs'
// results, as the page's Pool does at the end of a run.
//
// Each worker thread gets a small shim that gives it what a browser's
// DedicatedWorkerGlobalScope has and Node's worker_threads lack: self,
// location, importScripts, postMessage/onmessage, close, and fetch of
// file: URLs.
'use strict';

const fs = require('fs');
const path = require('path');
const url = require('url');
const vm = require('vm');
const {Worker, isMainThread, parentPort, workerData} = require('worker_threads');

if (!isMainThread) {
  const scriptURL = url.pathToFileURL(path.join(workerData.dir, 'sim-worker.js')).href;
  globalThis.self = globalThis;
  self.location = {href: scriptURL};
  self.importScripts = (...urls) => {
    for (const u of urls) {
      const file = url.fileURLToPath(new URL(u, scriptURL));
      vm.runInThisContext(fs.readFileSync(file, 'utf8'), {filename: file});
    }
  };
  self.postMessage = (msg, transfer) => parentPort.postMessage(msg, transfer);
  self.close = () => parentPort.close();
  parentPort.on('message', (data) => {
    if (typeof self.onmessage === 'function') self.onmessage({data});
  });
  const netFetch = globalThis.fetch;
  self.fetch = async (u) => {
    const target = new URL(u, scriptURL);
    if (target.protocol !== 'file:') return netFetch(u);
    const file = url.fileURLToPath(target);
    if (!fs.existsSync(file)) return new Response('not found', {status: 404});
    return new Response(fs.readFileSync(file), {headers: {'Content-Type': 'application/wasm'}});
  };
  vm.runInThisContext(fs.readFileSync(url.fileURLToPath(scriptURL), 'utf8'), {filename: scriptURL});
  return;
}

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const results = spec.jobs.map(() => ({worker: -1, progress: [], bytes: null, error: null, ms: 0}));
const ready = [];
let next = 0;
let pending = spec.jobs.length;
const workers = [];

const reduces = spec.reduces || [];
const reduced = reduces.map(() => ({bytes: null, error: null, ms: 0}));
let reducing = -1;

function finish() {
  if (reducing + 1 < reduces.length) {
    reducing++;
    const r = reduces[reducing];
    const parts = r.parts.map((i) => {
      const b = Buffer.from(results[i].bytes || '', 'base64');
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    });
    reduced[reducing].started = performance.now();
    workers[0].postMessage({type: 'reduce', id: -(reducing + 1), scenario: r.scenario, parts, ranges: r.ranges}, parts);
    return;
  }
  for (const w of workers) w.terminate();
  process.stdout.write(JSON.stringify({ready, results, reduced}) + '\n');
}

function reducedMessage(i, m) {
  const r = reduced[-m.id - 1];
  if (i !== 0 || !r || -m.id - 1 !== reducing) {
    console.error(`worker ${i}: reduction message it does not hold: ${JSON.stringify(m)}`);
    process.exit(1);
  }
  if (m.type === 'reduced') {
    if (!(m.bytes instanceof ArrayBuffer)) {
      console.error(`worker ${i}: reduced without an ArrayBuffer`);
      process.exit(1);
    }
    r.bytes = Buffer.from(m.bytes).toString('base64');
  } else if (m.type === 'error') {
    r.error = m.message;
  } else {
    console.error(`worker ${i}: unexpected message during a reduction: ${JSON.stringify(m)}`);
    process.exit(1);
  }
  r.ms = performance.now() - r.started;
  delete r.started;
  finish();
}

function give(i) {
  if (next >= spec.jobs.length) return;
  const id = next++;
  const j = spec.jobs[id];
  results[id].worker = i;
  results[id].started = performance.now();
  workers[i].postMessage({id: id + 1, scenario: j.scenario, a: j.a, b: j.b, chunk: j.chunk});
}

for (let i = 0; i < spec.workers; i++) {
  ready.push(false);
  const w = new Worker(__filename, {workerData: {dir: spec.dir}});
  workers.push(w);
  w.on('error', (err) => {
    console.error(`worker ${i} crashed: ${err && err.stack || err}`);
    process.exit(1);
  });
  w.on('message', (m) => {
    if (m.type === 'ready') {
      ready[i] = true;
      return;
    }
    if (m.type === 'error' && m.id === 0) {
      console.error(`worker ${i} could not start: ${m.message}`);
      process.exit(1);
    }
    if (m.id < 0) {
      reducedMessage(i, m);
      return;
    }
    const r = results[m.id - 1];
    if (!r || r.worker !== i) {
      console.error(`worker ${i}: message for job ${m.id}, which it does not hold: ${JSON.stringify(m)}`);
      process.exit(1);
    }
    if (m.type === 'progress') {
      r.progress.push(m.done);
      return;
    }
    if (m.type === 'done') {
      if (!(m.bytes instanceof ArrayBuffer)) {
        console.error(`worker ${i}: done without an ArrayBuffer: ${Object.prototype.toString.call(m.bytes)}`);
        process.exit(1);
      }
      r.bytes = Buffer.from(m.bytes).toString('base64');
    } else if (m.type === 'error') {
      r.error = m.message;
    } else {
      console.error(`worker ${i}: unknown message ${JSON.stringify(m)}`);
      process.exit(1);
    }
    r.ms = performance.now() - r.started;
    delete r.started;
    if (--pending === 0) {
      finish();
    } else {
      give(i);
    }
  });
  give(i);
}
