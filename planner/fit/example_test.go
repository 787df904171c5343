package fit_test

import (
	"fmt"

	"rolloutplanner/planner/fit"
)

func ExampleParse() {
	text := "instance,startup minutes\nweb_0,12.5\nweb_1,14\n\nweb_2,13.25\n"
	x, err := fit.Parse(text)
	fmt.Println(x, err)

	_, err = fit.Parse("12.5\n14\n13,25\n")
	fmt.Println(err)
	// Output:
	// [12.5 14 13.25] <nil>
	// durations: line 3 ("13,25"): "13,25" is not a number: decimal commas are not read; write 13.25
}

func ExampleCalibrate() {
	c, err := fit.Calibrate([]float64{8.1, 9.4, 10.2, 10.9, 11.5, 12.3, 13.0, 14.2, 15.8, 19.5})
	if err != nil {
		panic(err)
	}
	for _, f := range c.Fits {
		fmt.Printf("%-9s KS %.3f\n", f.Family, f.KS)
	}
	fmt.Println("best:", c.Fits[c.Best].Family, "keep:", c.Keep.Kind)
	// Output:
	// lognormal KS 0.086
	// weibull   KS 0.149
	// gamma     KS 0.103
	// best: lognormal keep: lognormal
}
