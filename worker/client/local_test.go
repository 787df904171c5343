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

// testScenario has randomness in every pass and two roles.
func testScenario(trials int) model.Scenario {
	s := model.Default()
	s.Seed = 11
	s.Trials = trials
	s.UpgradeDomains = 3
	s.Passes.HostOS.HostFailureProb = 0.05
	s.Passes.HostOS.UDGap = model.ExponentialDist(2)
	r := &s.Roles[0]
	r.Instances = 4
	r.Utilization = model.NormalDist(0.55, 0.1)
	r.StartupTasks = model.LogNormalDist(3, 8)
	r.Warmup = model.UniformDist(2, 9)
	r.StartupFailureProb = 0.1
	r.RerunDefectProb = 0.05
	api := model.DefaultRole("api")
	api.Instances = 3
	api.WarmupInOnStart = true
	s.Roles = append(s.Roles, api)
	return s
}

func resultJSON(t *testing.T, acc *planner.Accumulator) []byte {
	t.Helper()
	b, err := json.Marshal(acc.Result())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// outcome collects one job's callbacks.
type outcome struct {
	mu       sync.Mutex
	progress [][2]int
	dones    int
	acc      *planner.Accumulator
	err      error
	done     chan struct{}
}

func newOutcome() *outcome { return &outcome{done: make(chan struct{})} }

func (o *outcome) onProgress(done, total int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dones > 0 {
		panic("onProgress after onDone")
	}
	o.progress = append(o.progress, [2]int{done, total})
}

func (o *outcome) onDone(acc *planner.Accumulator, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.dones++
	o.acc, o.err = acc, err
	if o.dones == 1 {
		close(o.done)
	}
}

func (o *outcome) wait(t *testing.T) {
	t.Helper()
	select {
	case <-o.done:
	case <-time.After(time.Minute):
		t.Fatal("onDone was not called within a minute")
	}
	time.Sleep(10 * time.Millisecond) // a second onDone would show now
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dones != 1 {
		t.Fatalf("onDone called %d times", o.dones)
	}
}

func TestRunLocalMatchesNative(t *testing.T) {
	s := testScenario(1500)
	want, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	o := newOutcome()
	RunLocal(s, nil, 0, s.Trials, o.onProgress, o.onDone)
	o.wait(t)
	if o.err != nil {
		t.Fatal(o.err)
	}
	if got, w := resultJSON(t, o.acc), resultJSON(t, want); !bytes.Equal(got, w) {
		t.Errorf("RunLocal differs from planner.Run:\n got %s\nwant %s", got, w)
	}
	if n := len(o.progress); n == 0 || o.progress[n-1] != [2]int{s.Trials, s.Trials} {
		t.Errorf("progress %v does not end at %d of %d", o.progress, s.Trials, s.Trials)
	}
	for i := 1; i < len(o.progress); i++ {
		if o.progress[i][0] <= o.progress[i-1][0] {
			t.Errorf("progress goes back: %v", o.progress)
		}
	}
}

// TestRunLocalExtends runs [0, 700) and then extends the same accumulator
// to 1500 trials, as the adaptive mode does.
func TestRunLocalExtends(t *testing.T) {
	s := testScenario(1500)
	want, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	first := newOutcome()
	RunLocal(s, nil, 0, 700, nil, first.onDone)
	first.wait(t)
	if first.err != nil {
		t.Fatal(first.err)
	}
	a, b := NextRange(first.acc, s.Trials)
	if a != 700 || b != s.Trials {
		t.Fatalf("NextRange = [%d, %d), want [700, %d)", a, b, s.Trials)
	}
	second := newOutcome()
	RunLocal(s, first.acc, a, b, second.onProgress, second.onDone)
	second.wait(t)
	if second.err != nil {
		t.Fatal(second.err)
	}
	if second.acc != first.acc {
		t.Error("onDone got another accumulator than the one extended")
	}
	if got, w := resultJSON(t, second.acc), resultJSON(t, want); !bytes.Equal(got, w) {
		t.Errorf("extended run differs from planner.Run:\n got %s\nwant %s", got, w)
	}
	if p := second.progress; len(p) == 0 || p[0][1] != s.Trials || p[0][0] <= 700 {
		t.Errorf("progress %v should count the 700 earlier trials, of %d", p, s.Trials)
	}
}

func TestRunLocalCancel(t *testing.T) {
	s := testScenario(1000000)
	o := newOutcome()
	j := RunLocal(s, nil, 0, s.Trials, o.onProgress, o.onDone)
	time.Sleep(30 * time.Millisecond)
	j.Cancel()
	if !j.Done() {
		t.Error("Done is false after Cancel")
	}
	o.wait(t)
	if !errors.Is(o.err, ErrCancelled) {
		t.Fatalf("err = %v, want ErrCancelled", o.err)
	}
	held := o.acc.Trials()
	if held >= s.Trials {
		t.Fatalf("cancelled run holds all %d trials", held)
	}
	j.Cancel() // a second cancel does nothing
	time.Sleep(50 * time.Millisecond)
	if o.acc.Trials() != held {
		t.Errorf("accumulator changed after onDone: %d trials, then %d", held, o.acc.Trials())
	}
	if rs := o.acc.Ranges(); held > 0 && (len(rs) != 1 || rs[0][0] != 0) {
		t.Errorf("in-page fallback should hold one prefix of trials, holds %v", rs)
	}
	var nilJob *Job
	nilJob.Cancel()
}

func TestRunLocalErrors(t *testing.T) {
	s := testScenario(100)
	bad := s
	bad.Roles = []model.Role{s.Roles[0]}
	bad.Roles[0].OverloadAt = 0.1 // below the mean utilisation
	other := testScenario(100)
	other.Seed = 12
	held := func() *planner.Accumulator {
		o := newOutcome()
		RunLocal(s, nil, 0, 300, nil, o.onDone)
		o.wait(t)
		return o.acc
	}()
	tests := []struct {
		name string
		s    model.Scenario
		acc  *planner.Accumulator
		a, b int
		want string
	}{
		{"invalid scenario", bad, nil, 0, 10, "roles[0].overload_at"},
		{"negative start", s, nil, -5, 10, "[-5, 10)"},
		{"reversed", s, nil, 10, 5, "[10, 5)"},
		{"overlap", s, held, 200, 400, "trials [200, 300) are already held"},
		{"another scenario", other, held, 300, 400, "another scenario"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOutcome()
			RunLocal(tt.s, tt.acc, tt.a, tt.b, o.onProgress, o.onDone)
			o.wait(t)
			if o.err == nil || !strings.Contains(o.err.Error(), tt.want) {
				t.Fatalf("err = %v, want one mentioning %q", o.err, tt.want)
			}
			if len(o.progress) > 0 {
				t.Errorf("progress %v for a run that could not start", o.progress)
			}
			if tt.acc != nil && tt.acc.Trials() != 300 {
				t.Errorf("the held accumulator changed: %d trials", tt.acc.Trials())
			}
		})
	}
	var ps model.Problems
	o := newOutcome()
	RunLocal(bad, nil, 0, 10, nil, o.onDone)
	o.wait(t)
	if !errors.As(o.err, &ps) || o.acc != nil {
		t.Errorf("invalid scenario: err %T, acc %v; want model.Problems and nil", o.err, o.acc)
	}
}

