package charts_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image/png"
	"strings"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/fit"
	"rolloutplanner/planner/whatif"
)

// workedExample is the worked example of docs/model.md: one role of two
// instances at 75 % load in two upgrade domains, the Host OS pass only,
// fixed times. Every trial is the same, so the charts' numbers are exact.
func workedExample() model.Scenario {
	s, err := model.Decode([]byte(`{
		"name": "worked example",
		"upgrade_domains": 2,
		"trials": 50,
		"passes": {
			"host_os": {"host_reboot": 10, "ud_gap": 0},
			"guest_os": {"enabled": false},
			"guest_agent": {"enabled": false}
		},
		"roles": [{"name": "web", "instances": 2, "utilization": 0.75,
			"onstop": 2, "startup_tasks": 3, "onstart": 2, "warmup": 5}]
	}`))
	if err != nil {
		panic(err)
	}
	return s
}

// runCharts runs s and returns its chart data.
func runCharts(s model.Scenario) planner.Charts {
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		panic(err)
	}
	return acc.Charts()
}

// words prints the text of an SVG chart, one <text> element a line,
// leaving out the tick labels (numbers) so that the title, the subtitle,
// the axis labels and the legend remain.
func words(svg []byte) {
	d := xml.NewDecoder(bytes.NewReader(svg))
	in := false
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == "text"
		case xml.EndElement:
			in = false
		case xml.CharData:
			if s := string(t); in && strings.Trim(s, "0123456789.,-−") != "" {
				fmt.Println(s)
			}
		}
	}
}

// A run's charts in page order: bad minutes first, then the warm
// capacity and the capacity loss of each enabled pass, then the passes'
// durations.
func ExampleSpecs() {
	c := runCharts(workedExample())
	for _, s := range charts.Specs(c) {
		fmt.Printf("%-25s %s\n", s.ID(), s.Title)
	}
	// Output:
	// bad-minutes               Bad minutes per month
	// warm-capacity-host_os     Warm capacity during the Host OS pass
	// capacity-loss-host_os     Capacity lost per upgrade domain, Host OS pass
	// pass-durations            How long each pass takes
}

// The bad-minutes chart: every month of the worked example has 39 bad
// minutes, beyond the 21.6 minutes the 99.95 % SLA allows. The markup
// starts with <svg, sized in points with a viewBox, ready to insert into
// a page.
func ExampleSVG() {
	c := runCharts(workedExample())
	svg, err := charts.SVG(charts.Spec{Kind: charts.BadMinutes}, c)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(svg[:bytes.IndexByte(svg, '\n')]))
	words(svg)
	// Output:
	// <svg width="576pt" height="324pt" viewBox="0 0 576 324"
	// Bad minutes per month
	// worked example · 50 simulated months
	// x: bad minutes per month (minutes)
	// months with at most x bad minutes (%)
	// service
	// SLA budget (21.6 min)
}

// The warm-capacity chart of a pass: the role's warm instances over the
// pass, with the warm share its load needs (75 % ÷ overload at 100 %).
func ExampleSVG_warmCapacity() {
	c := runCharts(workedExample())
	svg, err := charts.SVG(charts.Spec{Kind: charts.WarmCapacity, Pass: model.HostOS}, c)
	if err != nil {
		panic(err)
	}
	words(svg)
	// Output:
	// Warm capacity during the Host OS pass
	// worked example · 50 simulated months
	// time from the pass's start (minutes)
	// warm capacity (% of instances)
	// web (load needs 75 %)
	// median, P5–P95 band
	// load: warm share needed
}

// The capacity-loss chart of a pass: per upgrade domain, the share of the
// role's capacity lost while the domain is upgraded.
func ExampleSVG_capacityLoss() {
	c := runCharts(workedExample())
	svg, err := charts.SVG(charts.Spec{Kind: charts.CapacityLoss, Pass: model.HostOS}, c)
	if err != nil {
		panic(err)
	}
	words(svg)
	// Output:
	// Capacity lost per upgrade domain, Host OS pass
	// worked example · 50 simulated months
	// upgrade domain (in the order the pass walks them)
	// capacity lost (% of the role)
	// web
	// bar: mean
	// whisker: P95
}

// The pass-durations chart: the worked example's Host OS pass always
// takes 34 minutes.
func ExampleSVG_passDurations() {
	c := runCharts(workedExample())
	svg, err := charts.SVG(charts.Spec{Kind: charts.PassDurations}, c)
	if err != nil {
		panic(err)
	}
	words(svg)
	// Output:
	// How long each pass takes
	// worked example · 50 simulated months
	// x: pass duration (minutes)
	// passes done within x (% of months)
	// Host OS (mean 34 min)
}

