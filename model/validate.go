package model

import (
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"
)

// Validate returns every rule of docs/model.md §3 that s breaks, each with its
// field path; nil means s is valid and can be simulated.
func (s *Scenario) Validate() Problems {
	var ps Problems
	if s.Version != Version {
		if s.Version > Version {
			ps.add("version", "this planner reads version %d; the scenario is version %d, from a newer planner", Version, s.Version)
		} else {
			ps.add("version", "must be %d (got %d)", Version, s.Version)
		}
	}
	if n := utf8.RuneCountInString(s.Name); n > MaxNameLen {
		ps.add("name", "must be at most %d characters (got %d)", MaxNameLen, n)
	}
	if !utf8.ValidString(s.Name) {
		ps.add("name", "must be valid UTF-8 text")
	} else {
		checkNameRunes(&ps, "name", s.Name)
	}
	intRange(&ps, "upgrade_domains", s.UpgradeDomains, 1, MaxUpgradeDomains)
	if !(s.SLATargetPct >= 50 && s.SLATargetPct < 100) {
		ps.add("sla_target_pct", "must be at least 50 and below 100 (got %s)", fmtNum(s.SLATargetPct))
	}
	duration(&ps, "month_minutes", s.MonthMinutes)
	if !(s.BadErrorRate >= 0 && s.BadErrorRate < 1) {
		ps.add("bad_error_rate", "must be at least 0 and below 1 (got %s)", fmtNum(s.BadErrorRate))
	}
	intRange(&ps, "trials", s.Trials, 1, MaxTrials)
	duration(&ps, "ready_timeout", s.ReadyTimeout)
	duration(&ps, "onstop_limit", s.OnStopLimit)

	h := &s.Passes.HostOS
	h.HostReboot.validate(&ps, "passes.host_os.host_reboot")
	h.UDGap.validate(&ps, "passes.host_os.ud_gap")
	probability(&ps, "passes.host_os.host_failure_prob", h.HostFailureProb, 1)
	h.HostRecovery.validate(&ps, "passes.host_os.host_recovery")
	g := &s.Passes.GuestOS
	g.DelayAfterHost.validate(&ps, "passes.guest_os.delay_after_host")
	g.OSBoot.validate(&ps, "passes.guest_os.os_boot")
	a := &s.Passes.GuestAgent
	a.DelayAfterGuest.validate(&ps, "passes.guest_agent.delay_after_guest")
	a.ProcessRestart.validate(&ps, "passes.guest_agent.process_restart")

	switch n := len(s.Roles); {
	case n == 0:
		ps.add("roles", "must hold at least 1 role")
	case n > MaxRoles:
		ps.add("roles", "must hold at most %d roles (got %d)", MaxRoles, n)
	}
	seen := map[string]int{}
	for i := range s.Roles {
		path := fmt.Sprintf("roles[%d]", i)
		s.Roles[i].validate(&ps, path)
		name := s.Roles[i].Name
		if first, dup := seen[name]; dup && name != "" {
			ps.add(path+".name", "must be unique: roles[%d] is also called %q", first, name)
		} else {
			seen[name] = i
		}
	}
	return ps
}

func (r *Role) validate(ps *Problems, path string) {
	switch n := utf8.RuneCountInString(r.Name); {
	case n == 0:
		ps.add(path+".name", "must not be empty")
	case n > MaxRoleNameLen:
		ps.add(path+".name", "must be at most %d characters (got %d)", MaxRoleNameLen, n)
	}
	if !utf8.ValidString(r.Name) {
		ps.add(path+".name", "must be valid UTF-8 text")
	} else {
		checkNameRunes(ps, path+".name", r.Name)
	}
	intRange(ps, path+".instances", r.Instances, 1, MaxInstances)
	before := len(*ps)
	r.Utilization.validateAs(ps, path+".utilization", false)
	utilOK := len(*ps) == before
	positive(ps, path+".overload_at", r.OverloadAt)
	if utilOK && r.OverloadAt > 0 {
		if mean := r.Utilization.MeanClamped(); r.OverloadAt < mean {
			ps.add(path+".overload_at", "must be at least the mean utilization (%.4g): the role would be overloaded all month", mean)
		}
	}
	r.OnStop.validate(ps, path+".onstop")
	r.StartupTasks.validate(ps, path+".startup_tasks")
	r.OnStart.validate(ps, path+".onstart")
	r.Warmup.validate(ps, path+".warmup")
	probability(ps, path+".startup_failure_prob", r.StartupFailureProb, MaxStartupFailure)
	probability(ps, path+".rerun_defect_prob", r.RerunDefectProb, 1)
	probability(ps, path+".reimage_defect_prob", r.ReimageDefectProb, 1)
	r.Repair.validate(ps, path+".repair")
}

func intRange(ps *Problems, path string, v, lo, hi int) {
	if v < lo || v > hi {
		ps.add(path, "must be from %d to %d (got %d)", lo, hi, v)
	}
}

func positive(ps *Problems, path string, v float64) {
	if !(v > 0) || math.IsInf(v, 0) {
		ps.add(path, "must be a number above 0 (got %s)", fmtNum(v))
	}
}

// duration checks a duration that must be above 0 and at most MaxMinutes.
func duration(ps *Problems, path string, v float64) {
	switch {
	case !(v > 0) || math.IsInf(v, 0):
		ps.add(path, "must be a number above 0 (got %s)", fmtNum(v))
	case v > MaxMinutes:
		ps.add(path, "must be at most %d minutes, 3 years (got %s)", MaxMinutes, fmtNum(v))
	}
}

// checkNameRunes reports the first character of a name that would
// change how the page, the report or a terminal shows the text around it:
// control characters (C0, DEL, C1), line and paragraph separators, and the
// bidirectional formatting characters, which can make a name read
// backwards or reorder the words after it.
func checkNameRunes(ps *Problems, path, name string) {
	i := 0
	for _, r := range name {
		i++
		if what := forbiddenNameRune(r); what != "" {
			ps.add(path, "must not contain %s: character %d is U+%04X; remove it", what, i, r)
			return
		}
	}
}

func forbiddenNameRune(r rune) string {
	switch {
	case r == 0x200E || r == 0x200F || r == 0x061C || 0x202A <= r && r <= 0x202E || 0x2066 <= r && r <= 0x2069:
		return "bidirectional formatting characters"
	case r == 0x2028 || r == 0x2029:
		return "line breaks"
	case unicode.IsControl(r):
		return "control characters (line breaks, tabs and the like)"
	}
	return ""
}

func probability(ps *Problems, path string, v, hi float64) {
	if !(v >= 0 && v <= hi) {
		ps.add(path, "must be a probability from 0 to %s (got %s)", fmtNum(hi), fmtNum(v))
	}
}
