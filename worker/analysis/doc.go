// Package analysis is the capacity review's work, as the analysis Web
// Worker (cmd/analysisworker, loaded by web/analysis-worker.js) runs it
// and as the page reads its answers (through worker/client):
// the advisor (package planner/advisor), what-if sweeps and the
// sensitivity study (package planner/whatif), behind one entry point, Run,
// that takes and returns bytes.
//
// Run(ctx, kind, scenarioJSON, optionsJSON, progress) decodes and
// validates the scenario (model.Decode), reads Options and runs:
//
//	KindAdvise       advisor.Advise with the scenario's trials (or
//	                 Options.Trials), reusing Options.Base when it is a
//	                 run of the same scenario, seed and trials
//	KindSweep        whatif.Sweep over Options.Grid (required; the page
//	                 passes report.DefaultGrid or its own form's grid)
//	KindSensitivity  whatif.Sensitivity with shift Options.Shift (±25 %
//	                 when unset)
//
// Sweeps and sensitivity studies run WhatIfTrials trials per run unless
// Options.Trials says otherwise (never more than the scenario's), with the
// scenario's seed in every run, so every cell and every shifted input
// draws trial i from the same stream. Every run is single-threaded: in a
// Web Worker goroutines share one thread anyway.
//
// The answer is the JSON of the planner's own types, which decode
// themselves (planner.Result.UnmarshalJSON, advisor.Severity's
// UnmarshalText): EncodeAdvice/DecodeAdvice, EncodeSweep/DecodeSweep and
// EncodeSensitivity/DecodeSensitivity. DecodeX(EncodeX(v)) equals v for
// every field that JSON carries (advisor.Finding.Fixed and
// advisor.Combination.Fixed, the fixed scenarios, are not sent).
//
// The package imports model, planner, planner/advisor and planner/whatif,
// and nothing from the UI, plotting or syscall/js, so the worker stays
// small and the page can run the same code on a goroutine where the
// browser has no Web Worker.
package analysis
