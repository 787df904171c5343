// Package glossary defines, once, the words the planner's numbers and
// charts use: one line per term, in the user's words, as docs/model.md
// ("What is measured") explains them. The page shows them as tooltips
// beside each headline number and chart; the report can print the same
// lines, so the two never explain a number differently.
package glossary

// Keys of the terms. The metric keys are those of the page's cards
// (data-metric); the chart keys are the charts' kinds (charts.Kind).
const (
	SLA          = "sla"
	PBad         = "p-bad"
	PHardDown    = "p-hard-down"
	BadMean      = "bad-mean"
	BadP95       = "bad-p95"
	AvailP05     = "avail-p05"
	Served       = "served"
	BadMinute    = "bad-minute"
	HardDown     = "hard-down"
	Budget       = "budget"
	CapacityLoss = "capacity-loss"
	WarmCapacity = "warm-capacity"
	BadMinutes   = "bad-minutes"
	PassDuration = "pass-durations"
)

// Term is one defined word: its key, its name as the page shows it, and
// its definition, one sentence of plain text.
type Term struct {
	Key  string
	Name string
	Text string
}

// terms is the glossary, in the order a reader meets the words.
var terms = []Term{
	{SLA, "SLA compliance",
		"The share of simulated months whose availability meets the SLA target, with its 95 % interval."},
	{BadMinute, "Bad minute",
		"A minute in which more than the bad error rate (5 % by default) of requests fail: what the SLA counts against you."},
	{HardDown, "Hard downtime",
		"Minutes with no warm instance at all in some role: a real outage."},
	{PBad, "Months with a bad minute",
		"How likely a month's patching is noticed by users at all: the share of months with at least one bad minute."},
	{PHardDown, "Months with hard downtime",
		"How likely a month includes an outage: the share of months with at least one minute of hard downtime."},
	{BadMean, "Bad minutes, mean",
		"The average number of bad minutes per month over all simulated months."},
	{BadP95, "Bad minutes, P95",
		"The 95th percentile: 19 months in 20 have no more bad minutes than this."},
	{AvailP05, "Availability, P05",
		"The 5th percentile of availability, 100 × (1 − bad minutes ÷ month): 1 month in 20 is worse than this."},
	{Served, "Requests served",
		"The mean share of the month's requests that succeed, 100 × (1 − lost request-minutes ÷ month)."},
	{Budget, "SLA budget",
		"The bad minutes a month may have: month × (1 − target ÷ 100), 21.6 min at 99.95 %."},
	{CapacityLoss, "Capacity loss",
		"The largest share of a role's warm instances missing while an upgrade domain is upgraded: mean as a bar, P95 as a whisker."},
	{WarmCapacity, "Warm capacity",
		"The share of a role's instances in rotation and warmed up, over the pass: median line, P5–P95 band, and the share the role needs (dashed)."},
	{BadMinutes, "Bad minutes per month",
		"The share of months with at most x bad minutes (a cumulative distribution); the vertical line is the SLA budget."},
	{PassDuration, "Pass duration",
		"From the start of a pass to its last upgrade domain done, as the share of trials finished by x."},
}

// Lookup returns the term of key, and false when there is none.
func Lookup(key string) (Term, bool) {
	for _, t := range terms {
		if t.Key == key {
			return t, true
		}
	}
	return Term{}, false
}

// Text returns the definition of key, "" when there is none.
func Text(key string) string {
	t, _ := Lookup(key)
	return t.Text
}

// All returns every term, in reading order. The slice is a copy.
func All() []Term { return append([]Term(nil), terms...) }
