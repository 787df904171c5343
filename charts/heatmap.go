package charts

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"rolloutplanner/internal/numfmt"
	"rolloutplanner/planner/whatif"
)

// SweepMetric names what a sweep heat map shows in its cells. Its value
// is the chart's id: URL- and file-name-safe.
type SweepMetric string

// The two sweep heat maps.
const (
	// SweepCompliance shows each configuration's SLA compliance: the
	// percent of simulated months that meet the SLA target.
	SweepCompliance SweepMetric = "sweep-sla-compliance"
	// SweepHardDown shows each configuration's chance of hard downtime:
	// the percent of simulated months in which some role has no warm
	// instance for at least a moment.
	SweepHardDown SweepMetric = "sweep-hard-down"
)

// SweepMetrics lists the sweep heat maps in page order.
var SweepMetrics = []SweepMetric{SweepCompliance, SweepHardDown}

// ErrNoCells is returned for a sweep without any finished cell: there is
// nothing to draw until at least one configuration has run.
var ErrNoCells = errors.New("charts: the sweep holds no finished cell; run the sweep first")

// SweepSVG returns a heat map of sweep r as SVG markup at ScreenWidth ×
// ScreenHeight, starting with "<svg" and safe as raw markup (like SVG).
//
// The heat map has one panel per warm-up mode of the sweep; within a
// panel, upgrade domains run across (x) and instance counts up (y: the
// swept role's count, or the counts of every swept role). Each cell is
// coloured by its value in bins that the legend explains and labelled
// with the value in percent (SweepCompliance also with its 95 % Wilson
// interval where the cell is large enough); a thick outline marks the
// smallest configuration that meets the target with r.Odds odds
// (r.Smallest), in both heat maps. Cells that did not run are grey.
//
// It returns ErrNoCells for a sweep without cells, an error for an
// unknown metric, values that are not shares in [0, 1] or cells whose
// instance lists differ in length; it never panics.
func SweepSVG(r whatif.SweepResult, m SweepMetric) ([]byte, error) {
	return SweepSVGSize(r, m, ScreenWidth, ScreenHeight)
}

// SweepSVGCompact is SweepSVG laid out for a phone's screen: CompactWidth
// wide, the panels one above the other with their row labels, the
// legend under them, and as tall as the rows need to keep their text at
// the tick labels' size (at most 10 in). Exports keep SweepSVG's slide
// size.
func SweepSVGCompact(r whatif.SweepResult, m SweepMetric) ([]byte, error) {
	pc, err := buildSweep(r, m)
	if err != nil {
		return nil, err
	}
	return compactPanelSVG(pc, string(m), func(*panelChart) vg.Length { return heatRowCompact })
}

// SweepSVGSize is SweepSVG at width × height; a width under
// CompactLayout is laid out compactly, as SweepSVGCompact.
func SweepSVGSize(r whatif.SweepResult, m SweepMetric, width, height vg.Length) ([]byte, error) {
	pc, err := buildSweep(r, m)
	if err != nil {
		return nil, err
	}
	return drawSVG(func(dc draw.Canvas) { renderPanels(pc, dc) }, string(m), width, height)
}

// SweepPNG is SweepSVG as a PNG at slide resolution, 1600 × 900 pixels.
func SweepPNG(r whatif.SweepResult, m SweepMetric) ([]byte, error) {
	return SweepPNGSize(r, m, ScreenWidth, ScreenHeight, SlideDPI)
}

// SweepPNGSize is SweepPNG at width × height and dpi, with PNGSize's
// limits.
func SweepPNGSize(r whatif.SweepResult, m SweepMetric, width, height vg.Length, dpi int) ([]byte, error) {
	pc, err := buildSweep(r, m)
	if err != nil {
		return nil, err
	}
	return drawPNG(func(dc draw.Canvas) { renderPanels(pc, dc) }, string(m), width, height, dpi)
}

// heatBin is one colour of a heat map's scale: values in [lo, hi), the
// last bin including hi.
type heatBin struct {
	lo, hi float64
	color  color.NRGBA
	label  string
}

// Heat-map colours: blue for good, yellow to dark red for worse, which
// colour-blind readers can tell apart (after ColorBrewer's RdYlBu).
var (
	heatBest    = color.NRGBA{0x21, 0x66, 0xAC, 0xFF}
	heatGood    = color.NRGBA{0x92, 0xC5, 0xDE, 0xFF}
	heatFair    = color.NRGBA{0xFE, 0xE0, 0x90, 0xFF}
	heatPoor    = color.NRGBA{0xF4, 0xA5, 0x82, 0xFF}
	heatBad     = color.NRGBA{0xD6, 0x60, 0x4D, 0xFF}
	heatWorst   = color.NRGBA{0x96, 0x1C, 0x2B, 0xFF}
	heatMissing = color.NRGBA{0xE8, 0xE8, 0xE8, 0xFF}
)

