package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// runCLI runs the command with args and stdin and returns its status and
// output.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestBadInputExitsTwoWithEveryProblem(t *testing.T) {
	bad := `{"version": 1, "name": "x", "upgrade_domains": 0,
	  "roles": [{"name": "web", "instances": 0, "utilization": 0.5}],
	  "colour": "red"}`
	dir := t.TempDir()
	file := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  []string // every one must appear on stderr
	}{
		{"file", "", []string{"-scenario", file}, []string{"upgrade_domains", "roles[0].instances", "colour"}},
		{"stdin", bad, []string{"-scenario", "-"}, []string{"standard input", "upgrade_domains", "roles[0].instances"}},
		{"not JSON", "{", []string{"-scenario", "-"}, []string{"standard input"}},
		{"unknown preset", "", []string{"-preset", "nope"}, []string{`no preset "nope"`, "-list-presets"}},
		{"both sources", "", []string{"-preset", "fleet", "-scenario", file}, []string{"not both"}},
		{"bad trials", "", []string{"-trials", "0"}, []string{"trials"}},
		{"stray argument", "", []string{"fleet"}, []string{`unexpected argument "fleet"`}},
		{"unknown flag", "", []string{"-colour"}, []string{"colour"}},
		{"missing file", "", []string{"-scenario", filepath.Join(dir, "none.json")}, []string{"reading the scenario"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.stdin, tt.args...)
			if code != exitBadInput {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, exitBadInput, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout should be empty on bad input, got:\n%s", stdout)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestJSONMatchesEngine(t *testing.T) {
	code, stdout, stderr := runCLI(t, "", "-preset", "fleet", "-trials", "300", "-seed", "7", "-json")
	if code != exitOK {
		t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
	}
	p, _ := model.PresetByName("fleet")
	s := p.Scenario
	s.Trials, s.Seed = 300, 7
	acc, err := planner.Run(context.Background(), s, planner.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.MarshalIndent(acc.Result(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSuffix(stdout, "\n"); got != string(want) {
		t.Errorf("-json output differs from the engine's result JSON:\n got %.400s\nwant %.400s", got, want)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("-json output is not JSON: %v", err)
	}
	for _, key := range []string{"trials", "seed", "service", "roles", "passes"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("-json output lacks %q", key)
		}
	}
	if doc["trials"] != float64(300) || doc["seed"] != float64(7) {
		t.Errorf("-trials/-seed not applied: trials %v seed %v", doc["trials"], doc["seed"])
	}
}

func TestScenarioFromStdinEqualsPreset(t *testing.T) {
	p, _ := model.PresetByName("warmup-in-onstart")
	doc, err := model.Encode(p.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	_, fromStdin, _ := runCLI(t, string(doc), "-scenario", "-", "-trials", "200", "-json")
	_, fromPreset, _ := runCLI(t, "", "-preset", "warmup-in-onstart", "-trials", "200", "-json")
	if fromStdin == "" || fromStdin != fromPreset {
		t.Errorf("the same scenario from stdin and as a preset gave different results:\n%.300s\n%.300s", fromStdin, fromPreset)
	}
}

func TestTableIsReadableAndEscapesNames(t *testing.T) {
	p, _ := model.PresetByName("seed-example")
	s := p.Scenario
	s.Name = "evil\x1b[2Jname"
	s.Roles[0].Name = "web\r\nrole"
	doc, err := model.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	// Validation rejects such names, without echoing them.
	code, stdout, stderr := runCLI(t, string(doc), "-scenario", "-", "-trials", "200")
	if code != exitBadInput || stdout != "" {
		t.Fatalf("exit status %d, stdout %q; want %d and nothing", code, stdout, exitBadInput)
	}
	for _, w := range []string{"name: must not contain control characters", "roles[0].name: must not contain control characters"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	if strings.ContainsAny(stderr, "\x1b\r") {
		t.Errorf("control characters from names reached the terminal:\n%q", stderr)
	}

	// The table still defuses them (and bidi overrides) on its own.
	s.Trials = 200
	fresh, _ := model.PresetByName("seed-example")
	valid := fresh.Scenario
	valid.Trials = 200
	acc, err := planner.Run(context.Background(), valid, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Name += "\u202Eevil"
	var out bytes.Buffer
	if err := writeTable(&out, s, acc.Result()); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out.String(), "\x1b\r\u202E") {
		t.Errorf("control characters from names reached the terminal:\n%q", out.String())
	}
	for _, w := range []string{"200 trials", "service", "SLA met", "Pass duration", "evil"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("table lacks %q:\n%s", w, out.String())
		}
	}
}

func TestListPresets(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "-list-presets")
	if code != exitOK {
		t.Fatalf("exit status %d", code)
	}
	for _, p := range model.Presets() {
		if !strings.Contains(stdout, p.Name) {
			t.Errorf("-list-presets lacks %q:\n%s", p.Name, stdout)
		}
	}
}

// TestScenarioSizeLimit checks that -scenario reads at most
// model.MaxScenarioBytes from a file, a device and standard input alike:
// /dev/zero is endless, and the command must stop after 4 MiB, not read
// until memory runs out.
func TestScenarioSizeLimit(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	doc := `{"name": "` + strings.Repeat("a", model.MaxScenarioBytes) + `"}`
	if err := os.WriteFile(big, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	edge := filepath.Join(dir, "edge.json")
	// Exactly the limit: read, then rejected by Decode for its name only.
	edgeDoc := `{"name": "` + strings.Repeat("a", model.MaxScenarioBytes-len(`{"name": ""}`)) + `"}`
	if err := os.WriteFile(edge, []byte(edgeDoc), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"big file", "", []string{"-scenario", big}, "larger than 4194304 bytes"},
		{"big stdin", doc, []string{"-scenario", "-"}, "reading the scenario from standard input: it is larger than 4194304 bytes"},
		{"file at the limit", "", []string{"-scenario", edge}, "name: must be at most 120 characters"},
		{"sweep big file", "", []string{"sweep", "-scenario", big}, "larger than 4194304 bytes"},
		{"report big file", "", []string{"report", "-scenario", big, "-o", filepath.Join(dir, "r.html")}, "larger than 4194304 bytes"},
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases = append(cases, struct {
			name  string
			stdin string
			args  []string
			want  string
		}{"/dev/zero", "", []string{"-scenario", "/dev/zero"}, "reading the scenario from /dev/zero: it is larger than 4194304 bytes"})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.stdin, tc.args...)
			if code != exitBadInput || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, shortText(stderr), exitBadInput, tc.want)
			}
		})
	}
	// readScenario itself never reads past the limit plus one byte.
	var n countingReader
	if _, err := readScenario(&n); err != errTooLarge || n != model.MaxScenarioBytes+1 {
		t.Errorf("readScenario of an endless reader: %v after %d bytes", err, n)
	}
}

