package planner

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"rolloutplanner/model"
)

// randomDist returns a random valid time distribution around mean minutes.
func randomDist(r *rand.Rand, mean float64) model.Dist {
	switch r.IntN(7) {
	case 0:
		return model.FixedDist(mean)
	case 1:
		return model.UniformDist(mean/2, mean*1.5)
	case 2:
		return model.TriangularDist(mean/2, mean, mean*2)
	case 3:
		return model.NormalDist(mean, mean/3)
	case 4:
		return model.LogNormalDist(mean, mean*(1+3*r.Float64()))
	case 5:
		return model.ExponentialDist(mean)
	default:
		return model.WeibullDist(0.5+2*r.Float64(), mean)
	}
}

// randomScenario returns a random valid scenario: any number of domains,
// roles, passes, failures and defects.
func randomScenario(r *rand.Rand) model.Scenario {
	s := model.Default()
	s.Name = "random"
	s.UpgradeDomains = 1 + r.IntN(8)
	s.Trials = 300
	s.Seed = r.Uint64()
	s.BadErrorRate = []float64{0, 0.05, 0.2}[r.IntN(3)]
	s.Passes.HostOS.Enabled = r.IntN(4) > 0
	s.Passes.GuestOS.Enabled = r.IntN(3) > 0
	s.Passes.GuestAgent.Enabled = r.IntN(3) > 0
	s.Passes.HostOS.HostReboot = randomDist(r, 12)
	s.Passes.HostOS.UDGap = randomDist(r, 2)
	s.Passes.HostOS.HostFailureProb = []float64{0, 0.01, 0.2}[r.IntN(3)]
	s.Passes.GuestOS.OSBoot = randomDist(r, 12)
	s.Roles = nil
	for i := range 1 + r.IntN(3) {
		role := model.DefaultRole(fmt.Sprintf("role%d", i))
		role.Instances = 1 + r.IntN(12)
		u := 0.2 + 0.6*r.Float64()
		role.Utilization = model.UniformDist(u*0.8, u*1.2)
		role.OverloadAt = 1
		role.OnStop = randomDist(r, 2)
		role.StartupTasks = randomDist(r, 5)
		role.OnStart = randomDist(r, 3)
		role.Warmup = randomDist(r, 6)
		role.WarmupInOnStart = r.IntN(2) == 0
		role.StartupFailureProb = []float64{0, 0.1}[r.IntN(2)]
		role.RerunDefectProb = []float64{0, 0.1}[r.IntN(2)]
		role.ReimageDefectProb = []float64{0, 0.1}[r.IntN(2)]
		s.Roles = append(s.Roles, role)
	}
	return s
}

