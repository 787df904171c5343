package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"gonum.org/v1/plot/vg"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner/fit"
)

// MaxFitValues is the most durations the "Fit to data…" box fits: fitting
// runs on the page's thread, which stays responsive up to this many.
const MaxFitValues = model.MaxEmpiricalValues

// Size of the fit chart, in points: narrower than the result charts, so
// that the editor column shrinks it less (its legend needs this width).
const (
	fitChartWidth  = 5.5 * vg.Inch
	fitChartHeight = 4.2 * vg.Inch
)

// fitOutcome is what the "Fit to data…" box shows after "Fit": a parse
// problem (the pasted text stays in the box), or the calibration with
// its chart.
type fitOutcome struct {
	Problem  string   // the text cannot be fitted: why, naming lines; "" on success
	Lines    []string // the bad lines, one message each ("line 7 ("x"): …")
	N        int      // durations read
	Cal      fit.Calibration
	Fits     []fitRow // each fitted family, in fit.Families order
	SVG      string   // the fit chart, "<svg…"; "" when it could not be drawn
	ChartErr string
	chart    fitChart // what the chart is drawn from, for its exports
	compact  bool     // SVG is drawn for a narrow screen (charts.FitSVGCompact)
}

// fitRow is one fitted family, for people.
type fitRow struct {
	Family string // "lognormal"
	Desc   string // "lognormal(p50 12.3 min, p95 30.1 min)"
	KS     string // "0.041"
	Best   bool
	Model  bool // a model kind (not gamma)
}

// calibrateText reads observed durations (minutes) from pasted text and
// calibrates a distribution to them: fit.Parse, then fit.Calibrate, then
// the fit chart, named what. Text above fit.MaxParseBytes or with more
// than MaxFitValues durations is refused with a message.
func calibrateText(text, what string) fitOutcome { return calibrateTextFor(text, what, false) }

// calibrateTextFor is calibrateText with the chart drawn compact for a
// narrow screen (charts.FitSVGCompact) when narrow.
func calibrateTextFor(text, what string, narrow bool) fitOutcome {
	if len(text) > fit.MaxParseBytes {
		return fitOutcome{Problem: fmt.Sprintf("The pasted text is %s bytes; at most %s are read. Paste a sample of the durations.",
			Count(len(text)), Count(fit.MaxParseBytes))}
	}
	x, err := fit.Parse(text)
	if err != nil {
		var pe *fit.ParseError
		if errors.As(err, &pe) {
			out := fitOutcome{}
			for _, l := range pe.Lines {
				out.Lines = append(out.Lines, l.Error())
			}
			if pe.More > 0 {
				out.Lines = append(out.Lines, fmt.Sprintf("… and %d more bad lines", pe.More))
			}
			switch {
			case len(pe.Lines) == 0:
				out.Problem = upperFirst(pe.Msg) + "."
			case len(pe.Lines)+pe.More == 1:
				out.Problem = "One line holds no duration; fix it (or delete it) and fit again:"
			default:
				out.Problem = fmt.Sprintf("%d lines hold no duration; fix them (or delete them) and fit again:", len(pe.Lines)+pe.More)
			}
			return out
		}
		return fitOutcome{Problem: upperFirst(err.Error()) + "."}
	}
	if len(x) > MaxFitValues {
		return fitOutcome{Problem: fmt.Sprintf("%s durations pasted; at most %s are fitted here. Paste a random sample of them.",
			Count(len(x)), Count(MaxFitValues))}
	}
	c, err := fit.Calibrate(x)
	if err != nil {
		if de, ok := errors.AsType[*fit.DataError](err); ok {
			return fitOutcome{Problem: upperFirst(de.Reason) + "."}
		}
		return fitOutcome{Problem: upperFirst(err.Error()) + "."}
	}
	out := fitOutcome{N: len(x), Cal: c, chart: fitChart{data: x, cal: c, what: what}}
	for i, f := range c.Fits {
		_, isModel := f.Dist()
		out.Fits = append(out.Fits, fitRow{
			Family: string(f.Family), Desc: f.String(),
			KS: strconv.FormatFloat(f.KS, 'f', 3, 64), Best: i == c.Best, Model: isModel,
		})
	}
	out.SVG, out.ChartErr = out.chart.draw(narrow)
	out.compact = narrow
	return out
}

// draw draws the fit chart for the page: compact for a narrow screen,
// else at fitChartWidth × fitChartHeight. It returns the markup, or why
// the chart could not be drawn.
func (f fitChart) draw(narrow bool) (svg, problem string) {
	var b []byte
	var err error
	if narrow {
		b, err = charts.FitSVGCompact(f.data, f.cal, f.what)
	} else {
		b, err = charts.FitSVGSize(f.data, f.cal, f.what, fitChartWidth, fitChartHeight)
	}
	if err != nil {
		return "", err.Error()
	}
	return svgMarkup(b), ""
}

// readable rounds a fitted distribution's parameters to four significant
// digits, for the form, unless that would break one of the model's rules
// for a duration (a lognormal whose P95 rounds onto its median, a value
// rounded up past a bound: fit.CheckDuration); empirical values stay
// exact.
func readable(d model.Dist) model.Dist {
	if d.Kind == model.Empirical {
		return d
	}
	r := d
	for _, name := range model.ParamNames(d.Kind) {
		if v, ok := d.Param(name); ok {
			r.SetParam(name, round4(v))
		}
	}
	if fit.CheckDuration(r) != nil {
		return d
	}
	return r
}

// distEdits returns the edits that make the distribution at path equal
// to d, in the form's own terms: its kind, then each parameter's text.
// Applied in order through the page's edit path (validation, link, run),
// they leave exactly d.
func distEdits(path string, d model.Dist) []Edit {
	edits := []Edit{{Path: path + ".kind", Value: string(d.Kind)}}
	for _, name := range model.ParamNames(d.Kind) {
		var text string
		if name == "values" {
			text = FormatValues(d.Values)
		} else {
			v, _ := d.Param(name)
			text = FormatNumber(v)
		}
		edits = append(edits, Edit{Path: path + "." + name, Value: text})
	}
	return edits
}

// fitApply asks the page to put a calibrated distribution in the
// scenario at Path.
type fitApply struct {
	Path string
	Dist model.Dist
}

// handleCalibrateActions registers the handler that applies a
// calibrated distribution as edits, exactly as if typed into the form.
func (p *Planner) handleCalibrateActions(ctx app.Context) {
	ctx.Handle(actFitApply, func(ctx app.Context, a app.Action) {
		f, ok := a.Value.(fitApply)
		if !ok {
			return
		}
		applyDist(p.sess, f.Path, f.Dist)
		p.preset = ""
		p.changed(ctx, Debounce)
	})
}

// applyDist applies distEdits(path, d) to the session.
func applyDist(s *session, path string, d model.Dist) {
	for _, e := range distEdits(path, d) {
		s.edit(e)
	}
}

// describeDist names a distribution with its parameters for people:
// "lognormal (median 12.3, P95 30.1)".
func describeDist(d model.Dist) string {
	var parts []string
	for _, name := range model.ParamNames(d.Kind) {
		if name == "values" {
			parts = append(parts, strconv.Itoa(len(d.Values))+" values")
			continue
		}
		v, _ := d.Param(name)
		parts = append(parts, paramLabels[name]+" "+FormatNumber(v))
	}
	return string(d.Kind) + " (" + strings.Join(parts, ", ") + ")"
}
