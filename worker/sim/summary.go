package sim

import (
	"errors"

	"rolloutplanner/planner"
)

// magic starts every encoded Summary; the digit is the format. RPR2 added
// the flags after it (bit 0: Overflow).
const magic = "RPR2"

// flagOverflow is the flags bit of Summary.Overflow.
const flagOverflow = 1

// Summary is what the page shows of a run: the Result and the Charts of
// its merged trials, computed in the worker (Summarise). Its binary form
// (MarshalBinary, the format in codec.go) is the one the worker posts.
type Summary struct {
	Result planner.Result
	Charts planner.Charts
	// Overflow is set when some sum of the trials overflowed
	// (planner.ErrOverflow): Result and Charts are finite but meaningless
	// and must not be shown.
	Overflow bool
}

// Err returns planner.ErrOverflow for a Summary whose sums overflowed,
// nil otherwise.
func (s *Summary) Err() error {
	if s.Overflow {
		return planner.ErrOverflow
	}
	return nil
}

// MarshalBinary writes the Summary. Charts.CapacityLoss, a copy of
// Result.Roles, is not written: UnmarshalBinary sets it to the decoded
// Result.Roles.
func (s *Summary) MarshalBinary() ([]byte, error) {
	w := &writer{b: make([]byte, 0, 64<<10)}
	w.b = append(w.b, magic...)
	flags := uint64(0)
	if s.Overflow {
		flags |= flagOverflow
	}
	w.uint(flags)
	w.result(&s.Result)
	w.charts(&s.Charts)
	return w.b, nil
}

// ErrCorrupt is the error of UnmarshalBinary for bytes that MarshalBinary
// did not write.
var ErrCorrupt = errors.New("sim: the summary of the run is damaged or of another version")

// UnmarshalBinary reads what MarshalBinary wrote. Damaged bytes are
// ErrCorrupt, leaving s zero; it never panics.
func (s *Summary) UnmarshalBinary(data []byte) error {
	*s = Summary{}
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		return ErrCorrupt
	}
	r := &reader{b: data[len(magic):]}
	flags := r.uint()
	var out Summary
	out.Overflow = flags&flagOverflow != 0
	r.result(&out.Result)
	r.charts(&out.Charts)
	if r.bad || len(r.b) != 0 || flags&^flagOverflow != 0 {
		return ErrCorrupt
	}
	out.Charts.CapacityLoss = out.Result.Roles
	*s = out
	return nil
}
