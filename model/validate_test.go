package model_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"rolloutplanner/model"
)

// twoRoles returns a valid scenario with the roles "web" and "api", so that
// cases can break roles[1] and check the index in the path.
func twoRoles() model.Scenario {
	s := model.Default()
	s.Roles = append(s.Roles, model.DefaultRole("api"))
	return s
}

// distCases are broken and edge-valid parameters of every kind; each runs
// at every dist field of a scenario. path is relative to the dist, "" for
// a valid dist.
var distCases = []struct {
	name string
	d    model.Dist
	path string
}{
	{"unknown kind", model.Dist{Kind: "gamma"}, "kind"},
	{"empty kind", model.Dist{}, "kind"},
	{"fixed NaN", model.FixedDist(math.NaN()), "value"},
	{"fixed +Inf", model.FixedDist(math.Inf(1)), "value"},
	{"fixed negative ok (clamped)", model.FixedDist(-3), ""},
	{"fixed zero ok", model.FixedDist(0), ""},
	{"uniform min > max", model.UniformDist(5, 4), "max"},
	{"uniform min = max ok", model.UniformDist(4, 4), ""},
	{"uniform below 0 ok", model.UniformDist(-4, 6), ""},
	{"uniform -Inf min", model.UniformDist(math.Inf(-1), 6), "min"},
	{"triangular min = max", model.TriangularDist(3, 3, 3), "max"},
	{"triangular min > max", model.TriangularDist(5, 4, 3), "max"},
	{"triangular mode < min", model.TriangularDist(2, 1, 5), "mode"},
	{"triangular mode > max", model.TriangularDist(2, 6, 5), "mode"},
	{"triangular mode = min ok", model.TriangularDist(2, 2, 5), ""},
	{"triangular mode = max ok", model.TriangularDist(2, 5, 5), ""},
	{"triangular below 0 ok", model.TriangularDist(-3, 1, 4), ""},
	{"triangular NaN mode", model.TriangularDist(1, math.NaN(), 4), "mode"},
	{"normal sd < 0", model.NormalDist(5, -1), "sd"},
	{"normal sd = 0 ok", model.NormalDist(5, 0), ""},
	{"normal NaN mean", model.NormalDist(math.NaN(), 1), "mean"},
	{"lognormal p50 = 0", model.LogNormalDist(0, 5), "p50"},
	{"lognormal p50 < 0", model.LogNormalDist(-1, 5), "p50"},
	{"lognormal p95 < p50", model.LogNormalDist(10, 5), "p95"},
	{"lognormal p95 = p50 ok", model.LogNormalDist(5, 5), ""},
	{"lognormal p95 +Inf", model.LogNormalDist(5, math.Inf(1)), "p95"},
	{"exponential mean = 0", model.ExponentialDist(0), "mean"},
	{"exponential mean < 0", model.ExponentialDist(-2), "mean"},
	{"weibull shape = 0", model.WeibullDist(0, 5), "shape"},
	{"weibull scale < 0", model.WeibullDist(1.5, -5), "scale"},
	{"empirical no values", model.EmpiricalDist(), "values"},
	{"empirical empty values", model.EmpiricalDist([]float64{}...), "values"},
	{"empirical 10,001 values", model.EmpiricalDist(make([]float64, model.MaxEmpiricalValues+1)...), "values"},
	{"empirical 10,000 values ok", model.EmpiricalDist(make([]float64, model.MaxEmpiricalValues)...), ""},
	{"empirical 1 value ok", model.EmpiricalDist(7), ""},
	{"empirical NaN value", model.EmpiricalDist(1, 2, 3, math.NaN()), "values[3]"},
	{"empirical negative ok", model.EmpiricalDist(-1, 2), ""},

	// Every parameter lies within ±MaxMinutes (3 years).
	{"fixed MaxMinutes ok", model.FixedDist(model.MaxMinutes), ""},
	{"fixed -MaxMinutes ok", model.FixedDist(-model.MaxMinutes), ""},
	{"fixed above MaxMinutes", model.FixedDist(model.MaxMinutes + 0.5), "value"},
	{"fixed 1e308", model.FixedDist(1e308), "value"},
	{"fixed below -MaxMinutes", model.FixedDist(-model.MaxMinutes - 1), "value"},
	{"uniform max 1e308", model.UniformDist(0, 1e308), "max"},
	{"uniform min -1e308", model.UniformDist(-1e308, 0), "min"},
	{"triangular max 1e300", model.TriangularDist(0, 1, 1e300), "max"},
	{"normal mean 1e308", model.NormalDist(1e308, 1), "mean"},
	{"normal sd 1e300", model.NormalDist(5, 1e300), "sd"},
	{"normal sd MaxMinutes ok", model.NormalDist(5, model.MaxMinutes), ""},
	{"lognormal p95 1e308", model.LogNormalDist(1e306, 1e308), "p50"},
	{"lognormal p95 above MaxMinutes", model.LogNormalDist(10000, model.MaxMinutes+1), "p95"},
	{"exponential mean 1e308", model.ExponentialDist(1e308), "mean"},
	{"exponential mean MaxMinutes ok", model.ExponentialDist(model.MaxMinutes), ""},
	{"weibull scale 1e308", model.WeibullDist(1, 1e308), "scale"},
	{"weibull shape 1e308", model.WeibullDist(1e308, 1), "shape"},
	{"empirical value 1e308", model.EmpiricalDist(1, 1e308), "values[1]"},
	{"empirical value -1e308", model.EmpiricalDist(-1e308, 1), "values[0]"},
	{"empirical value MaxMinutes ok", model.EmpiricalDist(1, model.MaxMinutes), ""},

	// Heavy tails whose samples would overflow.
	{"lognormal spread 1000 ok", model.LogNormalDist(1, model.MaxLogNormalSpread), ""},
	{"lognormal spread above 1000", model.LogNormalDist(1, model.MaxLogNormalSpread*1.0001), "p95"},
	{"lognormal tiny p50, huge p95", model.LogNormalDist(1e-300, 1e6), "p95"},
	{"lognormal tiny p50 and p95 ok", model.LogNormalDist(1e-300, 1e-298), ""},
	{"weibull shape 0.1 ok", model.WeibullDist(model.MinWeibullShape, model.MaxMinutes), ""},
	{"weibull shape below 0.1", model.WeibullDist(0.0999, 5), "shape"},
	{"weibull shape 1e-300", model.WeibullDist(1e-300, 5), "shape"},
}