func TestRunLocalEmptyRange(t *testing.T) {
	o := newOutcome()
	RunLocal(testScenario(10), nil, 4, 4, o.onProgress, o.onDone)
	o.wait(t)
	if o.err != nil || o.acc == nil || o.acc.Trials() != 0 {
		t.Fatalf("empty range: %v, %v", o.acc, o.err)
	}
}

func TestNextLocalChunk(t *testing.T) {
	tests := []struct {
		prev int
		took time.Duration
		want int
	}{
		{100, 0, 200},                                    // too fast to time: double
		{100, time.Millisecond, 200},                     // fast: at most double
		{100, 10 * time.Millisecond, 200},                // half the target: double
		{100, LocalChunkTarget, 100},                     // on target: keep
		{100, 40 * time.Millisecond, 50},                 // twice too slow: halve
		{100, time.Second, MinLocalChunk},                // far too slow: the least
		{1500, time.Millisecond, MaxLocalChunk},          // capped
		{MaxLocalChunk, LocalChunkTarget, MaxLocalChunk}, // stays at the cap
		{1, time.Millisecond, MinLocalChunk},             // at least the least
	}
	for _, tt := range tests {
		if got := NextLocalChunk(tt.prev, tt.took); got != tt.want {
			t.Errorf("NextLocalChunk(%d, %v) = %d, want %d", tt.prev, tt.took, got, tt.want)
		}
	}
}
