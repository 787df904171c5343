// Package advisor reads a scenario and its run and says what to change:
// a list of findings, each with the mechanism, the evidence from the run
// (a number), the fix and the field of the scenario it is about, ordered
// by impact.
//
// Where a fix is a change of the scenario (more instances or domains,
// warm-up in OnStart, a defect tested away) the advisor does not guess its
// effect: it runs the changed scenario with the same seed and trials
// (common random numbers) and reports both results. When the scenario
// misses its SLA target and no single fix meets it, Advise also searches
// combinations of the fixes for the smallest set that does
// (Report.Together, see Combination), at a bounded number of runs. Capacity arithmetic
// (SurvivorLoad, MinInstances, MinDomains, MinConfig) and the start-up
// timeout estimate (StartupOverlap) are exported for the report and the
// page.
//
// advisor imports model, planner and planner/whatif, and nothing from the
// UI or from plotting.
package advisor
