package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/advisor"
	"rolloutplanner/planner/whatif"
	"rolloutplanner/worker/analysis"
)

// reviewState is the capacity review: the analysis under way and the
// last answer of each kind, each with the scenario it was computed on, so
// that a changed scenario marks it stale. It changes only on the UI
// goroutine.
type reviewState struct {
	client      *analysisClient // created on the first analysis
	gen         generation      // every analysis takes a ticket; answers of older ones are ignored
	busy        string          // the analysis.Kind* under way, "" when idle
	cancel      func()
	done, total int       // progress of the analysis under way
	lastDone    time.Time // when progress was last shown
	err         string    // why the last analysis failed
	note        string    // a word on the last analysis: cancelled, running in the page
	exporting   bool      // the review report is being written

	advice *reviewAdvice
	sweep  *reviewSweep
	sens   *reviewSens
	// A new sweep or study takes a ticket for drawing its charts, so an
	// older one's charts never land on a newer answer.
	sweepDraw, sensDraw generation

	form     sweepForm
	formOpen bool
}

// reviewAdvice is the advisor's answer, ready to show.
type reviewAdvice struct {
	key    string // scenarioKey of the scenario advised on
	report advisor.Report
	cards  []findingView
}

// findingView is one finding as its card shows it: plain text only.
type findingView struct {
	Kind, Severity, Path string
	Target               string // id of the form field the finding is about; "" for none
	FieldLabel           string // that field for people
	Title, Mechanism     string
	Evidence, Fix        string
	Impact               string   // "removes 51 min a month", or ""
	names                []string // the scenario's and roles' names, isolated where the texts quote them
}

// reviewSweep is a sweep's answer and its heat maps.
type reviewSweep struct {
	key      string // scenarioKey of the base scenario (its own trials)
	sc       model.Scenario
	result   whatif.SweepResult
	smallest string        // the smallest meeting cell in words, or why there is none
	charts   []reviewChart // filled off the Render path after the answer arrives
}

// reviewSens is a sensitivity study's answer and its tornado.
type reviewSens struct {
	key    string
	sc     model.Scenario
	result whatif.SensitivityResult
	charts []reviewChart
}

// reviewChart is one chart of the review: SVG markup starting at "<svg" from
// package charts, or why it could not be drawn.
type reviewChart struct {
	ID, Title string
	SVG, Err  string
}

// The review's figures, by DOM id (see dom.go).
const (
	sweepComplianceID = ChartIDPrefix + "sweep-compliance"
	sweepHardDownID   = ChartIDPrefix + "sweep-hard-down"
	tornadoID         = ChartIDPrefix + "tornado"
)

// findingViews turns a report's findings into cards for scenario s (the
// one advised on): the target of each "go to field" button is the form
// field of the finding's path, or its distribution's kind selector.
func findingViews(s model.Scenario, r advisor.Report) []findingView {
	paths := map[string]bool{}
	for _, p := range fieldPaths(&s) {
		paths[p] = true
	}
	names := []string{s.Name}
	for _, role := range s.Roles {
		names = append(names, role.Name)
	}
	out := make([]findingView, len(r.Findings))
	for i, f := range r.Findings {
		v := findingView{
			Kind: string(f.Kind), Severity: f.Severity.String(), Path: f.Path,
			Title: f.Title, Mechanism: f.Mechanism, Evidence: f.Evidence, Fix: f.Fix,
			FieldLabel: fieldLabel(s, f.Path), names: names,
		}
		switch {
		case paths[f.Path]:
			v.Target = fieldID(f.Path)
		case paths[f.Path+".kind"]:
			v.Target = fieldID(f.Path + ".kind")
		}
		if f.Impact >= 0.05 {
			v.Impact = "fix removes " + Minutes(f.Impact) + " a month"
		}
		out[i] = v
	}
	return out
}

