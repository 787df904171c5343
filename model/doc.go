// Package model holds the rollout planner's scenario: the Go types of
// docs/model.md §3, their defaults, a strict JSON decoder, a validator that
// reports every problem at once with its field path, the eight duration
// distributions, the versioned URL codec and the embedded presets.
//
// Every duration is in minutes, utilisation is a fraction of one
// instance's capacity (0.75 = 75 %), and SLA targets are percentages.
//
// model imports no UI, browser or plotting package: the command line, the
// engine in package planner, the tests and the browser all share it.
package model
