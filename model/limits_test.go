package model_test

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"rolloutplanner/model"
)

// emptyRoles returns {"roles":[{},{},…]} with n empty roles.
func emptyRoles(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"roles":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("{}")
	}
	b.WriteString("]}")
	return b.Bytes()
}

// measure returns the allocations and bytes allocated by one call of f.
func measure(f func()) (allocs, bytes uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs, after.TotalAlloc - before.TotalAlloc
}

// TestTooManyRolesBounded opens the links of issue 7 (10,000 empty roles
// in a 98-character link; 349,518 in a 1.4 KB one) and the same documents
// as files: each is rejected at the 17th role, with work and memory that
// do not grow with the roles it claims.
func TestTooManyRolesBounded(t *testing.T) {
	for _, n := range []int{model.MaxRoles + 1, 10000, 349518} {
		doc := emptyRoles(n)
		if len(doc) > model.MaxURLScenarioBytes {
			t.Fatalf("%d roles: the document is %d bytes, above a link's %d", n, len(doc), model.MaxURLScenarioBytes)
		}
		code := pack(t, doc)
		t.Logf("%d roles: a %d-character link, %d bytes of JSON", n, len(code), len(doc))
		for _, via := range []struct {
			name   string
			decode func() (model.Scenario, error)
			// The link inflates its JSON first: up to 1 MiB, read in
			// growing buffers.
			maxBytes uint64
		}{
			{"file", func() (model.Scenario, error) { return model.Decode(doc) }, 256 << 10},
			{"link", func() (model.Scenario, error) { return model.DecodeURL(code) }, 256<<10 + 4*uint64(len(doc))},
		} {
			t.Run(fmt.Sprintf("%d roles by %s", n, via.name), func(t *testing.T) {
				var s model.Scenario
				var err error
				allocs, bytes := measure(func() { s, err = via.decode() })
				ps := problemsOf(t, err)
				want := model.Problems{{Path: "roles", Rule: "must hold at most 16 roles; this scenario has more (the rest of it was not read)"}}
				if !reflect.DeepEqual(ps, want) {
					t.Fatalf("problems %v, want %v", ps, want)
				}
				if len(s.Roles) != model.MaxRoles {
					t.Errorf("the scenario holds %d roles, want the %d read", len(s.Roles), model.MaxRoles)
				}
				t.Logf("%d allocations, %d bytes", allocs, bytes)
				if allocs > 2000 || bytes > via.maxBytes {
					t.Errorf("%d allocations and %d bytes: the decoder allocates for roles beyond the limit", allocs, bytes)
				}
			})
		}
	}
}

// TestTooManyValuesBounded checks that an empirical list above the limit
// stops the reading at the limit, by file and by link.
func TestTooManyValuesBounded(t *testing.T) {
	doc := []byte(`{"roles":[{"name":"web","warmup":{"kind":"empirical","values":[` + strings.Repeat("1,", 300000) + `1]}}]}`)
	for _, decode := range []func() (model.Scenario, error){
		func() (model.Scenario, error) { return model.Decode(doc) },
		func() (model.Scenario, error) { return model.DecodeURL(pack(t, doc)) },
	} {
		var err error
		allocs, _ := measure(func() { _, err = decode() })
		ps := problemsOf(t, err)
		if len(ps) != 1 || ps[0].Path != "roles[0].warmup.values" || !strings.Contains(ps[0].Rule, "at most 10000 observations") {
			t.Fatalf("problems %v", ps)
		}
		if allocs > 3*model.MaxEmpiricalValues {
			t.Errorf("%d allocations for a list stopped at %d values", allocs, model.MaxEmpiricalValues)
		}
	}
}

