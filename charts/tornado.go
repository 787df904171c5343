package charts

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"rolloutplanner/model"
	"rolloutplanner/planner/whatif"
)

// TornadoID is the tornado chart's id, for errors and file names.
const TornadoID = "tornado"

// MaxTornadoBars is the most inputs a tornado chart shows: those with the
// largest swing. The subtitle says how many more were studied.
const MaxTornadoBars = 12

// ErrNoEffects is returned for a sensitivity study without any input:
// there is nothing to draw.
var ErrNoEffects = errors.New("charts: the sensitivity study holds no input; run it first")

// TornadoSVG returns the tornado chart of sensitivity study r of scenario
// s (for the role names, the scenario's name and its trials) as SVG
// markup at ScreenWidth × ScreenHeight, starting with "<svg" and safe as
// raw markup (like SVG).
//
// It has two panels sharing one row per input (at most MaxTornadoBars,
// the largest swing at the top): on the left the change in the service's
// mean bad minutes per month, on the right the change in SLA compliance
// in percentage points, each with one bar for the input shifted down by
// r.Shift (−25 %) and one for it shifted up (+25 %), measured from the
// base run at 0. A shift that made the scenario invalid is drawn as
// "invalid" instead of a bar.
//
// It returns ErrNoEffects for a study without inputs and an error for
// values that are not finite; it never panics.
func TornadoSVG(r whatif.SensitivityResult, s model.Scenario) ([]byte, error) {
	return TornadoSVGSize(r, s, ScreenWidth, ScreenHeight)
}

// TornadoSVGCompact is TornadoSVG laid out for a phone's screen:
// CompactWidth wide, the input labels wrapped onto up to three lines,
// the panels' titles and axis labels wrapped, the legend under the
// panels, and as tall as the rows need to keep their text at the tick
// labels' size (at most 10 in). Exports keep TornadoSVG's slide size.
func TornadoSVGCompact(r whatif.SensitivityResult, s model.Scenario) ([]byte, error) {
	pc, err := buildTornado(r, s)
	if err != nil {
		return nil, err
	}
	return compactPanelSVG(pc, TornadoID, tornadoRowCompact)
}

// TornadoSVGSize is TornadoSVG at width × height; a width under
// CompactLayout is laid out compactly, as TornadoSVGCompact.
func TornadoSVGSize(r whatif.SensitivityResult, s model.Scenario, width, height vg.Length) ([]byte, error) {
	pc, err := buildTornado(r, s)
	if err != nil {
		return nil, err
	}
	return drawSVG(func(dc draw.Canvas) { renderPanels(pc, dc) }, TornadoID, width, height)
}

// TornadoPNG is TornadoSVG as a PNG at slide resolution, 1600 × 900
// pixels.
func TornadoPNG(r whatif.SensitivityResult, s model.Scenario) ([]byte, error) {
	return TornadoPNGSize(r, s, ScreenWidth, ScreenHeight, SlideDPI)
}

// TornadoPNGSize is TornadoPNG at width × height and dpi, with PNGSize's
// limits.
func TornadoPNGSize(r whatif.SensitivityResult, s model.Scenario, width, height vg.Length, dpi int) ([]byte, error) {
	pc, err := buildTornado(r, s)
	if err != nil {
		return nil, err
	}
	return drawPNG(func(dc draw.Canvas) { renderPanels(pc, dc) }, TornadoID, width, height, dpi)
}

// InputLabel names the input at a sensitivity study's field path for
// people, with s's role names and the field's words of model.Fields:
// "roles[0].warmup" → "web: warm-up", "passes.host_os.host_reboot" →
// "Host OS: host reboot". An unknown path is returned cleaned, as it is.
// The role name is untrusted text, cleaned and shortened but not
// escaped: escape it for markup.
func InputLabel(s model.Scenario, path string) string {
	f, r, ok := model.FieldAt(path)
	switch pk, pass := model.PassOf(f.Group); {
	case !ok:
	case f.Group == model.RoleGroup && r < len(s.Roles):
		return clean(s.Roles[r].Name, 20) + ": " + f.Words()
	case pass:
		return pk.Title() + ": " + f.Words()
	}
	return clean(path, maxTitleRunes)
}

