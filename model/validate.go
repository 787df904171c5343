package model

import (
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"
)

// Validate returns every rule of docs/model.md §3 that s breaks, each with its
// field path; nil means s is valid and can be simulated. Each field is
// checked by its Rule in Fields, in document order.
func (s *Scenario) Validate() Problems {
	var ps Problems
	for _, g := range Groups[:len(Groups)-1] {
		for _, f := range GroupFields(g) {
			f.check(&ps, f.Path(0), f.Ptr(s, 0), nil)
		}
	}
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
	for _, f := range GroupFields(RoleGroup) {
		f.check(ps, path+"."+f.Key, f.RolePtr(r), r)
	}
}

// check adds the problems of v, the field's value at path, by the
// field's rule; r is the role that holds it, if any.
func (f Field) check(ps *Problems, path string, v any, r *Role) {
	switch f.Rule {
	case VersionRule:
		switch n := *v.(*int); {
		case n > Version:
			ps.add(path, "this planner reads version %d; the scenario is version %d, from a newer planner", Version, n)
		case n != Version:
			ps.add(path, "must be %d (got %d)", Version, n)
		}
	case TextRule:
		text := *v.(*string)
		switch n := utf8.RuneCountInString(text); {
		case n == 0 && f.Min > 0:
			ps.add(path, "must not be empty")
		case n > int(f.Max):
			ps.add(path, "must be at most %d characters (got %d)", int(f.Max), n)
		}
		if !utf8.ValidString(text) {
			ps.add(path, "must be valid UTF-8 text")
		} else {
			checkNameRunes(ps, path, text)
		}
	case CountRule:
		intRange(ps, path, *v.(*int), int(f.Min), int(f.Max))
	case RangeRule:
		if x := *v.(*float64); !(x >= f.Min && x < f.Max) {
			ps.add(path, "must be at least %s and below %s (got %s)", fmtNum(f.Min), fmtNum(f.Max), fmtNum(x))
		}
	case LoadRule:
		x := *v.(*float64)
		positive(ps, path, x)
		if r != nil && x > 0 {
			// The role's load must fit: overload_at against utilisation.
			var util Problems
			r.Utilization.validateAs(&util, "", false)
			if mean := r.Utilization.MeanClamped(); len(util) == 0 && x < mean {
				ps.add(path, "must be at least the mean utilization (%.4g): the role would be overloaded all month", mean)
			}
		}
	case DurationRule:
		duration(ps, path, *v.(*float64))
	case ChanceRule:
		probability(ps, path, *v.(*float64), f.Max)
	case MinutesRule:
		v.(*Dist).validate(ps, path)
	case ShareRule:
		v.(*Dist).validateAs(ps, path, false)
	}
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
