package app

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner/fit"
	"rolloutplanner/worker/analysis"
)

// actFitChart tells the page the fit chart a fit box just drew (value:
// fitChart), so that its SVG and PNG buttons and "All charts" export it.
const actFitChart = "rp-fit-chart"

// ExportZipID is the "All charts" button: a zip of every chart on the
// page as SVG and PNG, named by chart (bad-minutes.svg, bad-minutes.png…).
const ExportZipID = "export-zip"

// fitChart is what a fit chart is drawn from.
type fitChart struct {
	data []float64 // the observed durations, minutes
	cal  fit.Calibration
	what string // the distribution fitted, for the chart's title
}

// chartSources is everything the page's charts are drawn from, taken on
// the UI goroutine so that an export can draw off it. A nil field is a
// chart the page does not show.
type chartSources struct {
	shown *shownResult   // the results on screen: their charts, and B of the comparison
	a     *sideResult    // the pinned scenario A's results
	sweep *reviewSweep   // the review's sweep: its two heat maps
	sens  *reviewSens    // the review's sensitivity study: the tornado
	fit   *fitChart      // the last fit chart drawn
	sc    model.Scenario // the scenario under edit
}

// sources snapshots the page's charts: the page hands each part's to the
// exporter.
func (p *Planner) sources() chartSources {
	s := chartSources{shown: p.shown, sweep: p.review.sweep, sens: p.review.sens, fit: p.exports.fit, a: p.ab.sideA()}
	if p.sess != nil {
		s.sc = p.sess.sc.Clone()
	}
	return s
}

// The size of a chart's PNG, in pixels: charts.PNG's, ScreenWidth ×
// ScreenHeight at SlideDPI.
const (
	pngWidth  = 1600
	pngHeight = 900
)

// pngOf draws f's PNG: in the browser from its SVG by the browser's
// renderer (rasterPNG), elsewhere by charts.PNG. svg may be nil.
func pngOf(f chartFile, svg []byte) ([]byte, error) {
	if rasterPNG == nil {
		return f.png()
	}
	if svg == nil {
		var err error
		if svg, err = f.svg(); err != nil {
			return nil, err
		}
	}
	return rasterPNG(svg)
}

// chartFile is one chart the page can export: its id (the file name
// without extension) and how to draw it.
type chartFile struct {
	id       string
	svg, png func() ([]byte, error)
}

// Export ids of the charts that are not charts of a run (those use
// charts.Spec.ID).
const (
	exportSweepCompliance = "sweep-compliance"
	exportSweepHardDown   = "sweep-hard-down"
)

// files lists the charts that can be exported, in page order: the run's
// charts, the A/B comparison, the sweep's heat maps, the tornado and the
// fit chart. Charts of a run state the facts of the scenario the run was
// computed from (charts.Spec.Scenario), which is the scenario the
// numbers belong to, also while a newer run is under way.
func (s chartSources) files() []chartFile {
	var out []chartFile
	if sh := s.shown; sh != nil {
		for _, c := range sh.charts {
			spec := c.spec
			spec.Scenario = &sh.scenario
			out = append(out, chartFile{id: c.ID,
				svg: func() ([]byte, error) { return charts.SVG(spec, sh.data) },
				png: func() ([]byte, error) { return charts.PNG(spec, sh.data) },
			})
		}
		if a := s.a; a != nil {
			out = append(out, chartFile{id: charts.CompareID,
				svg: func() ([]byte, error) { return charts.CompareBadMinutes(a.data, sh.data, "A", "B") },
				png: func() ([]byte, error) { return charts.ComparePNG(a.data, sh.data, "A", "B") },
			})
		}
	}
	if sw := s.sweep; sw != nil {
		for _, m := range []struct {
			id     string
			metric charts.SweepMetric
		}{{exportSweepCompliance, charts.SweepCompliance}, {exportSweepHardDown, charts.SweepHardDown}} {
			res, metric := sw.result, m.metric
			out = append(out, chartFile{id: m.id,
				svg: func() ([]byte, error) { return charts.SweepSVG(res, metric) },
				png: func() ([]byte, error) { return charts.SweepPNG(res, metric) },
			})
		}
	}
	if se := s.sens; se != nil {
		res, ran := se.result, studyScenario(se.sc)
		out = append(out, chartFile{id: strings.TrimPrefix(tornadoID, ChartIDPrefix),
			svg: func() ([]byte, error) { return charts.TornadoSVG(res, ran) },
			png: func() ([]byte, error) { return charts.TornadoPNG(res, ran) },
		})
	}
	if f := s.fit; f != nil {
		out = append(out, chartFile{id: charts.FitID,
			svg: func() ([]byte, error) { return charts.FitSVG(f.data, f.cal, f.what) },
			png: func() ([]byte, error) { return charts.FitPNG(f.data, f.cal, f.what) },
		})
	}
	return out
}

