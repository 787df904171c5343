package planner

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// Accumulator holds the trials of one scenario that have run so far, in a
// form that merges exactly: counts, fixed-point sums, the non-zero values
// of every measure (for exact quantiles) and histograms of the discrete
// capacity levels. Accumulators of disjoint trial ranges merge into the
// same numbers whatever the split and the order. An Accumulator is not
// safe for concurrent use.
type Accumulator struct {
	layout *Layout
	ranges [][2]int // trial ranges [a, b) held, sorted and disjoint
	trials int

	series    []seriesAcc // 0: the service; 1+r: role r
	durations []valueAcc  // per pass

	capOffset []int    // per (pass, domain, role): start of its histogram in capHist
	capHist   []uint64 // counts of the capacity-loss level (n − least warm), 0..n
	gridOff   []int    // per (pass, role): start of its grid histograms in grid
	// grid holds, per grid point and warm level 0..Levels−1 (full
	// strength is implied), the change in the count of trials at that
	// level from the previous grid point: a trial short of full strength
	// over grid points [g0, g1) adds 1 at g0 and subtracts 1 at g1, so
	// recording costs the same however many points a span covers.
	// Counts are the running sums over the grid points (warmBands);
	// subtraction wraps around, and the sums come out exact.
	grid []uint64
}

// seriesAcc accumulates the service's or one role's measures.
type seriesAcc struct {
	bad, hard valueAcc // minutes per trial
	lost      fixedSum // request-minutes
	// lostOver holds F of the months whose F passed the month (rare):
	// with bad's values above the month they give the sums of min(B,
	// month) and min(F, month), whose means make the means of
	// availability and requests served, each clamped at 0 per month
	// (docs/model.md §5.2), without a per-trial cost (see cappedSum).
	lostOver []float64
	slaMet   int // months that met the SLA
}

// valueAcc keeps every non-zero value (zeros are counted as the rest of
// the trials) and their order-independent sum.
type valueAcc struct {
	nonzero []float64
	sum     fixedSum
}

func (v *valueAcc) add(x float64) {
	if x != 0 {
		v.nonzero = append(v.nonzero, v.sum.add(x))
	}
}

// fixedSum adds non-negative values as 128-bit fixed-point numbers with
// 32 fractional bits (2⁻³² min ≈ 14 ns): integer addition is associative,
// so the sum is the same in any order and any split. One value may be up
// to 2⁹⁶ minutes (about 1.5·10²³ years) and so may the sum; a value past
// that, a non-finite value or a sum past that saturates the sum at all
// ones, which stays so through every later add and merge and which Err
// reports as an overflow.
type fixedSum struct{ hi, lo uint64 }

const fixedScale = 1 << 32

// saturated reports whether the sum overflowed.
func (f fixedSum) saturated() bool { return f.hi == math.MaxUint64 && f.lo == math.MaxUint64 }

func (f *fixedSum) saturate() { f.hi, f.lo = math.MaxUint64, math.MaxUint64 }

// add adds x, rounded to the fixed-point step, and returns x, or the
// largest float64 for a non-finite x: a value that saturated the sum is
// kept finite, so that every figure derived from it stays finite. A
// saturated sum stays so: adding anything but 0 to all ones carries out
// of the top word.
func (f *fixedSum) add(x float64) (kept float64) {
	u := math.Round(max(x, 0) * fixedScale)
	if !(u < 1<<64) {
		return f.addLarge(x, u)
	}
	var carry uint64
	f.lo, carry = bits.Add64(f.lo, uint64(u), 0)
	if f.hi += carry; f.hi == 0 && carry != 0 {
		f.saturate()
	}
	return x
}

// addLarge is add for x rounded to u ≥ 2⁶⁴ units, +Inf or NaN.
func (f *fixedSum) addLarge(x, u float64) float64 {
	if !(u < 1<<128) { // ≥ 2¹²⁸ units (2⁹⁶ minutes), +Inf or NaN
		f.saturate()
		if !(x <= math.MaxFloat64) {
			x = math.MaxFloat64
		}
		return x
	}
	hi := uint64(u / (1 << 64)) // u is an integer: split it exactly
	f.merge(fixedSum{hi: hi, lo: uint64(u - float64(hi)*(1<<64))})
	return x
}

