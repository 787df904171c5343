package app

import (
	"rolloutplanner/internal/glossary"
	"rolloutplanner/internal/numfmt"
)

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
