package model

import "math"

// Portable elementary functions for sampling.
//
// docs/model.md §5.5 promises the same numbers byte for byte natively and in the
// browser. Go's math.Exp is assembly on amd64 and pure Go on WebAssembly,
// and the two differ in the last bit for some inputs; math.Pow calls
// math.Exp. gonum's distuv draws lognormal, Weibull (and, in rare
// branches, normal and exponential) samples through them, so a sampler
// built on those draws would give different results in the browser. The
// functions below use only operations that round identically on amd64 and
// WebAssembly: IEEE arithmetic, math.Sqrt, math.Log1p and math.Ldexp
// (pure Go on both), and math.Log, whose amd64 assembly is the
// same algorithm as the pure-Go code (TestPortableMath under Node and the
// golden results in wasm_test/node check all of this).

// portableExp returns eˣ with FreeBSD's e_exp.c algorithm: the one Go's
// pure-Go math.Exp uses, so it is bit-identical to math.Exp on
// WebAssembly and within 1 ulp of it on amd64.
func portableExp(x float64) float64 {
	const (
		ln2Hi     = 6.93147180369123816490e-01
		ln2Lo     = 1.90821492927058770002e-10
		log2e     = 1.44269504088896338700e+00
		overflow  = 7.09782712893383973096e+02
		underflow = -7.45133219101941108420e+02
		nearZero  = 1.0 / (1 << 28)
		p1        = 1.66666666666666657415e-01
		p2        = -2.77777777770155933842e-03
		p3        = 6.61375632143793436117e-05
		p4        = -1.65339022054652515390e-06
		p5        = 4.13813679705723846039e-08
	)
	switch {
	case math.IsNaN(x):
		return x
	case x > overflow:
		return math.Inf(1)
	case x < underflow:
		return 0
	case -nearZero < x && x < nearZero:
		return 1 + x
	}
	// Reduce x = k·ln2 + r with |r| ≤ ln2/2, r = hi − lo for precision.
	// Round log2e·x half away from zero; adding ±0.5 is exact and avoids
	// a branch on x's sign that the hardware cannot predict.
	k := int(log2e*x + math.Copysign(0.5, x))
	hi := x - float64(k)*ln2Hi
	lo := float64(k) * ln2Lo
	r := hi - lo
	t := r * r
	c := r - t*(p1+t*(p2+t*(p3+t*(p4+t*p5))))
	y := 1 - ((lo - (r*c)/(2-c)) - hi)
	// y·2ᵏ: y is within [0.7, 1.5), so for these k the product is a
	// normal number and multiplying by the power of two is exact, as
	// math.Ldexp is; past them math.Ldexp handles overflow and subnormals.
	if -1021 <= k && k <= 1022 {
		return y * math.Float64frombits(uint64(k+1023)<<52)
	}
	return math.Ldexp(y, k)
}

// The ziggurat of Marsaglia and Tsang ("The Ziggurat Method for Generating
// Random Variables", 2000) for standard normal deviates, as math/rand/v2's
// NormFloat64 draws them, with float64 tables computed at start-up by the
// portable functions above (so they are the same bits on every platform)
// and portableExp in place of math.Exp.
const (
	zigStrips = 128
	zigR      = 3.442619855899      // where the tail begins
	zigV      = 9.91256303526217e-3 // the area of each strip
	zigScale  = 1 << 31             // j's range: x = j·zigW[i], |j| < 2³¹
)

var (
	zigK [zigStrips]uint32  // |j| below zigK[i]: x lies inside strip i's rectangle
	zigW [zigStrips]float64 // strip i's width ÷ 2³¹
	zigF [zigStrips]float64 // the density e^(−x²/2) at strip i's edge
)

func init() {
	dn, tn := zigR, zigR
	q := zigV / portableExp(-0.5*dn*dn)
	zigK[0] = uint32(dn / q * zigScale)
	zigK[1] = 0
	zigW[0] = q / zigScale
	zigW[zigStrips-1] = dn / zigScale
	zigF[0] = 1
	zigF[zigStrips-1] = portableExp(-0.5 * dn * dn)
	for i := zigStrips - 2; i >= 1; i-- {
		dn = math.Sqrt(-2 * math.Log(zigV/dn+portableExp(-0.5*dn*dn)))
		zigK[i+1] = uint32(dn / tn * zigScale)
		tn = dn
		zigF[i] = portableExp(-0.5 * dn * dn)
		zigW[i] = dn / zigScale
	}
}

// stdNormal returns a standard normal deviate by the ziggurat. About 99 %
// of draws take one Uint64 from the source and do one multiplication; the
// rest take further numbers (a uniform for the wedge test, two per round
// in the tail) and may start over with another Uint64.
func (s *Sampler) stdNormal() float64 {
	for {
		u := s.uint64()
		j := int32(u) // the sign and the position within the strip
		i := u >> 32 & (zigStrips - 1)
		x := float64(j) * zigW[i]
		if absInt32(j) < zigK[i] {
			return x // inside the strip's rectangle
		}
		if i == 0 {
			// The tail beyond zigR, by Marsaglia's exponential method;
			// 1 − u ∈ (0, 1] keeps the logarithms finite.
			for {
				x = -math.Log(1-s.uniform()) / zigR
				y := -math.Log(1 - s.uniform())
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return zigR + x
			}
			return -zigR - x
		}
		// The wedge between the rectangle and the curve.
		if zigF[i]+s.uniform()*(zigF[i-1]-zigF[i]) < portableExp(-0.5*x*x) {
			return x
		}
	}
}

func absInt32(j int32) uint32 {
	if j < 0 {
		return uint32(-j)
	}
	return uint32(j)
}
