package planner_test

import (
	"context"
	"fmt"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// The worked example of docs/model.md: one role of two instances at 75 %
// load in two upgrade domains, the Host OS pass only, with fixed times, so
// every trial is the same and every number is exact. While one instance
// is down the other carries 150 %; for 5 minutes the restarted one is
// still warming up while the other is down, and nothing is warm.
func ExampleRun() {
	s, err := model.Decode([]byte(`{
		"name": "worked example",
		"upgrade_domains": 2,
		"trials": 50,
		"seed": 1,
		"passes": {
			"host_os": {"host_reboot": 10, "ud_gap": 0},
			"guest_os": {"enabled": false},
			"guest_agent": {"enabled": false}
		},
		"roles": [{"name": "web", "instances": 2, "utilization": 0.75, "overload_at": 1,
			"onstop": 2, "startup_tasks": 3, "onstart": 2, "warmup": 5}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	res := acc.Result()
	svc := res.Service
	fmt.Printf("%d trials of %q\n", res.Trials, res.Scenario)
	fmt.Printf("bad minutes per month: %.4g (hard down %.4g)\n", svc.BadMinutes.Mean, svc.HardDownMinutes.Mean)
	fmt.Printf("lost request-minutes: %.4f\n", svc.LostRequestMins.Mean)
	for _, p := range res.Passes {
		fmt.Printf("%s pass: %.4g minutes\n", p.Pass.Title(), p.Duration.Mean)
	}
	for _, d := range res.Roles[0].UDCapacityLoss[0].Domains {
		fmt.Printf("domain %d: %.0f %% of web's capacity lost\n", d.UD, 100*d.Mean)
	}
	fmt.Printf("availability %.4f %%; the 99.95 %% SLA is met in %.0f %% of months\n",
		svc.AvailabilityPct.Mean, 100*svc.SLACompliance.P)
	// Output:
	// 50 trials of "worked example"
	// bad minutes per month: 39 (hard down 5)
	// lost request-minutes: 17.1667
	// Host OS pass: 34 minutes
	// domain 0: 50 % of web's capacity lost
	// domain 1: 100 % of web's capacity lost
	// availability 99.9097 %; the 99.95 % SLA is met in 0 % of months
}
