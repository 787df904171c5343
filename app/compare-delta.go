package app

import (
	"math"
	"rolloutplanner/internal/headline"
	"strconv"
	"strings"

	"rolloutplanner/model"
)

// deltaCard is one headline card of an A/B comparison: the same card
// (the service, or the role at one index) of A and of B, metric by
// metric, with B − A.
type deltaCard struct {
	Key   string // the cards' key: "service" or "role-<index>"
	Title string // B's title (a role's name: text, never markup)
	From  string // A's title when it differs from B's (a renamed role), else ""
	Rows  []deltaRow
}

// deltaRow is one metric of a comparison.
type deltaRow struct {
	Key    string  // data-delta: the metric key ("sla"), "role-<i>.<key>" for a role
	Label  string  // for people
	A, B   string  // each side's value as the cards show it
	Delta  float64 // B − A, in the metric's own unit (a share, minutes, percent)
	Text   string  // Delta for people, with sign and unit ("+12.3 pts", "−4.2 min")
	Better string  // "better", "worse" or "same": which way B moved
}

// higherIsBetter says, per metric key, which direction of change is an
// improvement.
var higherIsBetter = map[string]bool{
	mSLA: true, mPBad: false, mPHardDown: false, mBadMean: false,
	mBadP95: false, mAvailP05: true, mServed: true,
}

// deltaCards pairs A's and B's cards (by key: the service with the
// service, role i with role i) and computes B − A for every metric both
// show. Cards only one side has (a role added or removed) are left out.
func deltaCards(a, b []headline.Card) []deltaCard {
	byKey := map[string]headline.Card{}
	for _, c := range a {
		byKey[c.Key] = c
	}
	var out []deltaCard
	for _, cb := range b {
		ca, ok := byKey[cb.Key]
		if !ok {
			continue
		}
		d := deltaCard{Key: cb.Key, Title: cb.Title}
		if ca.Title != cb.Title {
			d.From = ca.Title
		}
		am := map[string]headline.Metric{}
		for _, m := range ca.Metrics {
			am[m.Key] = m
		}
		for _, mb := range cb.Metrics {
			ma, ok := am[mb.Key]
			if !ok {
				continue
			}
			key := mb.Key
			if cb.Key != "service" {
				key = cb.Key + "." + mb.Key
			}
			v := mb.Value - ma.Value
			d.Rows = append(d.Rows, deltaRow{
				Key: key, Label: mb.Label, A: abValue(mb.Key, ma.Value), B: abValue(mb.Key, mb.Value),
				Delta: v, Text: deltaText(mb.Key, v), Better: direction(mb.Key, v),
			})
		}
		out = append(out, d)
	}
	return out
}

// direction says whether a change v of metric key is "better", "worse"
// or the "same" (no change, or not a number).
func direction(key string, v float64) string {
	if v == 0 || math.IsNaN(v) {
		return "same"
	}
	if (v > 0) == higherIsBetter[key] {
		return "better"
	}
	return "worse"
}

// deltaText formats a change of metric key in the unit of its numbers:
// shares (SLA compliance and the months' probabilities) in percentage
// points with one decimal, percentages (availability, requests served)
// in points with three, minutes as the cards write them ("−96 min (1.6
// h)"). The sign is explicit ("+", "−"); a change too small for those
// digits reads "+<0.1 pts", never "+0.0" nor a run of digits.
func deltaText(key string, v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	if v == 0 {
		return "±0"
	}
	sign := "+"
	if v < 0 {
		sign = "−"
	}
	a := math.Abs(v)
	switch key {
	case mSLA, mPBad, mPHardDown:
		return sign + fixedOrLess(100*a, 1) + " pts"
	case mAvailP05, mServed:
		return sign + fixedOrLess(a, 3) + " pts"
	}
	if a < 0.05 {
		return sign + "<0.1 min"
	}
	return sign + Minutes(a)
}

// fixedOrLess writes a ≥ 0 with digits decimals, or "<0.1" (for one
// digit) when that would round it to zero.
func fixedOrLess(a float64, digits int) string {
	s := strconv.FormatFloat(a, 'f', digits, 64)
	if strings.Trim(s, "0.") == "" {
		return "<" + strconv.FormatFloat(math.Pow(10, -float64(digits)), 'f', digits, 64)
	}
	return s
}

// abValue writes one side's value of metric key for the A/B table with
// the digits the comparison reads: shares in percent with one decimal,
// percentages with three, minutes as the cards write them. A value that
// those digits would round to 0 or 100 % without being it reads "< 0.1 %"
// or "> 99.9 %", never "99.999999 %".
func abValue(key string, v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	switch key {
	case mSLA, mPBad, mPHardDown:
		return boundedPercent(100*v, 1)
	case mAvailP05, mServed:
		return boundedPercent(v, 3)
	}
	return Minutes(v)
}

// boundedPercent writes pct (0..100) with digits decimals, saying "<"
// or ">" where rounding would make it read 0 or 100.
func boundedPercent(pct float64, digits int) string {
	if pct <= 0 || pct >= 100 {
		return strconv.FormatFloat(pct, 'f', 0, 64) + " %"
	}
	step := math.Pow(10, -float64(digits))
	s := strconv.FormatFloat(pct, 'f', digits, 64)
	switch {
	case strings.Trim(s, "0.") == "":
		return "< " + strconv.FormatFloat(step, 'f', digits, 64) + " %"
	case strings.HasPrefix(s, "100"):
		return "> " + strconv.FormatFloat(100-step, 'f', digits, 64) + " %"
	}
	return s + " %"
}

// maxDiffs is how many changed fields a comparison lists.
const maxDiffs = 10

// scenarioDiff lists what B changes in A, field by field, for people:
// "roles[0].instances: 2 → 4". Fields of a role only one side has are
// summed up as a role added or removed; values are cut short. At most
// maxDiffs lines, then "… and N more changes".
func scenarioDiff(a, b model.Scenario) []string {
	seen := map[string]bool{}
	var out []string
	n := 0
	add := func(path string) {
		if seen[path] {
			return
		}
		seen[path] = true
		ta, oka := fieldTextOK(&a, path)
		tb, okb := fieldTextOK(&b, path)
		if !oka || !okb || ta == tb {
			return
		}
		if n++; n <= maxDiffs {
			out = append(out, path+": "+isolated(shortText(ta))+" → "+isolated(shortText(tb)))
		}
	}
	// A distribution's kind comes first; its parameters follow it.
	for _, path := range fieldPaths(&b) {
		add(path)
	}
	for _, path := range fieldPaths(&a) {
		add(path)
	}
	for i := len(a.Roles); i < len(b.Roles); i++ {
		if n++; n <= maxDiffs {
			out = append(out, "role "+quote(isolated(b.Roles[i].Name))+" added")
		}
	}
	for i := len(b.Roles); i < len(a.Roles); i++ {
		if n++; n <= maxDiffs {
			out = append(out, "role "+quote(isolated(a.Roles[i].Name))+" removed")
		}
	}
	if n > maxDiffs {
		out = append(out, "… and "+strconv.Itoa(n-maxDiffs)+" more changes")
	}
	return out
}

// fieldTextOK is FieldText, and whether s has the field at path.
func fieldTextOK(s *model.Scenario, path string) (string, bool) {
	if _, _, ok := locate(s, path); !ok {
		return "", false
	}
	return FieldText(s, path), true
}

// shortText cuts a field's text for a one-line summary.
func shortText(s string) string {
	if r := []rune(s); len(r) > 24 {
		return string(r[:24]) + "…"
	}
	if s == "" {
		return "(empty)"
	}
	return s
}
