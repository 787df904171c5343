package model

import (
	"math"
	"math/rand/v2"
)

// Sampler draws from one Dist using a caller-supplied source. It is built
// once (NewSampler allocates) and then draws without allocating, so the
// engine can reseed the source for every trial and reuse its samplers.
// A Sampler is not safe for concurrent use, and neither is its source.
//
// Uniform and triangular samples are gonum distuv's Uniform.Rand and
// Triangle.Rand, computed here with the same formula, the same rounding
// and the same single uniform per sample (TestSamplerMatchesReference
// holds them to gonum's bit for bit). Normal, lognormal, exponential and
// Weibull samples use the same parameterisation as distuv (which Quantile
// and MeanClamped use) but are drawn by the ziggurat and inverse
// transforms over portable functions (portable.go), because distuv's draws
// go through math.Exp, which differs in the last bit between amd64 and
// WebAssembly.
type Sampler struct {
	kind   sampleKind
	value  float64
	values []float64
	pcg    *rand.PCG // the source when it is a PCG: called directly, not through an interface
	rng    *rand.Rand
	lo     float64 // uniform and triangular: min
	hi     float64 // triangular: max
	width  float64 // uniform and triangular: max − min
	below  float64 // triangular: mode − min
	above  float64 // triangular: max − mode
	split  float64 // triangular: (mode − min)/(max − min), the CDF at the mode
	mu     float64 // normal and lognormal: mean of the normal
	sigma  float64 // normal and lognormal: standard deviation of the normal
	mean   float64 // exponential
	shape  float64 // weibull k
	scale  float64 // weibull λ
}

// sampleKind is Kind as a small integer, so that Rand switches on an
// integer rather than comparing strings.
type sampleKind uint8

const (
	kindFixed sampleKind = iota
	kindUniform
	kindTriangular
	kindNormal
	kindLogNormal
	kindExponential
	kindWeibull
	kindEmpirical
)

// NewSampler returns a sampler of d that draws from src. d must be valid
// (see Scenario.Validate); NewSampler panics on an invalid triangular dist.
func NewSampler(d Dist, src rand.Source) Sampler {
	s := Sampler{rng: rand.New(src)}
	s.pcg, _ = src.(*rand.PCG)
	switch d.Kind {
	case Fixed:
		s.kind, s.value = kindFixed, d.Value
	case Uniform:
		s.kind, s.lo, s.width = kindUniform, d.Min, d.Max-d.Min
	case Triangular:
		// The checks of distuv.NewTriangle, whose panics this keeps.
		switch {
		case d.Min >= d.Max:
			panic("triangle: constraint of a < b violated")
		case d.Min > d.Mode:
			panic("triangle: constraint of a <= c violated")
		case d.Mode > d.Max:
			panic("triangle: constraint of c <= b violated")
		}
		s.kind, s.lo, s.hi = kindTriangular, d.Min, d.Max
		s.width, s.below, s.above = d.Max-d.Min, d.Mode-d.Min, d.Max-d.Mode
		s.split = s.below / s.width
	case Normal:
		s.kind, s.mu, s.sigma = kindNormal, d.Mean, d.SD
	case LogNormal:
		s.kind = kindLogNormal
		s.mu, s.sigma = d.logNormalParams()
	case Exponential:
		s.kind, s.mean = kindExponential, d.Mean
	case Weibull:
		s.kind, s.shape, s.scale = kindWeibull, d.Shape, d.Scale
	case Empirical:
		s.kind, s.values = kindEmpirical, d.Values
	}
	return s
}

// uint64 returns the source's next Uint64.
func (s *Sampler) uint64() uint64 {
	if s.pcg != nil {
		return s.pcg.Uint64()
	}
	return s.rng.Uint64()
}

// uniform returns rand.Rand.Float64 of the source: a uniform in [0, 1)
// from one Uint64.
func (s *Sampler) uniform() float64 {
	return float64(s.uint64()<<11>>11) / (1 << 53)
}

// Rand returns one sample, clamped to ≥ 0. A fixed dist draws nothing
// from the source; every other kind draws.
func (s *Sampler) Rand() float64 {
	var x float64
	switch s.kind {
	case kindFixed:
		x = s.value
	case kindUniform:
		x = s.uniform()*s.width + s.lo
	case kindTriangular:
		// Inverse transform, as distuv.Triangle.Quantile.
		if p := s.uniform(); p < s.split {
			x = s.lo + math.Sqrt(p*s.width*s.below)
		} else {
			x = s.hi - math.Sqrt((1-p)*s.width*s.above)
		}
	case kindNormal:
		x = s.mu + s.sigma*s.stdNormal()
	case kindLogNormal:
		x = portableExp(s.mu + s.sigma*s.stdNormal())
	case kindExponential:
		// Inverse transform: −mean·ln(1 − u), u ∈ [0, 1).
		x = -s.mean * math.Log1p(-s.uniform())
	case kindWeibull:
		// Inverse transform: λ·(−ln(1 − u))^(1/k).
		x = s.scale * portableExp(math.Log(-math.Log1p(-s.uniform()))/s.shape)
	case kindEmpirical:
		x = s.values[s.rng.IntN(len(s.values))]
	}
	if !(x >= 0) { // negative, or NaN from a degenerate parameter
		x = 0
	}
	return x
}
