// Package planner is the Monte Carlo engine of the rollout planner. It
// simulates the month of rolling upgrades of docs/model.md §4 trial by
// trial and measures it exactly as §5 says: state is piecewise constant between
// events, so bad minutes, hard-down minutes and lost requests are
// integrated between events, never sampled on a clock.
//
// The API is chunked so that a browser can run trials in Web Workers:
// Engine.Run adds trials [a, b) to an Accumulator; accumulators of disjoint
// ranges Merge, serialise with MarshalBinary, and give the same Result
// byte for byte however the trials were split, because trial i draws only
// from a stream derived from (seed, i) and every reduction is either an
// integer count, an exact fixed-point sum or a sort.
//
// planner imports only model (which uses gonum's distributions) and the
// standard library: nothing from the UI or from plotting (make importcheck).
package planner
