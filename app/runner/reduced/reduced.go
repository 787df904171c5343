// Package reduced is the compact form in which a simulation Web Worker
// hands a run's summary to the page: the planner.Result and the
// planner.Charts of the merged trials, which are all the page shows and
// exports. Reduce runs in the worker (cmd/simworker's rolloutSimReduce):
// it decodes the accumulators of a run's ranges, merges them, and sorts
// every measure once for the exact quantiles, work that would freeze the
// page for half a second after 100,000 trials. Decode runs on the page and
// only reads a few tens of kilobytes.
//
// The encoding is a plain binary one (codec.go), not planner.Result's
// docs/model.md §6 JSON, which is keyed by role and pass names and does not read
// back into the struct, nor encoding/gob or encoding/json, whose
// reflection takes 15–30 ms for one summary in the browser's WebAssembly.
// It keeps every float64 bit for bit (NaN and −0 included) and tells nil
// slices from empty ones, so that the page's JSON exports stay
// byte-identical to a native planner.Run's. Charts.CapacityLoss, a copy of
// Result.Roles, is not sent twice.
package reduced

import (
	"errors"
	"fmt"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// magic starts every encoded summary; the digit is the format.
const magic = "RPR1"

// Encode writes res and charts, which must come from the same accumulator:
// charts.CapacityLoss is not written, Decode sets it to the decoded
// Result.Roles.
func Encode(res planner.Result, charts planner.Charts) ([]byte, error) {
	w := &writer{b: make([]byte, 0, 64<<10)}
	w.b = append(w.b, magic...)
	w.result(&res)
	w.charts(&charts)
	return w.b, nil
}

// ErrCorrupt is the error of Decode for bytes that Encode did not write.
var ErrCorrupt = errors.New("reduced: the summary of the run is damaged or of another version")

// Decode reads what Encode wrote. Damaged bytes are ErrCorrupt; Decode
// never panics.
func Decode(data []byte) (res planner.Result, charts planner.Charts, err error) {
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		return res, charts, ErrCorrupt
	}
	r := &reader{b: data[len(magic):]}
	r.result(&res)
	r.charts(&charts)
	if r.bad || len(r.b) != 0 {
		return planner.Result{}, planner.Charts{}, ErrCorrupt
	}
	charts.CapacityLoss = res.Roles
	return res, charts, nil
}

// Part is the accumulator bytes (planner.Accumulator.MarshalBinary) of
// the trials Range = [a, b) of a run.
type Part struct {
	Range [2]int
	Bytes []byte
}

// Merge decodes parts, all accumulators of scenario s for disjoint ranges,
// and merges them into one accumulator. A part whose bytes do not hold
// exactly its Range, or are damaged or of another scenario, is an error
// naming the range. Parts may be given in any order; the merged numbers
// are the same.
func Merge(s model.Scenario, parts []Part) (*planner.Accumulator, error) {
	e, err := planner.New(s)
	if err != nil {
		return nil, err
	}
	acc := e.NewAccumulator()
	for _, p := range parts {
		if err := MergePart(acc, p); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

// MergePart decodes one part and merges it into acc, after checking that
// it holds exactly the trials of its Range.
func MergePart(acc *planner.Accumulator, p Part) error {
	part, err := planner.DecodeAccumulator(acc.Layout(), p.Bytes)
	if err != nil {
		return fmt.Errorf("reduced: trials [%d, %d): %w", p.Range[0], p.Range[1], err)
	}
	got := part.Ranges()
	if p.Range[0] == p.Range[1] && part.Trials() == 0 {
		return nil
	}
	if part.Trials() != p.Range[1]-p.Range[0] || len(got) != 1 || got[0] != p.Range {
		return fmt.Errorf("reduced: trials [%d, %d): the bytes hold trials %v", p.Range[0], p.Range[1], got)
	}
	if err := acc.Merge(part); err != nil {
		return fmt.Errorf("reduced: trials [%d, %d): %w", p.Range[0], p.Range[1], err)
	}
	return nil
}

// Reduce merges parts (see Merge) and returns the Encode bytes of their
// Result and Charts, and the trials they hold. It needs at least one
// trial.
func Reduce(s model.Scenario, parts []Part) (out []byte, trials int, err error) {
	acc, err := Merge(s, parts)
	if err != nil {
		return nil, 0, err
	}
	if acc.Trials() == 0 {
		return nil, 0, errors.New("reduced: no trials to reduce")
	}
	out, err = Encode(acc.Result(), acc.Charts())
	return out, acc.Trials(), err
}
