package e2e

import (
	"fmt"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// findingsJS lists the advisor's finding cards: kind, field path, the id
// of the "go to field" button's target and whether that element exists.
const findingsJS = `(() => [...document.querySelectorAll('#findings .finding')].map(f => {
	const b = f.querySelector('button.finding-goto');
	const target = b ? b.dataset.target : '';
	return {kind: f.dataset.kind || '', path: f.dataset.path || '', target, exists: !!target && !!document.getElementById(target)};
}))()`

// finding is one card of findingsJS.
type finding struct {
	Kind   string `json:"kind"`
	Path   string `json:"path"`
	Target string `json:"target"`
	Exists bool   `json:"exists"`
}

// TestCapacityReview follows issue #4 on the seed example: the advisor's
// findings (a capacity one and a warm-up one, each linking to an existing
// form field that the link focuses), a sweep's two heat maps, the
// tornado, the SLA budget, and the review report, one HTML file with the
// scenario's name, a link back and an <svg> in every figure.
func TestCapacityReview(t *testing.T) {
	s := preset(t, "seed-example")
	tb := newTab(t, false)
	tb.open(shareURL(t, s))

	tb.click("Review this scenario", "#review-run")
	tb.waitJS("the advisor's findings", `document.querySelectorAll('#findings .finding').length > 0`, longWaitTimeout)
	if note := mustEval[string](tb, "reading the review's note", `(document.querySelector('#review .review-note') || {}).textContent || ''`); strings.Contains(note, "on the page itself") {
		t.Errorf("the review ran in the page, not in its worker (is web/analysis.wasm built?): %s", note)
	}
	fs := mustEval[[]finding](tb, "reading the findings", findingsJS)
	byKind := map[string]finding{}
	for _, f := range fs {
		if _, ok := byKind[f.Kind]; !ok {
			byKind[f.Kind] = f
		}
	}
	for _, c := range []struct{ kind, path string }{
		{"capacity", "roles[0].instances"},
		{"warmup", "roles[0].warmup_in_onstart"},
	} {
		f, ok := byKind[c.kind]
		switch {
		case !ok:
			t.Errorf("no finding of kind %q among %+v", c.kind, fs)
		case f.Path != c.path:
			t.Errorf("the %s finding is about %q, want %q", c.kind, f.Path, c.path)
		case f.Target != fieldID(c.path) || !f.Exists:
			t.Errorf("the %s finding's link goes to #%s (exists: %v), want the existing #%s", c.kind, f.Target, f.Exists, fieldID(c.path))
		}
	}
	if f, ok := byKind["capacity"]; ok && f.Exists {
		tb.click("the capacity finding's link", `#findings .finding[data-kind="capacity"] button.finding-goto`)
		tb.waitJS("the focus on #"+f.Target, fmt.Sprintf(`document.activeElement && document.activeElement.id === %s`, strconv.Quote(f.Target)), waitTimeout)
	}

	tb.click("Sweep…", "#sweep-open")
	tb.click("Run sweep", "#sweep-run")
	tb.waitJS("the sweep's heat maps", `!!document.querySelector('figure#chart-sweep-compliance svg') && !!document.querySelector('figure#chart-sweep-hard-down svg')`, longWaitTimeout)
	tb.click("Sensitivity", "#sensitivity-run")
	tb.waitJS("the tornado", `!!document.querySelector('figure#chart-tornado svg')`, longWaitTimeout)
	if n := mustEval[int](tb, "counting stale blocks", `document.querySelectorAll('#review [data-stale]').length`); n != 0 {
		t.Errorf("%d review blocks are marked stale on an unchanged scenario", n)
	}
	allowance := mustEval[string](tb, "reading the budget", `(document.getElementById('budget') || {dataset: {}}).dataset.value || ''`)
	if v, err := strconv.ParseFloat(allowance, 64); err != nil || v <= 0 {
		t.Errorf("#budget's allowance is %q, want a positive number of minutes", allowance)
	}

	name, data := tb.download("the review report", "#export-report")
	doc := string(data)
	if !strings.HasSuffix(name, ".html") {
		t.Errorf("the review report is named %q, want an .html file", name)
	}
	if !strings.Contains(doc, html.EscapeString(s.Name)) {
		t.Errorf("the review report does not name the scenario %q", s.Name)
	}
	if !strings.Contains(doc, `href="`+siteURL+`#s=`) {
		t.Errorf("the review report has no link back to %s#s=…", siteURL)
	}
	figures := regexp.MustCompile(`(?s)<figure id="(chart-[^"]+)">(.*?)</figure>`).FindAllStringSubmatch(doc, -1)
	var ids []string
	for _, f := range figures {
		ids = append(ids, f[1])
		if !strings.Contains(f[2], "<svg") {
			t.Errorf("the report's figure #%s has no <svg>", f[1])
		}
	}
	for _, want := range []string{"chart-sweep-sla-compliance", "chart-sweep-hard-down", "chart-tornado"} {
		if !slices.Contains(ids, want) {
			t.Errorf("the review report has no figure #%s; it has %v", want, ids)
		}
	}
	for _, path := range []string{"roles[0].instances", "roles[0].warmup_in_onstart"} {
		if !strings.Contains(doc, path) {
			t.Errorf("the review report has no finding about %s", path)
		}
	}
	t.Logf("review report %s: %d bytes, %d figures, %d findings on the page", name, len(data), len(figures), len(fs))

	// An edit makes the answers stale: kept, greyed, marked.
	tb.setField("roles[0].instances", "3")
	tb.waitJS("stale review blocks after an edit", `document.querySelectorAll('#review [data-stale="1"]').length === 3`, waitTimeout)
}

// TestReviewCancel starts the advisor on a scenario of 100,000 trials,
// cancels it while it runs and checks that the review is idle again with
// no findings, then that a new analysis runs to its end (the cancel
// terminated the worker; the next analysis starts a fresh one).
func TestReviewCancel(t *testing.T) {
	s := preset(t, "seed-example")
	s.Trials = 100000
	tb := newTab(t, false)
	tb.do("opening the page", chromedp.Navigate(shareURL(t, s)))
	// The page's own run first (a click while the page was still starting
	// its 100,000-trial run was once not taken up); the advisor then runs
	// those trials alone, long enough to be cancelled.
	tb.waitDone("the page's own run")
	tb.waitJS("the review button enabled", `!document.getElementById('review-run').disabled`, waitTimeout)

	tb.click("Review this scenario", "#review-run")
	tb.waitJS("the advisor running", `document.getElementById('review').dataset.state === 'running'`, waitTimeout)
	tb.click("Cancel", "#review-cancel")
	tb.waitJS("the review idle after the cancel", `document.getElementById('review').dataset.state === 'idle'`, waitTimeout)
	if n := mustEval[int](tb, "counting findings", `document.querySelectorAll('#findings .finding').length`); n != 0 {
		t.Errorf("%d findings after a cancel", n)
	}
	note := mustEval[string](tb, "reading the note", `(document.querySelector('#review .review-note') || {}).textContent || ''`)
	if !strings.Contains(note, "Cancelled") {
		t.Errorf("the review's note after a cancel is %q, want it to say so", note)
	}

	tb.click("Sensitivity", "#sensitivity-run")
	tb.waitJS("the tornado after a cancel", `!!document.querySelector('figure#chart-tornado svg')`, longWaitTimeout)
}
