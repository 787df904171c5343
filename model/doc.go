// Package model holds the rollout planner's scenario: the Go types of
// docs/model.md §3, their defaults, a strict JSON decoder, a validator that
// reports every problem at once with its field path, the eight duration
// distributions, the versioned URL codec and the embedded presets.
//
// Fields is the one table of the scenario's fields: path, label, unit,
// hint, rule and bounds, and an accessor. The decoder, the validator,
// Clone, the page's form, the sensitivity study, the charts and the
// report read it, so a new field is a struct field, one entry in Fields
// (TestFieldsCoverScenario fails until it is there) and its use in the
// engine.
//
// Every duration is in minutes, utilisation is a fraction of one
// instance's capacity (0.75 = 75 %), and SLA targets are percentages.
//
// model imports no UI, browser or plotting package: the command line, the
// engine in package planner, the tests and the browser all share it.
package model