// fieldLabel names the field at path for people: "web · Instances",
// "Guest OS · enabled". Role names are untrusted text: show with Text.
func fieldLabel(s model.Scenario, path string) string {
	parts := strings.Split(path, ".")
	label := metaFor(parts[len(parts)-1]).Label
	if strings.HasPrefix(path, "roles[") {
		if i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(parts[0], "roles["), "]")); err == nil && i < len(s.Roles) {
			return isolated(s.Roles[i].Name) + " · " + label
		}
	}
	if len(parts) == 3 && parts[0] == "passes" {
		return model.PassKind(parts[1]).Title() + " · " + label
	}
	return label
}

// smallestText describes the smallest configuration of a sweep that
// meets the SLA target with the sweep's odds, with the role names of s.
func smallestText(s model.Scenario, r whatif.SweepResult) string {
	if r.Smallest < 0 || r.Smallest >= len(r.Cells) {
		return fmt.Sprintf("No configuration of this grid meets the %s %% target in %s of months.",
			FormatNumber(s.SLATargetPct), Percent(r.Odds))
	}
	c := r.Cells[r.Smallest]
	sure := ""
	if !c.MeetsConfidently {
		sure = " (the interval's low end is below the odds: run more trials to be sure)"
	}
	return fmt.Sprintf("Smallest configuration meeting the %s %% target in at least %s of months: %s, meeting it in %s of months%s.",
		FormatNumber(s.SLATargetPct), Percent(r.Odds), c.Params.Describe(s), Percent(c.Compliance.P), sure)
}

// reviewProgressText is the progress of an analysis: runs for the
// advisor, trials otherwise.
func reviewProgressText(kind string, done, total int) string {
	what := map[string]string{
		analysis.KindAdvise:      "Reviewing",
		analysis.KindSweep:       "Sweeping",
		analysis.KindSensitivity: "Sensitivity study",
	}[kind]
	if total <= 0 {
		return what + ": starting…"
	}
	unit := "trials"
	if kind == analysis.KindAdvise {
		unit = "runs"
	}
	return what + ": " + Count(done) + " / " + Count(total) + " " + unit
}

// renderReview is the capacity review section, below the charts.
func (p *Planner) renderReview() app.UI {
	r := &p.review
	cur := scenarioKey(p.sess.sc)
	valid := p.sess.valid()
	busy := r.busy != ""
	state := "idle"
	switch {
	case busy:
		state = StateRunning
	case r.err != "":
		state = StateError
	}
	pct := 0.0
	if r.total > 0 {
		pct = 100 * float64(r.done) / float64(r.total)
	}
	return app.Section().ID(ReviewID).Class("review").Attr(AttrState, state).Aria("label", "Capacity review").Body(
		app.Header().Body(
			app.H2().Text("Capacity review"),
			app.P().Class("review-intro").Text("What to change, what if the fleet were different, which inputs matter, and how much of the SLA's allowance the patch wave uses. "+
				"Every analysis runs the scenario's own seed in a background worker."),
		),
		app.Div().Class("review-buttons").Body(
			app.Button().ID(ReviewRunID).Type("button").Disabled(busy || !valid).Text("Review this scenario").
				Title("The advisor: findings with their mechanism, evidence and fix, largest impact first").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(actReview, analysis.KindAdvise) }),
			app.Button().ID(SweepOpenID).Type("button").Disabled(!valid).Aria("expanded", r.formOpen).Text("Sweep…").
				Title("SLA compliance and hard downtime over instances, upgrade domains and warm-up mode").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actSweepToggle) }),
			app.Button().ID(SensitivityRunID).Type("button").Disabled(busy || !valid).Text("Sensitivity").
				Title("Shift every input by ±25 % and see which moves the bad minutes most").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(actReview, analysis.KindSensitivity) }),
			app.Button().ID(ExportReportID).Type("button").Disabled(p.shown == nil || r.exporting).Text("Download review report").
				Title("One self-contained HTML file: the scenario, the results, the findings, the sweep, the tornado and a link back").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actReviewReport) }),
		),
		p.renderSweepForm(busy, valid),
		app.Div().Class("review-status").Hidden(!busy).Body(
			app.Span().ID(ReviewProgressID).Attr(AttrDone, strconv.Itoa(r.done)).Attr(AttrTotal, strconv.Itoa(r.total)).
				Text(reviewProgressText(r.busy, r.done, r.total)),
			app.Div().Class("meter").Role("progressbar").Aria("valuemin", 0).Aria("valuemax", r.total).Aria("valuenow", r.done).Body(
				app.Div().Class("meter-fill").Style("width", strconv.FormatFloat(pct, 'f', 1, 64)+"%"),
			),
			app.Button().ID(ReviewCancelID).Type("button").Disabled(!busy).Text("Cancel").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actReviewCancel) }),
		),
		app.If(r.err != "", func() app.UI { return app.P().Class("review-error").Role("alert").Text(r.err) }),
		app.If(r.note != "", func() app.UI { return app.P().Class("review-note").Text(r.note) }),
		app.If(r.advice != nil, func() app.UI { return renderAdvice(r.advice, r.advice.key != cur) }),
		p.renderBudget(),
		app.If(r.sweep != nil, func() app.UI { return renderSweep(r.sweep, r.sweep.key != cur) }),
		app.If(r.sens != nil, func() app.UI { return renderSens(r.sens, r.sens.key != cur) }),
	)
}

