package e2e

import (
	"context"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"rolloutplanner/internal/headline"
	"rolloutplanner/planner"
)

// prerenderedCards reads the cards that the static site carries in its
// index.html: card id → metric → data-value.
func prerenderedCards(t *testing.T) map[string]map[string]string {
	t.Helper()
	resp, err := http.Get(siteURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	html := string(body)
	if !strings.Contains(html, `data-prerendered="`) {
		t.Fatal("index.html carries no pre-rendered results")
	}
	out := map[string]map[string]string{}
	cardRE := regexp.MustCompile(`<article[^>]*\sid="(card-[a-z0-9-]+)"`) // go-app writes attributes in any order
	tagRE := regexp.MustCompile(`<[^>]*data-metric="([^"]+)"[^>]*>`)
	valueRE := regexp.MustCompile(`data-value="([^"]*)"`)
	locs := cardRE.FindAllStringSubmatchIndex(html, -1)
	for i, loc := range locs {
		end := len(html)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		m := map[string]string{}
		for _, tag := range tagRE.FindAllStringSubmatch(html[loc[1]:end], -1) {
			if v := valueRE.FindStringSubmatch(tag[0]); v != nil {
				m[tag[1]] = v[1]
			}
		}
		out[html[loc[2]:loc[3]]] = m
	}
	return out
}

// TestPrerenderedEqualsLive: the default page's pre-rendered cards hold
// exactly the figures of the live page's own run, and the live page ran
// it in the workers that its first script (web/boot.js) started.
func TestPrerenderedEqualsLive(t *testing.T) {
	pre := prerenderedCards(t)
	if len(pre) == 0 || pre["card-service"]["sla"] == "" {
		t.Fatalf("no pre-rendered service SLA figure: %v", pre)
	}
	tb := newTab(t, true)
	tb.open(siteURL)
	live := tb.cards()
	// cards() also lists the metrics' definitions (ids card-…-def), which
	// hold no figures.
	maps.DeleteFunc(live, func(_ string, m map[string]string) bool { return len(m) == 0 })
	if !maps.EqualFunc(pre, live, maps.Equal) {
		t.Errorf("pre-rendered cards differ from the live run's:\npre  %v\nlive %v", pre, live)
	}
	if !mustEval[bool](tb, "reading the boot run", `!!(window.rolloutBoot && window.rolloutBoot.adopted)`) {
		t.Error("the page did not adopt the workers web/boot.js started")
	}
}

// TestLinkHidesPrerendered: under a link to another scenario the default
// preset's pre-rendered figures are never visible, and the page shows
// the link's own run.
func TestLinkHidesPrerendered(t *testing.T) {
	s := preset(t, "seed-example")
	s.Seed, s.Trials = 4242, 3000
	tb := newTab(t, true)
	tb.do("opening the link", chromedp.Navigate(shareURL(t, s)))
	const hidden = `(() => { const p = document.getElementById('planner');
		if (p && p.dataset.live === '1') return 'live';
		const r = document.querySelector('[data-prerendered]');
		if (!r) return 'none';
		return document.documentElement.dataset.boot + ':' + (r.checkVisibility() ? 'visible' : 'hidden'); })()`
	if got := mustEval[string](tb, "checking the pre-rendered results", hidden); got != "link:hidden" && got != "live" && got != "none" && got != "estimate:visible" {
		t.Errorf("under a link the pre-rendered results are %q, want hidden (link:hidden) or the link's own (estimate:visible, TestBootCardsBeforeThePage)", got)
	}
	tb.waitDone("the link's run")
	pre, live := prerenderedCards(t), tb.cards()
	if live["card-service"]["sla"] == "" || maps.EqualFunc(pre, live, maps.Equal) {
		t.Errorf("the link's page shows the pre-rendered default figures: %v", live)
	}
}

// heldWasm serves the site as the shared server does, except that every
// request for app.wasm waits until release is called: the page then
// stays in its pre-rendered form, with only web/boot.js at work.
type heldWasm struct {
	next    http.Handler
	release func()
	held    chan struct{}
	asked   atomic.Int32 // requests for app.wasm
}

func newHeldWasm(next http.Handler) *heldWasm {
	h := &heldWasm{next: next, held: make(chan struct{})}
	h.release = sync.OnceFunc(func() { close(h.held) })
	return h
}

func (h *heldWasm) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/app.wasm") {
		h.asked.Add(1)
		select {
		case <-h.held:
		case <-r.Context().Done():
			return
		}
	}
	h.next.ServeHTTP(w, r)
}

// bootProbeJS records, before the page's scripts run, the first partial
// estimate web/boot.js shows (its trials and its service SLA value).
const bootProbeJS = `(() => {
	window.__bootPartial = null;
	new MutationObserver(() => {
		if (window.__bootPartial) return;
		const r = document.querySelector('.result[data-partial]');
		const c = r && r.querySelector('#card-service [data-metric="sla"]');
		if (c && document.documentElement.dataset.boot === 'estimate')
			window.__bootPartial = {trials: +r.dataset.partial, sla: c.getAttribute('data-value')};
	}).observe(document, {subtree: true, childList: true, attributes: true});
})()`

