package app

import (
	"fmt"
	"rolloutplanner/internal/headline"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/advisor"
	"rolloutplanner/planner/whatif"
	"rolloutplanner/report"
	"rolloutplanner/worker/analysis"
	"rolloutplanner/worker/client"
)

// reviewState is the capacity review: the analysis under way, the review
// report being prepared, and the last answer of each kind, each with the
// scenario and options it was computed with, so that a changed scenario
// marks it stale and the report knows what it may reuse. The reviewPane
// owns it; the page only attaches itself (attach) and hands over its
// scenario and results through reviewHost. It changes only on the UI
// goroutine.
type reviewState struct {
	host   reviewHost  // the page: scenario under edit, results on screen
	page   app.Context // the page's context, to hold back its update on a progress tick
	pane   app.Context // the mounted pane's context; progress and answers land through it
	on     bool        // pane is set
	pageOn bool        // page is set

	client      *client.Analysis // created on the first analysis
	gen         generation       // every analysis takes a ticket; answers of older ones are ignored
	busy        string           // the analysis.Kind* under way, reportWaitRun, or "" when idle
	cancel      func()
	done, total int    // progress of the analysis under way
	err         string // why the last analysis failed
	note        string // a word on the last analysis: cancelled, running in the page
	exporting   bool   // the review report is being written
	report      *reportJob

	advice *reviewAdvice
	sweep  *reviewSweep
	sens   *reviewSens
	// A new sweep or study takes a ticket for drawing its charts, so an
	// older one's charts never land on a newer answer.
	sweepDraw, sensDraw generation

	form     sweepForm
	formOpen bool

	// save offers a download; saveFile, or a test's stand-in.
	save func(download)
}

// reviewHost is what the review needs of the page.
type reviewHost interface {
	// reviewScenario is the scenario under edit (a copy) and whether it
	// is valid.
	reviewScenario() (model.Scenario, bool)
	// reviewShown is the results on screen, nil before the first.
	reviewShown() *shownResult
	// reviewRun says whether the results on screen are the complete run
	// of the scenario with key (every trial, not cut short), and whether a
	// run is under way or about to start.
	reviewRun(key string) (complete, running bool)
	// runNow starts a run of the scenario under edit.
	runNow(ctx app.Context)
	// say shows a message in the page's notice.
	say(msg string)
}

// reviewAdvice is the advisor's answer, ready to show.
type reviewAdvice struct {
	key      string // scenarioKey of the scenario advised on
	report   advisor.Report
	together *togetherView // the combination of changes, shown first; nil for none
	cards    []findingView
}

// togetherView is the advisor's combination of changes as its card shows
// it: plain text only.
type togetherView struct {
	Heading, Lead string   // report.TogetherText's
	Changes       []string // "4 instances (web): alone 0.0 % of months"
	Result        string   // "Months meeting 99.95 %: 0.0 % → 100.0 %"
	Meets         bool
	names         []string
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
	opt      analysis.Options
	sc       model.Scenario
	result   whatif.SweepResult
	smallest string        // the smallest meeting cell in words, or why there is none
	charts   []reviewChart // filled off the Render path after the answer arrives
}

// reviewSens is a sensitivity study's answer and its tornado.
type reviewSens struct {
	key    string
	opt    analysis.Options
	sc     model.Scenario
	result whatif.SensitivityResult
	charts []reviewChart
}

