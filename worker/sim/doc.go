// Package sim is the simulation Web Worker's work and its wire format:
// what cmd/simworker (loaded by web/sim-worker.js, one worker per core)
// does with each message, and the Summary it hands the page at the end of
// a run. The page's side is package worker/client.
//
// A run is cut into ranges of trial indices. For each range the worker
// calls Simulate (JavaScript: rolloutSimRun) and posts the accumulator's
// bytes (planner.Accumulator.MarshalBinary); the page keeps those bytes
// without decoding them. When every range is in, one worker calls
// Summarise (rolloutSimReduce) on all the parts: it merges them, sorts
// every measure once for the exact quantiles (work that would freeze the
// page for half a second after 100,000 trials) and posts the Summary, a
// few tens of kilobytes that the page decodes in milliseconds.
//
// The Summary's binary form (codec.go) is not planner.Result's JSON,
// which is the command line's and the exports' form, nor encoding/gob or
// encoding/json, whose reflection takes 15–30 ms for one summary in the
// browser's WebAssembly. It keeps every float64 bit for bit (NaN and −0
// included) and tells nil slices from empty ones, so that the page's JSON
// exports stay byte-identical to a native planner.Run's. It also carries
// whether a sum overflowed (planner.ErrOverflow), which the page reports
// instead of showing the figures.
//
// The package imports model and planner only, so the worker stays small.
package sim
