package model

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FieldType is the Go type of a scenario field.
type FieldType int

// The types a scenario field holds.
const (
	TextField   FieldType = iota // string
	BoolField                    // bool
	IntField                     // int
	SeedField                    // uint64
	NumberField                  // float64
	DistField                    // Dist
)

// Group is the JSON object that holds a field: the top level (""), one
// pass ("passes.host_os") or every role ("roles").
type Group string

// The groups of the scenario's fields, in document order.
const (
	ServiceGroup    Group = ""
	HostOSGroup     Group = "passes." + Group(HostOS)
	GuestOSGroup    Group = "passes." + Group(GuestOS)
	GuestAgentGroup Group = "passes." + Group(GuestAgent)
	RoleGroup       Group = "roles"
)

// Groups lists the groups in document order.
var Groups = []Group{ServiceGroup, HostOSGroup, GuestOSGroup, GuestAgentGroup, RoleGroup}

// Rule is how Validate checks a field; Min and Max of the Field are its
// bounds.
type Rule int

// The rules of the scenario's fields (docs/model.md §2).
const (
	NoRule       Rule = iota // any value (booleans, the seed)
	VersionRule              // must be Version
	TextRule                 // Min to Max characters, UTF-8, no control or bidi characters
	CountRule                // a whole number from Min to Max
	RangeRule                // at least Min and below Max
	LoadRule                 // above 0 and at least the role's mean utilisation (overload_at)
	DurationRule             // above 0 and at most MaxMinutes
	ChanceRule               // a probability from 0 to Max
	MinutesRule              // a distribution of minutes
	ShareRule                // a distribution of fractions (utilisation)
)

// Field is one field of the scenario: where it is, what people call it
// and how it is checked. Fields lists every one; decoding, validation,
// cloning, the page's form, the sensitivity study, the charts and the
// report all read it, so a new field is one entry here plus its use in
// the engine.
type Field struct {
	Group Group     // the object that holds it
	Key   string    // its JSON key in that object: "warmup"
	Type  FieldType // the Go type it holds
	Label string    // its name for people, capitalised: "Warm-up"
	Unit  string    // the unit of its values in the form ("min", "%", "0–1"), if any
	Hint  string    // one line of help under the form's input
	Rule  Rule      // how Validate checks it
	Min   float64   // lower bound of Rule
	Max   float64   // upper bound of Rule
	Run   bool      // a setting of the run, not of the service: the form shows it last
	Share bool      // a fraction that people read in percent (0.05 is 5 %)
	Form  bool      // the form shows it (every field but version)

	scenario func(*Scenario) any // the pointer to its value (service and pass fields)
	role     func(*Role) any     // the pointer to its value (role fields)
}