// distFields sets each dist of a scenario; the path is where its problems
// appear. Utilisation is left out: it also feeds the overload_at rule, and
// has cases of its own.
var distFields = []struct {
	path string
	set  func(*model.Scenario, model.Dist)
}{
	{"passes.host_os.host_reboot", func(s *model.Scenario, d model.Dist) { s.Passes.HostOS.HostReboot = d }},
	{"passes.host_os.ud_gap", func(s *model.Scenario, d model.Dist) { s.Passes.HostOS.UDGap = d }},
	{"passes.host_os.host_recovery", func(s *model.Scenario, d model.Dist) { s.Passes.HostOS.HostRecovery = d }},
	{"passes.guest_os.delay_after_host", func(s *model.Scenario, d model.Dist) { s.Passes.GuestOS.DelayAfterHost = d }},
	{"passes.guest_os.os_boot", func(s *model.Scenario, d model.Dist) { s.Passes.GuestOS.OSBoot = d }},
	{"passes.guest_agent.delay_after_guest", func(s *model.Scenario, d model.Dist) { s.Passes.GuestAgent.DelayAfterGuest = d }},
	{"passes.guest_agent.process_restart", func(s *model.Scenario, d model.Dist) { s.Passes.GuestAgent.ProcessRestart = d }},
	{"roles[1].onstop", func(s *model.Scenario, d model.Dist) { s.Roles[1].OnStop = d }},
	{"roles[1].startup_tasks", func(s *model.Scenario, d model.Dist) { s.Roles[1].StartupTasks = d }},
	{"roles[1].onstart", func(s *model.Scenario, d model.Dist) { s.Roles[1].OnStart = d }},
	{"roles[1].warmup", func(s *model.Scenario, d model.Dist) { s.Roles[1].Warmup = d }},
	{"roles[1].repair", func(s *model.Scenario, d model.Dist) { s.Roles[1].Repair = d }},
}

