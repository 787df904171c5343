package whatif_test

import (
	"fmt"

	"rolloutplanner/model"
	"rolloutplanner/planner/whatif"
)

func ExampleCells() {
	p, _ := model.PresetByName("seed-example")
	cells, err := whatif.Cells(p.Scenario, whatif.Grid{
		Instances:      [][]int{{2, 4}},
		UpgradeDomains: []int{2, 4},
		Warmup:         []whatif.WarmupMode{whatif.WarmupIn},
	})
	if err != nil {
		panic(err)
	}
	for _, c := range cells {
		fmt.Println(c.Params.Describe(c.Scenario), "seed", c.Scenario.Seed)
	}
	// Output:
	// web 2 · 2 UDs · in-onstart seed 1
	// web 4 · 2 UDs · in-onstart seed 1
	// web 2 · 4 UDs · in-onstart seed 1
	// web 4 · 4 UDs · in-onstart seed 1
}

func ExampleScaleDist() {
	d := whatif.ScaleDist(model.LogNormalDist(5, 10), 1.25)
	fmt.Println(d.P50, d.P95)
	// Output: 6.25 12.5
}
