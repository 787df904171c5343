package planner

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
)

// accMagic starts every serialised accumulator; the digit is the format.
// RPA3 added each series' F of the months whose F passed the month
// (docs/model.md §5.2's clamp); an overflowed sum travels as a saturated one
// (all ones).
const accMagic = "RPA3"

// fingerprint identifies a layout, so that bytes from a worker that ran
// another scenario are refused rather than merged.
func (l *Layout) fingerprint() uint64 {
	b, _ := json.Marshal(l) // plain data: cannot fail
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// MarshalBinary encodes the accumulator compactly, for a Web Worker to post
// to the page. DecodeAccumulator reads it back.
func (a *Accumulator) MarshalBinary() ([]byte, error) {
	b := []byte(accMagic)
	b = binary.LittleEndian.AppendUint64(b, a.layout.fingerprint())
	b = binary.AppendUvarint(b, uint64(a.trials))
	b = binary.AppendUvarint(b, uint64(len(a.ranges)))
	for _, r := range a.ranges {
		b = binary.AppendUvarint(b, uint64(r[0]))
		b = binary.AppendUvarint(b, uint64(r[1]))
	}
	for i := range a.series {
		s := &a.series[i]
		b = s.bad.append(b)
		b = s.hard.append(b)
		b = s.lost.append(b)
		b = appendFloats(b, s.lostOver)
		b = binary.AppendUvarint(b, uint64(s.slaMet))
	}
	for i := range a.durations {
		b = a.durations[i].append(b)
	}
	b = appendCounts(b, a.capHist)
	b = appendCounts(b, a.grid)
	return b, nil
}

func (v *valueAcc) append(b []byte) []byte {
	return v.sum.append(appendFloats(b, v.nonzero))
}

// appendFloats writes a list of positive finite values.
func appendFloats(b []byte, xs []float64) []byte {
	b = binary.AppendUvarint(b, uint64(len(xs)))
	for _, x := range xs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

func (f fixedSum) append(b []byte) []byte {
	b = binary.LittleEndian.AppendUint64(b, f.hi)
	return binary.LittleEndian.AppendUint64(b, f.lo)
}

// appendCounts writes a histogram as runs: (zeros skipped, value) pairs.
func appendCounts(b []byte, counts []uint64) []byte {
	nz := 0
	for _, c := range counts {
		if c != 0 {
			nz++
		}
	}
	b = binary.AppendUvarint(b, uint64(nz))
	last := 0
	for i, c := range counts {
		if c != 0 {
			b = binary.AppendUvarint(b, uint64(i-last))
			b = binary.AppendUvarint(b, c)
			last = i
		}
	}
	return b
}

// errCorrupt is returned for bytes that are not a whole accumulator.
var errCorrupt = errors.New("planner: the accumulated results are damaged or cut short")

type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errCorrupt
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) u64() uint64 {
	if r.err != nil || len(r.b) < 8 {
		r.err = errCorrupt
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

// count reads a length that must fit in what is left (each item ≥ min bytes).
func (r *reader) count(minBytes int) int {
	v := r.uvarint()
	if r.err == nil && v > uint64(len(r.b)/minBytes) {
		r.err = errCorrupt
		return 0
	}
	return int(v)
}

func (r *reader) values(v *valueAcc) {
	v.nonzero = r.floats()
	v.sum = fixedSum{hi: r.u64(), lo: r.u64()}
}

// floats reads a list that appendFloats wrote: positive finite values.
func (r *reader) floats() []float64 {
	n := r.count(8)
	xs := make([]float64, 0, n)
	for range n {
		x := math.Float64frombits(r.u64())
		if !(x > 0) || math.IsInf(x, 0) {
			r.err = errCorrupt
			return nil
		}
		xs = append(xs, x)
	}
	return xs
}

func (r *reader) counts(dst []uint64) {
	nz := r.count(2)
	at := 0
	for i := range nz {
		skip, c := r.uvarint(), r.uvarint()
		if r.err != nil {
			return
		}
		if (i > 0 && skip == 0) || c == 0 || skip >= uint64(len(dst)-at) {
			r.err = errCorrupt
			return
		}
		at += int(skip)
		dst[at] = c
	}
}

// DecodeAccumulator reads an accumulator that MarshalBinary wrote for
// layout l. Bytes for another layout, damaged or cut short are an error;
// DecodeAccumulator never panics.
func DecodeAccumulator(l *Layout, data []byte) (*Accumulator, error) {
	if len(data) < len(accMagic)+8 || string(data[:len(accMagic)]) != accMagic {
		return nil, errCorrupt
	}
	r := &reader{b: data[len(accMagic):]}
	if r.u64() != l.fingerprint() {
		return nil, fmt.Errorf("planner: the accumulated results belong to another scenario")
	}
	a := NewAccumulator(l)
	a.trials = int(r.uvarint())
	nr := r.count(2)
	var ranges [][2]int
	held := 0
	for range nr {
		lo, hi := r.uvarint(), r.uvarint()
		if r.err != nil || lo >= hi || hi > math.MaxInt32 {
			return nil, errCorrupt
		}
		ranges = append(ranges, [2]int{int(lo), int(hi)})
		held += int(hi - lo)
	}
	var err error
	if a.ranges, err = mergeRanges(nil, ranges); err != nil || held != a.trials {
		return nil, errCorrupt
	}
	for i := range a.series {
		s := &a.series[i]
		r.values(&s.bad)
		r.values(&s.hard)
		s.lost = fixedSum{hi: r.u64(), lo: r.u64()}
		s.lostOver = r.floats()
		s.slaMet = int(r.uvarint())
		if len(s.bad.nonzero) > a.trials || len(s.hard.nonzero) > a.trials || len(s.lostOver) > a.trials || s.slaMet > a.trials {
			return nil, errCorrupt
		}
	}
	for i := range a.durations {
		r.values(&a.durations[i])
		if len(a.durations[i].nonzero) > a.trials {
			return nil, errCorrupt
		}
	}
	r.counts(a.capHist)
	r.counts(a.grid)
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, errCorrupt
	}
	return a, nil
}
