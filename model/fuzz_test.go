package model_test

import (
	"bytes"
	"encoding/json"
	"math"
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
// fuzz: 100000x
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
		`{"upgrade_domains": 0, "upgrade_domains": 5}`,
		`{"roles": [{"name": "a", "warmup": {"kind": "fixed", "value": 1, "value": 2}}]}`,
		`{"x": {"a": 1, "a": 2}, "roles": [{"name": "a\u202e"}]}`,
		`{"roles": [{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}]}`,
		`{"month_minutes": 1576801, "roles": [{"name": "a", "warmup": {"kind": "lognormal", "p50": 1e-9, "p95": 1e6}}]}`,
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
		if dup := duplicateKey(data); dup != "" {
			t.Fatalf("Decode accepted a document where %q appears twice in one object", dup)
		}
		if ps := s.Validate(); ps != nil {
			t.Fatalf("Decode accepted an invalid scenario: %v", ps)
		}
		for _, d := range dists(&s) {
			if m, q := d.MeanClamped(), d.Quantile(0.999); math.IsNaN(m) || math.IsInf(m, 0) || math.IsNaN(q) || math.IsInf(q, 0) {
				t.Fatalf("a valid %s dist has mean %v and 99.9th percentile %v: %+v", d.Kind, m, q, d)
			}
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

// duplicateKey returns a key that appears twice in one object of data,
// found independently of the decoder (with encoding/json's tokens), or "".
func duplicateKey(data []byte) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		keys   map[string]bool
		object bool
		expect bool // an object expects a key next
	}
	var stack []frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].object && stack[top].expect {
			if k, ok := tok.(string); ok {
				if stack[top].keys[k] {
					return k
				}
				stack[top].keys[k] = true
				stack[top].expect = false
				continue
			}
		}
		if top >= 0 && stack[top].object {
			stack[top].expect = true // this token is a value (or starts one)
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{keys: map[string]bool{}, object: true, expect: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:top]
		}
	}
}

// dists returns every distribution of s.
func dists(s *model.Scenario) []model.Dist {
	p := &s.Passes
	out := []model.Dist{p.HostOS.HostReboot, p.HostOS.UDGap, p.HostOS.HostRecovery,
		p.GuestOS.DelayAfterHost, p.GuestOS.OSBoot, p.GuestAgent.DelayAfterGuest, p.GuestAgent.ProcessRestart}
	for _, r := range s.Roles {
		out = append(out, r.Utilization, r.OnStop, r.StartupTasks, r.OnStart, r.Warmup, r.Repair)
	}
	return out
}

// TestDuplicateKeyOracle checks the fuzz target's independent duplicate
// finder, so that the fuzz invariant can fail.
func TestDuplicateKeyOracle(t *testing.T) {
	for doc, want := range map[string]string{
		`{"a":1,"a":2}`:                     "a",
		`{"a":{"b":1},"c":[{"d":1,"d":2}]}`: "d",
		`{"a":{"a":1},"b":{"a":2}}`:         "",
		`{"a":["a","a"]}`:                   "",
		`{"a":{},"b":{},"a":{}}`:            "a",
		`{"a":[{"x":1}],"b":"a","a":0}`:     "a",
	} {
		if got := duplicateKey([]byte(doc)); got != want {
			t.Errorf("duplicateKey(%s) = %q, want %q", doc, got, want)
		}
	}
}