// reviewBlock is one block of results, greyed with a note when stale.
func reviewBlock(id, title string, stale bool, body ...app.UI) app.UI {
	cls := "review-block"
	if stale {
		cls += " stale"
	}
	div := app.Div().ID(id).Class(cls)
	if stale {
		div = div.Attr(AttrStale, "1")
	}
	return div.Body(
		app.If(stale, func() app.UI {
			return app.P().Class("stale-note").Text("Scenario changed — run again. These results are of the scenario as it was.")
		}),
		app.H3().Text(title),
		app.Div().Body(body...),
	)
}

func renderAdvice(a *reviewAdvice, stale bool) app.UI {
	if len(a.cards) == 0 {
		return reviewBlock(FindingsID, "Findings", stale,
			app.P().Class("no-findings").Text("No findings: the advisor sees nothing to change in this scenario."))
	}
	return reviewBlock(FindingsID, "Findings, largest impact first", stale,
		app.Ol().Class("findings").Body(
			app.Range(a.cards).Slice(func(i int) app.UI { return renderFinding(a.cards[i]) }),
		),
	)
}

func renderFinding(f findingView) app.UI {
	sev := "sev-" + f.Severity
	return app.Li().Class(FindingClass+" "+sev).Attr(AttrKind, f.Kind).Attr(AttrPath, f.Path).Body(
		app.Div().Class("finding-head").Body(
			app.Span().Class("badge "+sev).Text(f.Severity),
			app.H4().Class("finding-title").Body(textWithNames(f.Title, f.names)...),
			app.If(f.Impact != "", func() app.UI { return app.Span().Class("finding-impact").Text(f.Impact) }),
		),
		app.Dl().Body(
			app.Dt().Text("Mechanism"), app.Dd().Body(textWithNames(f.Mechanism, f.names)...),
			app.Dt().Text("Evidence"), app.Dd().Body(textWithNames(f.Evidence, f.names)...),
			app.Dt().Text("Fix"), app.Dd().Body(textWithNames(f.Fix, f.names)...),
		),
		app.If(f.Target != "", func() app.UI {
			target := f.Target
			return app.Button().Class(GoToFieldClass).Type("button").Attr(AttrTarget, target).
				Text("Go to field: " + f.FieldLabel).
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(actGoToField, target) })
		}),
	)
}

