package client

import (
	"testing"
	"time"

	"rolloutplanner/model"
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