// Fields lists every field of the scenario in document order: the
// service's, each pass's, then a role's. The structure (passes, roles)
// is not a field. It is read-only: every package reads it, none
// changes it.
var Fields = []Field{
	{Group: ServiceGroup, Key: "version", Type: IntField, Label: "Version", Rule: VersionRule,
		scenario: func(s *Scenario) any { return &s.Version }},
	{Group: ServiceGroup, Key: "name", Type: TextField, Label: "Name", Rule: TextRule, Max: MaxNameLen, Form: true,
		scenario: func(s *Scenario) any { return &s.Name }},
	{Group: ServiceGroup, Key: "upgrade_domains", Type: IntField, Label: "Upgrade domains",
		Hint: "1 to 20; instance i lives in domain i mod U", Rule: CountRule, Min: 1, Max: MaxUpgradeDomains, Form: true,
		scenario: func(s *Scenario) any { return &s.UpgradeDomains }},
	{Group: ServiceGroup, Key: "sla_target_pct", Type: NumberField, Label: "SLA target", Unit: "%",
		Hint: "monthly availability, 50 to below 100", Rule: RangeRule, Min: 50, Max: 100, Form: true,
		scenario: func(s *Scenario) any { return &s.SLATargetPct }},
	{Group: ServiceGroup, Key: "month_minutes", Type: NumberField, Label: "Month", Unit: "min",
		Rule: DurationRule, Run: true, Form: true,
		scenario: func(s *Scenario) any { return &s.MonthMinutes }},
	{Group: ServiceGroup, Key: "bad_error_rate", Type: NumberField, Label: "Bad while failed requests exceed", Unit: "share", Share: true,
		Hint: "a minute is bad while more than this share of requests fails (0.05 = 5 %)", Rule: RangeRule, Min: 0, Max: 1, Form: true,
		scenario: func(s *Scenario) any { return &s.BadErrorRate }},
	{Group: ServiceGroup, Key: "trials", Type: IntField, Label: "Trials", Unit: "months",
		Hint: "1 to 1 000 000 simulated months", Rule: CountRule, Min: 1, Max: MaxTrials, Run: true, Form: true,
		scenario: func(s *Scenario) any { return &s.Trials }},
	{Group: ServiceGroup, Key: "seed", Type: SeedField, Label: "Seed", Hint: "same seed, same numbers", Run: true, Form: true,
		scenario: func(s *Scenario) any { return &s.Seed }},
	{Group: ServiceGroup, Key: "ready_timeout", Type: NumberField, Label: "Ready timeout", Unit: "min",
		Hint: "the platform moves on to the next domain after this", Rule: DurationRule, Form: true,
		scenario: func(s *Scenario) any { return &s.ReadyTimeout }},
	{Group: ServiceGroup, Key: "onstop_limit", Type: NumberField, Label: "OnStop limit", Unit: "min",
		Hint: "graceful shutdown is cut off after this", Rule: DurationRule, Form: true,
		scenario: func(s *Scenario) any { return &s.OnStopLimit }},

	{Group: HostOSGroup, Key: "enabled", Type: BoolField, Label: "Host OS pass", Form: true,
		scenario: func(s *Scenario) any { return &s.Passes.HostOS.Enabled }},
	{Group: HostOSGroup, Key: "host_reboot", Type: DistField, Label: "Host reboot", Unit: "min", Rule: MinutesRule, Form: true,
		scenario: func(s *Scenario) any { return &s.Passes.HostOS.HostReboot }},
	{Group: HostOSGroup, Key: "ud_gap", Type: DistField, Label: "Gap between domains", Unit: "min", Rule: MinutesRule, Form: true,
		Hint:     "pause before each later domain",
		scenario: func(s *Scenario) any { return &s.Passes.HostOS.UDGap }},
	{Group: HostOSGroup, Key: "host_failure_prob", Type: NumberField, Label: "Host failure chance", Unit: "0–1", Share: true,
		Hint: "chance a host does not come back by itself", Rule: ChanceRule, Max: 1, Form: true,
		scenario: func(s *Scenario) any { return &s.Passes.HostOS.HostFailureProb }},
	{Group: HostOSGroup, Key: "host_recovery", Type: DistField, Label: "Host recovery", Unit: "min", Rule: MinutesRule, Form: true,
		scenario: func(s *Scenario) any { return &s.Passes.HostOS.HostRecovery }},

	{Group: GuestOSGroup, Key: "enabled", Type: BoolField, Label: "Guest OS pass", Form: true,
		scenario: func(s *Scenario) any { return &s.Passes.GuestOS.Enabled }},
	{Group: GuestOSGroup, Key: "delay_after_host", Type: DistField, Label: "Delay after Host OS", Unit: "min", Rule: MinutesRule, Form: true,
		Hint:     "from the end of the Host OS pass",
		scenario: func(s *Scenario) any { return &s.Passes.GuestOS.DelayAfterHost }},
	{Group: GuestOSGroup, Key: "os_boot", Type: DistField, Label: "OS boot", Unit: "min", Rule: MinutesRule, Form: true,
		Hint:     "restart of an instance after the reimage",
		scenario: func(s *Scenario) any { return &s.Passes.GuestOS.OSBoot }},

	{Group: GuestAgentGroup, Key: "enabled", Type: BoolField, Label: "Guest agent pass", Form: true,
		scenario: func(s *Scenario) any { return &s.Passes.GuestAgent.Enabled }},
	{Group: GuestAgentGroup, Key: "delay_after_guest", Type: DistField, Label: "Delay after the previous pass", Unit: "min", Rule: MinutesRule, Form: true,
		Hint:     "from the end of the previous enabled pass",
		scenario: func(s *Scenario) any { return &s.Passes.GuestAgent.DelayAfterGuest }},
	{Group: GuestAgentGroup, Key: "process_restart", Type: DistField, Label: "Process restart", Unit: "min", Rule: MinutesRule, Form: true,
		scenario: func(s *Scenario) any { return &s.Passes.GuestAgent.ProcessRestart }},

	{Group: RoleGroup, Key: "name", Type: TextField, Label: "Role name", Rule: TextRule, Min: 1, Max: MaxRoleNameLen, Form: true,
		role: func(r *Role) any { return &r.Name }},
	{Group: RoleGroup, Key: "instances", Type: IntField, Label: "Instances", Hint: "1 to 1000",
		Rule: CountRule, Min: 1, Max: MaxInstances, Form: true,
		role: func(r *Role) any { return &r.Instances }},
	{Group: RoleGroup, Key: "utilization", Type: DistField, Label: "Utilisation", Unit: "of one instance", Share: true,
		Hint: "load per instance at full strength (0.75 = 75 % CPU), drawn per pass", Rule: ShareRule, Form: true,
		role: func(r *Role) any { return &r.Utilization }},
	{Group: RoleGroup, Key: "overload_at", Type: NumberField, Label: "Overloaded above", Unit: "of one instance", Share: true,
		Hint: "load per instance above which the excess fails", Rule: LoadRule, Form: true,
		role: func(r *Role) any { return &r.OverloadAt }},
	{Group: RoleGroup, Key: "onstop", Type: DistField, Label: "OnStop", Unit: "min", Rule: MinutesRule, Form: true,
		role: func(r *Role) any { return &r.OnStop }},
	{Group: RoleGroup, Key: "startup_tasks", Type: DistField, Label: "Startup tasks", Unit: "min", Rule: MinutesRule, Form: true,
		role: func(r *Role) any { return &r.StartupTasks }},
	{Group: RoleGroup, Key: "onstart", Type: DistField, Label: "OnStart", Unit: "min", Rule: MinutesRule, Form: true,
		role: func(r *Role) any { return &r.OnStart }},
	{Group: RoleGroup, Key: "warmup", Type: DistField, Label: "Warm-up", Unit: "min", Rule: MinutesRule, Form: true,
		role: func(r *Role) any { return &r.Warmup }},
	{Group: RoleGroup, Key: "warmup_in_onstart", Type: BoolField, Label: "Warm up inside OnStart",
		Hint: "the instance joins the load balancer only when warm", Form: true,
		role: func(r *Role) any { return &r.WarmupInOnStart }},
	{Group: RoleGroup, Key: "startup_failure_prob", Type: NumberField, Label: "Start failure chance", Unit: "0–0.9", Share: true,
		Hint: "each start attempt fails with this chance and is retried", Rule: ChanceRule, Max: MaxStartupFailure, Form: true,
		role: func(r *Role) any { return &r.StartupFailureProb }},
	{Group: RoleGroup, Key: "rerun_defect_prob", Type: NumberField, Label: "Rerun defect chance", Unit: "0–1", Share: true,
		Hint: "per Host OS pass: startup tasks break when run again", Rule: ChanceRule, Max: 1, Form: true,
		role: func(r *Role) any { return &r.RerunDefectProb }},
	{Group: RoleGroup, Key: "reimage_defect_prob", Type: NumberField, Label: "Reimage defect chance", Unit: "0–1", Share: true,
		Hint: "per Guest OS pass: the role misbehaves after a reimage", Rule: ChanceRule, Max: 1, Form: true,
		role: func(r *Role) any { return &r.ReimageDefectProb }},
	{Group: RoleGroup, Key: "repair", Type: DistField, Label: "Repair time", Unit: "min", Rule: MinutesRule, Form: true,
		Hint: "until a fix for a defect is out",
		role: func(r *Role) any { return &r.Repair }},
}

