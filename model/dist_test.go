package model_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"rolloutplanner/model"
)

// sampleDists has every kind, including a normal, a uniform and two
// triangulars that extend below 0, where clamping changes the mean.
var sampleDists = []struct {
	name string
	d    model.Dist
}{
	{"fixed", model.FixedDist(3.5)},
	{"fixed negative", model.FixedDist(-2)},
	{"uniform", model.UniformDist(2, 8)},
	{"uniform below 0", model.UniformDist(-4, 6)},
	{"uniform all below 0", model.UniformDist(-5, -1)},
	{"uniform point", model.UniformDist(4, 4)},
	{"triangular", model.TriangularDist(1, 2, 6)},
	{"triangular below 0", model.TriangularDist(-3, 1, 4)},
	{"triangular mode below 0", model.TriangularDist(-5, -2, 2)},
	{"triangular mode at min", model.TriangularDist(0, 0, 10)},
	{"normal", model.NormalDist(10, 3)},
	{"normal below 0", model.NormalDist(1, 2)},
	{"normal mostly below 0", model.NormalDist(-1, 1)},
	{"normal sd 0", model.NormalDist(7, 0)},
	{"lognormal", model.LogNormalDist(5, 10)},
	{"lognormal wide", model.LogNormalDist(240, 1440)},
	{"lognormal point", model.LogNormalDist(5, 5)},
	{"exponential", model.ExponentialDist(4)},
	{"weibull", model.WeibullDist(1.5, 10)},
	{"weibull heavy", model.WeibullDist(0.7, 2)},
	{"empirical", model.EmpiricalDist(3.2, 4.1, 4.5, 5, 6.4, 7, 9.8, 16.2)},
	{"empirical below 0", model.EmpiricalDist(-3, -1, 0, 2, 5)},
}

func draw(d model.Dist, seed uint64, n int) []float64 {
	s := model.NewSampler(d, rand.NewPCG(seed, 0x5eed))
	out := make([]float64, n)
	for i := range out {
		out[i] = s.Rand()
	}
	return out
}

func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)-1))
}

// nearestRank is the ⌈q·N⌉-th smallest of sorted.
func nearestRank(sorted []float64, q float64) float64 {
	k := int(math.Ceil(q * float64(len(sorted))))
	return sorted[max(k, 1)-1]
}

// TestMeanClampedMonteCarlo compares MeanClamped with the mean of 200,000
// draws: they must agree within 5 standard errors.
func TestMeanClampedMonteCarlo(t *testing.T) {
	const n = 200000
	for _, tc := range sampleDists {
		t.Run(tc.name, func(t *testing.T) {
			xs := draw(tc.d, 1, n)
			for _, x := range xs {
				if !(x >= 0) {
					t.Fatalf("sample %v is not clamped to ≥ 0", x)
				}
			}
			mc, sd := meanSD(xs)
			want := tc.d.MeanClamped()
			tol := 5*sd/math.Sqrt(n) + 1e-12
			if math.Abs(mc-want) > tol {
				t.Errorf("MeanClamped = %.6g, Monte Carlo mean = %.6g ± %.3g", want, mc, tol)
			}
		})
	}
}

// TestMeanClampedExact checks closed forms.
func TestMeanClampedExact(t *testing.T) {
	cases := []struct {
		d    model.Dist
		want float64
	}{
		{model.FixedDist(-2), 0},
		{model.FixedDist(2), 2},
		{model.UniformDist(2, 8), 5},
		{model.UniformDist(-4, 6), 36.0 / 20},
		{model.UniformDist(-5, -1), 0},
		{model.TriangularDist(1, 2, 6), 3},
		{model.TriangularDist(-2, -1, 0), 0},
		{model.NormalDist(3, 0), 3},
		{model.NormalDist(0, 1), 1 / math.Sqrt(2*math.Pi)},
		{model.ExponentialDist(4), 4},
		{model.WeibullDist(1, 3), 3}, // shape 1 is the exponential
		{model.EmpiricalDist(-1, 1, 3), 4.0 / 3},
		{model.LogNormalDist(5, 5), 5},
	}
	for _, tc := range cases {
		if got := tc.d.MeanClamped(); math.Abs(got-tc.want) > 1e-12*math.Max(1, tc.want) {
			t.Errorf("%+v: MeanClamped = %v, want %v", tc.d, got, tc.want)
		}
	}
}

// TestQuantileMonteCarlo compares Quantile with the nearest-rank quantile
// of 200,000 draws, and checks that it rises with p and is never negative.
func TestQuantileMonteCarlo(t *testing.T) {
	const n = 200000
	ps := []float64{0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}
	for _, tc := range sampleDists {
		t.Run(tc.name, func(t *testing.T) {
			xs := draw(tc.d, 2, n)
			slices.Sort(xs)
			prev := math.Inf(-1)
			for _, p := range ps {
				q := tc.d.Quantile(p)
				if !(q >= 0) || q < prev {
					t.Fatalf("Quantile(%v) = %v after %v: not ≥ 0 and rising", p, q, prev)
				}
				prev = q
				// The sample p-quantile lies, with overwhelming probability,
				// between the sample quantiles at p ± 5·sqrt(p(1−p)/n).
				w := 5 * math.Sqrt(p*(1-p)/n)
				lo, hi := nearestRank(xs, math.Max(p-w, 1e-9)), nearestRank(xs, math.Min(p+w, 1))
				eps := 1e-9 * math.Max(1, math.Abs(q))
				if q < lo-eps || q > hi+eps {
					t.Errorf("Quantile(%v) = %.6g, sample quantiles span [%.6g, %.6g]", p, q, lo, hi)
				}
			}
		})
	}
}

