package e2e

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"rolloutplanner/planner"
)

// JavaScript for the runs of 100,000 trials.
const (
	// runningJS is true while a run is under way with some trials done.
	runningJS = `(() => {
		const p = document.getElementById('planner'), g = document.getElementById('run-progress');
		return !!p && p.dataset.state === 'running' && !!g && +g.dataset.done > 0 && +g.dataset.done < +g.dataset.total;
	})()`

	// bigRunStartedJS is true once the 100,000-trial run runs or is done.
	bigRunStartedJS = `(() => {
		const p = document.getElementById('planner'), g = document.getElementById('run-progress');
		if (!p) return false;
		return p.dataset.state === 'running' || (p.dataset.state === 'done' && !!g && g.dataset.total === '100000');
	})()`

	// gapProbeJS records in window.__maxGap the longest gap, in ms, between
	// two ticks of a 5 ms timer: how long the main thread was busy at once.
	// window.__stalls lists the gaps above 50 ms with the run's state and
	// progress before and after each, to tell where the page blocks.
	gapProbeJS = `(() => {
		const look = () => {
			const p = document.getElementById('planner'), g = document.getElementById('run-progress');
			return (p ? p.dataset.state : '?') + ' ' + (g ? g.dataset.done + '/' + g.dataset.total : '');
		};
		window.__maxGap = 0;
		window.__stalls = [];
		const t0 = performance.now();
		let last = t0, seen = look();
		window.__gapProbe = setInterval(() => {
			const now = performance.now(), gap = now - last, state = look();
			window.__maxGap = Math.max(window.__maxGap, gap);
			if (gap > 50) window.__stalls.push(Math.round(gap) + ' ms ending at ' + Math.round(now - t0) + ' ms (' + seen + ' → ' + state + ')');
			last = now;
			seen = state;
		}, 5);
	})()`

	gapReadJS = `(() => { clearInterval(window.__gapProbe); return window.__maxGap; })()`
)