func manyRoles(n int) []model.Role {
	roles := make([]model.Role, n)
	for i := range roles {
		roles[i] = model.DefaultRole(fmt.Sprintf("role%d", i))
	}
	return roles
}

// validationCases break one rule of docs/model.md §3 each (path is the one
// problem expected) or sit on the valid edge of one (path "").
var validationCases = []struct {
	name string
	edit func(*model.Scenario)
	path string
}{
	{"default two roles ok", func(s *model.Scenario) {}, ""},

	{"version 0", func(s *model.Scenario) { s.Version = 0 }, "version"},
	{"version 2", func(s *model.Scenario) { s.Version = 2 }, "version"},

	{"name 120 characters ok", func(s *model.Scenario) { s.Name = strings.Repeat("é", model.MaxNameLen) }, ""},
	{"name 121 characters", func(s *model.Scenario) { s.Name = strings.Repeat("a", model.MaxNameLen+1) }, "name"},
	{"name not UTF-8", func(s *model.Scenario) { s.Name = "bad \xff" }, "name"},

	{"upgrade_domains 0", func(s *model.Scenario) { s.UpgradeDomains = 0 }, "upgrade_domains"},
	{"upgrade_domains 1 ok", func(s *model.Scenario) { s.UpgradeDomains = 1 }, ""},
	{"upgrade_domains 20 ok", func(s *model.Scenario) { s.UpgradeDomains = 20 }, ""},
	{"upgrade_domains 21", func(s *model.Scenario) { s.UpgradeDomains = 21 }, "upgrade_domains"},

	{"sla_target_pct 50 ok", func(s *model.Scenario) { s.SLATargetPct = 50 }, ""},
	{"sla_target_pct 99.999 ok", func(s *model.Scenario) { s.SLATargetPct = 99.999 }, ""},
	{"sla_target_pct 49.99", func(s *model.Scenario) { s.SLATargetPct = 49.99 }, "sla_target_pct"},
	{"sla_target_pct 100", func(s *model.Scenario) { s.SLATargetPct = 100 }, "sla_target_pct"},
	{"sla_target_pct NaN", func(s *model.Scenario) { s.SLATargetPct = math.NaN() }, "sla_target_pct"},

	{"month_minutes 0", func(s *model.Scenario) { s.MonthMinutes = 0 }, "month_minutes"},
	{"month_minutes -1", func(s *model.Scenario) { s.MonthMinutes = -1 }, "month_minutes"},
	{"month_minutes +Inf", func(s *model.Scenario) { s.MonthMinutes = math.Inf(1) }, "month_minutes"},
	{"month_minutes tiny ok", func(s *model.Scenario) { s.MonthMinutes = 1e-9 }, ""},
	{"month_minutes MaxMinutes ok", func(s *model.Scenario) { s.MonthMinutes = model.MaxMinutes }, ""},
	{"month_minutes above MaxMinutes", func(s *model.Scenario) { s.MonthMinutes = model.MaxMinutes + 1 }, "month_minutes"},
	{"month_minutes 1e308", func(s *model.Scenario) { s.MonthMinutes = 1e308 }, "month_minutes"},
	{"ready_timeout MaxMinutes ok", func(s *model.Scenario) { s.ReadyTimeout = model.MaxMinutes }, ""},
	{"ready_timeout 1e308", func(s *model.Scenario) { s.ReadyTimeout = 1e308 }, "ready_timeout"},
	{"onstop_limit MaxMinutes ok", func(s *model.Scenario) { s.OnStopLimit = model.MaxMinutes }, ""},
	{"onstop_limit above MaxMinutes", func(s *model.Scenario) { s.OnStopLimit = model.MaxMinutes + 1e-6 }, "onstop_limit"},
	{"utilization 1e308", func(s *model.Scenario) { s.Roles[1].Utilization = model.FixedDist(1e308) }, "roles[1].utilization.value"},
	{"utilization lognormal spread", func(s *model.Scenario) { s.Roles[1].Utilization = model.LogNormalDist(1e-9, 0.5) }, "roles[1].utilization.p95"},
	{"utilization weibull shape 0.01", func(s *model.Scenario) { s.Roles[1].Utilization = model.WeibullDist(0.01, 0.5) }, "roles[1].utilization.shape"},

	{"bad_error_rate 0 ok", func(s *model.Scenario) { s.BadErrorRate = 0 }, ""},
	{"bad_error_rate 0.999 ok", func(s *model.Scenario) { s.BadErrorRate = 0.999 }, ""},
	{"bad_error_rate 1", func(s *model.Scenario) { s.BadErrorRate = 1 }, "bad_error_rate"},
	{"bad_error_rate -0.01", func(s *model.Scenario) { s.BadErrorRate = -0.01 }, "bad_error_rate"},

	{"trials 0", func(s *model.Scenario) { s.Trials = 0 }, "trials"},
	{"trials 1 ok", func(s *model.Scenario) { s.Trials = 1 }, ""},
	{"trials 1,000,000 ok", func(s *model.Scenario) { s.Trials = model.MaxTrials }, ""},
	{"trials 1,000,001", func(s *model.Scenario) { s.Trials = model.MaxTrials + 1 }, "trials"},

	{"seed 0 ok", func(s *model.Scenario) { s.Seed = 0 }, ""},
	{"seed max uint64 ok", func(s *model.Scenario) { s.Seed = math.MaxUint64 }, ""},

	{"ready_timeout 0", func(s *model.Scenario) { s.ReadyTimeout = 0 }, "ready_timeout"},
	{"ready_timeout NaN", func(s *model.Scenario) { s.ReadyTimeout = math.NaN() }, "ready_timeout"},
	{"onstop_limit 0", func(s *model.Scenario) { s.OnStopLimit = 0 }, "onstop_limit"},
	{"onstop_limit -5", func(s *model.Scenario) { s.OnStopLimit = -5 }, "onstop_limit"},

	{"host_failure_prob 0 ok", func(s *model.Scenario) { s.Passes.HostOS.HostFailureProb = 0 }, ""},
	{"host_failure_prob 1 ok", func(s *model.Scenario) { s.Passes.HostOS.HostFailureProb = 1 }, ""},
	{"host_failure_prob 1.01", func(s *model.Scenario) { s.Passes.HostOS.HostFailureProb = 1.01 }, "passes.host_os.host_failure_prob"},
	{"host_failure_prob -0.1", func(s *model.Scenario) { s.Passes.HostOS.HostFailureProb = -0.1 }, "passes.host_os.host_failure_prob"},
	{"all passes disabled ok", func(s *model.Scenario) {
		s.Passes.HostOS.Enabled, s.Passes.GuestOS.Enabled, s.Passes.GuestAgent.Enabled = false, false, false
	}, ""},
	{"disabled pass still validated", func(s *model.Scenario) {
		s.Passes.GuestOS.Enabled = false
		s.Passes.GuestOS.OSBoot = model.UniformDist(3, 2)
	}, "passes.guest_os.os_boot.max"},

	{"no roles", func(s *model.Scenario) { s.Roles = nil }, "roles"},
	{"empty roles", func(s *model.Scenario) { s.Roles = []model.Role{} }, "roles"},
	{"16 roles ok", func(s *model.Scenario) { s.Roles = manyRoles(model.MaxRoles) }, ""},
	{"17 roles", func(s *model.Scenario) { s.Roles = manyRoles(model.MaxRoles + 1) }, "roles"},
	{"duplicate role names", func(s *model.Scenario) { s.Roles[1].Name = "web" }, "roles[1].name"},
	{"duplicate later role", func(s *model.Scenario) {
		s.Roles = manyRoles(4)
		s.Roles[3].Name = s.Roles[1].Name
	}, "roles[3].name"},
	{"names differ by case ok", func(s *model.Scenario) { s.Roles[1].Name = "Web" }, ""},

	{"role name empty", func(s *model.Scenario) { s.Roles[1].Name = "" }, "roles[1].name"},
	{"role name 60 characters ok", func(s *model.Scenario) { s.Roles[1].Name = strings.Repeat("ü", model.MaxRoleNameLen) }, ""},
	{"role name 61 characters", func(s *model.Scenario) { s.Roles[1].Name = strings.Repeat("a", model.MaxRoleNameLen+1) }, "roles[1].name"},
	{"role name not UTF-8", func(s *model.Scenario) { s.Roles[1].Name = "\xc3" }, "roles[1].name"},

	// Names must not steer how the text around them is shown.
	{"name right-to-left override", func(s *model.Scenario) { s.Name = "invoice\u202Efdp.exe" }, "name"},
	{"name LRE", func(s *model.Scenario) { s.Name = "a\u202Ab" }, "name"},
	{"name PDF", func(s *model.Scenario) { s.Name = "a\u202Cb" }, "name"},
	{"name LRI", func(s *model.Scenario) { s.Name = "\u2066a" }, "name"},
	{"name PDI", func(s *model.Scenario) { s.Name = "a\u2069" }, "name"},
	{"name RLM", func(s *model.Scenario) { s.Name = "a\u200Fb" }, "name"},
	{"name LRM", func(s *model.Scenario) { s.Name = "a\u200Eb" }, "name"},
	{"name Arabic letter mark", func(s *model.Scenario) { s.Name = "a\u061Cb" }, "name"},
	{"name NUL", func(s *model.Scenario) { s.Name = "a\x00b" }, "name"},
	{"name newline", func(s *model.Scenario) { s.Name = "line\nbreak" }, "name"},
	{"name tab", func(s *model.Scenario) { s.Name = "a\tb" }, "name"},
	{"name escape", func(s *model.Scenario) { s.Name = "\x1b[31mred" }, "name"},
	{"name DEL", func(s *model.Scenario) { s.Name = "a\x7fb" }, "name"},
	{"name C1 NEL", func(s *model.Scenario) { s.Name = "a\u0085b" }, "name"},
	{"name line separator", func(s *model.Scenario) { s.Name = "a\u2028b" }, "name"},
	{"name right-to-left text ok", func(s *model.Scenario) { s.Name = "خدمة الدفع — payments" }, ""},
	{"name emoji with joiner ok", func(s *model.Scenario) { s.Name = "team \U0001F469\u200D\U0001F4BB" }, ""},
	{"role name right-to-left override", func(s *model.Scenario) { s.Roles[1].Name = "bew\u202E" }, "roles[1].name"},
	{"role name RLI", func(s *model.Scenario) { s.Roles[1].Name = "\u2067api" }, "roles[1].name"},
	{"role name newline", func(s *model.Scenario) { s.Roles[1].Name = "api\n" }, "roles[1].name"},
	{"role name Hebrew ok", func(s *model.Scenario) { s.Roles[1].Name = "שרת" }, ""},

	{"instances 0", func(s *model.Scenario) { s.Roles[1].Instances = 0 }, "roles[1].instances"},
	{"instances 1 ok", func(s *model.Scenario) { s.Roles[1].Instances = 1 }, ""},
	{"instances 1000 ok", func(s *model.Scenario) { s.Roles[1].Instances = model.MaxInstances }, ""},
	{"instances 1001", func(s *model.Scenario) { s.Roles[1].Instances = model.MaxInstances + 1 }, "roles[1].instances"},

	{"utilization broken", func(s *model.Scenario) { s.Roles[1].Utilization = model.NormalDist(0.5, -0.1) }, "roles[1].utilization.sd"},
	{"utilization unknown kind", func(s *model.Scenario) { s.Roles[1].Utilization = model.Dist{Kind: "beta"} }, "roles[1].utilization.kind"},
	{"overload_at 0", func(s *model.Scenario) { s.Roles[1].OverloadAt = 0 }, "roles[1].overload_at"},
	{"overload_at NaN", func(s *model.Scenario) { s.Roles[1].OverloadAt = math.NaN() }, "roles[1].overload_at"},
	{"overload_at below fixed utilisation", func(s *model.Scenario) {
		s.Roles[1].Utilization = model.FixedDist(0.8)
		s.Roles[1].OverloadAt = 0.79
	}, "roles[1].overload_at"},
	{"overload_at = mean utilisation ok", func(s *model.Scenario) {
		s.Roles[1].Utilization = model.UniformDist(0.25, 0.75)
		s.Roles[1].OverloadAt = 0.5
	}, ""},
	{"overload_at below mean of a triangular", func(s *model.Scenario) {
		s.Roles[1].Utilization = model.TriangularDist(0.3, 0.9, 1.2) // mean 0.8
		s.Roles[1].OverloadAt = 0.75
	}, "roles[1].overload_at"},
	{"overload_at below clamped mean of a normal", func(s *model.Scenario) {
		s.Roles[1].Utilization = model.NormalDist(-1, 1) // E[max(X,0)] ≈ 0.0833
		s.Roles[1].OverloadAt = 0.08
	}, "roles[1].overload_at"},
	{"overload_at above clamped mean of a normal ok", func(s *model.Scenario) {
		s.Roles[1].Utilization = model.NormalDist(-1, 1)
		s.Roles[1].OverloadAt = 0.09
	}, ""},
	{"overload_at above 1 ok", func(s *model.Scenario) {
		s.Roles[1].Utilization = model.FixedDist(1.2)
		s.Roles[1].OverloadAt = 1.5
	}, ""},

	{"startup_failure_prob 0 ok", func(s *model.Scenario) { s.Roles[1].StartupFailureProb = 0 }, ""},
	{"startup_failure_prob 0.9 ok", func(s *model.Scenario) { s.Roles[1].StartupFailureProb = 0.9 }, ""},
	{"startup_failure_prob 0.91", func(s *model.Scenario) { s.Roles[1].StartupFailureProb = 0.91 }, "roles[1].startup_failure_prob"},
	{"startup_failure_prob -0.01", func(s *model.Scenario) { s.Roles[1].StartupFailureProb = -0.01 }, "roles[1].startup_failure_prob"},
	{"rerun_defect_prob 1 ok", func(s *model.Scenario) { s.Roles[1].RerunDefectProb = 1 }, ""},
	{"rerun_defect_prob 1.5", func(s *model.Scenario) { s.Roles[1].RerunDefectProb = 1.5 }, "roles[1].rerun_defect_prob"},
	{"rerun_defect_prob NaN", func(s *model.Scenario) { s.Roles[1].RerunDefectProb = math.NaN() }, "roles[1].rerun_defect_prob"},
	{"reimage_defect_prob 1 ok", func(s *model.Scenario) { s.Roles[1].ReimageDefectProb = 1 }, ""},
	{"reimage_defect_prob -1", func(s *model.Scenario) { s.Roles[1].ReimageDefectProb = -1 }, "roles[1].reimage_defect_prob"},
	{"warmup_in_onstart true ok", func(s *model.Scenario) { s.Roles[1].WarmupInOnStart = true }, ""},
}

