// Package numfmt formats numbers for people, the same way in the page, the
// charts and the report: whole numbers with grouped thousands, and
// decimals without trailing zeros.
package numfmt

import (
	"strconv"
	"strings"
)

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
