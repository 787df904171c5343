//go:build !(js && wasm)

package node

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rolloutplanner/model"
	"rolloutplanner/worker/analysis"
)

// analysisJob is one message the Node script posts to the analysis worker.
type analysisJob struct {
	Kind     string `json:"kind"`
	Scenario string `json:"scenario"`
	Options  string `json:"options"`
}

// analysisResult is what the Node script saw of one job.
type analysisResult struct {
	Progress [][2]int `json:"progress"`
	Bytes    []byte   `json:"bytes"` // base64 in the JSON; nil without a done message
	Error    *string  `json:"error"`
}

// TestAnalysisWorker builds cmd/analysisworker as WebAssembly, loads
// web/analysis-worker.js in Node's worker_threads and asks it for the
// seed example's advice, a small sweep and a sensitivity study, with bad
// requests in between: each answer must be byte for byte what
// analysis.Run returns natively, each bad request an error message naming
// the problem, and the worker must keep answering after an error.
func TestAnalysisWorker(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: install Node.js 20 or later to test web/analysis-worker.js")
	}
	if testing.Short() {
		t.Skip("-short: skipping the WebAssembly build of cmd/analysisworker")
	}
	dir := buildAnalysisSite(t)

	s, _ := model.PresetByName("seed-example")
	sc := s.Scenario
	sc.Trials = 1000
	text := string(encodeScenario(t, sc))
	invalid := sc.Clone()
	invalid.Roles[0].Instances = 0
	jobs := []analysisJob{
		{analysis.KindAdvise, text, ""},
		{"plot", text, ""},
		{analysis.KindSweep, text, `{"trials": 300, "grid": {"instances": [[2, 4]], "upgrade_domains": [2, 4], "warmup": ["after-onstart", "in-onstart"]}}`},
		{analysis.KindAdvise, string(encodeScenario(t, invalid)), ""},
		{analysis.KindSensitivity, text, `{"trials": 300}`},
		{analysis.KindSweep, text, `{"grid": {"upgrade_domains": [99]}}`},
		{analysis.KindSweep, "{", ""},
	}
	wantErr := map[int]string{1: `unknown kind "plot"`, 3: "roles[0].instances", 5: "upgrade_domains", 6: "JSON"}

	results := runNodeAnalysis(t, node, dir, jobs)
	for i, j := range jobs {
		r := results[i]
		if w, bad := wantErr[i]; bad {
			if r.Error == nil || !strings.Contains(*r.Error, w) {
				t.Errorf("job %d (%s): error %v, want one mentioning %q", i, j.Kind, r.Error, w)
			}
			continue
		}
		if r.Error != nil {
			t.Errorf("job %d (%s): %s", i, j.Kind, *r.Error)
			continue
		}
		want, err := analysis.Run(context.Background(), j.Kind, []byte(j.Scenario), []byte(j.Options), nil)
		if err != nil {
			t.Fatalf("job %d (%s) natively: %v", i, j.Kind, err)
		}
		if !bytes.Equal(r.Bytes, want) {
			t.Errorf("job %d (%s): the worker's answer differs from analysis.Run's at byte %d of %d", i, j.Kind, firstDiff(r.Bytes, want), len(want))
		}
		if n := len(r.Progress); n == 0 || r.Progress[n-1][0] != r.Progress[n-1][1] {
			t.Errorf("job %d (%s): progress %v does not end with done = total", i, j.Kind, r.Progress)
		}
	}
}

// buildAnalysisSite builds the analysis worker's files into a temporary
// directory (see buildSite): analysis.wasm and web/analysis-worker.js.
func buildAnalysisSite(t *testing.T) string {
	t.Helper()
	return buildSite(t, "rolloutplanner/cmd/analysisworker", "analysis.wasm", "analysis-worker.js")
}

// runNodeAnalysis runs testdata/run-analysis-worker.cjs on jobs.
func runNodeAnalysis(t *testing.T, node, dir string, jobs []analysisJob) []analysisResult {
	t.Helper()
	spec, err := json.Marshal(map[string]any{"dir": dir, "jobs": jobs})
	if err != nil {
		t.Fatal(err)
	}
	specPath := filepath.Join(dir, "job.json")
	if err := os.WriteFile(specPath, spec, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, node, filepath.Join("testdata", "run-analysis-worker.cjs"), specPath)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node run-analysis-worker.cjs: %v\n%s", err, stderr.Bytes())
	}
	var got struct {
		Ready   bool             `json:"ready"`
		Results []analysisResult `json:"results"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node run-analysis-worker.cjs printed %q: %v\n%s", out, err, stderr.Bytes())
	}
	if !got.Ready {
		t.Error("the worker never posted {type: 'ready'}")
	}
	if len(got.Results) != len(jobs) {
		t.Fatalf("node reported %d results, want %d", len(got.Results), len(jobs))
	}
	return got.Results
}