func TestValidate(t *testing.T) {
	check := func(t *testing.T, s model.Scenario, want string) {
		t.Helper()
		ps := s.Validate()
		if want == "" {
			if len(ps) != 0 {
				t.Fatalf("want valid, got %v", ps)
			}
			return
		}
		if len(ps) != 1 || ps[0].Path != want {
			t.Fatalf("want one problem at %s, got %v", want, ps)
		}
		if ps[0].Rule == "" {
			t.Errorf("problem at %s has no rule", want)
		}
		if ps.Err() == nil {
			t.Errorf("Problems.Err() = nil with %d problems", len(ps))
		}
	}
	for _, tc := range validationCases {
		t.Run(tc.name, func(t *testing.T) {
			s := twoRoles()
			tc.edit(&s)
			check(t, s, tc.path)
		})
	}
	for _, f := range distFields {
		for _, dc := range distCases {
			t.Run(f.path+"/"+dc.name, func(t *testing.T) {
				s := twoRoles()
				f.set(&s, dc.d)
				want := ""
				if dc.path != "" {
					want = f.path + "." + dc.path
				}
				check(t, s, want)
			})
		}
	}
}

func TestValidateDistAlone(t *testing.T) {
	for _, dc := range distCases {
		t.Run(dc.name, func(t *testing.T) {
			ps := dc.d.Validate()
			switch {
			case dc.path == "" && len(ps) != 0:
				t.Fatalf("want valid, got %v", ps)
			case dc.path != "" && (len(ps) != 1 || ps[0].Path != dc.path):
				t.Fatalf("want one problem at %s, got %v", dc.path, ps)
			}
		})
	}
}

