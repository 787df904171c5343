// Package runner runs the rollout planner's Monte Carlo trials for the
// browser page: in Web Workers, one per core, each running the small
// simulation-only module (cmd/simworker, loaded by web/sim-worker.js) on
// its own ranges of trial indices, while the page merges what they send
// back. Because trial i draws only from a stream derived from (seed, i) and
// accumulators merge exactly, the merged numbers are byte for byte those of
// a native planner.Run of the same scenario and seed.
//
// The package has two halves:
//
//   - Pure planning, built and tested everywhere: Split cuts a run into the
//     ranges that workers take in turn; NeedMore is the adaptive rule "run
//     until the SLA-compliance interval is within ±0.5 points, capped";
//     NextRange says which trials extend a finished run; WorkerCount and
//     NextLocalChunk size the pool and the fallback's chunks. RunLocal, the
//     fallback runner, is pure Go too.
//   - Pool (js && wasm only): the Web Workers themselves, created from the
//     URL of sim-worker.js that the page resolves. Pool.Start hands out the
//     ranges, merges the results with planner.DecodeAccumulator and
//     Accumulator.Merge, and reports progress; Job.Cancel terminates the
//     busy workers and recreates them at once.
//
// Where the browser has no Web Worker (or refuses to create one), the Pool
// falls back to RunLocal: the trials run on a goroutine of the page's own
// WebAssembly in chunks of about LocalChunkTarget each, sleeping LocalYield
// between chunks so that the browser can handle input and paint. The page
// keeps working, several times slower and a little less smooth.
//
// Callbacks (onProgress, onDone) run in the caller's WebAssembly, inside a
// JavaScript event handler or a runner goroutine: they must return quickly
// and never block. A go-app page wraps them in ctx.Dispatch. This package
// does not import go-app.
package runner
