package advisor_test

import (
	"fmt"

	"rolloutplanner/planner/advisor"
)

// The seed example of docs/model.md §7: 2 instances in 2 domains at 75 % load.
func ExampleMinConfig() {
	fmt.Println(advisor.SurvivorLoad(0.75, 2, 2))
	_, ok := advisor.MinInstances(0.75, 1, 2, 2)
	fmt.Println("more instances alone:", ok)
	n, u, _ := advisor.MinConfig(0.75, 1, 2, 2)
	fmt.Println(n, "instances in", u, "domains:", advisor.SurvivorLoad(0.75, n, u))
	// Output:
	// 1.5
	// more instances alone: false
	// 4 instances in 4 domains: 1
}
