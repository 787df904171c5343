package main

import (
	"fmt"
	"math"

	"rolloutplanner/app/runner/reduced"
	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// maxTrialIndex bounds the end of a trial range: planner.DecodeAccumulator
// refuses ranges that end above it.
const maxTrialIndex = math.MaxInt32

// simulate decodes scenarioJSON, runs its trials [a, b) in chunks of chunk
// trials (chunk ≤ 0 means planner.DefaultChunk) and returns the
// accumulator's MarshalBinary bytes. Between two chunks it calls progress,
// when not nil, with the trials of [a, b) finished so far. It never panics:
// bad arguments, an invalid scenario (its model.Problems) and engine
// failures are errors.
func simulate(scenarioJSON []byte, a, b, chunk int, progress func(done int)) (out []byte, err error) {
	if a < 0 || b < a || b > maxTrialIndex {
		return nil, fmt.Errorf("simworker: trial range [%d, %d) is not 0 ≤ a ≤ b ≤ %d", a, b, maxTrialIndex)
	}
	s, err := model.Decode(scenarioJSON)
	if err != nil {
		return nil, err
	}
	e, err := planner.New(s)
	if err != nil {
		return nil, err
	}
	if chunk <= 0 {
		chunk = planner.DefaultChunk
	}
	defer func() {
		// The engine panics only on programmer misuse; a panic must not
		// kill the module, which serves every later run of the worker.
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("simworker: internal error running trials [%d, %d): %v", a, b, r)
		}
	}()
	acc := e.NewAccumulator()
	for lo := a; lo < b; {
		hi := lo + min(chunk, b-lo)
		e.Run(acc, lo, hi)
		lo = hi
		if progress != nil && lo < b {
			progress(lo - a)
		}
	}
	out, err = acc.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("simworker: cannot encode the results: %w", err)
	}
	return out, nil
}

// reduce decodes scenarioJSON, merges parts (the accumulators of disjoint
// trial ranges, each checked to hold exactly its range) and returns the
// reduced.Encode bytes of their Result and Charts. It never panics.
func reduce(scenarioJSON []byte, parts []reduced.Part) (out []byte, err error) {
	s, err := model.Decode(scenarioJSON)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("simworker: internal error reducing %d ranges: %v", len(parts), r)
		}
	}()
	out, _, err = reduced.Reduce(s, parts)
	return out, err
}
