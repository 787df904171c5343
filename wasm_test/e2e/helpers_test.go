package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"rolloutplanner/model"
)

// Timeouts of the waits. A run of the default scenario takes a few seconds
// on a busy 2-core machine; the limits are far above that, so a timeout
// means the page is stuck, not slow.
const (
	waitTimeout     = 60 * time.Second
	longWaitTimeout = 120 * time.Second // the 100,000-trial runs
	pollEvery       = 100 * time.Millisecond
)

// The DOM contract (app/dom.go), as the tests read it.
const (
	liveDoneJS = `(() => { const p = document.getElementById('planner');
		return !!p && p.dataset.live === '1' && p.dataset.state === 'done'; })()`

	// statusJS describes the page for error messages.
	statusJS = `(() => {
		const p = document.getElementById('planner');
		const n = document.getElementById('notice');
		const g = document.getElementById('run-progress');
		return {
			url: location.href,
			planner: !!p,
			live: p ? (p.dataset.live || '') : '',
			state: p ? (p.dataset.state || '') : '',
			notice: n ? n.textContent.trim() : '',
			progress: g ? (g.dataset.done || '?') + '/' + (g.dataset.total || '?') : '',
		};
	})()`

	// cardsJS returns every card's metrics: card id → metric → data-value.
	cardsJS = `(() => {
		const out = {};
		for (const c of document.querySelectorAll('[id^="card-"]')) {
			const m = {};
			for (const e of c.querySelectorAll('[data-metric]')) m[e.dataset.metric] = e.getAttribute('data-value');
			out[c.id] = m;
		}
		return out;
	})()`

	// firstResultProbeJS runs before the page's own scripts and records in
	// window.__firstResultMs the time from the navigation's start to the
	// first moment the live page shows a finished run.
	firstResultProbeJS = `(() => {
		const check = (obs) => {
			const p = document.getElementById('planner');
			if (p && p.dataset.live === '1' && p.dataset.state === 'done') {
				window.__firstResultMs = performance.now();
				obs.disconnect();
			}
		};
		new MutationObserver((_, obs) => check(obs)).observe(document, {subtree: true, childList: true, attributes: true});
	})()`
)

// metricKeys are the metrics every card shows, in order.
var metricKeys = []string{"sla", "p-bad", "p-hard-down", "bad-mean", "bad-p95", "avail-p05", "served"}

// fieldID is the id of the input of the scenario field at path, as the page
// names it: "roles[0].instances" → "f-roles-0-instances".
func fieldID(path string) string {
	return "f-" + strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			return r
		}
		return '-'
	}, strings.NewReplacer("[", "-", "].", "-", "]", "").Replace(path))
}

// pageStatus is what the page showed, for error messages.
type pageStatus struct {
	URL      string `json:"url"`
	Planner  bool   `json:"planner"`
	Live     string `json:"live"`
	State    string `json:"state"`
	Notice   string `json:"notice"`
	Progress string `json:"progress"`
}

func (s pageStatus) String() string {
	if !s.Planner {
		return fmt.Sprintf("no #planner at %s", s.URL)
	}
	return fmt.Sprintf("data-live=%q data-state=%q #run-progress=%q #notice=%q at %s", s.Live, s.State, s.Progress, s.Notice, s.URL)
}

// tab is one browser tab of one test. It records the tab's console errors,
// uncaught exceptions, failed requests, every request URL and every
// JavaScript dialog, and fails the test on errors when the test ends.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	problems []string // console errors, exceptions, HTTP errors
	notes    []string // console warnings, logged at the end
	requests []string // every request URL, in order
	dialogs  []string // every JavaScript dialog's type and message
}

