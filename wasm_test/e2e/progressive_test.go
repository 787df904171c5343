package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// partialJS reads the partial estimate on screen, if any: the trials it
// summarises (data-partial), the run's state, the service's SLA
// compliance and P95 bad minutes (data-value) and the note; "" when none
// is shown.
const partialJS = `(() => {
	const r = document.querySelector('.result[data-partial]');
	const p = document.getElementById('planner');
	if (!r || !p || p.dataset.live !== '1') return '';
	const v = (m) => { const e = r.querySelector('#card-service [data-metric="' + m + '"]'); return e ? e.dataset.value : ''; };
	const note = document.getElementById('partial-note');
	return [r.dataset.partial, p.dataset.state, v('sla'), v('bad-p95'), note ? note.textContent : ''].join('|');
})()`

// TestProgressiveLink: a shared 100,000-trial link shows an estimate of
// the run's first trials, marked partial, while the run is still under
// way; that estimate's SLA compliance is a native run's of as many
// trials (rollout -json -trials k), and the final figures are the full
// run's, unmarked.
func TestProgressiveLink(t *testing.T) {
	s := preset(t, "seed-example")
	s.Seed, s.Trials = 9090, 100000
	tb := newTab(t, true)
	start := time.Now()
	tb.do("opening the 100,000-trial link", chromedp.Navigate(shareURL(t, s)))
	var seen string
	deadline := time.Now().Add(longWaitTimeout)
	for seen == "" && time.Now().Before(deadline) {
		got, err := eval[string](tb, partialJS)
		if err == nil && got != "" {
			seen = got
			break
		}
		if done, _ := eval[bool](tb, liveDoneJS); done {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if seen == "" {
		t.Fatalf("no partial estimate before the run ended; the page showed %s", tb.status())
	}
	report(t, "100,000-trial link: first (partial) estimate after %d ms: %s", time.Since(start).Milliseconds(), seen)
	f := strings.SplitN(seen, "|", 5)
	k, err := strconv.Atoi(f[0])
	if err != nil || k <= 0 || k >= s.Trials {
		t.Fatalf("data-partial = %q, want a trial count below %d", f[0], s.Trials)
	}
	if f[1] != "running" {
		t.Errorf("the partial estimate is shown with data-state=%q, want running", f[1])
	}
	if sla, p95 := nativeValues(t, s, k); f[2] != sla || f[3] != p95 {
		t.Errorf("the partial estimate of %d trials shows SLA %s and P95 bad minutes %s; rollout -json -trials %d gives %s and %s",
			k, f[2], f[3], k, sla, p95)
	}
	if !strings.Contains(f[4], "of 100") {
		t.Errorf("the partial estimate's note %q does not say it is an estimate from part of the trials", f[4])
	}

	tb.waitJS("the 100,000-trial run to finish (data-state=done)", liveDoneJS, longWaitTimeout)
	if left, _ := eval[string](tb, partialJS); left != "" {
		t.Errorf("after the run the results are still marked partial: %s", left)
	}
	final := tb.cards()["card-service"]
	if sla, p95 := nativeValues(t, s, s.Trials); final["sla"] != sla || final["bad-p95"] != p95 {
		t.Errorf("the final SLA compliance and P95 bad minutes are %s and %s, the full native run's %s and %s",
			final["sla"], final["bad-p95"], sla, p95)
	}
}

// nativeValues are the service's SLA compliance and P95 bad minutes of a
// native run of n trials of s, as the cards write them (data-value).
func nativeValues(t *testing.T, s model.Scenario, n int) (sla, p95 string) {
	t.Helper()
	s.Trials = n
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := acc.Result().Service
	return strconv.FormatFloat(m.SLACompliance.P, 'g', -1, 64), strconv.FormatFloat(m.BadMinutes.P95, 'g', -1, 64)
}

// chartsJS reads where the charts on screen were drawn (data-charts-by)
// and their markup.
const chartsJS = `(() => { const c = document.querySelector('.result .charts');
	return c ? [c.dataset.chartsBy || '', String(c.querySelectorAll('svg').length), c.innerHTML] : ['', '0', '']; })()`

// TestChartWorker: once the first figure is on screen the page starts its
// chart worker, and later runs' charts are drawn there (data-charts-by=
// "worker"), identical to those the page drew itself for the same
// scenario.
func TestChartWorker(t *testing.T) {
	tb := newTab(t, true)
	tb.open(siteURL)
	first := mustEval[[]string](tb, "reading the charts", chartsJS)
	if first[0] == "" || first[1] == "0" {
		t.Fatalf("no charts on the default page: by %q, %s SVGs", first[0], first[1])
	}
	trials := preset(t, "seed-example").Trials
	// The worker loads in the background: rerun until a run's charts come
	// from it.
	by := ""
	for i := 0; i < 20 && by != "worker"; i++ {
		n := strconv.Itoa(3000 + i)
		tb.setField("trials", n)
		tb.waitJS("the run of "+n+" trials", `(() => { const e = document.getElementById('run-trials');
			return !!e && e.getAttribute('data-value') === '`+n+`'; })() && `+liveDoneJS, longWaitTimeout)
		by = mustEval[[]string](tb, "reading the charts", chartsJS)[0]
		if by != "worker" {
			time.Sleep(500 * time.Millisecond)
		}
	}
	if by != "worker" {
		t.Fatalf("after 20 runs the charts are still drawn by %q, not the chart worker", by)
	}
	n := strconv.Itoa(trials)
	tb.setField("trials", n)
	tb.waitJS("the run of "+n+" trials", `(() => { const e = document.getElementById('run-trials');
		return !!e && e.getAttribute('data-value') === '`+n+`'; })() && `+liveDoneJS, longWaitTimeout)
	again := mustEval[[]string](tb, "reading the charts", chartsJS)
	if again[0] != "worker" || again[1] != first[1] {
		t.Errorf("the default scenario's charts redrawn by %q (%s SVGs), want the worker's %s SVGs", again[0], again[1], first[1])
	}
	if first[0] == "page" && again[2] != first[2] {
		t.Errorf("the chart worker's charts differ from the page's for the same scenario (%d vs %d bytes of markup)", len(again[2]), len(first[2]))
	}
}
