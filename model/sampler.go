package model

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Sampler draws from one Dist using a caller-supplied source. It is built
// once (NewSampler allocates) and then draws without allocating, so the
// engine can reseed the source for every trial and reuse its samplers.
// A Sampler is not safe for concurrent use, and neither is its source.
type Sampler struct {
	kind   Kind
	value  float64
	values []float64
	rng    *rand.Rand
	uni    distuv.Uniform
	tri    distuv.Triangle
	norm   distuv.Normal
	logn   distuv.LogNormal
	exp    distuv.Exponential
	weib   distuv.Weibull
}

// NewSampler returns a sampler of d that draws from src. d must be valid
// (see Scenario.Validate); NewSampler panics on an invalid triangular dist.
func NewSampler(d Dist, src rand.Source) Sampler {
	s := Sampler{kind: d.Kind, rng: rand.New(src)}
	switch d.Kind {
	case Fixed:
		s.value = d.Value
	case Uniform:
		s.uni = distuv.Uniform{Min: d.Min, Max: d.Max, Src: src}
	case Triangular:
		s.tri = distuv.NewTriangle(d.Min, d.Max, d.Mode, src)
	case Normal:
		s.norm = distuv.Normal{Mu: d.Mean, Sigma: d.SD, Src: src}
	case LogNormal:
		mu, sigma := d.logNormalParams()
		s.logn = distuv.LogNormal{Mu: mu, Sigma: sigma, Src: src}
	case Exponential:
		s.exp = distuv.Exponential{Rate: 1 / d.Mean, Src: src}
	case Weibull:
		s.weib = distuv.Weibull{K: d.Shape, Lambda: d.Scale, Src: src}
	case Empirical:
		s.values = d.Values
	}
	return s
}

// Rand returns one sample, clamped to ≥ 0. A fixed dist draws nothing
// from the source; every other kind draws.
func (s *Sampler) Rand() float64 {
	var x float64
	switch s.kind {
	case Fixed:
		x = s.value
	case Uniform:
		x = s.uni.Rand()
	case Triangular:
		x = s.tri.Rand()
	case Normal:
		x = s.norm.Rand()
	case LogNormal:
		x = s.logn.Rand()
	case Exponential:
		x = s.exp.Rand()
	case Weibull:
		x = s.weib.Rand()
	case Empirical:
		x = s.values[s.rng.IntN(len(s.values))]
	}
	return math.Max(x, 0)
}
