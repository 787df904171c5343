package app

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
	"rolloutplanner/internal/csvsafe"
	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// MaxImportBytes is the largest scenario file the page reads.
const MaxImportBytes = model.MaxScenarioBytes

// download is one file to save.
type download struct {
	Name string // file name, safe
	Type string // MIME type
	Data []byte
}

// export builds the requested file off the UI path and saves it.
func (p *Planner) export(ctx app.Context, r exportRequest) {
	sc := p.sess.sc.Clone()
	shown := p.shown
	ctx.Async(func() {
		d, err := buildExport(r, sc, shown)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				p.notice = "Export failed: " + err.Error()
				return
			}
			saveFile(d)
		})
	})
}

// buildExport makes the bytes of an export: a chart as SVG or PNG, the
// results as CSV or JSON (planner.Result's JSON, the bytes of `rollout
// -json`), or the scenario as JSON (model.Encode).
func buildExport(r exportRequest, sc model.Scenario, shown *shownResult) (download, error) {
	base := fileBase(sc.Name)
	if r.What == "scenario" {
		doc, err := model.Encode(sc)
		return download{Name: base + ".scenario.json", Type: "application/json", Data: doc}, err
	}
	if shown == nil {
		return download{}, errors.New("there are no results yet; wait for the run to finish")
	}
	base = fileBase(shown.scenario.Name)
	switch r.What {
	case "json":
		doc, err := ResultJSON(shown.result)
		return download{Name: base + ".result.json", Type: "application/json", Data: doc}, err
	case "csv":
		doc, err := ResultCSV(shown.result)
		return download{Name: base + ".result.csv", Type: "text/csv", Data: doc}, err
	case "svg", "png":
		for _, c := range shown.charts {
			if c.ID != r.Chart {
				continue
			}
			if r.What == "svg" {
				doc, err := charts.SVG(c.spec, shown.data)
				return download{Name: base + "." + c.ID + ".svg", Type: "image/svg+xml", Data: doc}, err
			}
			doc, err := charts.PNG(c.spec, shown.data)
			return download{Name: base + "." + c.ID + ".png", Type: "image/png", Data: doc}, err
		}
		return download{}, fmt.Errorf("no chart %q among the results", r.Chart)
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

// CSVHeader is the header row of ResultCSV.
var CSVHeader = []string{
	"scope", "name", "trials",
	"sla_compliance", "sla_compliance_lo", "sla_compliance_hi",
	"p_bad", "p_hard_down",
	"bad_minutes_mean", "bad_minutes_p50", "bad_minutes_p95", "bad_minutes_p99",
	"hard_down_minutes_mean", "hard_down_minutes_p95",
	"availability_pct_mean", "availability_pct_p05",
	"requests_served_pct_mean", "lost_request_minutes_mean",
}

// ResultCSV writes the result as CSV: the header CSVHeader, one row for
// the service and one per role, numbers in their shortest exact form
// (shares 0..1, minutes, percentages 0..100). Names lose NUL characters,
// and those that a spreadsheet would read as a formula (=, +, -, @, after
// blanks too, or their full-width forms) get a leading apostrophe.
func ResultCSV(r planner.Result) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := [][]string{CSVHeader, metricsRow("service", r.Scenario, r.Trials, r.Service)}
	for _, role := range r.Roles {
		rows = append(rows, metricsRow("role", role.Name, r.Trials, role.Metrics))
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func metricsRow(scope, name string, trials int, m planner.Metrics) []string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return []string{
		scope, csvText(name), strconv.Itoa(trials),
		f(m.SLACompliance.P), f(m.SLACompliance.Lo), f(m.SLACompliance.Hi),
		f(m.PBad), f(m.PHardDown),
		f(m.BadMinutes.Mean), f(m.BadMinutes.P50), f(m.BadMinutes.P95), f(m.BadMinutes.P99),
		f(m.HardDownMinutes.Mean), f(m.HardDownMinutes.P95),
		f(m.AvailabilityPct.Mean), f(m.AvailabilityPct.P05),
		f(m.RequestsServedPct.Mean), f(m.LostRequestMins.Mean),
	}
}

// csvText defuses text that spreadsheets would run as a formula (also
// after leading blanks, or in full-width form) and drops NUL characters:
// csvsafe.Cell.
func csvText(s string) string { return csvsafe.Cell(s) }

// importScenario loads a scenario file the user picked: its problems, if
// any, are marked on the fields, and the run waits for them to be fixed.
func (p *Planner) importScenario(ctx app.Context, f importedFile) {
	sc, problems, msg := decodeImport(f)
	if msg != "" && sc == nil {
		p.notice = msg
		return
	}
	p.notice = msg // before load, which may add that the scenario has no link
	p.load(ctx, *sc, problems, "")
}

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
