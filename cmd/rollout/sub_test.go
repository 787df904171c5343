package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rolloutplanner/charts"
	"rolloutplanner/internal/csvsafe"
	"rolloutplanner/model"
	"rolloutplanner/planner/whatif"
)

func TestSweepCSV(t *testing.T) {
	code, stdout, stderr := runCLI(t, "", "sweep", "-instances", "2,3,4", "-domains", "2,3,5", "-warmup", "both", "-trials", "300", "-seed", "3")
	if code != exitOK {
		t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, stdout)
	}
	wantHead := []string{"instances web", "upgrade_domains", "warmup", "sla_compliance", "sla_compliance_lo", "sla_compliance_hi",
		"p_hard_down", "bad_minutes_mean", "meets_target", "meets_confidently", "smallest"}
	if strings.Join(rows[0], "|") != strings.Join(wantHead, "|") {
		t.Errorf("header %q, want %q", rows[0], wantHead)
	}
	if len(rows) != 1+3*3*2 {
		t.Fatalf("%d rows, want a header and 18 cells", len(rows))
	}
	smallest := 0
	for _, r := range rows[1:] {
		if len(r) != len(wantHead) {
			t.Fatalf("row %q has %d fields", r, len(r))
		}
		if r[10] == "true" {
			smallest++
			if r[0] != "4" || r[1] != "5" || r[2] != "in-onstart" || r[8] != "true" {
				t.Errorf("smallest meeting configuration %q, want 4 instances, 5 domains, in-onstart", r)
			}
		}
	}
	if smallest != 1 {
		t.Errorf("%d rows marked smallest, want 1", smallest)
	}
}

