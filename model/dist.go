package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// Kind names a distribution family of docs/model.md §3.2.
type Kind string

// The eight distribution kinds. Parameters are in the unit of the field
// that holds the distribution (minutes for durations, a fraction for
// utilisation).
const (
	Fixed       Kind = "fixed"       // Value
	Uniform     Kind = "uniform"     // Min ≤ Max
	Triangular  Kind = "triangular"  // Min ≤ Mode ≤ Max, Min < Max
	Normal      Kind = "normal"      // Mean, SD ≥ 0
	LogNormal   Kind = "lognormal"   // 0 < P50 ≤ P95
	Exponential Kind = "exponential" // Mean > 0
	Weibull     Kind = "weibull"     // Shape > 0, Scale > 0
	Empirical   Kind = "empirical"   // 1..10,000 Values, resampled uniformly
)

// Kinds lists every kind in the order the UI offers them.
var Kinds = []Kind{Fixed, Uniform, Triangular, Normal, LogNormal, Exponential, Weibull, Empirical}

// MaxEmpiricalValues is the most observations an empirical distribution holds.
const MaxEmpiricalValues = 10000

// LognormalZ95 is the standard normal 95th percentile that the model uses
// to turn a lognormal's P95 into σ = ln(P95/P50)/LognormalZ95 (docs/model.md
// §3.2): the one place this constant is written.
const LognormalZ95 = 1.6448536

// Dist is a distribution of docs/model.md §3.2. Only the parameters of its Kind
// are meaningful; the others are zero and are neither encoded nor read.
// Every sample drawn from a Dist is clamped to ≥ 0.
type Dist struct {
	Kind   Kind
	Value  float64   // fixed
	Min    float64   // uniform, triangular
	Mode   float64   // triangular
	Max    float64   // uniform, triangular
	Mean   float64   // normal, exponential
	SD     float64   // normal
	P50    float64   // lognormal median
	P95    float64   // lognormal 95th percentile
	Shape  float64   // weibull k
	Scale  float64   // weibull λ
	Values []float64 // empirical observations
}

// FixedDist returns the distribution that always yields v.
func FixedDist(v float64) Dist { return Dist{Kind: Fixed, Value: v} }

// UniformDist returns the uniform distribution on [min, max].
func UniformDist(min, max float64) Dist { return Dist{Kind: Uniform, Min: min, Max: max} }

// TriangularDist returns the triangular distribution on [min, max] with the given mode.
func TriangularDist(min, mode, max float64) Dist {
	return Dist{Kind: Triangular, Min: min, Mode: mode, Max: max}
}

// NormalDist returns the normal distribution (clamped to ≥ 0 when sampled).
func NormalDist(mean, sd float64) Dist { return Dist{Kind: Normal, Mean: mean, SD: sd} }

// LogNormalDist returns the lognormal distribution with the given median and 95th percentile.
func LogNormalDist(p50, p95 float64) Dist { return Dist{Kind: LogNormal, P50: p50, P95: p95} }

// ExponentialDist returns the exponential distribution with the given mean.
func ExponentialDist(mean float64) Dist { return Dist{Kind: Exponential, Mean: mean} }

// WeibullDist returns the Weibull distribution with shape k and scale λ.
func WeibullDist(shape, scale float64) Dist { return Dist{Kind: Weibull, Shape: shape, Scale: scale} }

// EmpiricalDist returns the distribution that resamples values uniformly.
func EmpiricalDist(values ...float64) Dist { return Dist{Kind: Empirical, Values: values} }

// param is one named parameter of a kind, with access to its field.
type param struct {
	name string
	ptr  func(*Dist) *float64
}

var kindParams = map[Kind][]param{
	Fixed:       {{"value", func(d *Dist) *float64 { return &d.Value }}},
	Uniform:     {{"min", func(d *Dist) *float64 { return &d.Min }}, {"max", func(d *Dist) *float64 { return &d.Max }}},
	Triangular:  {{"min", func(d *Dist) *float64 { return &d.Min }}, {"mode", func(d *Dist) *float64 { return &d.Mode }}, {"max", func(d *Dist) *float64 { return &d.Max }}},
	Normal:      {{"mean", func(d *Dist) *float64 { return &d.Mean }}, {"sd", func(d *Dist) *float64 { return &d.SD }}},
	LogNormal:   {{"p50", func(d *Dist) *float64 { return &d.P50 }}, {"p95", func(d *Dist) *float64 { return &d.P95 }}},
	Exponential: {{"mean", func(d *Dist) *float64 { return &d.Mean }}},
	Weibull:     {{"shape", func(d *Dist) *float64 { return &d.Shape }}, {"scale", func(d *Dist) *float64 { return &d.Scale }}},
	Empirical:   nil, // "values"
}

