//go:build !(js && wasm)

package client

import (
	"errors"
	"testing"
)

// TestNativePool: outside the browser the Pool runs jobs in the program,
// one at a time, a new Run cancelling the job under way, with a native
// run's numbers.
func TestNativePool(t *testing.T) {
	p := NewPool("/web/sim-worker.js", 4)
	defer p.Close()
	if n := p.Workers(); n != 0 {
		t.Errorf("Workers() = %d natively, want 0", n)
	}
	s := testScenario(1500)
	long := newRan()
	p.Run(testScenario(1000000), nil, 0, 1000000, nil, long.onDone)
	o := newRan()
	p.Run(s, nil, 0, s.Trials, o.onProgress, o.onDone)
	select {
	case <-long.done:
	default:
		t.Fatal("the replaced job's onDone had not run when Run returned")
	}
	long.wait(t)
	if !errors.Is(long.err, ErrCancelled) {
		t.Errorf("replaced job: err = %v, want ErrCancelled", long.err)
	}
	o.wait(t)
	checkSummary(t, o, s, s.Trials)
}
