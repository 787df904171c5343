package model

import (
	"embed"
	"fmt"
	"sync"
)

// presetFS holds the preset scenarios, one JSON document per preset,
// named after the preset.
//
//go:embed presets/*.json
var presetFS embed.FS

// Preset is a ready-made scenario that the command line and the web app
// offer by name.
type Preset struct {
	Name        string   // short key, also the file name: "seed-example"
	Description string   // one line for people
	Scenario    Scenario // valid; durations in minutes like every scenario
}

// presetTable fixes the order of the presets and their descriptions; the
// scenarios come from presets/<name>.json.
var presetTable = []struct{ name, description string }{
	{"seed-example",
		"The outage case: 2 web instances at 75 % load, each in an upgrade domain of its own (the platform's 5); while one is down the other carries 150 %, and while the restarted one is still warming up and the other is down nothing is warm."},
	{"warmup-in-onstart",
		"The seed example with warm-up inside OnStart: an instance joins the load balancer only when warm, so the role is never hard down, but each instance is out of rotation longer."},
	{"fleet",
		"Three roles (web 5, api 3, worker 2 instances) in 5 upgrade domains, with variable load, a measured warm-up (20 observations), rare start failures and rare startup defects."},
	{"slow-startup",
		"Startup tasks often outlast the 30-minute Ready timeout, so the platform moves on before instances are Ready and upgrade domains overlap."},
}

var (
	presetsOnce sync.Once
	presets     []Preset
)

// loadPresets decodes every preset once. The presets are part of the
// program, so one that fails to decode is a programmer error and panics;
// TestPresets proves that every preset decodes and validates.
func loadPresets() {
	presets = make([]Preset, len(presetTable))
	for i, t := range presetTable {
		doc, err := presetFS.ReadFile("presets/" + t.name + ".json")
		if err != nil {
			panic(fmt.Sprintf("model: preset %q: %v", t.name, err))
		}
		s, err := Decode(doc)
		if err != nil {
			panic(fmt.Sprintf("model: preset %q: %v", t.name, err))
		}
		presets[i] = Preset{Name: t.name, Description: t.description, Scenario: s}
	}
}

// Presets returns every preset in a fixed order: seed-example,
// warmup-in-onstart, fleet, slow-startup. Each call returns fresh copies,
// which the caller may change.
func Presets() []Preset {
	presetsOnce.Do(loadPresets)
	out := make([]Preset, len(presets))
	for i, p := range presets {
		p.Scenario = p.Scenario.Clone()
		out[i] = p
	}
	return out
}

// PresetByName returns a fresh copy of the named preset ("fleet") and
// whether it exists.
func PresetByName(name string) (Preset, bool) {
	presetsOnce.Do(loadPresets)
	for _, p := range presets {
		if p.Name == name {
			p.Scenario = p.Scenario.Clone()
			return p, true
		}
	}
	return Preset{}, false
}
