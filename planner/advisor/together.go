package advisor

import (
	"encoding/json"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// MaxCombined is how many of the findings' changes the combination search
// combines: those of largest impact alone (the findings' order).
const MaxCombined = 8

// DefaultCombinationRuns is the combination search's budget when the
// single fixes took singles runs: twice as many, and at least 4, so that
// an advice costs at most about three times what the single fixes cost.
func DefaultCombinationRuns(singles int) int { return max(4, 2*singles) }

// Change is one change of a Combination: the fix of one finding.
type Change struct {
	Kind   Kind   `json:"kind"`           // the finding's kind
	Role   string `json:"role,omitempty"` // the finding's role
	Path   string `json:"path"`           // the finding's field
	Change string `json:"change"`         // what the fix changes: "4 instances"
	// Alone is the share of months meeting the SLA with this change only
	// (the finding's After).
	Alone planner.Proportion `json:"alone"`
}

// FieldChange is one field of the scenario that a Combination changes.
type FieldChange struct {
	Path string `json:"path"` // as the validator names it: "roles[0].instances"
	From string `json:"from"` // the scenario's value, as JSON
	To   string `json:"to"`   // the value with every change made, as JSON
}

// Combination is a set of the findings' changes made together and run
// with the scenario's seed and trials (common random numbers).
//
// Advise looks for the smallest set that meets the target: the service
// meets the SLA in at least Odds of months, judged on the point estimate
// SLACompliance.P as the sweep's Meets (After.SLACompliance.Lo tells
// whether it meets at the interval's low end too). It tries, among the
// MaxCombined changes of largest impact alone, the single changes (already
// run), then all of them together (one run: when that misses, it reports
// it with Meets false and stops), then pairs, triples and so on, each size
// in order of the changes' impact (the sets whose changes rank highest
// first), and keeps the first set that meets. The search makes at most
// Options.CombinationRuns runs; when they run out first, it reports every
// change together with Minimal false.
type Combination struct {
	Changes []Change      `json:"changes"` // in the findings' order
	Fields  []FieldChange `json:"fields"`  // what the changes do to the scenario
	Odds    float64       `json:"odds"`    // share of months that must meet the SLA
	Meets   bool          `json:"meets"`   // After.SLACompliance.P ≥ Odds
	// Minimal is true when every smaller set of the changes searched was
	// run and misses the target.
	Minimal bool `json:"minimal"`
	// Runs is how many runs the search made beyond the single fixes.
	Runs   int             `json:"runs"`
	Before planner.Metrics `json:"before"` // the service as the scenario is
	After  planner.Metrics `json:"after"`  // the service with every change made
	// Fixed is the scenario with every change made.
	Fixed *model.Scenario `json:"-"`
}

// change is a finding's change, waiting to be combined.
type change struct {
	finding int // index in Report.Findings
	apply   func(*model.Scenario)
}

// outcome is what the search needs to know of one run.
type outcome struct {
	meets bool
	m     planner.Metrics
}

// combine searches the changes (in impact order) for the smallest set
// that meets the target; nil when base meets it already, when there is
// no change, or when the search is off and no single change meets.
func combine(s model.Scenario, base planner.Metrics, fs []Finding, changes []change, odds float64, budget int,
	run func(model.Scenario) (planner.Result, error)) (*Combination, error) {
	if base.SLACompliance.P >= odds || len(changes) == 0 {
		return nil, nil
	}
	changes = changes[:min(len(changes), MaxCombined)]
	apply := func(set []int) model.Scenario {
		sc := s.Clone()
		for _, i := range set {
			changes[i].apply(&sc)
		}
		return sc
	}
	single := func(i int) outcome {
		m := *fs[changes[i].finding].After
		return outcome{m.SLACompliance.P >= odds, m}
	}
	runs := 0
	eval := func(set []int) (outcome, error) {
		res, err := run(apply(set))
		if err != nil {
			return outcome{}, err
		}
		runs++
		return outcome{res.Service.SLACompliance.P >= odds, res.Service}, nil
	}
	set, out, minimal, err := smallestSet(len(changes), budget, single, eval)
	if err != nil || set == nil {
		return nil, err
	}
	fixed := apply(set)
	c := &Combination{
		Fields: fieldChanges(s, fixed), Odds: odds, Meets: out.meets, Minimal: minimal, Runs: runs,
		Before: base, After: out.m, Fixed: &fixed,
	}
	for _, i := range set {
		f := fs[changes[i].finding]
		c.Changes = append(c.Changes, Change{Kind: f.Kind, Role: f.Role, Path: f.Path, Change: f.Change, Alone: f.After.SLACompliance})
	}
	return c, nil
}

// smallestSet searches sets of k changes, numbered in impact order, for
// the first that meets, as Combination says: single reads a single
// change's known outcome, eval runs a set of two or more, at most budget
// times. It returns the set (nil when there is none to report), its
// outcome and whether it is minimal.
func smallestSet(k, budget int, single func(int) outcome, eval func([]int) (outcome, error)) ([]int, outcome, bool, error) {
	for i := range k {
		if o := single(i); o.meets {
			return []int{i}, o, true, nil
		}
	}
	if k == 1 {
		return []int{0}, single(0), true, nil
	}
	if budget <= 0 {
		return nil, outcome{}, false, nil
	}
	all := make([]int, k)
	for i := range all {
		all[i] = i
	}
	whole, err := eval(all)
	if err != nil || !whole.meets {
		return all, whole, false, err
	}
	used := 1
	for size := 2; size < k; size++ {
		for _, set := range setsOfSize(k, size) {
			if used >= budget {
				return all, whole, false, nil
			}
			o, err := eval(set)
			if err != nil {
				return nil, outcome{}, false, err
			}
			used++
			if o.meets {
				return set, o, true, nil
			}
		}
	}
	return all, whole, true, nil
}

// setsOfSize lists the sets of size n of 0..k−1 (k ≤ 30) in search
// order: smallest sum of indices first (the changes that rank highest),
// then lexicographically.
func setsOfSize(k, n int) [][]int {
	var out [][]int
	for mask := uint32(0); mask < 1<<k; mask++ {
		if bits.OnesCount32(mask) != n {
			continue
		}
		var set []int
		for i := range k {
			if mask&(1<<i) != 0 {
				set = append(set, i)
			}
		}
		out = append(out, set)
	}
	sum := func(s []int) (t int) {
		for _, v := range s {
			t += v
		}
		return t
	}
	slices.SortStableFunc(out, func(a, b []int) int {
		if d := sum(a) - sum(b); d != 0 {
			return d
		}
		return slices.Compare(a, b)
	})
	return out
}

// fieldChanges lists the fields a combination's changes can touch whose
// values differ between a and b.
func fieldChanges(a, b model.Scenario) []FieldChange {
	var out []FieldChange
	add := func(path string, x, y any) {
		fx, fy := jsonText(x), jsonText(y)
		if fx != fy {
			out = append(out, FieldChange{Path: path, From: fx, To: fy})
		}
	}
	add("upgrade_domains", a.UpgradeDomains, b.UpgradeDomains)
	add("passes.host_os.host_failure_prob", a.Passes.HostOS.HostFailureProb, b.Passes.HostOS.HostFailureProb)
	for r := range min(len(a.Roles), len(b.Roles)) {
		ra, rb := a.Roles[r], b.Roles[r]
		add(rolePath(r, "instances"), ra.Instances, rb.Instances)
		add(rolePath(r, "warmup_in_onstart"), ra.WarmupInOnStart, rb.WarmupInOnStart)
		add(rolePath(r, "startup_tasks"), ra.StartupTasks, rb.StartupTasks)
		add(rolePath(r, "rerun_defect_prob"), ra.RerunDefectProb, rb.RerunDefectProb)
		add(rolePath(r, "reimage_defect_prob"), ra.ReimageDefectProb, rb.ReimageDefectProb)
	}
	return out
}

func jsonText(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// Describe says what the combination changes and what that gives, in one
// line for people: "4 instances (web) and warm-up in OnStart (web)
// together: months meeting 99.95 %: 0.0 % → 100.0 %".
func (c Combination) Describe(target float64) string {
	return fmt.Sprintf("%s: months meeting %s %%: %s → %s", c.List(), num(target),
		pct(c.Before.SLACompliance.P), pct(c.After.SLACompliance.P))
}

// List names the changes: "4 instances (web) and warm-up in OnStart (web)".
func (c Combination) List() string {
	names := make([]string, len(c.Changes))
	for i, ch := range c.Changes {
		names[i] = ch.Change
		if ch.Role != "" {
			names[i] += " (" + ch.Role + ")"
		}
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// note marks the findings whose change is one of c's and tells, in their
// Fix, what the change does alone and what the set does together.
func note(fs []Finding, c *Combination, target float64) {
	for i := range fs {
		f := &fs[i]
		in := slices.IndexFunc(c.Changes, func(ch Change) bool { return ch.Kind == f.Kind && ch.Path == f.Path })
		if in < 0 {
			continue
		}
		f.InTogether = true
		if len(c.Changes) < 2 || f.After == nil {
			continue
		}
		alone := fmt.Sprintf(" Alone: %s → %s of months meet %s %%", pct(f.Before.SLACompliance.P), pct(f.After.SLACompliance.P), num(target))
		if f.After.SLACompliance.P < c.Odds {
			alone += fmt.Sprintf(", short of the target (%s of months)", pct(c.Odds))
		}
		if c.Meets {
			f.Fix += alone + fmt.Sprintf("; with %s together: %s (see \"Do these together\").", c.List(), pct(c.After.SLACompliance.P))
		} else {
			f.Fix += alone + fmt.Sprintf("; even with all %d changes together (%s): %s.", len(c.Changes), c.List(), pct(c.After.SLACompliance.P))
		}
	}
}
