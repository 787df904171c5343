//go:build !(js && wasm)

package node

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/worker/client"
	"rolloutplanner/worker/sim"
)

// reduceTrials is the run TestSimWorkerReduce splits: the size of run
// whose end froze the page before the reduction moved to the workers.
const reduceTrials = 100000

// TestSimWorkerReduce runs the fleet preset's trials [0, 100000) in
// web/sim-worker.js as 8 ranges on two workers, as the page's Pool does,
// and has a worker reduce them ({type: 'reduce'}, rolloutSimReduce): the
// decoded Result and Charts must be byte for byte a native planner.Run's.
// It also reduces the first half alone and then both halves (the adaptive
// mode's extension of a finished run, which sends the old parts with the
// new), and a reduction with a part that does not hold its range, which
// must come back as an error naming the range. It logs how long the
// reduction takes in the worker and the summary's size (the page's decode
// of it: BenchmarkDecode in worker/sim).
func TestSimWorkerReduce(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: install Node.js 20 or later to test web/sim-worker.js")
	}
	if testing.Short() {
		t.Skip("-short: skipping the WebAssembly build of cmd/simworker and 100,000 trials")
	}
	dir := buildWorkerSite(t)
	p, ok := model.PresetByName("fleet")
	if !ok {
		t.Fatal("no preset fleet")
	}
	s := p.Scenario
	text := string(encodeScenario(t, s))
	ranges := client.Split(0, reduceTrials, 1, reduceTrials/8)
	if len(ranges) != 8 {
		t.Fatalf("Split gave %d ranges", len(ranges))
	}
	var jobs []workerJob
	for _, r := range ranges {
		jobs = append(jobs, workerJob{Scenario: text, A: r[0], B: r[1], Chunk: 5000})
	}
	reduces := []reduceJob{
		{Scenario: text, Parts: []int{0, 1, 2, 3}, Ranges: ranges[:4]},
		// All eight, the first half's parts first as the Pool sends them.
		{Scenario: text, Parts: []int{0, 1, 2, 3, 4, 5, 6, 7}, Ranges: ranges},
		{Scenario: text, Parts: []int{1}, Ranges: [][2]int{ranges[0]}},
	}
	results, red := runNodeWorkers(t, node, dir, 2, jobs, reduces)
	var payload []byte
	for i, want := range []int{reduceTrials / 2, reduceTrials} {
		r := red[i]
		if r.Error != nil {
			t.Fatalf("reduction of %d trials: %s", want, *r.Error)
		}
		var sum sim.Summary
		err := sum.UnmarshalBinary(r.Bytes)
		res, charts := sum.Result, sum.Charts
		if err != nil {
			t.Fatalf("reduction of %d trials: %v", want, err)
		}
		sc := s
		sc.Trials = want
		acc, err := planner.Run(context.Background(), sc, planner.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, w := resultAndChartsOf(t, res, charts), resultAndChartsOf(t, acc.Result(), acc.Charts())
		if !bytes.Equal(got, w) {
			t.Errorf("reduced in sim-worker.js, %d trials differ from a native planner.Run at byte %d of %d", want, firstDiff(got, w), len(w))
		}
		t.Logf("rolloutSimReduce of %d fleet trials in %d parts: %.0f ms in a worker (wasm, Node), summary %d bytes", want, len(reduces[i].Parts), r.MS, len(r.Bytes))
		payload = r.Bytes
	}
	if r := red[2]; r.Error == nil || !strings.Contains(*r.Error, "trials [0, 12500)") {
		t.Errorf("a part that is not its range: error %v, want one naming trials [0, 12500)", r.Error)
	}
	size := 0
	for _, r := range results {
		size += len(r.Bytes)
	}
	t.Logf("the 8 parts of %d trials: %d bytes kept by the page; the summary it decodes: %d bytes", reduceTrials, size, len(payload))
}
