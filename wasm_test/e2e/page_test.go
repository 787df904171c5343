package e2e

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"testing"
	"time"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// TestDefaultPage opens the site as a first-time visitor: the live page
// shows the service card, a role card with numbers and every chart as
// inline SVG, and it loads nothing from outside its own sub-path (every
// request is under /sub/ on the test server, or a data: or blob: URL).
func TestDefaultPage(t *testing.T) {
	tb := newTab(t, false)
	tb.probeFirstResult()
	tb.open(siteURL)
	report(t, "time to first result for the default page (first visit, fresh profile): %d ms",
		tb.firstResult().Milliseconds())

	cards := tb.cards()
	for _, id := range []string{"card-service", "card-role-0"} {
		m, ok := cards[id]
		if !ok {
			t.Errorf("no #%s; the cards are %v", id, keys(cards))
			continue
		}
		for _, k := range metricKeys {
			v, ok := m[k]
			if !ok {
				t.Errorf("#%s has no [data-metric=%q]", id, k)
				continue
			}
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				t.Errorf("#%s [data-metric=%q] data-value=%q is not a number", id, k, v)
			}
		}
	}

	type figure struct {
		ID       string `json:"id"`
		SVG      bool   `json:"svg"`
		Children int    `json:"children"`
	}
	figs := mustEval[[]figure](tb, "listing the charts", `[...document.querySelectorAll('figure.chart')].map(f => {
		const s = f.querySelector('svg');
		return {id: f.id, svg: !!s, children: s ? s.childElementCount : 0};
	})`)
	if len(figs) == 0 {
		t.Errorf("no figure.chart on the page")
	}
	for _, f := range figs {
		switch {
		case !strings.HasPrefix(f.ID, "chart-"):
			t.Errorf("figure.chart with id %q, want chart-<id>", f.ID)
		case !f.SVG:
			t.Errorf("figure#%s has no inline <svg>", f.ID)
		case f.Children == 0:
			t.Errorf("figure#%s has an empty <svg>", f.ID)
		}
	}
	t.Logf("%d charts: %v", len(figs), figs)

	reqs := tb.snapshot(&tb.requests)
	if len(reqs) == 0 {
		t.Errorf("saw no network request at all: the network events are not recorded")
	}
	for _, u := range reqs {
		switch {
		case strings.HasPrefix(u, siteURL), strings.HasPrefix(u, "data:"), strings.HasPrefix(u, "blob:"):
		case strings.HasPrefix(u, serverURL):
			t.Errorf("request outside the sub-path %s: %s", basePath, u)
		default:
			t.Errorf("remote resource requested: %s", u)
		}
	}
}

// TestSeedExampleWarmupAndInstances walks the planner's headline story on
// the seed example: its web role misses the SLA almost always. Warming up
// inside OnStart alone keeps it missing (the one survivor carries 150 %);
// with 4 instances, one per upgrade domain, the 3 survivors carry exactly
// 100 % and the role meets the SLA almost always (3 instances would still
// overload the survivors). Every number is checked against planner.Run.
func TestSeedExampleWarmupAndInstances(t *testing.T) {
	s := preset(t, "seed-example")
	tb := newTab(t, false)
	tb.open(siteURL)
	tb.choosePreset("seed-example")
	tb.waitJS("seed-example's instances (2) and warm-up after OnStart in the form",
		fmt.Sprintf(`(() => { const n = document.getElementById(%q), w = document.getElementById(%q);
			return !!n && !!w && n.value === '2' && !w.checked; })()`,
			fieldID("roles[0].instances"), fieldID("roles[0].warmup_in_onstart")), waitTimeout)
	tb.waitMetric("card-role-0", "sla", "<", 0.2, waitTimeout)
	tb.waitMetricValue("card-role-0", "sla", nativeSLA(t, s, 0))
	before := tb.metric("card-role-0", "sla")

	tb.click("warm-up in OnStart", "#"+fieldID("roles[0].warmup_in_onstart"))
	s.Roles[0].WarmupInOnStart = true
	tb.waitMetricValue("card-role-0", "sla", nativeSLA(t, s, 0))
	middle := tb.metric("card-role-0", "sla")

	tb.setField("roles[0].instances", "4")
	tb.waitJS("the edited form: warm-up in OnStart ticked and 4 instances",
		fmt.Sprintf(`(() => { const n = document.getElementById(%q), w = document.getElementById(%q);
			return !!n && !!w && n.value === '4' && w.checked; })()`,
			fieldID("roles[0].instances"), fieldID("roles[0].warmup_in_onstart")), waitTimeout)
	s.Roles[0].Instances = 4
	tb.waitMetric("card-role-0", "sla", ">", 0.8, waitTimeout)
	tb.waitMetricValue("card-role-0", "sla", nativeSLA(t, s, 0))
	after := tb.metric("card-role-0", "sla")
	t.Logf("web role's SLA compliance: %v (seed example) → %v (warm-up in OnStart) → %v (and 4 instances)",
		before, middle, after)

	for _, path := range []string{"roles[0].instances", "roles[0].warmup_in_onstart"} {
		if msg := mustEval[string](tb, "reading the problem of "+path,
			fmt.Sprintf(`(() => { const e = document.getElementById(%q); return e ? e.textContent.trim() : ''; })()`,
				fieldID(path)+"-msg")); msg != "" {
			t.Errorf("%s shows the problem %q", path, msg)
		}
	}
}