// newTab opens a tab in the shared browser, or in a new browser context
// (incognito-like: no shared cache, storage or service worker) when
// isolated is set. It skips the test when there is no browser.
func newTab(t *testing.T, isolated bool) *tab {
	t.Helper()
	if skipReason != "" {
		t.Skip(skipReason)
	}
	var opts []chromedp.ContextOption
	if isolated {
		opts = append(opts, chromedp.WithNewBrowserContext())
	}
	ctx, cancel := chromedp.NewContext(browserCtx, opts...)
	if err := chromedp.Do(ctx); err != nil { // opens the tab, with no timeout
		cancel()
		t.Fatalf("opening a tab: %v", err)
	}
	tb := &tab{t: t, ctx: ctx}

	// Subscribe before anything loads.
	console := chromedp.Console(ctx)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	responses := chromedp.Events(ctx, network.ResponseReceived)
	failures := chromedp.Events(ctx, network.LoadingFailed)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	var wg sync.WaitGroup
	wg.Go(func() {
		for m, err := range console {
			if err != nil {
				return
			}
			where := ""
			if m.URL != "" {
				where = fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleException:
				tb.add(&tb.problems, "console %s%s: %s", m.Type, where, m.Text)
			case chromedp.ConsoleWarning:
				tb.add(&tb.notes, "console warning%s: %s", where, m.Text)
			}
		}
	})
	wg.Go(func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			tb.add(&tb.requests, "%s", ev.Request.URL)
		}
	})
	wg.Go(func() {
		for ev, err := range responses {
			if err != nil {
				return
			}
			if ev.Response.Status >= 400 {
				tb.add(&tb.problems, "HTTP %d for %s", ev.Response.Status, ev.Response.URL)
			}
		}
	})
	wg.Go(func() {
		for ev, err := range failures {
			if err != nil {
				return
			}
			if !ev.Canceled {
				tb.add(&tb.problems, "request %s failed: %s", ev.RequestID, ev.ErrorText)
			}
		}
	})
	wg.Go(func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			tb.add(&tb.dialogs, "%s dialog: %q", ev.Type, ev.Message)
			// Close it, or the page stays blocked.
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})

	t.Cleanup(func() {
		time.Sleep(200 * time.Millisecond) // let the last events arrive
		cancel()
		wg.Wait()
		tb.mu.Lock()
		defer tb.mu.Unlock()
		for _, n := range tb.notes {
			t.Log(n)
		}
		for _, p := range tb.problems {
			t.Errorf("the page reported an error: %s", p)
		}
	})
	return tb
}

func (tb *tab) add(list *[]string, format string, args ...any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	*list = append(*list, fmt.Sprintf(format, args...))
}

// snapshot returns a copy of a recorded list.
func (tb *tab) snapshot(list *[]string) []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return slices.Clone(*list)
}

// do runs actions with waitTimeout, failing the test with what it was doing.
func (tb *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v; the page showed %s", what, err, tb.status())
	}
}

// eval evaluates a JavaScript expression and decodes its value into T.
func eval[T any](tb *tab, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}

// mustEval is eval that fails the test on an error.
func mustEval[T any](tb *tab, what, expr string) T {
	tb.t.Helper()
	v, err := eval[T](tb, expr)
	if err != nil {
		tb.t.Fatalf("%s: %v; the page showed %s", what, err, tb.status())
	}
	return v
}

// status describes the page for error messages; it never fails.
func (tb *tab) status() pageStatus {
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[pageStatus](statusJS))
	if err != nil {
		return pageStatus{URL: "(page unreadable: " + err.Error() + ")"}
	}
	return s
}

// waitJS polls the boolean JavaScript expression cond until it is true. On
// timeout it fails the test, saying what it awaited and what the page showed.
func (tb *tab) waitJS(what, cond string, timeout time.Duration) {
	tb.t.Helper()
	if err := tb.pollJS(cond, timeout); err != nil {
		tb.t.Fatalf("waiting %v for %s: %v; the page showed %s", timeout, what, err, tb.status())
	}
}

// pollJS polls cond until it is true or timeout passes.
func (tb *tab) pollJS(cond string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last error
	for {
		ok, err := eval[bool](tb, cond)
		if err == nil && ok {
			return nil
		}
		if err != nil {
			last = err // e.g. the page navigates: try again
		}
		if time.Now().After(deadline) {
			if last != nil {
				return fmt.Errorf("timed out (last error: %v)", last)
			}
			return fmt.Errorf("timed out")
		}
		select {
		case <-tb.ctx.Done():
			return tb.ctx.Err()
		case <-time.After(pollEvery):
		}
	}
}

// open navigates to url and waits for the live page's finished run.
func (tb *tab) open(url string) {
	tb.t.Helper()
	tb.do("opening "+url, chromedp.Navigate(url))
	tb.waitDone("the live page (data-live=1) with a finished run (data-state=done) after opening " + url)
}

// waitDone waits for the live page to show a finished run.
func (tb *tab) waitDone(what string) {
	tb.t.Helper()
	tb.waitJS(what, liveDoneJS, waitTimeout)
}

// probeFirstResult makes every later navigation of the tab record the time
// to its first result; read it with firstResult.
func (tb *tab) probeFirstResult() {
	tb.t.Helper()
	tb.do("installing the first-result probe", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: firstResultProbeJS})
		return err
	}))
}

