//go:build !(js && wasm)

package node

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// workerJob is one message the Node script posts to a worker.
type workerJob struct {
	Scenario string `json:"scenario"` // the scenario's JSON text
	A        int    `json:"a"`
	B        int    `json:"b"`
	Chunk    int    `json:"chunk"`
}

// workerResult is what the Node script saw of one job.
type workerResult struct {
	Worker   int     `json:"worker"`
	Progress []int   `json:"progress"`
	Bytes    []byte  `json:"bytes"` // base64 in the JSON; nil without a done message
	Error    *string `json:"error"`
	MS       float64 `json:"ms"`
}

// reduceJob is one {type: 'reduce'} message the Node script posts to its
// first worker once every job is done.
type reduceJob struct {
	Scenario string   `json:"scenario"`
	Parts    []int    `json:"parts"` // indexes of jobs whose bytes to send
	Ranges   [][2]int `json:"ranges"`
}

// workerChunk is the trials between two progress messages in this test.
const workerChunk = 1000

// TestSimWorker builds cmd/simworker as WebAssembly, loads web/sim-worker.js
// in Node's worker_threads (testdata/run-sim-worker.cjs gives it a browser
// worker's globals), runs two presets' trials as three ranges each on two
// workers, and merges the ranges natively: the result must be byte for
// byte that of a native planner.Run. Bad input, posted between the good
// ranges, must come back as error messages naming the problem, and the
// workers must keep serving afterwards.
func TestSimWorker(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: install Node.js 20 or later (Debian: apt-get install nodejs) to test web/sim-worker.js")
	}
	if testing.Short() {
		t.Skip("-short: skipping the WebAssembly build of cmd/simworker")
	}
	dir := buildWorkerSite(t)

	type plan struct {
		name   string
		s      model.Scenario
		ranges [][2]int
		first  int // index of the plan's first job
	}
	var plans []*plan
	var jobs []workerJob
	for _, name := range []string{"fleet", "seed-example"} {
		p, ok := model.PresetByName(name)
		if !ok {
			t.Fatalf("no preset %q", name)
		}
		s := p.Scenario
		n := s.Trials
		pl := &plan{name: name, s: s, ranges: [][2]int{{0, n / 3}, {n / 3, n/3 + n/2}, {n/3 + n/2, n}}, first: len(jobs)}
		plans = append(plans, pl)
		text := string(encodeScenario(t, s))
		for _, r := range pl.ranges {
			jobs = append(jobs, workerJob{Scenario: text, A: r[0], B: r[1], Chunk: workerChunk})
		}
	}

	seed, _ := model.PresetByName("seed-example")
	good := string(encodeScenario(t, seed.Scenario))
	invalid := seed.Scenario
	invalid.Roles[0].Instances = 0
	bad := []struct {
		job  workerJob
		want []string // in the error message
	}{
		{workerJob{Scenario: "{", B: 10}, []string{"not valid JSON"}},
		{workerJob{Scenario: string(encodeScenario(t, invalid)), B: 10}, []string{"roles[0].instances"}},
		{workerJob{Scenario: `{"trails": 5}`, B: 10}, []string{"trails"}},
		{workerJob{Scenario: good, A: 300, B: 200}, []string{"[300, 200)"}},
		{workerJob{Scenario: good, A: -1, B: 5}, []string{"[-1, 5)"}},
	}
	// Interleave the bad jobs with the good ones: a worker that answered
	// with an error must still run the next range.
	var all []workerJob
	badAt := map[int]int{} // job index → index in bad
	goodAt := make([]int, len(jobs))
	for i, j := range jobs {
		if i < len(bad) {
			badAt[len(all)] = i
			all = append(all, bad[i].job)
		}
		goodAt[i] = len(all)
		all = append(all, j)
	}
	for i := len(jobs); i < len(bad); i++ {
		badAt[len(all)] = i
		all = append(all, bad[i].job)
	}

	results, _ := runNodeWorkers(t, node, dir, 2, all, nil)

	for at, i := range badAt {
		r := results[at]
		if r.Error == nil {
			t.Errorf("bad job %d (%+v): no error message (done: %d bytes)", i, bad[i].job, len(r.Bytes))
			continue
		}
		for _, w := range bad[i].want {
			if !strings.Contains(*r.Error, w) {
				t.Errorf("bad job %d: error %q does not mention %q", i, *r.Error, w)
			}
		}
	}

	for _, pl := range plans {
		t.Run(pl.name, func(t *testing.T) {
			e, err := planner.New(pl.s)
			if err != nil {
				t.Fatal(err)
			}
			merged := e.NewAccumulator()
			var ms float64
			// Merge from the last range back: the order must not matter.
			for k := len(pl.ranges) - 1; k >= 0; k-- {
				rg := pl.ranges[k]
				r := results[goodAt[pl.first+k]]
				if r.Error != nil {
					t.Fatalf("trials [%d, %d): %s", rg[0], rg[1], *r.Error)
				}
				checkProgress(t, rg, r.Progress)
				part, err := planner.DecodeAccumulator(e.Layout(), r.Bytes)
				if err != nil {
					t.Fatalf("trials [%d, %d): %v", rg[0], rg[1], err)
				}
				if got := part.Ranges(); len(got) != 1 || got[0] != rg {
					t.Fatalf("worker sent trials %v for [%d, %d)", got, rg[0], rg[1])
				}
				if err := merged.Merge(part); err != nil {
					t.Fatal(err)
				}
				ms += r.MS
			}
			start := time.Now()
			want, err := planner.Run(context.Background(), pl.s, planner.Options{Workers: 1})
			native := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			got, w := resultAndCharts(t, merged), resultAndCharts(t, want)
			if !bytes.Equal(got, w) {
				t.Errorf("%s: ranges merged from sim-worker.js differ from a native planner.Run at byte %d of %d",
					pl.name, firstDiff(got, w), len(w))
			}
			// Speeds for the record; nothing depends on them.
			t.Logf("%s: %d trials, wasm in a worker %.0f trials/s (one worker, incl. the first range's start-up), native %.0f trials/s (one goroutine)",
				pl.name, pl.s.Trials, float64(pl.s.Trials)/(ms/1000), float64(pl.s.Trials)/native.Seconds())
		})
	}
}

