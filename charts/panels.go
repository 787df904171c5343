package charts

import (
	"bytes"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// panelGap is the horizontal space between two panels, in points.
const panelGap = vg.Length(14)

// panelChart is a chart of one or more plots side by side, with one
// title, subtitle and legend: the sweep heat maps (one panel per warm-up
// mode) and the tornado (one panel per measure).
type panelChart struct {
	title, subtitle string
	panels          []*plot.Plot // left to right; their data areas are aligned
	entries         []legendEntry
	// decorate, when set, draws on top of each panel once the panels are
	// laid out, with the panel's data canvas.
	decorate func(i int, dc draw.Canvas)

	// Compact layout (renderPanelsCompact): stack draws the panels one
	// above the other, each with the first panel's row labels, instead
	// of side by side; small lists the plotters whose small text grows;
	// orig holds each panel's texts before they were wrapped (nil until
	// prepareCompact).
	stack bool
	small []compactable
	orig  []panelTexts
}

// add appends a legend entry.
func (pc *panelChart) add(name, suffix string, thumbs ...plot.Thumbnailer) {
	pc.entries = append(pc.entries, legendEntry{name: name, suffix: suffix, thumbs: thumbs})
}

// renderPanels lays out a panel chart on dc like render lays out a chart:
// a white background, the title and subtitle at the top, the legend in a
// column on the right, and the panels side by side in the rest, their
// data areas aligned.
//
// A canvas narrower than CompactLayout is laid out by
// renderPanelsCompact.
func renderPanels(pc *panelChart, dc draw.Canvas) {
	if compact(dc.Max.X - dc.Min.X) {
		renderPanelsCompact(pc, dc)
		return
	}
	c, width := drawHead(dc, pc.title, pc.subtitle)

	l := (&chart{entries: pc.entries}).legend(width * legendMaxPct)
	l.Top, l.Left = true, true
	lw := vg.Length(0)
	if len(pc.entries) > 0 {
		r := l.Rectangle(c)
		lw = r.Max.X - r.Min.X + legendGap
	}
	pcv := c
	pcv.Max.X -= lw

	row := make([]*plot.Plot, len(pc.panels))
	copy(row, pc.panels)
	for _, p := range row {
		p.Legend = plot.NewLegend()
	}
	cvs := alignPanels(row, pcv)
	for i, p := range row {
		p.Draw(cvs[i])
		if pc.decorate != nil {
			pc.decorate(i, p.DataCanvas(cvs[i]))
		}
	}
	if len(pc.entries) == 0 {
		return
	}
	lc := c
	lc.Min.X = c.Max.X - (lw - legendGap)
	lc.Max.Y = row[0].DataCanvas(cvs[0]).Max.Y
	l.Draw(lc)
}

// alignPanels splits c into one canvas per plot, left to right, so that
// every plot's data area has the same width, top and bottom whatever the
// width of its tick labels (plot.Align splits the tiles evenly instead,
// which starves a panel next to one with long labels).
func alignPanels(plots []*plot.Plot, c draw.Canvas) []draw.Canvas {
	n := len(plots)
	// Paddings depend a little on the canvas (an axis label as wide as the
	// data area widens it), so measure them on even tiles first and then
	// on the canvases they give.
	out := make([]draw.Canvas, n)
	tile := (c.Max.X - c.Min.X - panelGap*vg.Length(n-1)) / vg.Length(n)
	for i := range out {
		out[i] = c
		out[i].Min.X = c.Min.X + vg.Length(i)*(tile+panelGap)
		out[i].Max.X = out[i].Min.X + tile
	}
	for range 2 {
		left := make([]vg.Length, n)
		right := make([]vg.Length, n)
		var top, bottom vg.Length
		for i, p := range plots {
			ci := out[i]
			ci.Min.Y, ci.Max.Y = c.Min.Y, c.Max.Y
			dc := p.DataCanvas(ci)
			left[i], right[i] = dc.Min.X-ci.Min.X, ci.Max.X-dc.Max.X
			top, bottom = max(top, ci.Max.Y-dc.Max.Y), max(bottom, dc.Min.Y-ci.Min.Y)
		}
		pads := panelGap * vg.Length(n-1)
		for i := range plots {
			pads += left[i] + right[i]
		}
		w := max((c.Max.X-c.Min.X-pads)/vg.Length(n), 1)
		x := c.Min.X
		for i, p := range plots {
			ci := c
			ci.Min.X, ci.Max.X = x, x+left[i]+w+right[i]
			dc := p.DataCanvas(ci)
			// Shift the canvas so that the data area spans the common top
			// and bottom: this plot's own paddings may be smaller.
			ci.Min.Y = c.Min.Y + bottom - (dc.Min.Y - c.Min.Y)
			ci.Max.Y = c.Max.Y - top + (c.Max.Y - dc.Max.Y)
			out[i] = ci
			x = ci.Max.X + panelGap
		}
	}
	return out
}

// drawing is a chart ready to draw on a canvas.
type drawing func(draw.Canvas)

// drawSVG draws d as SVG markup at width × height, cut to start at "<svg"
// and checked to be safe as raw markup; id names the chart in errors.
func drawSVG(d drawing, id string, width, height vg.Length) (out []byte, err error) {
	if err := checkSize(width, height); err != nil {
		return nil, err
	}
	defer recoverTo(&err, id)
	cv := vgsvg.New(width, height)
	d(draw.New(cv))
	var buf bytes.Buffer
	if _, err := cv.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("charts: %s: writing SVG: %w", id, err)
	}
	return finishSVG(buf.Bytes(), id)
}

