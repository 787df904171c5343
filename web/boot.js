// boot.js: the rollout planner's first script. index.html loads it in its
// <head>, before app.wasm (about 18 MB) has even been fetched, and it
//
//   - marks <html data-boot="link"> when the URL carries a scenario (the
//     "s" parameter of its fragment or query), so that the default
//     preset's pre-rendered results are hidden (planner.css) instead of
//     showing figures of another scenario; data-boot="default" otherwise;
//   - starts the simulation Web Workers (sim-worker.js, next to this
//     script, so the site works under any sub-path) and asks each to
//     decode the link itself and run its share of the trials
//     ({type: 'boot'}: see sim-worker.js), so that the run overlaps the
//     page's own start-up;
//   - keeps what the workers post in self.rolloutBoot until the page's Go
//     client (worker/client, Pool) adopts the workers: it calls
//     entry.take(onData, onError) on each, which hands over the queued
//     messages in order, then every later one. The Pool reuses the run
//     when the page runs the same scenario and restarts the workers
//     otherwise.
//
// Without Worker (or when one cannot be made) it does nothing more: the
// page starts its own workers, or runs in the page, as before.
'use strict';
(() => {
  const params = (s) => {
    try {
      return new URLSearchParams(s);
    } catch (e) {
      return new URLSearchParams('');
    }
  };
  const frag = params(location.hash.replace(/^#/, ''));
  const link = frag.has('s') ? frag.get('s') : params(location.search).get('s');
  document.documentElement.setAttribute('data-boot', link !== null ? 'link' : 'default');
  if (typeof Worker !== 'function' || !document.currentScript) {
    return;
  }
  // worker/client.WorkerCount: one per core, 2 when unknown, at most 4.
  const hc = navigator.hardwareConcurrency || 0;
  const n = hc <= 0 ? 2 : Math.min(hc, 4);
  const url = new URL('sim-worker.js', document.currentScript.src).href;
  const boot = {link: link || '', n, workers: [], adopted: false};
  for (let k = 0; k < n; k++) {
    let w;
    try {
      w = new Worker(url);
    } catch (e) {
      break;
    }
    const entry = {worker: w, queue: [], onData: null, onError: null};
    w.onmessage = (ev) => entry.onData ? entry.onData(ev.data) : entry.queue.push({data: ev.data});
    w.onerror = (ev) => {
      const msg = String(ev && ev.message || 'the worker script failed');
      entry.onError ? entry.onError(msg) : entry.queue.push({error: msg});
    };
    entry.take = (onData, onError) => {
      entry.onData = onData;
      entry.onError = onError;
      w.onmessage = (ev) => onData(ev.data);
      w.onerror = (ev) => onError(String(ev && ev.message || 'the worker script failed'));
      const q = entry.queue;
      entry.queue = [];
      for (const m of q) {
        'error' in m ? onError(m.error) : onData(m.data);
      }
    };
    w.postMessage({type: 'boot', id: -(k + 1), link: boot.link, k, n});
    boot.workers.push(entry);
  }
  self.rolloutBoot = boot;
})();

// Once the live page shows its first complete answer, ask the service
// worker to cache what its install left out (the *.wasm modules, the
// workers' scripts, the documentation pages: cmd/web/serviceworker.go),
// so that the site works offline without those megabytes competing with
// the first answer for the network. After a minute it asks anyway.
(() => {
  if (!('serviceWorker' in navigator)) {
    return;
  }
  const answered = () =>
    document.querySelector('#planner[data-live="1"] #card-service [data-metric="sla"]') !== null &&
    document.querySelector('#planner [data-partial]') === null;
  let tries = 0;
  const check = () => {
    if (!answered() && ++tries < 120) {
      setTimeout(check, 500);
      return;
    }
    navigator.serviceWorker.ready.then((reg) => {
      if (reg.active) {
        reg.active.postMessage({type: 'rollout:precache'});
      }
    });
  };
  setTimeout(check, 500);
})();
