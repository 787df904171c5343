// go-worker.js: what the rollout planner's Web Workers share. Each worker
// script (sim-worker.js, analysis-worker.js) loads this file with
// importScripts and calls serveGoModule, which
//
//   - loads wasm_exec.js and the worker's Go WebAssembly module, both
//     resolved against the worker script's own URL (so the site works
//     under any sub-path), and starts it;
//   - checks that the module registered the functions the worker calls;
//   - posts {type: 'ready'}, then hands every message (those that arrived
//     while the module loaded first, in order) to the worker's handler;
//   - posts what the handler returns: {type, id, bytes} with the
//     Uint8Array's bytes transferred, or {type: 'error', id, message}
//     when the module returned an Error or threw;
//   - if the module cannot be loaded, posts {type: 'error', id: 0,
//     message} and closes, so the page carries on without the worker.
'use strict';

// serveGoModule serves the Go module wasmFile, which must register the
// global functions named in funcs. handle(msg, progress) answers one
// message: it returns {type, out} where out is the module's Uint8Array
// or Error; progress(fields) posts {type: 'progress', id, ...fields};
// post(fields, u8) posts {id, ...fields, bytes} before the answer, bytes
// being the Uint8Array u8's (transferred).
// name prefixes the worker's own error messages.
function serveGoModule(name, wasmFile, funcs, handle) {
  const base = self.location.href;
  const queue = []; // messages that arrive before the module is ready
  let ready = false;

  self.onmessage = (ev) => {
    if (ready) {
      answer(ev.data);
    } else {
      queue.push(ev.data);
    }
  };

  function answer(msg) {
    const id = msg && msg.id;
    let reply;
    const fail = (err) => self.postMessage({type: 'error', id, message: name + ': ' + String(err && err.message || err)});
    try {
      reply = handle(msg, (fields) => self.postMessage(Object.assign({type: 'progress', id}, fields)),
          (fields, u8) => {
            const buf = ownBuffer(u8);
            self.postMessage(Object.assign({id}, fields, {bytes: buf}), [buf]);
          });
    } catch (err) {
      // The module returns its errors; a throw is a crashed module.
      fail(err);
      return;
    }
    if (reply instanceof Promise) {
      // A long answer that yields to the worker's event loop between its
      // steps, so that other messages are answered in between.
      reply.then(send, fail);
      return;
    }
    send(reply);

    function send(reply) {
      const out = reply.out;
      if (out instanceof Error) {
        self.postMessage({type: 'error', id, message: out.message});
        return;
      }
      const buf = ownBuffer(out);
      self.postMessage({type: reply.type, id, bytes: buf}, [buf]);
    }
  }

  // ownBuffer returns an ArrayBuffer holding exactly u8's bytes.
  function ownBuffer(u8) {
    let buf = u8.buffer;
    if (u8.byteOffset !== 0 || u8.byteLength !== buf.byteLength) {
      buf = buf.slice(u8.byteOffset, u8.byteOffset + u8.byteLength);
    }
    return buf;
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
    const {instance} = await instantiate(new URL(wasmFile, base).href, go.importObject);
    // run returns a promise that settles only when main returns, which it
    // never does; the functions are registered before run yields.
    go.run(instance).catch((err) => console.error(name + ': the module stopped:', err));
    const missing = funcs.filter((f) => typeof self[f] !== 'function');
    if (missing.length > 0) {
      throw new Error(`${wasmFile} did not register ${missing.join(' and ')}`);
    }
    ready = true;
    self.postMessage({type: 'ready'});
    while (queue.length > 0) {
      answer(queue.shift());
    }
  }

  start().catch((err) => {
    self.postMessage({type: 'error', id: 0, message: name + ': ' + String(err && err.message || err)});
    self.close();
  });
}
