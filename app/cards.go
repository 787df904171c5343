package app

import (
	"fmt"
	"strconv"

	"rolloutplanner/internal/glossary"
	"rolloutplanner/internal/numfmt"
	"rolloutplanner/planner"
)

// cardView is one headline card, ready to show: the service's or one
// role's metrics as text, and each metric's exact value for data-value
// attributes (tests and scripts read those; people read the text).
type cardView struct {
	Key     string // "service" or "role-<index>": stable for ids and tests
	Title   string // "Service" or the role's name (shown as text, never markup)
	Metrics []metricView
}

// metricView is one number of a card.
type metricView struct {
	Key    string  // "sla", "p-bad", …: stable for ids and tests
	Label  string  // for people
	Text   string  // the value, formatted with its unit
	Detail string  // an interval or a second statistic, may be empty
	Value  float64 // exact, for data-value
	Tone   string  // "good", "warn", "bad" or "": colours the headline
}

// Metric keys, in card order. They are the glossary's keys, so that each
// metric finds its definition (glossary.Text(key)).
const (
	mSLA       = glossary.SLA
	mPBad      = glossary.PBad
	mPHardDown = glossary.PHardDown
	mBadMean   = glossary.BadMean
	mBadP95    = glossary.BadP95
	mAvailP05  = glossary.AvailP05
	mServed    = glossary.Served
)

// cardsFor turns a result into the service card and one card per role.
func cardsFor(r planner.Result) []cardView {
	cards := []cardView{{Key: "service", Title: "Service", Metrics: metricsFor(r.Service)}}
	for i, role := range r.Roles {
		cards = append(cards, cardView{Key: "role-" + strconv.Itoa(i), Title: role.Name, Metrics: metricsFor(role.Metrics)})
	}
	return cards
}

func metricsFor(m planner.Metrics) []metricView {
	sla := m.SLACompliance
	tone := "bad"
	switch {
	case sla.Lo >= 0.99:
		tone = "good"
	case sla.Hi >= 0.9:
		tone = "warn"
	}
	return []metricView{
		{Key: mSLA, Label: "SLA compliance", Text: Percent(sla.P), Value: sla.P, Tone: tone,
			Detail: fmt.Sprintf("95 %% interval %s – %s", Percent(sla.Lo), Percent(sla.Hi))},
		{Key: mPBad, Label: "Months with a bad minute", Text: Percent(m.PBad), Value: m.PBad},
		{Key: mPHardDown, Label: "Months with hard downtime", Text: Percent(m.PHardDown), Value: m.PHardDown},
		{Key: mBadMean, Label: "Bad minutes, mean", Text: Minutes(m.BadMinutes.Mean), Value: m.BadMinutes.Mean},
		{Key: mBadP95, Label: "Bad minutes, P95", Text: Minutes(m.BadMinutes.P95), Value: m.BadMinutes.P95},
		{Key: mAvailP05, Label: "Availability, P05", Text: PercentPoints(m.AvailabilityPct.P05), Value: m.AvailabilityPct.P05},
		{Key: mServed, Label: "Requests served", Text: PercentPoints(m.RequestsServedPct.Mean), Value: m.RequestsServedPct.Mean},
	}
}

// Percent formats a share (0..1) as a percentage, numfmt's rule:
// "97.3 %", "99.95 %", never "100.0 %" for a share below 1.
func Percent(share float64) string { return numfmt.Share(share) }

// PercentPoints formats a percentage (0..100) such as an availability
// with at least three decimals ("99.958 %"), more when three would round
// it to 100.
func PercentPoints(pct float64) string { return numfmt.Points(pct) }

// Minutes formats a duration in minutes with up to one decimal, and in
// hours too when it is long ("95 min (1.6 h)").
func Minutes(m float64) string { return numfmt.Minutes(m) }

// Count formats a whole number with narrow no-break spaces between
// thousands ("100 000").
func Count(n int) string { return numfmt.Count(n) }
