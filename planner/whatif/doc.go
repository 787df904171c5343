// Package whatif asks the engine "what if": sweeps over instance counts,
// upgrade domains and warm-up mode; the sensitivity of the result to every
// input distribution; and the share of the SLA's monthly allowance the
// patch wave uses.
//
// Every run here is an ordinary planner run of an ordinary
// model.Scenario, with the base scenario's seed and trial count, so all
// the cells of a sweep and all the shifted runs of a sensitivity study
// draw trial i from the same stream derived from (seed, i): common random
// numbers, which make differences between cells far less noisy than
// independent runs would. A browser can therefore hand each Cell's
// Scenario (or each Shifted's) to a Web Worker that runs
// planner.RunRange, and call Summarize (or Tornado) on the results;
// Sweep and Sensitivity are the native runners that do the same in this
// process, in chunks, with progress and cancellation.
//
// whatif imports model and planner, and nothing from the UI or from
// plotting.
package whatif
