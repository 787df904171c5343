// run-analysis-worker.cjs drives web/analysis-worker.js in Node's
// worker_threads the way the page (app/review-client.go) drives it in a
// browser: analysis_test.go runs
//
//   node run-analysis-worker.cjs job.json
//
// where job.json is {"dir": <directory holding analysis-worker.js,
// wasm_exec.js and analysis.wasm>, "jobs": [{"kind", "scenario": <JSON
// text>, "options": <JSON text>}, …]}. It starts one worker, posts every
// job at once (before the worker is ready, so the worker's queue is used)
// and prints one JSON line: {"ready": bool, "results": [{"progress":
// [[done, total]…], "bytes": base64 | null, "error": text | null} per
// job]}.
//
// The worker thread gets the same small shim as run-sim-worker.cjs: self,
// location, importScripts, postMessage/onmessage, close, and fetch of
// file: URLs.
'use strict';

const fs = require('fs');
const path = require('path');
const url = require('url');
const vm = require('vm');
const {Worker, isMainThread, parentPort, workerData} = require('worker_threads');

if (!isMainThread) {
  const scriptURL = url.pathToFileURL(path.join(workerData.dir, 'analysis-worker.js')).href;
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
const results = spec.jobs.map(() => ({progress: [], bytes: null, error: null}));
let ready = false;
let pending = spec.jobs.length;
const w = new Worker(__filename, {workerData: {dir: spec.dir}});
w.on('error', (err) => {
  console.error(`the worker crashed: ${err && err.stack || err}`);
  process.exit(1);
});
w.on('message', (m) => {
  if (m.type === 'ready') {
    ready = true;
    return;
  }
  if (m.type === 'error' && m.id === 0) {
    console.error(`the worker could not start: ${m.message}`);
    process.exit(1);
  }
  const r = results[m.id - 1];
  if (!r) {
    console.error(`a message for job ${m.id}, which was never posted: ${JSON.stringify(m)}`);
    process.exit(1);
  }
  if (m.type === 'progress') {
    r.progress.push([m.done, m.total]);
    return;
  }
  if (m.type === 'done') {
    if (!(m.bytes instanceof ArrayBuffer)) {
      console.error(`done without an ArrayBuffer: ${Object.prototype.toString.call(m.bytes)}`);
      process.exit(1);
    }
    r.bytes = Buffer.from(m.bytes).toString('base64');
  } else if (m.type === 'error') {
    r.error = m.message;
  } else {
    console.error(`unknown message ${JSON.stringify(m)}`);
    process.exit(1);
  }
  if (--pending === 0) {
    w.terminate();
    process.stdout.write(JSON.stringify({ready, results}) + '\n');
  }
});
spec.jobs.forEach((j, i) => w.postMessage({id: i + 1, kind: j.kind, scenario: j.scenario, options: j.options}));