// complianceBins colours SLA compliance around the odds o: every bin at
// or above o is blue, every bin below it yellow to red.
func complianceBins(o float64) []heatBin {
	below := []float64{0.5, 0.8}
	edges := []float64{0}
	for _, e := range below {
		if e < o {
			edges = append(edges, e)
		}
	}
	if o > 0 {
		edges = append(edges, o)
	}
	if mid := (1 + o) / 2; mid < 1 {
		edges = append(edges, mid)
	}
	edges = append(edges, 1)
	// Colours for the bins below o, worst first, keeping yellow next to o.
	warm := []color.NRGBA{heatWorst, heatBad, heatFair}
	cool := []color.NRGBA{heatGood, heatBest}
	var bins []heatBin
	nBelow := 0
	for i := 0; i+1 < len(edges); i++ {
		if edges[i+1] <= o {
			nBelow++
		}
	}
	nAbove := len(edges) - 1 - nBelow // at most len(cool): o and its midpoint to 1
	for i := 0; i+1 < len(edges); i++ {
		lo, hi := edges[i], edges[i+1]
		b := heatBin{lo: lo, hi: hi}
		if hi <= o {
			b.color = warm[len(warm)-nBelow+i]
		} else {
			b.color = cool[len(cool)-nAbove+i-nBelow]
		}
		switch {
		case i == 0 && len(edges) > 2:
			b.label = "below " + pctText(hi) + " %"
		case i+2 == len(edges):
			b.label = pctText(lo) + " % or more"
		default:
			b.label = pctText(lo) + "–" + pctText(hi) + " %"
		}
		bins = append(bins, b)
	}
	return bins
}

// hardDownBins colours the chance of hard downtime: none is blue, then
// yellow to dark red.
var hardDownBins = []heatBin{
	{0, 0, heatBest, "never"},
	{0, 0.01, heatGood, "below 1 %"},
	{0.01, 0.05, heatFair, "1–5 %"},
	{0.05, 0.2, heatBad, "5–20 %"},
	{0.2, 1, heatWorst, "20 % or more"},
}

// binOf returns the colour of v in bins.
func binOf(bins []heatBin, v float64) color.NRGBA {
	for i, b := range bins {
		switch {
		case b.lo == b.hi && v == b.lo:
			return b.color
		case b.lo < b.hi && v >= b.lo && (v < b.hi || i == len(bins)-1):
			return b.color
		}
	}
	return bins[len(bins)-1].color
}

// pctText formats a share as a percent for an edge of a colour bin:
// "95", "97.5".
func pctText(p float64) string {
	return strconv.FormatFloat(math.Round(1000*p)/10, 'f', -1, 64)
}

// cellPct formats a share in percent for a cell, numfmt's rule without
// the unit: "97.3", "99.95", never "100.0" for a share below 1.
func cellPct(p float64) string { return numfmt.SharePoints(p) }

// warmupTitle names a warm-up mode for a panel title.
func warmupTitle(m whatif.WarmupMode) string {
	switch m {
	case whatif.WarmupAfter:
		return "warm-up after OnStart"
	case whatif.WarmupIn:
		return "warm-up in OnStart"
	case whatif.WarmupAsIs:
		return "warm-up as set per role"
	}
	return "warm-up " + clean(string(m), maxNameRunes)
}

