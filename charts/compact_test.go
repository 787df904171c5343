package charts

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

// phoneColumn is the width, in CSS pixels, of a chart's column on a
// 390 px wide phone (the page's padding and the figure's border and
// padding taken off), and legiblePx the smallest text height there.
const (
	phoneColumn = 350.0
	legiblePx   = 11.0
)

// svgFontSizes returns the viewBox width of a chart's SVG and the font
// size of each of its texts, in the viewBox's units.
func svgFontSizes(t *testing.T, b []byte) (viewBoxWidth float64, sizes []float64) {
	t.Helper()
	fontSize := regexp.MustCompile(`font-size:([0-9.]+)px`)
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return viewBoxWidth, sizes
		}
		if err != nil {
			t.Fatalf("SVG does not parse as XML: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		for _, a := range se.Attr {
			switch {
			case se.Name.Local == "svg" && a.Name.Local == "viewBox":
				f := strings.Fields(a.Value)
				if len(f) != 4 {
					t.Fatalf("viewBox %q", a.Value)
				}
				viewBoxWidth, _ = strconv.ParseFloat(f[2], 64)
			case se.Name.Local == "text" && a.Name.Local == "style":
				m := fontSize.FindStringSubmatch(a.Value)
				if m == nil {
					t.Fatalf("a text without a font size: %q", a.Value)
				}
				v, _ := strconv.ParseFloat(m[1], 64)
				sizes = append(sizes, v)
			}
		}
	}
}

// smallestTextPx is the height in CSS pixels of the smallest font of
// chart b when its SVG is scaled to a column px wide.
func smallestTextPx(t *testing.T, b []byte, px float64) float64 {
	t.Helper()
	vw, sizes := svgFontSizes(t, b)
	if vw <= 0 || len(sizes) == 0 {
		t.Fatalf("no viewBox width (%v) or no text (%d)", vw, len(sizes))
	}
	smallest := math.Inf(1)
	for _, s := range sizes {
		smallest = min(smallest, s)
	}
	return smallest * px / vw
}

// TestCompactChartsLegible draws every kind of chart that the page
// shows on a phone at the compact size: scaled to a phone's column,
// its smallest text must be at least 11 CSS px high (the slide size
// shrinks it to about 6 px, which the test checks too, so that it
// measures something), and the chart keeps its title, subtitle, axis
// labels with units (wrapped onto several lines) and whole legend
// entries, each on a line of its own, in order.
func TestCompactChartsLegible(t *testing.T) {
	n, cases := 0, chartCases(t)
	for _, c := range cases {
		if c.compact == nil {
			continue
		}
		n++
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			svg, err := c.compact()
			if err != nil {
				t.Fatal(err)
			}
			checkSVGOutput(t, svg)
			if px := smallestTextPx(t, svg, phoneColumn); px < legiblePx {
				t.Errorf("compact: the smallest text is %.1f CSS px in a %v px column, want at least %v", px, phoneColumn, legiblePx)
			}
			wide, err := c.svg()
			if err != nil {
				t.Fatal(err)
			}
			if px := smallestTextPx(t, wide, phoneColumn); px >= legiblePx {
				t.Errorf("slide size: the smallest text is %.1f CSS px in a %v px column; the test expects it below %v", px, phoneColumn, legiblePx)
			}

			lines := strings.Split(strings.TrimSuffix(svgText(t, svg), "\n"), "\n")
			joined := " " + strings.Join(lines, " ") + " "
			for _, w := range append([]string{c.title, c.subtitle}, c.axes...) {
				w = strings.Trim(w, "*")
				if !strings.Contains(joined, " "+w) {
					t.Errorf("compact: no %q in the chart's text, lines joined:\n%s", w, strings.Join(lines, "\n"))
				}
			}
			if strings.Contains(joined, "…") {
				t.Errorf("compact: text shortened with …:\n%s", strings.Join(lines, "\n"))
			}
			at := 0
			for _, w := range c.legend {
				i := findLine(lines, w, at)
				if i < 0 {
					t.Errorf("compact: no legend entry %q after line %d in the text:\n%s", w, at, strings.Join(lines, "\n"))
					continue
				}
				at = i + 1
			}
		})
	}
	if n < len(cases) {
		t.Errorf("%d of %d kinds of chart drawn compact, want every kind the page shows (the run's, the A/B, the heat maps, the tornado, the fit)", n, len(cases))
	}
}

// TestThinTicks: thinTicks keeps at most its maximum of labels, at
// multiples of k steps (0 stays labelled), and every tick's position.
func TestThinTicks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ticker plot.Ticker
		lo, hi float64
		max    int
		want   []string
	}{
		{"ten labels", valueTicks, 0, 100, 6, []string{"0", "20", "40", "60", "80", "100"}},
		{"few labels kept", valueTicks, 0, 100, 11, []string{"0", "10", "20", "30", "40", "50", "60", "70", "80", "90", "100"}},
		{"negative start", valueTicks, -50, 50, 6, []string{"-40", "-20", "0", "20", "40"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			all := tc.ticker.Ticks(tc.lo, tc.hi)
			got := thinTicks{tc.ticker, tc.max}.Ticks(tc.lo, tc.hi)
			if len(got) != len(all) {
				t.Fatalf("%d ticks, want the %d of the ticker", len(got), len(all))
			}
			var labels []string
			for i, tk := range got {
				if tk.Value != all[i].Value {
					t.Errorf("tick %d at %v, want %v", i, tk.Value, all[i].Value)
				}
				if tk.Label != "" {
					labels = append(labels, tk.Label)
				}
			}
			if strings.Join(labels, " ") != strings.Join(tc.want, " ") {
				t.Errorf("labels %q, want %q", labels, tc.want)
			}
		})
	}
}