// reviewChart is one chart of the review: SVG markup starting at "<svg" from
// package charts, or why it could not be drawn.
type reviewChart struct {
	ID, Title string
	SVG, Err  string
	// compact: SVG is drawn for a narrow screen (charts.SweepSVGCompact,
	// charts.TornadoSVGCompact), not at the slide size, so the review
	// report draws the chart again instead of taking it.
	compact bool
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
	names := names(s)
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

// togetherOf is the card of the advisor's combination of changes for
// scenario s, or nil when there is none.
func togetherOf(s model.Scenario, c *advisor.Combination) *togetherView {
	if c == nil {
		return nil
	}
	heading, lead := report.TogetherText(*c, s.SLATargetPct)
	v := &togetherView{Heading: heading, Lead: lead, Meets: c.Meets, names: names(s),
		Result: fmt.Sprintf("Months meeting the SLA (%s %%): %s now, %s with %s",
			FormatNumber(s.SLATargetPct), Percent(c.Before.SLACompliance.P), Percent(c.After.SLACompliance.P),
			map[bool]string{true: "the change", false: "all of them"}[len(c.Changes) == 1])}
	for _, ch := range c.Changes {
		line := ch.Change
		if ch.Role != "" {
			line += " (" + ch.Role + ")"
		}
		v.Changes = append(v.Changes, line+": alone "+Percent(ch.Alone.P)+" of months")
	}
	return v
}

// names are the scenario's and its roles' names, which the advisor's
// texts quote.
func names(s model.Scenario) []string {
	out := []string{s.Name}
	for _, role := range s.Roles {
		out = append(out, role.Name)
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

// reviewWaitRun is reviewState.busy while the review report waits for
// the run of the scenario on screen.
const reviewWaitRun = "run"

// reviewProgressText is the progress of an analysis: runs for the
// advisor, trials otherwise; step is "Report, step 2 of 3: " while the
// review report is prepared, "" otherwise.
func reviewProgressText(step, kind string, done, total int) string {
	if kind == reviewWaitRun {
		return step + "waiting for the run of this scenario…"
	}
	what := map[string]string{
		analysis.KindAdvise:      "Reviewing",
		analysis.KindSweep:       "Sweeping",
		analysis.KindSensitivity: "Sensitivity study",
	}[kind]
	if total <= 0 {
		return step + what + ": starting…"
	}
	unit := "trials"
	if kind == analysis.KindAdvise {
		unit = "runs"
	}
	return step + what + ": " + Count(done) + " / " + Count(total) + " " + unit
}

// reviewPane is the capacity review section, below the charts. It owns
// the page's reviewState (through a pointer: go-app keeps only exported
// fields across renders) and its action handlers. It renders on its own
// actions and answers, and when the scenario (Rev), the results on
// screen (Shown) or the run (Run) change; a progress tick of an analysis
// renders it alone, never the page.
type reviewPane struct {
	app.Compo

	Rev   int    // the session's revision: stale marks, the sweep form's roles
	Shown uint64 // counts the results shown: the budget, the report button
	Run   string // the run's State*: the review report may wait for it

	r    *reviewState
	sess *session
}

func newReviewPane(r *reviewState, sess *session, shown uint64, run string) *reviewPane {
	return &reviewPane{Rev: sess.rev, Shown: shown, Run: run, r: r, sess: sess}
}

// OnMount registers the review's actions and lets its progress render the
// pane alone.
func (c *reviewPane) OnMount(ctx app.Context) {
	c.r.pane, c.r.on = ctx, true
	c.r.handle(ctx)
}

// OnDismount stops the analysis under way and the worker.
func (c *reviewPane) OnDismount() {
	c.r.on = false
	c.r.close()
}

// OnResize draws the review's charts again for the new width when it
// crosses NarrowQuery: compact on a narrow screen, else at the slide size.
func (c *reviewPane) OnResize(ctx app.Context) {
	if !c.r.redrawForWidth(ctx, narrowScreen()) {
		ctx.PreventUpdate()
	}
}

// OnUpdate lets a review report waiting for the run go on when the run
// ends.
func (c *reviewPane) OnUpdate(ctx app.Context) {
	if j := c.r.report; j != nil && c.r.busy == reviewWaitRun {
		ctx.Dispatch(func(ctx app.Context) { c.r.continueReport(ctx) })
	}
}

func (c *reviewPane) Render() app.UI {
	rendered("review")
	r := c.r
	cur := scenarioKey(c.sess.sc)
	valid := c.sess.valid()
	busy := r.busy != ""
	var shown *shownResult
	if r.host != nil {
		shown = r.host.reviewShown()
	}
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
	step := ""
	if j := r.report; j != nil {
		step = "Report, step " + strconv.Itoa(j.step) + " of " + strconv.Itoa(reportSteps) + ": "
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
			app.Button().ID(ExportReportID).Type("button").Disabled(busy || !valid || r.exporting).Text("Download review report").
				Title("One self-contained HTML file, as the rollout report command writes it: the scenario, the results, the findings, the sweep, the tornado and a link back. "+
					"Runs whatever analysis is missing first.").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actReviewReport) }),
		),
		c.renderSweepForm(busy, valid),
		app.Div().Class("review-status").Role("status").Hidden(!busy).Body(
			app.Span().ID(ReviewProgressID).Attr(AttrDone, strconv.Itoa(r.done)).Attr(AttrTotal, strconv.Itoa(r.total)).
				Text(reviewProgressText(step, r.busy, r.done, r.total)),
			app.Div().Class("meter").Role("progressbar").Aria("valuemin", 0).Aria("valuemax", r.total).Aria("valuenow", r.done).Body(
				app.Div().Class("meter-fill").Style("width", strconv.FormatFloat(pct, 'f', 1, 64)+"%"),
			),
			app.Button().ID(ReviewCancelID).Type("button").Disabled(!busy).Text("Cancel").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actReviewCancel) }),
		),
		app.If(r.err != "", func() app.UI { return app.P().Class("review-error").Role("alert").Text(r.err) }),
		app.If(r.note != "", func() app.UI { return app.P().Class("review-note").Text(r.note) }),
		app.If(r.advice != nil, func() app.UI { return renderAdvice(r.advice, r.advice.key != cur) }),
		renderBudget(shown),
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
	if len(a.cards) == 0 && a.together == nil {
		return reviewBlock(FindingsID, "Findings", stale,
			app.P().Class("no-findings").Text("No findings: the advisor sees nothing to change in this scenario."))
	}
	title := "Findings, largest impact first"
	if a.together != nil {
		title = "Findings"
	}
	return reviewBlock(FindingsID, title, stale,
		app.If(a.together != nil, func() app.UI { return renderTogether(a.together) }),
		app.If(a.together != nil && len(a.cards) > 0, func() app.UI {
			return app.P().Class("findings-then").Text("The single changes, largest impact first:")
		}),
		app.Ol().Class("findings").Body(
			app.Range(a.cards).Slice(func(i int) app.UI { return renderFinding(a.cards[i]) }),
		),
	)
}

// renderTogether is the card of the advisor's combination: "Do these
// together: …", before the single changes.
func renderTogether(t *togetherView) app.UI {
	cls := FindingClass + " " + TogetherClass
	if !t.Meets {
		cls += " misses"
	}
	return app.Div().ID(TogetherID).Class(cls).Body(
		app.Div().Class("finding-head").Body(
			app.H4().Class("finding-title").Text(t.Heading),
		),
		app.P().Body(textWithNames(t.Lead, t.names)...),
		app.Ul().Class("together-changes").Body(
			app.Range(t.Changes).Slice(func(i int) app.UI { return app.Li().Body(textWithNames(t.Changes[i], t.names)...) }),
		),
		app.P().Class("together-result").Text(t.Result),
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
// patch wave uses, from the results on screen (none when sh is nil).
func renderBudget(sh *shownResult) app.UI {
	if sh == nil {
		return app.Text("")
	}
	s, res := sh.scenario, sh.result
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
	return app.Div().ID(BudgetID).Class("review-block").Attr(AttrValue, headline.Exact(b.AllowanceMinutes)).Body(
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
