// Package client runs the rollout planner's Monte Carlo trials for the
// browser page: in Web Workers, one per core, each running the small
// simulation-only module (cmd/simworker, loaded by web/sim-worker.js) on
// its own ranges of trial indices. With Pool.Run the page only keeps the
// bytes each range sends back; when the last range is in, one worker
// merges them and computes the Result and the Charts (sorting every
// measure for the exact quantiles), and the page decodes that summary, a
// few tens of kilobytes (sim.Summary). Because trial i draws only from
// a stream derived from (seed, i) and accumulators merge exactly, the
// numbers are byte for byte those of a native planner.Run of the same
// scenario and seed.
//
// The package has two halves:
//
//   - Pure planning, built and tested everywhere: Split cuts a run into the
//     ranges that workers take in turn; NeedMore is the adaptive rule "run
//     until the SLA-compliance interval is within ±0.5 points, capped";
//     NextRange says which trials extend a finished run; WorkerCount and
//     NextLocalChunk size the pool and the fallback's chunks. The
//     fallback runner is pure Go too.
//   - Pool: in a browser (js && wasm) the Web Workers themselves, created
//     from the URL of sim-worker.js that the page resolves. Pool.Run
//     hands out the ranges, keeps their bytes, has a worker reduce them
//     and hands the page an Outcome (Result, Charts, trials held);
//     Job.Cancel terminates the busy workers, the reducing one included,
//     and recreates them at once. Built natively, Pool has the same API and runs
//     every job in the program, so the page compiles and runs in native
//     tests and static generation.
//
// Where the browser has no Web Worker, refuses to create one, or every
// worker fails to load or crashes, the Pool falls back to the in-page
// runner: the trials run on a goroutine of the page's own
// WebAssembly in chunks of about LocalChunkTarget each, sleeping
// LocalYield between chunks so that the browser can handle input and
// paint. The page keeps working, several times slower and a little less
// smooth; the numbers are the same. A worker that fails is never
// recreated (its range goes to the remaining workers, or to the page when
// none is left); the browser console says why.
//
// # Using the Pool from the page
//
// Create one Pool per page load, in the browser only (go-app's OnMount,
// which never runs natively; natively NewPool is harmless and starts
// nothing), and Close it when the page goes away (OnDismount):
//
//	cores := 0 // navigator.hardwareConcurrency, 0 when unknown
//	if hc := app.Window().Get("navigator").Get("hardwareConcurrency"); hc.Truthy() {
//		cores = hc.Int()
//	}
//	pool := client.NewPool(ctx.ResolveStaticResource("/web/sim-worker.js"), client.WorkerCount(cores))
//	defer pool.Close() // in OnDismount
//
// The worker URL must go through ctx.ResolveStaticResource so that it
// carries the site's sub-path (app.GitHubPages("repo") gives
// "/repo/web/sim-worker.js"); sim-worker.js finds wasm_exec.js and
// sim.wasm next to itself, so those three files must be served from the
// same directory (make wasm builds sim.wasm and copies wasm_exec.js into
// web/). WorkerCount gives min(hardwareConcurrency, MaxWorkers), and 2
// when the browser does not say. The workers start loading at once;
// Run may be called before they are ready.
//
// A run, and its adaptive extension:
//
//	job := pool.Run(s, nil, 0, s.Trials, onProgress, onDone)
//	// later, after onDone(o, nil): o.Result and o.Charts are ready to show
//	if next, more := client.NeedMore(o.Result.Service.SLACompliance, o.Trials, capTrials); more {
//		a, b := o.NextRange(next)
//		job = pool.Run(s, o, a, b, onProgress, onDone) // summarises o's trials and the new ones
//	}
//
// A Pool runs one job at a time: Run cancels the job under way first,
// whose onDone receives ErrCancelled before Run returns. job.Cancel()
// (user pressed Stop, or the scenario changed) terminates the workers
// busy with the job, starts fresh ones in their place (they reload
// sim.wasm, normally from the HTTP cache) and calls onDone(o,
// ErrCancelled) before it returns; o
// then holds the ranges that finished before the cancel, possibly with
// gaps, unreduced (o.Reduced() is false): pool.Run(s, o, 0, 0, nil, onDone)
// has a worker summarise them, and o.NextRange still extends o without
// overlap. A run that fails hands over its trials the same way. A cancelled or finished job ignores every
// later message; Cancel on it does nothing. Results never depend on the
// number of workers, on which worker ran which range, nor on cancels.
//
// Partial estimates: job.OnPartial(f), called right after Run, makes the
// job hand f, while it runs, the summary of its first trials [0, k) as
// soon as they are in (at least FirstPartialTrials, then growing by
// PartialGrowth, at most one per PartialInterval), reduced by a worker
// between two of its ranges: an Outcome marked Partial whose Result is
// byte for byte that of a native run of k trials. It never comes after
// onDone and is never to be extended.
//
// Charts: a ChartWorker (web/chart-worker.js, cmd/chartworker) draws a
// run's charts off the page's thread; it is started lazily, and Draw
// reports false until it is ready, so that the page draws them itself.
//
// Callbacks (onProgress, onDone, OnPartial's) run in the caller's WebAssembly, inside a
// JavaScript event handler (a worker's message), a runner goroutine, or
// the goroutine that calls Run or Cancel (for the job they end): they
// must return quickly, never block and never wait for the UI goroutine.
// A go-app page wraps them in ctx.Dispatch and ignores the callbacks of
// runs it has replaced. This package does not import go-app.
//
// # The analysis worker
//
// Analysis is the client of the capacity review's worker
// (web/analysis-worker.js, package worker/analysis): NewAnalysis with the
// script's resolved URL, then Start(kind, scenario, options, onProgress,
// onDone) per analysis, one at a time; the returned cancel terminates the
// worker, and the next analysis starts a fresh one. Without a worker it
// runs analysis.Run in the program, as the Pool's fallback does.
package client
