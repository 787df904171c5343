package model_test

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"rolloutplanner/model"
)

func equalScenario(a, b model.Scenario) bool { return reflect.DeepEqual(a, b) }

// problemsOf returns the Problems in err, failing the test when err is
// something else.
func problemsOf(t *testing.T, err error) model.Problems {
	t.Helper()
	if err == nil {
		return nil
	}
	var ps model.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %T is not model.Problems: %v", err, err)
	}
	return ps
}

func paths(ps model.Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Path
	}
	return out
}

// role wraps the fields of one role in a scenario document with a second
// valid role before it, so that paths read roles[1].
func role(fields string) string {
	return `{"roles": [{"name": "web"}, {"name": "api"` + fields + `}]}`
}

// dist puts a dist document at roles[1].warmup.
func dist(d string) string { return role(`, "warmup": ` + d) }

func TestDecodeProblems(t *testing.T) {
	cases := []struct {
		name string
		doc  string
		want []string // paths, in order; "" for a problem with the whole document
	}{
		// Unknown fields, at every level.
		{"unknown top-level field", `{"domains": 5}`, []string{"domains"}},
		{"unknown fields sorted", `{"zeta": 1, "alpha": 2}`, []string{"alpha", "zeta"}},
		{"unknown in passes", `{"passes": {"patch_tuesday": {}}}`, []string{"passes.patch_tuesday"}},
		{"unknown in host_os", `{"passes": {"host_os": {"reboot": 10}}}`, []string{"passes.host_os.reboot"}},
		{"unknown in guest_os", `{"passes": {"guest_os": {"enabled": true, "boot": 10}}}`, []string{"passes.guest_os.boot"}},
		{"unknown in guest_agent", `{"passes": {"guest_agent": {"restart": 1}}}`, []string{"passes.guest_agent.restart"}},
		{"unknown in role", role(`, "replicas": 3`), []string{"roles[1].replicas"}},
		{"unknown in dist", dist(`{"kind": "fixed", "value": 5, "unit": "min"}`), []string{"roles[1].warmup.unit"}},
		{"parameter of another kind", dist(`{"kind": "fixed", "value": 5, "p95": 9}`), []string{"roles[1].warmup.p95"}},
		{"values on a non-empirical dist", dist(`{"kind": "uniform", "min": 1, "max": 2, "values": [1]}`), []string{"roles[1].warmup.values"}},
		{"unknown in pass dist", `{"passes": {"host_os": {"ud_gap": {"kind": "fixed", "value": 0, "max": 1}}}}`, []string{"passes.host_os.ud_gap.max"}},

		// Wrong types.
		{"version string", `{"version": "1"}`, []string{"version"}},
		{"version fraction", `{"version": 1.5}`, []string{"version"}},
		{"name number", `{"name": 5}`, []string{"name"}},
		{"name null", `{"name": null}`, []string{"name"}},
		{"upgrade_domains fraction", `{"upgrade_domains": 2.5}`, []string{"upgrade_domains"}},
		{"upgrade_domains bool", `{"upgrade_domains": true}`, []string{"upgrade_domains"}},
		{"sla string", `{"sla_target_pct": "99.9"}`, []string{"sla_target_pct"}},
		{"month_minutes overflow", `{"month_minutes": 1e999}`, []string{"month_minutes"}},
		{"trials string", `{"trials": "10"}`, []string{"trials"}},
		{"trials huge", `{"trials": 1e300}`, []string{"trials"}},
		{"seed negative", `{"seed": -1}`, []string{"seed"}},
		{"seed fraction", `{"seed": 1.5}`, []string{"seed"}},
		{"seed above uint64", `{"seed": 18446744073709551616}`, []string{"seed"}},
		{"passes list", `{"passes": []}`, []string{"passes"}},
		{"host_os string", `{"passes": {"host_os": "on"}}`, []string{"passes.host_os"}},
		{"enabled number", `{"passes": {"guest_os": {"enabled": 1}}}`, []string{"passes.guest_os.enabled"}},
		{"roles object", `{"roles": {"name": "web"}}`, []string{"roles"}},
		{"roles null", `{"roles": null}`, []string{"roles"}},
		{"role string", `{"roles": [{"name": "web"}, "api"]}`, []string{"roles[1]"}},
		{"instances string", role(`, "instances": "3"`), []string{"roles[1].instances"}},
		{"warmup_in_onstart string", role(`, "warmup_in_onstart": "yes"`), []string{"roles[1].warmup_in_onstart"}},
		{"overload_at null", role(`, "overload_at": null`), []string{"roles[1].overload_at"}},
		{"dist string", dist(`"5 min"`), []string{"roles[1].warmup"}},
		{"dist list", dist(`[5]`), []string{"roles[1].warmup"}},
		{"dist without kind", dist(`{"value": 5}`), []string{"roles[1].warmup.kind"}},
		{"dist kind number", dist(`{"kind": 1, "value": 5}`), []string{"roles[1].warmup.kind"}},
		{"dist unknown kind", dist(`{"kind": "gamma", "shape": 2}`), []string{"roles[1].warmup.kind"}},
		{"dist missing parameter", dist(`{"kind": "lognormal", "p50": 5}`), []string{"roles[1].warmup.p95"}},
		{"dist missing parameters", dist(`{"kind": "triangular", "mode": 5}`), []string{"roles[1].warmup.min", "roles[1].warmup.max"}},
		{"dist parameter string", dist(`{"kind": "fixed", "value": "5"}`), []string{"roles[1].warmup.value"}},
		{"empirical without values", dist(`{"kind": "empirical"}`), []string{"roles[1].warmup.values"}},
		{"empirical values object", dist(`{"kind": "empirical", "values": {"a": 1}}`), []string{"roles[1].warmup.values"}},
		{"empirical value string", dist(`{"kind": "empirical", "values": [1, 2, "3"]}`), []string{"roles[1].warmup.values[2]"}},
		{"empirical no values", dist(`{"kind": "empirical", "values": []}`), []string{"roles[1].warmup.values"}},
		{"empirical 10,001 values", dist(`{"kind": "empirical", "values": [` + strings.Repeat("1,", model.MaxEmpiricalValues) + `1]}`), []string{"roles[1].warmup.values"}},

		// Rules broken by values of the right type: the validator's paths.
		{"lognormal p95 below p50", dist(`{"kind": "lognormal", "p50": 10, "p95": 5}`), []string{"roles[1].warmup.p95"}},
		{"upgrade_domains 21", `{"upgrade_domains": 21}`, []string{"upgrade_domains"}},
		{"duplicate names", `{"roles": [{"name": "web"}, {"name": "web"}]}`, []string{"roles[1].name"}},
		{"role without name", `{"roles": [{}]}`, []string{"roles[0].name"}},
		{"no roles", `{"roles": []}`, []string{"roles"}},
		{"version 2", `{"version": 2}`, []string{"version"}},

		// Many problems at once, decoder's first, then the validator's.
		{"many", `{"upgrade_domains": 0, "trials": "x", "colour": "blue", "roles": [{"name": "web", "instances": 0, "warmup": {"kind": "lognormal", "p50": 10, "p95": 5}, "onstop": {"kind": "nope"}}]}`,
			[]string{"trials", "roles[0].onstop.kind", "colour", "upgrade_domains", "roles[0].instances", "roles[0].warmup.p95"}},

		// Not a scenario document at all.
		{"empty", ``, []string{""}},
		{"whitespace", " \n\t", []string{""}},
		{"not JSON", `nope`, []string{""}},
		{"cut short", `{"name": "x"`, []string{""}},
		{"trailing data", `{} {}`, []string{""}},
		{"trailing garbage", `{"name": "x"}x`, []string{""}},
		{"top-level list", `[{"name": "x"}]`, []string{""}},
		{"top-level null", `null`, []string{""}},
		{"top-level number", `5`, []string{""}},
		{"too large", `{"name": "` + strings.Repeat("a", model.MaxScenarioBytes) + `"}`, []string{""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := model.Decode([]byte(tc.doc))
			ps := problemsOf(t, err)
			if got := paths(ps); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("paths %q, want %q\n%v", got, tc.want, err)
			}
			for _, p := range ps {
				if p.Rule == "" {
					t.Errorf("problem at %q has no rule", p.Path)
				}
			}
		})
	}
}

