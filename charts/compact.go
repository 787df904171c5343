package charts

import (
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Compact sizes, for a phone's screen: CompactWidth × CompactHeight is
// 384 × 384 CSS pixels, so a chart scaled down to a 350 px column keeps
// its text at 91 % of its size (10 pt: 12 CSS px), where the slide size
// (ScreenWidth, 768 px) would shrink it to 46 % (6 px). The fonts are the
// slide's; the layout differs (CompactLayout).
const (
	CompactWidth  = 4 * vg.Inch // 288 pt, 384 CSS pixels
	CompactHeight = 4 * vg.Inch // 288 pt, 384 CSS pixels
)

// CompactLayout is the widest canvas laid out compactly: a chart drawn
// narrower than this (CompactWidth, for one) wraps its title, subtitle
// and axis labels onto several lines instead of shortening them, puts
// its legend under the plot in columns instead of to its right, and
// labels at most maxCompactTickLabels ticks per axis. Wider canvases
// (ScreenWidth) are laid out as before, byte for byte.
const CompactLayout = 5 * vg.Inch

// Compact layout constants, in points.
const (
	maxCompactTickLabels = 6
	maxCompactHeadLines  = 3 // lines of the title, and of the subtitle
	maxCompactLabelLines = 2 // lines of an axis label
	legendColumnGap      = vg.Length(10)
)

// compact reports whether a canvas of this width is laid out compactly.
func compact(width vg.Length) bool { return width < CompactLayout }

// wrapText breaks s into lines no wider than width in style sty, at
// spaces (never at a no-break space, as in "2 000"), at most maxLines of
// them; the last line is shortened with "…" (fitText) if the text does
// not fit. A word wider than width alone is shortened on its line.
func wrapText(sty text.Style, s string, width vg.Length, maxLines int) []string {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' })
	var lines []string
	for len(words) > 0 {
		if len(lines) == maxLines-1 {
			lines = append(lines, fitText(sty, strings.Join(words, " "), "", width))
			break
		}
		n := 1
		for n < len(words) && sty.Width(" "+strings.Join(words[:n+1], " ")) <= width {
			n++
		}
		lines = append(lines, fitText(sty, strings.Join(words[:n], " "), "", width))
		words = words[n:]
	}
	return lines
}

// drawCompactHead is drawHead for a compact canvas: the title and the
// subtitle wrap onto up to maxCompactHeadLines lines each.
func drawCompactHead(dc draw.Canvas, title, subtitle string) (draw.Canvas, vg.Length) {
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	c := draw.Crop(dc, margin, -margin, margin, -margin)
	width := c.Max.X - c.Min.X
	top := c.Max.Y
	ts := textStyle(titleSize, true)
	for _, l := range wrapText(ts, title, width, maxCompactHeadLines) {
		c.FillText(ts, vg.Point{X: c.Center().X, Y: top}, l)
		top -= ts.Rectangle(l).Size().Y
	}
	top -= titleGap
	ss := textStyle(subtitleSize, false)
	ss.Color = noteColor
	for _, l := range wrapText(ss, subtitle, width, maxCompactHeadLines) {
		c.FillText(ss, vg.Point{X: c.Center().X, Y: top}, l)
		top -= ss.Rectangle(l).Size().Y
	}
	top -= headGap
	c.Max.Y = top
	return c, width
}

// drawCompactNote is drawNote for a compact canvas: the note wraps.
func drawCompactNote(c draw.Canvas, note string) draw.Canvas {
	if note == "" {
		return c
	}
	ss := textStyle(subtitleSize, false)
	ss.Color = noteColor
	ss.YAlign = draw.YBottom
	lines := wrapText(ss, note, c.Max.X-c.Min.X, maxCompactHeadLines)
	for i := len(lines) - 1; i >= 0; i-- {
		c.FillText(ss, vg.Point{X: c.Center().X, Y: c.Min.Y}, lines[i])
		c.Min.Y += ss.Rectangle(lines[i]).Size().Y
	}
	c.Min.Y += headGap
	return c
}

// compactLegend lays the chart's entries out under the plot: in two
// columns when there are more than three and both columns fit whole,
// else in one (shortened with "…" only if an entry is wider than the
// canvas). It returns each column's legend and left offset, and the
// height they take.
func compactLegend(ch *chart, width vg.Length) (legends []plot.Legend, lefts []vg.Length, height vg.Length) {
	return compactLegendOf(ch.entries, width, false)
}

// compactLegendOf is compactLegend of entries. With groups, the second
// column starts at the entry nearest the middle where legendBreak allows
// (so that an entry's continued lines stay together), else at the
// middle.
func compactLegendOf(entries []legendEntry, width vg.Length, groups bool) (legends []plot.Legend, lefts []vg.Length, height vg.Length) {
	if len(entries) == 0 {
		return nil, nil, 0
	}
	sty := newLegend()
	natural := func(es []legendEntry) vg.Length {
		var w vg.Length
		for _, e := range es {
			w = max(w, sty.TextStyle.Width(" "+e.name+e.suffix)+sty.ThumbnailWidth)
		}
		return w
	}
	cols := [][]legendEntry{entries}
	if n := len(entries); n > 3 {
		half := (n + 1) / 2
		splits := []int{half}
		if groups {
			splits = nil
			for d := 0; d < n; d++ {
				ks := []int{half - d}
				if d > 0 {
					ks = append(ks, half+d)
				}
				for _, k := range ks {
					if legendBreak(entries, k) {
						splits = append(splits, k)
					}
				}
			}
		}
		for _, k := range splits {
			a, b := entries[:k], entries[k:]
			if natural(a)+legendColumnGap+natural(b) <= width {
				cols = [][]legendEntry{a, b}
				break
			}
		}
	}
	left := vg.Length(0)
	for _, es := range cols {
		w := width - left
		if len(cols) > 1 {
			w = min(w, natural(es))
		}
		l := (&chart{entries: es}).legend(w)
		l.Top, l.Left = true, true
		r := l.Rectangle(draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: 1000}}})
		height = max(height, r.Max.Y-r.Min.Y)
		legends, lefts = append(legends, l), append(lefts, left)
		left += w + legendColumnGap
	}
	return legends, lefts, height
}

