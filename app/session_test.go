package app

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"rolloutplanner/model"
)

func seedSession(t *testing.T) *session {
	t.Helper()
	pr, ok := model.PresetByName(DefaultPreset)
	if !ok {
		t.Fatal("no default preset")
	}
	return newSession(pr.Scenario, nil)
}

func TestApplyEdit(t *testing.T) {
	tests := []struct {
		name    string
		edit    Edit
		check   func(*model.Scenario) bool
		problem string // in the rule, "" for none
	}{
		{"int", Edit{"upgrade_domains", " 5 "}, func(s *model.Scenario) bool { return s.UpgradeDomains == 5 }, ""},
		{"int in float form", Edit{"trials", "2e4"}, func(s *model.Scenario) bool { return s.Trials == 20000 }, ""},
		{"int not whole", Edit{"trials", "2.5"}, nil, "whole number"},
		{"float", Edit{"sla_target_pct", "99.9"}, func(s *model.Scenario) bool { return s.SLATargetPct == 99.9 }, ""},
		{"float garbage", Edit{"sla_target_pct", "99,9x"}, nil, "must be a number"},
		{"float NaN refused", Edit{"bad_error_rate", "NaN"}, nil, "must be a number"},
		{"seed", Edit{"seed", "18446744073709551615"}, func(s *model.Scenario) bool { return s.Seed == 1<<64-1 }, ""},
		{"seed negative", Edit{"seed", "-1"}, nil, "whole number"},
		{"bool", Edit{"passes.guest_os.enabled", "false"}, func(s *model.Scenario) bool { return !s.Passes.GuestOS.Enabled }, ""},
		{"name keeps spaces", Edit{"name", "  a b "}, func(s *model.Scenario) bool { return s.Name == "  a b " }, ""},
		{"role name", Edit{"roles[0].name", "<b>api</b>"}, func(s *model.Scenario) bool { return s.Roles[0].Name == "<b>api</b>" }, ""},
		{"role checkbox", Edit{"roles[0].warmup_in_onstart", "true"}, func(s *model.Scenario) bool { return s.Roles[0].WarmupInOnStart }, ""},
		{"dist param", Edit{"roles[0].warmup.p95", "12"}, func(s *model.Scenario) bool { return s.Roles[0].Warmup.P95 == 12 }, ""},
		{"dist kind", Edit{"roles[0].warmup.kind", "uniform"}, func(s *model.Scenario) bool { return s.Roles[0].Warmup.Kind == model.Uniform }, ""},
		{"dist unknown kind", Edit{"roles[0].warmup.kind", "cauchy"}, nil, "must be one of"},
		{"dist param of another kind", Edit{"roles[0].warmup.shape", "2"}, nil, "not a parameter"},
		{"pass dist", Edit{"passes.host_os.host_reboot.max", "20"}, func(s *model.Scenario) bool { return s.Passes.HostOS.HostReboot.Max == 20 }, ""},
		{"unknown field", Edit{"roles[0].colour", "red"}, nil, "not a field"},
		{"role out of range", Edit{"roles[7].name", "x"}, nil, "not a field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := seedSession(t).sc
			before := scenarioKey(s)
			p := ApplyEdit(&s, tt.edit)
			if tt.problem != "" {
				if p == nil || !strings.Contains(p.Rule, tt.problem) || p.Path != tt.edit.Path {
					t.Fatalf("ApplyEdit(%v) = %v, want a problem at %s with %q", tt.edit, p, tt.edit.Path, tt.problem)
				}
				if scenarioKey(s) != before {
					t.Error("a refused edit changed the scenario")
				}
				return
			}
			if p != nil {
				t.Fatalf("ApplyEdit(%v) = %v", tt.edit, p)
			}
			if !tt.check(&s) {
				t.Errorf("ApplyEdit(%v) did not store the value", tt.edit)
			}
		})
	}
}