func TestDecodeDefaults(t *testing.T) {
	withRoles := func(roles ...model.Role) model.Scenario {
		s := model.Default()
		s.Roles = roles
		return s
	}
	noHost := model.Default()
	noHost.Passes.HostOS.Enabled = false
	gap := model.Default()
	gap.Passes.HostOS.UDGap = model.FixedDist(2.5)
	cases := []struct {
		name string
		doc  string
		want model.Scenario
	}{
		{"empty object", `{}`, model.Default()},
		{"empty object with space", " {\n} \n", model.Default()},
		{"role with only a name", `{"roles": [{"name": "api"}]}`, withRoles(model.DefaultRole("api"))},
		{"two roles with only names", `{"roles": [{"name": "a"}, {"name": "b"}]}`, withRoles(model.DefaultRole("a"), model.DefaultRole("b"))},
		{"one pass field", `{"passes": {"host_os": {"enabled": false}}}`, noHost},
		{"number as fixed dist", `{"passes": {"host_os": {"ud_gap": 2.5}}}`, gap},
		{"whole number written as float", `{"upgrade_domains": 5.0, "trials": 1e4}`, model.Default()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := model.Decode([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if !equalScenario(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestDefaultsValid checks that the defaults decode from their own
// encoding and validate.
func TestDefaultsValid(t *testing.T) {
	s := model.Default()
	if ps := s.Validate(); ps != nil {
		t.Fatalf("Default() is invalid: %v", ps)
	}
	doc, err := model.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := model.Decode(doc)
	if err != nil || !equalScenario(got, s) {
		t.Fatalf("Default() does not round-trip: %v", err)
	}
}

// TestDecodeReturnsWhatItRead checks that a failed Decode still returns
// the fields it could read, for a form to show them.
func TestDecodeReturnsWhatItRead(t *testing.T) {
	s, err := model.Decode([]byte(`{"name": "half", "upgrade_domains": 30, "roles": [{"name": "api", "instances": 7}]}`))
	if err == nil {
		t.Fatal("no error")
	}
	if s.Name != "half" || s.UpgradeDomains != 30 || len(s.Roles) != 1 || s.Roles[0].Instances != 7 {
		t.Errorf("got %+v", s)
	}
}

// TestEncodeDecode checks that every preset and the defaults survive
// Encode, json.Marshal and json.Unmarshal exactly.
func TestEncodeDecode(t *testing.T) {
	scenarios := map[string]model.Scenario{"default": model.Default()}
	for _, p := range model.Presets() {
		scenarios[p.Name] = p.Scenario
	}
	for name, s := range scenarios {
		t.Run(name, func(t *testing.T) {
			doc, err := model.Encode(s)
			if err != nil {
				t.Fatal(err)
			}
			got, err := model.Decode(doc)
			if err != nil {
				t.Fatal(err)
			}
			if !equalScenario(got, s) {
				t.Fatalf("Encode/Decode changed the scenario:\n%s", doc)
			}
			compact, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			var viaStd model.Scenario
			if err := json.Unmarshal(compact, &viaStd); err != nil {
				t.Fatal(err)
			}
			if !equalScenario(viaStd, s) {
				t.Fatalf("json.Marshal/Unmarshal changed the scenario:\n%s", compact)
			}
		})
	}
}

func TestEncodeNonFinite(t *testing.T) {
	s := model.Default()
	s.Roles[0].Warmup = model.EmpiricalDist(1, 2, math.Inf(1))
	if _, err := model.Encode(s); err == nil {
		t.Error("Encode wrote +Inf")
	}
	s = model.Default()
	s.MonthMinutes = math.Inf(1)
	if _, err := model.Encode(s); err == nil {
		t.Error("Encode wrote +Inf")
	}
}
