package app

import (
	"fmt"
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

// Fields of the service form, in the order it shows them.
var serviceFieldOrder = []string{
	"name", "upgrade_domains", "sla_target_pct", "bad_error_rate", "ready_timeout",
	"onstop_limit", "month_minutes", "trials", "seed",
}

// Fields of each pass: scalars and distributions.
var passFieldOrder = map[model.PassKind][]string{
	model.HostOS:     {"enabled", "host_reboot", "ud_gap", "host_failure_prob", "host_recovery"},
	model.GuestOS:    {"enabled", "delay_after_host", "os_boot"},
	model.GuestAgent: {"enabled", "delay_after_guest", "process_restart"},
}

// Fields of a role, in the order the role form shows them.
var roleFieldOrder = []string{
	"name", "instances", "utilization", "overload_at", "onstop", "startup_tasks", "onstart",
	"warmup", "warmup_in_onstart", "startup_failure_prob", "rerun_defect_prob",
	"reimage_defect_prob", "repair",
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
	for _, f := range serviceFieldOrder {
		add(f, serviceFields[f](s))
	}
	for _, pk := range []model.PassKind{model.HostOS, model.GuestOS, model.GuestAgent} {
		for _, f := range passFieldOrder[pk] {
			path := "passes." + string(pk) + "." + f
			add(path, serviceFields[path](s))
		}
	}
	for i := range s.Roles {
		for _, f := range roleFieldOrder {
			add(fmt.Sprintf("roles[%d].%s", i, f), roleFields[f](&s.Roles[i]))
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
