// boot.js: the rollout planner's first script. index.html loads it in its
// <head>, before app.wasm (about 19 MB, 6 MB gzipped) has even been
// fetched, and it
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
//   - under a link, shows the run's headline cards itself as soon as the
//     first ranges are finished, then refines them (after 0.25, 0.5, 1,
//     2, 2, … s) until the page has loaded: a worker merges the finished
//     ranges and sends the cards as the page draws them (package
//     internal/headline, {type: 'headline'}),
//     and this script writes them with textContent only (role names come
//     from the link). <html data-boot="estimate"> then shows them in
//     place of the default preset's (the charts stay hidden);
//   - makes the pre-rendered page's controls inert until the page's
//     program replaces them (nothing typed there would survive);
//   - holds back app.wasm (self.rolloutBoot.gate, which cmd/web makes
//     go-app's app.js wait for) until those first cards are on screen, the
//     boot run has failed, or 4 s have passed, so that on a slow network
//     and on two cores the first answer does not compete with the page's
//     megabytes; without a link the pre-rendered answer is already there
//     and the gate is open at once;
//   - keeps what the workers post in self.rolloutBoot until the page's Go
//     client (worker/client, Pool) adopts the workers: it calls
//     entry.take(onData, onError) on each, which hands over the queued
//     messages in order, then every later one (this script's own
//     messages excepted). The Pool reuses the run when the page runs the
//     same scenario and restarts the workers otherwise.
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
  let openGate;
  const gate = new Promise((resolve) => {
    openGate = resolve;
  });
  self.rolloutBoot = {link: link || '', n: 0, workers: [], adopted: false, gate};
  // The pre-rendered page's controls do nothing until the page's program
  // runs (it then draws the page anew, without these marks): inert
  // meanwhile, so that nothing typed or clicked there is lost.
  document.addEventListener('DOMContentLoaded', () => {
    const planner = document.getElementById('planner');
    if (!planner || planner.dataset.live === '1') {
      return;
    }
    for (const e of planner.querySelectorAll('.presets, .share, .run-buttons, .ab-bar, #review, .transfer, .editor')) {
      e.inert = true;
    }
  });
  if (link === null || typeof Worker !== 'function' || !document.currentScript) {
    openGate();
  }
  if (typeof Worker !== 'function' || !document.currentScript) {
    return;
  }
  setTimeout(openGate, 4000);
  // worker/client.WorkerCount: one per core, 2 when unknown, at most 4.
  const hc = navigator.hardwareConcurrency || 0;
  const n = hc <= 0 ? 2 : Math.min(hc, 4);
  const url = new URL('sim-worker.js', document.currentScript.src).href;
  const boot = self.rolloutBoot;
  boot.n = n;
  const cards = link !== null ? headlines(boot, openGate) : null;
  for (let k = 0; k < n; k++) {
    let w;
    try {
      w = new Worker(url);
    } catch (e) {
      break;
    }
    const entry = {worker: w, queue: [], onData: null, onError: null};
    // own: the messages this script answers itself, never queued.
    const own = (data) => cards !== null && cards.message(entry, data);
    w.onmessage = (ev) => own(ev.data) || (entry.onData ? entry.onData(ev.data) : entry.queue.push({data: ev.data}));
    w.onerror = (ev) => {
      const msg = String(ev && ev.message || 'the worker script failed');
      entry.onError ? entry.onError(msg) : entry.queue.push({error: msg});
    };
    entry.take = (onData, onError) => {
      entry.onData = onData;
      entry.onError = onError;
      w.onmessage = (ev) => own(ev.data) || onData(ev.data);
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
  if (boot.workers.length === 0) {
    openGate();
  }

  // headlines shows the boot run's headline cards until the page adopts
  // the workers. Its message(entry, data) sees every message first and
  // returns true for those it consumes.
  function headlines(boot, opened) {
    const ownID = -1000; // ids of this script's requests: ≤ ownID
    // ms between two partial estimates: doubling, since each one merges
    // every range finished so far (a copy of their bytes goes to a worker).
    let refresh = 250;
    let plan = null; // {parts, trials, scenario} of the boot run
    const done = new Map(); // range index → {a, b, bytes}
    const idle = new Set(); // entries whose share is finished
    let prefix = 0; // ranges 0 … prefix-1 are all finished
    let shown = 0; // trials of the cards on screen
    let asked = 0; // trials of the request in flight; 0 for none
    let last = 0; // when cards were last shown
    let seq = 0;
    let failed = false;
    let timer = 0;
    const fail = () => {
      failed = true;
      opened();
    };

    const next = () => {
      timer = 0;
      if (failed || asked > 0 || boot.adopted || plan === null) {
        return;
      }
      while (done.has(prefix)) {
        prefix++;
      }
      if (prefix === 0) {
        return;
      }
      const list = [];
      for (let i = 0; i < prefix; i++) {
        list.push(done.get(i));
      }
      const trials = list[prefix - 1].b;
      if (trials <= shown) {
        return;
      }
      const wait = shown > 0 && prefix < plan.parts ? last + refresh - performance.now() : 0;
      if (wait > 0) {
        timer = timer || setTimeout(next, wait);
        return;
      }
      // Any worker answers between two of its ranges; an idle one at once.
      const to = idle.size > 0 ? idle.values().next().value : boot.workers[prefix % boot.workers.length];
      asked = trials;
      // The ranges' bytes are copied, not transferred: the page takes them.
      to.worker.postMessage({
        type: 'headline', id: ownID - ++seq, scenario: plan.scenario,
        parts: list.map((p) => p.bytes), ranges: list.map((p) => [p.a, p.b]),
      });
    };

    const answered = (data) => {
      asked = 0;
      if (data.type !== 'headline' || !data.bytes) {
        fail(); // the page will say what is wrong
        return;
      }
      let h;
      try {
        h = JSON.parse(new TextDecoder().decode(data.bytes));
      } catch (e) {
        fail();
        return;
      }
      if (!boot.adopted && show(h)) {
        shown = h.trials;
        last = performance.now();
        refresh = Math.min(2 * refresh, 2000);
        opened();
      }
      next();
    };

    return {
      message(entry, data) {
        if (!data || typeof data !== 'object') {
          return false;
        }
        if (typeof data.id === 'number' && data.id <= ownID) {
          answered(data);
          return true;
        }
        switch (data.type) {
          case 'plan':
            plan = plan || data;
            next();
            return true;
          case 'part':
            if (data.bytes) {
              done.set(data.part, {a: data.a, b: data.b, bytes: data.bytes});
              next();
            }
            break;
          case 'booted':
            idle.add(entry);
            break;
          case 'error':
            fail(); // the link does not decode, or the module did not load
            break;
        }
        return false;
      },
    };
  }

  // show writes headline h (sim.Headline: {trials, total, note, cards})
  // in place of the pre-rendered cards, and the run bar's figures.
  function show(h) {
    const result = document.querySelector('#planner:not([data-live="1"]) .result[data-prerendered]');
    const old = result && result.querySelector('section.cards');
    if (!old || !Array.isArray(h.cards) || h.cards.length === 0) {
      return false;
    }
    const el = (tag, cls, text) => {
      const e = document.createElement(tag);
      if (cls) {
        e.className = cls;
      }
      if (text !== undefined) {
        e.textContent = String(text);
      }
      return e;
    };
    const card = (c) => {
      const service = c.key === 'service';
      const a = el('article', service ? 'card service' : 'card role');
      a.id = service ? 'card-service' : 'card-' + c.key;
      const title = el('h3', 'card-title');
      title.append(el('bdi', '', c.title));
      a.append(title);
      const [head, ...rest] = c.metrics;
      const d = el('div', 'headline ' + (head.tone || ''));
      d.dataset.metric = head.key;
      d.dataset.value = head.value;
      d.append(el('span', 'label', head.label), el('span', 'value', head.text), el('span', 'detail', head.detail));
      const dl = el('dl', 'metrics');
      for (const m of rest) {
        const row = el('div', 'metric');
        row.dataset.metric = m.key;
        row.dataset.value = m.value;
        row.append(el('dt', '', m.label), el('dd', '', m.text));
        dl.append(row);
      }
      a.append(d, dl);
      return a;
    };
    const section = el('section', 'cards');
    section.setAttribute('aria-label', 'Headline results');
    const roles = el('div', 'role-cards');
    h.cards.slice(1).forEach((c) => roles.append(card(c)));
    section.append(card(h.cards[0]), roles);
    old.replaceWith(section);

    let note = result.querySelector('.partial-note');
    if (!note) {
      note = el('p', 'partial-note');
      note.setAttribute('role', 'status');
      result.prepend(note);
    }
    note.id = 'partial-note';
    note.textContent = h.note || 'The charts and the editor follow as soon as the page has loaded.';
    if (h.trials < h.total) {
      result.setAttribute('data-partial', String(h.trials));
    } else {
      result.removeAttribute('data-partial');
    }
    const count = (v) => String(v).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
    const status = document.getElementById('run-status');
    if (status) {
      status.textContent = h.trials < h.total ? 'Running' : 'Done';
    }
    const progress = document.getElementById('run-progress');
    if (progress) {
      progress.textContent = count(h.trials) + ' / ' + count(h.total) + ' trials';
      progress.dataset.done = h.trials;
      progress.dataset.total = h.total;
    }
    const trials = document.getElementById('run-trials');
    if (trials) {
      trials.textContent = count(h.trials);
      trials.dataset.value = h.trials;
    }
    document.documentElement.setAttribute('data-boot', 'estimate');
    return true;
  }
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
