package charts

import (
	"errors"
	"image/color"
	"math"

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
			c.StrokeLines(outline, c.ClipLinesXY(append(box, box[0]))...)
		}
	}
	if g.whisker == nil {
		return
	}
	for k, v := range g.values {
		lo, hi := g.span(k)
		mid := trX((lo + hi) / 2)
		capHalf := (trX(hi) - trX(lo)) / 3
		drawWhisker(c, trY(v), trY(g.whisker[k]), mid, capHalf)
	}
}

// whiskerStyle is the line of a P95 whisker: black on any bar colour.
var whiskerStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(1.2)}

// drawWhisker draws a vertical line at x from y0 to y1 with a cap at y1.
func drawWhisker(c draw.Canvas, y0, y1, x, capHalf vg.Length) {
	if y1 > y0 {
		c.StrokeLines(whiskerStyle, c.ClipLinesXY([]vg.Point{{X: x, Y: y0}, {X: x, Y: y1}})...)
	}
	c.StrokeLines(whiskerStyle, c.ClipLinesXY([]vg.Point{{X: x - capHalf, Y: y1}, {X: x + capHalf, Y: y1}})...)
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

// whiskerThumb is the legend's picture of a P95 whisker over a grey bar.
type whiskerThumb struct{}

// Thumbnail implements plot.Thumbnailer.
func (whiskerThumb) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	h := c.Max.Y - c.Min.Y
	bar := c.Min.Y + h*0.2
	half := (c.Max.X - c.Min.X) / 4
	c.FillPolygon(color.NRGBA{0xBB, 0xBB, 0xBB, 0xFF}, []vg.Point{
		{X: x - half, Y: c.Min.Y - h*0.1}, {X: x - half, Y: bar},
		{X: x + half, Y: bar}, {X: x + half, Y: c.Min.Y - h*0.1},
	})
	drawWhisker(*c, bar, c.Max.Y, x, half*0.7)
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

// Thumbnail implements plot.Thumbnailer: a vertical stroke.
func (v *vline) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	c.StrokeLine2(v.style, x, c.Min.Y, x, c.Max.Y)
}

// hlineThumb is a horizontal stroke for a legend entry.
type hlineThumb draw.LineStyle

// Thumbnail implements plot.Thumbnailer.
func (h hlineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(draw.LineStyle(h), c.Min.X, y, c.Max.X, y)
}

// log1pScale maps x to log(1 + x): a log scale that keeps 0, for
// measures with many zeros and a long tail. It needs min ≥ 0.
type log1pScale struct{}

// Normalize implements plot.Normalizer.
func (log1pScale) Normalize(min, max, x float64) float64 {
	lo, hi := math.Log1p(min), math.Log1p(max)
	return (math.Log1p(x) - lo) / (hi - lo)
}

// log1pTicks labels 0, 1, 2, 5, 10, 20, 50, … up to max, with minor
// ticks at the other multiples.
func log1pTicks(min, max float64) []plot.Tick {
	ticks := []plot.Tick{{Value: 0, Label: "0"}}
	for dec := 1.0; dec <= max; dec *= 10 {
		for m := 1; m <= 9; m++ {
			v := float64(m) * dec
			if v > max || v < min {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = thousands(int(v))
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}