// byGroup holds the fields of each group, in document order.
var byGroup = func() map[Group][]Field {
	m := map[Group][]Field{}
	for _, f := range Fields {
		m[f.Group] = append(m[f.Group], f)
	}
	return m
}()

// GroupFields returns the fields of group g in document order. The
// slice is shared: do not change it.
func GroupFields(g Group) []Field { return byGroup[g] }

// FormFields lists the fields of group g that people edit (every one but
// version) in the order a form or a report shows them: the table's, with
// the run settings (month, trials, seed) after the service's own fields.
func FormFields(g Group) []Field {
	var own, run []Field
	for _, f := range GroupFields(g) {
		switch {
		case !f.Form:
		case f.Run:
			run = append(run, f)
		default:
			own = append(own, f)
		}
	}
	return append(own, run...)
}

// Path returns the field's path as problems name it: "trials",
// "passes.host_os.host_reboot", or for role i "roles[i].warmup".
func (f Field) Path(role int) string {
	switch f.Group {
	case ServiceGroup:
		return f.Key
	case RoleGroup:
		return fmt.Sprintf("roles[%d].%s", role, f.Key)
	}
	return string(f.Group) + "." + f.Key
}

// Words is the label as it reads inside a sentence or after a colon:
// "warm-up", "host reboot", but "OnStart" and "OS boot" as they are.
func (f Field) Words() string {
	first, _, _ := strings.Cut(f.Label, " ")
	r, n := utf8.DecodeRuneInString(first)
	if strings.IndexFunc(first[n:], unicode.IsUpper) >= 0 {
		return f.Label // a name or an acronym: "OnStart", "OS boot"
	}
	return string(unicode.ToLower(r)) + f.Label[n:]
}

