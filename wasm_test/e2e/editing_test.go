package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"rolloutplanner/model"
)

// fieldValue returns what the input of the scenario field at path shows.
func (tb *tab) fieldValue(path string) string {
	tb.t.Helper()
	return mustEval[string](tb, "reading "+path, fmt.Sprintf(
		`(() => { const e = document.getElementById(%q); return e ? e.value : '(missing)'; })()`, fieldID(path)))
}

// waitField waits for the input of the field at path to show want.
func (tb *tab) waitField(what, path, want string) {
	tb.t.Helper()
	tb.waitJS(fmt.Sprintf("%s: %s showing %q", what, path, want), fmt.Sprintf(
		`(() => { const e = document.getElementById(%q); return !!e && e.value === %q; })()`, fieldID(path), want), waitTimeout)
}

// key presses one key with modifiers in the focused element.
func (tb *tab) key(what, k string, mods ...kb.Modifier) {
	tb.t.Helper()
	tb.do("pressing "+what, chromedp.KeyEvent(k, chromedp.KeyModifiers(mods...)))
}

// activeID is the id of the focused element.
func (tb *tab) activeID() string {
	tb.t.Helper()
	return mustEval[string](tb, "reading the focused element", `document.activeElement ? document.activeElement.id : ''`)
}

// TestPresetArrowingAndUndo, on a 390 px phone: arrowing through the
// preset list loads nothing (the edit stays); "Load preset" loads;
// Ctrl+Z brings the edited scenario back, Ctrl+Shift+Z the preset again,
// and the Undo button works as the key does.
func TestPresetArrowingAndUndo(t *testing.T) {
	tb := newTab(t, true)
	tb.do("a 390 px phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	tb.open(shareURL(t, preset(t, "seed-example")))
	const inst = "roles[0].instances"
	tb.setField(inst, "4")
	tb.waitDone("the run after the edit")

	tb.do("focusing the preset list", chromedp.Focus(chromedp.ID("preset")))
	for range 3 {
		tb.key("ArrowDown in the preset list", kb.ArrowDown)
	}
	time.Sleep(800 * time.Millisecond) // longer than any debounce
	if v := tb.fieldValue(inst); v != "4" {
		t.Fatalf("arrowing through the presets replaced the edited scenario: instances shows %q, want 4", v)
	}
	chosen := mustEval[string](tb, "reading the preset list", `document.getElementById('preset').value`)
	if chosen == "" || chosen == "seed-example" {
		t.Fatalf("the arrow keys did not move the preset list (value %q)", chosen)
	}
	want := strconv.Itoa(preset(t, chosen).Roles[0].Instances)

	tb.click("Load preset", "#preset-load")
	tb.waitField("after Load preset "+chosen, inst, want)
	tb.waitDone("the preset's run")

	tb.do("focusing the page body", chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`))
	tb.key("Ctrl+Z", "z", kb.ModifierCtrl)
	tb.waitField("Ctrl+Z after loading the preset", inst, "4")
	tb.key("Ctrl+Shift+Z", "z", kb.ModifierCtrl, kb.ModifierShift)
	tb.waitField("Ctrl+Shift+Z", inst, want)
	tb.click("the Undo button", "#undo")
	tb.waitField("the Undo button", inst, "4")
	tb.waitDone("the run of the scenario undo brought back")
	if w := mustEval[float64](tb, "reading the page width", `document.documentElement.scrollWidth`); w > 390 {
		t.Logf("note: the page is %.0f px wide at 390 px (the layout is another item's)", w)
	}
}

// TestCtrlZInTextField: while a field holds uncommitted text, Ctrl+Z is
// the browser's own text undo; once the text is committed (Enter), Ctrl+Z
// in the same field undoes the scenario change.
func TestCtrlZInTextField(t *testing.T) {
	tb := newTab(t, true)
	tb.open(shareURL(t, preset(t, "seed-example")))
	const path = "upgrade_domains"
	tb.do("typing 7 after the 5 in upgrade_domains",
		chromedp.Focus(chromedp.ID(fieldID(path))),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.setSelectionRange(e.value.length, e.value.length); })()`, fieldID(path))),
		chromedp.SendKeys(chromedp.ID(fieldID(path)), "7"),
	)
	tb.key("Ctrl+Z in the field being typed in", "z", kb.ModifierCtrl)
	tb.waitField("the browser's text undo", path, "5")
	if id := tb.activeID(); id != fieldID(path) {
		t.Errorf("the text undo moved the focus to %q", id)
	}

	tb.do("typing 3 and Enter", chromedp.SendKeys(chromedp.ID(fieldID(path)), "\b3"+kb.Enter))
	tb.waitJS("the edit committed: the share link carries 3 domains", `(() => { const l = document.getElementById('share-link');
		return !!l && l.value !== '' ; })()`, waitTimeout)
	tb.waitDone("the run of 3 domains")
	tb.key("Ctrl+Z in the committed field", "z", kb.ModifierCtrl)
	// The page's undo puts 5 back as the field's committed text (its
	// default value); the browser's text undo would leave it dirty.
	tb.waitJS("the page's undo in a committed field: upgrade_domains committed at 5", fmt.Sprintf(`(() => {
		const e = document.getElementById(%q); return !!e && e.value === '5' && e.defaultValue === '5'; })()`, fieldID(path)), waitTimeout)
}

