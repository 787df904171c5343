package e2e

import (
	"io"
	"maps"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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
	if got := mustEval[string](tb, "checking the pre-rendered results", hidden); got != "link:hidden" && got != "live" && got != "none" {
		t.Errorf("under a link the pre-rendered results are %q, want hidden (link:hidden)", got)
	}
	tb.waitDone("the link's run")
	pre, live := prerenderedCards(t), tb.cards()
	if live["card-service"]["sla"] == "" || maps.EqualFunc(pre, live, maps.Equal) {
		t.Errorf("the link's page shows the pre-rendered default figures: %v", live)
	}
}
