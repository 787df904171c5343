package model_test

import (
	"fmt"

	"rolloutplanner/model"
)

// A hand-written scenario: absent fields take their defaults, a plain
// number is a fixed distribution, and every problem is reported at once
// with its field path.
func ExampleDecode() {
	s, err := model.Decode([]byte(`{
		"upgrade_domains": 30,
		"roles": [
			{"name": "web", "instances": 4, "warmup": 5},
			{"name": "api", "warmup": {"kind": "lognormal", "p50": 10, "p95": 5}, "colour": "blue"}
		]
	}`))
	fmt.Println(err)
	fmt.Println(s.Roles[0].Name, s.Roles[0].Instances, s.Roles[0].Warmup.Kind, s.Roles[0].Warmup.Value, s.ReadyTimeout)
	// Output:
	// 3 problems in the scenario:
	//   roles[1].colour: unknown field (known: name, instances, utilization, overload_at, onstop, startup_tasks, onstart, warmup, warmup_in_onstart, startup_failure_prob, rerun_defect_prob, reimage_defect_prob, repair)
	//   upgrade_domains: must be from 1 to 20 (got 30)
	//   roles[1].warmup.p95: must be ≥ p50 (10)
	// web 4 fixed 5 30
}

// A scenario travels in a link as a short code, and comes back exactly.
func ExampleEncodeURL() {
	p, _ := model.PresetByName("seed-example")
	code, err := model.EncodeURL(p.Scenario)
	if err != nil {
		panic(err)
	}
	s, err := model.DecodeURL(code)
	fmt.Println(code[:3], err, s.Name)

	_, err = model.DecodeURL("v3." + code[3:])
	fmt.Println(err)
	_, err = model.DecodeURL(code[:len(code)/2])
	fmt.Println(err)
	// Output:
	// v2. <nil> Seed example: 2 web instances, warm-up after OnStart
	// this link was made by a newer planner (v3); this planner reads links up to v2: open the link in the newer planner, or ask for the scenario as a JSON file
	// this link is damaged: it may have been cut short when it was copied; copy the whole link again
}