// TestReopenLastScenario: the bare URL reopens the last scenario and says
// so; "Start from a preset" loads the default preset and leads to the
// preset list.
func TestReopenLastScenario(t *testing.T) {
	tb := newTab(t, true)
	tb.open(shareURL(t, preset(t, "fleet")))
	tb.setField("trials", "3000")
	tb.waitDone("the run of 3000 trials")
	tb.waitJS("the last scenario kept in localStorage", `(() => { const v = localStorage.getItem('rollout-planner.last-good');
		return !!v && JSON.parse(v).trials === 3000; })()`, waitTimeout)

	tb.open(siteURL)
	if v := tb.fieldValue("trials"); v != "3000" {
		t.Errorf("the bare URL opened a scenario of %s trials, want the last one's 3000", v)
	}
	note := mustEval[string](tb, "reading #reopened", `(() => { const n = document.getElementById('reopened');
		return n && n.offsetParent !== null ? n.textContent.trim() : ''; })()`)
	if !strings.Contains(note, "Reopened your last scenario") || !strings.Contains(note, "Start from a preset") {
		t.Fatalf("#reopened says %q; want the note with Start from a preset", note)
	}
	t.Logf("the reopened scenario: %s", tb.viewShot("reopened.png", ""))
	tb.click("Start from a preset", "#start-preset")
	tb.waitField("Start from a preset", "trials", strconv.Itoa(preset(t, "seed-example").Trials))
	tb.waitJS("the preset list focused and showing seed-example", `(() => { const s = document.getElementById('preset');
		return document.activeElement === s && s.value === 'seed-example' && !document.getElementById('reopened'); })()`, waitTimeout)
	tb.key("Ctrl+Z", "z", kb.ModifierCtrl)
	tb.waitField("undo after Start from a preset", "trials", "3000")
}

// TestImportMisspelledField imports a file whose role says "instancez":
// the page lists the problem with its path and the two choices, and
// both work.
func TestImportMisspelledField(t *testing.T) {
	fleet := preset(t, "fleet")
	doc, err := model.Encode(fleet)
	if err != nil {
		t.Fatal(err)
	}
	doc = []byte(strings.Replace(string(doc), `"instances"`, `"instancez"`, 1))
	file := filepath.Join(t.TempDir(), "fleet-typo.json")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, true)
	tb.do("a 390 px phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	tb.open(shareURL(t, preset(t, "seed-example")))
	seedName := tb.fieldValue("name")

	importIt := func() {
		tb.do("importing "+file, chromedp.SetUploadFiles(chromedp.ID("import-scenario"), []string{file}))
		tb.waitJS("the list of the file's problems", `(() => { const s = document.getElementById('import-problems');
			return !!s && s.textContent.includes('roles[0].instancez'); })()`, waitTimeout)
	}
	importIt()
	t.Logf("the import review on a phone: %s", tb.viewShot("import-review-phone.png", ""))
	if n := tb.fieldValue("name"); n != seedName {
		t.Errorf("the file replaced the scenario before a choice: name %q", n)
	}
	tb.click("Keep the current scenario", "#import-keep")
	tb.waitJS("the list gone", `!document.getElementById('import-problems')`, waitTimeout)
	if n := tb.fieldValue("name"); n != seedName {
		t.Errorf("Keep the current scenario changed it: name %q", n)
	}

	importIt()
	tb.click("Load what is valid", "#import-valid")
	tb.waitField("Load what is valid", "name", fleet.Name)
	tb.waitJS("the list gone", `!document.getElementById('import-problems')`, waitTimeout)
	tb.waitDone("the run of what was valid")
	if s := mustEval[string](tb, "reading the editor's problems", `(() => { const p = document.getElementById('problems');
		return p ? p.textContent : ''; })()`); strings.Contains(s, "instancez") {
		t.Errorf("the editor still lists the misspelled field: %q", s)
	}
}

