// Command simworker is the rollout planner's simulation-only WebAssembly
// module, loaded by web/sim-worker.js inside a Web Worker, one per core:
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o web/sim.wasm ./cmd/simworker
//
// Its main registers four JavaScript functions on globalThis and then
// stays alive:
//
//	rolloutSimRun(scenarioJSON, a, b, chunk, progress) → Uint8Array | Error
//	rolloutSimReduce(scenarioJSON, parts, ranges) → Uint8Array | Error
//	rolloutSimHeadline(scenarioJSON, parts, ranges) → Uint8Array (JSON) | Error
//	rolloutSimBoot(linkCode, k, workers) → {scenario, ranges, parts, trials} | Error
//
// They are sim.Simulate, sim.Summarise, sim.Headlines and sim.Boot
// (package worker/sim, which documents them and the bytes they return);
// parts is an array of the
// ArrayBuffers (or Uint8Arrays) that rolloutSimRun returned, ranges the
// array of their [a, b] pairs in the same order. Errors are returned, not
// thrown, as a JavaScript Error whose message says what is wrong. A call
// blocks until it is done, which is what a worker is for; the page
// cancels by terminating the worker. Built natively, the command only
// explains that it is a WebAssembly module.
package main
