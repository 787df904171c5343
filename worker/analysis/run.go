package analysis

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/advisor"
	"rolloutplanner/planner/whatif"
)

// The kinds of analysis Run does.
const (
	KindAdvise      = "advise"      // advisor.Advise: findings, largest impact first
	KindSweep       = "sweep"       // whatif.Sweep over Options.Grid
	KindSensitivity = "sensitivity" // whatif.Sensitivity: the tornado study
)

// WhatIfTrials is the trials per run of a sweep or a sensitivity study
// when Options.Trials is unset (and the scenario has more), as in the
// review report (report.DefaultWhatIfTrials).
const WhatIfTrials = 2000

// Options tune Run. Its JSON form is what the page posts.
type Options struct {
	// Trials per run; ≤ 0 means the scenario's own for KindAdvise and
	// min(scenario's, WhatIfTrials) for the other kinds. A sweep or a
	// sensitivity study never runs more than the scenario's trials.
	Trials int `json:"trials,omitempty"`
	// Grid is the sweep's grid, required for KindSweep.
	Grid *whatif.Grid `json:"grid,omitempty"`
	// Odds is the share of months a sweep cell must meet the SLA in;
	// ≤ 0 means whatif.DefaultOdds (95 %).
	Odds float64 `json:"odds,omitempty"`
	// Shift is the sensitivity study's relative shift h; ≤ 0 means
	// whatif.DefaultShift (±25 %).
	Shift float64 `json:"shift,omitempty"`
	// Base, for KindAdvise, is a run of the scenario with the same seed
	// and trials, which Advise then does not repeat.
	Base *planner.Result `json:"base,omitempty"`
}

// Run runs the analysis kind of the scenario in scenarioJSON (the
// model's JSON) with the Options in optionsJSON (empty means none) and
// returns its answer's JSON: EncodeAdvice's, EncodeSweep's or
// EncodeSensitivity's. progress, when not nil, is called from Run's
// goroutine as the work advances: with runs done and planned for
// KindAdvise, trials done and planned for the other kinds. Run never
// panics: an unknown kind, bad JSON, unknown option fields, an invalid
// scenario (its model.Problems, each with its field path), a bad grid,
// ctx's cancellation and engine failures are errors.
func Run(ctx context.Context, kind string, scenarioJSON, optionsJSON []byte, progress func(done, total int)) (out []byte, err error) {
	if kind != KindAdvise && kind != KindSweep && kind != KindSensitivity {
		return nil, fmt.Errorf("analysis: unknown kind %q: want %q, %q or %q", kind, KindAdvise, KindSweep, KindSensitivity)
	}
	s, err := model.Decode(scenarioJSON)
	if err != nil {
		return nil, err
	}
	opt, err := decodeOptions(optionsJSON)
	if err != nil {
		return nil, err
	}
	defer func() {
		// The engine panics only on programmer misuse; a panic must not
		// kill the worker's module, which serves every later request.
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("analysis: internal error in %s: %v", kind, r)
		}
	}()
	run := planner.Options{Workers: 1}
	switch kind {
	case KindAdvise:
		ao := advisor.Options{Trials: opt.Trials, Run: run, Progress: progress}
		ao.Base = opt.Base
		r, err := advisor.Advise(ctx, s, ao)
		if err != nil {
			return nil, err
		}
		return EncodeAdvice(r)
	case KindSweep:
		if opt.Grid == nil {
			return nil, fmt.Errorf("analysis: a sweep needs a grid (options.grid)")
		}
		r, err := whatif.Sweep(ctx, whatIf(s, opt.Trials), *opt.Grid, whatif.SweepOptions{Odds: opt.Odds, Run: run, Progress: progress})
		if err != nil {
			return nil, err
		}
		return EncodeSweep(r)
	default:
		r, err := whatif.Sensitivity(ctx, whatIf(s, opt.Trials), whatif.SensitivityOptions{Shift: opt.Shift, Run: run, Progress: progress})
		if err != nil {
			return nil, err
		}
		return EncodeSensitivity(r)
	}
}

// whatIf is s with the trials of a sweep or sensitivity run.
func whatIf(s model.Scenario, trials int) model.Scenario {
	if trials <= 0 {
		trials = WhatIfTrials
	}
	s.Trials = min(s.Trials, trials)
	return s
}

func decodeOptions(b []byte) (Options, error) {
	var opt Options
	if len(bytes.TrimSpace(b)) == 0 {
		return opt, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&opt); err != nil {
		return Options{}, fmt.Errorf("analysis: reading the options: %w", err)
	}
	if opt.Trials > model.MaxTrials {
		return Options{}, fmt.Errorf("analysis: options.trials %d is above the model's limit of %d", opt.Trials, model.MaxTrials)
	}
	if opt.Odds > 1 {
		return Options{}, fmt.Errorf("analysis: options.odds %g is a share of months, at most 1", opt.Odds)
	}
	return opt, nil
}
