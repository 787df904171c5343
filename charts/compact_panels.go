package charts

import (
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Compact layout of the panel charts (sweep heat maps, tornado), in
// points. Their compact drawings are CompactWidth wide and as tall as
// their rows need (compactPanelsHeight), between CompactHeight and
// maxCompactPanelHeight: a phone scrolls, so the rows keep the room of
// their text instead of shrinking it.
const (
	maxCompactPanelHeight  = 10 * vg.Inch
	compactRowLabelShare   = 0.4           // the widest a row label may be, as a share of the width
	heatRowCompact         = vg.Length(44) // a heat-map row: room for a cell's value and its interval
	compactRowPad          = vg.Length(8)  // a tornado row: its label's lines plus this
	minTornadoRowCompact   = vg.Length(22)
	maxSidePanelTickLabels = 3 // tick labels on x of a panel beside another
)

// compactable is a plotter whose small text grows to the compact
// layout's smallest size (the tick labels' size) when drawn compact.
type compactable interface{ setCompact() }

// panelTexts are a panel's title and axis labels as built, before the
// compact layout wraps them.
type panelTexts struct{ title, x, y string }

// prepareCompact readies pc's panels for a compact canvas width points
// wide (inside its margins), once: its plotters' small text grows, row
// labels wrap to compactRowLabelShare of the width, stacked panels each
// get the first panel's row labels and y label, and tick labels on x
// are thinned to maxCompactTickLabels (maxSidePanelTickLabels for
// panels side by side). The titles and axis labels wrap
// later, to each panel's data area (compactCanvases).
func (pc *panelChart) prepareCompact(width vg.Length) {
	if pc.orig != nil || len(pc.panels) == 0 {
		return
	}
	for _, c := range pc.small {
		c.setCompact()
	}
	first := pc.panels[0]
	ticks := first.Y.Tick.Marker.Ticks(first.Y.Min, first.Y.Max)
	for i := range ticks {
		ticks[i].Label = strings.Join(wrapText(first.Y.Tick.Label, ticks[i].Label, width*compactRowLabelShare, maxCompactHeadLines), "\n")
	}
	first.Y.Tick.Marker = plot.ConstantTicks(ticks)
	labels := maxCompactTickLabels
	if !pc.stack && len(pc.panels) > 1 {
		labels = maxSidePanelTickLabels // narrow panels side by side
	}
	for i, p := range pc.panels {
		if pc.stack && i > 0 {
			p.Y.Tick.Marker = plot.ConstantTicks(ticks)
			p.Y.Label.Text = first.Y.Label.Text
		}
		p.X.Tick.Marker = thinTicks{p.X.Tick.Marker, labels}
		pc.orig = append(pc.orig, panelTexts{p.Title.Text, p.X.Label.Text, p.Y.Label.Text})
	}
}

// compactCanvases lays pc's prepared panels out on c: stacked one above
// the other (pc.stack) with their data areas' left edges aligned, or
// side by side as alignPanels does; each panel's title and axis labels
// wrap to its data area, on up to maxCompactHeadLines lines.
func (pc *panelChart) compactCanvases(c draw.Canvas) []draw.Canvas {
	layout := func() []draw.Canvas {
		if pc.stack {
			return stackPanels(pc.panels, c)
		}
		return alignPanels(pc.panels, c)
	}
	for range 2 { // the wrapped texts change the data areas a little
		cvs := layout()
		for i, p := range pc.panels {
			dc := p.DataCanvas(cvs[i])
			w, h := dc.Max.X-dc.Min.X, dc.Max.Y-dc.Min.Y
			t := pc.orig[i]
			p.Title.Text = strings.Join(wrapText(p.Title.TextStyle, t.title, w, maxCompactHeadLines), "\n")
			p.X.Label.Text = strings.Join(wrapText(p.X.Label.TextStyle, t.x, w, maxCompactHeadLines), "\n")
			p.Y.Label.Text = strings.Join(wrapText(p.Y.Label.TextStyle, t.y, h, maxCompactLabelLines), "\n")
		}
	}
	return layout()
}

// stackPanels splits c into one canvas per plot, top to bottom, of equal
// height with panelGap between them, shifted so that every plot's data
// area starts at the same x whatever the width of its tick labels.
func stackPanels(plots []*plot.Plot, c draw.Canvas) []draw.Canvas {
	n := len(plots)
	tile := (c.Max.Y - c.Min.Y - panelGap*vg.Length(n-1)) / vg.Length(n)
	out := make([]draw.Canvas, n)
	lefts := make([]vg.Length, n)
	var most vg.Length
	for i, p := range plots {
		ci := c
		ci.Max.Y = c.Max.Y - vg.Length(i)*(tile+panelGap)
		ci.Min.Y = ci.Max.Y - tile
		out[i] = ci
		lefts[i] = p.DataCanvas(ci).Min.X - ci.Min.X
		most = max(most, lefts[i])
	}
	for i := range out {
		out[i].Min.X += most - lefts[i]
	}
	return out
}

// renderPanelsCompact is renderPanels for a compact canvas: the title
// and subtitle wrapped at the top, the legend in columns at the bottom
// (a column starts only at an entry with a thumbnail or a heading, so
// that an entry's continued lines stay together), and the panels in
// between (compactCanvases).
func renderPanelsCompact(pc *panelChart, dc draw.Canvas) {
	c, width := drawCompactHead(dc, pc.title, pc.subtitle)
	legends, lefts, lh := compactLegendOf(pc.entries, width, true)
	c = drawCompactLegend(c, legends, lefts, lh)
	if len(pc.panels) == 0 {
		return
	}
	pc.prepareCompact(width)
	cvs := pc.compactCanvases(c)
	for i, p := range pc.panels {
		p.Legend = plot.NewLegend()
		p.Draw(cvs[i])
		if pc.decorate != nil {
			pc.decorate(i, p.DataCanvas(cvs[i]))
		}
	}
}

// compactPanelsHeight is the height of pc's compact drawing at
// CompactWidth: its head, its legend, and per panel its title, axes and
// rows of rowH each, between CompactHeight and maxCompactPanelHeight.
func compactPanelsHeight(pc *panelChart, rowH vg.Length) vg.Length {
	width := CompactWidth - 2*margin
	h := 2*margin + compactHeadHeight(pc.title, pc.subtitle, width)
	if _, _, lh := compactLegendOf(pc.entries, width, true); lh > 0 {
		h += lh + legendGap
	}
	if len(pc.panels) > 0 {
		pc.prepareCompact(width)
		rows := vg.Length(pc.panels[0].Y.Max - pc.panels[0].Y.Min)
		tall := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: width, Y: 2000}}}
		cvs := pc.compactCanvases(tall)
		chrome := func(i int) vg.Length {
			d := pc.panels[i].DataCanvas(cvs[i])
			return (cvs[i].Max.Y - cvs[i].Min.Y) - (d.Max.Y - d.Min.Y)
		}
		if pc.stack {
			for i := range pc.panels {
				h += chrome(i) + rows*rowH
			}
			h += panelGap * vg.Length(len(pc.panels)-1)
		} else {
			h += chrome(0) + rows*rowH
		}
	}
	return min(max(h, CompactHeight), maxCompactPanelHeight)
}