func TestQuantileExact(t *testing.T) {
	cases := []struct {
		d    model.Dist
		p    float64
		want float64
	}{
		{model.FixedDist(4), 0.3, 4},
		{model.FixedDist(-4), 0.3, 0},
		{model.UniformDist(10, 20), 0.25, 12.5},
		{model.UniformDist(-10, 10), 0.25, 0},
		{model.UniformDist(-10, 10), 0.75, 5},
		{model.TriangularDist(0, 0, 10), 0.36, 2}, // F(x) = 1 − (1 − x/10)²
		{model.NormalDist(10, 2), 0.5, 10},
		{model.NormalDist(-10, 2), 0.9, 0},
		{model.NormalDist(3, 0), 0.99, 3},
		{model.LogNormalDist(7, 30), 0.5, 7},
		{model.LogNormalDist(7, 30), 0.95, 30},
		{model.ExponentialDist(2), 1 - math.Exp(-1), 2},
		{model.WeibullDist(2, 3), 1 - math.Exp(-1), 3},
		{model.EmpiricalDist(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), 0.5, 5},
		{model.EmpiricalDist(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), 0.95, 10},
		{model.EmpiricalDist(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), 0.01, 1},
		{model.EmpiricalDist(-5, 1), 0.5, 0},
	}
	for _, tc := range cases {
		if got := tc.d.Quantile(tc.p); math.Abs(got-tc.want) > 1e-6*math.Max(1, tc.want) {
			t.Errorf("%+v: Quantile(%v) = %v, want %v", tc.d, tc.p, got, tc.want)
		}
	}
}

// TestLogNormalRecovered checks that the p50 and p95 a lognormal is given
// are the median and 95th percentile of its samples.
func TestLogNormalRecovered(t *testing.T) {
	const n = 200000
	for _, d := range []model.Dist{model.LogNormalDist(5, 10), model.LogNormalDist(25, 60), model.LogNormalDist(240, 1440), model.LogNormalDist(0.5, 2)} {
		xs := draw(d, 3, n)
		slices.Sort(xs)
		if p50 := nearestRank(xs, 0.5); math.Abs(p50/d.P50-1) > 0.01 {
			t.Errorf("%v..%v: sample median %.4g", d.P50, d.P95, p50)
		}
		if p95 := nearestRank(xs, 0.95); math.Abs(p95/d.P95-1) > 0.02 {
			t.Errorf("%v..%v: sample p95 %.4g", d.P50, d.P95, p95)
		}
	}
}

// TestSamplerSeed checks that a sampler's draws depend on its source only.
func TestSamplerSeed(t *testing.T) {
	for _, tc := range sampleDists {
		a, b, c := draw(tc.d, 42, 100), draw(tc.d, 42, 100), draw(tc.d, 43, 100)
		if !slices.Equal(a, b) {
			t.Errorf("%s: the same seed gave different samples", tc.name)
		}
		if constant := tc.d.Quantile(0.01) == tc.d.Quantile(0.99); !constant && slices.Equal(a, c) {
			t.Errorf("%s: different seeds gave the same samples", tc.name)
		}
	}
}

// TestSamplerFixedDrawsNothing checks the documented promise that a fixed
// dist leaves the source alone, so the engine's streams stay aligned.
func TestSamplerFixedDrawsNothing(t *testing.T) {
	src := rand.NewPCG(1, 2)
	s := model.NewSampler(model.FixedDist(3), src)
	for range 10 {
		s.Rand()
	}
	if got, want := src.Uint64(), rand.NewPCG(1, 2).Uint64(); got != want {
		t.Error("a fixed sampler drew from its source")
	}
}

var sink float64

// TestSamplerNoAllocs checks that Rand allocates nothing, for every kind,
// so the engine's trial loop does not feed the garbage collector.
func TestSamplerNoAllocs(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation may allocate")
	}
	for _, tc := range sampleDists {
		s := model.NewSampler(tc.d, rand.NewPCG(1, 2))
		if allocs := testing.AllocsPerRun(1000, func() { sink = s.Rand() }); allocs != 0 {
			t.Errorf("%s: Sampler.Rand allocates %v times per draw", tc.name, allocs)
		}
	}
}

func BenchmarkSamplerRand(b *testing.B) {
	for _, tc := range sampleDists {
		b.Run(tc.name, func(b *testing.B) {
			s := model.NewSampler(tc.d, rand.NewPCG(1, 2))
			b.ReportAllocs()
			for b.Loop() {
				sink = s.Rand()
			}
		})
	}
}

func TestParams(t *testing.T) {
	for _, k := range model.Kinds {
		names := model.ParamNames(k)
		if len(names) == 0 {
			t.Errorf("%s has no parameters", k)
		}
		if k == model.Empirical {
			continue
		}
		d := model.Dist{Kind: k}
		for i, name := range names {
			if !d.SetParam(name, float64(i+1)) {
				t.Errorf("%s: SetParam(%q) = false", k, name)
			}
			if v, ok := d.Param(name); !ok || v != float64(i+1) {
				t.Errorf("%s: Param(%q) = %v, %v", k, name, v, ok)
			}
		}
		if d.SetParam("nope", 1) {
			t.Errorf("%s: SetParam accepted an unknown parameter", k)
		}
		if _, ok := d.Param("nope"); ok {
			t.Errorf("%s: Param found an unknown parameter", k)
		}
	}
}