// drawPNG draws d as PNG at width × height and dpi dots per inch, with
// PNGSize's limits; id names the chart in errors.
func drawPNG(d drawing, id string, width, height vg.Length, dpi int) (out []byte, err error) {
	if err := checkSize(width, height); err != nil {
		return nil, err
	}
	if dpi <= 0 || dpi > 1200 {
		return nil, fmt.Errorf("charts: %d dpi: want 1..1200", dpi)
	}
	if px := float64(width/vg.Inch) * float64(height/vg.Inch) * float64(dpi*dpi); px > maxPixels {
		return nil, fmt.Errorf("charts: %v × %v at %d dpi is %.0f pixels: want at most %d", width, height, dpi, px, maxPixels)
	}
	defer recoverTo(&err, id)
	cv := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))
	d(draw.New(cv))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: cv}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("charts: %s: writing PNG: %w", id, err)
	}
	return buf.Bytes(), nil
}

// categoryAxis fixes a to n categories at 0, 1, …, n−1 labelled by
// labels, each one unit wide, with no tick marks.
func categoryAxis(a *plot.Axis, labels []string) {
	a.Min, a.Max = -0.5, float64(len(labels))-0.5
	ticks := make([]plot.Tick, len(labels))
	for i, l := range labels {
		ticks[i] = plot.Tick{Value: float64(i), Label: l}
	}
	a.Tick.Marker = plot.ConstantTicks(ticks)
	a.Tick.Length = 0
	a.Tick.LineStyle.Width = 0
	a.LineStyle.Width = 0
}

// swatch is a legend thumbnail: a filled square, with an outline when
// line has a width.
type swatch struct {
	fill color.Color
	line draw.LineStyle
}

// Thumbnail implements plot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	h := c.Max.Y - c.Min.Y
	x := c.Center().X
	pts := []vg.Point{
		{X: x - h/2, Y: c.Min.Y}, {X: x - h/2, Y: c.Max.Y},
		{X: x + h/2, Y: c.Max.Y}, {X: x + h/2, Y: c.Min.Y},
	}
	if s.fill != nil {
		c.FillPolygon(s.fill, pts)
	}
	if s.line.Width > 0 {
		c.StrokeLines(s.line, append(pts, pts[0]))
	}
}

// textOn returns black or white, whichever reads better on background bg.
func textOn(bg color.Color) color.Color {
	r, g, b, _ := bg.RGBA()
	// Relative luminance with the sRGB weights, on 16-bit channels.
	lum := (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xFFFF
	if lum < 0.45 {
		return color.White
	}
	return color.Black
}
