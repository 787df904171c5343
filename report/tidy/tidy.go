// Package tidy writes a run's results as a tidy CSV table: one row per
// service, role or pass × pass × upgrade domain × measure × statistic,
// every number rounded as the page shows it, with its unit in a column
// of its own. The page's "Results CSV" and `rollout -csv` write it.
//
// Columns (Header):
//
//	scope      service, role or pass
//	role       the role's name for scope role ("" otherwise)
//	pass       host_os, guest_os, guest_agent, or "all" for monthly measures
//	domain     the upgrade domain (0, 1, …) for capacity loss, "all" otherwise
//	measure    what is measured (Measures lists them with their units)
//	statistic  mean, p50, p95, p99, p05, estimate, lo95, hi95, share or count
//	value      the number, rounded as on screen, without unit or grouping
//	unit       %, min or months
//	note       why, where a number needs a word: a 100 % capacity loss
//
// Text cells (role names) go through csvsafe.Cell, so that no
// spreadsheet runs them as a formula.
package tidy

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"strings"

	"rolloutplanner/charts"
	"rolloutplanner/internal/csvsafe"
	"rolloutplanner/internal/numfmt"
	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// Header is the CSV's header row.
var Header = []string{"scope", "role", "pass", "domain", "measure", "statistic", "value", "unit", "note"}

// Units of the measures.
const (
	UnitPercent = "%"      // percent, 0..100
	UnitMinutes = "min"    // minutes
	UnitMonths  = "months" // simulated months (trials)
)

// Measures names every measure with its unit, in row order.
var Measures = []struct{ Name, Unit string }{
	{"trials", UnitMonths},
	{"sla_compliance", UnitPercent},
	{"months_with_bad_minute", UnitPercent},
	{"months_with_hard_downtime", UnitPercent},
	{"bad_minutes_per_month", UnitMinutes},
	{"hard_down_minutes_per_month", UnitMinutes},
	{"availability", UnitPercent},
	{"requests_served", UnitPercent},
	{"lost_request_minutes", UnitMinutes},
	{"capacity_loss", UnitPercent},
	{"pass_duration", UnitMinutes},
}

// All is the pass and domain column of a measure over the whole month.
const All = "all"

// CSV writes the results r of scenario sc (the scenario they were
// computed from: it places the instances for the 100 % loss notes).
func CSV(sc model.Scenario, r planner.Result) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(Rows(sc, r)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Rows returns the CSV's rows, the header first.
func Rows(sc model.Scenario, r planner.Result) [][]string {
	rows := [][]string{Header}
	add := func(scope, role, pass, domain, measure, stat, value, unit, note string) {
		rows = append(rows, []string{scope, csvsafe.Cell(role), pass, domain, measure, stat, value, unit, csvsafe.Cell(note)})
	}
	metrics := func(scope, role string, m planner.Metrics) {
		row := func(measure, stat, value, unit string) { add(scope, role, All, All, measure, stat, value, unit, "") }
		row("trials", "count", strconv.Itoa(r.Trials), UnitMonths)
		row("sla_compliance", "estimate", Share(m.SLACompliance.P), UnitPercent)
		row("sla_compliance", "lo95", Share(m.SLACompliance.Lo), UnitPercent)
		row("sla_compliance", "hi95", Share(m.SLACompliance.Hi), UnitPercent)
		row("months_with_bad_minute", "share", Share(m.PBad), UnitPercent)
		row("months_with_hard_downtime", "share", Share(m.PHardDown), UnitPercent)
		row("bad_minutes_per_month", "mean", Minutes(m.BadMinutes.Mean), UnitMinutes)
		row("bad_minutes_per_month", "p50", Minutes(m.BadMinutes.P50), UnitMinutes)
		row("bad_minutes_per_month", "p95", Minutes(m.BadMinutes.P95), UnitMinutes)
		row("bad_minutes_per_month", "p99", Minutes(m.BadMinutes.P99), UnitMinutes)
		row("hard_down_minutes_per_month", "mean", Minutes(m.HardDownMinutes.Mean), UnitMinutes)
		row("hard_down_minutes_per_month", "p95", Minutes(m.HardDownMinutes.P95), UnitMinutes)
		row("availability", "mean", Points(m.AvailabilityPct.Mean), UnitPercent)
		row("availability", "p05", Points(m.AvailabilityPct.P05), UnitPercent)
		row("requests_served", "mean", Points(m.RequestsServedPct.Mean), UnitPercent)
		row("lost_request_minutes", "mean", Minutes(m.LostRequestMins.Mean), UnitMinutes)
	}
	metrics("service", "", r.Service)
	for i, role := range r.Roles {
		metrics("role", role.Name, role.Metrics)
		for _, pl := range role.UDCapacityLoss {
			for _, d := range pl.Domains {
				ud := strconv.Itoa(d.UD)
				note := ""
				if i < len(sc.Roles) && sc.Roles[i].Name == role.Name {
					note = charts.FullLossReason(sc, i, d.UD, d.Mean)
				}
				add("role", role.Name, string(pl.Pass), ud, "capacity_loss", "mean", Share(d.Mean), UnitPercent, note)
				add("role", role.Name, string(pl.Pass), ud, "capacity_loss", "p95", Share(d.P95), UnitPercent, "")
			}
		}
	}
	for _, p := range r.Passes {
		row := func(stat string, v float64) {
			add("pass", "", string(p.Pass), All, "pass_duration", stat, Minutes(v), UnitMinutes, "")
		}
		row("mean", p.Duration.Mean)
		row("p50", p.Duration.P50)
		row("p95", p.Duration.P95)
	}
	return rows
}

// Share writes a share (0..1) as a percentage the way the page shows it
// (numfmt.SharePoints), "" for NaN.
func Share(share float64) string {
	if math.IsNaN(share) {
		return ""
	}
	return numfmt.SharePoints(share)
}

// Points writes a percentage (0..100), such as an availability, the way
// the page shows it (numfmt.PointsNumber), "" for NaN.
func Points(pct float64) string {
	if math.IsNaN(pct) {
		return ""
	}
	return numfmt.PointsNumber(pct)
}

// Minutes writes minutes the way the page shows them: one decimal,
// without a trailing ".0".
func Minutes(m float64) string {
	if math.IsNaN(m) {
		return ""
	}
	return strings.TrimSuffix(strconv.FormatFloat(m, 'f', 1, 64), ".0")
}
