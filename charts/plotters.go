package charts

import (
	"errors"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// errNotFinite reports data that holds NaN or ±Inf.
var errNotFinite = errors.New("data holds a value that is not a finite number")

// band fills the area between two curves sampled at the same x values:
// a percentile band.
type band struct {
	x, lo, hi []float64
	color     color.Color
}

// Plot implements plot.Plotter.
func (b *band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pts := make([]vg.Point, 0, 2*len(b.x))
	for i, x := range b.x {
		pts = append(pts, vg.Point{X: trX(x), Y: trY(b.hi[i])})
	}
	for i := len(b.x) - 1; i >= 0; i-- {
		pts = append(pts, vg.Point{X: trX(b.x[i]), Y: trY(b.lo[i])})
	}
	c.FillPolygon(b.color, c.ClipPolygonXY(pts))
}

// Thumbnail implements plot.Thumbnailer: a filled box.
func (b *band) Thumbnail(c *draw.Canvas) {
	h := (c.Max.Y - c.Min.Y) / 4
	y := c.Center().Y
	c.FillPolygon(b.color, []vg.Point{
		{X: c.Min.X, Y: y - h}, {X: c.Min.X, Y: y + h},
		{X: c.Max.X, Y: y + h}, {X: c.Max.X, Y: y - h},
	})
}

// groupedBars draws one bar per category for one of n series, side by
// side within each category. Widths are in data units (a category is 1
// wide), so the bars fit any canvas size.
type groupedBars struct {
	values []float64 // per category, at x = 0, 1, …
	series int       // this series' index
	n      int       // series per category
	color  color.Color
	// whisker, when non-nil, holds per category a value drawn as a
	// vertical line from the bar's top with a cap (the P95).
	whisker []float64
}

// groupWidth is the share of a category its bars fill together.
const groupWidth = 0.8

// span returns the bar's left and right edge in data units at category k.
func (g *groupedBars) span(k int) (float64, float64) {
	w := groupWidth / float64(g.n)
	lo := float64(k) - groupWidth/2 + float64(g.series)*w
	// A thin gap between neighbouring bars keeps the colours apart.
	gap := w * 0.08
	return lo + gap, lo + w - gap
}

// Plot implements plot.Plotter.
func (g *groupedBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	outline := draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}
	for k, v := range g.values {
		lo, hi := g.span(k)
		x0, x1 := trX(lo), trX(hi)
		y0, y1 := trY(0), trY(v)
		if v > 0 {
			box := []vg.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}}
			c.FillPolygon(g.color, c.ClipPolygonXY(box))
			if x1-x0 > vg.Points(6) {
				c.StrokeLines(outline, c.ClipLinesXY(append(box, box[0]))...)
			}
		}
	}
	if g.whisker == nil {
		return
	}
	for k, v := range g.values {
		lo, hi := g.span(k)
		w := trX(hi) - trX(lo)
		sty := whiskerStyle
		// A whisker at most a third of its bar's width, so that thin bars
		// stay visible under it.
		sty.Width = min(sty.Width, w/3)
		drawWhisker(c, sty, trY(v), trY(g.whisker[k]), trX((lo+hi)/2), w/3)
	}
}

// whiskerStyle is the line of a P95 whisker: black on any bar colour.
var whiskerStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(1.2)}

// drawWhisker draws a vertical line at x from y0 to y1 with a cap at y1.
func drawWhisker(c draw.Canvas, sty draw.LineStyle, y0, y1, x, capHalf vg.Length) {
	if y1 > y0 {
		c.StrokeLines(sty, c.ClipLinesXY([]vg.Point{{X: x, Y: y0}, {X: x, Y: y1}})...)
	}
	c.StrokeLines(sty, c.ClipLinesXY([]vg.Point{{X: x - capHalf, Y: y1}, {X: x + capHalf, Y: y1}})...)
}

// Thumbnail implements plot.Thumbnailer: a filled box.
func (g *groupedBars) Thumbnail(c *draw.Canvas) {
	h := (c.Max.Y - c.Min.Y) / 3
	y := c.Center().Y
	c.FillPolygon(g.color, []vg.Point{
		{X: c.Min.X, Y: y - h}, {X: c.Min.X, Y: y + h},
		{X: c.Max.X, Y: y + h}, {X: c.Max.X, Y: y - h},
	})
}

// meanThumb is the legend's picture of a mean: a bar in the colours the
// bars are drawn in, side by side as the chart groups them (one role: its
// colour), so that no legend swatch shows a colour the chart does not.
type meanThumb struct{ colors []color.Color }

// Thumbnail implements plot.Thumbnailer.
func (m meanThumb) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	half := (c.Max.X - c.Min.X) / 4
	cols := m.colors
	if len(cols) == 0 {
		cols = []color.Color{color.Black}
	}
	w := 2 * half / vg.Length(len(cols))
	for i, col := range cols {
		x0 := x - half + vg.Length(i)*w
		c.FillPolygon(col, []vg.Point{
			{X: x0, Y: c.Min.Y}, {X: x0, Y: c.Max.Y},
			{X: x0 + w, Y: c.Max.Y}, {X: x0 + w, Y: c.Min.Y},
		})
	}
}

// whiskerThumb is the legend's picture of a P95 whisker.
type whiskerThumb struct{}

// Thumbnail implements plot.Thumbnailer.
func (whiskerThumb) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	drawWhisker(*c, whiskerStyle, c.Min.Y, c.Max.Y, x, (c.Max.X-c.Min.X)/6)
}

// vline is a vertical line across the whole data area at x.
type vline struct {
	x     float64
	style draw.LineStyle
}

// Plot implements plot.Plotter.
func (v *vline) Plot(c draw.Canvas, p *plot.Plot) {
	if v.x < p.X.Min || v.x > p.X.Max {
		return
	}
	x := c.X(p.X.Norm(v.x))
	c.StrokeLine2(v.style, x, c.Min.Y, x, c.Max.Y)
}

// Thumbnail implements plot.Thumbnailer: a vertical stroke as tall as
// the text, with short dashes so that a dashed line looks dashed.
func (v *vline) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	sty := v.style
	sty.Width = max(sty.Width, vg.Points(2))
	if len(sty.Dashes) > 0 {
		sty.Dashes = []vg.Length{vg.Points(2.5), vg.Points(1.5)}
	}
	h := c.Max.Y - c.Min.Y
	c.StrokeLine2(sty, x, c.Min.Y-h*0.15, x, c.Max.Y+h*0.15)
}

// hlineThumb is a horizontal stroke for a legend entry.
type hlineThumb draw.LineStyle

// Thumbnail implements plot.Thumbnailer.
func (h hlineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(draw.LineStyle(h), c.Min.X, y, c.Max.X, y)
}
