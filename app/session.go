package app

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"rolloutplanner/model"
)

// session is the scenario under edit, with what the form shows beside it:
// the text typed in each field and every problem, by field path. It holds
// no UI and is changed only on the UI goroutine.
type session struct {
	sc       model.Scenario
	drafts   map[string]string // text typed per field since the scenario was last replaced
	parse    model.Problems    // edits whose text did not parse; the scenario kept its old value
	problems model.Problems    // parse problems, then the model's
	rev      int               // increases on every change
	// kinds keeps, per distribution path, the last parameters of each
	// kind it had, so that switching lognormal → fixed → lognormal gives
	// the lognormal's values back. It is the form's memory, not part of
	// the scenario, and is forgotten with the scenario.
	kinds map[string]map[model.Kind]model.Dist
}

// newSession returns a session on sc, with problems holds the problems
// that decoding sc reported (model.Decode), which Validate alone may not
// see (unknown fields, wrong types).
func newSession(sc model.Scenario, decodeProblems model.Problems) *session {
	s := &session{}
	s.replace(sc, decodeProblems)
	return s
}

// replace puts a whole new scenario under edit, forgetting typed text.
func (s *session) replace(sc model.Scenario, decodeProblems model.Problems) {
	s.sc = sc.Clone()
	s.drafts = map[string]string{}
	s.kinds = map[string]map[model.Kind]model.Dist{}
	s.parse = nil
	for _, p := range decodeProblems {
		if _, _, ok := locate(&s.sc, p.Path); !ok || p.Path == "version" {
			s.parse = append(s.parse, p) // no field shows it: keep it visible
		}
	}
	s.revalidate()
}

// edit applies one field's text. Text that does not parse is kept as the
// field's draft with its problem, and the scenario keeps the old value.
// It reports whether anything changed: the text the field already holds
// (committed while typing, then again on leaving the field) changes
// nothing.
func (s *session) edit(e Edit) bool {
	if t, ok := s.drafts[e.Path]; ok && t == e.Value {
		return false
	}
	s.drafts[e.Path] = e.Value
	s.parse = slices.DeleteFunc(s.parse, func(p model.Problem) bool { return p.Path == e.Path })
	ptr, part, _ := locate(&s.sc, e.Path)
	d, isDist := ptr.(*model.Dist)
	var old model.Dist
	if isDist {
		old = cloneDist(*d)
	}
	if p := ApplyEdit(&s.sc, e); p != nil {
		s.parse = append(s.parse, *p)
	} else if isDist && part == "kind" && d.Kind != old.Kind {
		s.switchKind(strings.TrimSuffix(e.Path, ".kind"), old, d)
	}
	if strings.HasSuffix(e.Path, ".kind") {
		// A new kind has new parameters: forget the old ones' text.
		s.forget(strings.TrimSuffix(e.Path, "kind"))
	}
	s.revalidate()
	return true
}

// switchKind remembers old, the parameters the distribution at path had
// before its kind changed to d's, and gives d the parameters it last had
// in its new kind, if it had that kind before.
func (s *session) switchKind(path string, old model.Dist, d *model.Dist) {
	if s.kinds == nil {
		s.kinds = map[string]map[model.Kind]model.Dist{}
	}
	byKind := s.kinds[path]
	if byKind == nil {
		byKind = map[model.Kind]model.Dist{}
		s.kinds[path] = byKind
	}
	byKind[old.Kind] = old
	if last, ok := byKind[d.Kind]; ok {
		*d = cloneDist(last)
	}
}

// cloneDist copies d with its own observations.
func cloneDist(d model.Dist) model.Dist {
	d.Values = slices.Clone(d.Values)
	return d
}

// addRole appends a role with the model's defaults and a fresh name.
func (s *session) addRole() {
	if len(s.sc.Roles) >= model.MaxRoles {
		return
	}
	s.sc.Roles = append(slices.Clone(s.sc.Roles), model.DefaultRole(NewRoleName(&s.sc)))
	s.revalidate()
}

// removeRole deletes role i; the text typed in later roles' fields moves
// with them.
func (s *session) removeRole(i int) {
	if i < 0 || i >= len(s.sc.Roles) || len(s.sc.Roles) == 1 {
		return
	}
	s.sc.Roles = slices.Delete(slices.Clone(s.sc.Roles), i, i+1)
	drafts := map[string]string{}
	for k, v := range s.drafts {
		if k, ok := shiftRole(k, i); ok {
			drafts[k] = v
		}
	}
	s.drafts = drafts
	kinds := map[string]map[model.Kind]model.Dist{}
	for k, v := range s.kinds {
		if k, ok := shiftRole(k, i); ok {
			kinds[k] = v
		}
	}
	s.kinds = kinds
	var parse model.Problems
	for _, p := range s.parse {
		if path, ok := shiftRole(p.Path, i); ok {
			p.Path = path
			parse = append(parse, p)
		}
	}
	s.parse = parse
	s.revalidate()
}

// shiftRole renames a path of role j > i to role j−1 after role i is
// removed; paths of role i are dropped.
func shiftRole(path string, i int) (string, bool) {
	rest, ok := strings.CutPrefix(path, "roles[")
	if !ok {
		return path, true
	}
	num, tail, ok := strings.Cut(rest, "]")
	j, err := strconv.Atoi(num)
	if !ok || err != nil {
		return path, true
	}
	switch {
	case j == i:
		return "", false
	case j > i:
		return fmt.Sprintf("roles[%d]%s", j-1, tail), true
	}
	return path, true
}

// forget drops the drafts and parse problems of paths under prefix.
func (s *session) forget(prefix string) {
	for k := range s.drafts {
		if strings.HasPrefix(k, prefix) {
			delete(s.drafts, k)
		}
	}
	s.parse = slices.DeleteFunc(s.parse, func(p model.Problem) bool { return strings.HasPrefix(p.Path, prefix) })
}

func (s *session) revalidate() {
	s.problems = append(slices.Clone(s.parse), s.sc.Validate()...)
	s.rev++
}

// valid reports whether the scenario can run: every field parsed and the
// model found no problem.
func (s *session) valid() bool { return len(s.problems) == 0 }

// text returns what the field at path shows: the typed text, else the
// scenario's value.
func (s *session) text(path string) string {
	if t, ok := s.drafts[path]; ok {
		return t
	}
	return FieldText(&s.sc, path)
}

// setTrials sets the scenario's trials without a parse step, as the
// adaptive mode does when it ends, forgetting any text typed there.
func (s *session) setTrials(n int) {
	s.sc.Trials = n
	delete(s.drafts, "trials")
	s.parse = slices.DeleteFunc(s.parse, func(p model.Problem) bool { return p.Path == "trials" })
	s.revalidate()
}

// firstProblemID returns the id of the first field, in the form's order,
// that shows a problem; for a problem no field shows, the id of the
// editor's problem list; "" when the scenario has no problem.
func (s *session) firstProblemID() string {
	if len(s.problems) == 0 {
		return ""
	}
	at := map[string]bool{}
	for _, p := range s.problems {
		at[p.Path] = true
	}
	for _, path := range fieldPaths(&s.sc) {
		if at[path] {
			return fieldID(path)
		}
		if d, ok := strings.CutSuffix(path, ".kind"); ok && at[d] {
			return fieldID(path) // the distribution as a whole: its kind selector
		}
	}
	return ProblemsListID
}

// ProblemsListID is the id of the editor's list of the problems that no
// field shows.
const ProblemsListID = "problems"
