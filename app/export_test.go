package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"rolloutplanner/internal/headline"
	"strings"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/worker/client"
)

// smallRun runs a preset with few trials the way the page does (the
// runner's Pool.Run, which natively runs and reduces in the program) and
// turns the outcome into what the page shows.
func smallRun(t *testing.T, name string, trials int) (model.Scenario, *shownResult) {
	t.Helper()
	pr, ok := model.PresetByName(name)
	if !ok {
		t.Fatalf("no preset %q", name)
	}
	sc := pr.Scenario
	sc.Trials = trials
	return smallRunScenario(t, sc)
}

// smallRunScenario runs sc as smallRun does.
func smallRunScenario(t *testing.T, sc model.Scenario) (model.Scenario, *shownResult) {
	t.Helper()
	trials := sc.Trials
	done := make(chan *client.Outcome, 1)
	client.NewPool("", 1).Run(sc, nil, 0, trials, nil, func(out *client.Outcome, err error) {
		if err != nil {
			t.Error(err)
		}
		done <- out
	})
	return sc, reduce(sc, <-done, layoutWide)
}

// TestExportJSONIsRolloutJSON: the page's JSON export is byte for byte
// what `rollout -json` prints for the same scenario and seed.
func TestExportJSONIsRolloutJSON(t *testing.T) {
	for _, name := range []string{"seed-example", "fleet"} {
		sc, shown := smallRun(t, name, 1500)
		d, err := buildExport(exportRequest{What: "json"}, chartSources{shown: shown, sc: sc})
		if err != nil {
			t.Fatal(err)
		}
		acc, err := planner.Run(context.Background(), sc, planner.Options{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(acc.Result()); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(d.Data, want.Bytes()) {
			t.Errorf("%s: the export differs from rollout -json:\n got %s\nwant %s", name, d.Data, want.Bytes())
		}
		if d.Type != "application/json" || !strings.HasSuffix(d.Name, ".result.json") {
			t.Errorf("%s: download %q of type %q", name, d.Name, d.Type)
		}
	}
}

func TestExports(t *testing.T) {
	sc, shown := smallRun(t, "fleet", 600)
	if len(shown.charts) == 0 {
		t.Fatal("no charts")
	}
	for _, c := range shown.charts {
		if c.Err != "" || !strings.HasPrefix(c.SVG, "<svg") {
			t.Errorf("chart %s: err %q, markup starts %.20q", c.ID, c.Err, c.SVG)
		}
	}
	id := shown.charts[0].ID
	tests := []struct {
		req    exportRequest
		prefix string // of the data
		name   string // suffix of the file name
	}{
		{exportRequest{What: "scenario"}, "{", ".scenario.json"},
		{exportRequest{What: "csv"}, "scope,role,pass,domain,measure,statistic,value,unit,note", ".result.csv"},
		{exportRequest{What: "svg", Chart: id}, "<", "." + id + ".svg"},
		{exportRequest{What: "png", Chart: id}, "\x89PNG", "." + id + ".png"},
	}
	for _, tt := range tests {
		d, err := buildExport(tt.req, chartSources{shown: shown, sc: sc})
		if err != nil {
			t.Errorf("%+v: %v", tt.req, err)
			continue
		}
		if !bytes.HasPrefix(d.Data, []byte(tt.prefix)) || !strings.HasSuffix(d.Name, tt.name) {
			t.Errorf("%+v: file %q starts %.12q", tt.req, d.Name, d.Data)
		}
	}
	// The exported scenario reads back as the same scenario.
	d, _ := buildExport(exportRequest{What: "scenario"}, chartSources{shown: shown, sc: sc})
	back, err := model.Decode(d.Data)
	if err != nil || scenarioKey(back) != scenarioKey(sc) {
		t.Errorf("scenario export does not read back: %v", err)
	}
	for _, bad := range []exportRequest{{What: "svg", Chart: "nope"}, {What: "gif"}} {
		if _, err := buildExport(bad, chartSources{shown: shown, sc: sc}); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if _, err := buildExport(exportRequest{What: "csv"}, chartSources{sc: sc}); err == nil {
		t.Error("CSV export without results: no error")
	}
	if _, err := buildExport(exportRequest{What: "scenario"}, chartSources{sc: sc}); err != nil {
		t.Errorf("scenario export without results: %v", err)
	}
}

// TestResultCSVAsOnScreen: the results CSV holds every number of the
// headline cards, rounded as the cards show them (their text without the
// unit), and its text cells are defused for spreadsheets.
func TestResultCSVAsOnScreen(t *testing.T) {
	sc, shown := smallRun(t, "fleet", 300)
	shown.result.Roles[1].Name = `=cmd|"a, b"`
	d, err := buildExport(exportRequest{What: "csv"}, chartSources{shown: shown, sc: sc})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(d.Data)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, d.Data)
	}
	value := map[string]string{}
	for _, row := range rows[1:] {
		value[strings.Join(row[:6], "|")] = row[6]
	}
	measure := map[string]string{
		mSLA: "sla_compliance|estimate", mPBad: "months_with_bad_minute|share", mPHardDown: "months_with_hard_downtime|share",
		mBadMean: "bad_minutes_per_month|mean", mBadP95: "bad_minutes_per_month|p95",
		mAvailP05: "availability|p05", mServed: "requests_served|mean",
	}
	for _, card := range headline.Cards(shown.result) {
		prefix := "service||all|all|"
		if card.Key != "service" {
			prefix = "role|" + csvText(card.Title) + "|all|all|"
		}
		for _, m := range card.Metrics {
			key := prefix + measure[m.Key]
			got, ok := value[key]
			if !ok {
				t.Errorf("no row %s", key)
				continue
			}
			// The card's text without its unit and the hours.
			want := strings.TrimSuffix(strings.SplitN(m.Text, " min", 2)[0], " %")
			if got != want {
				t.Errorf("%s: CSV %q, card %q", key, got, m.Text)
			}
		}
	}
	if _, ok := value[`role|'=cmd|"a, b"|all|all|trials|count`]; !ok {
		t.Errorf("the formula-like role name is not defused: %v", rows[1:3])
	}
}

func TestDecodeImport(t *testing.T) {
	pr, _ := model.PresetByName("fleet")
	good, _ := model.Encode(pr.Scenario)
	tests := []struct {
		name      string
		file      importedFile
		wantSc    bool
		wantProbs bool
		msg       string // in the message, "" for none
	}{
		{"good", importedFile{Name: "a.json", Data: good}, true, false, ""},
		{"not JSON", importedFile{Name: "a.json", Data: []byte("{")}, false, false, "is not a scenario"},
		{"not an object", importedFile{Name: "a.json", Data: []byte("[1]")}, false, false, "is not a scenario"},
		{"problems", importedFile{Name: "b.json", Data: []byte(`{"upgrade_domains": 0, "colour": 1}`)}, true, true, "breaks 2 rules"},
		{"too large", importedFile{Name: "c.json", Size: MaxImportBytes + 1}, false, false, "at most"},
		{"long name shortened", importedFile{Name: strings.Repeat("x", 100), Data: []byte("{")}, false, false, "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, ps, msg := decodeImport(tt.file)
			if (sc != nil) != tt.wantSc || (len(ps) > 0) != tt.wantProbs {
				t.Fatalf("scenario %v, problems %v, message %q", sc != nil, ps, msg)
			}
			if tt.msg == "" && msg != "" || !strings.Contains(msg, tt.msg) {
				t.Errorf("message %q, want %q", msg, tt.msg)
			}
		})
	}
}