// renderCompact is render for a compact canvas: the title and subtitle
// wrapped at the top, the legend in columns at the bottom, the plot in
// between with its axis labels wrapped and fewer tick labels.
func renderCompact(ch *chart, dc draw.Canvas) {
	c, width := drawCompactHead(dc, ch.title, ch.subtitle)
	legends, lefts, lh := compactLegend(ch, width)
	c = drawCompactLegend(c, legends, lefts, lh)
	c = drawCompactNote(c, ch.note)

	p := ch.plot
	p.Title.Text = ""
	p.Legend = plot.NewLegend()
	compactAxes(p, c)
	p.Draw(c)
}

// drawCompactLegend draws the legend columns that compactLegend or
// compactLegendOf laid out (their legends, left edges and height) at the
// bottom of c and returns c above them.
func drawCompactLegend(c draw.Canvas, legends []plot.Legend, lefts []vg.Length, height vg.Length) draw.Canvas {
	for i := range legends {
		lc := c
		lc.Min.X += lefts[i]
		lc.Max.Y = c.Min.Y + height
		legends[i].Draw(lc)
	}
	if len(legends) > 0 {
		c.Min.Y += height + legendGap
	}
	return c
}

// compactAxes wraps p's axis labels to its data area drawn on c and
// thins its tick labels to at most maxCompactTickLabels per axis.
func compactAxes(p *plot.Plot, c draw.Canvas) {
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Marker = thinTicks{a.Tick.Marker, maxCompactTickLabels}
	}
	xl, yl := p.X.Label.Text, p.Y.Label.Text
	for range 2 { // the wrapped labels change the data area a little
		dc := p.DataCanvas(c)
		p.X.Label.Text = strings.Join(wrapText(p.X.Label.TextStyle, xl, dc.Max.X-dc.Min.X, maxCompactLabelLines), "\n")
		p.Y.Label.Text = strings.Join(wrapText(p.Y.Label.TextStyle, yl, dc.Max.Y-dc.Min.Y, maxCompactLabelLines), "\n")
	}
}

// thinTicks keeps at most max of a ticker's labels: when it labels more,
// only every k-th labelled tick keeps its label (those at multiples of k
// steps, so 0 stays labelled), the others become minor ticks.
type thinTicks struct {
	plot.Ticker
	max int
}

// Ticks implements plot.Ticker.
func (t thinTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := t.Ticker.Ticks(lo, hi)
	var labelled []int
	for i, tk := range ticks {
		if tk.Label != "" {
			labelled = append(labelled, i)
		}
	}
	if len(labelled) <= t.max || len(labelled) < 2 {
		return ticks
	}
	k := (len(labelled) + t.max - 1) / t.max
	first, step := ticks[labelled[0]].Value, ticks[labelled[1]].Value-ticks[labelled[0]].Value
	out := make([]plot.Tick, len(ticks))
	copy(out, ticks)
	for j, i := range labelled {
		n := j
		if step > 0 && finite(first/step) {
			n = int(math.Round(first/step)) + j // the tick's multiple of step
		}
		if (n%k+k)%k != 0 {
			out[i].Label = ""
		}
	}
	return out
}