// firstResult returns the time from the navigation's start to the first
// finished run, as the probe measured it.
func (tb *tab) firstResult() time.Duration {
	tb.t.Helper()
	ms := mustEval[float64](tb, "reading the first-result probe", `window.__firstResultMs || -1`)
	if ms < 0 {
		tb.t.Fatalf("the first-result probe saw no finished run; the page showed %s", tb.status())
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// cards returns every card's metrics: card id → metric → data-value.
func (tb *tab) cards() map[string]map[string]string {
	tb.t.Helper()
	return mustEval[map[string]map[string]string](tb, "reading the cards", cardsJS)
}

// metric returns one metric of one card ("card-role-0", "sla") as a number.
func (tb *tab) metric(card, key string) float64 {
	tb.t.Helper()
	cards := tb.cards()
	m, ok := cards[card]
	if !ok {
		tb.t.Fatalf("no #%s; the cards are %v; the page showed %s", card, keys(cards), tb.status())
	}
	s, ok := m[key]
	if !ok {
		tb.t.Fatalf("#%s has no [data-metric=%q]: it has %v", card, key, m)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		tb.t.Fatalf("#%s [data-metric=%q] has data-value %q: %v", card, key, s, err)
	}
	return v
}

// setField types value into the text input of the scenario field at path
// and commits it the way a person does: clear, type, leave the field (which
// fires change).
func (tb *tab) setField(path, value string) {
	tb.t.Helper()
	id := fieldID(path)
	tb.do(fmt.Sprintf("setting %s (#%s) to %q", path, id, value),
		chromedp.WaitVisible(chromedp.ID(id)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%s).value = ''`, strconv.Quote(id))),
		chromedp.SendKeys(chromedp.ID(id), value),
		chromedp.Blur(chromedp.ID(id)),
	)
}

// click clicks an element.
func (tb *tab) click(what, css string) {
	tb.t.Helper()
	tb.do("clicking "+what+" ("+css+")", chromedp.Click(chromedp.CSS(css)))
}

// choosePreset picks a preset in #preset and loads it with "Load
// preset", as a person does.
func (tb *tab) choosePreset(name string) {
	tb.t.Helper()
	ok := mustEval[bool](tb, "choosing preset "+name, fmt.Sprintf(`(() => {
		const s = document.getElementById('preset');
		if (!s || ![...s.options].some(o => o.value === %[1]s)) return false;
		s.value = %[1]s;
		s.dispatchEvent(new Event('input', {bubbles: true}));
		s.dispatchEvent(new Event('change', {bubbles: true}));
		// Choosing loads nothing: "Load preset" does.
		const b = document.getElementById('preset-load');
		if (!b) return false;
		b.click();
		return true;
	})()`, strconv.Quote(name)))
	if !ok {
		tb.t.Fatalf("no select#preset with an option %q; the page showed %s", name, tb.status())
	}
}

// screenshot saves a full-page PNG as name in the screenshot directory and
// returns its path.
func (tb *tab) screenshot(name string) string {
	tb.t.Helper()
	dir := os.Getenv("SCREEN_DIR")
	if dir == "" {
		dir = "/tmp/screens"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatalf("screenshot directory: %v", err)
	}
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Fatalf("taking the screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		tb.t.Fatalf("saving the screenshot: %v", err)
	}
	return path
}

// download clicks the element css and returns the file it downloads. The
// browser saves downloads into a fresh directory for each call.
func (tb *tab) download(what, css string) (name string, data []byte) {
	tb.t.Helper()
	dir := allowDownloads(tb)
	tb.click(what, css)

	deadline := time.Now().Add(waitTimeout)
	lastSize := int64(-1)
	for {
		entries, _ := os.ReadDir(dir)
		var done []os.DirEntry
		partial := false
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".crdownload") {
				partial = true
				continue
			}
			done = append(done, e)
		}
		if len(done) > 1 {
			tb.t.Fatalf("%s downloaded %d files, want 1: %v", what, len(done), done)
		}
		if len(done) == 1 && !partial {
			info, err := done[0].Info()
			if err == nil && info.Size() == lastSize && lastSize > 0 {
				data, err := os.ReadFile(filepath.Join(dir, done[0].Name()))
				if err != nil {
					tb.t.Fatal(err)
				}
				return done[0].Name(), data
			}
			if err == nil {
				lastSize = info.Size()
			}
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("waiting %v for the download of %s (%s): none arrived in %s (it holds %v); the page showed %s",
				waitTimeout, what, css, dir, entries, tb.status())
		}
		time.Sleep(pollEvery)
	}
}

// shareURL returns the page's link for scenario s, under the test site.
func shareURL(t *testing.T, s model.Scenario) string {
	t.Helper()
	code, err := model.EncodeURL(s)
	if err != nil {
		t.Fatalf("model.EncodeURL: %v", err)
	}
	return siteURL + "#s=" + code
}

// preset returns a fresh copy of the named preset's scenario.
func preset(t *testing.T, name string) model.Scenario {
	t.Helper()
	p, ok := model.PresetByName(name)
	if !ok {
		t.Fatalf("no preset %q", name)
	}
	return p.Scenario
}

// keys returns the sorted keys of a map.
func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
