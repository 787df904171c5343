package e2e

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// compareReadyJS is true once the live page shows a finished run and the
// A/B section with B − A of the service's SLA compliance and the overlaid
// chart drawn for the results on screen.
const compareReadyJS = `(() => {
	const p = document.getElementById('planner'), c = document.getElementById('compare');
	return !!p && p.dataset.live === '1' && p.dataset.state === 'done' && !!c && !c.classList.contains('stale') &&
		!!c.querySelector('[data-delta="sla"]') && !!document.querySelector('figure#chart-compare-bad-minutes svg');
})()`

// TestCompareAB pins the seed example as A, edits it into B (warm-up in
// OnStart, 4 instances), and expects the comparison: SLA compliance
// better by a positive B − A and both bad-minutes CDFs in one chart. The
// share link then carries both scenarios: opened in a fresh browser
// context it restores A and B and compares them again (A's trials rerun
// from its scenario). A link with a broken a= drops only A, with a
// message.
func TestCompareAB(t *testing.T) {
	tb := newTab(t, false)
	tb.open(shareURL(t, preset(t, "seed-example")))
	tb.click("Pin as A", "#pin-a")
	tb.waitJS("the A/B section after Pin as A", `!!document.getElementById('compare') && !!document.getElementById('unpin-a')`, waitTimeout)

	tb.click("warm-up in OnStart", "#"+fieldID("roles[0].warmup_in_onstart"))
	tb.setField("roles[0].instances", "4")
	tb.waitJS("B's form: warm-up in OnStart and 4 instances",
		fmt.Sprintf(`(() => { const n = document.getElementById(%q), w = document.getElementById(%q);
			return !!n && !!w && n.value === '4' && w.checked; })()`,
			fieldID("roles[0].instances"), fieldID("roles[0].warmup_in_onstart")), waitTimeout)
	tb.waitJS("the comparison of A with the edited B", compareReadyJS+` && !!document.querySelector('[data-delta="sla"]') &&
		+document.querySelector('[data-delta="sla"]').dataset.value > 0`, waitTimeout)
	sla := tb.delta("sla")
	if !(sla > 0) {
		t.Errorf("B − A of SLA compliance is %v, want > 0", sla)
	}
	if d := tb.delta("bad-mean"); !(d < 0) {
		t.Errorf("B − A of the mean bad minutes is %v, want < 0 (B has fewer)", d)
	}
	if cls := mustEval[string](tb, "reading the SLA delta's class", `document.querySelector('[data-delta="sla"]').className`); !strings.Contains(cls, "better") {
		t.Errorf("the SLA delta's class is %q, want it marked better", cls)
	}
	t.Logf("B − A: SLA compliance %+.4f, mean bad minutes %+.1f; screenshot %s", sla, tb.delta("bad-mean"), tb.screenshot("compare.png"))

	// The share link carries s= and a=.
	tb.waitJS("a share link with both scenarios", `/[#&]s=v2\./.test(document.getElementById('share-link').value) &&
		/[#&]a=v2\./.test(document.getElementById('share-link').value)`, waitTimeout)
	link := mustEval[string](tb, "reading #share-link", `document.getElementById('share-link').value`)

	fresh := newTab(t, true)
	fresh.do("opening the share link", chromedp.Navigate(link))
	fresh.waitJS("A and B restored from the link, compared again", compareReadyJS, longWaitTimeout)
	if got := fresh.delta("sla"); math.Abs(got-sla) > 1e-12 {
		t.Errorf("the restored comparison's SLA delta is %v, want %v as before", got, sla)
	}
	if n := mustEval[string](fresh, "reading the instances", fmt.Sprintf(`document.getElementById(%q).value`, fieldID("roles[0].instances"))); n != "4" {
		t.Errorf("the restored B has %s instances, want 4", n)
	}

	// A broken a= drops A only.
	s, _, _ := strings.Cut(link, "&a=")
	bad := newTab(t, true)
	bad.open(s + "&a=v1.garbage")
	bad.waitJS("a notice about the pinned scenario", `document.getElementById('notice').textContent.includes('pinned scenario A')`, waitTimeout)
	if mustEval[bool](bad, "looking for the A/B section", `!!document.getElementById('compare')`) {
		t.Error("a broken a= still shows the comparison")
	}
	if n := mustEval[string](bad, "reading the instances", fmt.Sprintf(`document.getElementById(%q).value`, fieldID("roles[0].instances"))); n != "4" {
		t.Errorf("with a broken a= B has %s instances, want the link's 4", n)
	}
}

