package planner

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"

	"rolloutplanner/model"
)

// WilsonZ is the normal quantile of the 95 % Wilson score interval.
const WilsonZ = 1.959964

// Result is the summary of a run, docs/model.md §6. Its JSON form is the
// command line's -json output: roles and passes are objects keyed by name,
// in scenario and run order. It reads back (UnmarshalJSON) into the same
// Result, so it is also the form in which the analysis worker hands the
// page its runs.
type Result struct {
	Scenario string
	Trials   int
	Seed     uint64
	Service  Metrics
	Roles    []RoleResult // in scenario order
	Passes   []PassResult // the enabled passes, in run order
}

// Metrics are the monthly measures of the service or of one role.
type Metrics struct {
	SLACompliance     Proportion   `json:"sla_compliance"`      // share of months meeting the SLA
	PBad              float64      `json:"p_bad"`               // share of months with a bad minute
	PHardDown         float64      `json:"p_hard_down"`         // share of months with a hard-down minute
	BadMinutes        Quantiles    `json:"bad_minutes"`         // minutes per month
	HardDownMinutes   Quantiles    `json:"hard_down_minutes"`   // minutes per month
	AvailabilityPct   Availability `json:"availability_pct"`    // percent of the month not bad
	RequestsServedPct MeanOnly     `json:"requests_served_pct"` // percent of the month's requests served
	LostRequestMins   MeanOnly     `json:"lost_request_minutes"`
}

// Proportion is a share of months with its 95 % Wilson score interval.
type Proportion struct {
	P  float64 `json:"p"`
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
}

// Quantiles summarise a measure over the trials; quantiles are nearest-rank.
type Quantiles struct {
	Mean float64 `json:"mean"`
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
}

// Availability is the mean and the 5th percentile of monthly availability, percent.
type Availability struct {
	Mean float64 `json:"mean"`
	P05  float64 `json:"p05"`
}

// MeanOnly is a mean over the trials.
type MeanOnly struct {
	Mean float64 `json:"mean"`
}

// RoleResult is one role's metrics and its capacity loss per domain.
type RoleResult struct {
	Name string
	Metrics
	UDCapacityLoss []PassCapacityLoss // per enabled pass
}

// PassCapacityLoss is the capacity a role loses while each domain of one
// pass is upgraded: 1 − min(warm/n) over [T_k, E_k).
type PassCapacityLoss struct {
	Pass    model.PassKind
	Domains []UDLoss
}

// UDLoss is one domain's capacity loss, a fraction of the role.
type UDLoss struct {
	UD   int     `json:"ud"`
	Mean float64 `json:"mean"`
	P95  float64 `json:"p95"`
}

// PassResult is how long one pass takes from its start to its end, minutes.
type PassResult struct {
	Pass     model.PassKind
	Duration Summary
}

// Summary is a mean and nearest-rank median and 95th percentile.
type Summary struct {
	Mean float64 `json:"mean"`
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
}

// Wilson returns the share k/n with its Wilson score interval at z.
func Wilson(k, n int, z float64) Proportion {
	if n == 0 {
		return Proportion{P: math.NaN(), Lo: 0, Hi: 1}
	}
	nf := float64(n)
	p := float64(k) / nf
	z2 := z * z
	den := 1 + z2/nf
	center := (p + z2/(2*nf)) / den
	half := z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo, hi := max(0, min(p, center-half)), min(1, max(p, center+half))
	// The bounds are exactly 0 at k = 0 and 1 at k = n; rounding would
	// leave them a few ulps off (8.7e-19 instead of 0).
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return Proportion{P: p, Lo: lo, Hi: hi}
}

// Rank returns the 1-based nearest rank of the pct-th percentile among n
// values, ⌈pct·n/100⌉ computed in integers, at least 1.
func Rank(pct, n int) int { return max(1, (pct*n+99)/100) }

// sortedValues is a measure's values over all trials, held as the count of
// zeros and the sorted non-zero values.
type sortedValues struct {
	zeros  int
	values []float64
}

