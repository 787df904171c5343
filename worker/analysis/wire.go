package analysis

import (
	"encoding/json"
	"fmt"

	"rolloutplanner/planner/advisor"
	"rolloutplanner/planner/whatif"
)

// The answers travel as the JSON of the planner's own types, which read
// back into them: planner.Result in its `rollout -json` form
// (Result.UnmarshalJSON), advisor.Severity as its text. The fixed
// scenarios of findings (advisor.Finding.Fixed, advisor.Combination.Fixed)
// are not sent.

// EncodeAdvice writes r as JSON.
func EncodeAdvice(r advisor.Report) ([]byte, error) { return marshal("advice", r) }

// DecodeAdvice reads EncodeAdvice's bytes.
func DecodeAdvice(b []byte) (advisor.Report, error) {
	var r advisor.Report
	if err := json.Unmarshal(b, &r); err != nil {
		return advisor.Report{}, fmt.Errorf("analysis: reading the advice: %w", err)
	}
	return r, nil
}

// EncodeSweep writes r as JSON.
func EncodeSweep(r whatif.SweepResult) ([]byte, error) { return marshal("sweep", r) }

// DecodeSweep reads EncodeSweep's bytes. A Smallest that is not −1 or the
// index of a cell is an error.
func DecodeSweep(b []byte) (whatif.SweepResult, error) {
	var r whatif.SweepResult
	if err := json.Unmarshal(b, &r); err != nil {
		return whatif.SweepResult{Smallest: -1}, fmt.Errorf("analysis: reading the sweep: %w", err)
	}
	if r.Smallest < -1 || r.Smallest >= len(r.Cells) {
		return whatif.SweepResult{Smallest: -1}, fmt.Errorf("analysis: the sweep's smallest cell %d is not one of its %d cells", r.Smallest, len(r.Cells))
	}
	return r, nil
}

// EncodeSensitivity writes r as JSON.
func EncodeSensitivity(r whatif.SensitivityResult) ([]byte, error) {
	return marshal("sensitivity study", r)
}

// DecodeSensitivity reads EncodeSensitivity's bytes.
func DecodeSensitivity(b []byte) (whatif.SensitivityResult, error) {
	var r whatif.SensitivityResult
	if err := json.Unmarshal(b, &r); err != nil {
		return whatif.SensitivityResult{}, fmt.Errorf("analysis: reading the sensitivity study: %w", err)
	}
	return r, nil
}

func marshal(what string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("analysis: cannot encode the %s: %w", what, err)
	}
	return b, nil
}