// nativeSLA returns role i's SLA compliance for s from a native planner.Run,
// formatted as the page's data-value.
func nativeSLA(t *testing.T, s model.Scenario, i int) string {
	t.Helper()
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatalf("planner.Run: %v", err)
	}
	return strconv.FormatFloat(acc.Result().Roles[i].SLACompliance.P, 'g', -1, 64)
}

// TestShareLink opens the page's share link, after an edit, in a fresh
// browser context (no cache, storage or service worker in common) and
// expects every number of every card to be identical.
func TestShareLink(t *testing.T) {
	tb := newTab(t, false)
	tb.open(siteURL)
	tb.setField("trials", "4000")
	tb.waitJS("a finished run of 4000 trials whose share link carries them",
		`(() => { const p = document.getElementById('planner'), l = document.getElementById('share-link');
			return !!p && p.dataset.state === 'done' && !!l && /[#?&]s=v2\./.test(l.value); })()`, waitTimeout)

	// The link follows edits after a short pause: wait for it to carry the edit.
	var link string
	deadline := time.Now().Add(waitTimeout)
	for {
		link = mustEval[string](tb, "reading #share-link", `document.getElementById('share-link').value`)
		if s, err := decodeLink(link); err == nil && s.Trials == 4000 {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("waiting %v for #share-link to carry trials=4000: it is %q (%v, %d trials); the page showed %s",
				waitTimeout, link, err, s.Trials, tb.status())
		}
		time.Sleep(pollEvery)
	}
	if !strings.HasPrefix(link, siteURL) {
		t.Errorf("#share-link %q does not start with the page's address %q", link, siteURL)
	}
	tb.waitDone("the run of 4000 trials")
	want := tb.cards()
	t.Logf("share link: %s", link)

	fresh := newTab(t, true)
	fresh.open(link)
	got := fresh.cards()
	if len(want) == 0 {
		t.Fatalf("no cards on the page that made the link")
	}
	if !maps.EqualFunc(want, got, maps.Equal) {
		for _, id := range keys(mapsUnion(want, got)) {
			if !maps.Equal(want[id], got[id]) {
				t.Errorf("#%s differs:\n  page that made the link: %v\n  page opened from it:    %v", id, want[id], got[id])
			}
		}
	}
	if n := mustEval[string](fresh, "reading the trials field", fmt.Sprintf(`document.getElementById(%q).value`, fieldID("trials"))); n != "4000" {
		t.Errorf("the page opened from the link shows trials %q, want 4000", n)
	}
}

// TestBadLinks opens links that cannot be read: the page says why in
// #notice, in words for people (never the decoder's text), and still works
// on its default scenario.
func TestBadLinks(t *testing.T) {
	for _, tt := range []struct{ code, want string }{
		{"v1.garbage!!", damagedNotice},
		{"v9.AAAA", "This link was made by a newer version of the planner"},
	} {
		t.Run(tt.code, func(t *testing.T) {
			_, decodeErr := model.DecodeURL(tt.code)
			if decodeErr == nil {
				t.Fatalf("model.DecodeURL(%q) accepts the code", tt.code)
			}
			tb := newTab(t, false)
			tb.open(siteURL + "#s=" + tt.code)
			notice := tb.status().Notice
			if !strings.HasPrefix(notice, tt.want) {
				t.Errorf("#notice says %q after opening #s=%s, want it to start %q (model.DecodeURL says: %v)", notice, tt.code, tt.want, decodeErr)
			}
			if strings.Contains(notice, decodeErr.Error()) || strings.Contains(notice, "byte") {
				t.Errorf("#notice %q shows the decoder's text %q", notice, decodeErr)
			}
			if role := mustEval[string](tb, "reading #notice's role", `(document.getElementById('notice') || {}).getAttribute?.('role') || ''`); role != "alert" {
				t.Errorf("#notice has role %q, want alert", role)
			}
			t.Logf("#notice: %s", notice)
			cards := tb.cards()
			for _, id := range []string{"card-service", "card-role-0"} {
				if len(cards[id]) == 0 {
					t.Errorf("no #%s with metrics after a bad link; the cards are %v", id, keys(cards))
				}
			}
		})
	}
}

