package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// cspProbeJS runs before the page's own scripts and records every
// Content-Security-Policy violation in window.__cspViolations.
const cspProbeJS = `(() => {
	window.__cspViolations = [];
	document.addEventListener('securitypolicyviolation', (e) => {
		window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)') +
			(e.sourceFile ? ' at ' + e.sourceFile + ':' + e.lineNumber : ''));
	});
})()`

// installCSPProbe makes every later navigation of the tab record CSP
// violations.
func (tb *tab) installCSPProbe() {
	tb.t.Helper()
	tb.do("installing the CSP probe", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspProbeJS})
		return err
	}))
}

// TestContentSecurityPolicy opens the site (built for the sub-path, as
// every e2e test) under its Content-Security-Policy <meta>: the page
// starts, runs, takes an edit committed with Enter (the fields' forms
// cancel their submit from Go, with no inline handler), exports a chart as PNG (a blob and a
// data: image) and the results as JSON (a blob download), and the browser
// reports no violation. Then it checks that the policy is in force: an
// inline script and a connection to another origin are refused, each with
// a violation event (so the probe would see real ones). (eval cannot be
// checked from here: DevTools' own evaluation is exempt from the policy;
// cmd/web's TestGenerate checks that script-src allows no eval.)
func TestContentSecurityPolicy(t *testing.T) {
	tb := newTab(t, true) // a fresh profile: the page, its workers and its service worker from the network
	tb.installCSPProbe()
	tb.open(siteURL)

	csp := mustEval[string](tb, "reading the CSP <meta>",
		`(document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {content: ''}).content`)
	if strings.Contains(csp, "unsafe-hashes") {
		t.Errorf("the page's CSP <meta> %q allows inline handlers by hash", csp)
	}
	for _, want := range []string{"script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "connect-src 'self'", "base-uri 'self'", "form-action 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("the page's CSP <meta> %q lacks %s", csp, want)
		}
	}

	// An edit committed with Enter inside the field's form.
	id := fieldID("trials")
	tb.do("typing 3000 and Enter into #"+id,
		chromedp.WaitVisible(chromedp.ID(id)),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('`+id+`').value = ''`),
		chromedp.SendKeys(chromedp.ID(id), "3000\r"),
		chromedp.Blur(chromedp.ID(id)),
	)
	tb.waitJS("a finished run of 3000 trials", `(() => { const p = document.getElementById('planner'), g = document.getElementById('run-progress');
		return !!p && p.dataset.live === '1' && p.dataset.state === 'done' && !!g && g.dataset.total === '3000'; })()`, waitTimeout)
	if u := mustEval[string](tb, "reading the address", `location.href`); !strings.HasPrefix(u, siteURL) || strings.Contains(u, "?") {
		t.Errorf("Enter in a field navigated to %s", u)
	}

	if _, data := tb.download("a chart's PNG export", `button[data-export="png"]`); len(data) == 0 {
		t.Errorf("the PNG export is empty")
	}
	if _, data := tb.download("the JSON export", "#export-json"); len(data) == 0 {
		t.Errorf("the JSON export is empty")
	}

	if v := mustEval[[]string](tb, "reading the CSP violations", `window.__cspViolations`); len(v) > 0 {
		t.Errorf("the page caused %d CSP violations:\n  %s", len(v), strings.Join(v, "\n  "))
	}

	// The policy is in force. Each refusal below also logs a console error,
	// which this tab would count as the page's: they are expected, so they
	// are dropped from its problems after the check.
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	defer cancel()
	probe, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(async () => {
		const out = {};
		window.__cspViolations = [];
		const s = document.createElement('script');
		s.textContent = 'window.__inlineRan = true';
		document.head.appendChild(s);
		out.inlineRan = !!window.__inlineRan;
		try { await fetch('http://127.0.0.2:9/'); out.remoteFetched = true; } catch (e) { out.remoteFetched = false; }
		await new Promise(r => setTimeout(r, 200));
		out.violations = window.__cspViolations.length;
		return out;
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("breaking the policy on purpose: %v", err)
	}
	for _, k := range []string{"inlineRan", "remoteFetched"} {
		if probe[k] != false {
			t.Errorf("%s = %v: the page's CSP does not refuse it", k, probe[k])
		}
	}
	if n, _ := probe["violations"].(float64); n < 2 {
		t.Errorf("the deliberate breaches raised %v securitypolicyviolation events, want 2: the probe would miss real ones", probe["violations"])
	}
	time.Sleep(500 * time.Millisecond) // let the refusals' console events arrive
	tb.mu.Lock()
	var keep []string
	for _, p := range tb.problems {
		if !strings.Contains(p, "Content Security Policy") && !strings.Contains(p, "127.0.0.2") && !strings.Contains(p, "Failed to fetch") && !strings.Contains(p, "ERR_BLOCKED") {
			keep = append(keep, p)
		}
	}
	tb.problems = keep
	tb.mu.Unlock()
}
