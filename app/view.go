package app

import (
	"strings"

	"rolloutplanner/model"
)

// formView is what a form shows, by field path relative to the form: the
// text of each field and the rules it breaks. The page builds one for the
// whole scenario and hands each form its part (sub).
type formView struct {
	Text    map[string]string
	Problem map[string]string
}

// sub returns the part of v under prefix, with paths relative to it:
// v.sub("roles[0]") maps "warmup.p95" to what v maps "roles[0].warmup.p95".
func (v formView) sub(prefix string) formView {
	out := formView{Text: map[string]string{}, Problem: map[string]string{}}
	for k, t := range v.Text {
		if rest, ok := strings.CutPrefix(k, prefix+"."); ok {
			out.Text[rest] = t
		}
	}
	for k, p := range v.Problem {
		if rest, ok := strings.CutPrefix(k, prefix+"."); ok {
			out.Problem[rest] = p
		}
	}
	return out
}

// view returns the whole form's text and problems.
func (s *session) view() formView {
	v := formView{Text: map[string]string{}, Problem: map[string]string{}}
	for _, path := range fieldPaths(&s.sc) {
		v.Text[path] = s.text(path)
	}
	for _, p := range s.problems {
		if old, ok := v.Problem[p.Path]; ok {
			v.Problem[p.Path] = old + "; " + p.Rule
		} else {
			v.Problem[p.Path] = p.Rule
		}
	}
	return v
}

// fieldPaths lists the path of every field the form shows for s; a
// distribution contributes its kind and its kind's parameters.
func fieldPaths(s *model.Scenario) []string {
	var out []string
	add := func(path string, p any) {
		if d, ok := p.(*model.Dist); ok {
			out = append(out, path+".kind")
			for _, name := range model.ParamNames(d.Kind) {
				out = append(out, path+"."+name)
			}
			return
		}
		out = append(out, path)
	}
	for _, g := range model.Groups {
		if g == model.RoleGroup {
			continue
		}
		for _, f := range model.FormFields(g) {
			add(f.Path(0), f.Ptr(s, 0))
		}
	}
	for i := range s.Roles {
		for _, f := range model.FormFields(model.RoleGroup) {
			add(f.Path(i), f.Ptr(s, i))
		}
	}
	return out
}

// fieldID turns a field path into an HTML id: "roles[0].warmup.p95"
// becomes "f-roles-0-warmup-p95".
func fieldID(path string) string {
	return "f-" + strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			return r
		}
		return '-'
	}, strings.NewReplacer("[", "-", "].", "-", "]", "").Replace(path))
}
