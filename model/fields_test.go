package model

import (
	"reflect"
	"strings"
	"testing"
)

// structFields lists the fields of t by the group and JSON key the table
// must use, with their addresses in s: every field of Scenario, of each
// pass and of a role, except the structure (passes, roles).
type structField struct {
	group Group
	key   string
	addr  uintptr
	typ   reflect.Type
}

func structFields(s *Scenario) []structField {
	var out []structField
	var walk func(g Group, v reflect.Value)
	walk = func(g Group, v reflect.Value) {
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			key, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			fv := v.Field(i)
			switch {
			case g == ServiceGroup && key == "passes":
				for j := range fv.NumField() {
					pk, _, _ := strings.Cut(fv.Type().Field(j).Tag.Get("json"), ",")
					walk(Group("passes."+pk), fv.Field(j))
				}
			case g == ServiceGroup && key == "roles":
				walk(RoleGroup, fv.Index(0))
			default:
				out = append(out, structField{g, key, fv.Addr().Pointer(), fv.Type()})
			}
		}
	}
	walk(ServiceGroup, reflect.ValueOf(s).Elem())
	return out
}

var fieldTypes = map[FieldType]reflect.Type{
	TextField: reflect.TypeFor[string](), BoolField: reflect.TypeFor[bool](), IntField: reflect.TypeFor[int](),
	SeedField: reflect.TypeFor[uint64](), NumberField: reflect.TypeFor[float64](), DistField: reflect.TypeFor[Dist](),
}

// TestFieldsCoverScenario proves that Fields lists every field of
// Scenario, Passes and Role, once, in declaration order, with the right
// type and an accessor that points at that very field.
func TestFieldsCoverScenario(t *testing.T) {
	s := Default()
	want := structFields(&s)
	if len(Fields) != len(want) {
		t.Errorf("Fields has %d entries; Scenario, its passes and Role have %d fields", len(Fields), len(want))
	}
	for i, w := range want {
		if i >= len(Fields) {
			t.Errorf("%s.%s: not in Fields", w.group, w.key)
			continue
		}
		f := Fields[i]
		if f.Group != w.group || f.Key != w.key {
			t.Errorf("Fields[%d] is %q %q; the struct has %q %q there (keep the table in declaration order)", i, f.Group, f.Key, w.group, w.key)
			continue
		}
		if fieldTypes[f.Type] != w.typ {
			t.Errorf("%s: table type %v, struct type %v", f.Path(0), f.Type, w.typ)
		}
		p := reflect.ValueOf(f.Ptr(&s, 0))
		if p.Kind() != reflect.Pointer || p.Pointer() != w.addr || p.Elem().Type() != w.typ {
			t.Errorf("%s: accessor does not point at the field", f.Path(0))
		}
		if f.Label == "" {
			t.Errorf("%s: no label", f.Path(0))
		}
		if got, _, ok := FieldAt(f.Path(0)); !ok || got.Key != f.Key || got.Group != f.Group {
			t.Errorf("FieldAt(%q) = %v, %v", f.Path(0), got.Key, ok)
		}
	}
}

func TestFieldAt(t *testing.T) {
	for _, tc := range []struct {
		path string
		key  string
		role int
		ok   bool
	}{
		{"seed", "seed", 0, true},
		{"passes.guest_os.os_boot", "os_boot", 0, true},
		{"roles[3].warmup", "warmup", 3, true},
		{"roles[12].name", "name", 12, true},
		{"roles[01].name", "", 0, false},
		{"roles[-1].name", "", 0, false},
		{"roles[1]warmup", "", 0, false},
		{"roles[1", "", 0, false},
		{"passes.host_os.os_boot", "", 0, false},
		{"warmup", "", 0, false},
		{"passes", "", 0, false},
		{"", "", 0, false},
	} {
		f, role, ok := FieldAt(tc.path)
		if ok != tc.ok || f.Key != tc.key || role != tc.role {
			t.Errorf("FieldAt(%q) = %q, %d, %v; want %q, %d, %v", tc.path, f.Key, role, ok, tc.key, tc.role, tc.ok)
		}
	}
}

func TestFieldWords(t *testing.T) {
	for path, want := range map[string]string{
		"roles[0].warmup": "warm-up", "roles[0].onstart": "OnStart", "passes.guest_os.os_boot": "OS boot",
		"roles[0].startup_failure_prob": "start failure chance", "roles[0].utilization": "utilisation",
	} {
		f, _, _ := FieldAt(path)
		if got := f.Words(); got != want {
			t.Errorf("%s: Words() = %q, want %q", path, got, want)
		}
	}
}

// TestCloneDeep changes every distribution of a clone and checks that
// the original keeps its observations.
func TestCloneDeep(t *testing.T) {
	s := Default()
	s.Roles = append(s.Roles, DefaultRole("api"))
	for i, f := range Fields {
		if f.Type == DistField {
			for r := range s.Roles {
				*f.Ptr(&s, r).(*Dist) = EmpiricalDist(float64(i), 2)
			}
		}
	}
	c := s.Clone()
	for _, f := range Fields {
		if f.Type == DistField {
			for r := range c.Roles {
				c := f.Ptr(&c, r).(*Dist)
				c.Values[0] = -1
				if f.Ptr(&s, r).(*Dist).Values[0] == -1 {
					t.Errorf("%s: Clone shares its observations", f.Path(r))
				}
			}
		}
	}
}

// TestKnownKeys pins the key lists of "unknown field" problems, which the
// table now writes: the same text as before it.
func TestKnownKeys(t *testing.T) {
	for _, tc := range []struct {
		doc, want string
	}{
		{`{"x": 1}`, "x: unknown field (known: version, name, upgrade_domains, sla_target_pct, month_minutes, bad_error_rate, trials, seed, ready_timeout, onstop_limit, passes, roles)"},
		{`{"passes": {"x": 1}}`, "passes.x: unknown field (known: host_os, guest_os, guest_agent)"},
		{`{"passes": {"host_os": {"x": 1}}}`, "passes.host_os.x: unknown field (known: enabled, host_reboot, ud_gap, host_failure_prob, host_recovery)"},
		{`{"passes": {"guest_os": {"x": 1}}}`, "passes.guest_os.x: unknown field (known: enabled, delay_after_host, os_boot)"},
		{`{"passes": {"guest_agent": {"x": 1}}}`, "passes.guest_agent.x: unknown field (known: enabled, delay_after_guest, process_restart)"},
	} {
		_, err := Decode([]byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), "\n  "+tc.want) {
			t.Errorf("Decode(%s) = %v; want the problem %q", tc.doc, err, tc.want)
		}
	}
}
