package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// fill sets every field that v reaches to a random non-zero value, with
// nil, empty and full slices, so that a field the codec forgets shows up
// as a difference after a round trip.
func fill(v reflect.Value, rng *rand.Rand) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(string(rune('a'+rng.IntN(26))) + "é" + string(rune('A'+rng.IntN(26))))
	case reflect.Int:
		v.SetInt(rng.Int64N(1<<40) - 1<<39)
	case reflect.Uint64:
		v.SetUint(rng.Uint64())
	case reflect.Float64:
		specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 5e-324}
		if rng.IntN(8) == 0 {
			v.SetFloat(specials[rng.IntN(len(specials))])
		} else {
			v.SetFloat(rng.NormFloat64() * 1e3)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), rng)
		}
	case reflect.Slice:
		switch rng.IntN(4) {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			s := reflect.MakeSlice(v.Type(), 1+rng.IntN(4), 4)
			for i := range s.Len() {
				fill(s.Index(i), rng)
			}
			v.Set(s)
		}
	default:
		panic("fill: no case for " + v.Type().String())
	}
}

// same compares bit for bit (NaN equal to NaN, −0 unlike 0), nil slices
// unlike empty ones.
func same(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Float64:
		return math.Float64bits(a.Float()) == math.Float64bits(b.Float())
	case reflect.Struct:
		for i := range a.NumField() {
			if !same(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !same(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	default:
		return a.Interface() == b.Interface()
	}
}

func TestRoundTripEveryField(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		var res planner.Result
		var ch planner.Charts
		fill(reflect.ValueOf(&res).Elem(), rng)
		fill(reflect.ValueOf(&ch).Elem(), rng)
		ch.CapacityLoss = res.Roles // as Accumulator.Charts makes it
		b, err := (&Summary{Result: res, Charts: ch, Overflow: i%2 == 1}).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got Summary
		err = got.UnmarshalBinary(b)
		gotRes, gotCh := got.Result, got.Charts
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !same(reflect.ValueOf(gotRes), reflect.ValueOf(res)) {
			t.Fatalf("case %d: Result changed in a round trip:\n got %#v\nwant %#v", i, gotRes, res)
		}
		if !same(reflect.ValueOf(gotCh), reflect.ValueOf(ch)) {
			t.Fatalf("case %d: Charts changed in a round trip:\n got %#v\nwant %#v", i, gotCh, ch)
		}
		if got.Overflow != (i%2 == 1) {
			t.Fatalf("case %d: Overflow %v after a round trip", i, got.Overflow)
		}
	}
}

// TestReduceMatchesNative: the summary of parts merged out of order
// decodes to the JSON of a native planner.Run, byte for byte.
func TestReduceMatchesNative(t *testing.T) {
	for _, name := range []string{"fleet", "seed-example"} {
		t.Run(name, func(t *testing.T) {
			pr, _ := model.PresetByName(name)
			s := pr.Scenario
			s.Trials = 3000
			want, err := planner.Run(context.Background(), s, planner.Options{})
			if err != nil {
				t.Fatal(err)
			}
			parts := rangeParts(t, s, [][2]int{{1700, 3000}, {0, 1}, {1, 1700}})
			sum, err := Reduce(s, parts)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Result.Trials != s.Trials || sum.Overflow {
				t.Errorf("Reduce held %d trials (overflow %v), want %d", sum.Result.Trials, sum.Overflow, s.Trials)
			}
			out, err := sum.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var dec Summary
			if err := dec.UnmarshalBinary(out); err != nil {
				t.Fatal(err)
			}
			res, ch := dec.Result, dec.Charts
			if got, w := jsonOf(t, res, ch), jsonOf(t, want.Result(), want.Charts()); !bytes.Equal(got, w) {
				t.Errorf("reduced summary differs from planner.Run:\n got %s\nwant %s", got, w)
			}
		})
	}
}

func rangeParts(t *testing.T, s model.Scenario, ranges [][2]int) []Part {
	t.Helper()
	var parts []Part
	for _, r := range ranges {
		acc, err := planner.RunRange(context.Background(), s, r[0], r[1], planner.Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := acc.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, Part{Range: r, Bytes: b})
	}
	return parts
}

func jsonOf(t *testing.T, res planner.Result, ch planner.Charts) []byte {
	t.Helper()
	a, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(ch)
	if err != nil {
		t.Fatal(err)
	}
	return append(append(a, '\n'), b...)
}

func TestReduceErrors(t *testing.T) {
	pr, _ := model.PresetByName("seed-example")
	s := pr.Scenario
	parts := rangeParts(t, s, [][2]int{{0, 100}, {100, 250}})
	other := s
	other.Seed++
	tests := []struct {
		name  string
		s     model.Scenario
		parts []Part
		want  string
	}{
		{"no trials", s, nil, "no trials"},
		{"wrong range", s, []Part{{Range: [2]int{0, 90}, Bytes: parts[0].Bytes}}, "trials [0, 90): the bytes hold trials [[0 100]]"},
		{"overlap", s, []Part{parts[0], parts[0]}, "trials [0, 100)"},
		{"damaged", s, []Part{{Range: parts[1].Range, Bytes: parts[1].Bytes[:40]}}, "trials [100, 250)"},
		{"other scenario", other, parts, "another scenario"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := Reduce(tt.s, tt.parts)
			if err == nil || sum.Result.Trials != 0 {
				t.Fatalf("Reduce = %d trials, %v; want an error", sum.Result.Trials, err)
			}
			if !bytes.Contains([]byte(err.Error()), []byte(tt.want)) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

func TestDecodeDamaged(t *testing.T) {
	pr, _ := model.PresetByName("seed-example")
	s := pr.Scenario
	sum, err := Reduce(s, rangeParts(t, s, [][2]int{{0, 200}}))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := sum.MarshalBinary()
	badFlags := append([]byte(magic+"\x02"), out[len(magic)+1:]...)
	for _, b := range [][]byte{nil, []byte("RPR"), []byte("XXXX"), []byte("RPR1" + string(out[4:])), badFlags, out[:len(out)-1], append(out[:len(out):len(out)], 0)} {
		var got Summary
		if err := got.UnmarshalBinary(b); !errors.Is(err, ErrCorrupt) || got.Result.Trials != 0 {
			t.Errorf("UnmarshalBinary(%d bytes) = %v, want ErrCorrupt", len(b), err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	var res planner.Result
	var ch planner.Charts
	rng := rand.New(rand.NewPCG(3, 4))
	fill(reflect.ValueOf(&res).Elem(), rng)
	fill(reflect.ValueOf(&ch).Elem(), rng)
	b, _ := (&Summary{Result: res, Charts: ch}).MarshalBinary()
	f.Add(b)
	f.Add([]byte(magic + "\x01\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var sum Summary
		if sum.UnmarshalBinary(data) != nil {
			return
		}
		// What decodes survives a round trip, and re-encodes to the
		// same bytes (the input may spell a varint longer).
		again, err := sum.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var sum2 Summary
		err = sum2.UnmarshalBinary(again)
		if err != nil || !same(reflect.ValueOf(sum2), reflect.ValueOf(sum)) {
			t.Fatalf("a decoded summary does not survive a round trip: %v", err)
		}
		if third, _ := sum2.MarshalBinary(); !bytes.Equal(third, again) {
			t.Fatalf("a summary re-encodes to other bytes:\n got %x\nwant %x", third, again)
		}
	})
}

// BenchmarkDecode is what the page's main thread does at the end of a
// run: decode the summary of 100,000 trials of the fleet preset.
func BenchmarkDecode(b *testing.B) {
	pr, _ := model.PresetByName("fleet")
	s := pr.Scenario
	acc, err := planner.RunRange(context.Background(), s, 0, 100000, planner.Options{})
	if err != nil {
		b.Fatal(err)
	}
	out, err := (&Summary{Result: acc.Result(), Charts: acc.Charts()}).MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out)))
	b.ResetTimer()
	for b.Loop() {
		var sum Summary
		if err := sum.UnmarshalBinary(out); err != nil {
			b.Fatal(err)
		}
	}
}
