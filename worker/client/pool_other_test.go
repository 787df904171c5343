//go:build !(js && wasm)

package client

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"rolloutplanner/planner"
)

// TestNativePool: outside the browser the Pool runs jobs in the program,
// one at a time, a new Start cancelling the job under way.
func TestNativePool(t *testing.T) {
	p := NewPool("/web/sim-worker.js", 4)
	defer p.Close()
	if n := p.Workers(); n != 0 {
		t.Errorf("Workers() = %d natively, want 0", n)
	}
	s := testScenario(1500)
	long := newOutcome()
	p.Start(testScenario(1000000), nil, 0, 1000000, nil, long.onDone)
	o := newOutcome()
	p.Start(s, nil, 0, s.Trials, o.onProgress, o.onDone)
	select {
	case <-long.done:
	default:
		t.Fatal("the replaced job's onDone had not run when Start returned")
	}
	long.wait(t)
	if !errors.Is(long.err, ErrCancelled) {
		t.Errorf("replaced job: err = %v, want ErrCancelled", long.err)
	}
	o.wait(t)
	if o.err != nil {
		t.Fatal(o.err)
	}
	want, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, w := resultJSON(t, o.acc), resultJSON(t, want); !bytes.Equal(got, w) {
		t.Errorf("native Pool differs from planner.Run")
	}
}
