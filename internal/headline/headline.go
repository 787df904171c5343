// Package headline turns a run's result into the headline cards people
// read first: the service's SLA compliance and its other figures, then
// each role's, formatted as package numfmt says. The page draws them
// (package app), and the simulation worker sends them as JSON to the
// page's first script (web/boot.js), which shows them before the page
// itself has loaded: one definition, so both show the same text.
package headline

import (
	"fmt"
	"strconv"

	"rolloutplanner/internal/glossary"
	"rolloutplanner/internal/numfmt"
	"rolloutplanner/planner"
)

// Card is one headline card: the service's or one role's metrics.
type Card struct {
	Key     string   `json:"key"`   // "service" or "role-<index>": stable for ids and tests
	Title   string   `json:"title"` // "Service" or the role's name: text, never markup
	Metrics []Metric `json:"metrics"`
}

// Metric is one number of a card: its text for people and its exact
// value for data-value attributes (tests and scripts read those).
type Metric struct {
	Key    string  `json:"key"`    // a glossary key: "sla", "p-bad", …
	Label  string  `json:"label"`  // for people
	Text   string  `json:"text"`   // the value, formatted with its unit
	Detail string  `json:"detail"` // an interval or a second statistic, may be empty
	Value  float64 `json:"-"`      // exact
	Exact  string  `json:"value"`  // Value as Exact formats it
	Tone   string  `json:"tone"`   // "good", "warn", "bad" or "": colours the headline
}

// Cards returns the service card, then one card per role.
func Cards(r planner.Result) []Card {
	cards := []Card{{Key: "service", Title: "Service", Metrics: Metrics(r.Service)}}
	for i, role := range r.Roles {
		cards = append(cards, Card{Key: "role-" + strconv.Itoa(i), Title: role.Name, Metrics: Metrics(role.Metrics)})
	}
	return cards
}

// Metrics returns one card's metrics, SLA compliance first. Its tone is
// "good" when the whole 95 % interval is at or above 99 %, "warn" when
// the interval reaches 90 %, "bad" otherwise.
func Metrics(m planner.Metrics) []Metric {
	sla := m.SLACompliance
	tone := "bad"
	switch {
	case sla.Lo >= 0.99:
		tone = "good"
	case sla.Hi >= 0.9:
		tone = "warn"
	}
	out := []Metric{
		{Key: glossary.SLA, Label: "SLA compliance", Text: numfmt.Share(sla.P), Value: sla.P, Tone: tone,
			Detail: fmt.Sprintf("95 %% interval %s – %s", numfmt.Share(sla.Lo), numfmt.Share(sla.Hi))},
		{Key: glossary.PBad, Label: "Months with a bad minute", Text: numfmt.Share(m.PBad), Value: m.PBad},
		{Key: glossary.PHardDown, Label: "Months with hard downtime", Text: numfmt.Share(m.PHardDown), Value: m.PHardDown},
		{Key: glossary.BadMean, Label: "Bad minutes, mean", Text: numfmt.Minutes(m.BadMinutes.Mean), Value: m.BadMinutes.Mean},
		{Key: glossary.BadP95, Label: "Bad minutes, P95", Text: numfmt.Minutes(m.BadMinutes.P95), Value: m.BadMinutes.P95},
		{Key: glossary.AvailP05, Label: "Availability, P05", Text: numfmt.Points(m.AvailabilityPct.P05), Value: m.AvailabilityPct.P05},
		{Key: glossary.Served, Label: "Requests served", Text: numfmt.Points(m.RequestsServedPct.Mean), Value: m.RequestsServedPct.Mean},
	}
	for i := range out {
		out[i].Exact = Exact(out[i].Value)
	}
	return out
}

// Exact formats a value for a data-value attribute: the shortest text
// that reads back as the same float64.
func Exact(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// PartialNote is the mark of a partial estimate: the first trials of a
// run of total trials, shown while the rest run.
func PartialNote(trials, total int) string {
	return "Estimate from " + numfmt.Count(trials) + " of " + numfmt.Count(total) + " trials; refining…"
}