// buildSweep lays out the heat map of r for metric m.
func buildSweep(r whatif.SweepResult, m SweepMetric) (pc *panelChart, err error) {
	defer recoverTo(&err, string(m))
	if m != SweepCompliance && m != SweepHardDown {
		return nil, fmt.Errorf("charts: unknown sweep metric %q; want %s or %s", m, SweepCompliance, SweepHardDown)
	}
	if len(r.Cells) == 0 {
		return nil, ErrNoCells
	}
	odds := r.Odds
	if !(odds > 0 && odds < 1) {
		odds = whatif.DefaultOdds
	}
	nRoles := len(r.Cells[0].Params.Instances)
	for i, c := range r.Cells {
		if len(c.Params.Instances) != nRoles {
			return nil, fmt.Errorf("charts: %s: cell %d has instance counts for %d roles, cell 0 for %d", m, i, len(c.Params.Instances), nRoles)
		}
		v := c.Compliance.P
		if m == SweepHardDown {
			v = c.PHardDown
		}
		if !finite(v) || v < 0 || v > 1 {
			return nil, fmt.Errorf("charts: %s: cell %d (%s): value %g is not a share in [0, 1]", m, i, c.Params, v)
		}
	}
	if r.Smallest >= len(r.Cells) {
		return nil, fmt.Errorf("charts: %s: the smallest cell %d is not among the %d cells", m, r.Smallest, len(r.Cells))
	}

	// The axes: modes in order of appearance, domains and instance lists
	// ascending.
	var modes []whatif.WarmupMode
	var domains []int
	var rows [][]int
	for _, c := range r.Cells {
		if !slices.Contains(modes, c.Params.Warmup) {
			modes = append(modes, c.Params.Warmup)
		}
		if !slices.Contains(domains, c.Params.UpgradeDomains) {
			domains = append(domains, c.Params.UpgradeDomains)
		}
		if !slices.ContainsFunc(rows, func(x []int) bool { return slices.Equal(x, c.Params.Instances) }) {
			rows = append(rows, c.Params.Instances)
		}
	}
	slices.Sort(domains)
	slices.SortFunc(rows, slices.Compare)
	rowOf := func(inst []int) int {
		return slices.IndexFunc(rows, func(x []int) bool { return slices.Equal(x, inst) })
	}

	// Which roles vary, and the row labels.
	res0 := r.Cells[0].Result
	roleName := func(k int) string {
		if k < len(res0.Roles) {
			return clean(res0.Roles[k].Name, 20)
		}
		return "role " + strconv.Itoa(k+1)
	}
	var varying []int
	for k := range nRoles {
		for _, row := range rows {
			if row[k] != rows[0][k] {
				varying = append(varying, k)
				break
			}
		}
	}
	if len(varying) == 0 && nRoles > 0 {
		varying = []int{0}
	}
	names := make([]string, len(varying))
	for i, k := range varying {
		names[i] = roleName(k)
	}
	yLabel := "instances of " + strings.Join(names, ", ")
	if len(varying) == 1 {
		yLabel = names[0] + " instances"
	}
	rowLabels := make([]string, len(rows))
	for i, row := range rows {
		parts := make([]string, len(varying))
		for j, k := range varying {
			parts[j] = strconv.Itoa(row[k])
		}
		rowLabels[i] = strings.Join(parts, ", ")
	}
	colLabels := make([]string, len(domains))
	for i, d := range domains {
		colLabels[i] = strconv.Itoa(d)
	}

	var bins []heatBin
	pc = &panelChart{subtitle: sweepSubtitle(r), stack: true}
	switch m {
	case SweepCompliance:
		bins = complianceBins(odds)
		pc.title = "Months meeting the SLA, per configuration (%)"
		pc.add("months meeting the SLA:", "")
	case SweepHardDown:
		bins = hardDownBins
		pc.title = "Months with hard downtime, per configuration (%)"
		pc.add("months with hard downtime:", "")
	}
	for _, b := range bins {
		pc.add(b.label, "", swatch{fill: b.color})
	}

	missing := false
	for pi, mode := range modes {
		cells := &heatCells{mark: [2]int{-1, -1}}
		cells.values = make([][]float64, len(rows))
		cells.sub = make([][]string, len(rows))
		for i := range rows {
			cells.values[i] = make([]float64, len(domains))
			cells.sub[i] = make([]string, len(domains))
			for j := range domains {
				cells.values[i][j] = math.NaN()
			}
		}
		for ci, c := range r.Cells {
			if c.Params.Warmup != mode {
				continue
			}
			i, j := rowOf(c.Params.Instances), slices.Index(domains, c.Params.UpgradeDomains)
			switch m {
			case SweepCompliance:
				cells.values[i][j] = c.Compliance.P
				if finite(c.Compliance.Lo, c.Compliance.Hi) {
					cells.sub[i][j] = cellPct(c.Compliance.Lo) + "–" + cellPct(c.Compliance.Hi)
				}
			case SweepHardDown:
				cells.values[i][j] = c.PHardDown
			}
			if ci == r.Smallest {
				cells.mark = [2]int{i, j}
			}
		}
		for i := range rows {
			for j := range domains {
				missing = missing || math.IsNaN(cells.values[i][j])
			}
		}
		cells.color = func(v float64) color.NRGBA { return binOf(bins, v) }

		p := newPlot()
		p.Title.Text = warmupTitle(mode)
		p.Title.TextStyle = textStyle(labelSize, true)
		p.Title.Padding = vg.Points(4)
		p.X.Label.Text = "upgrade domains"
		categoryAxis(&p.X, colLabels)
		if pi == 0 {
			p.Y.Label.Text = yLabel
			categoryAxis(&p.Y, rowLabels)
		} else {
			categoryAxis(&p.Y, make([]string, len(rowLabels)))
		}
		p.Add(cells)
		pc.panels = append(pc.panels, p)
		pc.small = append(pc.small, cells)
	}
	if missing {
		pc.add("not run", "", swatch{fill: heatMissing})
	}
	if m == SweepCompliance {
		pc.add("small print: 95 % interval", "")
	}
	if r.Smallest >= 0 {
		pc.add("smallest meeting the SLA", "", swatch{line: markStyle})
		pc.add("in "+pctText(odds)+" % of months", "")
	} else {
		pc.add("no configuration meets", "")
		pc.add("the SLA in "+pctText(odds)+" % of months", "")
	}
	return pc, nil
}

