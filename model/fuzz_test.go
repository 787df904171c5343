package model_test

import (
	"encoding/json"
	"strings"
	"testing"

	"rolloutplanner/model"
)

// FuzzDecodeJSON checks that Decode never panics on any bytes and that
// every scenario it accepts comes back exactly through Encode. (The
// compact json.Marshal form that links carry is FuzzDecodeURL's.)
//
// The presets seed it in their compact form: the fuzzer minimises every
// new input it finds, for up to -fuzzminimizetime (60 s by default), and
// small seeds keep that short.
func FuzzDecodeJSON(f *testing.F) {
	for _, p := range model.Presets() {
		doc, err := json.Marshal(p.Scenario)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(doc)
		f.Add(doc[:len(doc)/2])
	}
	for _, doc := range []string{
		``, `{}`, `null`, `[]`, `{} {}`, `{"roles": []}`,
		`{"roles": [{"name": "a", "warmup": 5}, {"name": "b", "warmup": {"kind": "empirical", "values": [1, -2, 3e2]}}]}`,
		`{"seed": 18446744073709551615, "trials": 1e6, "upgrade_domains": 20.0}`,
		`{"version": 2, "name": 7, "passes": {"host_os": {"enabled": "yes", "x": 1}}}`,
		`{"roles": [{"name": "a", "utilization": {"kind": "normal", "mean": -1, "sd": 1}, "overload_at": 0.09}]}`,
		`{"month_minutes": 1e-400, "bad_error_rate": -0, "sla_target_pct": 5e1}`,
		`{"name": "\ud800 \u00e9 \xff"}`,
		`{"roles": [{"name": "a", "onstop": {"kind": "weibull", "shape": 1e-300, "scale": 1e300}}]}`,
	} {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := model.Decode(data)
		if err != nil {
			if err.Error() == "" || strings.Contains(err.Error(), "%!") {
				t.Fatalf("bad error text %q", err)
			}
			return
		}
		doc, err := model.Encode(s)
		if err != nil {
			t.Fatalf("Encode of a decoded scenario: %v", err)
		}
		s2, err := model.Decode(doc)
		if err != nil {
			t.Fatalf("Decode(Encode(s)): %v\n%s", err, doc)
		}
		if !equalScenario(s, s2) {
			t.Fatalf("Encode/Decode changed the scenario\n got %+v\nwant %+v", s2, s)
		}
	})
}
