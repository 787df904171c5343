package charts

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// testTrials keeps the test runs quick, natively and under Node; the
// shapes of the charts are the same as with 10,000 trials.
const testTrials = 2000

// Hostile names from the model's untrusted inputs: links and files.
const (
	imgName    = `<img src=x onerror=alert(1)>`
	textName   = `</text><script>`
	quotedName = `"quoted" & <b>bold</b>`
)

type namedScenario struct {
	name string
	s    model.Scenario
}

// scenarios returns realistic scenarios: every preset, three roles in five domains with lognormal times, a long
// Guest-OS-only rollout of nine roles in 20 domains (hours on the time
// axes, dashed colours past the palette) and a scenario with hostile names.
func scenarios(t testing.TB) []namedScenario {
	t.Helper()
	var out []namedScenario
	for _, p := range model.Presets() {
		out = append(out, namedScenario{p.Name, p.Scenario})
	}

	three := model.Default()
	three.Name = "Three roles, lognormal times"
	three.Passes.HostOS.HostReboot = model.LogNormalDist(12, 18)
	three.Passes.HostOS.UDGap = model.UniformDist(0, 5)
	three.Passes.HostOS.HostFailureProb = 0.01
	three.Roles = nil
	for i, r := range []struct {
		name      string
		instances int
		util      float64
	}{{"frontend", 8, 0.6}, {"backend", 4, 0.55}, {"queue", 3, 0.45}} {
		role := model.DefaultRole(r.name)
		role.Instances = r.instances
		role.Utilization = model.NormalDist(r.util, 0.08)
		role.OverloadAt = 1.1
		role.OnStop = model.LogNormalDist(1, 3)
		role.StartupTasks = model.LogNormalDist(4, 12)
		role.OnStart = model.LogNormalDist(1.5, 4)
		role.Warmup = model.LogNormalDist(5+float64(i), 15)
		role.StartupFailureProb = 0.02
		role.RerunDefectProb = 0.01
		role.ReimageDefectProb = 0.01
		three.Roles = append(three.Roles, role)
	}
	out = append(out, namedScenario{"three-roles", three})

	long := model.Default()
	long.Name = "Nine roles, 20 domains, Guest OS only"
	long.UpgradeDomains = 20
	long.ReadyTimeout = 45
	long.Passes.HostOS.Enabled = false
	long.Passes.GuestAgent.Enabled = false
	long.Roles = nil
	for i := range 9 {
		role := model.DefaultRole(fmt.Sprintf("role-%d", i+1))
		role.Instances = 20 + 5*i
		role.Utilization = model.FixedDist(0.3 + 0.05*float64(i))
		role.StartupTasks = model.LogNormalDist(15, 40)
		role.Warmup = model.LogNormalDist(5, 20)
		long.Roles = append(long.Roles, role)
	}
	out = append(out, namedScenario{"long", long})

	hostile := model.Default()
	hostile.Name = `</svg><script>alert("x")</script> & 'friends'`
	hostile.Passes.GuestAgent.Enabled = false
	hostile.Roles = []model.Role{model.DefaultRole(imgName), model.DefaultRole(textName), model.DefaultRole(quotedName)}
	hostile.Roles[0].Instances = 4
	out = append(out, namedScenario{"hostile", hostile})
	return out
}

var (
	resultsMu    sync.Mutex
	resultsCache = map[string]planner.Charts{}
)

// results runs sc with testTrials trials, once per test binary.
func results(t testing.TB, sc namedScenario) planner.Charts {
	t.Helper()
	resultsMu.Lock()
	defer resultsMu.Unlock()
	if c, ok := resultsCache[sc.name]; ok {
		return c
	}
	s := sc.s
	s.Trials = testTrials
	s.Seed = 1
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatalf("%s: %v", sc.name, err)
	}
	c := acc.Charts()
	resultsCache[sc.name] = c
	return c
}
