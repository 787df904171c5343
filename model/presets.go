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
		"The outage case: 2 web instances at 75 % load, each in an upgrade domain of its own (the platform's 5); while one is down the other carries 150 %, and while the restarted one is still warming up and the other is down nothing is warm. No month meets 99.95 % (about 96 bad minutes a month against an allowance of 21.6), and neither 4 instances nor warm-up inside OnStart alone changes that: it takes both."},
	{"warmup-in-onstart",
		"The fix that works: the seed example with 4 web instances (one in each of 4 upgrade domains) and warm-up inside OnStart, so an instance joins the load balancer only when warm and the 3 survivors carry exactly 100 %. Over 99 % of months meet 99.95 % (all 10,000 trials do) and hard downtime vanishes."},
	{"fleet",
		"Near the edge: web 5, api 4 and worker 2 instances in 5 upgrade domains, warming up inside OnStart, with variable load, a measured warm-up (20 observations) and rare start failures, defects and host failures. About 78 % of months meet 99.95 %: at load peaks the api's 3 survivors and the worker's 1 are overloaded while a domain is down. 5 api or 3 worker instances alone give about 86 % and 89 %, both together about 97 %."},
	{"slow-startup",
		"The overlap: startup tasks take 25 minutes at the median and 60 at P95, so about 65 % of starts outlast the 30-minute Ready timeout and the platform moves on. In the reboot passes the 2nd and 3rd of 3 domains lose about 55 % of the 6 instances instead of a domain's 33 %, the 2 survivors carry 150 %, and only about half the months (49 %) meet 99.95 %. Warm-up runs inside OnStart, so the overlap is the only cause."},
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