// TestExports downloads a chart as SVG and PNG and the result as JSON: the
// SVG is XML with an <svg> root, the PNG decodes, and the JSON has the
// numbers of a native planner.Run of the same scenario and seed byte for
// byte (the promise "numbers identical to rollout -json").
func TestExports(t *testing.T) {
	s := preset(t, "seed-example")
	tb := newTab(t, false)
	tb.open(shareURL(t, s))

	chart := mustEval[string](tb, "finding a chart", `(() => {
		const f = document.querySelector('figure.chart');
		return f ? f.id.replace(/^chart-/, '') : '';
	})()`)
	if chart == "" {
		t.Fatalf("no figure.chart on the page; the page showed %s", tb.status())
	}

	name, data := tb.download("the SVG export of chart "+chart, fmt.Sprintf(`button[data-export="svg"][data-chart=%q]`, chart))
	if root, err := xmlRoot(data); err != nil {
		t.Errorf("the SVG export %s is not well-formed XML: %v", name, err)
	} else if root != "svg" {
		t.Errorf("the SVG export %s has the root element <%s>, want <svg>", name, root)
	}
	t.Logf("SVG export: %s, %d bytes", name, len(data))

	name, data = tb.download("the PNG export of chart "+chart, fmt.Sprintf(`button[data-export="png"][data-chart=%q]`, chart))
	if img, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("the PNG export %s does not decode: %v", name, err)
	} else if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
		t.Errorf("the PNG export %s is %d×%d pixels, too small for a chart", name, b.Dx(), b.Dy())
	} else {
		t.Logf("PNG export: %s, %d×%d pixels, %d bytes", name, b.Dx(), b.Dy(), len(data))
	}

	name, data = tb.download("the JSON export", "#export-json")
	var got bytes.Buffer
	if err := json.Compact(&got, data); err != nil {
		t.Fatalf("the JSON export %s is not JSON: %v\n%s", name, err, tail(string(data), 2000))
	}
	var head struct {
		Trials int `json:"trials"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		t.Fatalf("the JSON export %s: %v", name, err)
	}
	if head.Trials != s.Trials {
		t.Logf("the page ran %d trials (the scenario asks for %d): comparing with a native run of as many", head.Trials, s.Trials)
		s.Trials = head.Trials
	}
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatalf("planner.Run: %v", err)
	}
	res := acc.Result()
	want, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		i := firstDiff(got.Bytes(), want)
		t.Errorf("the JSON export %s differs from planner.Run + json.Marshal at byte %d (whitespace removed):\n  page:   …%s…\n  native: …%s…",
			name, i, around(got.Bytes(), i), around(want, i))
	} else {
		t.Logf("JSON export: %s, %d bytes, the numbers of a native run of %d trials", name, len(data), s.Trials)
	}
	// The file is json.Marshal's bytes; rollout -json's indented layout
	// (app/dom.go's promise) is accepted too.
	var rollout bytes.Buffer
	enc := json.NewEncoder(&rollout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		t.Fatal(err)
	}
	switch {
	case bytes.Equal(data, want):
		t.Logf("the JSON export is byte for byte json.Marshal(planner.Run(…).Result())")
	case bytes.Equal(data, rollout.Bytes()):
		t.Logf("the JSON export is byte for byte rollout -json's output")
	default:
		t.Errorf("the JSON export %s has the right numbers but neither json.Marshal's nor rollout -json's layout:\n%s", name, tail(string(data), 400))
	}
}

// TestLongRunStall runs 100,000 trials with a 5 ms timer in the page and
// prints the longest gap between its ticks: how long the page was
// unresponsive during the run. It also prints the time to first result of
// the default page with a warm cache. It asserts no timing.
func TestLongRunStall(t *testing.T) {
	tb := newTab(t, false)
	tb.probeFirstResult()
	// The default scenario by its link: the bare URL reopens the last
	// scenario of the shared profile, another test's.
	tb.open(shareURL(t, preset(t, "seed-example")))
	report(t, "time to first result for the default page (warm cache): %d ms", tb.firstResult().Milliseconds())

	mustEval[chromedp.Void](tb, "installing the timer probe", gapProbeJS)
	start := time.Now()
	tb.setField("trials", "100000")
	tb.waitJS("the 100,000-trial run to start", bigRunStartedJS, waitTimeout)
	tb.waitJS("the 100,000-trial run to finish (data-state=done)", liveDoneJS, longWaitTimeout)
	took := time.Since(start)
	gap := mustEval[float64](tb, "reading the timer probe", gapReadJS)
	report(t, "longest main-thread stall during a 100,000-trial run: %.0f ms", gap)
	stalls := mustEval[[]string](tb, "reading the stalls", `window.__stalls`)
	t.Logf("%d stalls above 50 ms, in order:\n  %s", len(stalls), strings.Join(stalls, "\n  "))
	slices.SortStableFunc(stalls, func(a, b string) int { return cmp.Compare(leadingInt(b), leadingInt(a)) })
	for _, st := range stalls[:min(len(stalls), 3)] {
		report(t, "  stall of %s", st)
	}
	report(t, "100,000-trial run: %.1f s from the edit to the result", took.Seconds())
	if n := mustEval[string](tb, "reading #run-trials", `(() => { const e = document.getElementById('run-trials'); return e ? String(e.getAttribute('data-value')) : '(missing)'; })()`); n != "100000" {
		t.Errorf("after the run #run-trials has data-value %q, want 100000; the page showed %s", n, tb.status())
	}
}

// TestScreenshots saves full-page screenshots of the default page with its
// result and of a 100,000-trial run in progress, then cancels that run.
func TestScreenshots(t *testing.T) {
	tb := newTab(t, false)
	tb.open(shareURL(t, preset(t, "seed-example"))) // the bare URL reopens the last scenario, another test's
	t.Logf("default page with its result: %s", tb.screenshot("default-page.png"))

	tb.setField("trials", "100000")
	tb.waitJS("the 100,000-trial run in progress (data-state=running, 0 < data-done < data-total)", runningJS, waitTimeout)
	t.Logf("run in progress: %s (progress %s)", tb.screenshot("run-in-progress.png"), tb.status().Progress)

	tb.click("Cancel", "#run-cancel")
	tb.waitJS("the cancelled run (data-state=cancelled)", `(() => {
		const p = document.getElementById('planner'); return !!p && p.dataset.state === 'cancelled'; })()`, waitTimeout)
	t.Logf("after Cancel: %s", tb.status())
}

// leadingInt returns the whole number that s starts with ("669 ms …").
func leadingInt(s string) int {
	n, _ := strconv.Atoi(s[:len(s)-len(strings.TrimLeft(s, "0123456789"))])
	return n
}

// xmlRoot returns the local name of the document's root element, after
// reading the whole document to check that it is well-formed.
func xmlRoot(data []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if root == "" {
				return "", errors.New("no element")
			}
			return root, nil
		}
		if err != nil {
			return "", err
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
}

// firstDiff returns the index of the first byte where a and b differ.
func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// around returns up to 60 bytes of b on each side of i.
func around(b []byte, i int) string {
	lo, hi := max(i-60, 0), min(i+60, len(b))
	return string(b[lo:hi])
}
