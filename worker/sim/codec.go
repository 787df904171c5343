package sim

import (
	"encoding/binary"
	"math"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// The format: ints as zig-zag varints, uint64 as uvarints, float64 as
// their 8 IEEE 754 bytes little-endian, strings as a length and the bytes,
// slices as 0 for nil or 1 + their length, then the elements. Structs are
// their fields in declaration order. codec_test.go fails when a field is
// added to one of the planner's types and not here.

type writer struct{ b []byte }

func (w *writer) int(v int)             { w.b = binary.AppendVarint(w.b, int64(v)) }
func (w *writer) uint(v uint64)         { w.b = binary.AppendUvarint(w.b, v) }
func (w *writer) f64(v float64)         { w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(v)) }
func (w *writer) str(s string)          { w.uint(uint64(len(s))); w.b = append(w.b, s...) }
func (w *writer) pass(k model.PassKind) { w.str(string(k)) }

// n writes a slice's header: 0 for nil, 1 + its length otherwise.
func (w *writer) n(isNil bool, length int) {
	if isNil {
		w.uint(0)
		return
	}
	w.uint(uint64(length) + 1)
}

func (w *writer) f64s(v []float64) {
	w.n(v == nil, len(v))
	for _, x := range v {
		w.f64(x)
	}
}

func (w *writer) result(r *planner.Result) {
	w.str(r.Scenario)
	w.int(r.Trials)
	w.uint(r.Seed)
	w.metrics(&r.Service)
	w.roles(r.Roles)
	w.n(r.Passes == nil, len(r.Passes))
	for _, p := range r.Passes {
		w.pass(p.Pass)
		w.f64(p.Duration.Mean)
		w.f64(p.Duration.P50)
		w.f64(p.Duration.P95)
	}
}

func (w *writer) metrics(m *planner.Metrics) {
	for _, x := range [...]float64{
		m.SLACompliance.P, m.SLACompliance.Lo, m.SLACompliance.Hi,
		m.PBad, m.PHardDown,
		m.BadMinutes.Mean, m.BadMinutes.P50, m.BadMinutes.P95, m.BadMinutes.P99,
		m.HardDownMinutes.Mean, m.HardDownMinutes.P50, m.HardDownMinutes.P95, m.HardDownMinutes.P99,
		m.AvailabilityPct.Mean, m.AvailabilityPct.P05,
		m.RequestsServedPct.Mean, m.LostRequestMins.Mean,
	} {
		w.f64(x)
	}
}

func (w *writer) roles(roles []planner.RoleResult) {
	w.n(roles == nil, len(roles))
	for i := range roles {
		rr := &roles[i]
		w.str(rr.Name)
		w.metrics(&rr.Metrics)
		w.n(rr.UDCapacityLoss == nil, len(rr.UDCapacityLoss))
		for _, pl := range rr.UDCapacityLoss {
			w.pass(pl.Pass)
			w.n(pl.Domains == nil, len(pl.Domains))
			for _, d := range pl.Domains {
				w.int(d.UD)
				w.f64(d.Mean)
				w.f64(d.P95)
			}
		}
	}
}

func (w *writer) charts(c *planner.Charts) {
	w.str(c.Scenario)
	w.int(c.Trials)
	w.f64(c.BudgetMinutes)
	w.n(c.WarmCapacity == nil, len(c.WarmCapacity))
	for i := range c.WarmCapacity {
		b := &c.WarmCapacity[i]
		w.pass(b.Pass)
		w.str(b.Role)
		w.f64(b.Needed)
		w.f64s(b.Minutes)
		w.f64s(b.P05)
		w.f64s(b.P50)
		w.f64s(b.P95)
	}
	w.dists(c.BadMinutes)
	w.dists(c.PassDurations)
}

func (w *writer) dists(ds []planner.Distribution) {
	w.n(ds == nil, len(ds))
	for i := range ds {
		d := &ds[i]
		w.str(d.Name)
		w.str(d.Unit)
		w.f64(d.Mean)
		w.n(d.CDF == nil, len(d.CDF))
		for _, p := range d.CDF {
			w.f64(p.X)
			w.f64(p.Y)
		}
		w.n(d.Histogram == nil, len(d.Histogram))
		for _, b := range d.Histogram {
			w.f64(b.Lo)
			w.f64(b.Hi)
			w.int(b.Count)
		}
	}
}

// reader reads what writer wrote. After the first error (bad set) every
// read returns zero values, so that the decoder never panics and never
// allocates more than the bytes could hold.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) uint() uint64 {
	v, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[k:]
	return v
}

