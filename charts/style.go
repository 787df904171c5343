package charts

import (
	"image/color"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"rolloutplanner/internal/numfmt"
)

// Font sizes in points. The charts are laid out for an 8 × 4.5 in canvas,
// so on a 16:9 slide 10 pt is about 1/58 of the slide's width.
const (
	titleSize    = 14
	subtitleSize = 10
	labelSize    = 11
	tickSize     = 10
	legendSize   = 10
)

// Text limits, in characters. docs/model.md §3 allows 60 for a role and 120 for
// a scenario; the charts shorten longer text with "…".
const (
	maxTitleRunes    = 100
	maxScenarioRunes = 80
	maxNameRunes     = 32
)

// sans is the typeface of every text: Liberation Sans, metric-compatible
// with Arial, which the SVG names as its fallback.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// plain is the text handler of every text. Set explicitly so that a
// program changing plot.DefaultTextHandler (to LaTeX, say) cannot make a
// role name's '$' or '\' mean something.
var plain text.Handler = text.Plain{Fonts: font.DefaultCache}

func textStyle(size vg.Length, bold bool) text.Style {
	f := sans
	if bold {
		f.Weight = xfont.WeightBold
	}
	return text.Style{
		Color:   color.Black,
		Font:    font.From(f, size),
		XAlign:  draw.XCenter,
		YAlign:  draw.YTop,
		Handler: plain,
	}
}

// Colours. Roles and passes cycle through an Okabe–Ito palette, which
// colour-blind readers can tell apart; the service is black and the SLA
// budget dark red.
var (
	palette = []color.NRGBA{
		{0x00, 0x72, 0xB2, 0xFF}, // blue
		{0xE6, 0x9F, 0x00, 0xFF}, // orange
		{0x00, 0x9E, 0x73, 0xFF}, // bluish green
		{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
		{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
		{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
		{0x8C, 0x6D, 0x31, 0xFF}, // brown
		{0x66, 0x66, 0x66, 0xFF}, // grey
	}
	serviceColor = color.NRGBA{0x00, 0x00, 0x00, 0xFF}
	budgetColor  = color.NRGBA{0xB2, 0x18, 0x2B, 0xFF}
	gridColor    = color.NRGBA{0xDD, 0xDD, 0xDD, 0xFF}
	noteColor    = color.NRGBA{0x44, 0x44, 0x44, 0xFF}
)

// seriesStyle returns the colour and dashes of the i-th role or pass:
// after the palette's eight colours it starts again with lighter tints
// and dash-dotted lines (docs/model.md §3.1 allows 16 roles).
func seriesStyle(i int) (color.NRGBA, []vg.Length) {
	c := palette[i%len(palette)]
	if (i/len(palette))%2 == 1 {
		tint := func(v uint8) uint8 { return uint8(math.Round(0.6*float64(v) + 0.4*255)) }
		c = color.NRGBA{tint(c.R), tint(c.G), tint(c.B), 0xFF}
		return c, []vg.Length{vg.Points(6), vg.Points(2), vg.Points(1), vg.Points(2)}
	}
	return c, nil
}

// barColor is seriesStyle's colour, for bars, which have no dashes.
func barColor(i int) color.NRGBA {
	c, _ := seriesStyle(i)
	return c
}

// translucent returns c at the given opacity, 0–1.
func translucent(c color.NRGBA, alpha float64) color.NRGBA {
	c.A = uint8(math.Round(255 * alpha))
	return c
}

var (
	dashed = []vg.Length{vg.Points(5), vg.Points(3)}
	dotted = []vg.Length{vg.Points(1.5), vg.Points(2)}
)

// newPlot returns an empty plot styled for slides: sans-serif text, light
// grid lines added by the chart, no title.
func newPlot() *plot.Plot {
	p := plot.New()
	p.TextHandler = plain
	p.Title.TextStyle = textStyle(titleSize, true)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle = textStyle(labelSize, false)
		a.Label.TextStyle.YAlign = draw.YBottom
		a.Label.Padding = vg.Points(4)
		a.Tick.Label = textStyle(tickSize, false)
		a.Tick.Label.YAlign = draw.YTop
		a.Tick.Length = vg.Points(4)
		a.Padding = vg.Points(2)
	}
	p.Y.Tick.Label.XAlign = draw.XRight
	p.Y.Tick.Label.YAlign = draw.YCenter
	return p
}

// newLegend returns an empty legend styled for slides.
func newLegend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle = textStyle(legendSize, false)
	l.TextStyle.XAlign = draw.XLeft
	l.TextStyle.YAlign = draw.YBottom
	l.ThumbnailWidth = vg.Points(24)
	l.Padding = vg.Points(3)
	return l
}

// addGrid draws light grid lines behind the data; a nil style skips that
// direction.
func addGrid(p *plot.Plot, vertical, horizontal bool) {
	g := plotter.NewGrid()
	g.Vertical = draw.LineStyle{}
	g.Horizontal = draw.LineStyle{}
	if vertical {
		g.Vertical = draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)}
	}
	if horizontal {
		g.Horizontal = draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)}
	}
	p.Add(g)
}

// percentAxis fixes a to 0..top percent with a labelled tick every step.
func percentAxis(a *plot.Axis, top, step float64) {
	a.Min, a.Max = 0, top
	var ticks []plot.Tick
	for v := 0.0; v <= top+step/1e6; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
		if half := v + step/2; half < top {
			ticks = append(ticks, plot.Tick{Value: half})
		}
	}
	a.Tick.Marker = plot.ConstantTicks(ticks)
}

// timeUnit picks the unit for a time axis whose largest value is maxMin
// minutes: minutes up to 5 hours, hours beyond. It returns the divisor
// from minutes and the unit's name.
func timeUnit(maxMin float64) (float64, string) {
	if maxMin > 300 {
		return 60, "hours"
	}
	return 1, "minutes"
}

// clean makes untrusted text safe and legible in a chart: invalid UTF-8
// becomes U+FFFD, control characters (line breaks included) become
// spaces, bidi overrides and other invisible format characters and the
// XML non-characters U+FFFE and U+FFFF are removed, runs of spaces
// collapse, and text longer than max characters ends in "…". Markup
// characters are kept: the SVG backend escapes them.
func clean(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsControl(r) || unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.Is(unicode.Cf, r), r == 0xFFFE, r == 0xFFFF:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if utf8.RuneCountInString(out) > max {
		rs := []rune(out)
		out = strings.TrimRight(string(rs[:max-1]), " ") + "…"
	}
	return out
}

// num formats x for a label, numfmt's rule: "21.6", "120", "0.25".
func num(x float64) string { return numfmt.Num(x) }

// thousands formats n with narrow no-break spaces: 10000 → "10 000".
func thousands(n int) string { return numfmt.Count(n) }

// finite reports whether every value is a finite number.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
