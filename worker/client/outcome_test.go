package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// ran collects the callbacks of one Pool.Run job.
type ran struct {
	mu       sync.Mutex
	progress [][2]int
	dones    int
	out      *Outcome
	err      error
	done     chan struct{}
}

func newRan() *ran { return &ran{done: make(chan struct{})} }

func (r *ran) onProgress(done, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.dones > 0 {
		panic("onProgress after onDone")
	}
	r.progress = append(r.progress, [2]int{done, total})
}

func (r *ran) onDone(o *Outcome, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dones++
	r.out, r.err = o, err
	if r.dones == 1 {
		close(r.done)
	}
}

func (r *ran) wait(t *testing.T) {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(time.Minute):
		t.Fatal("onDone was not called within a minute")
	}
	time.Sleep(10 * time.Millisecond) // a second onDone would show now
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.dones != 1 {
		t.Fatalf("onDone called %d times", r.dones)
	}
}

// summaryJSON is the Result's and the Charts' JSON, as the page exports.
func summaryJSON(t *testing.T, res planner.Result, charts planner.Charts) []byte {
	t.Helper()
	a, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(charts)
	if err != nil {
		t.Fatal(err)
	}
	return append(append(a, '\n'), b...)
}

func nativeSummary(t *testing.T, s model.Scenario, trials int) []byte {
	t.Helper()
	s.Trials = trials
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return summaryJSON(t, acc.Result(), acc.Charts())
}

// checkSummary checks a finished run's Outcome against a native run of
// trials [0, trials).
func checkSummary(t *testing.T, r *ran, s model.Scenario, trials int) {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	o := r.out
	if !o.Reduced() || o.Trials != trials || len(o.Ranges) != 1 || o.Ranges[0] != [2]int{0, trials} {
		t.Fatalf("outcome: reduced %v, %d trials in %v; want reduced, [0, %d)", o.Reduced(), o.Trials, o.Ranges, trials)
	}
	if got, want := summaryJSON(t, o.Result, o.Charts), nativeSummary(t, s, trials); !bytes.Equal(got, want) {
		t.Errorf("summary of %d trials differs from planner.Run:\n got %.300s\nwant %.300s", trials, got, want)
	}
}

// TestRunOutcomeLocal: Run without workers, and its adaptive extension,
// give a native run's numbers; the extended Outcome leaves the old one
// as it was.
func TestRunOutcomeLocal(t *testing.T) {
	s := testScenario(1200)
	first := newRan()
	runOutcomeLocal(s, nil, 0, s.Trials, first.onProgress, first.onDone)
	first.wait(t)
	checkSummary(t, first, s, s.Trials)
	if n := len(first.progress); n == 0 || first.progress[n-1] != [2]int{1200, 1200} {
		t.Errorf("progress %v does not end at 1200 of 1200", first.progress)
	}
	for i := 1; i < len(first.progress); i++ {
		if first.progress[i][0] <= first.progress[i-1][0] {
			t.Errorf("progress goes back: %v", first.progress)
		}
	}
	before := summaryJSON(t, first.out.Result, first.out.Charts)

	a, b := first.out.NextRange(2000)
	if a != 1200 || b != 2000 {
		t.Fatalf("NextRange(2000) = [%d, %d), want [1200, 2000)", a, b)
	}
	second := newRan()
	runOutcomeLocal(s, first.out, a, b, second.onProgress, second.onDone)
	second.wait(t)
	checkSummary(t, second, s, 2000)
	if got := summaryJSON(t, first.out.Result, first.out.Charts); !bytes.Equal(got, before) || first.out.Trials != 1200 {
		t.Error("extending an Outcome changed it")
	}

	// a == b on a reduced Outcome hands it back.
	same := newRan()
	runOutcomeLocal(s, second.out, 2000, 2000, nil, same.onDone)
	same.wait(t)
	if same.err != nil || same.out != second.out {
		t.Errorf("Run(prev, a, a) = %p, %v; want prev %p", same.out, same.err, second.out)
	}
}

func TestRunOutcomeErrors(t *testing.T) {
	s := testScenario(500)
	done := newRan()
	runOutcomeLocal(s, nil, 0, 500, nil, done.onDone)
	done.wait(t)
	if done.err != nil {
		t.Fatal(done.err)
	}
	other := s
	other.Seed++
	bad := testScenario(10)
	bad.Roles[0].Instances = 0
	tests := []struct {
		name string
		s    model.Scenario
		prev *Outcome
		a, b int
		want string
	}{
		{"invalid", bad, nil, 0, 10, "roles[0].instances"},
		{"reversed", s, nil, 10, 5, "[10, 5)"},
		{"overlap", s, done.out, 400, 600, "trials [400, 500) are already held"},
		{"other scenario", other, done.out, 500, 600, "another scenario"},
		{"no trials", s, nil, 0, 0, "at least one trial"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRan()
			runOutcomeLocal(tt.s, tt.prev, tt.a, tt.b, nil, r.onDone)
			r.wait(t)
			if r.err == nil || !strings.Contains(r.err.Error(), tt.want) {
				t.Fatalf("err = %v, want one mentioning %q", r.err, tt.want)
			}
			if r.out == nil || r.out.Reduced() {
				t.Errorf("a failed run handed over %+v, want an unreduced Outcome", r.out)
			}
		})
	}
}

// TestRunOutcomeLocalCancel: a cancel hands over the finished trials
// unreduced; Run(s, o, a, a) reduces them to a native run's numbers for
// the same trials.
func TestRunOutcomeLocalCancel(t *testing.T) {
	s := testScenario(200000)
	started := make(chan struct{})
	var once sync.Once
	r := newRan()
	j := runOutcomeLocal(s, nil, 0, s.Trials, func(done, total int) {
		r.onProgress(done, total)
		once.Do(func() { close(started) })
	}, r.onDone)
	<-started
	j.Cancel()
	if !j.Done() {
		t.Error("Done is false after Cancel")
	}
	r.wait(t)
	j.Cancel() // a second cancel does nothing (wait checks onDone ran once)
	var nilJob *Job
	nilJob.Cancel()
	if !errors.Is(r.err, ErrCancelled) {
		t.Fatalf("err = %v, want ErrCancelled", r.err)
	}
	o := r.out
	if o.Reduced() || o.Trials == 0 || o.Trials >= s.Trials || len(o.Ranges) != 1 || o.Ranges[0] != [2]int{0, o.Trials} {
		t.Fatalf("cancelled outcome: reduced %v, %d trials in %v", o.Reduced(), o.Trials, o.Ranges)
	}
	red := newRan()
	runOutcomeLocal(s, o, 0, 0, nil, red.onDone)
	red.wait(t)
	checkSummary(t, red, s, o.Trials)
}
