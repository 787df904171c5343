//go:build !js

package app

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// post sends one action to the live test page and lets it settle.
func post(e app.TestEngine, p *Planner, action string, v any) {
	p.run.progress.page.NewActionWithValue(action, v)
	e.ConsumeAll()
}

func presetScenario(t *testing.T, name string) model.Scenario {
	t.Helper()
	pr, ok := model.PresetByName(name)
	if !ok {
		t.Fatalf("no preset %q", name)
	}
	return pr.Scenario
}

func scenarioFile(t *testing.T, s model.Scenario) []byte {
	t.Helper()
	b, err := model.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUndoRedo: undo walks back over edits (valid and not), a role added,
// a preset loaded and a file imported, each one step, and redo walks
// forward again; a new change clears redo.
func TestUndoRedo(t *testing.T) {
	e, p, _ := livePage(t)
	seed := scenarioKey(p.sess.sc)
	if p.hist.canUndo() {
		t.Fatal("a fresh page can undo")
	}

	post(e, p, actEdit, Edit{"roles[0].instances", "4"})
	afterEdit := scenarioKey(p.sess.sc)
	post(e, p, actEdit, Edit{"upgrade_domains", "five"}) // does not parse: a step too
	if p.sess.text("upgrade_domains") != "five" || p.sess.valid() {
		t.Fatalf("the unparsable edit is not on screen: %q", p.sess.text("upgrade_domains"))
	}
	post(e, p, actEdit, Edit{"upgrade_domains", "5"})
	post(e, p, actAddRole, nil)
	afterRole := scenarioKey(p.sess.sc)
	post(e, p, actPreset, "fleet")
	if p.preset != "fleet" {
		t.Fatalf("the preset did not load: %q", p.preset)
	}
	slow := presetScenario(t, "slow-startup")
	post(e, p, actImport, importedFile{Name: "slow.json", Data: scenarioFile(t, slow)})
	if scenarioKey(p.sess.sc) != scenarioKey(slow) {
		t.Fatal("the import did not load")
	}

	steps := []struct {
		name   string
		check  func() bool
		preset string
	}{
		{"before the import: the fleet preset", func() bool { return scenarioKey(p.sess.sc) == scenarioKey(presetScenario(t, "fleet")) }, "fleet"},
		{"before the preset: the added role", func() bool { return scenarioKey(p.sess.sc) == afterRole }, ""},
		{"before the role", func() bool { return len(p.sess.sc.Roles) == 1 && p.sess.text("upgrade_domains") == "5" }, ""},
		{"the unparsable text", func() bool { return p.sess.text("upgrade_domains") == "five" && !p.sess.valid() }, ""},
		{"the first edit", func() bool { return scenarioKey(p.sess.sc) == afterEdit && p.sess.valid() }, ""},
		{"the page as it opened", func() bool { return scenarioKey(p.sess.sc) == seed }, DefaultPreset},
	}
	for _, st := range steps {
		post(e, p, actUndo, nil)
		if !st.check() {
			t.Errorf("undo to %s: the scenario is not that one (instances %d, roles %d, domains %q)",
				st.name, p.sess.sc.Roles[0].Instances, len(p.sess.sc.Roles), p.sess.text("upgrade_domains"))
		}
		if p.preset != st.preset {
			t.Errorf("undo to %s: preset %q, want %q", st.name, p.preset, st.preset)
		}
	}
	if p.hist.canUndo() {
		t.Error("undo can go further back than the page's first scenario")
	}
	post(e, p, actUndo, nil)
	if !strings.Contains(p.notice, "nothing to undo") {
		t.Errorf("an undo too many says %q", p.notice)
	}
	for range steps {
		post(e, p, actRedo, nil)
	}
	if scenarioKey(p.sess.sc) != scenarioKey(slow) || p.hist.canRedo() {
		t.Error("redo did not come back to the imported scenario")
	}
	post(e, p, actUndo, nil)
	post(e, p, actEdit, Edit{"trials", "3000"})
	if p.hist.canRedo() {
		t.Error("a new change left redo possible")
	}
}

// TestTypingIsOneUndoStep: the commits a field makes while typing join
// in one undo step; the same text committed again on leaving the field
// is no step at all.
func TestTypingIsOneUndoStep(t *testing.T) {
	e, p, _ := livePage(t)
	for _, v := range []string{"1", "12", "120"} {
		post(e, p, actEditTyped, Edit{"roles[0].startup_tasks.p50", v})
	}
	post(e, p, actEdit, Edit{"roles[0].startup_tasks.p50", "120"}) // the change event on leaving
	if n := len(p.hist.past); n != 1 {
		t.Errorf("typing 120 made %d undo steps, want 1", n)
	}
	post(e, p, actUndo, nil)
	if got := p.sess.text("roles[0].startup_tasks.p50"); got == "120" || got == "12" || got == "1" {
		t.Errorf("undo after typing left %q in the field", got)
	}
}

func TestHistoryRecord(t *testing.T) {
	s := newSession(presetScenario(t, DefaultPreset), nil)
	var h history
	now := time.Unix(0, 0)
	h.record(snapshotOf(s, ""), "", false, now)
	for i := range MaxUndo + 20 {
		s.edit(Edit{"trials", strings.Repeat("1", 1+i%3) + "000" + strings.Repeat("0", i/3%2)})
		h.record(snapshotOf(s, ""), "", false, now)
	}
	if len(h.past) > MaxUndo {
		t.Errorf("history keeps %d steps, want at most %d", len(h.past), MaxUndo)
	}
	n := len(h.past)
	h.record(snapshotOf(s, ""), "trials", true, now) // the same state: no step
	if len(h.past) != n {
		t.Error("recording the state on screen made a step")
	}
	s.edit(Edit{"seed", "7"})
	h.record(snapshotOf(s, ""), "seed", true, now)
	s.edit(Edit{"seed", "77"})
	h.record(snapshotOf(s, ""), "seed", true, now.Add(typingMerge+time.Second)) // too late to join
	if len(h.past) != min(n+2, MaxUndo) {
		t.Errorf("two edits far apart made %d steps, want 2", len(h.past)-n)
	}
}

// TestImportProblems: a file with a misspelled field is not loaded: its
// problems are listed with their paths, and the user loads what is valid
// (the misspelling is gone, the run can start, undo brings the old
// scenario back) or keeps the current scenario.
func TestImportProblems(t *testing.T) {
	e, p, _ := livePage(t)
	fleet := presetScenario(t, "fleet")
	doc := bytes.Replace(scenarioFile(t, fleet), []byte(`"instances"`), []byte(`"instancez"`), 1)
	file := importedFile{Name: "fleet-typo.json", Data: doc}
	before := scenarioKey(p.sess.sc)

	post(e, p, actImport, file)
	pi := p.pendingImport
	if pi == nil {
		t.Fatalf("the file with a misspelled field was not held for review (notice %q)", p.notice)
	}
	if scenarioKey(p.sess.sc) != before {
		t.Error("the file replaced the scenario before the user chose")
	}
	panel, ok := newImportPanel(pi).(*importPanel)
	if !ok {
		t.Fatal("no import panel for a file with problems")
	}
	found := false
	for _, line := range panel.Problems {
		if strings.HasPrefix(line, "roles[0].instancez: ") {
			found = true
		}
	}
	if !found {
		t.Errorf("the panel lists %q; want roles[0].instancez with its rule", panel.Problems)
	}

	post(e, p, actImportKeep, nil)
	if p.pendingImport != nil || scenarioKey(p.sess.sc) != before {
		t.Error("Keep the current scenario did not keep it, or left the panel")
	}

	post(e, p, actImport, file)
	post(e, p, actImportValid, nil)
	if p.pendingImport != nil {
		t.Error("the panel stayed after Load what is valid")
	}
	if p.sess.sc.Name != fleet.Name || len(p.sess.sc.Roles) != len(fleet.Roles) {
		t.Errorf("Load what is valid loaded %q with %d roles, want the file's %q", p.sess.sc.Name, len(p.sess.sc.Roles), fleet.Name)
	}
	for _, pr := range p.sess.problems {
		if strings.Contains(pr.Path, "instancez") {
			t.Errorf("the loaded scenario still shows the misspelled field: %v", pr)
		}
	}
	if len(orphanProblems(p.sess)) != 0 {
		t.Errorf("problems no field can clear: %v", orphanProblems(p.sess))
	}
	post(e, p, actUndo, nil)
	if scenarioKey(p.sess.sc) != before {
		t.Error("undo after Load what is valid did not bring the scenario back")
	}
}

func TestFirstProblemID(t *testing.T) {
	s := newSession(presetScenario(t, DefaultPreset), nil)
	if id := s.firstProblemID(); id != "" {
		t.Errorf("a valid scenario's first problem is %q", id)
	}
	s.edit(Edit{"roles[0].instances", "0"})
	s.edit(Edit{"upgrade_domains", "x"})
	if id := s.firstProblemID(); id != fieldID("upgrade_domains") {
		t.Errorf("first problem at %q, want the upgrade domains (before the role in the form)", id)
	}
	s = newSession(presetScenario(t, DefaultPreset), model.Problems{{Path: "colour", Rule: "is not a field"}})
	if id := s.firstProblemID(); id != ProblemsListID {
		t.Errorf("an unknown field's problem leads to %q, want the problem list", id)
	}
}

// TestReopenLastScenario: the bare URL reopens the last scenario kept in
// the store, says so, and "Start from a preset" goes back to the presets
// (undo returns to the reopened scenario).
func TestReopenLastScenario(t *testing.T) {
	edited := presetScenario(t, "fleet")
	edited.Trials = 3000
	for _, tt := range []struct {
		name     string
		kept     model.Scenario
		reopened bool
		preset   string
	}{
		{"edited", edited, true, ""},
		{"a preset", presetScenario(t, "slow-startup"), false, "slow-startup"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeRun{}
			p := NewPlanner()
			p.runTrials = fake.run
			p.store = memoryStore{StorageKey: string(scenarioFile(t, tt.kept))}
			e := app.NewTestEngine()
			if err := e.Load(p); err != nil {
				t.Fatal(err)
			}
			e.ConsumeAll()
			if scenarioKey(p.sess.sc) != scenarioKey(tt.kept) || p.reopened != tt.reopened || p.preset != tt.preset {
				t.Fatalf("the bare URL opened %q (reopened %v, preset %q), want the kept %q (reopened %v, preset %q)",
					p.sess.sc.Name, p.reopened, p.preset, tt.kept.Name, tt.reopened, tt.preset)
			}
			if !tt.reopened {
				return
			}
			post(e, p, actStartPreset, nil)
			if p.preset != DefaultPreset || p.reopened {
				t.Errorf("Start from a preset left preset %q, reopened %v", p.preset, p.reopened)
			}
			post(e, p, actUndo, nil)
			if scenarioKey(p.sess.sc) != scenarioKey(tt.kept) {
				t.Error("undo did not bring the reopened scenario back")
			}
		})
	}
	if _, _, ok := lastScenario(memoryStore{StorageKey: "{not json"}); ok {
		t.Error("a damaged kept scenario reopened")
	}
}