func TestSessionEdits(t *testing.T) {
	s := seedSession(t)
	if !s.valid() {
		t.Fatalf("the seed example has problems: %v", s.problems)
	}
	rev := s.rev

	// Text that does not parse stays in the field with its problem.
	s.edit(Edit{"roles[0].instances", "two"})
	if s.valid() || s.text("roles[0].instances") != "two" || !strings.Contains(problemAt(s, "roles[0].instances"), "whole number") {
		t.Fatalf("bad text: valid %v, text %q, problem %q", s.valid(), s.text("roles[0].instances"), problemAt(s, "roles[0].instances"))
	}
	if s.rev == rev {
		t.Error("an edit did not bump the revision")
	}
	// A value the model refuses is stored and marked.
	s.edit(Edit{"roles[0].instances", "0"})
	if s.sc.Roles[0].Instances != 0 || s.valid() || problemAt(s, "roles[0].instances") == "" {
		t.Fatalf("out of range: %v", s.problems)
	}
	// Fixing it clears the problem.
	s.edit(Edit{"roles[0].instances", "3"})
	if !s.valid() || problemAt(s, "roles[0].instances") != "" || s.text("roles[0].instances") != "3" {
		t.Fatalf("fixed: valid %v, problems %v", s.valid(), s.problems)
	}
	// A new kind forgets the old parameters' text.
	s.edit(Edit{"roles[0].warmup.p95", "x"})
	s.edit(Edit{"roles[0].warmup.kind", "fixed"})
	if !s.valid() {
		t.Fatalf("after a kind change: %v", s.problems)
	}
	if _, ok := s.drafts["roles[0].warmup.p95"]; ok {
		t.Error("the old parameter's draft survived a kind change")
	}
}

func TestSessionRoles(t *testing.T) {
	s := seedSession(t)
	s.addRole()
	s.addRole()
	if len(s.sc.Roles) != 3 || s.sc.Roles[1].Name == s.sc.Roles[2].Name || !s.valid() {
		t.Fatalf("after adding two roles: %d roles, problems %v", len(s.sc.Roles), s.problems)
	}
	name2 := s.sc.Roles[2].Name
	s.edit(Edit{"roles[2].instances", "lots"})
	s.edit(Edit{"roles[1].name", "api"})
	s.removeRole(1)
	if len(s.sc.Roles) != 2 || s.sc.Roles[1].Name != name2 {
		t.Fatalf("after removing role 1: %+v", s.sc.Roles)
	}
	// The draft and problem of old role 2 moved to role 1.
	if s.text("roles[1].instances") != "lots" || problemAt(s, "roles[1].instances") == "" {
		t.Errorf("role 2's draft did not move: text %q, problems %v", s.text("roles[1].instances"), s.problems)
	}
	s.removeRole(5) // out of range: nothing
	s.removeRole(0)
	s.removeRole(0) // the last role stays
	if len(s.sc.Roles) != 1 {
		t.Errorf("%d roles left, want 1", len(s.sc.Roles))
	}
	for range model.MaxRoles + 2 {
		s.addRole()
	}
	if len(s.sc.Roles) != model.MaxRoles {
		t.Errorf("%d roles, want at most %d", len(s.sc.Roles), model.MaxRoles)
	}
}