// studyScenario is the scenario a sensitivity study's runs used, as the
// review draws the tornado: the scenario with its trials capped.
func studyScenario(sc model.Scenario) model.Scenario {
	ran := sc.Clone()
	ran.Trials = min(sc.Trials, analysis.WhatIfTrials)
	return ran
}

// chartExport draws one chart as "svg" or "png".
func (s chartSources) chartExport(what, id string) (download, error) {
	for _, f := range s.files() {
		if f.id != id {
			continue
		}
		base := s.fileBase()
		if what == "svg" {
			doc, err := f.svg()
			return download{Name: base + "." + id + ".svg", Type: "image/svg+xml", Data: doc}, err
		}
		doc, err := pngOf(f, nil)
		return download{Name: base + "." + id + ".png", Type: "image/png", Data: doc}, err
	}
	return download{}, fmt.Errorf("no chart %q on the page", id)
}

// fileBase is the file name stem of exports: the name of the scenario
// the results on screen were computed from, else the one under edit.
func (s chartSources) fileBase() string {
	if s.shown != nil {
		return fileBase(s.shown.scenario.Name)
	}
	return fileBase(s.sc.Name)
}

// zipProgress is told, before each chart is drawn, how many of the total
// are done; a slow drawing can yield there.
type zipProgress func(done, total int)

// chartsZip draws every chart as SVG and PNG into one zip, the files
// named by chart ("bad-minutes.svg", "bad-minutes.png"), in page order.
// A chart that cannot be drawn is left out and named in a README.txt
// entry; progress, when not nil, is called before each chart.
func (s chartSources) chartsZip(progress zipProgress) (download, error) {
	files := s.files()
	if len(files) == 0 {
		return download{}, fmt.Errorf("there are no charts yet; wait for the run to finish")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var failed []string
	add := func(name string, data []byte) error {
		method := zip.Deflate
		if strings.HasSuffix(name, ".png") {
			method = zip.Store // compressed already: deflating it again costs the page time for nothing
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: zipTime})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	for i, f := range files {
		if progress != nil {
			progress(i, len(files))
		}
		svg, err := f.svg()
		if err != nil {
			failed = append(failed, f.id+": "+err.Error())
			continue
		}
		png, err := pngOf(f, svg)
		if err != nil {
			failed = append(failed, f.id+": "+err.Error())
			continue
		}
		if err := add(f.id+".svg", svg); err != nil {
			return download{}, err
		}
		if err := add(f.id+".png", png); err != nil {
			return download{}, err
		}
	}
	if len(failed) > 0 {
		note := "These charts could not be drawn:\n" + strings.Join(failed, "\n") + "\n"
		if err := add("README.txt", []byte(note)); err != nil {
			return download{}, err
		}
	}
	if err := zw.Close(); err != nil {
		return download{}, err
	}
	return download{Name: s.fileBase() + ".charts.zip", Type: "application/zip", Data: buf.Bytes()}, nil
}

// zipTime is the time stamp of every zip entry: fixed, so that the same
// charts give the same bytes.
var zipTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// exportAllCharts draws the zip of every chart in src off the UI path:
// one chart at a time, yielding to the browser between charts (Go's
// WebAssembly does not pre-empt) and showing the progress in the notice.
func (x *exporter) exportAllCharts(ctx app.Context, src chartSources) {
	*x.notice = "Drawing the charts for the zip…"
	ctx.Async(func() {
		d, err := src.chartsZip(func(done, total int) {
			ctx.Dispatch(func(ctx app.Context) {
				*x.notice = fmt.Sprintf("Drawing the charts for the zip: %d of %d…", done, total)
			})
			time.Sleep(time.Millisecond) // let the page paint and take input
		})
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				*x.notice = "Export failed: " + err.Error()
				return
			}
			*x.notice = fmt.Sprintf("Saved %s: %d files.", d.Name, zipEntries(d.Data))
			saveFile(d)
		})
	})
}

// zipEntries counts the files of a zip, for the notice.
func zipEntries(b []byte) int {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return 0
	}
	return len(zr.File)
}

// exportButtons are a chart's SVG and PNG download buttons, each named
// for assistive technology by the chart's title ("Export Bad minutes per
// month as SVG"). id is the chart's export id: a charts.Spec.ID for the
// run's charts, charts.CompareID, "sweep-compliance", "sweep-hard-down",
// "tornado" or charts.FitID. Any component may show them: the click
// posts actExport, which the page handles.
func exportButtons(id, title string) app.UI {
	btn := func(what, text, hint string) app.UI {
		return app.Button().Type("button").Attr(AttrExport, what).Attr(AttrChart, id).Text(text).
			Aria("label", "Export "+title+" as "+text).Title(hint).
			OnClick(func(ctx app.Context, e app.Event) {
				ctx.NewActionWithValue(actExport, exportRequest{What: what, Chart: id})
			})
	}
	return app.Span().Class("chart-export").Body(
		btn("svg", "SVG", "Download this chart as SVG"),
		btn("png", "PNG", "Download this chart as PNG, 1600 × 900"),
	)
}
