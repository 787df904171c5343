package sim

import (
	"errors"
	"fmt"
	"math"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// MaxTrialIndex bounds the end of a trial range: planner.DecodeAccumulator
// refuses ranges that end above it.
const MaxTrialIndex = math.MaxInt32

// Part is the accumulator bytes (planner.Accumulator.MarshalBinary, as
// Simulate returns them) of the trials Range = [a, b) of a run.
type Part struct {
	Range [2]int
	Bytes []byte
}

// Simulate is rolloutSimRun: it decodes scenarioJSON, runs its trials
// [a, b) in chunks of chunk trials (chunk ≤ 0 means planner.DefaultChunk)
// and returns the accumulator's MarshalBinary bytes. Between two chunks it
// calls progress, when not nil, with the trials of [a, b) finished so far.
// It never panics: bad arguments, an invalid scenario (its
// model.Problems) and engine failures are errors. An overflowed sum
// travels in the bytes; Summarise reports it.
func Simulate(scenarioJSON []byte, a, b, chunk int, progress func(done int)) (out []byte, err error) {
	if a < 0 || b < a || b > MaxTrialIndex {
		return nil, fmt.Errorf("sim: trial range [%d, %d) is not 0 ≤ a ≤ b ≤ %d", a, b, MaxTrialIndex)
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
			out, err = nil, fmt.Errorf("sim: internal error running trials [%d, %d): %v", a, b, r)
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
		return nil, fmt.Errorf("sim: cannot encode the results: %w", err)
	}
	return out, nil
}

// Summarise is rolloutSimReduce: it decodes scenarioJSON, merges parts
// (see Reduce) and returns their Summary's MarshalBinary bytes. A run
// whose sums overflowed is not an error here: its Summary says so
// (Overflow), so that the page can tell the user what to change. It never
// panics.
func Summarise(scenarioJSON []byte, parts []Part) ([]byte, error) {
	sum, _, err := decodeReduce(scenarioJSON, parts)
	if err != nil {
		return nil, err
	}
	return sum.MarshalBinary()
}

// decodeReduce decodes scenarioJSON and reduces parts (Reduce): what
// Summarise and Headlines share. It never panics.
func decodeReduce(scenarioJSON []byte, parts []Part) (sum Summary, s model.Scenario, err error) {
	if s, err = model.Decode(scenarioJSON); err != nil {
		return Summary{}, s, err
	}
	defer func() {
		if r := recover(); r != nil {
			sum, err = Summary{}, fmt.Errorf("sim: internal error reducing %d ranges: %v", len(parts), r)
		}
	}()
	sum, err = Reduce(s, parts)
	return sum, s, err
}

// Reduce decodes parts, all accumulators of scenario s for disjoint
// ranges given in any order, merges them and summarises them: the Result
// and the Charts (sorting every measure once for the exact quantiles) and
// whether a sum overflowed. A part whose bytes do not hold exactly its
// Range, or are damaged or of another scenario, is an error naming the
// range. It needs at least one trial.
func Reduce(s model.Scenario, parts []Part) (Summary, error) {
	e, err := planner.New(s)
	if err != nil {
		return Summary{}, err
	}
	acc := e.NewAccumulator()
	for _, p := range parts {
		if err := MergePart(acc, p); err != nil {
			return Summary{}, err
		}
	}
	if acc.Trials() == 0 {
		return Summary{}, errors.New("sim: no trials to reduce")
	}
	return Summary{Result: acc.Result(), Charts: acc.Charts(), Overflow: acc.Err() != nil}, nil
}

// MergePart decodes one part and merges it into acc, after checking that
// it holds exactly the trials of its Range.
func MergePart(acc *planner.Accumulator, p Part) error {
	part, err := planner.DecodeAccumulator(acc.Layout(), p.Bytes)
	if err != nil {
		return fmt.Errorf("sim: trials [%d, %d): %w", p.Range[0], p.Range[1], err)
	}
	got := part.Ranges()
	if p.Range[0] == p.Range[1] && part.Trials() == 0 {
		return nil
	}
	if part.Trials() != p.Range[1]-p.Range[0] || len(got) != 1 || got[0] != p.Range {
		return fmt.Errorf("sim: trials [%d, %d): the bytes hold trials %v", p.Range[0], p.Range[1], got)
	}
	if err := acc.Merge(part); err != nil {
		return fmt.Errorf("sim: trials [%d, %d): %w", p.Range[0], p.Range[1], err)
	}
	return nil
}