func TestShiftRole(t *testing.T) {
	tests := []struct {
		path   string
		want   string
		wantOK bool
	}{
		{"roles[0].name", "roles[0].name", true},
		{"roles[1].name", "", false},
		{"roles[2].warmup.p95", "roles[1].warmup.p95", true},
		{"roles[12].onstop.kind", "roles[11].onstop.kind", true},
		{"trials", "trials", true},
	}
	for _, tt := range tests {
		got, ok := shiftRole(tt.path, 1)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("shiftRole(%q, 1) = %q, %v; want %q, %v", tt.path, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestSetTrials(t *testing.T) {
	s := seedSession(t)
	s.edit(Edit{"trials", "many"})
	s.setTrials(40000)
	if s.sc.Trials != 40000 || s.text("trials") != "40000" || !s.valid() {
		t.Errorf("setTrials: trials %d, text %q, problems %v", s.sc.Trials, s.text("trials"), s.problems)
	}
}

// TestFieldIDs checks the ids of the DOM contract and that every field
// path of a scenario has its own id.
func TestFieldIDs(t *testing.T) {
	for path, want := range map[string]string{
		"roles[0].warmup_in_onstart":       "f-roles-0-warmup_in_onstart",
		"roles[10].warmup.p95":             "f-roles-10-warmup-p95",
		"passes.host_os.host_reboot.kind":  "f-passes-host_os-host_reboot-kind",
		"sla_target_pct":                   "f-sla_target_pct",
		`roles[0].x"><script>`:             "f-roles-0-x---script-",
		"passes.guest_agent.enabled":       "f-passes-guest_agent-enabled",
		"passes.guest_os.delay_after_host": "f-passes-guest_os-delay_after_host",
	} {
		if got := FieldID(path); got != want {
			t.Errorf("FieldID(%q) = %q, want %q", path, got, want)
		}
	}
	s := seedSession(t)
	s.addRole()
	paths := fieldPaths(&s.sc)
	ids := map[string]string{}
	for _, p := range paths {
		id := fieldID(p)
		if other, dup := ids[id]; dup {
			t.Errorf("paths %q and %q share the id %q", p, other, id)
		}
		ids[id] = p
		if _, _, ok := locate(&s.sc, p); !ok {
			t.Errorf("field path %q does not locate", p)
		}
	}
	if !slices.Contains(paths, "roles[1].warmup.kind") {
		t.Error("the second role's fields are missing")
	}
}

func TestOrphanProblems(t *testing.T) {
	pr, _ := model.PresetByName(DefaultPreset)
	s := newSession(pr.Scenario, model.Problems{{Path: "colour", Rule: "is not a field"}})
	orph := orphanProblems(s)
	if len(orph) != 1 || orph[0].Path != "colour" {
		t.Errorf("orphans = %v, want the unknown field", orph)
	}
	s.edit(Edit{"roles[0].instances", "0"}) // shown by its field
	if got := orphanProblems(s); len(got) != 1 {
		t.Errorf("orphans = %v, want only the unknown field", got)
	}
}

// TestKindMemory: switching a distribution's kind and back gives its
// values back (lognormal 5/10 → fixed → lognormal is 5/10 again, not the
// conversion's 4.55/10.02); the memory follows a removed role and is
// forgotten with the scenario.
func TestKindMemory(t *testing.T) {
	sc := model.Default()
	sc.Roles = append(sc.Roles, model.DefaultRole("api"))
	s := newSession(sc, nil)
	for _, e := range []Edit{
		{"roles[1].warmup.kind", "lognormal"},
		{"roles[1].warmup.p50", "5"},
		{"roles[1].warmup.p95", "10"},
		{"roles[1].warmup.kind", "fixed"},
		{"roles[1].warmup.value", "7"},
		{"roles[1].warmup.kind", "empirical"},
		{"roles[1].warmup.kind", "lognormal"},
	} {
		s.edit(e)
	}
	if d := s.sc.Roles[1].Warmup; !reflect.DeepEqual(d, model.LogNormalDist(5, 10)) {
		t.Fatalf("lognormal → fixed → empirical → lognormal: %+v, want p50 5, p95 10", d)
	}
	s.edit(Edit{"roles[1].warmup.kind", "fixed"})
	if d := s.sc.Roles[1].Warmup; !reflect.DeepEqual(d, model.FixedDist(7)) {
		t.Errorf("back to fixed: %+v, want the 7 typed before", d)
	}
	// A kind never used converts as before.
	s.edit(Edit{"roles[1].onstart.kind", "uniform"})
	if d := s.sc.Roles[1].OnStart; !reflect.DeepEqual(d, ConvertDist(model.FixedDist(2), model.Uniform)) {
		t.Errorf("first switch to uniform: %+v", d)
	}
	// Removing role 0 moves role 1's memory to role 0.
	s.removeRole(0)
	s.edit(Edit{"roles[0].warmup.kind", "lognormal"})
	if d := s.sc.Roles[0].Warmup; !reflect.DeepEqual(d, model.LogNormalDist(5, 10)) {
		t.Errorf("after removing role 0: %+v, want p50 5, p95 10", d)
	}
	s.replace(model.Default(), nil)
	s.edit(Edit{"roles[0].warmup.kind", "fixed"})
	s.edit(Edit{"roles[0].warmup.kind", "lognormal"})
	if d := s.sc.Roles[0].Warmup; reflect.DeepEqual(d, model.LogNormalDist(5, 10)) {
		t.Errorf("a new scenario kept the old one's memory")
	}
}

// problemAt returns the rules broken at exactly path, joined (the page
// shows problems through the form's view, so only tests need this).
func problemAt(s *session, path string) string {
	var rules []string
	for _, p := range s.problems {
		if p.Path == path {
			rules = append(rules, p.Rule)
		}
	}
	return strings.Join(rules, "; ")
}
