package app

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
)

// actFitOpened tells every fit box which one just opened (value: its
// path), so that one box is open at a time and figure#chart-fit is
// unique on the page.
const actFitOpened = "rp-fit-opened"

// fitBox is a distribution editor's "Fit to data…" box: the user pastes
// observed durations, fits them (calibrateText), sees the fit chart with
// each family's KS statistic and puts the best fit, or the data
// themselves, in the scenario through the page's edit path (actFitApply).
// The pasted text and the outcome are the box's own state; the scenario
// is changed only by the page.
type fitBox struct {
	app.Compo

	Path  string // the distribution's path ("roles[0].warmup")
	Label string // what the durations are ("Warm-up"), for the chart

	forPath string // the Path the state below belongs to
	open    bool
	text    string // the pasted text, kept after a fit or a problem
	fitting bool
	outcome *fitOutcome
	applied string     // what the last "Use …" put in the scenario
	gen     generation // each fit takes a ticket; a fit of another distribution's text is stale
}

func newFitBox(path, label string) *fitBox { return &fitBox{Path: path, Label: label} }

// OnMount listens for other boxes opening.
func (b *fitBox) OnMount(ctx app.Context) {
	b.forPath = b.Path
	ctx.Handle(actFitOpened, func(ctx app.Context, a app.Action) {
		if path, _ := a.Value.(string); path != b.Path && b.open {
			b.open = false
		}
	})
}

// OnUpdate forgets the state of another distribution (a role removed
// before this one moves its editors up).
func (b *fitBox) OnUpdate(ctx app.Context) {
	if b.forPath != b.Path {
		gen := b.gen // kept, so that no later ticket repeats an older one
		gen.stop()   // a fit under way belongs to the other distribution
		*b = fitBox{Compo: b.Compo, Path: b.Path, Label: b.Label, forPath: b.Path, gen: gen}
	}
}

func (b *fitBox) Render() app.UI {
	id := fieldID(b.Path) + "-fit"
	return app.Div().Class("fit").Body(
		app.Button().Class("fit-open link").Type("button").
			Attr(AttrFitOpen, b.Path).
			Aria("expanded", b.open).
			Aria("controls", id+"-box").
			Aria("label", map[bool]string{false: "Fit " + b.Label + " to data…", true: "Close the fit of " + b.Label}[b.open]).
			Text(map[bool]string{false: "Fit to data…", true: "Close the fit"}[b.open]).
			OnClick(b.onToggle),
		app.If(b.open, func() app.UI { return b.renderBox(id) }),
	)
}

func (b *fitBox) renderBox(id string) app.UI {
	out := b.outcome
	ok := out != nil && out.Problem == ""
	return app.Div().ID(id+"-box").Class("fit-box").Body(
		app.Label().For(id).Text("Observed durations (minutes): one per line, or CSV with a column of them"),
		app.Textarea().
			ID(id).
			Attr(AttrFitInput, b.Path).
			Rows(5).
			Attr("value", b.text).
			Placeholder("12.5\n14\n13.2\n…").
			Spellcheck(false).
			Aria("invalid", out != nil && out.Problem != "").
			Aria("describedby", id+ProblemSuffix).
			OnChange(b.onText),
		app.Div().Class("fit-row").Body(
			app.Button().Type("button").Attr(AttrFitRun, b.Path).Disabled(b.fitting).Text("Fit").OnClick(b.onFit),
			app.Span().Class("hint").Text(map[bool]string{false: "lognormal, Weibull and gamma; up to " + Count(MaxFitValues) + " durations", true: "Fitting…"}[b.fitting]),
		),
		app.If(out != nil && out.Problem != "", func() app.UI {
			return app.Div().ID(id+ProblemSuffix).Class("fit-problem").Role("alert").Body(
				app.P().Class(ProblemClass).Text(out.Problem),
				app.If(len(out.Lines) > 0, func() app.UI {
					return app.Ul().Class(ProblemClass).Body(app.Range(out.Lines).Slice(func(i int) app.UI {
						return app.Li().Text(out.Lines[i])
					}))
				}),
			)
		}),
		app.If(ok, func() app.UI { return b.renderOutcome(*out) }),
	)
}

