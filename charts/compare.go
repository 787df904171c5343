package charts

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/vg"

	"rolloutplanner/planner"
)

// CompareID is the chart id CompareBadMinutes uses in its errors, and a
// file name for its output.
const CompareID = "bad-minutes-compare"

// CompareBadMinutes returns SVG markup (like SVG: ScreenWidth ×
// ScreenHeight, starting with "<svg", safe as raw markup) of the service
// bad-minutes CDFs of two runs overlaid, for an A/B comparison: a in blue
// labelled labelA, b in orange labelled labelB (untrusted text, cleaned;
// "A" and "B" when empty). Both SLA budgets are drawn as vertical lines,
// one line when they are equal. It returns ErrNoTrials (wrapped, naming
// the side) when either run has no trials, and an error for results
// without a service distribution; it never panics.
func CompareBadMinutes(a, b planner.Charts, labelA, labelB string) (out []byte, err error) {
	return CompareBadMinutesSize(a, b, labelA, labelB, ScreenWidth, ScreenHeight)
}

// CompareBadMinutesCompact is CompareBadMinutes at CompactWidth ×
// CompactHeight, laid out for a phone's screen (CompactLayout). Exports
// keep CompareBadMinutes's slide size.
func CompareBadMinutesCompact(a, b planner.Charts, labelA, labelB string) ([]byte, error) {
	return CompareBadMinutesSize(a, b, labelA, labelB, CompactWidth, CompactHeight)
}

// CompareBadMinutesSize is CompareBadMinutes at width × height; a width
// under CompactLayout is laid out compactly.
func CompareBadMinutesSize(a, b planner.Charts, labelA, labelB string, width, height vg.Length) (out []byte, err error) {
	if err := checkSize(width, height); err != nil {
		return nil, err
	}
	defer recoverTo(&err, CompareID)
	ch, err := buildCompare(a, b, labelA, labelB)
	if err != nil {
		return nil, fmt.Errorf("charts: %s: %w", CompareID, err)
	}
	return renderSVG(ch, CompareID, width, height)
}

// buildCompare builds CompareBadMinutes's chart.
func buildCompare(a, b planner.Charts, labelA, labelB string) (*chart, error) {
	labelA, labelB = clean(labelA, maxNameRunes), clean(labelB, maxNameRunes)
	if labelA == "" {
		labelA = "A"
	}
	if labelB == "" {
		labelB = "B"
	}
	sides := []struct {
		c     planner.Charts
		label string
	}{{a, labelA}, {b, labelB}}
	var curves []cdfCurve
	for i, s := range sides {
		if s.c.Trials <= 0 {
			return nil, fmt.Errorf("%s: %w", s.label, ErrNoTrials)
		}
		if len(s.c.BadMinutes) == 0 {
			return nil, fmt.Errorf("%s: %w", s.label, errNoDistributions)
		}
		col, _ := seriesStyle(i)
		curves = append(curves, cdfCurve{d: s.c.BadMinutes[0], name: s.label, color: col, width: vg.Points(2.4)})
	}

	budgets := []budgetLine{{minutes: a.BudgetMinutes, name: "SLA budget"}}
	if !sameBudget(a.BudgetMinutes, b.BudgetMinutes) {
		budgets = []budgetLine{
			{minutes: a.BudgetMinutes, name: labelA + " budget"},
			{minutes: b.BudgetMinutes, name: labelB + " budget", dashes: dotted},
		}
	}

	trials := thousands(a.Trials) + " simulated months each"
	if a.Trials != b.Trials {
		trials = thousands(a.Trials) + " and " + thousands(b.Trials) + " simulated months"
	}
	ch := &chart{
		plot:     newPlot(),
		title:    "Bad minutes per month: " + labelA + " vs " + labelB,
		subtitle: "the service's bad minutes · " + trials,
	}
	if err := drawBadMinutes(ch, curves, budgets); err != nil {
		return nil, err
	}
	return ch, nil
}

// sameBudget reports whether two budgets, in minutes, draw as one line.
func sameBudget(x, y float64) bool {
	return x == y || math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y))
}

// ComparePNG is CompareBadMinutes as a PNG at slide resolution:
// ScreenWidth × ScreenHeight at SlideDPI, 1600 × 900 pixels.
func ComparePNG(a, b planner.Charts, labelA, labelB string) (out []byte, err error) {
	defer recoverTo(&err, CompareID)
	ch, err := buildCompare(a, b, labelA, labelB)
	if err != nil {
		return nil, fmt.Errorf("charts: %s: %w", CompareID, err)
	}
	return renderPNG(ch, CompareID, ScreenWidth, ScreenHeight, SlideDPI)
}
