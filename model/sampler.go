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
//
// Uniform and triangular samples come from gonum's distuv. Normal,
// lognormal, exponential and Weibull samples use the same
// parameterisation as distuv (which Quantile and MeanClamped use) but are
// drawn by Box–Muller and inverse transforms over portable functions
// (portable.go), because distuv's draws go through math.Exp, which
// differs in the last bit between amd64 and WebAssembly.
type Sampler struct {
	kind   Kind
	value  float64
	values []float64
	rng    *rand.Rand
	uni    distuv.Uniform
	tri    distuv.Triangle
	mu     float64 // normal and lognormal: mean of the normal
	sigma  float64 // normal and lognormal: standard deviation of the normal
	mean   float64 // exponential
	shape  float64 // weibull k
	scale  float64 // weibull λ
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
		s.mu, s.sigma = d.Mean, d.SD
	case LogNormal:
		s.mu, s.sigma = d.logNormalParams()
	case Exponential:
		s.mean = d.Mean
	case Weibull:
		s.shape, s.scale = d.Shape, d.Scale
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
		x = s.mu + s.sigma*stdNormal(s.rng.Float64(), s.rng.Float64())
	case LogNormal:
		x = portableExp(s.mu + s.sigma*stdNormal(s.rng.Float64(), s.rng.Float64()))
	case Exponential:
		// Inverse transform: −mean·ln(1 − u), u ∈ [0, 1).
		x = -s.mean * math.Log1p(-s.rng.Float64())
	case Weibull:
		// Inverse transform: λ·(−ln(1 − u))^(1/k).
		x = s.scale * portableExp(math.Log(-math.Log1p(-s.rng.Float64()))/s.shape)
	case Empirical:
		x = s.values[s.rng.IntN(len(s.values))]
	}
	if !(x >= 0) { // negative, or NaN from a degenerate parameter
		x = 0
	}
	return x
}
