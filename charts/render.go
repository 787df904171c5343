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

	"rolloutplanner/planner"
)

// Default sizes. The layout (fonts, margins, legend) is designed for a
// 16:9 canvas of ScreenWidth × ScreenHeight; PNG renders it at SlideDPI.
const (
	ScreenWidth  = 8 * vg.Inch   // 576 pt, 768 CSS pixels
	ScreenHeight = 4.5 * vg.Inch // 324 pt, 432 CSS pixels
	SlideDPI     = 200           // dots per inch of PNG: 1600 × 900 pixels
)

// Layout of the rendered charts, in points.
const (
	margin       = vg.Length(9)  // around the whole chart
	titleGap     = vg.Length(3)  // between title and subtitle
	headGap      = vg.Length(8)  // between the subtitle and the plot
	legendGap    = vg.Length(12) // between the data area and the legend
	legendMaxPct = 0.45          // the legend takes at most this share of the width
)

// SVG returns the chart as SVG markup at ScreenWidth × ScreenHeight. The
// markup starts with "<svg" (no XML prolog, which go-app would mount as a
// comment), has a viewBox so CSS can scale it, and is safe to insert as
// raw markup: SVG checks that it parses as XML and holds only the
// elements and attributes of a chart.
func SVG(s Spec, c planner.Charts) ([]byte, error) {
	return SVGSize(s, c, ScreenWidth, ScreenHeight)
}

// SVGCompact is SVG at CompactWidth × CompactHeight, laid out for a
// phone's screen (CompactLayout). Exports keep SVG's slide size.
func SVGCompact(s Spec, c planner.Charts) ([]byte, error) {
	return SVGSize(s, c, CompactWidth, CompactHeight)
}

// SVGSize is SVG at width × height. Sizes far from 16:9 or smaller than
// about 4 × 2.5 in crowd the text, which keeps its point size; a width
// under CompactLayout is laid out compactly.
func SVGSize(s Spec, c planner.Charts, width, height vg.Length) ([]byte, error) {
	if err := checkSize(width, height); err != nil {
		return nil, err
	}
	ch, err := build(s, c)
	if err != nil {
		return nil, err
	}
	return renderSVG(ch, s.ID(), width, height)
}

// renderSVG draws a built chart as SVG markup, cut to start at "<svg" and
// checked to be safe as raw markup; id names the chart in errors.
func renderSVG(ch *chart, id string, width, height vg.Length) (out []byte, err error) {
	defer recoverTo(&err, id)
	cv := vgsvg.New(width, height)
	render(ch, draw.New(cv))
	var buf bytes.Buffer
	if _, err := cv.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("charts: %s: writing SVG: %w", id, err)
	}
	return finishSVG(buf.Bytes(), id)
}

// PNG returns the chart at slide resolution: ScreenWidth × ScreenHeight
// at SlideDPI, 1600 × 900 pixels.
func PNG(s Spec, c planner.Charts) ([]byte, error) {
	return PNGSize(s, c, ScreenWidth, ScreenHeight, SlideDPI)
}

// maxPixels bounds a PNG's pixels (4 bytes each while drawing): 40
// megapixels, 8000 × 5000.
const maxPixels = 40_000_000

// PNGSize is PNG at width × height and dpi dots per inch: the image is
// width/vg.Inch·dpi pixels wide, and at most 40 megapixels.
func PNGSize(s Spec, c planner.Charts, width, height vg.Length, dpi int) ([]byte, error) {
	if err := checkSize(width, height); err != nil {
		return nil, err
	}
	if dpi <= 0 || dpi > 1200 {
		return nil, fmt.Errorf("charts: %d dpi: want 1..1200", dpi)
	}
	if px := float64(width/vg.Inch) * float64(height/vg.Inch) * float64(dpi*dpi); px > maxPixels {
		return nil, fmt.Errorf("charts: %v × %v at %d dpi is %.0f pixels: want at most %d", width, height, dpi, px, maxPixels)
	}
	ch, err := build(s, c)
	if err != nil {
		return nil, err
	}
	return renderPNG(ch, s.ID(), width, height, dpi)
}

// renderPNG draws a built chart as PNG; id names the chart in errors.
func renderPNG(ch *chart, id string, width, height vg.Length, dpi int) (out []byte, err error) {
	defer recoverTo(&err, id)
	cv := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))
	render(ch, draw.New(cv))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: cv}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("charts: %s: writing PNG: %w", id, err)
	}
	return buf.Bytes(), nil
}

// checkSize rejects sizes that the backends would panic on or that would
// take unbounded memory.
func checkSize(w, h vg.Length) error {
	if !(w > 0 && h > 0) || w > 100*vg.Inch || h > 100*vg.Inch {
		return fmt.Errorf("charts: size %v × %v: want both in (0, 100 in]", w, h)
	}
	return nil
}

// recoverTo turns a panic inside gonum/plot into an error naming the
// chart id.
func recoverTo(err *error, id string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("charts: %s: %v", id, r)
	}
}

// drawHead paints dc white and draws the title and subtitle centred at its
// top, each shortened with "…" to the width inside the margins. It returns
// the canvas left below them, inside the margins, and its width.
func drawHead(dc draw.Canvas, title, subtitle string) (draw.Canvas, vg.Length) {
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	c := draw.Crop(dc, margin, -margin, margin, -margin)
	width := c.Max.X - c.Min.X
	top := c.Max.Y
	ts := textStyle(titleSize, true)
	title = fitText(ts, title, "", width)
	c.FillText(ts, vg.Point{X: c.Center().X, Y: top}, title)
	top -= ts.Rectangle(title).Size().Y + titleGap
	ss := textStyle(subtitleSize, false)
	ss.Color = noteColor
	subtitle = fitText(ss, subtitle, "", width)
	c.FillText(ss, vg.Point{X: c.Center().X, Y: top}, subtitle)
	top -= ss.Rectangle(subtitle).Size().Y + headGap
	c.Max.Y = top
	return c, width
}

// render lays out a chart on dc: a white background, the title and
// subtitle centred at the top, the legend in a column on the right, top
// aligned with the data area, and the plot in the rest.
//
// A canvas narrower than CompactLayout is laid out by renderCompact.
func render(ch *chart, dc draw.Canvas) {
	if compact(dc.Max.X - dc.Min.X) {
		renderCompact(ch, dc)
		return
	}
	c, width := drawHead(dc, ch.title, ch.subtitle)
	c = drawNote(c, ch.note)

	l := ch.legend(width * legendMaxPct)
	l.Top, l.Left = true, true // Left: right-aligned in its canvas
	r := l.Rectangle(c)
	lw := r.Max.X - r.Min.X

	pc := c
	pc.Max.X -= lw + legendGap
	p := ch.plot
	p.Title.Text = ""
	p.Legend = plot.NewLegend()
	p.Draw(pc)

	// Align the legend's first entry with the top of the data area.
	lc := c
	lc.Min.X = c.Max.X - lw
	lc.Max.Y = p.DataCanvas(pc).Max.Y
	l.Draw(lc)
}
