// Package numfmt formats numbers for people, the same way in the page, the
// charts, the report and the command line's table. One rule per kind of
// figure:
//
//   - A share (0..1, "SLA met", "months hard down") is a percentage with one
//     decimal, and more decimals when one would round a share that is not
//     exactly 0 or 1 to "0.0 %" or "100.0 %": 0.9995 is "99.95 %", 0.9996
//     "99.96 %", never "100.0 %" (Share). Exactly 0 and 1 are "0 %" and
//     "100 %".
//   - A percentage already in points near 100 (availability, requests
//     served) has at least three decimals, more when three would round it
//     to 100: "99.958 %" (Points).
//   - Minutes have up to one decimal, with hours beside them from 90
//     minutes: "21.6 min", "95 min (1.6 h)" (Minutes).
//   - Counts group thousands with a narrow no-break space, U+202F
//     ("10 000"), which no reader mistakes for a decimal separator and
//     no line break splits (Count).
//   - Other measured numbers have about three significant digits, trailing
//     zeros dropped: "0.25", "21.6", "120" (Num).
//   - Not a number is "–" (an en dash).
//
// Machine-readable output (the CSV and JSON exports, rollout -json and the
// sweep CSV) is not for people: it writes plain decimal numbers with a
// point and no grouping, for spreadsheets and programs to read back.
package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// Thin is the narrow no-break space (U+202F) between groups of thousands.
const Thin = "\u202f"

// NaN is what every formatter returns for a NaN.
const NaN = "–"

// Group formats n with sep between groups of three digits:
// Group(10000, ",") is "10,000", Group(-1234567, "\u202f") "-1 234 567".
func Group(n int, sep string) string {
	s := strconv.Itoa(n)
	digits := strings.TrimPrefix(s, "-")
	var b strings.Builder
	if len(digits) < len(s) {
		b.WriteByte('-')
	}
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(digits[i])
	}
	return b.String()
}

// Count formats a whole number with narrow no-break spaces between
// thousands: Count(100000) is "100 000".
func Count(n int) string { return Group(n, Thin) }

// Trim formats x with at most dec decimals and drops trailing zeros and a
// trailing point: Trim(21.60, 2) is "21.6", Trim(120, 1) "120". A result
// of "-0" becomes "0".
func Trim(x float64, dec int) string {
	s := strconv.FormatFloat(x, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// Num formats a measured number for people: no decimals from 100 up, one
// below, two below 1, three below 0.01; trailing zeros dropped ("21.6",
// "120", "0.25", "0.005").
func Num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	dec := 3
	switch ax := math.Abs(x); {
	case ax >= 100:
		dec = 0
	case ax >= 1:
		dec = 1
	case ax >= 0.01:
		dec = 2
	}
	return Trim(x, dec)
}

// Share formats a share (0..1) as a percentage: "97.3 %", "99.95 %"
// (see the package doc).
func Share(p float64) string {
	if math.IsNaN(p) {
		return NaN
	}
	return SharePoints(p) + " %"
}

// SharePoints is Share without the " %", for a chart cell or axis:
// "97.3", "99.95", "100".
func SharePoints(p float64) string {
	if math.IsNaN(p) {
		return NaN
	}
	return points(100*p, 1)
}

// Points formats a percentage (0..100) near 100, such as an availability,
// with at least three decimals: "99.958 %" (see the package doc).
func Points(pct float64) string {
	if math.IsNaN(pct) {
		return NaN
	}
	return points(pct, 3) + " %"
}

// PointsNumber is Points without the " %", for a table whose heading
// carries the unit: "99.958".
func PointsNumber(pct float64) string {
	if math.IsNaN(pct) {
		return NaN
	}
	return points(pct, 3)
}

// points formats pct with at least digits decimals, more (up to 7) when
// fewer would round a value that is not exactly 0 or 100 to 0 or 100.
func points(pct float64, digits int) string {
	if pct == 0 || pct == 100 {
		return strconv.FormatFloat(pct, 'f', 0, 64)
	}
	for ; digits < 8; digits++ {
		s := strconv.FormatFloat(pct, 'f', digits, 64)
		if s != "100."+strings.Repeat("0", digits) && strings.Trim(s, "0.-") != "" {
			return s
		}
	}
	return strconv.FormatFloat(pct, 'g', 8, 64)
}

// Minutes formats a duration in minutes with up to one decimal, and in
// hours too from 90 minutes: "21.6 min", "95 min (1.6 h)".
func Minutes(m float64) string {
	if math.IsNaN(m) {
		return NaN
	}
	s := strconv.FormatFloat(m, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0") + " min"
	if m >= 90 {
		s += " (" + strconv.FormatFloat(m/60, 'f', 1, 64) + " h)"
	}
	return s
}
