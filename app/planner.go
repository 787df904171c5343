package app

import (
	"rolloutplanner/internal/headline"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// ModelPage is the "How the model works" page that cmd/web renders from
// docs/model.md; ModelLinkID is the page's link to it (in a new tab, so
// the scenario and its results stay open).
const (
	ModelPage   = "/web/model.html"
	ModelLinkID = "model-link"
)

// DefaultPreset is the preset the page opens on when its URL carries no
// scenario.
const DefaultPreset = "seed-example"

// Planner is the whole page: it owns the scenario under edit and the
// results on screen, holds the run (runControl, which hands its results
// back through the page, its runHost), and composes the editor, the run
// bar, the results pane, the A/B pane (over its abTest), the review and
// the share bar, each a component of its own file, handing them the
// scenario and the results on screen; the exporter makes the downloads
// from a snapshot of both (sources). Its state changes only on the UI
// goroutine, in action handlers and in functions passed to ctx.Dispatch.
type Planner struct {
	app.Compo

	live   bool     // OnMount ran: this is the browser's live page
	sess   *session // the scenario under edit; the editor shows it
	preset string   // the preset last loaded, "" for a link or file
	notice string   // the message in #notice, "" for none

	hist          history        // undo and redo over every change of the scenario
	editPath      string         // the field the change being recorded edited, "" for another change
	editTyped     bool           // that edit was committed while typing
	pendingImport *pendingImport // a file with problems, waiting for the user's choice; nil for none
	reopened      bool           // the bare URL reopened the last scenario: say so, with the way back to the presets

	// store keeps the last valid scenario (localStorage, or memory when
	// the browser keeps no site data); storeNote says that it will not be
	// remembered, "" when it will.
	store     keyValueStore
	storeNote string

	// review is the capacity review's state, owned by its pane
	// (reviewPane); the page only hands it the scenario and results.
	review reviewState

	run      runControl   // the run under way and its progress; shows results through the page (runHost)
	shown    *shownResult // the results on screen, nil before the first
	shownSeq uint64       // counts the results shown: the results pane renders when it changes
	// narrow: the viewport matches NarrowQuery (read at mount and on
	// each resize); the charts are drawn compact.
	narrow    bool
	chartsSeq uint64 // counts redrawings of the charts on screen for another width
	share     shareState
	// runTrials runs trials and reduces them where they ran (Web Workers
	// in the browser, the program natively): the page's own runs use it.
	runTrials runFunc
	ab        abTest   // the pinned scenario A and its comparison with B, shown by the abPane
	exports   exporter // the downloads: results, scenario, charts and their zip
	release   func()   // frees the workers when the page goes away
}

// shownResult is a reduced run: everything the cards, the charts and the
// exports need, computed off the Render path.
type shownResult struct {
	scenario model.Scenario // the scenario the trials ran
	result   planner.Result
	data     planner.Charts
	cards    []headline.Card
	charts   []chartView
	drawnBy  string // where the charts were drawn: ChartsByWorker or ChartsByPage
}

// NewPlanner returns the page on the default preset. The browser replaces
// the scenario with the one in the URL, if any, when the page mounts.
func NewPlanner() *Planner { return &Planner{} }

// OnInit prepares the pre-rendered page: the default preset, no results.
func (p *Planner) OnInit() {
	p.run.attach(p, &p.runTrials)
	if p.sess != nil {
		return
	}
	pr, _ := model.PresetByName(DefaultPreset)
	p.sess = newSession(pr.Scenario, nil)
	p.preset = pr.Name
	p.run.state = p.idleState()
	p.usePrerendered()
	p.review.host = p
}

// OnMount starts the live page: it registers the action handlers, starts
// the workers and loads the scenario of the URL.
func (p *Planner) OnMount(ctx app.Context) {
	p.live = true
	p.narrow = narrowScreen()
	p.run.mount(ctx)
	p.ab.page, p.ab.pageOn = ctx, true
	p.storage() // choose the store, and say so when the browser keeps no site data
	p.handleActions(ctx)
	p.review.attach(p, ctx)
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
	p.run.close()
	p.ab.drop()
	p.review.close()
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

// changed follows every change of the scenario: it schedules the URL
// update and, for a valid scenario, a run after a pause of debounce. (The
// editor sees the change by the session's revision.)
func (p *Planner) changed(ctx app.Context, debounce time.Duration) {
	p.record(p.editPath, p.editTyped)
	p.editPath, p.editTyped = "", false
	p.updateLink(ctx)
	p.run.schedule(ctx, debounce)
}

// showResult puts a reduced run on screen.
func (p *Planner) showResult(r *shownResult) {
	p.shown = r
	p.shownSeq++
}

// Render composes the page. It runs when the page's own state changes
// (an edit, a run's start or end, a notice), never on a progress tick:
// each part renders only when its exported fields change.
func (p *Planner) Render() app.UI {
	rendered("planner")
	root := app.Div().ID(RootID).Class("planner").Attr(AttrState, p.run.state)
	if p.live {
		root = root.Attr(AttrLive, "1")
	}
	return root.Body(
		app.Header().Class("top").Body(
			app.Div().Class("brand").Body(
				app.H1().Text("Rollout planner"),
				app.P().Class("tagline").Body(
					app.Text("How much of the SLA does a month of rolling upgrades cost? "),
					// A page of its own (docs/model.md, cached for offline
					// use); href is resolved under the site's sub-path.
					app.A().ID(ModelLinkID).Href(ModelPage).Target("_blank").Rel("noopener").
						Text("How the model works"),
				),
			),
			newPresetMenu(p.preset, p.reopened, &p.hist),
			newShareBar(p.share.link, p.share.problem),
		),
		// Always present, so that the layout below never moves in the
		// DOM and screen readers know the alert region from the start.
		app.Div().Class("notice").Hidden(p.notice == "").Body(
			app.P().ID(NoticeID).Role("alert").Text(p.notice),
			app.Button().Class("dismiss").Type("button").Aria("label", "Dismiss the message").Text("×").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actDismiss) }),
		),
		newImportPanel(p.pendingImport),
		app.If(p.storeNote != "", func() app.UI {
			return app.Div().Class("notice info").Body(
				app.P().ID(StorageNoticeID).Role("status").Text(p.storeNote),
			)
		}),
		app.Div().Class("layout").Body(
			app.Main().Class("results").Body(
				newRunBar(p.run.state, p.run.gen.count(), p.shownTrials(), p.run.adaptive, &p.run.progress).firstBad(p.sess.firstProblemID()),
				newABPane(p),
				newResultsPane(p.shownSeq, p.chartsSeq, p.run.state, &p.shown, &p.run.partial),
				newReviewPane(&p.review, p.sess, p.shownSeq, p.run.state),
				newTransferBar(),
			),
			newEditorPane(p.sess),
		),
		app.Footer().Class("foot").Body(
			app.P().Text("Numbers are Monte Carlo estimates: each trial is one simulated month of the three update passes. "+
				"The same scenario and seed give the same numbers as the rollout command's -json output."),
		),
	)
}

// shownTrials is the number of trials of the results on screen.
func (p *Planner) shownTrials() int {
	if p.shown == nil {
		return 0
	}
	return p.shown.result.Trials
}