// Ptr returns a pointer to the field's value in s (role i for a role
// field): *string, *bool, *int, *uint64, *float64 or *Dist. It returns
// nil for a role index out of range.
func (f Field) Ptr(s *Scenario, role int) any {
	if f.Group == RoleGroup {
		if role < 0 || role >= len(s.Roles) {
			return nil
		}
		return f.role(&s.Roles[role])
	}
	return f.scenario(s)
}

// RolePtr returns a pointer to a role field's value in r; nil for a field
// of another group.
func (f Field) RolePtr(r *Role) any {
	if f.role == nil {
		return nil
	}
	return f.role(r)
}

// PassOf returns the pass whose group g is, and whether g is a pass.
func PassOf(g Group) (PassKind, bool) {
	switch g {
	case HostOSGroup:
		return HostOS, true
	case GuestOSGroup:
		return GuestOS, true
	case GuestAgentGroup:
		return GuestAgent, true
	}
	return "", false
}

// FieldAt finds the field at path ("roles[2].warmup", "seed") and the
// role index in it (0 for other groups).
func FieldAt(path string) (f Field, role int, ok bool) {
	g, key := ServiceGroup, path
	if rest, isRole := strings.CutPrefix(path, "roles["); isRole {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return Field{}, 0, false
		}
		n, err := parseIndex(rest[:end])
		if err != nil || !strings.HasPrefix(rest[end+1:], ".") {
			return Field{}, 0, false
		}
		g, key, role = RoleGroup, rest[end+2:], n
	} else if cut := strings.LastIndexByte(path, '.'); cut >= 0 {
		g, key = Group(path[:cut]), path[cut+1:]
	}
	for _, f := range Fields {
		if f.Group == g && f.Key == key {
			return f, role, true
		}
	}
	return Field{}, 0, false
}

// parseIndex reads a list index written as JSON writes it: digits, no
// sign, no leading zero.
func parseIndex(s string) (int, error) {
	if s == "" || len(s) > 6 || (len(s) > 1 && s[0] == '0') {
		return 0, fmt.Errorf("bad index %q", s)
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("bad index %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

// knownKeys lists the keys of group g for an "unknown field" problem,
// with the structural keys after the top level's fields.
func knownKeys(g Group) string {
	var keys []string
	for _, f := range GroupFields(g) {
		keys = append(keys, f.Key)
	}
	if g == ServiceGroup {
		keys = append(keys, "passes", "roles")
	}
	return strings.Join(keys, ", ")
}