// buildTornado lays out the tornado of r.
func buildTornado(r whatif.SensitivityResult, s model.Scenario) (pc *panelChart, err error) {
	defer recoverTo(&err, TornadoID)
	if len(r.Effects) == 0 {
		return nil, ErrNoEffects
	}
	b := r.Base
	if !finite(b.BadMinutesMean, b.SLACompliance.P, r.Shift) {
		return nil, fmt.Errorf("charts: %s: base run: %w", TornadoID, errNotFinite)
	}
	for _, e := range r.Effects {
		for _, o := range []whatif.Outcome{e.Low, e.High} {
			if o.Skipped == "" && !finite(o.DeltaBadMinutes, o.DeltaCompliance) {
				return nil, fmt.Errorf("charts: %s: %s: %w", TornadoID, e.Path, errNotFinite)
			}
		}
	}
	effects := r.Effects
	if len(effects) > MaxTornadoBars {
		effects = effects[:MaxTornadoBars]
	}
	n := len(effects)
	labels := make([]string, n)
	for i, e := range effects {
		labels[n-1-i] = InputLabel(s, e.Path) // the largest swing at the top
	}
	h := r.Shift
	if !(h > 0 && h < 1) {
		h = whatif.DefaultShift
	}
	hp := pctText(h)

	pc = &panelChart{title: "What moves the result: each input shifted ±" + hp + " %"}
	sub := thousands(s.Trials) + " simulated months per run"
	if s.Trials <= 0 {
		sub = "each input's effect on the service"
	}
	if more := len(r.Effects) - n; more > 0 {
		sub = "the " + strconv.Itoa(n) + " largest of " + strconv.Itoa(len(r.Effects)) + " inputs · " + sub
	}
	if name := clean(s.Name, 60); name != "" {
		sub = name + " · " + sub
	}
	pc.subtitle = sub

	lowCol, highCol := palette[0], palette[5]
	for k, m := range []struct {
		title, xlabel string
		value         func(whatif.Outcome) float64
	}{
		{"mean bad minutes per month", "change (minutes)", func(o whatif.Outcome) float64 { return o.DeltaBadMinutes }},
		{"months meeting the SLA", "change (percentage points)", func(o whatif.Outcome) float64 { return 100 * o.DeltaCompliance }},
	} {
		bars := &tornadoBars{n: n, low: make([]float64, n), high: make([]float64, n),
			lowSkip: make([]bool, n), highSkip: make([]bool, n), lowCol: lowCol, highCol: highCol}
		lo, hi := 0.0, 0.0
		for i, e := range effects {
			y := n - 1 - i
			bars.low[y], bars.lowSkip[y] = m.value(e.Low), e.Low.Skipped != ""
			bars.high[y], bars.highSkip[y] = m.value(e.High), e.High.Skipped != ""
			for _, v := range []float64{bars.low[y], bars.high[y]} {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		if hi-lo < 1e-9 {
			lo, hi = -1, 1
		}
		pad := (hi - lo) * 0.08
		p := newPlot()
		p.Title.Text = m.title
		p.Title.TextStyle = textStyle(labelSize, true)
		p.Title.Padding = vg.Points(4)
		p.X.Label.Text = m.xlabel
		p.X.Min, p.X.Max = lo-pad, hi+pad
		p.X.Tick.Marker = fewTicks
		if k == 0 {
			categoryAxis(&p.Y, labels)
		} else {
			categoryAxis(&p.Y, make([]string, n))
		}
		addGrid(p, true, false)
		zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(n) - 0.5}})
		if err != nil {
			return nil, err
		}
		zero.LineStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(1)}
		p.Add(bars, zero)
		pc.panels = append(pc.panels, p)
		pc.small = append(pc.small, bars)
	}
	pc.add("input −"+hp+" %", "", swatch{fill: lowCol})
	pc.add("input +"+hp+" %", "", swatch{fill: highCol})
	pc.add("0: the base run,", "", hlineThumb(draw.LineStyle{Color: color.Black, Width: vg.Points(1)}))
	pc.add(num(b.BadMinutesMean)+" bad min/month", "")
	pc.add("and the SLA met in", "")
	pc.add(cellPct(b.SLACompliance.P)+" % of months", "")
	return pc, nil
}

// fewTicks labels at most five values at 1, 2, 2.5 or 5 times a power of
// ten, for the narrow panels of a tornado.
var fewTicks = plot.TickerFunc(func(lo, hi float64) []plot.Tick {
	var steps []float64
	for _, s := range decadeSteps(hi - lo) {
		if (hi-lo)/s <= 5 {
			steps = append(steps, s)
		}
	}
	return stepTicks(lo, hi, steps)
})

// tornadoBars draws, per input row y = 0…n−1, the low shift's bar in the
// upper half of the row and the high shift's in the lower half, from 0.
type tornadoBars struct {
	n                 int
	low, high         []float64
	lowSkip, highSkip []bool
	lowCol, highCol   color.Color
	compact           bool // "invalid" at the tick labels' size
}

// setCompact implements compactable.
func (t *tornadoBars) setCompact() { t.compact = true }

// Plot implements plot.Plotter.
func (t *tornadoBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	note := textStyle(8, false)
	if t.compact {
		note = textStyle(tickSize, false)
	}
	note.Color = noteColor
	note.XAlign, note.YAlign = draw.XLeft, draw.YCenter
	for y := range t.n {
		for k, side := range []struct {
			v    float64
			skip bool
			col  color.Color
		}{{t.low[y], t.lowSkip[y], t.lowCol}, {t.high[y], t.highSkip[y], t.highCol}} {
			top := float64(y) + 0.4 - 0.4*float64(k)
			bot := top - 0.38
			y0, y1 := trY(bot), trY(top)
			if side.skip {
				c.FillText(note, vg.Point{X: trX(0) + vg.Points(3), Y: (y0 + y1) / 2}, "invalid")
				continue
			}
			x0, x1 := trX(0), trX(side.v)
			if x1 < x0 {
				x0, x1 = x1, x0
			}
			x1 = max(x1, x0+vg.Points(1)) // a zero change still shows as a hairline
			box := []vg.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}}
			c.FillPolygon(side.col, c.ClipPolygonXY(box))
		}
	}
}
