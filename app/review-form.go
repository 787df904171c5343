package app

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
	"rolloutplanner/planner/whatif"
)

// sweepModes are the warm-up modes the sweep form offers, in its order.
var sweepModes = []whatif.WarmupMode{whatif.WarmupAsIs, whatif.WarmupAfter, whatif.WarmupIn}

// sweepModeLabels name the warm-up modes for people.
var sweepModeLabels = map[whatif.WarmupMode]string{
	whatif.WarmupAsIs:  "as each role has it",
	whatif.WarmupAfter: "after OnStart (cold traffic)",
	whatif.WarmupIn:    "inside OnStart",
}

// sweepForm is what the sweep form holds: text as typed, parsed when the
// sweep starts.
type sweepForm struct {
	filled    bool   // holds defaults or the user's values
	role      int    // the role whose instances are swept
	instances string // "1, 2, 3, 4"
	domains   string // "2, 3, 5"
	modes     map[whatif.WarmupMode]bool
	problem   string // why the last sweep could not start
}

// sweepFormEdit is one change of the sweep form.
type sweepFormEdit struct {
	Field string // "role", "instances", "domains" or a warm-up mode
	Value string // the text, or "1"/"" for a mode's checkbox
}

// defaultSweepForm fills the form with the review report's grid for s,
// given its complete run sh (nil when none is on screen): plan's, as
// rollout report chooses it.
func defaultSweepForm(s model.Scenario, sh *shownResult) sweepForm {
	g := plan(s, sh).Grid
	f := sweepForm{filled: true, modes: map[whatif.WarmupMode]bool{}}
	for i, counts := range g.Instances {
		if len(counts) > 0 {
			f.role, f.instances = i, joinInts(counts)
		}
	}
	if f.instances == "" && len(s.Roles) > 0 {
		f.instances = strconv.Itoa(s.Roles[0].Instances)
	}
	f.domains = joinInts(g.UpgradeDomains)
	for _, m := range g.Warmup {
		f.modes[m] = true
	}
	return f
}

func joinInts(vs []int) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, ", ")
}

// parseInts reads a list of whole numbers separated by commas or spaces,
// each within [lo, hi], without repeats (kept in the order given).
func parseInts(what, text string, lo, hi int) ([]int, error) {
	fields := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' })
	if len(fields) == 0 {
		return nil, fmt.Errorf("%s: give at least one whole number from %d to %d", what, lo, hi)
	}
	var out []int
	for _, f := range fields {
		v, err := strconv.Atoi(f)
		if err != nil || v < lo || v > hi {
			return nil, fmt.Errorf("%s: %s is not a whole number from %d to %d", what, quote(f), lo, hi)
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// grid reads the form into a sweep grid over s. The error says which
// entry of the form to correct.
func (f sweepForm) grid(s model.Scenario) (whatif.Grid, error) {
	if f.role < 0 || f.role >= len(s.Roles) {
		return whatif.Grid{}, fmt.Errorf("pick the role whose instances to sweep")
	}
	inst, err := parseInts("Instances", f.instances, 1, model.MaxInstances)
	if err != nil {
		return whatif.Grid{}, err
	}
	doms, err := parseInts("Upgrade domains", f.domains, 1, model.MaxUpgradeDomains)
	if err != nil {
		return whatif.Grid{}, err
	}
	g := whatif.Grid{Instances: make([][]int, f.role+1), UpgradeDomains: doms}
	g.Instances[f.role] = inst
	for _, m := range sweepModes {
		if f.modes[m] {
			g.Warmup = append(g.Warmup, m)
		}
	}
	if len(g.Warmup) == 0 {
		return whatif.Grid{}, fmt.Errorf("tick at least one warm-up mode")
	}
	if n := len(inst) * len(doms) * len(g.Warmup); n > maxSweepCells {
		return whatif.Grid{}, fmt.Errorf("the grid has %d configurations; at most %d keep the sweep quick", n, maxSweepCells)
	}
	return g, nil
}

// maxSweepCells is the most configurations the page sweeps at once.
const maxSweepCells = 120

// edit applies one change of the form.
func (f *sweepForm) edit(e sweepFormEdit) {
	switch e.Field {
	case "role":
		if i, err := strconv.Atoi(e.Value); err == nil {
			f.role = i
		}
	case "instances":
		f.instances = e.Value
	case "domains":
		f.domains = e.Value
	default:
		m := whatif.WarmupMode(e.Field)
		if slices.Contains(sweepModes, m) {
			if f.modes == nil {
				f.modes = map[whatif.WarmupMode]bool{}
			}
			f.modes[m] = e.Value != ""
		}
	}
	f.problem = ""
}

// renderSweepForm is the sweep's small form, shown after "Sweep…".
func (c *reviewPane) renderSweepForm(busy, valid bool) app.UI {
	f := c.r.form
	roles := c.sess.sc.Roles
	pl := plan(c.sess.sc, nil)
	send := func(field string) app.EventHandler {
		return func(ctx app.Context, e app.Event) {
			ctx.NewActionWithValue(actSweepForm, sweepFormEdit{Field: field, Value: ctx.JSSrc().Get("value").String()})
		}
	}
	return app.Form().ID(SweepFormID).Class("sweep-form").Hidden(!c.r.formOpen).
		OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			ctx.NewActionWithValue(actReview, "sweep")
		}).Body(
		app.Div().Body(
			app.Label().For(SweepRoleID).Text("Role"),
			app.Select().ID(SweepRoleID).OnChange(send("role")).Body(
				app.Range(roles).Slice(func(i int) app.UI {
					return app.Option().Value(strconv.Itoa(i)).Selected(i == f.role).Text(isolated(roles[i].Name))
				}),
			),
		),
		app.Div().Body(
			app.Label().For(SweepInstancesID).Text("Instances"),
			app.Input().ID(SweepInstancesID).Type("text").Attr("inputmode", "numeric").Value(f.instances).
				Placeholder("2, 3, 4").OnChange(send("instances")),
		),
		app.Div().Body(
			app.Label().For(SweepDomainsID).Text("Upgrade domains"),
			app.Input().ID(SweepDomainsID).Type("text").Attr("inputmode", "numeric").Value(f.domains).
				Placeholder("2, 3, 5").OnChange(send("domains")),
		),
		app.FieldSet().Body(
			app.Legend().Text("Warm-up"),
			app.Range(sweepModes).Slice(func(i int) app.UI {
				m := sweepModes[i]
				id := SweepModePrefix + string(m)
				return app.Label().Class("check").For(id).Body(
					app.Input().ID(id).Type("checkbox").Checked(f.modes[m]).
						OnClick(func(ctx app.Context, e app.Event) {
							v := ""
							if ctx.JSSrc().Get("checked").Bool() {
								v = "1"
							}
							ctx.NewActionWithValue(actSweepForm, sweepFormEdit{Field: string(m), Value: v})
						}),
					app.Text(sweepModeLabels[m]),
				)
			}),
		),
		app.Div().Class("form-end").Body(
			app.Button().ID(SweepRunID).Type("submit").Disabled(busy || !valid).Text("Run sweep"),
			app.P().Class("hint").Text(fmt.Sprintf("Each configuration runs %s trials with the scenario's seed; a cell meets the target when at least %s of its months do.",
				Count(pl.SweepTrials), Percent(pl.Odds))),
			app.If(f.problem != "", func() app.UI { return app.P().ID(SweepProblemID).Class(ProblemClass).Text(f.problem) }),
		),
	)
}
