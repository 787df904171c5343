package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// DefaultPreset is the preset the page opens on when its URL carries no
// scenario.
const DefaultPreset = "seed-example"

// Planner is the whole page: it owns the scenario under edit, the run and
// its results, and composes the editor, the run bar, the cards, the
// charts and the share bar, each a component of its own file. Its state
// changes only on the UI goroutine, in action handlers and in functions
// passed to ctx.Dispatch.
type Planner struct {
	app.Compo

	live   bool     // OnMount ran: this is the browser's live page
	sess   *session // the scenario under edit
	view   formView // what the form shows, rebuilt after each change
	preset string   // the preset last loaded, "" for a link or file
	notice string   // the message in #notice, "" for none

	// store keeps the last valid scenario (localStorage, or memory when
	// the browser keeps no site data); storeNote says that it will not be
	// remembered, "" when it will.
	store     keyValueStore
	storeNote string

	// review is the capacity review: its analysis and answers.
	review reviewState

	run   runState
	shown *shownResult // the results on screen, nil before the first
	share shareState
	// runTrials runs trials and reduces them where they ran (Web Workers
	// in the browser, the program natively): the page's own runs use it.
	runTrials runFunc
	ab        abState // the pinned scenario A and its comparison with the results on screen
	release   func()  // frees the workers when the page goes away
}

// shownResult is a reduced run: everything the cards, the charts and the
// exports need, computed off the Render path.
type shownResult struct {
	scenario model.Scenario // the scenario the trials ran
	result   planner.Result
	data     planner.Charts
	cards    []cardView
	charts   []chartView
}

// NewPlanner returns the page on the default preset. The browser replaces
// the scenario with the one in the URL, if any, when the page mounts.
func NewPlanner() *Planner { return &Planner{} }

// OnInit prepares the pre-rendered page: the default preset, no results.
func (p *Planner) OnInit() {
	if p.sess != nil {
		return
	}
	pr, _ := model.PresetByName(DefaultPreset)
	p.sess = newSession(pr.Scenario, nil)
	p.preset = pr.Name
	p.view = p.sess.view()
	p.run.state = p.idleState()
}

// OnMount starts the live page: it registers the action handlers, starts
// the workers and loads the scenario of the URL.
func (p *Planner) OnMount(ctx app.Context) {
	p.live = true
	p.storage() // choose the store, and say so when the browser keeps no site data
	p.handleActions(ctx)
	if p.runTrials == nil {
		p.runTrials, p.release = newStarter(ctx)
	}
	p.loadWithPinned(ctx, ctx.Page().URL())
}

// OnNav reloads the scenario when back or forward brings a different link.
func (p *Planner) OnNav(ctx app.Context) {
	if !p.live {
		return
	}
	u := ctx.Page().URL()
	code, ok := codeFromURL(u)
	codeA, _ := pinnedCodeFromURL(u)
	if ok && (code != p.share.code || codeA != p.ab.code()) {
		p.loadWithPinned(ctx, u)
	}
}

// OnDismount stops the run and the workers.
func (p *Planner) OnDismount() {
	p.run.job.Cancel()
	p.dropPinned()
	if p.review.client != nil {
		p.review.client.close()
	}
	if p.release != nil {
		p.release()
	}
}

// idleState is the run state of a scenario that is not running.
func (p *Planner) idleState() string {
	if !p.sess.valid() {
		return StateInvalid
	}
	return StateRunning
}

// changed follows every change of the scenario: it rebuilds the form's
// view, schedules the URL update and, for a valid scenario, a run after
// a pause of debounce.
func (p *Planner) changed(ctx app.Context, debounce time.Duration) {
	p.view = p.sess.view()
	p.updateLink(ctx)
	p.scheduleRun(ctx, debounce)
}

func (p *Planner) Render() app.UI {
	root := app.Div().ID(RootID).Class("planner").Attr(AttrState, p.run.state)
	if p.live {
		root = root.Attr(AttrLive, "1")
	}
	sc := &p.sess.sc
	return root.Body(
		app.Header().Class("top").Body(
			app.Div().Class("brand").Body(
				app.H1().Text("Rollout planner"),
				app.P().Class("tagline").Text("How much of the SLA does a month of rolling upgrades cost?"),
			),
			newPresetMenu(p.preset),
			newShareBar(p.share.link, p.share.problem),
		),
		// Always present, so that the layout below never moves in the
		// DOM and screen readers know the alert region from the start.
		app.Div().Class("notice").Hidden(p.notice == "").Body(
			app.P().ID(NoticeID).Role("alert").Text(p.notice),
			app.Button().Class("dismiss").Type("button").Aria("label", "Dismiss the message").Text("×").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actDismiss) }),
		),
		app.If(p.storeNote != "", func() app.UI {
			return app.Div().Class("notice info").Body(
				app.P().ID(StorageNoticeID).Role("status").Text(p.storeNote),
			)
		}),
		app.Div().Class("layout").Body(
			app.Main().Class("results").Body(
				newRunBar(p.run.state, p.run.done, p.run.total, p.shownTrials(), p.run.adaptive),
				p.renderCompare(),
				p.renderResults(),
				p.renderReview(),
				newTransferBar(),
			),
			app.Aside().Class("editor").Aria("label", "Scenario").Body(
				app.H2().Text("Scenario"),
				p.renderOrphanProblems(),
				newServiceForm(*sc, p.view),
				app.H2().Text("Roles"),
				app.Range(sc.Roles).Slice(func(i int) app.UI {
					return newRoleForm(i, sc.Roles[i], p.view.sub(rolePath(i)), len(sc.Roles) > 1)
				}),
				app.Button().ID("role-add").Class("add").Type("button").
					Disabled(len(sc.Roles) >= model.MaxRoles).
					Text("+ Add a role").
					OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actAddRole) }),
			),
		),
		app.Footer().Class("foot").Body(
			app.P().Text("Numbers are Monte Carlo estimates: each trial is one simulated month of the three update passes. "+
				"The same scenario and seed give the same numbers as the rollout command's -json output."),
		),
	)
}

// renderResults shows the cards and charts of the last result, or why
// there is none yet.
func (p *Planner) renderResults() app.UI {
	r := p.shown
	if r == nil {
		msg := "Running the scenario…"
		if p.run.state == StateInvalid {
			msg = "Fix the marked fields of the scenario to see results."
		}
		return app.Div().Class("placeholder").Text(msg)
	}
	stale := p.run.state != StateDone
	return app.Div().Class("result").Body(
		newResultCards(r.cards, stale),
		app.Div().Class("charts").Body(
			app.Range(r.charts).Slice(func(i int) app.UI {
				c := r.charts[i]
				return newChartFigure(c.ID, c.Title, c.SVG, c.Err)
			}),
		),
	)
}

// renderOrphanProblems lists the problems that no field shows, such as a
// link's unknown fields.
func (p *Planner) renderOrphanProblems() app.UI {
	orphans := orphanProblems(p.sess)
	if len(orphans) == 0 {
		return app.Text("")
	}
	return app.Ul().ID("problems").Class("problems").Body(
		app.Range(orphans).Slice(func(i int) app.UI {
			return app.Li().Class(ProblemClass).Text(orphans[i].String())
		}),
	)
}

// shownTrials is the number of trials of the results on screen.
func (p *Planner) shownTrials() int {
	if p.shown == nil {
		return 0
	}
	return p.shown.result.Trials
}