// merge adds o; as with add, a carry out of the top word saturates, and
// a saturated operand gives a saturated sum (all ones plus anything but 0
// carries out).
func (f *fixedSum) merge(o fixedSum) {
	var carry uint64
	f.lo, carry = bits.Add64(f.lo, o.lo, 0)
	f.hi, carry = bits.Add64(f.hi, o.hi, carry)
	if carry != 0 || o.saturated() {
		f.saturate()
	}
}

// cappedSum returns the sum of min(x, c) over the values x whose sum is
// sum, given those of them above c: sum − Σ over + len(over)·c, in fixed
// point. Each value rounds to the same units here as when it was added,
// so the result is the sum the capped values would have made, in any
// order. A saturated sum stays saturated.
func cappedSum(sum fixedSum, over []float64, c float64) fixedSum {
	if len(over) == 0 || sum.saturated() {
		return sum
	}
	var o, k fixedSum
	for _, x := range over {
		o.add(x)
		k.add(c)
	}
	if o.saturated() || k.saturated() {
		return o
	}
	var borrow uint64
	sum.lo, borrow = bits.Sub64(sum.lo, o.lo, 0)
	sum.hi, borrow = bits.Sub64(sum.hi, o.hi, borrow)
	if borrow != 0 { // over is not part of sum: only in damaged input
		sum = fixedSum{}
	}
	sum.merge(k)
	return sum
}

// value returns the sum as a float64; it is finite even when saturated.
func (f fixedSum) value() float64 {
	return (float64(f.hi)*(1<<64) + float64(f.lo)) / fixedScale
}

// ErrOverflow is the error of a run in which some trial's minutes were
// too large to add up: a time or a sum passed 2⁹⁶ minutes, or a sample
// overflowed a float64. The figures of such a run are finite but
// meaningless.
var ErrOverflow = errors.New("planner: the trials' minutes are too large to add up (a time or a sum of times passed 2^96 minutes): " +
	"shorten the scenario's durations; no operator needs one longer than a few years")

// Err returns ErrOverflow when a sum of the trials held overflowed (see
// ErrOverflow), else nil. Run returns it too; callers that run trials
// with Engine.Run and merge accumulators themselves must check it before
// showing a Result.
func (a *Accumulator) Err() error {
	for s := range a.series {
		sa := &a.series[s]
		for _, f := range []fixedSum{sa.bad.sum, sa.hard.sum, sa.lost} {
			if f.saturated() {
				return ErrOverflow
			}
		}
	}
	for p := range a.durations {
		if a.durations[p].sum.saturated() {
			return ErrOverflow
		}
	}
	return nil
}

// NewAccumulator returns an empty accumulator for results of layout l.
func NewAccumulator(l *Layout) *Accumulator {
	nr, np, nd := len(l.Roles), len(l.Passes), len(l.Domains)
	a := &Accumulator{
		layout:    l,
		series:    make([]seriesAcc, nr+1),
		durations: make([]valueAcc, np),
	}
	off := 0
	for range np * nd {
		for _, r := range l.Roles {
			a.capOffset = append(a.capOffset, off)
			off += r.Instances + 1
		}
	}
	a.capHist = make([]uint64, off)
	off = 0
	for range np {
		for _, r := range l.Roles {
			a.gridOff = append(a.gridOff, off)
			off += l.GridPoints * r.Levels
		}
	}
	a.grid = make([]uint64, off)
	return a
}

// Layout returns the shape of the results a holds.
func (a *Accumulator) Layout() *Layout { return a.layout }

// Trials returns how many trials a holds.
func (a *Accumulator) Trials() int { return a.trials }

// Ranges returns the trial ranges [a, b) that a holds, sorted.
func (a *Accumulator) Ranges() [][2]int { return slices.Clone(a.ranges) }