func (b *fitBox) renderOutcome(out fitOutcome) app.UI {
	keep := out.Cal.Keep
	return app.Div().Class("fit-result").Body(
		app.If(out.SVG != "", func() app.UI {
			return app.Figure().ID(FitChartID).Class(ChartClass).Body(
				app.Div().Class("chart-svg").Role("img").
					Aria("label", "Observed durations against the fitted distributions").Body(app.Raw(out.SVG)),
				app.FigCaption().Body(exportButtons(charts.FitID, "the fit chart of "+b.Label)),
			)
		}).Else(func() app.UI {
			return app.P().Class(ProblemClass).Text("The fit chart could not be drawn: " + out.ChartErr)
		}),
		app.Table().Class("fit-table").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Family"),
				app.Th().Scope("col").Text("Fitted"),
				app.Th().Scope("col").Class("num").Title("Kolmogorov–Smirnov statistic: the largest gap between the curves; smaller is closer").Text("KS"),
			)),
			app.TBody().Body(app.Range(out.Fits).Slice(func(i int) app.UI {
				r := out.Fits[i]
				row := app.Tr().DataSet("family", r.Family)
				if r.Best {
					row = row.Class("best")
				}
				desc := r.Desc
				if !r.Model {
					desc += " (not a model kind)"
				}
				return row.Body(
					app.Td().Text(r.Family+map[bool]string{false: "", true: " ★"}[r.Best]),
					app.Td().Text(desc),
					app.Td().Class("num").Text(r.KS),
				)
			})),
		),
		app.P().Class("fit-note").Text(upperFirst(out.Cal.KeepNote)+"."),
		app.Div().Class("fit-row").Body(
			app.Button().Type("button").Class("primary").Attr(AttrFitKeep, b.Path).
				Text("Use best fit ("+string(keep.Kind)+")").OnClick(b.onKeep),
			app.Button().Type("button").Attr(AttrFitEmpirical, b.Path).
				Text("Use the data itself ("+Count(len(out.Cal.Empirical.Values))+" values)").OnClick(b.onEmpirical),
		),
		app.If(b.applied != "", func() app.UI { return app.P().Class("fit-applied").Role("status").Text(b.applied) }),
	)
}

func (b *fitBox) onToggle(ctx app.Context, e app.Event) {
	b.open = !b.open
	if b.open {
		ctx.NewActionWithValue(actFitOpened, b.Path)
	}
}

func (b *fitBox) onText(ctx app.Context, e app.Event) {
	b.text = ctx.JSSrc().Get("value").String()
}

// onFit reads the box's text and fits it. Parsing and fitting at most
// MaxFitValues durations is quick enough for the page's thread; the short
// sleep lets "Fitting…" paint first.
func (b *fitBox) onFit(ctx app.Context, e app.Event) {
	if el := app.Window().GetElementByID(fieldID(b.Path) + "-fit"); el.Truthy() {
		b.text = el.Get("value").String()
	}
	text, label := b.text, b.Label
	b.fitting, b.applied = true, ""
	t := b.gen.next()
	narrow := narrowScreen()
	ctx.Async(func() {
		time.Sleep(time.Millisecond)
		out := calibrateTextFor(text, label, narrow)
		ctx.Dispatch(func(ctx app.Context) {
			if !b.gen.current(t) {
				ctx.PreventUpdate()
				return
			}
			b.fitting, b.outcome = false, &out
			if out.SVG != "" {
				ctx.NewActionWithValue(actFitChart, out.chart) // for its SVG and PNG buttons
			}
		})
	})
}

// OnResize draws the fit chart again when the window crosses
// NarrowQuery: compact on a narrow screen, else at its page size.
func (b *fitBox) OnResize(ctx app.Context) {
	out, narrow := b.outcome, narrowScreen()
	if out == nil || out.N == 0 || out.compact == narrow || b.fitting {
		ctx.PreventUpdate()
		return
	}
	fc := out.chart
	ctx.Async(func() {
		time.Sleep(time.Millisecond)
		svg, problem := fc.draw(narrow)
		ctx.Dispatch(func(ctx app.Context) {
			if b.outcome != out { // another fit since, or another distribution
				ctx.PreventUpdate()
				return
			}
			redrawn := *out
			redrawn.SVG, redrawn.ChartErr, redrawn.compact = svg, problem, narrow
			b.outcome = &redrawn
		})
	})
}

func (b *fitBox) onKeep(ctx app.Context, e app.Event) {
	if b.outcome == nil {
		return
	}
	d := readable(b.outcome.Cal.Keep)
	b.applied = b.Label + " is now " + describeDist(d) + "."
	ctx.NewActionWithValue(actFitApply, fitApply{Path: b.Path, Dist: d})
}

func (b *fitBox) onEmpirical(ctx app.Context, e app.Event) {
	if b.outcome == nil {
		return
	}
	d := b.outcome.Cal.Empirical
	b.applied = b.Label + " is now the " + strconv.Itoa(len(d.Values)) + " observed durations (empirical)."
	ctx.NewActionWithValue(actFitApply, fitApply{Path: b.Path, Dist: d})
}