// compactHeadHeight is the height that drawCompactHead takes for title
// and subtitle in width.
func compactHeadHeight(title, subtitle string, width vg.Length) vg.Length {
	ts := textStyle(titleSize, true)
	ss := textStyle(subtitleSize, false)
	h := titleGap + headGap
	for _, l := range wrapText(ts, title, width, maxCompactHeadLines) {
		h += ts.Rectangle(l).Size().Y
	}
	for _, l := range wrapText(ss, subtitle, width, maxCompactHeadLines) {
		h += ss.Rectangle(l).Size().Y
	}
	return h
}

// tornadoRowCompact is the height of a tornado's row drawn compact: its
// tallest row label's lines, plus compactRowPad.
func tornadoRowCompact(pc *panelChart) vg.Length {
	if len(pc.panels) == 0 {
		return minTornadoRowCompact
	}
	p := pc.panels[0]
	h := vg.Length(0)
	for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		h = max(h, p.Y.Tick.Label.Rectangle(tk.Label).Size().Y)
	}
	return max(h+compactRowPad, minTornadoRowCompact)
}

// compactPanelSVG draws pc compact as SVG: CompactWidth wide and as tall
// as compactPanelsHeight with rows as high as row says of the prepared
// chart; id names the chart in errors.
func compactPanelSVG(pc *panelChart, id string, row func(*panelChart) vg.Length) (out []byte, err error) {
	defer recoverTo(&err, id)
	pc.prepareCompact(CompactWidth - 2*margin)
	h := compactPanelsHeight(pc, row(pc))
	return drawSVG(func(dc draw.Canvas) { renderPanels(pc, dc) }, id, CompactWidth, h)
}

// legendBreak reports whether a compact legend's column may start at
// entry k of es: at an entry with a thumbnail or at a heading (ending in
// ":"), and not right after a heading.
func legendBreak(es []legendEntry, k int) bool {
	if k <= 0 || k >= len(es) || strings.HasSuffix(es[k-1].name, ":") {
		return false
	}
	return len(es[k].thumbs) > 0 || strings.HasSuffix(es[k].name, ":")
}