// addRange records that trials [lo, hi) are being added.
func (a *Accumulator) addRange(lo, hi int) error {
	if lo == hi {
		return nil
	}
	merged, err := mergeRanges(a.ranges, [][2]int{{lo, hi}})
	if err != nil {
		return err
	}
	a.ranges = merged
	return nil
}

// mergeRanges returns the sorted union of two sets of disjoint ranges,
// joining adjacent ones, or an error if they overlap.
func mergeRanges(x, y [][2]int) ([][2]int, error) {
	all := append(slices.Clone(x), y...)
	slices.SortFunc(all, func(p, q [2]int) int { return p[0] - q[0] })
	var out [][2]int
	for _, r := range all {
		if n := len(out); n > 0 && r[0] < out[n-1][1] {
			return nil, fmt.Errorf("trials [%d, %d) are already held", r[0], min(r[1], out[n-1][1]))
		} else if n > 0 && r[0] == out[n-1][1] {
			out[n-1][1] = r[1]
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

func (a *Accumulator) addTrial(tv *trialValues) {
	a.trials++
	month, target := a.layout.MonthMinutes, a.layout.SLATargetPct
	for s := range a.series {
		sa := &a.series[s]
		sa.bad.add(tv.bad[s])
		sa.hard.add(tv.hard[s])
		sa.lost.add(tv.lost[s])
		if f := tv.lost[s]; f > month {
			sa.lostOver = append(sa.lostOver, min(f, math.MaxFloat64))
		}
		if availability(tv.bad[s], month) >= target {
			sa.slaMet++
		}
	}
	for p, d := range tv.duration {
		a.durations[p].add(d)
	}
}

// availability is docs/model.md §5.2's A = 100·max(0, 1 − B/month),
// percent; requests served is the same function of F.
func availability(bad, month float64) float64 { return 100 * max(0, 1-bad/month) }

func (a *Accumulator) addCapacity(pass, ud, role, level int) {
	nr, nd := len(a.layout.Roles), len(a.layout.Domains)
	a.capHist[a.capOffset[(pass*nd+ud)*nr+role]+level]++
}

// addGridSpan records that a role had warm instances short of full
// strength at grid points [g0, g1) of a pass.
func (a *Accumulator) addGridSpan(pass, role, g0, g1, warm int) {
	rl := &a.layout.Roles[role]
	level := warm
	if rl.Levels != rl.Instances {
		level = warm * rl.Levels / rl.Instances
	}
	base := a.gridOff[pass*len(a.layout.Roles)+role] + level
	a.grid[base+g0*rl.Levels]++
	if g1 < a.layout.GridPoints {
		a.grid[base+g1*rl.Levels]--
	}
}

// Merge adds the trials of b to a. Both must come from the same layout and
// hold disjoint trial ranges; otherwise a is left unchanged and Merge
// returns an error.
func (a *Accumulator) Merge(b *Accumulator) error {
	if !a.layout.Equal(b.layout) {
		return fmt.Errorf("planner: cannot merge results of different scenarios")
	}
	ranges, err := mergeRanges(a.ranges, b.ranges)
	if err != nil {
		return fmt.Errorf("planner: cannot merge: %w", err)
	}
	a.ranges = ranges
	a.trials += b.trials
	for s := range a.series {
		x, y := &a.series[s], &b.series[s]
		x.bad.merge(&y.bad)
		x.hard.merge(&y.hard)
		x.lost.merge(y.lost)
		x.lostOver = append(x.lostOver, y.lostOver...)
		x.slaMet += y.slaMet
	}
	for p := range a.durations {
		a.durations[p].merge(&b.durations[p])
	}
	for i, c := range b.capHist {
		a.capHist[i] += c
	}
	for i, c := range b.grid {
		a.grid[i] += c
	}
	return nil
}

func (v *valueAcc) merge(o *valueAcc) {
	v.nonzero = append(v.nonzero, o.nonzero...)
	v.sum.merge(o.sum)
}