func renderSweep(s *reviewSweep, stale bool) app.UI {
	return reviewBlock(SweepID, "What-if sweep", stale,
		app.P().Class("sweep-smallest").Text(s.smallest),
		renderFigures(s.charts, "Drawing the heat maps…"),
	)
}

func renderSens(s *reviewSens, stale bool) app.UI {
	return reviewBlock(SensitivityID, "Sensitivity: each input ±"+strconv.Itoa(int(100*s.result.Shift+0.5))+" %", stale,
		renderFigures(s.charts, "Drawing the tornado…"),
	)
}

// renderFigures shows the review's charts, or a word while they are
// drawn.
func renderFigures(figs []reviewChart, pending string) app.UI {
	if len(figs) == 0 {
		return app.P().Class("review-note").Text(pending)
	}
	return app.Div().Class("review-figures").Body(
		app.Range(figs).Slice(func(i int) app.UI {
			f := figs[i]
			return newReviewFigure(f.ID, f.Title, f.SVG, f.Err)
		}),
	)
}

// reviewFigure is one chart of the review, its SVG inserted as markup.
// Only SVG from package charts, which escapes every text it draws, is
// ever inserted as markup.
type reviewFigure struct {
	app.Compo

	FigureID string
	Title    string
	SVG      string
	Err      string
}

func newReviewFigure(id, title, svg, err string) *reviewFigure {
	return &reviewFigure{FigureID: id, Title: title, SVG: svg, Err: err}
}

func (f *reviewFigure) Render() app.UI {
	return app.Figure().ID(f.FigureID).Class("review-figure").Body(
		app.If(f.SVG != "", func() app.UI {
			return app.Div().Class("chart-svg").Role("img").Aria("label", f.Title).Body(app.Raw(f.SVG))
		}).Else(func() app.UI {
			return app.P().Class(ProblemClass).Text("This chart could not be drawn: " + f.Err)
		}),
		app.FigCaption().Body(
			app.Span().Text(f.Title),
			app.If(f.SVG != "", func() app.UI { return exportButtons(strings.TrimPrefix(f.FigureID, ChartIDPrefix), f.Title) }),
		),
	)
}

// renderBudget shows the share of the SLA's monthly allowance that the
// patch wave uses, from the results on screen.
func (p *Planner) renderBudget() app.UI {
	if p.shown == nil {
		return app.Text("")
	}
	s, res := p.shown.scenario, p.shown.result
	b := whatif.BudgetFromResult(s, res)
	row := func(name app.UI, q planner.Quantiles, over float64) app.UI {
		cell := func(v float64) app.UI {
			td := app.Td().Text(Percent(v))
			if v > 1 {
				td = td.Class("over")
			}
			return td
		}
		return app.Tr().Body(
			app.Td().Body(name), cell(q.Mean), cell(q.P50), cell(q.P95), cell(q.P99), app.Td().Text(Percent(over)),
		)
	}
	return app.Div().ID(BudgetID).Class("review-block").Attr(AttrValue, exact(b.AllowanceMinutes)).Body(
		app.H3().Text("SLA budget"),
		app.P().Class("budget-allowance").Text(fmt.Sprintf(
			"The SLA of %s %% over a month of %s minutes allows %s of bad minutes. Share of that allowance the patch wave uses, over %s simulated months:",
			FormatNumber(s.SLATargetPct), FormatNumber(s.MonthMinutes), Minutes(b.AllowanceMinutes), Count(res.Trials))),
		app.Table().Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Text(""), app.Th().Text("mean"), app.Th().Text("median"), app.Th().Text("P95"), app.Th().Text("P99"),
				app.Th().Text("months over the allowance"),
			)),
			app.TBody().Body(
				row(app.Text("service"), b.Share, b.PExceeded),
				app.Range(b.Roles).Slice(func(i int) app.UI {
					rb := b.Roles[i]
					return row(app.Span().Body(nameUI(rb.Name), app.Text(" alone")), rb.Share, rb.PExceeded)
				}),
			),
		),
	)
}
