package analysis

import (
	"encoding/json"
	"fmt"

	"rolloutplanner/planner"
	"rolloutplanner/planner/advisor"
	"rolloutplanner/planner/whatif"
)

// Result is planner.Result with the default JSON form of its fields
// (roles and passes as arrays, field names as in Go), which decodes back;
// planner.Result's MarshalJSON writes the `rollout -json` object, which
// does not.
type Result planner.Result

// Finding is advisor.Finding with its severity as text ("critical",
// "warning", "info") both ways. Finding.Fixed is not carried.
type Finding struct {
	advisor.Finding
	// Severity shadows Finding.Severity, whose JSON form is text that
	// advisor.Severity cannot read back.
	Severity string `json:"severity"`
}

// Advice is advisor.Report on the wire.
type Advice struct {
	Scenario string    `json:"scenario"`
	Trials   int       `json:"trials"`
	Seed     uint64    `json:"seed"`
	Base     Result    `json:"base"`
	Findings []Finding `json:"findings"`
	// Together is advisor.Report.Together (its Fixed is not carried).
	Together *advisor.Combination `json:"together,omitempty"`
}

// Cell is whatif.CellResult with its Result in the wire form.
type Cell struct {
	whatif.CellResult
	Result Result // shadows CellResult.Result
}

// Sweep is whatif.SweepResult on the wire.
type Sweep struct {
	Odds     float64 `json:"odds"`
	Cells    []Cell  `json:"cells"`
	Smallest int     `json:"smallest"`
}

// ParseSeverity reads advisor.Severity's String form.
func ParseSeverity(s string) (advisor.Severity, error) {
	for _, v := range []advisor.Severity{advisor.Critical, advisor.Warning, advisor.Info} {
		if v.String() == s {
			return v, nil
		}
	}
	return advisor.Info, fmt.Errorf("analysis: unknown severity %q", s)
}

// EncodeAdvice writes r as Advice JSON.
func EncodeAdvice(r advisor.Report) ([]byte, error) {
	w := Advice{Scenario: r.Scenario, Trials: r.Trials, Seed: r.Seed, Base: Result(r.Base)}
	if r.Together != nil {
		c := *r.Together
		c.Fixed = nil
		w.Together = &c
	}
	w.Findings = make([]Finding, len(r.Findings))
	for i, f := range r.Findings {
		f.Fixed = nil
		w.Findings[i] = Finding{Finding: f, Severity: f.Severity.String()}
	}
	return marshal("advice", w)
}

// DecodeAdvice reads EncodeAdvice's bytes.
func DecodeAdvice(b []byte) (advisor.Report, error) {
	var w Advice
	if err := json.Unmarshal(b, &w); err != nil {
		return advisor.Report{}, fmt.Errorf("analysis: reading the advice: %w", err)
	}
	r := advisor.Report{Scenario: w.Scenario, Trials: w.Trials, Seed: w.Seed, Base: planner.Result(w.Base), Together: w.Together}
	for _, f := range w.Findings {
		sev, err := ParseSeverity(f.Severity)
		if err != nil {
			return advisor.Report{}, err
		}
		f.Finding.Severity = sev
		r.Findings = append(r.Findings, f.Finding)
	}
	return r, nil
}

// EncodeSweep writes r as Sweep JSON.
func EncodeSweep(r whatif.SweepResult) ([]byte, error) {
	w := Sweep{Odds: r.Odds, Smallest: r.Smallest, Cells: make([]Cell, len(r.Cells))}
	for i, c := range r.Cells {
		w.Cells[i] = Cell{CellResult: c, Result: Result(c.Result)}
	}
	return marshal("sweep", w)
}

// DecodeSweep reads EncodeSweep's bytes.
func DecodeSweep(b []byte) (whatif.SweepResult, error) {
	var w Sweep
	if err := json.Unmarshal(b, &w); err != nil {
		return whatif.SweepResult{Smallest: -1}, fmt.Errorf("analysis: reading the sweep: %w", err)
	}
	r := whatif.SweepResult{Odds: w.Odds, Smallest: w.Smallest}
	for _, c := range w.Cells {
		cr := c.CellResult
		cr.Result = planner.Result(c.Result)
		r.Cells = append(r.Cells, cr)
	}
	if r.Smallest < -1 || r.Smallest >= len(r.Cells) {
		return whatif.SweepResult{Smallest: -1}, fmt.Errorf("analysis: the sweep's smallest cell %d is not one of its %d cells", r.Smallest, len(r.Cells))
	}
	return r, nil
}

// EncodeSensitivity writes r as JSON: whatif.SensitivityResult's own
// form, which decodes back.
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