// TestWaitingLinkFocusesFirstBadField: "Waiting for a valid scenario"
// leads to the first field with a problem.
func TestWaitingLinkFocusesFirstBadField(t *testing.T) {
	tb := newTab(t, true)
	tb.open(shareURL(t, preset(t, "seed-example")))
	tb.setField("roles[0].instances", "0")
	tb.setField("upgrade_domains", "x")
	tb.waitJS("the waiting state with its link", `(() => { const p = document.getElementById('planner'), b = document.getElementById('waiting-first-problem');
		return !!p && p.dataset.state === 'invalid' && !!b && b.textContent.includes('Waiting for a valid scenario'); })()`, waitTimeout)
	tb.click("Waiting for a valid scenario", "#waiting-first-problem")
	tb.waitJS("the focus on the first bad field", fmt.Sprintf(`document.activeElement && document.activeElement.id === %q`, fieldID("upgrade_domains")), waitTimeout)
}

// typingProbeJS records, for each input event in a scenario field, the
// time from the event to the end of the first run that starts after it.
const typingProbeJS = `(() => {
	window.__typing = {last: 0, running: false, times: [], starts: []};
	document.addEventListener('input', (e) => {
		if (e.target.id && e.target.id.startsWith('f-')) { window.__typing.last = performance.now(); window.__typing.running = false; }
	}, true);
	const p = document.getElementById('planner');
	new MutationObserver(() => {
		const t = window.__typing;
		if (!t.last) return;
		if (p.dataset.state === 'running' && !t.running) { t.running = true; t.starts.push(performance.now() - t.last); }
		if (p.dataset.state === 'done' && t.running) { t.times.push(performance.now() - t.last); t.last = 0; t.running = false; }
	}).observe(p, {attributes: true, attributeFilter: ['data-state']});
})()`

// TestTypingUpdatesNumbers: typing in a field, without leaving it or
// pressing Enter, updates the numbers; the field keeps its focus and its
// text; an invalid partial text shows its problem and stays. It reports
// the time from the last keystroke to the updated numbers on
// seed-example at 10,000 trials.
func TestTypingUpdatesNumbers(t *testing.T) {
	tb := newTab(t, true)
	tb.open(shareURL(t, preset(t, "seed-example")))
	const inst = "roles[0].instances"
	id := fieldID(inst)
	mustEval[chromedp.Void](tb, "installing the typing probe", typingProbeJS)
	before := tb.metric("card-service", "bad-mean")

	var times []float64
	for i, v := range []string{"4", "3", "5", "2", "4"} {
		tb.do("typing "+v+" in instances",
			chromedp.Focus(chromedp.ID(id)),
			chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).select()`, id)),
			chromedp.SendKeys(chromedp.ID(id), v),
		)
		tb.waitJS("the numbers after typing "+v+" (no blur, no Enter)",
			fmt.Sprintf(`window.__typing.times.length === %d`, i+1), waitTimeout)
		if got := tb.activeID(); got != id {
			t.Fatalf("typing %s moved the focus to %q", v, got)
		}
		if got := tb.fieldValue(inst); got != v {
			t.Fatalf("the field shows %q after typing %s", got, v)
		}
	}
	times = mustEval[[]float64](tb, "reading the probe", `window.__typing.times`)
	if after := tb.metric("card-service", "bad-mean"); after == before {
		t.Errorf("the service's mean bad minutes stayed %v after typing 4 instances", after)
	}
	starts := mustEval[[]float64](tb, "reading the probe", `window.__typing.starts`)
	slices.Sort(starts)
	report(t, "keystroke → run under way (the page's own part: the typing pause, the commit): median %.0f ms, max %.0f ms",
		starts[len(starts)/2], starts[len(starts)-1])
	sorted := slices.Clone(times)
	slices.Sort(sorted)
	report(t, "edit → updated numbers while typing (seed-example, 10,000 trials, debounce %d ms): median %.0f ms, max %.0f ms (%v)",
		300, sorted[len(sorted)/2], sorted[len(sorted)-1], times)

	// For comparison: the run alone, from "Run again" to its result.
	start := time.Now()
	tb.click("Run again", "#run-again")
	tb.waitJS("the run again under way", `document.getElementById('planner').dataset.state === 'running'`, waitTimeout)
	tb.waitDone("the run again")
	report(t, "the same run alone (Run again → result, polled every %v): %d ms", pollEvery, time.Since(start).Milliseconds())

	// An invalid partial text shows its problem and stays as typed.
	tb.do("typing 4x", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).select()`, id)),
		chromedp.SendKeys(chromedp.ID(id), "4x"))
	tb.waitJS("the problem of 4x", fmt.Sprintf(`(() => { const p = document.getElementById(%q);
		return !!p && p.textContent.includes('whole number'); })()`, id+"-msg"), waitTimeout)
	if got := tb.fieldValue(inst); got != "4x" {
		t.Errorf("the invalid text became %q", got)
	}
	if got := tb.activeID(); got != id {
		t.Errorf("the problem moved the focus to %q", got)
	}
}
