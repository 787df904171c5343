// Package chartdraw draws a run's charts for the chart worker
// (cmd/chartworker, web/chart-worker.js), so that gonum/plot never runs
// on the page's thread for a run's results: Draw turns the run's summary
// (sim.Summary's binary form) and scenario into every chart's SVG text,
// and the page reads the answer with Decode, which checks each chart's
// markup (charts.CheckSVG) before the page inserts it.
package chartdraw

import (
	"encoding/json"
	"errors"
	"fmt"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/worker/sim"
)

// Drawn is one chart as the worker drew it: its id (charts.Spec.ID) and
// its SVG markup, or why it could not be drawn.
type Drawn struct {
	ID  string `json:"id"`
	SVG string `json:"svg,omitempty"`
	Err string `json:"err,omitempty"`
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
// when layout is Compact) and returns the JSON of the []Drawn, in the
// Specs' order. A chart that fails to draw carries its error; bad input,
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
	return json.Marshal(drawn)
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
	var drawn []Drawn
	if err := json.Unmarshal(b, &drawn); err != nil {
		return nil, fmt.Errorf("chartdraw: the chart worker's answer does not decode: %w", err)
	}
	if len(drawn) == 0 {
		return nil, errors.New("chartdraw: the chart worker drew no charts")
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
