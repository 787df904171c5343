package sim

import (
	"encoding/binary"
	"errors"
	"testing"

	"rolloutplanner/planner"
)

// saturate returns accumulator bytes (planner.Accumulator.MarshalBinary,
// format RPA3) with the service's bad-minutes sum set to all ones, the way
// planner writes a sum that overflowed. A valid scenario cannot overflow
// in a test's time (model.MaxMinutes bounds every duration), so the test
// forges the bytes a worker would post after such a draw.
func saturate(t *testing.T, b []byte) []byte {
	t.Helper()
	if string(b[:4]) != "RPA3" {
		t.Fatalf("accumulator format %q: update saturate for it", b[:4])
	}
	b = append([]byte(nil), b...)
	off := 4 + 8 // magic, layout fingerprint
	next := func() uint64 {
		v, k := binary.Uvarint(b[off:])
		if k <= 0 {
			t.Fatal("saturate: bad varint")
		}
		off += k
		return v
	}
	next()                            // trials
	for n := 2 * next(); n > 0; n-- { // ranges
		next()
	}
	off += 8 * int(next()) // the service's non-zero bad minutes
	for i := range 16 {    // their sum, hi and lo words
		b[off+i] = 0xff
	}
	return b
}

// TestSummariseOverflow: a run whose sums overflowed reaches the page as
// a Summary with Overflow set, whose Err is planner.ErrOverflow, whatever
// part carried the overflow; runs that fit do not.
func TestSummariseOverflow(t *testing.T) {
	s := testScenario()
	js := encode(t, s)
	var parts []Part
	for _, r := range [][2]int{{0, 200}, {200, s.Trials}} {
		out, err := Simulate(js, r[0], r[1], 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, Part{Range: r, Bytes: out})
	}
	for i, tt := range []struct {
		name      string
		saturated int // index of the overflowed part; -1 for none
	}{{"fits", -1}, {"first part overflowed", 0}, {"last part overflowed", 1}} {
		t.Run(tt.name, func(t *testing.T) {
			ps := append([]Part(nil), parts...)
			if tt.saturated >= 0 {
				ps[tt.saturated].Bytes = saturate(t, ps[tt.saturated].Bytes)
			}
			out, err := Summarise(js, ps)
			if err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
			var sum Summary
			if err := sum.UnmarshalBinary(out); err != nil {
				t.Fatal(err)
			}
			want := tt.saturated >= 0
			if sum.Overflow != want || errors.Is(sum.Err(), planner.ErrOverflow) != want || (!want && sum.Err() != nil) {
				t.Errorf("Overflow %v, Err() %v; want overflow %v", sum.Overflow, sum.Err(), want)
			}
			if sum.Result.Trials != s.Trials {
				t.Errorf("summary of %d trials, want %d", sum.Result.Trials, s.Trials)
			}
		})
	}
}
