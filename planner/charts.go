package planner

import (
	"math"

	"rolloutplanner/model"
)

// maxCurvePoints bounds the points of a CDF handed to a chart.
const maxCurvePoints = 400

// histogramBins is the number of bins of a Distribution's histogram.
const histogramBins = 30

// Charts is what the result charts draw, reduced from an Accumulator:
// small enough to hand from a Web Worker to the page or to a plotter.
type Charts struct {
	Scenario      string
	Trials        int
	BudgetMinutes float64        // the SLA's monthly allowance: month × (1 − target/100)
	WarmCapacity  []WarmBands    // per enabled pass, per role
	BadMinutes    []Distribution // the service, then each role
	PassDurations []Distribution // per enabled pass
	CapacityLoss  []RoleResult   // per role: its capacity loss per domain and pass
}

// WarmBands is one role's warm capacity during one pass, as percentile
// bands over the trials on a grid of minutes from the pass's start.
type WarmBands struct {
	Pass    model.PassKind
	Role    string
	Needed  float64   // warm share the role needs: mean utilisation ÷ overload_at
	Minutes []float64 // grid, minutes from the pass's start
	P05     []float64 // warm share of the role's instances, 5th percentile
	P50     []float64 // median
	P95     []float64 // 95th percentile
}

// Distribution is the distribution of one measure over the trials.
type Distribution struct {
	Name      string  // "service", a role's name, or a pass's title
	Unit      string  // "minutes"
	Mean      float64 // over all trials
	CDF       []Point // X: value; Y: share of trials ≤ X; a step function's corners
	Histogram []Bin   // equal-width bins from 0 to the largest value
}

// Point is one point of a curve.
type Point struct{ X, Y float64 }

// Bin counts the trials whose value lies in [Lo, Hi) (the last bin
// includes Hi).
type Bin struct {
	Lo, Hi float64
	Count  int
}

// Charts reduces the trials held so far to chart data. It sorts every
// measure once, so call it when a run ends or at a progress step, not per
// frame.
func (a *Accumulator) Charts() Charts {
	l := a.layout
	n := a.trials
	c := Charts{
		Scenario:      l.Scenario,
		Trials:        n,
		BudgetMinutes: l.MonthMinutes * (1 - l.SLATargetPct/100),
	}
	if n == 0 {
		return c
	}
	res := a.Result()
	c.CapacityLoss = res.Roles
	for p, kind := range l.Passes {
		for r, rl := range l.Roles {
			c.WarmCapacity = append(c.WarmCapacity, a.warmBands(p, kind, r, rl))
		}
	}
	c.BadMinutes = append(c.BadMinutes, distribution("service", &a.series[0].bad, n))
	for r, rl := range l.Roles {
		c.BadMinutes = append(c.BadMinutes, distribution(rl.Name, &a.series[r+1].bad, n))
	}
	for p, kind := range l.Passes {
		c.PassDurations = append(c.PassDurations, distribution(kind.Title(), &a.durations[p], n))
	}
	return c
}

func (a *Accumulator) warmBands(p int, kind model.PassKind, r int, rl RoleLayout) WarmBands {
	l := a.layout
	n := a.trials
	wb := WarmBands{Pass: kind, Role: rl.Name, Needed: rl.Needed}
	off := a.gridOff[p*len(l.Roles)+r]
	counts := make([]uint64, rl.Levels) // trials per warm level at grid point g
	for g := range l.GridPoints {
		for lv, d := range a.grid[off+g*rl.Levels : off+(g+1)*rl.Levels] {
			counts[lv] += d
		}
		level := func(pct int) float64 {
			k := uint64(Rank(pct, n))
			var seen uint64
			for lv, cnt := range counts {
				seen += cnt
				if seen >= k {
					return float64(lv) / float64(rl.Levels)
				}
			}
			return 1 // the rest of the trials were at full strength
		}
		wb.Minutes = append(wb.Minutes, float64(g)*l.GridStep[p])
		wb.P05 = append(wb.P05, level(5))
		wb.P50 = append(wb.P50, level(50))
		wb.P95 = append(wb.P95, level(95))
	}
	return wb
}

func distribution(name string, v *valueAcc, n int) Distribution {
	sv := v.sorted(n)
	d := Distribution{Name: name, Unit: "minutes", Mean: v.sum.value() / float64(n)}
	// CDF corners: at each distinct value x, the share of trials ≤ x. Thin
	// to at most maxCurvePoints by keeping evenly spaced ranks.
	step := max(1, n/maxCurvePoints)
	if sv.zeros > 0 {
		d.CDF = append(d.CDF, Point{0, float64(sv.zeros) / float64(n)})
	}
	for i, x := range sv.values {
		rank := sv.zeros + i + 1
		last := i == len(sv.values)-1
		if !last && (sv.values[i+1] == x || rank%step != 0) {
			continue
		}
		d.CDF = append(d.CDF, Point{x, float64(rank) / float64(n)})
	}
	top := 0.0
	if len(sv.values) > 0 {
		top = sv.values[len(sv.values)-1]
	}
	if top <= 0 {
		d.Histogram = []Bin{{Lo: 0, Hi: 0, Count: n}}
		return d
	}
	width := top / histogramBins
	d.Histogram = make([]Bin, histogramBins)
	for i := range d.Histogram {
		d.Histogram[i] = Bin{Lo: float64(i) * width, Hi: float64(i+1) * width}
	}
	// Near the largest float64, 30·(top/30) can round past it: the last
	// bin ends at top, never at +Inf.
	if last := &d.Histogram[histogramBins-1]; !(last.Hi <= math.MaxFloat64) {
		last.Hi = top
	}
	d.Histogram[0].Count = sv.zeros
	for _, x := range sv.values {
		// x/width is in [0, 30] for finite values, but width underflows
		// to 0 for a tiny top; the comparisons keep the index in range
		// whatever the quotient (+Inf, NaN).
		i := histogramBins - 1
		if q := math.Floor(x / width); q < histogramBins-1 {
			i = int(max(q, 0))
		}
		d.Histogram[i].Count++
	}
	return d
}