// TestHostileRoleName opens a link whose role is called like an HTML
// injection: no dialog opens, no <img src=x> exists anywhere in the
// document (SVG included), and the name shows as text in the role card.
func TestHostileRoleName(t *testing.T) {
	const name = `<img src=x onerror=alert(1)>`
	s := preset(t, "seed-example")
	s.Roles[0].Name = name
	tb := newTab(t, false)
	tb.open(shareURL(t, s))
	time.Sleep(500 * time.Millisecond) // a late onerror would open its dialog now

	if d := tb.snapshot(&tb.dialogs); len(d) > 0 {
		t.Errorf("a JavaScript dialog opened: %v", d)
	}
	injected := mustEval[[]string](tb, "looking for injected elements", `(() => {
		const bad = [];
		for (const e of document.querySelectorAll('img, image')) {
			const src = e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('xlink:href') || '';
			if (src.endsWith('x')) bad.push(e.outerHTML);
		}
		for (const e of document.querySelectorAll('[onerror]')) bad.push(e.outerHTML);
		return bad;
	})()`)
	for _, e := range injected {
		t.Errorf("the role name became markup: %s", e)
	}
	text := mustEval[string](tb, "reading the role card", `(document.getElementById('card-role-0') || {}).textContent || ''`)
	if !strings.Contains(text, name) {
		t.Errorf("#card-role-0 does not show the name %q as text; its text is %q", name, text)
	}
}

// report logs a measured figure in the test log and on standard output, so
// that it shows in CI logs; figures are printed, never asserted.
func report(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	t.Log(msg)
	fmt.Println(msg)
}

// decodeLink reads the scenario from a page link's "s=" parameter, in the
// fragment or the query.
func decodeLink(link string) (model.Scenario, error) {
	i := strings.LastIndex(link, "s=v")
	if i < 0 {
		return model.Scenario{}, fmt.Errorf("no s=v… in the link")
	}
	code := link[i+len("s="):]
	if j := strings.IndexAny(code, "&#"); j >= 0 {
		code = code[:j]
	}
	return model.DecodeURL(code)
}

// mapsUnion returns a map with the keys of a and b.
func mapsUnion[V any](a, b map[string]V) map[string]V {
	u := maps.Clone(a)
	maps.Copy(u, b)
	return u
}

// waitMetricValue waits for the live page's finished run to show exactly
// want as a metric's data-value.
func (tb *tab) waitMetricValue(card, key, want string) {
	tb.t.Helper()
	cond := fmt.Sprintf(`(() => {
		const p = document.getElementById('planner');
		if (!p || p.dataset.live !== '1' || p.dataset.state !== 'done') return false;
		const e = document.querySelector('#%s [data-metric="%s"]');
		return !!e && e.dataset.value === %s;
	})()`, card, key, strconv.Quote(want))
	if err := tb.pollJS(cond, waitTimeout); err != nil {
		shown := mustEval[string](tb, "reading "+card+" "+key, fmt.Sprintf(
			`(() => { const e = document.querySelector('#%s [data-metric="%s"]'); return e ? String(e.dataset.value) : '(missing)'; })()`, card, key))
		tb.t.Fatalf("waiting %v for #%s [data-metric=%q] data-value=%q (a native planner.Run's value) in a finished run: %v; it shows %s; the page showed %s",
			waitTimeout, card, key, want, err, shown, tb.status())
	}
}

// waitMetric waits for the live page's finished run to show a metric of a
// card on one side of bound (op is "<" or ">").
func (tb *tab) waitMetric(card, key, op string, bound float64, timeout time.Duration) {
	tb.t.Helper()
	cond := fmt.Sprintf(`(() => {
		const p = document.getElementById('planner');
		if (!p || p.dataset.live !== '1' || p.dataset.state !== 'done') return false;
		const e = document.querySelector('#%s [data-metric="%s"]');
		return !!e && parseFloat(e.dataset.value) %s %v;
	})()`, card, key, op, bound)
	if err := tb.pollJS(cond, timeout); err != nil {
		shown := mustEval[string](tb, "reading "+card+" "+key, fmt.Sprintf(
			`(() => { const e = document.querySelector('#%s [data-metric="%s"]'); return e ? String(e.dataset.value) : '(missing)'; })()`, card, key))
		tb.t.Fatalf("waiting %v for #%s [data-metric=%q] %s %v in a finished run: %v; it shows %s; the page showed %s",
			timeout, card, key, op, bound, err, shown, tb.status())
	}
}