// ParamNames returns the JSON names of the parameters of kind k, in order.
func ParamNames(k Kind) []string {
	if k == Empirical {
		return []string{"values"}
	}
	ps := kindParams[k]
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.name
	}
	return names
}

// Param returns the value of the named numeric parameter and whether the
// dist's kind has it.
func (d Dist) Param(name string) (float64, bool) {
	for _, p := range kindParams[d.Kind] {
		if p.name == name {
			return *p.ptr(&d), true
		}
	}
	return 0, false
}

// SetParam sets the named numeric parameter; it reports false when the
// dist's kind has no such parameter.
func (d *Dist) SetParam(name string, v float64) bool {
	for _, p := range kindParams[d.Kind] {
		if p.name == name {
			*p.ptr(d) = v
			return true
		}
	}
	return false
}

// MarshalJSON writes {"kind": …} followed by exactly the kind's parameters.
func (d Dist) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"kind":`)
	k, _ := json.Marshal(string(d.Kind))
	b.Write(k)
	if d.Kind == Empirical {
		b.WriteString(`,"values":[`)
		for i, v := range d.Values {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeFloat(&b, v); err != nil {
				return nil, err
			}
		}
		b.WriteByte(']')
	}
	for _, p := range kindParams[d.Kind] {
		b.WriteString(`,"` + p.name + `":`)
		if err := writeFloat(&b, *p.ptr(&d)); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeFloat(b *bytes.Buffer, v float64) error {
	out, err := json.Marshal(v) // errors on NaN and ±Inf
	if err != nil {
		return err
	}
	b.Write(out)
	return nil
}

// UnmarshalJSON reads a distribution strictly: unknown or missing
// parameters are errors (see Decode for the error form).
func (d *Dist) UnmarshalJSON(data []byte) error {
	v, ps, complete, err := parseJSON(data, distShape)
	if err != nil {
		return Problems{{Rule: err.Error()}}
	}
	if !complete {
		return ps
	}
	dd, ok := decodeDist(&ps, "", v)
	if len(ps) > 0 {
		return ps
	}
	if ok {
		*d = dd
	}
	return nil
}

// logNormalParams returns μ and σ of the underlying normal.
func (d Dist) logNormalParams() (mu, sigma float64) {
	return math.Log(d.P50), math.Log(d.P95/d.P50) / LognormalZ95
}

// validate appends the problems of d's parameters, under path; d is a
// duration in minutes.
func (d Dist) validate(ps *Problems, path string) { d.validateAs(ps, path, true) }

// boundRule returns the rule that v breaks by lying outside ±MaxMinutes,
// or "".
func boundRule(v float64, minutes bool) string {
	if math.Abs(v) <= MaxMinutes {
		return ""
	}
	unit := " (3 years in minutes)"
	if !minutes {
		unit = ""
	}
	if v > 0 {
		return fmt.Sprintf("must be at most %d%s (got %s)", MaxMinutes, unit, fmtNum(v))
	}
	return fmt.Sprintf("must be at least -%d%s (got %s)", MaxMinutes, unit, fmtNum(v))
}

// validateAs is validate for a duration (minutes) or a fraction.
func (d Dist) validateAs(ps *Problems, path string, minutes bool) {
	params, known := kindParams[d.Kind]
	if !known {
		ps.add(path+".kind", "must be one of fixed, uniform, triangular, normal, lognormal, exponential, weibull, empirical (got %q)", string(d.Kind))
		return
	}
	for _, p := range params {
		if v := *p.ptr(&d); math.IsNaN(v) || math.IsInf(v, 0) {
			ps.add(path+"."+p.name, "must be a finite number")
			return
		}
	}
	for _, p := range params {
		if rule := boundRule(*p.ptr(&d), minutes); rule != "" {
			ps.add(path+"."+p.name, "%s", rule)
			return
		}
	}
	switch d.Kind {
	case Uniform:
		if d.Min > d.Max {
			ps.add(path+".max", "must be ≥ min (%s)", fmtNum(d.Min))
		}
	case Triangular:
		if d.Min >= d.Max {
			ps.add(path+".max", "must be > min (%s)", fmtNum(d.Min))
		} else if d.Mode < d.Min || d.Mode > d.Max {
			ps.add(path+".mode", "must lie between min (%s) and max (%s)", fmtNum(d.Min), fmtNum(d.Max))
		}
	case Normal:
		if d.SD < 0 {
			ps.add(path+".sd", "must be ≥ 0")
		}
	case LogNormal:
		if d.P50 <= 0 {
			ps.add(path+".p50", "must be > 0")
		} else if d.P95 < d.P50 {
			ps.add(path+".p95", "must be ≥ p50 (%s)", fmtNum(d.P50))
		} else if d.P95 > MaxLogNormalSpread*d.P50 {
			ps.add(path+".p95", "must be at most %d × p50 (%s), or the samples grow without bound; raise p50 or lower p95", MaxLogNormalSpread, fmtNum(MaxLogNormalSpread*d.P50))
		}
	case Exponential:
		if d.Mean <= 0 {
			ps.add(path+".mean", "must be > 0")
		}
	case Weibull:
		if d.Shape <= 0 {
			ps.add(path+".shape", "must be > 0")
		} else if d.Shape < MinWeibullShape {
			ps.add(path+".shape", "must be at least %s, or the samples grow without bound", fmtNum(MinWeibullShape))
		}
		if d.Scale <= 0 {
			ps.add(path+".scale", "must be > 0")
		}
	case Empirical:
		switch n := len(d.Values); {
		case n == 0:
			ps.add(path+".values", "must hold at least 1 observation")
		case n > MaxEmpiricalValues:
			ps.add(path+".values", "must hold at most %d observations (got %d)", MaxEmpiricalValues, n)
		}
		for i, v := range d.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				ps.add(path+".values["+strconv.Itoa(i)+"]", "must be a finite number")
				break
			}
			if rule := boundRule(v, minutes); rule != "" {
				ps.add(path+".values["+strconv.Itoa(i)+"]", "%s", rule)
				break
			}
		}
	}
}

// Validate returns the problems of d, with paths relative to the dist
// ("p95", "kind").
func (d Dist) Validate() Problems {
	var ps Problems
	d.validate(&ps, "")
	for i := range ps {
		ps[i].Path = ps[i].Path[1:]
	}
	return ps
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// MeanClamped returns the mean of the samples d yields, which are clamped
// to ≥ 0: E[max(X, 0)]. It is exact for every kind. The dist must be valid.
func (d Dist) MeanClamped() float64 {
	switch d.Kind {
	case Fixed:
		return math.Max(d.Value, 0)
	case Uniform:
		if d.Min >= 0 {
			return (d.Min + d.Max) / 2
		}
		if d.Max <= 0 {
			return 0
		}
		return d.Max * d.Max / (2 * (d.Max - d.Min))
	case Triangular:
		if d.Min >= 0 {
			return (d.Min + d.Mode + d.Max) / 3
		}
		// E[max(X,0)] = ∫_0^max (1 − F(x)) dx; 1 − F is quadratic on
		// [min, mode] and on [mode, max], so Simpson's rule is exact on each.
		tri := distuv.NewTriangle(d.Min, d.Max, d.Mode, nil)
		surv := func(x float64) float64 { return 1 - tri.CDF(x) }
		simpson := func(a, b float64) float64 {
			if b <= a {
				return 0
			}
			return (b - a) / 6 * (surv(a) + 4*surv((a+b)/2) + surv(b))
		}
		return simpson(math.Max(0, d.Min), math.Max(0, d.Mode)) + simpson(math.Max(0, d.Mode), d.Max)
	case Normal:
		if d.SD == 0 {
			return math.Max(d.Mean, 0)
		}
		z := d.Mean / d.SD
		std := distuv.UnitNormal
		return d.Mean*std.CDF(z) + d.SD*std.Prob(z)
	case LogNormal:
		mu, sigma := d.logNormalParams()
		return math.Exp(mu + sigma*sigma/2)
	case Exponential:
		return d.Mean
	case Weibull:
		return d.Scale * math.Gamma(1+1/d.Shape)
	case Empirical:
		var sum float64
		for _, v := range d.Values {
			sum += math.Max(v, 0)
		}
		return sum / float64(len(d.Values))
	}
	return math.NaN()
}

// Quantile returns the p-quantile (0 < p < 1) of the clamped samples. For
// an empirical dist it is the nearest-rank value. The dist must be valid.
// It gives the same bits natively and on WebAssembly.
func (d Dist) Quantile(p float64) float64 {
	var q float64
	switch d.Kind {
	case Fixed:
		q = d.Value
	case Uniform:
		q = d.Min + p*(d.Max-d.Min)
	case Triangular:
		q = distuv.NewTriangle(d.Min, d.Max, d.Mode, nil).Quantile(p)
	case Normal:
		q = distuv.Normal{Mu: d.Mean, Sigma: d.SD}.Quantile(p)
		if d.SD == 0 {
			q = d.Mean
		}
	case LogNormal:
		// distuv's lognormal and Weibull quantiles go through math.Exp,
		// which differs between amd64 and WebAssembly (portable.go).
		mu, sigma := d.logNormalParams()
		q = portableExp(mu + sigma*distuv.UnitNormal.Quantile(p))
	case Exponential:
		q = -d.Mean * math.Log1p(-p)
	case Weibull:
		q = d.Scale * portableExp(math.Log(-math.Log1p(-p))/d.Shape)
	case Empirical:
		s := slices.Clone(d.Values)
		slices.Sort(s)
		rank := int(math.Ceil(p * float64(len(s))))
		q = s[max(rank, 1)-1]
	default:
		return math.NaN()
	}
	return math.Max(q, 0)
}