// checkProgress checks one range's progress messages: increasing, below
// the range's length, one per finished chunk.
func checkProgress(t *testing.T, rg [2]int, got []int) {
	t.Helper()
	var want []int
	for d := workerChunk; d < rg[1]-rg[0]; d += workerChunk {
		want = append(want, d)
	}
	if !slices.Equal(got, want) {
		t.Errorf("trials [%d, %d): progress %v, want %v", rg[0], rg[1], got, want)
	}
}

func encodeScenario(t *testing.T, s model.Scenario) []byte {
	t.Helper()
	b, err := model.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func resultAndCharts(t *testing.T, acc *planner.Accumulator) []byte {
	t.Helper()
	return resultAndChartsOf(t, acc.Result(), acc.Charts())
}

// resultAndChartsOf is the Result's JSON (docs/model.md §6, what the page
// exports), a newline and the Charts' JSON.
func resultAndChartsOf(t *testing.T, r planner.Result, c planner.Charts) []byte {
	t.Helper()
	res, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	charts, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return append(append(res, '\n'), charts...)
}

// buildWorkerSite builds the simulation worker's files into a temporary
// directory (see buildSite): sim.wasm and web/sim-worker.js.
func buildWorkerSite(t *testing.T) string {
	t.Helper()
	return buildSite(t, "rolloutplanner/cmd/simworker", "sim.wasm", "sim-worker.js")
}

// buildSite builds the Go package pkg as WebAssembly into a temporary
// directory as wasmName (as make wasm does), next to wasm_exec.js from the
// Go that builds it, web/go-worker.js and the worker script web/script:
// what a worker loads, resolved against its own URL as on the site.
func buildSite(t *testing.T, pkg, wasmName, script string) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH: cannot build " + pkg)
	}
	dir := t.TempDir()
	cmd := exec.Command(gobin, "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(dir, wasmName), pkg)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s as WebAssembly: %v\n%s", pkg, err, out)
	}
	goroot, err := exec.Command(gobin, "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	copyFile(t, filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"), filepath.Join(dir, "wasm_exec.js"))
	for _, f := range []string{script, "go-worker.js"} {
		copyFile(t, filepath.Join("..", "..", "web", f), filepath.Join(dir, f))
	}
	return dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// runNodeWorkers runs testdata/run-sim-worker.cjs with workers workers on
// jobs, then posts reduces in turn to the first worker, and returns what
// it saw of each job and each reduction. Every worker must have sent its
// ready message.
func runNodeWorkers(t *testing.T, node, dir string, workers int, jobs []workerJob, reduces []reduceJob) ([]workerResult, []workerResult) {
	t.Helper()
	spec, err := json.Marshal(map[string]any{"dir": dir, "workers": workers, "jobs": jobs, "reduces": reduces})
	if err != nil {
		t.Fatal(err)
	}
	specPath := filepath.Join(dir, "job.json")
	if err := os.WriteFile(specPath, spec, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, node, filepath.Join("testdata", "run-sim-worker.cjs"), specPath)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node run-sim-worker.cjs: %v\n%s", err, stderr.Bytes())
	}
	var got struct {
		Ready   []bool         `json:"ready"`
		Results []workerResult `json:"results"`
		Reduced []workerResult `json:"reduced"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node run-sim-worker.cjs printed %q: %v\n%s", out, err, stderr.Bytes())
	}
	for i, r := range got.Ready {
		if !r {
			t.Errorf("worker %d never posted {type: 'ready'}", i)
		}
	}
	if len(got.Ready) != workers || len(got.Results) != len(jobs) || len(got.Reduced) != len(reduces) {
		t.Fatalf("node reported %d workers, %d results and %d reductions, want %d, %d and %d",
			len(got.Ready), len(got.Results), len(got.Reduced), workers, len(jobs), len(reduces))
	}
	return got.Results, got.Reduced
}
