// Command simworker is the rollout planner's simulation-only WebAssembly
// module. It is built for the browser and loaded by web/sim-worker.js
// inside a Web Worker, one per core:
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o web/sim.wasm ./cmd/simworker
//
// It imports the engine (packages model and planner) and nothing from the
// UI or from plotting: 3.9 MB, about 1.1 MB gzipped (gonum's stat/distuv,
// which package model uses, brings in gonum/mat and lapack). Its main
// registers two JavaScript functions on globalThis and then stays alive:
//
//	rolloutSimRun(scenarioJSON, a, b, chunk, progress) → Uint8Array | Error
//	rolloutSimReduce(scenarioJSON, parts, ranges) → Uint8Array | Error
//
// rolloutSimRun decodes and validates the scenario (model.Decode), runs
// trials [a, b) of it in chunks of chunk trials (≤ 0: planner.DefaultChunk),
// calls progress(done) between chunks with the trials of [a, b) finished so
// far, and returns the accumulator's MarshalBinary bytes, which the page
// reads back with planner.DecodeAccumulator and merges. The scenario's own
// trials field is ignored: [a, b) says which trials to run. Bad input, an
// invalid scenario or an internal failure is returned (not thrown) as a
// JavaScript Error whose message says what is wrong, every scenario problem
// with its field path.
//
// rolloutSimReduce ends a run off the page's thread: parts is an array of
// the ArrayBuffers (or Uint8Arrays) that rolloutSimRun returned for the
// run's ranges, ranges the array of their [a, b] pairs in the same order.
// It decodes and merges them, checking that each part holds exactly its
// range, computes the Result and the Charts (sorting every measure once
// for the exact quantiles) and returns them in the compact encoding of
// package app/runner/reduced, a few tens of kilobytes that the page
// decodes in milliseconds. Errors are returned as for rolloutSimRun.
//
// The call blocks until the range is done, which is what a worker is for;
// the page cancels a run by terminating the worker. Built natively, the
// command only explains that it is a WebAssembly module.
package main