// A chart as a PNG for a slide: 8 × 4.5 in at 200 dots per inch.
func ExamplePNG() {
	c := runCharts(workedExample())
	b, err := charts.PNG(charts.Spec{Kind: charts.BadMinutes}, c)
	if err != nil {
		panic(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		panic(err)
	}
	fmt.Println(img.Bounds().Size())
	// Output:
	// (1600,900)
}

// An A/B comparison: the worked example with warm-up after OnStart (39
// bad minutes a month) against warm-up inside OnStart (44).
func ExampleCompareBadMinutes() {
	a := workedExample()
	b := workedExample()
	b.Roles[0].WarmupInOnStart = true
	svg, err := charts.CompareBadMinutes(runCharts(a), runCharts(b), "warm-up after", "warm-up in OnStart")
	if err != nil {
		panic(err)
	}
	words(svg)
	// Output:
	// Bad minutes per month: warm-up after vs warm-up in OnStart
	// the service's bad minutes · 50 simulated months each
	// x: bad minutes per month (minutes)
	// months with at most x bad minutes (%)
	// warm-up after
	// warm-up in OnStart
	// SLA budget (21.6 min)
}

// A what-if sweep as a heat map: 2, 5 or 10 instances of web in 2 or 5
// domains, warm-up after or inside OnStart. Only with warm-up inside
// OnStart and five domains do the instances left up carry the load (5 or
// 10 instances: 94 % each); the cells show the share of months meeting
// the SLA (left out here with the tick labels) over its 95 % interval, and
// the smallest configuration that meets it is framed.
func ExampleSweepSVG() {
	r, err := whatif.Sweep(context.Background(), workedExample(), whatif.Grid{
		Instances:      [][]int{{2, 5, 10}},
		UpgradeDomains: []int{2, 5},
		Warmup:         []whatif.WarmupMode{whatif.WarmupAfter, whatif.WarmupIn},
	}, whatif.SweepOptions{})
	if err != nil {
		panic(err)
	}
	svg, err := charts.SweepSVG(r, charts.SweepCompliance)
	if err != nil {
		panic(err)
	}
	words(svg)
	// Output:
	// Months meeting the SLA, per configuration (%)
	// worked example · 12 configurations × 50 simulated months
	// warm-up after OnStart
	// upgrade domains
	// web instances
	// 0–7.1
	// 0–7.1
	// 0–7.1
	// 0–7.1
	// 0–7.1
	// 0–7.1
	// warm-up in OnStart
	// upgrade domains
	// 0–7.1
	// 0–7.1
	// 0–7.1
	// 92.9–100
	// 0–7.1
	// 92.9–100
	// months meeting the SLA:
	// below 50 %
	// 50–80 %
	// 80–95 %
	// 95–97.5 %
	// 97.5 % or more
	// small print: 95 % interval
	// smallest meeting the SLA
	// in 95 % of months
}

// The tornado: how far mean bad minutes and SLA compliance move when each
// input is shifted by ±25 %, largest effect first.
func ExampleTornadoSVG() {
	s := workedExample()
	r, err := whatif.Sensitivity(context.Background(), s, whatif.SensitivityOptions{})
	if err != nil {
		panic(err)
	}
	svg, err := charts.TornadoSVG(r, s)
	if err != nil {
		panic(err)
	}
	words(svg)
	// Output:
	// What moves the result: each input shifted ±25 %
	// worked example · 50 simulated months per run
	// mean bad minutes per month
	// change (minutes)
	// web: utilisation
	// web: OnStart
	// web: OnStop
	// web: warm-up
	// web: startup tasks
	// Host OS: host reboot
	// months meeting the SLA
	// change (percentage points)
	// input −25 %
	// input +25 %
	// 0: the base run,
	// 39 bad min/month
	// and the SLA met in
	// 0 % of months
}

// Measured durations against the distributions fitted to them, with each
// fit's Kolmogorov–Smirnov statistic; the best is marked.
func ExampleFitSVG() {
	warmup := []float64{3.2, 4.1, 4.5, 4.8, 5, 5.2, 5.5, 5.9, 6.1, 6.4, 6.8, 7, 7.3, 7.9, 8.4, 9.1, 9.8, 11.5, 13, 16.2}
	c, err := fit.Calibrate(warmup)
	if err != nil {
		panic(err)
	}
	svg, err := charts.FitSVG(warmup, c, "web warm-up")
	if err != nil {
		panic(err)
	}
	words(svg)
	// Output:
	// Observed durations against the fitted distributions
	// web warm-up · 20 observations
	// x: duration (minutes)
	// observations ≤ x (%)
	// observed
	// lognormal · KS 0.081 (best)
	// Weibull · KS 0.138
	// gamma · KS 0.109, not a model kind
}
