package report

import (
	"fmt"
	"slices"
	"strconv"

	"rolloutplanner/internal/numfmt"
	"rolloutplanner/model"
)

// unit says how a distribution's values read: minutes or a share shown in
// percent.
type unit int

const (
	minutes unit = iota
	share        // a fraction shown as percent (utilisation)
)

// val formats v in unit u: "12.5 min", "75 %".
func (u unit) val(v float64) string {
	if u == share {
		return num(100*v) + " %"
	}
	return num(v) + " min"
}

// bare formats v in unit u without the unit, for ranges: "12.5", "75".
func (u unit) bare(v float64) string {
	if u == share {
		return num(100 * v)
	}
	return num(v)
}

// name is the unit's short name: "min" or "%".
func (u unit) name() string {
	if u == share {
		return "%"
	}
	return "min"
}

// describe says in words what distribution d draws: "lognormal, median
// 5 min, 95th percentile 12 min". Unknown kinds are named as they are.
func describe(d model.Dist, u unit) string {
	switch d.Kind {
	case model.Fixed:
		return "always " + u.val(d.Value)
	case model.Uniform:
		return "uniform between " + u.bare(d.Min) + " and " + u.val(d.Max)
	case model.Triangular:
		return "triangular between " + u.bare(d.Min) + " and " + u.val(d.Max) + ", most often " + u.val(d.Mode)
	case model.Normal:
		return "normal, mean " + u.val(d.Mean) + ", standard deviation " + u.val(d.SD)
	case model.LogNormal:
		return "lognormal, median " + u.val(d.P50) + ", 95th percentile " + u.val(d.P95)
	case model.Exponential:
		return "exponential, mean " + u.val(d.Mean)
	case model.Weibull:
		return "Weibull, shape " + num(d.Shape) + ", scale " + u.val(d.Scale)
	case model.Empirical:
		n := len(d.Values)
		if n == 0 {
			return "empirical, no observations"
		}
		v := slices.Clone(d.Values)
		slices.Sort(v)
		obs := strconv.Itoa(n) + " observations"
		if n == 1 {
			obs = "1 observation"
		}
		return fmt.Sprintf("%s resampled: %s to %s %s, median %s",
			obs, u.bare(v[0]), u.bare(v[n-1]), u.name(), u.val(v[(n-1)/2]))
	}
	return "unknown kind " + strconv.Quote(string(d.Kind))
}

// num formats x for people, numfmt's rule: "21.6", "120", "0.25".
func num(x float64) string { return numfmt.Num(x) }

// pct formats a share as a percent, numfmt's rule: "97.3 %", "99.95 %".
func pct(p float64) string { return numfmt.Share(p) }

// thousands formats n with narrow no-break spaces: 10000 → "10 000".
func thousands(n int) string { return numfmt.Count(n) }

// yesNo says a bool in words.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