func (v *valueAcc) sorted(trials int) sortedValues {
	s := slices.Clone(v.nonzero)
	slices.Sort(s)
	return sortedValues{zeros: trials - len(s), values: s}
}

// kth returns the k-th smallest value, 1-based.
func (s sortedValues) kth(k int) float64 {
	if k <= s.zeros {
		return 0
	}
	return s.values[k-s.zeros-1]
}

func (s sortedValues) n() int { return s.zeros + len(s.values) }

func (s sortedValues) pct(p int) float64 { return s.kth(Rank(p, s.n())) }

// Result summarises the trials held so far. It needs at least one trial.
func (a *Accumulator) Result() Result {
	l := a.layout
	n := a.trials
	res := Result{Scenario: l.Scenario, Trials: n, Seed: l.Seed}
	if n == 0 {
		return res
	}
	res.Service = a.metrics(0)
	nd := len(l.Domains)
	for r, rl := range l.Roles {
		rr := RoleResult{Name: rl.Name, Metrics: a.metrics(r + 1)}
		for p, kind := range l.Passes {
			pl := PassCapacityLoss{Pass: kind}
			for d, ud := range l.Domains {
				off := a.capOffset[(p*nd+d)*len(l.Roles)+r]
				hist := a.capHist[off : off+rl.Instances+1]
				pl.Domains = append(pl.Domains, UDLoss{
					UD:   ud,
					Mean: histMean(hist, n) / float64(rl.Instances),
					P95:  float64(histKth(hist, Rank(95, n))) / float64(rl.Instances),
				})
			}
			rr.UDCapacityLoss = append(rr.UDCapacityLoss, pl)
		}
		res.Roles = append(res.Roles, rr)
	}
	for p, kind := range l.Passes {
		d := &a.durations[p]
		sv := d.sorted(n)
		res.Passes = append(res.Passes, PassResult{Pass: kind, Duration: Summary{
			Mean: d.sum.value() / float64(n), P50: sv.pct(50), P95: sv.pct(95),
		}})
	}
	return res
}

func (a *Accumulator) metrics(s int) Metrics {
	n := a.trials
	sa := &a.series[s]
	month := a.layout.MonthMinutes
	bad, hard := sa.bad.sorted(n), sa.hard.sorted(n)
	meanBad := sa.bad.sum.value() / float64(n)
	meanLost := sa.lost.value() / float64(n)
	// Availability and requests served are clamped at 0 per month
	// (docs/model.md §5.2): their means are those of min(B, month) and
	// min(F, month), the same as meanBad and meanLost while no month's
	// B or F passes the month.
	over := bad.values[sort.SearchFloat64s(bad.values, math.Nextafter(month, math.Inf(1))):]
	capBad := cappedSum(sa.bad.sum, over, month).value() / float64(n)
	capLost := cappedSum(sa.lost, sa.lostOver, month).value() / float64(n)
	return Metrics{
		SLACompliance:   Wilson(sa.slaMet, n, WilsonZ),
		PBad:            float64(len(bad.values)) / float64(n),
		PHardDown:       float64(len(hard.values)) / float64(n),
		BadMinutes:      Quantiles{Mean: meanBad, P50: bad.pct(50), P95: bad.pct(95), P99: bad.pct(99)},
		HardDownMinutes: Quantiles{Mean: sa.hard.sum.value() / float64(n), P50: hard.pct(50), P95: hard.pct(95), P99: hard.pct(99)},
		// A falls as B grows: the k-th smallest A is the (n−k+1)-th smallest B.
		AvailabilityPct:   Availability{Mean: availability(capBad, month), P05: availability(bad.kth(n-Rank(5, n)+1), month)},
		RequestsServedPct: MeanOnly{Mean: availability(capLost, month)},
		LostRequestMins:   MeanOnly{Mean: meanLost},
	}
}

func histMean(hist []uint64, n int) float64 {
	var sum uint64
	for level, c := range hist {
		sum += uint64(level) * c
	}
	return float64(sum) / float64(n)
}

