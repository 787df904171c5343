package app

import (
	"errors"
	"net/url"
	"rolloutplanner/internal/headline"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/worker/client"
)

// abTest is the A/B comparison: the pinned scenario A, its results, and
// the comparison of A with the results on screen (B, the scenario under
// edit). The page keeps one and hands it to its abPane, which brings it up
// to date (sync) whenever B changes: A's run and the comparison are drawn
// off the UI goroutine and land through the pane's context, so that they
// render the pane alone, never the page. Its small API for the page:
// pin, drop, loadCode, code and sideA. Changed only on the UI goroutine.
type abTest struct {
	a *pinned // nil: nothing pinned

	// The comparison shown, and the two results it was made of: it is
	// remade when either changes (see sync).
	view      *compareView
	viewA     *sideResult
	viewB     *shownResult
	computing bool       // a comparison is being made on a goroutine
	gen       generation // a comparison takes a ticket; dropping A makes it stale

	seq    uint64       // counts the changes the page makes (pin, drop): the pane's Seq
	page   app.Context  // the page's context (Planner.OnMount)
	pageOn bool         // page is set
	b      func() bSide // B as the mounted pane last saw it; nil before
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

// bSide is what the comparison needs to know of the page: B's results
// and whether its workers are free for A.
type bSide struct {
	shown   *shownResult // the results on screen, nil before the first
	doneKey string       // scenarioKey of shown when complete (runControl.doneKey)
	idle    bool         // the page's run is idle: A may use the workers
	run     runFunc      // runs trials on the page's workers; nil natively without one
}

// sideResult is what a comparison needs of one side's trials.
type sideResult struct {
	result planner.Result
	data   planner.Charts
	cards  []headline.Card
}

// compareView is the comparison on screen, made off the Render path.
type compareView struct {
	Cards []deltaCard
	Diff  []string // what B changes in A
	SVG   string   // the bad-minutes CDFs of A and B overlaid, "<svg…"
	Err   string   // why the chart could not be drawn
	// compact: SVG is drawn for a narrow screen
	// (charts.CompareBadMinutesCompact), not at the slide size.
	compact bool
}

// code returns A's link code, "" when nothing is pinned.
func (s *abTest) code() string {
	if s.a == nil {
		return ""
	}
	return s.a.code
}

// sideA is A's results, nil when nothing is pinned or A has not run.
func (s *abTest) sideA() *sideResult {
	if s.a == nil {
		return nil
	}
	return s.a.result
}

// handleCompareActions registers the handlers of the comparison's
// buttons: they change what is pinned, and with it the page's link.
func (p *Planner) handleCompareActions(ctx app.Context) {
	ctx.Handle(actPinA, func(ctx app.Context, a app.Action) {
		if p.canPin() {
			p.ab.pin(p.shown)
			p.updateLink(ctx)
		}
	})
	ctx.Handle(actUnpinA, func(ctx app.Context, a app.Action) {
		p.ab.drop()
		p.updateLink(ctx)
	})
	// Swap makes the results on screen A and puts A's scenario under
	// edit, where it runs again as B.
	ctx.Handle(actSwapAB, func(ctx app.Context, a app.Action) {
		old := p.ab.a
		if old == nil || !p.canPin() {
			return
		}
		p.ab.pin(p.shown)
		p.updateLink(ctx)
		p.load(ctx, old.scenario, nil, "")
	})
}

// canPin reports whether the results on screen are the complete results
// of the scenario under edit, which "Pin as A" keeps.
func (p *Planner) canPin() bool {
	return p.shown != nil && p.run.state == StateDone && p.run.doneKey != "" &&
		p.run.doneKey == scenarioKey(p.sess.sc)
}

// pin keeps b, the complete results of the scenario under edit, as A.
func (s *abTest) pin(b *shownResult) {
	s.drop()
	s.a = newPinned(b.scenario)
	s.a.result = &sideResult{result: b.result, data: b.data, cards: b.cards}
}

// drop cancels A's run and forgets A and its comparison.
func (s *abTest) drop() {
	if a := s.a; a != nil && a.job != nil {
		a.gen.stop()
		a.job.Cancel()
	}
	s.a, s.view, s.viewA, s.viewB, s.computing = nil, nil, nil, nil, false
	s.gen.stop() // a comparison under way is stale
	s.seq++
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

// loadCode restores A from the link's "a=" code, if any, or forgets A
// when the link has none. A code that cannot be used drops only A; the
// message for the notice says why. A's numbers are recomputed from its
// scenario (see sync). The caller rewrites the link.
func (s *abTest) loadCode(u *url.URL) (notice string) {
	code, ok := pinnedCodeFromURL(u)
	if ok && s.a != nil && s.a.code == code {
		return ""
	}
	s.drop()
	if !ok {
		return ""
	}
	sc, err := decodePinned(code)
	if err != nil {
		return upperFirst(err.Error()) + "."
	}
	s.a = newPinned(sc)
	s.a.code = code
	return ""
}

// loadWithPinned loads the link's scenarios: A first, so that the
// link the page writes while loading B keeps A; a bad A's message joins
// the notice.
func (p *Planner) loadWithPinned(ctx app.Context, u *url.URL) {
	msg := p.ab.loadCode(u)
	p.loadFromURL(ctx, u)
	p.notice = joinNotice(p.notice, msg)
}

// joinNotice adds a message to a notice.
func joinNotice(notice, msg string) string {
	switch {
	case msg == "":
		return notice
	case notice == "":
		return msg
	}
	return notice + " " + msg
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

// post runs fn on the UI goroutine through ctx, the A/B pane's context,
// and renders the pane alone: Dispatch marks the pane and the page for
// an update, and the page's mark is taken back (as runProgress does).
// fn returns false when its work is stale, and nothing renders.
func (s *abTest) post(ctx app.Context, fn func(ctx app.Context) bool) {
	ctx.Dispatch(func(ctx app.Context) {
		if !fn(ctx) {
			ctx.PreventUpdate()
			return
		}
		if s.pageOn {
			s.page.PreventUpdate()
		}
	})
}

// sync brings the comparison up to date with B (s.b); ctx is the A/B
// pane's. A without results takes B's results when they are A's own
// complete run, or else runs once the page's run is idle; once both sides
// have results, the comparison is made again if either changed.
func (s *abTest) sync(ctx app.Context) {
	a := s.a
	if a == nil || s.b == nil {
		return
	}
	b := s.b()
	if a.result == nil && !a.running && a.err == "" {
		switch {
		case b.shown != nil && b.doneKey == a.key:
			a.result = &sideResult{result: b.shown.result, data: b.shown.data, cards: b.shown.cards}
		case b.run != nil && b.idle:
			s.runA(ctx, b.run)
		}
	}
	if a.result == nil || b.shown == nil || s.computing {
		return
	}
	narrow := narrowScreen()
	if s.viewA == a.result && s.viewB == b.shown && (s.view == nil || s.view.compact == narrow) {
		return
	}
	side, shown := a.result, b.shown
	aScenario := a.scenario
	s.computing = true
	t := s.gen.next()
	ctx.Async(func() {
		time.Sleep(time.Millisecond) // let the page paint first
		v := makeCompare(aScenario, side, shown, narrow)
		s.post(ctx, func(ctx app.Context) bool {
			if !s.gen.current(t) {
				return false // A was dropped or replaced meanwhile
			}
			s.computing = false
			s.view, s.viewA, s.viewB = v, side, shown
			s.sync(ctx) // B may have changed meanwhile
			return true
		})
	})
}

// makeCompare compares A's results with B's: the cards' deltas, what B
// changes in A, and the overlaid bad-minutes chart, compact for a narrow
// screen. It plots, so it runs on a goroutine.
func makeCompare(aScenario model.Scenario, a *sideResult, b *shownResult, narrow bool) *compareView {
	v := &compareView{
		Cards:   deltaCards(a.cards, b.cards),
		Diff:    scenarioDiff(aScenario, b.scenario),
		compact: narrow,
	}
	draw := charts.CompareBadMinutes
	if narrow {
		draw = charts.CompareBadMinutesCompact
	}
	svg, err := draw(a.data, b.data, "A", "B")
	if err != nil {
		v.Err = err.Error()
	} else {
		v.SVG = svgMarkup(svg)
	}
	return v
}

// runA runs A's trials on the page's workers, as the page runs its own
// (reduced where they ran): they run only while the page's run is idle,
// and a new run of the page cancels them (the pool runs one job at a
// time), after which sync starts them again. Its progress and result
// render the A/B pane alone (post).
func (s *abTest) runA(ctx app.Context, run runFunc) {
	a := s.a
	t := a.gen.next()
	sc := a.scenario.Clone()
	a.running, a.done, a.total = true, 0, sc.Trials
	current := func() bool { return s.a == a && a.gen.current(t) }
	onProgress := func(done, total int) {
		s.post(ctx, func(ctx app.Context) bool {
			if !current() {
				return false
			}
			a.done, a.total = done, total
			return true
		})
	}
	onDone := func(out *client.Outcome, err error) {
		s.post(ctx, func(ctx app.Context) bool {
			if !current() {
				return false
			}
			a.job, a.running = nil, false
			switch {
			case errors.Is(err, client.ErrCancelled):
				// The page's run took the workers: A runs again when it
				// is idle (the page's run ending updates the pane).
			case err != nil:
				a.err = "A could not run: " + err.Error()
			case out.Reduced() && out.Trials > 0:
				a.result = &sideResult{result: out.Result, data: out.Charts, cards: headline.Cards(out.Result)}
				s.sync(ctx)
			}
			return true
		})
	}
	a.job = run(sc, nil, 0, sc.Trials, onProgress, onDone)
}