// TestValidateAllAtOnce checks that every broken rule is reported, not
// only the first one.
func TestValidateAllAtOnce(t *testing.T) {
	s := twoRoles()
	s.UpgradeDomains = 0
	s.Trials = -1
	s.Roles[0].Instances = 0
	s.Roles[1].Warmup = model.LogNormalDist(10, 5)
	s.Roles[1].StartupFailureProb = 1
	want := []string{"upgrade_domains", "trials", "roles[0].instances", "roles[1].warmup.p95", "roles[1].startup_failure_prob"}
	ps := s.Validate()
	if len(ps) != len(want) {
		t.Fatalf("got %d problems, want %d: %v", len(ps), len(want), ps)
	}
	for i, p := range ps {
		if p.Path != want[i] {
			t.Errorf("problem %d at %s, want %s", i, p.Path, want[i])
		}
	}
	if got := ps.For("roles[1]"); len(got) != 2 {
		t.Errorf("For(roles[1]) = %v, want 2 problems", got)
	}
	if got := ps.For("roles[1].warmup"); len(got) != 1 || got[0].Path != "roles[1].warmup.p95" {
		t.Errorf("For(roles[1].warmup) = %v", got)
	}
	if msg := ps.Error(); !strings.HasPrefix(msg, "5 problems in the scenario:\n  upgrade_domains: ") {
		t.Errorf("Error() = %q", msg)
	}
}

