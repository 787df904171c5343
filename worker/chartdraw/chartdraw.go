// Package chartdraw draws a run's charts for the chart worker
// (cmd/chartworker, web/chart-worker.js), so that gonum/plot never runs
// on the page's thread for a run's results: Draw turns the run's summary
// (sim.Summary's binary form) and scenario into every chart's SVG text,
// and the page reads the answer with Decode, which checks each chart's
// markup (charts.CheckSVG) before the page inserts it.
package chartdraw

import (
	"encoding/binary"
	"errors"
	"fmt"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/worker/sim"
)

// Drawn is one chart as the worker drew it: its id (charts.Spec.ID) and
// its SVG markup, or why it could not be drawn.
type Drawn struct {
	ID  string
	SVG string
	Err string
}

// Layouts of the charts (Draw's layout): Wide, the slide size
// (charts.SVG), or Compact, for a phone's screen (charts.SVGCompact).
const (
	Wide    = "wide"
	Compact = "compact"
)

// Draw is rolloutDrawCharts: it decodes summary (sim.Summary's
// MarshalBinary bytes) and scenarioJSON (the scenario the trials ran, for
// the subtitles), draws every chart of charts.Specs exactly as the page
// would (charts.SVG with the Spec's Scenario set, or charts.SVGCompact
// when layout is Compact) and returns the []Drawn, in the Specs' order,
// as Marshal writes them. A chart that fails to draw carries its error; bad input,
// an unknown layout included, is an error. It never panics.
func Draw(summary, scenarioJSON []byte, layout string) (out []byte, err error) {
	draw := charts.SVG
	switch layout {
	case Wide:
	case Compact:
		draw = charts.SVGCompact
	default:
		return nil, fmt.Errorf("chartdraw: layout %q: want %q or %q", layout, Wide, Compact)
	}
	var sum sim.Summary
	if err := sum.UnmarshalBinary(summary); err != nil {
		return nil, err
	}
	sc, err := model.Decode(scenarioJSON)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("chartdraw: internal error drawing the charts: %v", r)
		}
	}()
	var drawn []Drawn
	for _, spec := range charts.Specs(sum.Charts) {
		spec.Scenario = &sc
		d := Drawn{ID: spec.ID()}
		if svg, err := draw(spec, sum.Charts); err != nil {
			d.Err = err.Error()
		} else {
			d.SVG = string(svg)
		}
		drawn = append(drawn, d)
	}
	return Marshal(drawn), nil
}

// magic starts Marshal's bytes; the digit is the format.
const magic = "RPD1"

// Marshal writes charts as the chart worker posts them: magic, the count,
// then each chart's ID, SVG and Err, every count and string length a
// uvarint. The page reads it with Unmarshal at the speed of a copy: the
// SVG text of a run's charts is a few hundred kilobytes, which decoding
// as JSON held the page's thread for some 40 ms.
func Marshal(charts []Drawn) []byte {
	n := len(magic) + binary.MaxVarintLen64
	for _, d := range charts {
		n += 3*binary.MaxVarintLen64 + len(d.ID) + len(d.SVG) + len(d.Err)
	}
	b := make([]byte, 0, n)
	b = append(b, magic...)
	b = binary.AppendUvarint(b, uint64(len(charts)))
	for _, d := range charts {
		for _, s := range [...]string{d.ID, d.SVG, d.Err} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	return b
}

// Decode reads Draw's answer: chart id → Drawn. Every SVG must pass
// Check (markup that does not is an error naming the chart), so that the
// page inserts only chart markup.
func Decode(b []byte) (map[string]Drawn, error) {
	drawn, err := Unmarshal(b)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Drawn, len(drawn))
	for _, d := range drawn {
		if err := d.Check(); err != nil {
			return nil, err
		}
		out[d.ID] = d
	}
	return out, nil
}

// Unmarshal reads Draw's answer without checking the markup: a page that
// spreads the checks over several steps (so as not to hold its thread)
// must call Check on each chart before inserting it.
func Unmarshal(b []byte) ([]Drawn, error) {
	bad := errors.New("chartdraw: the chart worker's answer is damaged or of another version")
	if len(b) < len(magic) || string(b[:len(magic)]) != magic {
		return nil, bad
	}
	b = b[len(magic):]
	next := func() (uint64, bool) {
		v, k := binary.Uvarint(b)
		if k <= 0 {
			return 0, false
		}
		b = b[k:]
		return v, true
	}
	count, ok := next()
	if !ok || count > uint64(len(b)) { // each chart takes at least 3 bytes
		return nil, bad
	}
	if count == 0 {
		return nil, errors.New("chartdraw: the chart worker drew no charts")
	}
	drawn := make([]Drawn, count)
	for i := range drawn {
		for _, s := range [...]*string{&drawn[i].ID, &drawn[i].SVG, &drawn[i].Err} {
			n, ok := next()
			if !ok || n > uint64(len(b)) {
				return nil, bad
			}
			*s, b = string(b[:n]), b[n:]
		}
	}
	if len(b) != 0 {
		return nil, bad
	}
	return drawn, nil
}

// Check reports whether d's markup (if any) is chart markup, safe to
// insert as raw markup (charts.CheckSVG).
func (d Drawn) Check() error {
	if d.SVG == "" {
		return nil
	}
	if err := charts.CheckSVG([]byte(d.SVG)); err != nil {
		return fmt.Errorf("chartdraw: chart %q from the chart worker: %w", d.ID, err)
	}
	return nil
}
