package app

import (
	"errors"
	"net/url"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/worker/client"
)

// abState is the A/B comparison: the pinned scenario A, its results, and
// the comparison of A with the results on screen (B, the scenario under
// edit). Changed only on the UI goroutine.
type abState struct {
	a *pinned // nil: nothing pinned

	// The comparison shown, and the two results it was made of: it is
	// remade when either changes (see syncCompare).
	view      *compareView
	viewA     *sideResult
	viewB     *shownResult
	computing bool       // a comparison is being made on a goroutine
	gen       generation // a comparison takes a ticket; dropping A makes it stale
}

// pinned is scenario A.
type pinned struct {
	scenario model.Scenario
	key      string      // scenarioKey(scenario)
	code     string      // its link code, "" when it is too large for a link
	result   *sideResult // nil until its trials ran
	err      string      // why it has no result (its run failed), for people
	note     string      // a remark for people, such as why the link lacks A

	// Its run, when its numbers had to be recomputed (a link carries
	// scenarios, not results). It runs on the page's workers only while
	// the page's own run is idle, so that B always comes first.
	job         *client.Job
	running     bool
	gen         generation // each run takes a ticket; older callbacks are ignored
	done, total int
}

// sideResult is what a comparison needs of one side's trials.
type sideResult struct {
	result planner.Result
	data   planner.Charts
	cards  []cardView
}

// compareView is the comparison on screen, made off the Render path.
type compareView struct {
	Cards []deltaCard
	Diff  []string // what B changes in A
	SVG   string   // the bad-minutes CDFs of A and B overlaid, "<svg…"
	Err   string   // why the chart could not be drawn
}

// code returns A's link code, "" when nothing is pinned.
func (s *abState) code() string {
	if s.a == nil {
		return ""
	}
	return s.a.code
}

// handleCompareActions registers the handlers of the comparison's
// buttons.
func (p *Planner) handleCompareActions(ctx app.Context) {
	ctx.Handle(actPinA, func(ctx app.Context, a app.Action) { p.pinA(ctx) })
	ctx.Handle(actUnpinA, func(ctx app.Context, a app.Action) { p.unpinA(ctx) })
	ctx.Handle(actSwapAB, func(ctx app.Context, a app.Action) { p.swapAB(ctx) })
	ctx.Handle(actCompareSync, func(ctx app.Context, a app.Action) { p.syncCompare(ctx) })
}

// canPin reports whether the results on screen are the complete results
// of the scenario under edit, which "Pin as A" keeps.
func (p *Planner) canPin() bool {
	return p.shown != nil && p.run.state == StateDone && p.run.doneKey != "" &&
		p.run.doneKey == scenarioKey(p.sess.sc)
}

// pinA keeps the scenario under edit and its results as A.
func (p *Planner) pinA(ctx app.Context) {
	if !p.canPin() {
		return
	}
	p.dropPinned()
	p.ab.a = newPinned(p.shown.scenario)
	p.ab.a.result = &sideResult{result: p.shown.result, data: p.shown.data, cards: p.shown.cards}
	p.updateLink(ctx)
	p.syncCompare(ctx)
}

// unpinA forgets A.
func (p *Planner) unpinA(ctx app.Context) {
	p.dropPinned()
	p.updateLink(ctx)
}

// swapAB makes the results on screen A and puts A's scenario under edit,
// where it runs again as B.
func (p *Planner) swapAB(ctx app.Context) {
	old := p.ab.a
	if old == nil || !p.canPin() {
		return
	}
	p.pinA(ctx)
	p.load(ctx, old.scenario, nil, "")
}

// dropPinned cancels A's run and forgets A and its comparison.
func (p *Planner) dropPinned() {
	if a := p.ab.a; a != nil && a.job != nil {
		a.gen.stop()
		a.job.Cancel()
	}
	gen := p.ab.gen // kept, so that no later ticket repeats an older one
	p.ab = abState{gen: gen}
	p.ab.gen.stop()
}

// newPinned returns A for sc, with its link code when it fits a link.
func newPinned(sc model.Scenario) *pinned {
	a := &pinned{scenario: sc.Clone(), key: scenarioKey(sc)}
	if code, err := model.EncodeURL(sc); err == nil {
		a.code = code
	} else {
		a.note = "A is too large for a link: the share link carries B only."
	}
	return a
}