// countingReader is an endless reader of zeros that counts what it gives.
type countingReader int

func (c *countingReader) Read(p []byte) (int, error) {
	clear(p)
	*c += countingReader(len(p))
	return len(p), nil
}

func shortText(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

func TestRunProblem(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{planner.ErrOverflow, "rollout: the durations are too large to add up (a time or a sum of times passed 2^96 minutes): shorten them; no operator needs one longer than a few years"},
		{fmt.Errorf("run: %w", planner.ErrOverflow), "rollout: the durations are too large to add up (a time or a sum of times passed 2^96 minutes): shorten them; no operator needs one longer than a few years"},
		{context.Canceled, "rollout: stopped after 10 of 40 trials: context canceled"},
	}
	for _, tt := range tests {
		if got := runProblem(tt.err, 10, 40); got != tt.want {
			t.Errorf("runProblem(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

// TestTableNumbersAsOnThePage: the table formats shares and counts with
// internal/numfmt, as the page and the report do ("99.95 %", "10 000").
func TestTableNumbersAsOnThePage(t *testing.T) {
	if got := pct(0.9995); got != "99.95 %" {
		t.Errorf("pct(0.9995) = %q, want 99.95 %%", got)
	}
	code, stdout, stderr := runCLI(t, "", "-preset", "fleet", "-trials", "1000", "-seed", "3")
	if code != exitOK {
		t.Fatalf("exit status %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "1\u202f000 trials") {
		t.Errorf("the table does not say 1\u202f000 trials:\n%s", stdout)
	}
}
