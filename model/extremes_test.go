package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// extremeDists are valid distributions at the edges of MaxMinutes,
// MaxLogNormalSpread and MinWeibullShape: the widest a scenario may hold.
var extremeDists = []Dist{
	FixedDist(MaxMinutes), FixedDist(-MaxMinutes),
	UniformDist(-MaxMinutes, MaxMinutes),
	TriangularDist(-MaxMinutes, MaxMinutes, MaxMinutes),
	NormalDist(MaxMinutes, MaxMinutes), NormalDist(-MaxMinutes, MaxMinutes),
	LogNormalDist(MaxMinutes/1000.0, MaxMinutes),
	LogNormalDist(MaxMinutes, MaxMinutes),
	LogNormalDist(1e-300, 1e-300*MaxLogNormalSpread),
	ExponentialDist(MaxMinutes),
	WeibullDist(MinWeibullShape, MaxMinutes),
	WeibullDist(MaxMinutes, MaxMinutes),
	EmpiricalDist(-MaxMinutes, MaxMinutes),
}

// TestExtremeValidDistsFinite checks that every figure of the widest
// valid distributions is finite: their mean, their quantiles out to
// 1 − 2⁻⁵³, samples drawn, and the largest sample the sampler can draw
// (a normal deviate of at most zigR + 53·ln 2/zigR ≈ 14.1 from the
// ziggurat's tail, a uniform of at most 1 − 2⁻⁵³).
func TestExtremeValidDistsFinite(t *testing.T) {
	maxZ := zigR + 53*math.Ln2/zigR
	maxU := 1 - 0x1p-53
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	for _, d := range extremeDists {
		if ps := d.Validate(); ps != nil {
			t.Fatalf("%+v is not valid: %v", d, ps)
		}
		if m := d.MeanClamped(); !finite(m) {
			t.Errorf("%+v: mean %v", d, m)
		}
		for _, p := range []float64{1e-12, 0.5, 0.95, 1 - 1e-12, maxU} {
			if q := d.Quantile(p); !finite(q) {
				t.Errorf("%+v: quantile %v is %v", d, p, q)
			}
		}
		s := NewSampler(d, rand.NewPCG(7, 8))
		for range 100000 {
			if x := s.Rand(); !finite(x) {
				t.Fatalf("%+v: sample %v", d, x)
			}
		}
		var worst float64
		switch d.Kind {
		case LogNormal:
			mu, sigma := d.logNormalParams()
			worst = portableExp(mu + sigma*maxZ)
		case Normal:
			worst = d.Mean + d.SD*maxZ
		case Exponential:
			worst = -d.Mean * math.Log1p(-maxU)
		case Weibull:
			worst = d.Scale * portableExp(math.Log(-math.Log1p(-maxU))/d.Shape)
		}
		if !finite(worst) || worst > 1e30 {
			t.Errorf("%+v: the largest sample it can draw is %v", d, worst)
		}
	}
	// The rules are needed: just past them, samples overflow.
	for _, d := range []Dist{LogNormalDist(1e-300, 1e6), WeibullDist(0.01, MaxMinutes)} {
		if d.Validate() == nil {
			t.Errorf("%+v is valid", d)
		}
	}
	mu, sigma := LogNormalDist(1e-300, 1e6).logNormalParams()
	if !math.IsInf(portableExp(mu+sigma*maxZ), 1) {
		t.Errorf("a lognormal of p50 1e-300 and p95 1e6 no longer overflows: the spread rule may be loosened")
	}
}