// TestBootCardsBeforeThePage: under a shared link, web/boot.js shows the
// link's headline cards, the page's own figures for the same trials,
// uncovered, while app.wasm has not even been fetched (it waits for them:
// the gate) and the pre-rendered controls are inert;
// a partial estimate is that of the run's first trials, marked as such;
// role names from the link stay text; the default preset's charts,
// editor and review stay hidden. Once app.wasm arrives the live page
// shows the same figures.
func TestBootCardsBeforeThePage(t *testing.T) {
	s := preset(t, "seed-example")
	s.Seed, s.Trials = 4243, 60000
	s.Roles[0].Name = `<img src=x>web&amp;`
	held := newHeldWasm(siteHandler(siteDir))
	srv := httptest.NewServer(held)
	defer srv.Close()
	defer held.release()
	link := strings.Replace(shareURL(t, s), siteURL, srv.URL+basePath, 1)

	want := map[string]map[string]string{}
	run := func(trials int) planner.Result {
		p := s
		p.Trials = trials
		acc, err := planner.Run(context.Background(), p, planner.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return acc.Result()
	}
	for _, c := range headline.Cards(run(s.Trials)) {
		m := map[string]string{}
		for _, x := range c.Metrics {
			m[x.Key] = x.Exact
		}
		want["card-"+c.Key] = m
	}

	tb := newTab(t, true)
	tb.do("installing the boot probe", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: bootProbeJS})
		return err
	}))
	tb.do("opening the link", chromedp.Navigate(link))
	tb.waitJS("web/boot.js's cards of all the link's trials",
		`(() => { const r = document.querySelector('.result'), c = document.querySelector('#card-service [data-metric="sla"]');
			return document.documentElement.dataset.boot === 'estimate' && !!r && !r.hasAttribute('data-partial') && !!c && c.checkVisibility(); })()`, waitTimeout)
	if live := mustEval[bool](tb, "reading data-live", `document.getElementById('planner').dataset.live === '1'`); live {
		t.Fatal("the page went live although app.wasm was held: the test saw no boot.js cards")
	}
	got := tb.cards()
	maps.DeleteFunc(got, func(_ string, m map[string]string) bool { return len(m) == 0 })
	if !maps.EqualFunc(got, want, maps.Equal) {
		t.Errorf("boot.js's cards differ from a native run of the link's scenario:\n got %v\nwant %v", got, want)
	}
	if held.asked.Load() != 1 {
		t.Errorf("app.wasm requested %d times once the first answer was shown, want 1 (after the gate opened)", held.asked.Load())
	}
	shown := mustEval[map[string]any](tb, "reading what boot.js shows", `(() => {
		const vis = (css) => { const e = document.querySelector(css); return !!e && e.checkVisibility({visibilityProperty: true}); };
		const c = document.querySelector('#card-service [data-metric="sla"] .value'), r = c.getBoundingClientRect();
		const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		const t = document.querySelector('#card-role-0 .card-title');
		return {title: t ? t.textContent.trim() : '', imgs: document.querySelectorAll('.cards img').length,
			charts: vis('.result .charts'), editor: vis('.editor input'), review: vis('#review'),
			uncovered: !!hit && c.contains(hit), inert: !!document.querySelector('.editor').inert,
			trials: document.getElementById('run-trials').dataset.value};
	})()`)
	if shown["title"] != s.Roles[0].Name || shown["imgs"] != float64(0) {
		t.Errorf("role 0's title is %q with %v images, want the text %q", shown["title"], shown["imgs"], s.Roles[0].Name)
	}
	if shown["uncovered"] != true {
		t.Error("the SLA figure is covered (go-app's loader?): the browser does not show it")
	}
	if shown["inert"] != true {
		t.Error("the pre-rendered editor is not inert before the page has loaded")
	}
	if shown["charts"] == true || shown["editor"] == true || shown["review"] == true {
		t.Errorf("the default preset's charts, editor or review are visible under the link: %v", shown)
	}
	if shown["trials"] != strconv.Itoa(s.Trials) {
		t.Errorf("the run bar says %v trials, want %d", shown["trials"], s.Trials)
	}
	partial := mustEval[map[string]any](tb, "reading the boot probe", `window.__bootPartial || {}`)
	if n, ok := partial["trials"].(float64); ok {
		wantSLA := headline.Exact(run(int(n)).Service.SLACompliance.P)
		if partial["sla"] != wantSLA || int(n) >= s.Trials {
			t.Errorf("boot.js's partial estimate of %v trials has SLA %v; the native run of its first %v trials has %s", n, partial["sla"], n, wantSLA)
		}
	} else {
		t.Logf("boot.js showed no partial estimate before the whole run (a fast machine): only the complete cards were checked")
	}

	held.release()
	tb.waitDone("the live page after app.wasm was released")
	got = tb.cards()
	maps.DeleteFunc(got, func(_ string, m map[string]string) bool { return len(m) == 0 })
	if !maps.EqualFunc(got, want, maps.Equal) {
		t.Errorf("the live page's cards differ from boot.js's:\n got %v\nwant %v", got, want)
	}
}