func runScenario(t *testing.T, s model.Scenario) Result {
	t.Helper()
	if ps := s.Validate(); len(ps) > 0 {
		t.Fatalf("test scenario is invalid: %v", ps)
	}
	acc, err := Run(context.Background(), s, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	return acc.Result()
}

// TestMetricProperties checks, on random scenarios, relations that every
// run must satisfy whatever its numbers: hard down is a kind of bad, the
// service is as bad as its worst role, quantiles are ordered, and
// availability follows from bad minutes.
func TestMetricProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 11))
	const eps = 1e-9
	for n := range 40 {
		s := randomScenario(r)
		res := runScenario(t, s)
		check := func(who string, m Metrics) {
			if m.PHardDown > m.PBad+eps {
				t.Errorf("scenario %d %s: P(hard down) %g > P(bad) %g", n, who, m.PHardDown, m.PBad)
			}
			if m.HardDownMinutes.Mean > m.BadMinutes.Mean+eps {
				t.Errorf("scenario %d %s: hard-down minutes %g > bad minutes %g", n, who, m.HardDownMinutes.Mean, m.BadMinutes.Mean)
			}
			for _, q := range []Quantiles{m.BadMinutes, m.HardDownMinutes} {
				if !(q.P50 <= q.P95 && q.P95 <= q.P99) || q.P50 < 0 {
					t.Errorf("scenario %d %s: quantiles out of order: %+v", n, who, q)
				}
			}
			wantAvail := 100 * (1 - m.BadMinutes.Mean/s.MonthMinutes)
			if math.Abs(m.AvailabilityPct.Mean-wantAvail) > 1e-6 {
				t.Errorf("scenario %d %s: mean availability %g, want 100(1 − mean B/month) = %g", n, who, m.AvailabilityPct.Mean, wantAvail)
			}
			if m.SLACompliance.Lo > m.SLACompliance.P || m.SLACompliance.P > m.SLACompliance.Hi {
				t.Errorf("scenario %d %s: interval %+v does not hold its share", n, who, m.SLACompliance)
			}
			if m.RequestsServedPct.Mean > 100+eps || m.RequestsServedPct.Mean < 0 {
				t.Errorf("scenario %d %s: requests served %g %%", n, who, m.RequestsServedPct.Mean)
			}
			if 1-m.PBad > m.SLACompliance.P+eps {
				t.Errorf("scenario %d %s: months with no bad minute (%g) exceed months meeting the SLA (%g)", n, who, 1-m.PBad, m.SLACompliance.P)
			}
		}
		check("service", res.Service)
		for _, role := range res.Roles {
			check(role.Name, role.Metrics)
			svc := res.Service
			if role.BadMinutes.Mean > svc.BadMinutes.Mean+eps || role.PBad > svc.PBad+eps ||
				role.HardDownMinutes.Mean > svc.HardDownMinutes.Mean+eps || role.PHardDown > svc.PHardDown+eps {
				t.Errorf("scenario %d: role %s is worse than the service: role %+v service %+v", n, role.Name, role.Metrics, svc)
			}
			if role.SLACompliance.P < svc.SLACompliance.P-eps {
				t.Errorf("scenario %d: role %s meets the SLA less often (%g) than the service (%g)", n, role.Name, role.SLACompliance.P, svc.SLACompliance.P)
			}
			for _, pl := range role.UDCapacityLoss {
				for _, d := range pl.Domains {
					if d.Mean < -eps || d.Mean > 1+eps || d.P95 < -eps || d.P95 > 1+eps {
						t.Errorf("scenario %d: role %s %s domain %d capacity loss out of [0, 1]: %+v", n, role.Name, pl.Pass, d.UD, d)
					}
				}
			}
		}
		for _, p := range res.Passes {
			if p.Duration.Mean < 0 || p.Duration.P50 > p.Duration.P95 {
				t.Errorf("scenario %d: pass %s duration %+v", n, p.Pass, p.Duration)
			}
		}
	}
}