// TestCalibrateWarmup pastes 200 lognormal-ish warm-up times into the
// warm-up's "Fit to data…" box, fits them, keeps the best fit and expects
// the warm-up to become lognormal or Weibull with no problem shown.
func TestCalibrateWarmup(t *testing.T) {
	tb := newTab(t, false)
	tb.open(shareURL(t, preset(t, "seed-example")))
	const path = "roles[0].warmup"
	kindID := fieldID(path + ".kind")
	// Start from a fixed warm-up, so that the kind visibly changes.
	tb.do("choosing a fixed warm-up", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const s = document.getElementById(%q);
		s.value = 'fixed'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`, kindID)))
	tb.waitJS("a fixed warm-up", fmt.Sprintf(`document.getElementById(%q).value === 'fixed'`, kindID), waitTimeout)

	tb.fitDurations(path)
	if ks := mustEval[int](tb, "counting the KS values", `document.querySelectorAll('.fit-table tbody tr').length`); ks < 2 {
		t.Errorf("the fit table lists %d families, want lognormal, Weibull and gamma", ks)
	}
	t.Logf("fit box: %s", tb.screenshot("fit.png"))
	tb.click("Use best fit", `button[data-fit-keep="`+path+`"]`)
	tb.waitJS("the warm-up kind changed by the fit, and a finished run", fmt.Sprintf(`(() => { const k = document.getElementById(%q).value;
		return (k === 'lognormal' || k === 'weibull') && document.getElementById('planner').dataset.state === 'done'; })()`, kindID), waitTimeout)
	problems := mustEval[string](tb, "reading the warm-up's problems",
		`[...document.querySelectorAll('.dist[data-dist="`+path+`"] .problem')].map(e => e.textContent).join('; ')`)
	if problems != "" {
		t.Errorf("the warm-up shows problems after the fit: %s", problems)
	}
}

// fitDurations opens the "Fit to data…" box of the distribution at path,
// pastes 200 lognormal-ish durations (median 3 minutes, seeded) and fits
// them, and waits for the fit chart.
func (tb *tab) fitDurations(path string) {
	tb.t.Helper()
	r := rand.New(rand.NewPCG(4, 2))
	var text strings.Builder
	for range 200 {
		text.WriteString(strconv.FormatFloat(math.Exp(math.Log(3)+0.5*r.NormFloat64()), 'f', 2, 64) + "\n")
	}
	tb.click("Fit to data…", `button[data-fit-open="`+path+`"]`)
	input := `textarea[data-fit-input="` + path + `"]`
	tb.waitJS("the fit box", `!!document.querySelector('`+input+`')`, waitTimeout)
	tb.do("pasting 200 durations", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const t = document.querySelector('%s');
		t.value = %s; t.dispatchEvent(new Event('input', {bubbles: true})); t.dispatchEvent(new Event('change', {bubbles: true})); })()`,
		input, strconv.Quote(text.String()))))
	tb.click("Fit", `button[data-fit-run="`+path+`"]`)
	tb.waitJS("the fit chart", `!!document.querySelector('figure#chart-fit svg') && !!document.querySelector('button[data-fit-keep="`+path+`"]')`, waitTimeout)
}

// delta returns B − A of one metric of the comparison.
func (tb *tab) delta(key string) float64 {
	tb.t.Helper()
	s := mustEval[string](tb, "reading the delta "+key, fmt.Sprintf(`(() => { const e = document.querySelector('[data-delta=%q]');
		return e ? e.getAttribute('data-value') : ''; })()`, key))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		tb.t.Fatalf("[data-delta=%q] has data-value %q: %v; the page showed %s", key, s, err, tb.status())
	}
	return v
}
