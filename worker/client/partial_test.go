package client

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// resultJSON is what rollout -json -trials n prints for s: a native
// run's Result as indented JSON.
func resultJSON(t *testing.T, s model.Scenario, n int) []byte {
	t.Helper()
	s.Trials = n
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return marshal(t, acc.Result())
}

// TestPartialEstimates: a run asked for partial estimates hands over, before
// its end, Outcomes marked Partial whose Results are byte for byte those
// of native runs of their trial counts (rollout -json -trials k), growing
// by at least PartialGrowth; the final Outcome is the full run's and is
// not Partial; no estimate comes after onDone.
func TestPartialEstimates(t *testing.T) {
	s := testScenario(12000)
	type event struct {
		o    *Outcome
		done bool
		err  error
	}
	events := make(chan event, 64)
	pool := NewPool("", 1)
	defer pool.Close()
	job := pool.Run(s, nil, 0, s.Trials, nil, func(o *Outcome, err error) { events <- event{o: o, done: true, err: err} })
	job.OnPartial(func(o *Outcome) { events <- event{o: o} })
	var partials []*Outcome
	var final *Outcome
	for final == nil {
		select {
		case ev := <-events:
			if ev.done {
				if ev.err != nil {
					t.Fatal(ev.err)
				}
				final = ev.o
			} else {
				partials = append(partials, ev.o)
			}
		case <-time.After(time.Minute):
			t.Fatal("the run did not end")
		}
	}
	select {
	case ev := <-events:
		t.Fatalf("an event after onDone: %+v", ev)
	case <-time.After(50 * time.Millisecond):
	}
	if len(partials) == 0 {
		t.Fatal("no partial estimate before the run ended")
	}
	prev := 0
	for _, o := range partials {
		if !o.Partial || !o.Reduced() || o.Trials < FirstPartialTrials || o.Trials >= s.Trials ||
			(prev > 0 && o.Trials < PartialGrowth*prev) {
			t.Errorf("partial estimate of %d trials (after %d): Partial %v, Reduced %v", o.Trials, prev, o.Partial, o.Reduced())
		}
		prev = o.Trials
		if o.Result.Trials != o.Trials || len(o.Ranges) != 1 || o.Ranges[0] != [2]int{0, o.Trials} {
			t.Errorf("partial estimate of %d trials holds %d trials in %v", o.Trials, o.Result.Trials, o.Ranges)
		}
		want := resultJSON(t, s, o.Trials)
		if got := marshal(t, o.Result); !bytes.Equal(got, want) {
			t.Errorf("partial estimate of %d trials differs from rollout -json -trials %d", o.Trials, o.Trials)
		}
	}
	if final.Partial || !bytes.Equal(marshal(t, final.Result), resultJSON(t, s, s.Trials)) {
		t.Errorf("the final Outcome (Partial %v) differs from the full native run", final.Partial)
	}
}

// TestPartialNotExtendable: a partial estimate passed to Run is an error.
func TestPartialNotExtendable(t *testing.T) {
	s := testScenario(2000)
	o := partialOutcome(planner.Result{}, 1000)
	errc := make(chan error, 1)
	NewPool("", 1).Run(s, o, 1000, 2000, nil, func(_ *Outcome, err error) { errc <- err })
	if err := <-errc; err == nil {
		t.Error("Run extended a partial estimate")
	}
}

// TestOnPartialNilJob: OnPartial on a nil job does nothing.
func TestOnPartialNilJob(t *testing.T) {
	var j *Job
	j.OnPartial(func(*Outcome) { t.Error("called") })
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}
