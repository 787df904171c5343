package model

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestSamplerMatchesReference holds Sampler.Rand to the straightforward
// definitions it computes faster, bit for bit and draw for draw: gonum's
// distuv.Uniform and distuv.Triangle, and the lognormal as e^(μ + σ·z)
// with eˣ scaled by math.Ldexp. Any change here would change every
// result, so it is checked directly.
func TestSamplerMatchesReference(t *testing.T) {
	refExp := func(x float64) float64 {
		// portableExp's reduction with math.Ldexp for the final scaling.
		if x > 7.09782712893383973096e+02 || x < -7.45133219101941108420e+02 || math.Abs(x) < 1.0/(1<<28) {
			return portableExp(x)
		}
		const ln2Hi, ln2Lo, log2e = 6.93147180369123816490e-01, 1.90821492927058770002e-10, 1.44269504088896338700e+00
		var k int
		if x < 0 {
			k = int(log2e*x - 0.5)
		} else {
			k = int(log2e*x + 0.5)
		}
		hi := x - float64(k)*ln2Hi
		lo := float64(k) * ln2Lo
		r := hi - lo
		tt := r * r
		c := r - tt*(1.66666666666666657415e-01+tt*(-2.77777777770155933842e-03+tt*(6.61375632143793436117e-05+tt*(-1.65339022054652515390e-06+tt*4.13813679705723846039e-08))))
		return math.Ldexp(1-((lo-(r*c)/(2-c))-hi), k)
	}
	clamp := func(x float64) float64 { return max(x, 0) }
	cases := []struct {
		d   Dist
		ref func(src rand.Source) func() float64
	}{
		{UniformDist(0.3, 3.7), func(src rand.Source) func() float64 {
			u := distuv.Uniform{Min: 0.3, Max: 3.7, Src: src}
			return func() float64 { return clamp(u.Rand()) }
		}},
		{TriangularDist(9, 11, 15), func(src rand.Source) func() float64 {
			tr := distuv.NewTriangle(9, 15, 11, src)
			return func() float64 { return clamp(tr.Rand()) }
		}},
		{TriangularDist(0.5, 0.5, 2), func(src rand.Source) func() float64 {
			tr := distuv.NewTriangle(0.5, 2, 0.5, src)
			return func() float64 { return clamp(tr.Rand()) }
		}},
		{TriangularDist(0.37, 1.13, 2.9), func(src rand.Source) func() float64 {
			tr := distuv.NewTriangle(0.37, 2.9, 1.13, src)
			return func() float64 { return clamp(tr.Rand()) }
		}},
		{TriangularDist(-1, 3, 3), func(src rand.Source) func() float64 {
			tr := distuv.NewTriangle(-1, 3, 3, src)
			return func() float64 { return clamp(tr.Rand()) }
		}},
		{LogNormalDist(0.5, 2), func(src rand.Source) func() float64 {
			z := NewSampler(NormalDist(0, 1), src)
			mu, sigma := LogNormalDist(0.5, 2).logNormalParams()
			return func() float64 { return refExp(mu + sigma*z.stdNormal()) }
		}},
		{LogNormalDist(1e-300, 1e300), func(src rand.Source) func() float64 {
			z := NewSampler(NormalDist(0, 1), src)
			mu, sigma := LogNormalDist(1e-300, 1e300).logNormalParams()
			return func() float64 { return refExp(mu + sigma*z.stdNormal()) }
		}},
	}
	for _, tc := range cases {
		for _, wrap := range []bool{false, true} {
			var src, refSrc rand.Source = rand.NewPCG(3, 4), rand.NewPCG(3, 4)
			if wrap { // a source that is not a *rand.PCG
				src, refSrc = struct{ rand.Source }{src}, struct{ rand.Source }{refSrc}
			}
			s, ref := NewSampler(tc.d, src), tc.ref(refSrc)
			for i := range 100000 {
				if got, want := s.Rand(), ref(); math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("%+v draw %d: got %v, want %v", tc.d, i, got, want)
				}
			}
		}
	}
}

// TestZigguratTables checks the tables computed at start-up against
// entries of math/rand/v2's (float32) tables for the same ziggurat.
func TestZigguratTables(t *testing.T) {
	kn := map[int]uint32{0: 0x76ad2212, 1: 0, 2: 0x600f1b53, 3: 0x6ce447a6, 4: 0x725b46a2}
	wn := map[int]float32{0: 1.7290405e-09, 1: 1.2680929e-10, 2: 1.6897518e-10, 3: 1.9862688e-10}
	fn := map[int]float32{0: 1, 1: 0.9635997, 2: 0.9362827, 3: 0.9130436, 127: 0.0026696292}
	for i, want := range kn {
		if got := zigK[i]; max(got, want)-min(got, want) > 1 {
			t.Errorf("zigK[%d] = %#x, want %#x", i, got, want)
		}
	}
	for i, want := range wn {
		if got := float32(zigW[i]); math.Abs(float64(got/want-1)) > 1e-6 {
			t.Errorf("zigW[%d] = %v, want %v", i, got, want)
		}
	}
	for i, want := range fn {
		if got := float32(zigF[i]); math.Abs(float64(got/want-1)) > 1e-6 {
			t.Errorf("zigF[%d] = %v, want %v", i, got, want)
		}
	}
}

// TestStdNormal compares the ziggurat's deviates with the normal CDF
// (Kolmogorov–Smirnov, at the 0.1 % level) and checks the tail share.
func TestStdNormal(t *testing.T) {
	const n = 400000
	s := NewSampler(NormalDist(0, 1), rand.NewPCG(5, 6))
	xs := make([]float64, n)
	tail := 0
	for i := range xs {
		xs[i] = s.stdNormal()
		if math.Abs(xs[i]) > 3 {
			tail++
		}
	}
	slices.Sort(xs)
	d := 0.0
	for i, x := range xs {
		c := 0.5 * math.Erfc(-x/math.Sqrt2)
		d = max(d, math.Abs(c-float64(i)/n), math.Abs(c-float64(i+1)/n))
	}
	if limit := 1.95 / math.Sqrt(n); d > limit {
		t.Errorf("KS distance %v > %v", d, limit)
	}
	// P(|Z| > 3) = 0.0026998: 1080 expected, sd ≈ 33.
	if tail < 930 || tail > 1230 {
		t.Errorf("%d of %d deviates beyond ±3, want about 1080", tail, n)
	}
}