func TestABValue(t *testing.T) {
	tests := []struct {
		key  string
		v    float64
		want string
	}{
		{mSLA, 0.99999999, "> 99.9 %"},
		{mSLA, 0.9512, "95.1 %"},
		{mSLA, 1, "100 %"},
		{mPBad, 0.0000001, "< 0.1 %"},
		{mPBad, 0, "0 %"},
		{mAvailP05, 99.99999999, "> 99.999 %"},
		{mServed, 99.95812, "99.958 %"},
		{mBadMean, 96, "96 min (1.6 h)"},
		{mBadP95, 4.25, "4.2 min"},
	}
	for _, tt := range tests {
		if got := abValue(tt.key, tt.v); got != tt.want {
			t.Errorf("abValue(%s, %g) = %q, want %q", tt.key, tt.v, got, tt.want)
		}
	}
}

// TestLinkProblemsReviewed: a link whose scenario breaks rules is
// reviewed as a file is: the page keeps the scenario it would open
// without it, lists the link's problems with their paths, and loads what
// is valid of it on request, with nothing left that no field can clear.
func TestLinkProblemsReviewed(t *testing.T) {
	e, p, _ := livePage(t)
	const doc = `{"version":1,"upgrade_domains":3,"roles":[{"name":"api","instancez":3}]}`
	u, err := url.Parse("/#s=" + v1Code(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	p.loadFromURL(p.run.progress.page, u)
	e.ConsumeAll()
	pi := p.pendingImport
	if pi == nil || !pi.link {
		t.Fatalf("the link with a misspelled field was not held for review (notice %q)", p.notice)
	}
	if scenarioKey(p.sess.sc) != scenarioKey(presetScenario(t, DefaultPreset)) {
		t.Errorf("behind the review the page shows %q, want the scenario it had (the default preset)", p.sess.sc.Name)
	}
	panel := newImportPanel(pi).(*importPanel)
	if !slices.ContainsFunc(panel.Problems, func(s string) bool { return strings.HasPrefix(s, "roles[0].instancez: ") }) {
		t.Errorf("the review lists %q; want roles[0].instancez", panel.Problems)
	}
	post(e, p, actImportValid, nil)
	if p.sess.sc.UpgradeDomains != 3 || p.sess.sc.Roles[0].Name != "api" || len(orphanProblems(p.sess)) != 0 {
		t.Errorf("Load what is valid gave domains %d, role %q, problems no field shows %v",
			p.sess.sc.UpgradeDomains, p.sess.sc.Roles[0].Name, orphanProblems(p.sess))
	}
}
