//go:build !js

package app

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/advisor"
	"rolloutplanner/planner/whatif"
	"rolloutplanner/report"
	"rolloutplanner/worker/analysis"
	"rolloutplanner/worker/client"
)

// analyse runs one analysis natively, as the analysis worker does.
func analyse(t *testing.T, kind string, sc model.Scenario, opt analysis.Options) []byte {
	t.Helper()
	text, err := model.Encode(sc)
	if err != nil {
		t.Fatal(err)
	}
	o, err := json.Marshal(opt)
	if err != nil {
		t.Fatal(err)
	}
	out, err := analysis.Run(context.Background(), kind, text, o, nil)
	if err != nil {
		t.Fatalf("%s: %v", kind, err)
	}
	return out
}

func TestFindingViews(t *testing.T) {
	pr, _ := model.PresetByName("seed-example")
	sc := pr.Scenario
	rep := advisor.Report{Findings: []advisor.Finding{
		{Kind: advisor.Capacity, Severity: advisor.Critical, Path: "roles[0].instances", Impact: 51.2},
		{Kind: advisor.ColdWarmup, Severity: advisor.Warning, Path: "roles[0].warmup_in_onstart"},
		{Kind: advisor.StartupTimeout, Severity: advisor.Warning, Path: "roles[0].startup_tasks"},
		{Kind: advisor.PinnedGuestOS, Severity: advisor.Warning, Path: "passes.guest_os.enabled"},
		{Kind: advisor.Capacity, Severity: advisor.Info, Path: "roles[7].instances"},
	}}
	want := []struct{ target, label, impact, severity string }{
		{"f-roles-0-instances", sc.Roles[0].Name + " · Instances", "fix removes 51.2 min a month", "critical"},
		{"f-roles-0-warmup_in_onstart", sc.Roles[0].Name + " · Warm up inside OnStart", "", "warning"},
		{"f-roles-0-startup_tasks-kind", sc.Roles[0].Name + " · Startup tasks", "", "warning"},
		{"f-passes-guest_os-enabled", "Guest OS · enabled", "", "warning"},
		{"", "Instances", "", "info"},
	}
	got := findingViews(sc, rep)
	for i, w := range want {
		g := got[i]
		if g.Target != w.target || g.FieldLabel != w.label || g.Impact != w.impact || g.Severity != w.severity || g.Path != rep.Findings[i].Path {
			t.Errorf("finding %d (%s): got target %q label %q impact %q severity %q; want %q %q %q %q",
				i, rep.Findings[i].Path, g.Target, g.FieldLabel, g.Impact, g.Severity, w.target, w.label, w.impact, w.severity)
		}
		if g.Target != "" && g.Target != FieldID(rep.Findings[i].Path) && g.Target != FieldID(rep.Findings[i].Path+".kind") {
			t.Errorf("finding %d: target %q is not the field of %s", i, g.Target, rep.Findings[i].Path)
		}
	}
}