// loadPinned restores A from the link's "a=" code, if any, or forgets A
// when the link has none. A code that cannot be used drops only A; the
// message for the notice says why. A's numbers are recomputed from its
// scenario (see syncCompare). The caller rewrites the link.
func (p *Planner) loadPinned(ctx app.Context, u *url.URL) (notice string) {
	code, ok := pinnedCodeFromURL(u)
	if ok && p.ab.a != nil && p.ab.a.code == code {
		return ""
	}
	p.dropPinned()
	if !ok {
		return ""
	}
	sc, err := decodePinned(code)
	if err != nil {
		return upperFirst(err.Error()) + "."
	}
	p.ab.a = newPinned(sc)
	p.ab.a.code = code
	p.syncCompare(ctx)
	return ""
}

// loadWithPinned loads the link's scenarios: A first, so that the
// link the page writes while loading B keeps A; a bad A's message joins
// the notice.
func (p *Planner) loadWithPinned(ctx app.Context, u *url.URL) {
	msg := p.loadPinned(ctx, u)
	p.loadFromURL(ctx, u)
	p.addNotice(msg)
}

// addNotice adds a message to the notice.
func (p *Planner) addNotice(msg string) {
	switch {
	case msg == "":
	case p.notice == "":
		p.notice = msg
	default:
		p.notice += " " + msg
	}
}

// upperFirst capitalises the first letter of a message.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

// syncCompare brings the comparison up to date; the comparison section
// asks for it whenever the page's run changes (compareSection.OnUpdate).
// A without results takes the page's results when they are A's own
// complete run, or else runs once the page's run is idle; once both
// sides have results, the comparison is made again if either changed.
func (p *Planner) syncCompare(ctx app.Context) {
	a := p.ab.a
	if a == nil {
		return
	}
	if a.result == nil && !a.running && a.err == "" {
		switch {
		case p.shown != nil && p.run.doneKey == a.key:
			a.result = &sideResult{result: p.shown.result, data: p.shown.data, cards: p.shown.cards}
		case p.runTrials != nil && p.run.job == nil && p.run.state != StateRunning:
			p.runPinned(ctx)
		}
	}
	if a.result == nil || p.shown == nil || p.ab.computing {
		return
	}
	if p.ab.viewA == a.result && p.ab.viewB == p.shown {
		return
	}
	side, shown := a.result, p.shown
	aScenario := a.scenario
	p.ab.computing = true
	t := p.ab.gen.next()
	ctx.Async(func() {
		time.Sleep(time.Millisecond) // let the page paint first
		v := makeCompare(aScenario, side, shown)
		ctx.Dispatch(func(ctx app.Context) {
			if !p.ab.gen.current(t) {
				return // A was dropped or replaced meanwhile
			}
			p.ab.computing = false
			p.ab.view, p.ab.viewA, p.ab.viewB = v, side, shown
			p.syncCompare(ctx) // B may have changed meanwhile
		})
	})
}

// makeCompare compares A's results with B's: the cards' deltas, what B
// changes in A, and the overlaid bad-minutes chart. It plots, so it runs
// on a goroutine.
func makeCompare(aScenario model.Scenario, a *sideResult, b *shownResult) *compareView {
	v := &compareView{
		Cards: deltaCards(a.cards, b.cards),
		Diff:  scenarioDiff(aScenario, b.scenario),
	}
	svg, err := charts.CompareBadMinutes(a.data, b.data, "A", "B")
	if err != nil {
		v.Err = err.Error()
	} else {
		v.SVG = svgMarkup(svg)
	}
	return v
}

// runPinned runs A's trials on the page's workers, as the page runs its
// own (p.runTrials, reduced where they ran): they run only while the
// page's run is idle, and a new run of the page cancels them (the pool
// runs one job at a time), after which syncCompare starts them again.
func (p *Planner) runPinned(ctx app.Context) {
	a := p.ab.a
	t := a.gen.next()
	sc := a.scenario.Clone()
	a.running, a.done, a.total = true, 0, sc.Trials
	current := func() bool { return p.ab.a == a && a.gen.current(t) }
	onProgress := func(done, total int) {
		ctx.Dispatch(func(ctx app.Context) {
			if current() {
				a.done, a.total = done, total
			}
		})
	}
	onDone := func(out *client.Outcome, err error) {
		ctx.Dispatch(func(ctx app.Context) {
			if !current() {
				return
			}
			a.job, a.running = nil, false
			switch {
			case errors.Is(err, client.ErrCancelled):
				return // the page's run took the workers: A runs again when it is idle
			case err != nil:
				a.err = "A could not run: " + err.Error()
				return
			case !out.Reduced() || out.Trials == 0:
				return
			}
			a.result = &sideResult{result: out.Result, data: out.Charts, cards: cardsFor(out.Result)}
			p.syncCompare(ctx)
		})
	}
	a.job = p.runTrials(sc, nil, 0, sc.Trials, onProgress, onDone)
}