// TestNoBadMinutesWithSpareWarmCapacity: with no failures or defects,
// warm-up inside OnStart and survivors that can carry a domain's load,
// nothing is ever cold or overloaded, so no minute is bad, whatever the
// time distributions.
func TestNoBadMinutesWithSpareWarmCapacity(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for n := range 20 {
		s := randomScenario(r)
		s.Passes.HostOS.HostFailureProb = 0
		s.UpgradeDomains = 2 + r.IntN(6)
		for i := range s.Roles {
			role := &s.Roles[i]
			role.StartupFailureProb, role.RerunDefectProb, role.ReimageDefectProb = 0, 0, 0
			role.WarmupInOnStart = true
			role.Instances = s.UpgradeDomains * (1 + r.IntN(3))
			// The survivors of one domain, (U−1)/U of the instances,
			// carry the load at or below overload_at; the passes may
			// overlap (slow startups), so leave room for two domains.
			survivors := float64(role.Instances-2*role.Instances/s.UpgradeDomains) / float64(role.Instances)
			if s.UpgradeDomains < 3 {
				survivors = float64(s.UpgradeDomains-1) / float64(s.UpgradeDomains)
				// Domains cannot overlap in time unless startup outlasts the
				// ready timeout: keep every time well under it.
				role.StartupTasks, role.OnStart, role.Warmup = model.UniformDist(1, 5), model.UniformDist(1, 3), model.UniformDist(0, 4)
				role.OnStop = model.UniformDist(0, 3)
			}
			if survivors <= 0 {
				survivors = float64(s.UpgradeDomains-1) / float64(s.UpgradeDomains)
				role.StartupTasks, role.OnStart, role.Warmup = model.UniformDist(1, 5), model.UniformDist(1, 3), model.UniformDist(0, 4)
				role.OnStop = model.UniformDist(0, 3)
			}
			u := 0.9 * survivors
			role.Utilization = model.UniformDist(u*0.5, u)
		}
		s.Passes.HostOS.HostReboot = model.UniformDist(5, 10)
		s.Passes.GuestOS.OSBoot = model.UniformDist(5, 10)
		res := runScenario(t, s)
		if res.Service.PBad != 0 || res.Service.BadMinutes.Mean != 0 || res.Service.HardDownMinutes.Mean != 0 {
			t.Errorf("scenario %d (%d domains): spare warm capacity and no failures, yet P(bad) %g, bad minutes %g, hard down %g",
				n, s.UpgradeDomains, res.Service.PBad, res.Service.BadMinutes.Mean, res.Service.HardDownMinutes.Mean)
		}
		if res.Service.SLACompliance.P != 1 {
			t.Errorf("scenario %d: SLA compliance %g, want 1", n, res.Service.SLACompliance.P)
		}
	}
}

// TestComplianceGrowsWithInstances: adding a whole row of instances (one
// per upgrade domain) to every role, same seed and domains, never makes
// SLA compliance fall beyond the uncertainty of the two runs. (Adding one
// instance can: 6 instances in 5 domains put 2 in one domain, a third of
// the role, where 5 lose a fifth.)
func TestComplianceGrowsWithInstances(t *testing.T) {
	for _, name := range []string{"seed-example", "warmup-in-onstart", "fleet"} {
		t.Run(name, func(t *testing.T) {
			p, _ := model.PresetByName(name)
			s := p.Scenario
			s.Trials = 1000
			prev := Proportion{}
			for add := 0; add <= 3; add++ {
				c := s.Clone()
				for i := range c.Roles {
					c.Roles[i].Instances += add * c.UpgradeDomains
				}
				sla := runScenario(t, c).Service.SLACompliance
				if add > 0 && sla.Hi < prev.Lo {
					t.Errorf("+%d instances per role: SLA compliance %.3f [%.3f, %.3f] fell below the previous %.3f [%.3f, %.3f]",
						add, sla.P, sla.Lo, sla.Hi, prev.P, prev.Lo, prev.Hi)
				}
				prev = sla
			}
		})
	}
}

func TestWilson(t *testing.T) {
	tests := []struct {
		k, n      int
		p, lo, hi float64
	}{
		{0, 300, 0, 0, 0.0126429714},
		{300, 300, 1, 1 - 0.0126429714, 1},
		{5, 10, 0.5, 0.2365931, 0.7634069},
		{1, 1, 1, 0.2065493, 1},
		{81, 100, 0.81, 0.7222115, 0.8748525},
	}
	for _, tt := range tests {
		got := Wilson(tt.k, tt.n, 1.959964)
		if got.P != tt.p || math.Abs(got.Lo-tt.lo) > 1e-6 || math.Abs(got.Hi-tt.hi) > 1e-6 {
			t.Errorf("Wilson(%d, %d) = %+v, want {%g %g %g}", tt.k, tt.n, got, tt.p, tt.lo, tt.hi)
		}
		if tt.k == 0 && got.Lo != 0 || tt.k == tt.n && got.Hi != 1 {
			t.Errorf("Wilson(%d, %d) = %+v: the bound at the edge must be exact", tt.k, tt.n, got)
		}
	}
}