// TestLimitsOfLists covers every list and object limit at its edge.
func TestLimitsOfLists(t *testing.T) {
	keys := func(n int) string {
		var b strings.Builder
		b.WriteString(`{"roles":[{"name":"web"`)
		for i := range n - 1 {
			fmt.Fprintf(&b, `,"x%d":0`, i)
		}
		b.WriteString("}]}")
		return b.String()
	}
	sixteen := strings.TrimSuffix(string(emptyRoles(model.MaxRoles)), "]}")
	cases := []struct {
		name string
		doc  string
		want []string // paths of the problems
	}{
		{"16 roles read", sixteen + "]}", nil}, // every role lacks a name: problems under roles[i] only
		{"17 roles stop", sixteen + `,{}]}`, []string{"roles"}},
		{"17 roles stop before a later field", sixteen + `,{}], "upgrade_domains": 0, "zzz": 1}`, []string{"roles"}},
		{"10,000 values read", dist(`{"kind":"empirical","values":[` + strings.Repeat("1,", model.MaxEmpiricalValues-1) + `1]}`), nil},
		{"10,001 values stop", dist(`{"kind":"empirical","values":[` + strings.Repeat("1,", model.MaxEmpiricalValues) + `1]}`), []string{"roles[1].warmup.values"}},
		{"64 keys read", keys(model.MaxObjectKeys), nil},
		{"65 keys stop", keys(model.MaxObjectKeys + 1), []string{"roles[0]"}},
		{"a huge unknown list is skipped", `{"x":[` + strings.Repeat("[1,{\"a\":2}],", 50000) + `0]}`, []string{"x"}},
		{"deep unknown nesting is skipped", `{"x":` + strings.Repeat("[", 9000) + strings.Repeat("]", 9000) + `}`, []string{"x"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := model.Decode([]byte(tc.doc))
			ps := problemsOf(t, err)
			if tc.want == nil {
				for _, p := range ps {
					if strings.Contains(p.Rule, "has more") {
						t.Fatalf("a limit at its edge is a problem: %v", ps)
					}
				}
				return
			}
			if got := paths(ps); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("paths %q, want %q\n%v", got, tc.want, err)
			}
		})
	}
}

// TestDuplicateKeys checks that a key given twice is a problem at every
// level, in files, links and Dist's own UnmarshalJSON, whichever value
// comes second.
func TestDuplicateKeys(t *testing.T) {
	cases := []struct {
		doc  string
		want string
	}{
		{`{"upgrade_domains":0,"upgrade_domains":5}`, "upgrade_domains"},
		{`{"upgrade_domains":5,"upgrade_domains":5}`, "upgrade_domains"},
		{`{"name":"a","zz":1,"name":"b"}`, "name"},
		{`{"passes":{"host_os":{"enabled":true,"enabled":false}}}`, "passes.host_os.enabled"},
		{`{"passes":{"guest_os":{},"guest_os":{}}}`, "passes.guest_os"},
		{`{"roles":[{"name":"web"}],"roles":[{"name":"api"}]}`, "roles"},
		{role(`, "instances": 2, "instances": 3`), "roles[1].instances"},
		{dist(`{"kind":"fixed","value":1,"kind":"fixed"}`), "roles[1].warmup.kind"},
		{dist(`{"kind":"empirical","values":[1],"values":[2]}`), "roles[1].warmup.values"},
		{`{"x":{"a":1,"a":2}}`, "x"}, // an unknown field: reported as unknown, its insides skipped
		{`{"x":1,"x":2}`, "x"},
		{`{"upgrade_\u0064omains":0,"upgrade_domains":5}`, "upgrade_domains"}, // the same key, escaped
	}
	for _, tc := range cases {
		t.Run(tc.doc, func(t *testing.T) {
			for via, decode := range map[string]func() error{
				"file": func() error { _, err := model.Decode([]byte(tc.doc)); return err },
				"link": func() error { _, err := model.DecodeURL(pack(t, []byte(tc.doc))); return err },
			} {
				ps := problemsOf(t, decode())
				found := false
				for _, p := range ps {
					if p.Path == tc.want && (strings.Contains(p.Rule, "appears twice") || tc.want == "x") {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: problems %v, want %s: this key appears twice", via, ps, tc.want)
				}
			}
		})
	}
	var d model.Dist
	err := d.UnmarshalJSON([]byte(`{"kind":"fixed","value":1,"value":2}`))
	if ps := problemsOf(t, err); len(ps) != 1 || ps[0].Path != "value" || !strings.Contains(ps[0].Rule, "appears twice") {
		t.Errorf("Dist.UnmarshalJSON: %v", err)
	}
}