// histKth returns the level of the k-th smallest value in a histogram.
func histKth(hist []uint64, k int) int {
	var seen uint64
	for level, c := range hist {
		seen += c
		if seen >= uint64(k) {
			return level
		}
	}
	return len(hist) - 1
}

// MarshalJSON writes the docs/model.md §6 object, keeping roles in scenario
// order and passes in run order.
func (r Result) MarshalJSON() ([]byte, error) {
	roles := make(ordered, 0, len(r.Roles))
	for _, rr := range r.Roles {
		loss := make(ordered, 0, len(rr.UDCapacityLoss))
		for _, pl := range rr.UDCapacityLoss {
			loss = append(loss, kv{string(pl.Pass), pl.Domains})
		}
		roles = append(roles, kv{rr.Name, struct {
			Metrics
			UDCapacityLoss ordered `json:"ud_capacity_loss"`
		}{rr.Metrics, loss}})
	}
	passes := make(ordered, 0, len(r.Passes))
	for _, p := range r.Passes {
		passes = append(passes, kv{string(p.Pass), struct {
			Duration Summary `json:"pass_duration"`
		}{p.Duration}})
	}
	return json.Marshal(ordered{
		{"scenario", r.Scenario}, {"trials", r.Trials}, {"seed", r.Seed},
		{"service", r.Service}, {"roles", roles}, {"passes", passes},
	})
}

// UnmarshalJSON reads MarshalJSON's object back, keeping the order of
// its roles, passes and per-pass capacity losses. Unknown fields are
// ignored and null leaves r alone, as encoding/json does; a role or pass
// that is not an object, or a value of the wrong type, is an error that
// leaves r alone.
func (r *Result) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil // as encoding/json does for any value
	}
	var w struct {
		Scenario string          `json:"scenario"`
		Trials   int             `json:"trials"`
		Seed     uint64          `json:"seed"`
		Service  Metrics         `json:"service"`
		Roles    json.RawMessage `json:"roles"`
		Passes   json.RawMessage `json:"passes"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	out := Result{Scenario: w.Scenario, Trials: w.Trials, Seed: w.Seed, Service: w.Service}
	err := members(w.Roles, "roles", func(name string, raw json.RawMessage) error {
		var v struct {
			Metrics
			Loss json.RawMessage `json:"ud_capacity_loss"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		rr := RoleResult{Name: name, Metrics: v.Metrics}
		err := members(v.Loss, "ud_capacity_loss", func(pass string, raw json.RawMessage) error {
			pl := PassCapacityLoss{Pass: model.PassKind(pass)}
			if err := json.Unmarshal(raw, &pl.Domains); err != nil {
				return err
			}
			rr.UDCapacityLoss = append(rr.UDCapacityLoss, pl)
			return nil
		})
		out.Roles = append(out.Roles, rr)
		return err
	})
	if err != nil {
		return err
	}
	err = members(w.Passes, "passes", func(pass string, raw json.RawMessage) error {
		var v struct {
			Duration Summary `json:"pass_duration"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		out.Passes = append(out.Passes, PassResult{Pass: model.PassKind(pass), Duration: v.Duration})
		return nil
	})
	if err != nil {
		return err
	}
	*r = out
	return nil
}

// members calls f for each member of the JSON object raw, in order; an
// absent or null raw has none. what names the object in errors.
func members(raw json.RawMessage, what string, f func(key string, value json.RawMessage) error) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("planner: result %s: want an object", what)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fmt.Errorf("planner: result %s: %w", what, err)
		}
		key, _ := t.(string) // object keys are strings
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("planner: result %s[%q]: %w", what, key, err)
		}
		if err := f(key, v); err != nil {
			return fmt.Errorf("planner: result %s[%q]: %w", what, key, err)
		}
	}
	return nil
}

type kv struct {
	key   string
	value any
}

// ordered is a JSON object whose keys keep their order.
type ordered []kv

func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(e.key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(e.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
