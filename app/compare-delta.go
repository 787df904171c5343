package app

import (
	"math"
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
func deltaCards(a, b []cardView) []deltaCard {
	byKey := map[string]cardView{}
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
		am := map[string]metricView{}
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
				Key: key, Label: mb.Label, A: ma.Text, B: mb.Text,
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

// deltaText formats a change of metric key: shares (SLA compliance and
// the months' probabilities) in percentage points with one decimal,
// percentages (availability, requests served) in points with three,
// minutes with one decimal. The sign is explicit ("+", "−"); a change
// that rounds to zero but is not zero shows more digits, so that
// "better" never reads "+0.0".
func deltaText(key string, v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	if v == 0 {
		return "±0"
	}
	var x float64
	var digits int
	var unit string
	switch key {
	case mSLA, mPBad, mPHardDown:
		x, digits, unit = 100*v, 1, " pts"
	case mAvailP05, mServed:
		x, digits, unit = v, 3, " pts"
	default:
		x, digits, unit = v, 1, " min"
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', digits, 64)
	for ; strings.Trim(s, "0.") == "" && digits < 8; digits++ {
		s = strconv.FormatFloat(math.Abs(x), 'f', digits+1, 64)
	}
	sign := "+"
	if x < 0 {
		sign = "−"
	}
	return sign + s + unit
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