// TestValidateDoesNotChange checks that Validate neither changes nor
// normalises the scenario it reads.
func TestValidateDoesNotChange(t *testing.T) {
	for _, p := range model.Presets() {
		before := p.Scenario.Clone()
		p.Scenario.Validate()
		if !equalScenario(before, p.Scenario) {
			t.Errorf("%s: Validate changed the scenario", p.Name)
		}
	}
}

// TestBoundRuleTexts checks that the rules added for issue 7 say what the
// limit is, so that a person can fix the field.
func TestBoundRuleTexts(t *testing.T) {
	cases := []struct {
		edit func(*model.Scenario)
		want string // "path: rule" must contain it
	}{
		{func(s *model.Scenario) { s.MonthMinutes = 1e308 }, "month_minutes: must be at most 1576800 minutes, 3 years (got 1e+308)"},
		{func(s *model.Scenario) { s.Roles[1].Warmup = model.ExponentialDist(1e308) }, "roles[1].warmup.mean: must be at most 1576800 (3 years in minutes) (got 1e+308)"},
		{func(s *model.Scenario) { s.Roles[1].Warmup = model.FixedDist(-2e6) }, "roles[1].warmup.value: must be at least -1576800"},
		{func(s *model.Scenario) { s.Roles[1].Utilization = model.FixedDist(2e6) }, "roles[1].utilization.value: must be at most 1576800 (got 2e+06)"},
		{func(s *model.Scenario) { s.Roles[1].Repair = model.LogNormalDist(1e-3, 1e6) }, "roles[1].repair.p95: must be at most 1000 × p50 (1)"},
		{func(s *model.Scenario) { s.Roles[1].Repair = model.WeibullDist(0.05, 10) }, "roles[1].repair.shape: must be at least 0.1"},
		{func(s *model.Scenario) { s.Roles[1].Name = "ab\u202Ec" }, "roles[1].name: must not contain bidirectional formatting characters: character 3 is U+202E"},
		{func(s *model.Scenario) { s.Name = "a\nb" }, "name: must not contain control characters"},
	}
	for _, tc := range cases {
		s := twoRoles()
		tc.edit(&s)
		ps := s.Validate()
		if len(ps) != 1 || !strings.Contains(ps[0].String(), tc.want) {
			t.Errorf("got %v, want one problem saying %q", ps, tc.want)
		}
	}
}
