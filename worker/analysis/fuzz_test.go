package analysis

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner/advisor"
	"rolloutplanner/planner/whatif"
)

// roundTrip checks, for bytes b that decode, that encoding the value and
// decoding it again gives the same value and the same bytes:
// decode(encode(x)) == x for every x the decoder can produce.
func roundTrip[T any](t *testing.T, what string, b []byte, decode func([]byte) (T, error), encode func(T) ([]byte, error)) {
	t.Helper()
	x, err := decode(b)
	if err != nil {
		return
	}
	enc, err := encode(x)
	if err != nil {
		t.Fatalf("%s decoded from %q does not encode: %v", what, b, err)
	}
	y, err := decode(enc)
	if err != nil {
		t.Fatalf("%s: %q, its own encoding, does not decode: %v", what, enc, err)
	}
	if !reflect.DeepEqual(x, y) {
		t.Fatalf("%s: decode(encode(x)) != x:\n x %+v\n y %+v", what, x, y)
	}
	if again, err := encode(y); err != nil || !bytes.Equal(again, enc) {
		t.Fatalf("%s: encoding is not stable: %q then %q (%v)", what, enc, again, err)
	}
}

// FuzzDecodeAnswers feeds any bytes to the analysis worker's decoders (the
// page reads the worker's answers with them, and the options with
// decodeOptions): none panics, each value one of them returns survives a
// round trip through its encoder, and options it accepts are in range.
//
// fuzz: 40000x
func FuzzDecodeAnswers(f *testing.F) {
	adv, err := EncodeAdvice(advisor.Report{Scenario: "web", Trials: 10, Seed: 3,
		Findings: []advisor.Finding{{Severity: advisor.Warning, Title: "t"}}})
	if err != nil {
		f.Fatal(err)
	}
	sw, err := EncodeSweep(whatif.SweepResult{Odds: 0.5, Smallest: 0, Cells: []whatif.CellResult{{}}})
	if err != nil {
		f.Fatal(err)
	}
	sens, err := EncodeSensitivity(whatif.SensitivityResult{})
	if err != nil {
		f.Fatal(err)
	}
	for _, b := range [][]byte{adv, sw, sens, []byte(`{"grid":{"upgrade_domains":[2,4]},"trials":300,"odds":0.9}`),
		[]byte(`{"findings":[{"severity":"fatal"}]}`), []byte(`{"smallest":3,"cells":[]}`), []byte("null"), []byte(`{"trials":-1}`), []byte(`{"odds":1.5}`), []byte(`{"trials":2000000}`)} {
		f.Add(b, "web", 10, uint64(3), uint8(1), 0.5, 0)
	}
	f.Fuzz(func(t *testing.T, b []byte, name string, trials int, seed uint64, sev uint8, odds float64, smallest int) {
		// Values the planner makes survive the wire: decode(encode(x)) == x.
		// (Names come from valid scenarios: valid UTF-8.)
		name = strings.ToValidUTF8(name, "\uFFFD")
		sevs := []advisor.Severity{advisor.Critical, advisor.Warning, advisor.Info}
		rep := advisor.Report{Scenario: name, Trials: trials, Seed: seed,
			Findings: []advisor.Finding{{Severity: sevs[int(sev)%len(sevs)], Title: name}}}
		rep.Base.Trials = trials
		if enc, err := EncodeAdvice(rep); err != nil {
			t.Fatalf("advice %+v does not encode: %v", rep, err)
		} else if got, err := DecodeAdvice(enc); err != nil || !reflect.DeepEqual(got, rep) {
			t.Fatalf("advice %+v read back as %+v (%v)", rep, got, err)
		}
		if !math.IsNaN(odds) && !math.IsInf(odds, 0) {
			cells := []whatif.CellResult{{Params: whatif.Params{Instances: []int{trials}, UpgradeDomains: int(sev)}, PHardDown: odds}, {Meets: true}}
			sw := whatif.SweepResult{Odds: odds, Smallest: min(max(smallest, -1), len(cells)-1), Cells: cells}
			sw.Cells[0].Result.Trials = trials
			if enc, err := EncodeSweep(sw); err != nil {
				t.Fatalf("sweep %+v does not encode: %v", sw, err)
			} else if got, err := DecodeSweep(enc); err != nil || !reflect.DeepEqual(got, sw) {
				t.Fatalf("sweep %+v read back as %+v (%v)", sw, got, err)
			}
		}

		// Any bytes: no panic, and what decodes round-trips.
		roundTrip(t, "advice", b, DecodeAdvice, EncodeAdvice)
		roundTrip(t, "sweep", b, DecodeSweep, EncodeSweep)
		roundTrip(t, "sensitivity study", b, DecodeSensitivity, EncodeSensitivity)
		roundTrip(t, "options", b, decodeOptions, func(o Options) ([]byte, error) { return json.Marshal(o) })
		if opt, err := decodeOptions(b); err == nil && (opt.Trials > model.MaxTrials || opt.Odds > 1) {
			t.Fatalf("options %+v accepted", opt)
		}
		if r, err := DecodeSweep(b); err == nil && (r.Smallest < -1 || r.Smallest >= len(r.Cells)) {
			t.Fatalf("sweep with smallest %d of %d cells accepted", r.Smallest, len(r.Cells))
		}
	})
}