func TestSweepJSON(t *testing.T) {
	code, stdout, stderr := runCLI(t, "", "sweep", "-preset", "fleet", "-role", "api", "-instances", "3,4", "-domains", "3,5",
		"-warmup", "in", "-trials", "200", "-format", "json")
	if code != exitOK {
		t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
	}
	var doc struct {
		Scenario string   `json:"scenario"`
		Trials   int      `json:"trials"`
		Odds     float64  `json:"odds"`
		Roles    []string `json:"roles"`
		Smallest *int     `json:"smallest"`
		Cells    []struct {
			Instances      []int  `json:"instances"`
			UpgradeDomains int    `json:"upgrade_domains"`
			Warmup         string `json:"warmup"`
			SLACompliance  struct {
				P, Lo, Hi float64
			} `json:"sla_compliance"`
			PHardDown *float64 `json:"p_hard_down"`
			Meets     *bool    `json:"meets_target"`
		} `json:"cells"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if doc.Trials != 200 || doc.Odds != 0.95 || strings.Join(doc.Roles, ",") != "web,api,worker" {
		t.Errorf("header: trials %d odds %g roles %v", doc.Trials, doc.Odds, doc.Roles)
	}
	if len(doc.Cells) != 4 {
		t.Fatalf("%d cells, want 4", len(doc.Cells))
	}
	for _, c := range doc.Cells {
		if len(c.Instances) != 3 || c.Instances[0] != 5 || c.Instances[2] != 2 || (c.Instances[1] != 3 && c.Instances[1] != 4) {
			t.Errorf("cell instances %v: want web 5, api 3 or 4, worker 2", c.Instances)
		}
		if c.Warmup != "in-onstart" || c.PHardDown == nil || c.Meets == nil {
			t.Errorf("cell %+v lacks fields", c)
		}
		if !(c.SLACompliance.Lo <= c.SLACompliance.P && c.SLACompliance.P <= c.SLACompliance.Hi) {
			t.Errorf("interval %+v does not hold p", c.SLACompliance)
		}
	}
	if doc.Smallest != nil && (*doc.Smallest < 0 || *doc.Smallest >= len(doc.Cells) || !*doc.Cells[*doc.Smallest].Meets) {
		t.Errorf("smallest %d does not name a meeting cell", *doc.Smallest)
	}
}

func TestSubcommandsBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"sweep, every problem", []string{"sweep", "-instances", "0,x", "-domains", "30", "-warmup", "sideways", "-format", "xml", "-trials", "0", "-role", "nope", "extra"},
			[]string{"-instances: 0 is outside", `"x" is not a whole number`, "-domains: 30", `"sideways"`, `"xml"`, "trials", `no role "nope"`, `unexpected argument "extra"`}},
		{"sweep, bad odds", []string{"sweep", "-odds", "1.5"}, []string{"-odds"}},
		{"sweep, unknown flag", []string{"sweep", "-colour"}, []string{"colour"}},
		{"sweep, unknown preset", []string{"sweep", "-preset", "nope"}, []string{`no preset "nope"`}},
		{"report, no -o", []string{"report", "-trials", "-3"}, []string{"-o:", "trials"}},
		{"report, bad base", []string{"report", "-o", "x.html", "-base", "javascript:alert(1)"}, []string{"-base:", "http or https"}},
		{"report, bad scenario", []string{"report", "-o", "x.html", "-scenario", "-"}, []string{"standard input"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "{", tc.args...)
			if code != exitBadInput {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, exitBadInput, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout on bad input:\n%s", stdout)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestReportFile(t *testing.T) {
	p, _ := model.PresetByName("seed-example")
	s := p.Scenario.Clone()
	s.Roles[0].Name = `<img src=x onerror=alert(1)>`
	doc, err := model.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "review.html")
	code, stdout, stderr := runCLI(t, string(doc), "report", "-scenario", "-", "-trials", "500", "-whatif-trials", "200",
		"-base", "https://example.org/planner/", "-o", out)
	if code != exitOK {
		t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, out) {
		t.Errorf("stdout does not name the file:\n%s", stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	// Every chart: the result charts of this scenario, two heat maps and the tornado.
	want := 2 + 2*3 + 2 + 1
	if n := strings.Count(html, "<svg"); n != want {
		t.Errorf("%d <svg> elements, want %d", n, want)
	}
	for _, id := range []string{"bad-minutes", "warm-capacity-host_os", "capacity-loss-guest_agent", "pass-durations",
		string(charts.SweepCompliance), string(charts.SweepHardDown), charts.TornadoID} {
		if !strings.Contains(html, `id="chart-`+id+`"`) {
			t.Errorf("report lacks chart %s", id)
		}
	}
	for _, w := range []string{`href="https://example.org/planner/#s=v2.`, "&lt;img src=x onerror=alert(1)&gt;", "500 simulated months"} {
		if !strings.Contains(html, w) {
			t.Errorf("report lacks %q", w)
		}
	}
	if strings.Contains(html, "<img") {
		t.Error("the hostile role name reached the report unescaped")
	}

	code, stdout, stderr = runCLI(t, "", "report", "-trials", "300", "-whatif-trials", "100", "-no-sensitivity", "-q", "-o", "-")
	if code != exitOK || stderr != "" {
		t.Fatalf("-o -: exit status %d; stderr:\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "<!DOCTYPE html>") || strings.Contains(stdout, `id="chart-tornado"`) {
		t.Errorf("-o - -no-sensitivity: %.60q…", stdout)
	}

	code, _, stderr = runCLI(t, "", "report", "-trials", "100", "-q", "-o", filepath.Join(t.TempDir(), "no", "such", "dir.html"))
	if code != exitFailure || !strings.Contains(stderr, "dir.html") {
		t.Errorf("unwritable file: exit %d, stderr %q", code, stderr)
	}
}

// TestSweepCSVHeaderDefused: role names reach the CSV header cleaned of
// control characters and through csvsafe.Cell, the page's CSV rule.
func TestSweepCSVHeaderDefused(t *testing.T) {
	s := model.Default()
	s.Roles[0].Name = "=HYPERLINK(\"x\")\t\u202e"
	var b strings.Builder
	if err := writeSweepCSV(&b, s, whatif.SweepResult{}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rows[0][0], "instances =HYPERLINK(\"x\")??"; got != want {
		t.Errorf("header %q, want %q", got, want)
	}
	for _, c := range rows[0] {
		if csvsafe.Cell(c) != c {
			t.Errorf("header cell %q is not defused", c)
		}
	}
}
