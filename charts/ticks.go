package charts

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// maxTickLabels is the most labelled ticks an axis gets. The layout's data
// area is about 6.5 in wide, so labels stay at least 0.65 in apart.
const maxTickLabels = 10

// Tick steps, in the axis's unit, that people read easily: whole minutes
// that divide an hour, and quarter hours or hours that divide a day.
var (
	minuteSteps = []float64{1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440}
	hourSteps   = []float64{0.25, 0.5, 1, 2, 3, 4, 6, 12, 24, 48, 72, 168}
)

// timeTicks returns a ticker for a time axis in unit ("minutes" or
// "hours", from timeUnit).
func timeTicks(unit string) plot.Ticker {
	steps := minuteSteps
	if unit == "hours" {
		steps = hourSteps
	}
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick { return stepTicks(lo, hi, steps) })
}

// valueTicks is a ticker at 1, 2, 2.5 or 5 times a power of ten, for a linear
// axis of counts such as bad minutes.
var valueTicks = plot.TickerFunc(func(lo, hi float64) []plot.Tick {
	return stepTicks(lo, hi, decadeSteps(hi-lo))
})

// decadeSteps returns 1, 2, 2.5 and 5 times the powers of ten from well below
// span up to span.
func decadeSteps(span float64) []float64 {
	if !(span > 0) || math.IsInf(span, 0) {
		return []float64{1}
	}
	var out []float64
	for p := math.Pow(10, math.Floor(math.Log10(span))-2); p <= span*10; p *= 10 {
		out = append(out, p, 2*p, 2.5*p, 5*p)
	}
	return out
}

// stepTicks labels every multiple of the smallest step in steps that gives
// at most maxTickLabels labels over [lo, hi], with one unlabelled tick
// between labels. Ranges that are empty or not finite get no ticks.
func stepTicks(lo, hi float64, steps []float64) []plot.Tick {
	if !finite(lo, hi) || !(hi > lo) || len(steps) == 0 {
		return nil
	}
	step := steps[len(steps)-1]
	for _, s := range steps {
		if (hi-lo)/s <= maxTickLabels {
			step = s
			break
		}
	}
	// A range far wider than the largest step: grow it by tens.
	for (hi-lo)/step > maxTickLabels {
		step *= 10
	}
	var ticks []plot.Tick
	first := math.Ceil(lo/step-1e-9) - 1 // one earlier, for its minor tick
	for k := first; ; k++ {
		v := k * step
		if v > hi+step*1e-9 {
			break
		}
		if v >= lo-step*1e-9 {
			ticks = append(ticks, plot.Tick{Value: v, Label: tickLabel(v, step)})
		}
		if m := v + step/2; m >= lo && m <= hi {
			ticks = append(ticks, plot.Tick{Value: m})
		}
	}
	return ticks
}

// tickLabel formats v, a multiple of step, with no more decimals than
// step needs and thousands separators: "0.25", "1.5", "90", "1,440".
func tickLabel(v, step float64) string {
	if math.Abs(v) < math.Abs(step)*1e-6 {
		v = 0 // not "-0" from a sum of steps
	}
	dec := 0
	for s := step; dec < 6 && math.Abs(s-math.Round(s)) > 1e-9*math.Max(1, s); s *= 10 {
		dec++
	}
	if dec == 0 && math.Abs(v) < 1e15 {
		return thousands(int(math.Round(v)))
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// log1p axes: values are drawn at log(1 + x), so 0 stays on the axis and
// a long tail does not squeeze the bulk of the months into the corner.
// The data are transformed before plotting (the axis itself stays linear,
// which keeps gonum/plot's layout right).

// log1pAxisWidth is the width, in points, that log1pTicks assumes the
// axis has: the data area of an 8 in chart with a wide legend.
const log1pAxisWidth = 400

// log1pTicks labels 0 and then, while their labels stay apart, the powers
// of ten and their 5 and 2 multiples, on an axis of log(1 + x) from 0 to
// log1p(max). Other multiples get unlabelled ticks.
func log1pTicks(max float64) []plot.Tick {
	top := math.Log1p(max)
	if !(top > 0) || math.IsInf(top, 0) {
		return []plot.Tick{{Value: 0, Label: "0"}}
	}
	sty := textStyle(tickSize, false)
	// width returns a label's width in axis units.
	width := func(v float64) float64 {
		return float64(sty.Width(tickLabel(v, 1))) / log1pAxisWidth * top
	}
	pad := 8.0 / log1pAxisWidth * top // 8 pt between labels
	labelled := []float64{0}
	apart := func(v float64) bool {
		for _, l := range labelled {
			gap := math.Abs(math.Log1p(v) - math.Log1p(l))
			if gap < (width(v)+width(l))/2+pad {
				return false
			}
		}
		return true
	}
	for _, m := range []float64{1, 5, 2} {
		for dec := 1.0; m*dec <= max; dec *= 10 {
			if v := m * dec; apart(v) {
				labelled = append(labelled, v)
			}
		}
	}
	ticks := []plot.Tick{{Value: 0, Label: "0"}}
	for dec := 1.0; dec <= max; dec *= 10 {
		for m := 1; m <= 9; m++ {
			v := float64(m) * dec
			if v > max {
				break
			}
			t := plot.Tick{Value: math.Log1p(v)}
			for _, l := range labelled {
				if l == v {
					t.Label = tickLabel(v, 1)
				}
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}
