package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/internal/csvsafe"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/report/tidy"
)

// MaxImportBytes is the largest scenario file the page reads.
const MaxImportBytes = model.MaxScenarioBytes

// download is one file to save.
type download struct {
	Name string // file name, safe
	Type string // MIME type
	Data []byte
}

// exporter makes the page's downloads: a chart as SVG or PNG, every chart
// in a zip, the results as CSV or JSON, the scenario as JSON. Each is
// built off the UI path from a snapshot of the page (chartSources) and
// says how it went in the page's notice. It keeps the one chart no other
// part keeps, the last fit chart drawn. Its API for the page: handle.
type exporter struct {
	fit *fitChart // the last fit chart a fit box drew, for its exports and "All charts"

	src    func() chartSources // snapshots the page's results and charts
	notice *string             // the page's notice
}

// handle registers the handlers of the export buttons (actExport) and of
// the fit boxes' charts (actFitChart). src snapshots what is on the page
// when a button is clicked; messages go to *notice.
func (x *exporter) handle(ctx app.Context, src func() chartSources, notice *string) {
	x.src, x.notice = src, notice
	ctx.Handle(actExport, func(ctx app.Context, a app.Action) {
		if r, ok := a.Value.(exportRequest); ok {
			x.export(ctx, r)
		}
	})
	ctx.Handle(actFitChart, func(ctx app.Context, a app.Action) {
		if f, ok := a.Value.(fitChart); ok {
			x.fit = &f
		}
	})
}

// export builds the requested file off the UI path and saves it; "zip"
// draws every chart into one zip (exportAllCharts).
//
// Results and their charts are always those on screen, with the scenario
// they were computed from (its name names the file, its facts head each
// chart). While the scenario under edit differs from it (a run for the
// edit is under way, or the edit is not valid yet), the export still
// holds the numbers on screen, and the notice says so.
func (x *exporter) export(ctx app.Context, r exportRequest) {
	src := x.src()
	if r.What == "zip" {
		x.exportAllCharts(ctx, src)
		return
	}
	stale := staleNote(r, src)
	ctx.Async(func() {
		d, err := buildExport(r, src)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				*x.notice = "Export failed: " + err.Error()
				return
			}
			if stale != "" {
				*x.notice = stale
			}
			saveFile(d)
		})
	})
}

// staleNote says, for an export of the results on screen, that they were
// computed from another scenario than the one under edit; "" otherwise.
func staleNote(r exportRequest, src chartSources) string {
	if src.shown == nil || r.What == "scenario" || scenarioKey(src.sc) == scenarioKey(src.shown.scenario) {
		return ""
	}
	if r.What == "svg" || r.What == "png" {
		run := false
		for _, c := range src.shown.charts {
			run = run || c.ID == r.Chart
		}
		if !run {
			return ""
		}
	}
	return "Exported the results on screen, which were computed before your last edit; export again once the new run is done to get the edited scenario's numbers."
}

// buildExport makes the bytes of an export: a chart as SVG or PNG, the
// results as CSV (tidy.CSV) or JSON (planner.Result's JSON, the bytes of
// `rollout -json`), or the scenario under edit as JSON (model.Encode).
func buildExport(r exportRequest, src chartSources) (download, error) {
	if r.What == "scenario" {
		doc, err := model.Encode(src.sc)
		return download{Name: fileBase(src.sc.Name) + ".scenario.json", Type: "application/json", Data: doc}, err
	}
	if r.What == "svg" || r.What == "png" {
		return src.chartExport(r.What, r.Chart)
	}
	if r.What == "zip" {
		return src.chartsZip(nil)
	}
	shown := src.shown
	if shown == nil {
		return download{}, errors.New("there are no results yet; wait for the run to finish")
	}
	base := fileBase(shown.scenario.Name)
	switch r.What {
	case "json":
		doc, err := ResultJSON(shown.result)
		return download{Name: base + ".result.json", Type: "application/json", Data: doc}, err
	case "csv":
		doc, err := tidy.CSV(shown.scenario, shown.result)
		return download{Name: base + ".result.csv", Type: "text/csv", Data: doc}, err
	}
	return download{}, fmt.Errorf("unknown export %q", r.What)
}

// ResultJSON writes the result exactly as `rollout -json` prints it:
// planner.Result's JSON, indented by two spaces, with a final newline.
func ResultJSON(r planner.Result) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fileBase turns a scenario name into a safe file name stem.
func fileBase(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
		if ok {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		return "rollout"
	}
	return s
}

// csvText defuses text that spreadsheets would run as a formula (also
// after leading blanks, or in full-width form) and drops NUL characters:
// csvsafe.Cell.
func csvText(s string) string { return csvsafe.Cell(s) }

// decodeImport reads an imported file. A file that is not a scenario at
// all gives no scenario and a message; a scenario with problems gives the
// scenario, its problems and a message.
func decodeImport(f importedFile) (*model.Scenario, model.Problems, string) {
	name := quote(f.Name)
	if size := max(f.Size, len(f.Data)); size > MaxImportBytes {
		return nil, nil, fmt.Sprintf("%s is %d bytes; a scenario file is at most %d.", name, size, MaxImportBytes)
	}
	sc, err := model.Decode(f.Data)
	if err == nil {
		return &sc, nil, ""
	}
	var ps model.Problems
	if !errors.As(err, &ps) {
		return nil, nil, name + " is not a scenario: " + err.Error()
	}
	if onlyJSONProblems(ps) {
		rules := make([]string, len(ps))
		for i, p := range ps {
			rules[i] = p.Rule
		}
		return nil, nil, name + " is not a scenario: " + strings.Join(rules, "; ") + "."
	}
	return &sc, ps, fmt.Sprintf("%s breaks %d rule%s; the marked fields say what to change.", name, len(ps), plural(len(ps)))
}

// onlyJSONProblems reports problems about the document as a whole (not
// JSON, not an object), which leave nothing to edit.
func onlyJSONProblems(ps model.Problems) bool {
	for _, p := range ps {
		if p.Path != "" {
			return false
		}
	}
	return true
}