func TestSweepFormGrid(t *testing.T) {
	pr, _ := model.PresetByName("seed-example")
	sc := pr.Scenario
	f := defaultSweepForm(sc, nil)
	g, err := f.grid(sc)
	if err != nil {
		t.Fatalf("the default form: %v", err)
	}
	if want := report.DefaultGrid(sc, planner.Result{}); !reflect.DeepEqual(g, want) {
		t.Errorf("the default form's grid is %+v, want report.DefaultGrid's %+v", g, want)
	}
	for _, c := range []struct {
		name string
		edit []sweepFormEdit
		want string // in the error; "" for none
		grid *whatif.Grid
	}{
		{"spaces and repeats", []sweepFormEdit{{"instances", " 3 4,4;5 "}, {"domains", "2 5"}},
			"", &whatif.Grid{Instances: [][]int{{3, 4, 5}}, UpgradeDomains: []int{2, 5}, Warmup: []whatif.WarmupMode{whatif.WarmupAfter, whatif.WarmupIn}}},
		{"one mode", []sweepFormEdit{{"after-onstart", ""}, {"as-is", "1"}},
			"", &whatif.Grid{Instances: [][]int{{1, 2, 3, 4}}, UpgradeDomains: []int{2, 3, 5}, Warmup: []whatif.WarmupMode{whatif.WarmupAsIs, whatif.WarmupIn}}},
		{"empty instances", []sweepFormEdit{{"instances", " , "}}, "Instances: give at least one", nil},
		{"not a number", []sweepFormEdit{{"domains", "2, x"}}, "“x” is not a whole number from 1 to 20", nil},
		{"too many domains", []sweepFormEdit{{"domains", "21"}}, "from 1 to 20", nil},
		{"no mode", []sweepFormEdit{{"after-onstart", ""}, {"in-onstart", ""}}, "warm-up mode", nil},
		{"no such role", []sweepFormEdit{{"role", "3"}}, "pick the role", nil},
		{"too large", []sweepFormEdit{{"instances", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"}, {"domains", "1 2 3 4 5"}}, "at most 120", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := defaultSweepForm(sc, nil)
			for _, e := range c.edit {
				f.edit(e)
			}
			g, err := f.grid(sc)
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("error %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Fatalf("error %v, want one mentioning %q", err, c.want)
			case c.grid != nil && !reflect.DeepEqual(g, *c.grid):
				t.Errorf("grid %+v, want %+v", g, *c.grid)
			}
		})
	}
}

// TestBudgetOf: the page's budget, from what it keeps of a run, is
// whatif.BudgetOf's from the trials.
func TestBudgetOf(t *testing.T) {
	for _, name := range []string{"seed-example", "fleet"} {
		pr, _ := model.PresetByName(name)
		sc := pr.Scenario
		sc.Trials = 500
		acc, err := planner.Run(context.Background(), sc, planner.Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		got, want := budgetOf(sc, acc.Result(), acc.Charts()), whatif.BudgetOf(acc)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: budgetOf = %+v, want whatif.BudgetOf's %+v", name, got, want)
		}
		if len(got.CDF) == 0 {
			t.Errorf("%s: the budget has no distribution", name)
		}
	}
}

// reviewedPage is the page with seed-example results of few trials and
// the answers of the three analyses on that scenario.
func reviewedPage(t *testing.T) *Planner {
	t.Helper()
	sc, shown := smallRun(t, "seed-example", 300)
	p, _ := prerendered(t)
	p.sess = newSession(sc, nil)

	p.shown = shown
	p.run.state = StateDone
	key := scenarioKey(sc)
	rep, err := analysis.DecodeAdvice(analyse(t, analysis.KindAdvise, sc, analysis.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	p.review.advice = &reviewAdvice{key: key, report: rep, together: togetherOf(sc, rep.Together), cards: findingViews(sc, rep)}
	pl := plan(sc, shown)
	swOpt := analysis.Options{Trials: pl.SweepTrials, Grid: &pl.Grid, Odds: pl.Odds}
	sw, err := analysis.DecodeSweep(analyse(t, analysis.KindSweep, sc, swOpt))
	if err != nil {
		t.Fatal(err)
	}
	p.review.sweep = &reviewSweep{key: key, opt: swOpt, sc: sc, result: sw, smallest: smallestText(sc, sw)}
	seOpt := analysis.Options{Trials: pl.SensitivityTrials, Shift: pl.Shift}
	se, err := analysis.DecodeSensitivity(analyse(t, analysis.KindSensitivity, sc, seOpt))
	if err != nil {
		t.Fatal(err)
	}
	p.review.sens = &reviewSens{key: key, opt: seOpt, sc: sc, result: se}
	return p
}

func TestReviewRender(t *testing.T) {
	p := reviewedPage(t)
	html := app.HTMLString(p)
	for _, id := range []string{ReviewID, ReviewRunID, ReviewCancelID, ReviewProgressID, SweepOpenID, SweepRunID,
		SensitivityRunID, ExportReportID, BudgetID, FindingsID, SweepID, SensitivityID} {
		if !strings.Contains(html, `id="`+id+`"`) {
			t.Errorf("the review has no #%s", id)
		}
	}
	for _, kind := range []advisor.Kind{advisor.Capacity, advisor.ColdWarmup} {
		// go-app writes attributes in any order: find the card's tag, then
		// its class.
		re := regexp.MustCompile(`<li[^>]*data-kind="` + string(kind) + `"[^>]*>`)
		tag := re.FindString(html)
		if tag == "" || !regexp.MustCompile(`class="finding[ "]`).MatchString(tag) {
			t.Errorf("no finding card of kind %s", kind)
		}
	}
	// The advisor's combination comes first, before the single changes.
	together, first := strings.Index(html, `id="together"`), strings.Index(html, `data-kind="capacity"`)
	if p.review.advice.report.Together == nil || together < 0 || !strings.Contains(html, "Do these together") || (first >= 0 && first < together) {
		t.Errorf("the page does not show \"Do these together\" before the single findings (at %d, first finding at %d)", together, first)
	}
	if !strings.Contains(html, `data-target="f-roles-0-instances"`) {
		t.Error("the capacity finding has no link to roles[0].instances")
	}
	if strings.Contains(html, AttrStale) {
		t.Error("answers on the scenario under edit are marked stale")
	}
	if !strings.Contains(html, "Smallest configuration meeting") && !strings.Contains(html, "No configuration of this grid") {
		t.Error("the sweep does not say which configuration is the smallest")
	}

	// An edit makes every answer stale; they stay on screen.
	p.sess.edit(Edit{"roles[0].instances", "3"})
	html = app.HTMLString(p)
	if n := strings.Count(html, AttrStale+`="1"`); n != 3 {
		t.Errorf("%d stale blocks after an edit, want 3 (findings, sweep, sensitivity)", n)
	}
	if !strings.Contains(html, "Scenario changed — run again") || !strings.Contains(html, `data-kind="capacity"`) {
		t.Error("stale answers are not kept with a note")
	}
}

// TestReviewNamesAreText: role names in findings, the sweep's words and
// the budget table are text, never markup.
func TestReviewNamesAreText(t *testing.T) {
	const evil = `<img src=x onerror=alert(1)>`
	sc, shown := smallRun(t, "seed-example", 200)
	sc.Roles[0].Name = evil
	shown.scenario.Roles[0].Name = evil
	shown.result.Roles[0].Name = evil
	p, _ := prerendered(t)
	p.sess = newSession(sc, nil)

	p.shown = shown
	rep, err := analysis.DecodeAdvice(analyse(t, analysis.KindAdvise, sc, analysis.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	p.review.advice = &reviewAdvice{key: scenarioKey(sc), report: rep, cards: findingViews(sc, rep)}
	sw := whatif.SweepResult{Odds: 0.95, Smallest: 0, Cells: []whatif.CellResult{{Params: whatif.Params{Instances: []int{4}, UpgradeDomains: 4, Warmup: whatif.WarmupIn}}}}
	p.review.sweep = &reviewSweep{key: scenarioKey(sc), sc: sc, result: sw, smallest: smallestText(sc, sw)}
	p.review.formOpen = true
	html := app.HTMLString(p)
	outside := regexp.MustCompile(`="(?:[^"\\]|\\.)*"`).ReplaceAllString(html, `=""`)
	if strings.Contains(outside, "<img") {
		t.Error("a role name became markup in the review")
	}
	if strings.Count(html, "&lt;img") < 4 {
		t.Errorf("the role name shows as text %d times; want it in findings, sweep, form and budget", strings.Count(html, "&lt;img"))
	}
}

// TestReviewReportInput: the report holds the answers on the scenario on
// screen, and leaves out stale ones.
func TestReviewReportInput(t *testing.T) {
	p := reviewedPage(t)
	in := p.review.reviewReportInput(p.shown, "https://example.org/planner/?x=1#s=old")
	if in.Advice == nil || in.Sweep == nil || in.Sensitivity == nil || in.Budget == nil || len(in.Budget.CDF) == 0 {
		t.Fatalf("the report lacks a section: advice %v sweep %v sensitivity %v budget %v", in.Advice != nil, in.Sweep != nil, in.Sensitivity != nil, in.Budget != nil)
	}
	// The charts on screen are handed over, not drawn again.
	for _, c := range p.shown.charts {
		if c.SVG != "" && in.Drawn[c.ID] != c.SVG {
			t.Errorf("the report input lacks the chart on screen %s", c.ID)
		}
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	for _, want := range []string{"<svg", `id="chart-sweep-sla-compliance"`, `id="chart-tornado"`, "https://example.org/planner/?x=1#s=v2."} {
		if !strings.Contains(doc, want) {
			t.Errorf("the review report lacks %q", want)
		}
	}
	if strings.Contains(doc, "#s=old") {
		t.Error("the report links to the page's old fragment")
	}

	p.review.sweep.key = "another scenario"
	if in := p.review.reviewReportInput(p.shown, ""); in.Sweep != nil || in.Advice == nil {
		t.Error("a stale sweep is in the report, or the advice fell out")
	}
}

// TestReviewReportKeepsSlideSize: on a phone the review draws its heat
// maps and tornado compact; the report leaves those drawings out and
// draws its figures at the slide size, while drawings at the slide size
// (a wide screen) are handed over as they are.
func TestReviewReportKeepsSlideSize(t *testing.T) {
	p := reviewedPage(t)
	sw, se := p.review.sweep, p.review.sens
	draw := func(narrow bool) {
		sw.charts, se.charts = nil, nil
		for _, m := range []struct {
			id     string
			metric charts.SweepMetric
		}{{sweepComplianceID, charts.SweepCompliance}, {sweepHardDownID, charts.SweepHardDown}} {
			f := charts.SweepSVG
			if narrow {
				f = charts.SweepSVGCompact
			}
			svg, err := f(sw.result, m.metric)
			c := chartOf(m.id, m.id, svg, err)
			c.compact = narrow
			sw.charts = append(sw.charts, c)
		}
		f := charts.TornadoSVG
		if narrow {
			f = charts.TornadoSVGCompact
		}
		svg, err := f(se.result, studyScenario(se.sc))
		c := chartOf(tornadoID, "tornado", svg, err)
		c.compact = narrow
		se.charts = append(se.charts, c)
	}
	ids := []string{string(charts.SweepCompliance), string(charts.SweepHardDown), charts.TornadoID}

	draw(true)
	in := p.review.reviewReportInput(p.shown, "")
	for _, id := range ids {
		if _, ok := in.Drawn[id]; ok {
			t.Errorf("the compact drawing of %s is handed to the report", id)
		}
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		fig := regexp.MustCompile(`(?s)<figure id="chart-` + id + `">.*?</figure>`).FindString(buf.String())
		if !strings.Contains(fig, `viewBox="0 0 576 324"`) {
			t.Errorf("the report's figure %s is not at the slide size (576 × 324 pt): %.200q", id, fig)
		}
	}

	draw(false)
	in = p.review.reviewReportInput(p.shown, "")
	for _, c := range append(append([]reviewChart{}, sw.charts...), se.charts...) {
		if !slices.Contains(slices.Collect(maps.Values(in.Drawn)), c.SVG) {
			t.Errorf("the slide-size drawing of %s is not handed to the report", c.ID)
		}
	}
}

// The pane mounts in go-app's test engine as in the browser (see
// render_test.go).
func (c *reviewPane) OnPreRender(ctx app.Context) { c.OnMount(ctx) }

// reportPage is the live page in go-app's test engine with a real
// (native) runner, on the seed example with few trials, its run done, and
// the downloads it offers.
func reportPage(t *testing.T, trials int) (app.TestEngine, *Planner, *[]download) {
	t.Helper()
	e, p, _ := livePage(t)
	pool := client.NewPool("", 1)
	t.Cleanup(pool.Close)
	p.runTrials = pool.Run
	var saved []download
	p.review.save = func(d download) { saved = append(saved, d) }
	if !p.review.on {
		t.Fatal("the review pane did not mount")
	}
	p.sess.setTrials(trials)
	p.review.pane.NewAction(actRunNow)
	settle(t, e, func() bool { done, _ := p.reviewRun(scenarioKey(p.sess.sc)); return done })
	return e, p, &saved
}

// settle consumes the page's updates until cond holds.
func settle(t *testing.T, e app.TestEngine, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		e.ConsumeAll()
		time.Sleep(5 * time.Millisecond)
	}
	e.ConsumeAll()
}

// volatile are the parts of a review report that may differ between the
// page and the command: the figures' markup (the page hands over the
// charts it drew) and the link back (the page's own address).
var volatile = regexp.MustCompile(`(?s)<svg.*?</svg>|href="[^"]*#s=[^"]*"`)

// TestReviewReportIsRolloutReport (issue 10 item 1): from a page with no
// analysis yet, "Download review report" runs the advice, the sweep and
// the sensitivity study, with progress, and downloads the very report
// rollout report writes for the scenario and seed: same sections, same
// numbers. After an edit it is regenerated for the edited scenario.
func TestReviewReportIsRolloutReport(t *testing.T) {
	e, p, saved := reportPage(t, 300)
	r := &p.review
	n := renderCount(t)
	r.pane.NewAction(actReviewReport)
	var steps []string
	settle(t, e, func() bool {
		if r.busy != "" {
			steps = append(steps, r.busy)
		}
		return len(*saved) > 0 || r.err != ""
	})
	if r.err != "" {
		t.Fatal(r.err)
	}
	key := scenarioKey(p.sess.sc)
	if !slices.Contains(steps, analysis.KindAdvise) || r.advice == nil || r.advice.key != key ||
		r.sweep == nil || r.sweep.key != key || r.sens == nil || r.sens.key != key {
		t.Errorf("the report did not run and show the advice, the sweep and the sensitivity study (progress seen: %v)", steps)
	}
	if n["review"] == 0 || n["editor"] != 0 || n["results"] != 0 {
		t.Errorf("preparing the report rendered %v; want the review, never the editor or the results", n)
	}
	if len(*saved) != 1 || r.busy != "" || r.report != nil {
		t.Fatalf("%d downloads, review busy %q, report pending %v", len(*saved), r.busy, r.report != nil)
	}

	compare := func(sc model.Scenario, page download) {
		t.Helper()
		in, err := report.Build(context.Background(), sc, report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := report.Write(&buf, in); err != nil {
			t.Fatal(err)
		}
		got, want := volatile.ReplaceAllString(string(page.Data), ""), volatile.ReplaceAllString(buf.String(), "")
		if got != want {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("the page's report differs from rollout report's at byte %d:\npage: %.300q\ncli:  %.300q", i, got[i:], want[i:])
		}
		for _, s := range []string{`id="together"`, "<h3>Do these together</h3>", `id="chart-sweep-sla-compliance"`, `id="chart-tornado"`, `<section id="findings">`} {
			if !strings.Contains(string(page.Data), s) {
				t.Errorf("the page's report lacks %s", s)
			}
		}
	}
	compare(p.sess.sc, (*saved)[0])

	// A second download reuses every answer: no analysis runs.
	steps = nil
	r.pane.NewAction(actReviewReport)
	settle(t, e, func() bool { return len(*saved) == 2 })
	if len(steps) != 0 {
		t.Errorf("a second download of the same scenario ran %v again", steps)
	}

	// After an edit the report waits for the run of the edited scenario
	// and runs every analysis again.
	p.sess.edit(Edit{"roles[0].instances", "3"})
	p.review.pane.NewAction(actRunNow)
	r.pane.NewAction(actReviewReport)
	settle(t, e, func() bool { return len(*saved) == 3 || r.err != "" })
	if r.err != "" {
		t.Fatal(r.err)
	}
	if p.sess.sc.Roles[0].Instances != 3 {
		t.Fatal("the edit was lost")
	}
	compare(p.sess.sc, (*saved)[2])
}

// TestReviewReportCancel: a cancel while the report is prepared leaves no
// download and the review idle, saying so.
func TestReviewReportCancel(t *testing.T) {
	e, p, saved := reportPage(t, 2000)
	r := &p.review
	r.pane.NewAction(actReviewReport)
	settle(t, e, func() bool { return r.busy == analysis.KindAdvise && r.total > 0 })
	r.pane.NewAction(actReviewCancel)
	e.ConsumeAll()
	time.Sleep(200 * time.Millisecond)
	e.ConsumeAll()
	if len(*saved) != 0 || r.busy != "" || r.report != nil || r.advice != nil {
		t.Errorf("after a cancel: %d downloads, busy %q, report pending %v, advice %v", len(*saved), r.busy, r.report != nil, r.advice != nil)
	}
	if !strings.Contains(r.note, "no report was downloaded") {
		t.Errorf("the note after a cancel is %q", r.note)
	}
}

// TestReviewProgressRendersReviewOnly: an analysis's progress renders the
// review pane alone, at most every reviewProgressEvery, and a stale
// analysis's progress renders nothing.
func TestReviewProgressRendersReviewOnly(t *testing.T) {
	e, p, _ := livePage(t)
	r := &p.review
	t1 := r.gen.next()
	post := r.poster(r.pane, t1)
	n := renderCount(t)
	for i := 1; i <= 20; i++ {
		post(i, 100)
		e.ConsumeAll()
	}
	if n["review"] != 1 || n["planner"] != 0 || n["editor"] != 0 || n["results"] != 0 || n["runBar"] != 0 {
		t.Errorf("20 quick progress messages rendered %v; want the review once (throttled) and nothing else", n)
	}
	post(100, 100) // the last always shows
	e.ConsumeAll()
	if r.done != 100 || n["review"] != 2 {
		t.Errorf("the last progress message: done %d, renders %v", r.done, n)
	}
	clear(n)
	r.gen.stop()
	r.poster(r.pane, t1)(50, 100)
	e.ConsumeAll()
	if len(n) != 0 || r.done != 100 {
		t.Errorf("a stale analysis's progress rendered %v (done %d)", n, r.done)
	}
}
