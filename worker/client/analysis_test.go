//go:build !(js && wasm)

package client

import (
	"bytes"
	"context"
	"testing"
	"time"

	"rolloutplanner/model"
	"rolloutplanner/worker/analysis"
)

// TestAnalysisInProgram: without workers (natively, or a browser that
// refuses them) the client runs analyses in the program with
// analysis.Run's very bytes; a cancelled or replaced analysis never
// answers, and the next one does.
func TestAnalysisInProgram(t *testing.T) {
	s := testScenario(200)
	text, err := model.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	c := NewAnalysis("/web/analysis-worker.js")
	defer c.Close()
	if !c.InPage() {
		t.Fatal("natively the client should run in the program")
	}
	done := make(chan analysisAnswer, 4)
	onDone := func(out []byte, err error) { done <- analysisAnswer{out, err} }
	wait := func(what string) analysisAnswer {
		t.Helper()
		select {
		case a := <-done:
			return a
		case <-time.After(time.Minute):
			t.Fatalf("%s: no answer", what)
			return analysisAnswer{}
		}
	}

	opt := []byte(`{"trials": 100}`)
	progress := 0
	c.Start(analysis.KindSensitivity, text, opt, func(d, n int) { progress++ }, onDone)
	a := wait("sensitivity")
	want, err := analysis.Run(context.Background(), analysis.KindSensitivity, text, opt, nil)
	if a.err != nil || err != nil {
		t.Fatal(a.err, err)
	}
	if !bytes.Equal(a.out, want) {
		t.Error("the client's answer differs from analysis.Run's")
	}
	if progress == 0 {
		t.Error("no progress")
	}

	// Cancelled, then replaced: only the last answers.
	cancel := c.Start(analysis.KindAdvise, text, nil, nil, onDone)
	cancel()
	c.Start(analysis.KindAdvise, text, nil, nil, onDone)
	c.Start(analysis.KindSweep, text, []byte(`{"trials": 50, "grid": {"upgrade_domains": [2, 3]}}`), nil, onDone)
	a = wait("sweep")
	if a.err != nil {
		t.Fatal(a.err)
	}
	if _, err := analysis.DecodeSweep(a.out); err != nil {
		t.Errorf("the answer after a cancel is not the sweep's: %v", err)
	}
	select {
	case a := <-done:
		t.Errorf("a cancelled or replaced analysis answered: %d bytes, %v", len(a.out), a.err)
	case <-time.After(300 * time.Millisecond):
	}

	// Errors come back through onDone.
	c.Start("nonsense", text, nil, nil, onDone)
	if a := wait("nonsense"); a.err == nil {
		t.Error("an unknown kind did not fail")
	}
}