// sweepSubtitle names the scenario, the trials per cell and the number
// of configurations.
func sweepSubtitle(r whatif.SweepResult) string {
	res := r.Cells[0].Result
	n := len(r.Cells)
	s := thousands(n) + " configurations"
	if n == 1 {
		s = "1 configuration"
	}
	if res.Trials > 0 {
		s += " × " + thousands(res.Trials) + " simulated months"
	}
	if name := clean(res.Scenario, maxScenarioRunes); name != "" {
		s = name + " · " + s
	}
	return s
}

// markStyle outlines the smallest configuration that meets the target.
var markStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(2.5)}

// heatCells draws a grid of coloured, labelled cells at x = 0…cols−1,
// y = 0…rows−1.
type heatCells struct {
	values [][]float64 // [row][col], shares in [0, 1]; NaN: not run
	sub    [][]string  // [row][col], a second, smaller line ("" none)
	color  func(float64) color.NRGBA
	mark   [2]int // row, col of the outlined cell; −1 none
	// compact: every text at the tick labels' size (the intervals too),
	// and a value that does not fit its cell is left out (the page's text
	// gives it) instead of shrinking.
	compact bool
}

// setCompact implements compactable.
func (h *heatCells) setCompact() { h.compact = true }

// Plot implements plot.Plotter.
func (h *heatCells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	gap := vg.Points(1.5)
	main := textStyle(tickSize, true)
	main.XAlign, main.YAlign = draw.XCenter, draw.YCenter
	small := textStyle(8, false)
	if h.compact {
		small = textStyle(tickSize, false)
	}
	small.XAlign, small.YAlign = draw.XCenter, draw.YCenter
	for i, row := range h.values {
		for j, v := range row {
			x0, x1 := trX(float64(j)-0.5)+gap, trX(float64(j)+0.5)-gap
			y0, y1 := trY(float64(i)-0.5)+gap, trY(float64(i)+0.5)-gap
			box := []vg.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}}
			bg := heatMissing
			label := "—"
			if !math.IsNaN(v) {
				bg = h.color(v)
				label = cellPct(v)
			}
			c.FillPolygon(bg, box)
			w, ht := x1-x0, y1-y0
			fg := textOn(bg)
			sty := main
			sty.Color = fg
			if sty.Width(label) > w*0.92 {
				if h.compact {
					continue
				}
				sty.Font.Size = 7
				if sty.Width(label) > w*0.95 {
					continue
				}
			}
			mid := vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}
			sub := ""
			if i < len(h.sub) && j < len(h.sub[i]) {
				sub = h.sub[i][j]
			}
			ss := small
			ss.Color = fg
			lineH := sty.Height(label)
			if sub != "" && ss.Width(sub) <= w*0.92 && ht >= 2.4*lineH+ss.Height(sub) {
				c.FillText(sty, vg.Point{X: mid.X, Y: mid.Y + lineH*0.45}, label)
				c.FillText(ss, vg.Point{X: mid.X, Y: mid.Y - lineH*0.6}, sub)
			} else {
				c.FillText(sty, mid, label)
			}
		}
	}
	if i, j := h.mark[0], h.mark[1]; i >= 0 && j >= 0 {
		in := markStyle.Width / 2
		x0, x1 := trX(float64(j)-0.5)+in, trX(float64(j)+0.5)-in
		y0, y1 := trY(float64(i)-0.5)+in, trY(float64(i)+0.5)-in
		box := []vg.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}, {X: x0, Y: y0}}
		c.StrokeLines(markStyle, box)
	}
}