func (r *reader) int() int {
	v, k := binary.Varint(r.b)
	if k <= 0 || v != int64(int(v)) {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[k:]
	return int(v)
}

func (r *reader) f64() float64 {
	if len(r.b) < 8 {
		r.bad, r.b = true, nil
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

func (r *reader) str() string {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.bad, r.b = true, nil
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *reader) pass() model.PassKind { return model.PassKind(r.str()) }

// n reads a slice's header: whether it is nil and its length, which must
// fit in the bytes left at minBytes bytes per element.
func (r *reader) n(minBytes int) (isNil bool, length int) {
	v := r.uint()
	if v == 0 {
		return true, 0
	}
	if v-1 > uint64(len(r.b)/minBytes) {
		r.bad, r.b = true, nil
		return true, 0
	}
	return false, int(v - 1)
}

func (r *reader) f64s() []float64 {
	isNil, n := r.n(8)
	if isNil {
		return nil
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = r.f64()
	}
	return v
}

func (r *reader) result(res *planner.Result) {
	res.Scenario = r.str()
	res.Trials = r.int()
	res.Seed = r.uint()
	r.metrics(&res.Service)
	res.Roles = r.roles()
	if isNil, n := r.n(1 + 3*8); !isNil {
		res.Passes = make([]planner.PassResult, n)
		for i := range res.Passes {
			p := &res.Passes[i]
			p.Pass = r.pass()
			p.Duration = planner.Summary{Mean: r.f64(), P50: r.f64(), P95: r.f64()}
		}
	}
}

func (r *reader) metrics(m *planner.Metrics) {
	m.SLACompliance = planner.Proportion{P: r.f64(), Lo: r.f64(), Hi: r.f64()}
	m.PBad = r.f64()
	m.PHardDown = r.f64()
	m.BadMinutes = planner.Quantiles{Mean: r.f64(), P50: r.f64(), P95: r.f64(), P99: r.f64()}
	m.HardDownMinutes = planner.Quantiles{Mean: r.f64(), P50: r.f64(), P95: r.f64(), P99: r.f64()}
	m.AvailabilityPct = planner.Availability{Mean: r.f64(), P05: r.f64()}
	m.RequestsServedPct = planner.MeanOnly{Mean: r.f64()}
	m.LostRequestMins = planner.MeanOnly{Mean: r.f64()}
}

func (r *reader) roles() []planner.RoleResult {
	isNil, n := r.n(1 + 17*8 + 1)
	if isNil {
		return nil
	}
	roles := make([]planner.RoleResult, n)
	for i := range roles {
		rr := &roles[i]
		rr.Name = r.str()
		r.metrics(&rr.Metrics)
		if isNil, n := r.n(2); !isNil {
			rr.UDCapacityLoss = make([]planner.PassCapacityLoss, n)
			for j := range rr.UDCapacityLoss {
				pl := &rr.UDCapacityLoss[j]
				pl.Pass = r.pass()
				if isNil, n := r.n(1 + 2*8); !isNil {
					pl.Domains = make([]planner.UDLoss, n)
					for k := range pl.Domains {
						pl.Domains[k] = planner.UDLoss{UD: r.int(), Mean: r.f64(), P95: r.f64()}
					}
				}
			}
		}
	}
	return roles
}

func (r *reader) charts(c *planner.Charts) {
	c.Scenario = r.str()
	c.Trials = r.int()
	c.BudgetMinutes = r.f64()
	if isNil, n := r.n(2 + 8 + 4); !isNil {
		c.WarmCapacity = make([]planner.WarmBands, n)
		for i := range c.WarmCapacity {
			b := &c.WarmCapacity[i]
			b.Pass = r.pass()
			b.Role = r.str()
			b.Needed = r.f64()
			b.Minutes = r.f64s()
			b.P05 = r.f64s()
			b.P50 = r.f64s()
			b.P95 = r.f64s()
		}
	}
	c.BadMinutes = r.dists()
	c.PassDurations = r.dists()
}

func (r *reader) dists() []planner.Distribution {
	isNil, n := r.n(2 + 8 + 2)
	if isNil {
		return nil
	}
	ds := make([]planner.Distribution, n)
	for i := range ds {
		d := &ds[i]
		d.Name = r.str()
		d.Unit = r.str()
		d.Mean = r.f64()
		if isNil, n := r.n(2 * 8); !isNil {
			d.CDF = make([]planner.Point, n)
			for j := range d.CDF {
				d.CDF[j] = planner.Point{X: r.f64(), Y: r.f64()}
			}
		}
		if isNil, n := r.n(2*8 + 1); !isNil {
			d.Histogram = make([]planner.Bin, n)
			for j := range d.Histogram {
				d.Histogram[j] = planner.Bin{Lo: r.f64(), Hi: r.f64(), Count: r.int()}
			}
		}
	}
	return ds
}
