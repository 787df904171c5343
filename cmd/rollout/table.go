package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"rolloutplanner/internal/numfmt"
	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// writeTable prints the result for people: one row per service and role,
// then pass durations and capacity loss per upgrade domain.
func writeTable(w io.Writer, s model.Scenario, res planner.Result) error {
	name := clean(s.Name)
	if name == "" {
		name = "(unnamed scenario)"
	}
	fmt.Fprintf(w, "%s: %s trials, seed %d, SLA target %s %%, month %s min\n\n",
		name, numfmt.Count(res.Trials), res.Seed, num(s.SLATargetPct), num(s.MonthMinutes))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tSLA met (95% CI)\tP(bad)\tP(hard down)\tbad min mean\tp95\tp99\thard-down mean\tavail. p05 %\trequests served %\t")
	row := func(label string, m planner.Metrics) {
		// The report's table rules (internal/numfmt), so both agree.
		fmt.Fprintf(tw, "%s\t%s [%s, %s]\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", label,
			pct(m.SLACompliance.P), pct(m.SLACompliance.Lo), pct(m.SLACompliance.Hi),
			pct(m.PBad), pct(m.PHardDown), numfmt.Num(m.BadMinutes.Mean), numfmt.Num(m.BadMinutes.P95), numfmt.Num(m.BadMinutes.P99),
			numfmt.Num(m.HardDownMinutes.Mean), numfmt.PointsNumber(m.AvailabilityPct.P05), numfmt.PointsNumber(m.RequestsServedPct.Mean))
	}
	row("service", res.Service)
	for _, r := range res.Roles {
		row(clean(r.Name), r.Metrics)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nPass duration (minutes from the pass's start to its last domain done)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tmean\tp50\tp95\t")
	for _, p := range res.Passes {
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.1f\t\n", p.Pass.Title(), p.Duration.Mean, p.Duration.P50, p.Duration.P95)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nCapacity lost while each upgrade domain is down (% of the role, mean / p95)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	if len(res.Roles) > 0 && len(res.Roles[0].UDCapacityLoss) > 0 {
		fmt.Fprint(tw, "role\tpass\t")
		for _, d := range res.Roles[0].UDCapacityLoss[0].Domains {
			fmt.Fprintf(tw, "UD %d\t", d.UD)
		}
		fmt.Fprintln(tw)
	}
	for _, r := range res.Roles {
		for _, pl := range r.UDCapacityLoss {
			fmt.Fprintf(tw, "%s\t%s\t", clean(r.Name), pl.Pass.Title())
			for _, d := range pl.Domains {
				fmt.Fprintf(tw, "%.0f / %.0f\t", 100*d.Mean, 100*d.P95)
			}
			fmt.Fprintln(tw)
		}
	}
	return tw.Flush()
}

// pct formats a share as the page and the report do: "97.3 %", "99.95 %".
func pct(p float64) string { return numfmt.Share(p) }

func num(v float64) string { return strings.TrimSuffix(fmt.Sprintf("%g", v), ".0") }

// clean keeps a name from a scenario file from steering the terminal:
// control characters (escape sequences, tabs that would break the table),
// line separators and bidirectional formatting characters are shown as
// '?'. Validation rejects them already; this is defence in depth.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) ||
			r == 0x2028 || r == 0x2029 || r == 0x200E || r == 0x200F || r == 0x061C ||
			(r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			return '?'
		}
		return r
	}, s)
}
