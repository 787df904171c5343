package e2e

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"rolloutplanner/model"
)

// The browser refusing site data, as scripts that run before the page's
// own: reading window.localStorage throws SecurityError (storage blocked
// for the site, or a sandboxed frame), or getItem and setItem throw
// (storage disabled, no quota).
const (
	storageGetterThrowsJS = `Object.defineProperty(window, 'localStorage', {
		configurable: true, enumerable: true,
		get() { throw new DOMException("Access is denied for this document.", "SecurityError"); },
	});`
	storageMethodsThrowJS = `(() => {
		const deny = function () { throw new DOMException("The operation is insecure.", "SecurityError"); };
		Storage.prototype.getItem = deny;
		Storage.prototype.setItem = deny;
	})();`

	// storageNoticeJS is the storage note's text, "" when absent or hidden.
	storageNoticeJS = `(() => { const n = document.getElementById('storage-notice');
		return n && n.offsetParent !== null ? n.textContent.trim() : ''; })()`

	// damagedNotice starts the notice of a damaged link.
	damagedNotice = "This link is damaged: it may have been cut short when it was copied."
)

// addScript makes every later document of the tab run js before its own
// scripts.
func (tb *tab) addScript(what, js string) {
	tb.t.Helper()
	tb.do("installing "+what, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
		return err
	}))
}

// TestStorageBlocked opens the page in a browser that refuses site data,
// both ways: the page starts and runs, says that the last scenario will
// not be remembered, and a damaged link still gives the damaged-link
// notice and the default preset, and the program keeps running.
func TestStorageBlocked(t *testing.T) {
	good, err := model.EncodeURL(preset(t, "fleet"))
	if err != nil {
		t.Fatal(err)
	}
	cut := good[:len(good)/2]
	for _, tt := range []struct{ name, js string }{
		{"getter throws SecurityError", storageGetterThrowsJS},
		{"getItem and setItem throw", storageMethodsThrowJS},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTab(t, true)
			tb.addScript("the storage refusal", tt.js)
			tb.open(siteURL)
			note := mustEval[string](tb, "reading #storage-notice", storageNoticeJS)
			if !strings.Contains(note, "will not be remembered") {
				t.Errorf("#storage-notice says %q, want that the last scenario will not be remembered; the page showed %s", note, tb.status())
			}
			if n := tb.status().Notice; n != "" {
				t.Errorf("#notice says %q on a plain visit", n)
			}
			// The page ran the default scenario and keeps it in memory.
			tb.setField("trials", "3000")
			tb.waitDone("the run after an edit")

			tb.do("leaving the page", chromedp.Navigate("about:blank"))
			tb.open(siteURL + "#s=" + cut)
			st := tb.status()
			if !strings.HasPrefix(st.Notice, damagedNotice) {
				t.Errorf("#notice says %q, want it to start %q", st.Notice, damagedNotice)
			}
			if !strings.Contains(st.Notice, "The page opened the seed-example preset instead.") {
				t.Errorf("#notice %q does not say which scenario it opened", st.Notice)
			}
			if note := mustEval[string](tb, "reading #storage-notice", storageNoticeJS); note == "" {
				t.Errorf("no #storage-notice after the damaged link")
			}
			// The program still answers: a dismiss hides the notice, an edit runs.
			tb.click("the notice's dismiss button", ".notice .dismiss")
			tb.waitJS("the dismissed notice", `(() => { const n = document.getElementById('notice'); return !!n && n.offsetParent === null; })()`, 5*time.Second)
			tb.setField("trials", "2500")
			tb.waitJS("a finished run of the edit", fmt.Sprintf(`(() => { const p = document.getElementById('planner'), e = document.getElementById(%q);
				return p.dataset.state === 'done' && e.value === '2500'; })()`, fieldID("trials")), waitTimeout)
			if tt.name == "getter throws SecurityError" {
				tb.do("narrowing the window to 1024 px", chromedp.EmulateViewport(1024, 900))
				tb.do("leaving the page", chromedp.Navigate("about:blank"))
				tb.open(siteURL + "#s=" + cut)
				t.Logf("screenshot: %s", tb.screenshot("storage-blocked-damaged-link-1024.png"))
			}
		})
	}
}

// v1Code packs a scenario document as a v1 link code, the way
// model.EncodeURL writes one ("v1." + base64url without padding of its raw
// DEFLATE stream), so that tests can build links EncodeURL would refuse.
func v1Code(t *testing.T, doc string) string {
	t.Helper()
	var buf bytes.Buffer
	zw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write([]byte(doc)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return "v1." + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// wasmStartProbeJS records in window.__wasmStartMs when the page's
// WebAssembly module is instantiated (its Go program starts right after)
// and in window.__noticeMs when #notice first has text.
const wasmStartProbeJS = `(() => {
	const orig = WebAssembly.instantiateStreaming;
	if (orig) WebAssembly.instantiateStreaming = function (...args) {
		return orig.apply(this, args).then(r => { if (window.__wasmStartMs === undefined) window.__wasmStartMs = performance.now(); return r; });
	};
	new MutationObserver((_, obs) => {
		const n = document.getElementById('notice'), p = document.getElementById('planner');
		if (n && p && p.dataset.live === '1' && n.textContent.trim() !== '') { window.__noticeMs = performance.now(); obs.disconnect(); }
	}).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
})()`

// noticeAfterStart opens url in a fresh tab and returns how long after
// the page's program started its notice appeared, and the tab.
func noticeAfterStart(t *testing.T, url string) (time.Duration, *tab) {
	t.Helper()
	tb := newTab(t, true)
	tb.addScript("the start probe", wasmStartProbeJS)
	tb.do("opening "+url[:min(len(url), 80)]+"…", chromedp.Navigate(url))
	tb.waitJS("the live page's notice", `window.__noticeMs !== undefined`, waitTimeout)
	start := mustEval[float64](tb, "reading the start probe", `window.__wasmStartMs === undefined ? -1 : window.__wasmStartMs`)
	shown := mustEval[float64](tb, "reading the notice probe", `window.__noticeMs`)
	if start < 0 {
		t.Fatalf("the probe did not see the module start")
	}
	return time.Duration((shown - start) * float64(time.Millisecond)), tb
}

// TestHostileLinkManyRoles opens a 98-character link that holds 10,000
// empty roles: the page must not build anything for it, show its notice
// about as soon as for a plain damaged link (within 2 s more, on a busy
// machine), and stay responsive.
func TestHostileLinkManyRoles(t *testing.T) {
	good, err := model.EncodeURL(preset(t, "fleet"))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := noticeAfterStart(t, siteURL+"#s="+good[:len(good)/2])
	code := v1Code(t, `{"roles":[`+strings.Repeat(`{},`, 9999)+`{}]}`)
	hostile, tb := noticeAfterStart(t, siteURL+"#s="+code)
	report(t, "notice after the program started: %d ms for a damaged link, %d ms for a %d-character link of 10,000 roles",
		base.Milliseconds(), hostile.Milliseconds(), len(code))
	if hostile-base > 2*time.Second {
		t.Errorf("the hostile link's notice came %v after the program started, %v later than a damaged link's; want under 2 s more",
			hostile, hostile-base)
	}
	st := tb.status()
	if !strings.Contains(st.Notice, "at most 16") {
		t.Errorf("#notice says %q, want that a scenario has at most 16 roles", st.Notice)
	}
	roles := mustEval[int](tb, "counting the role forms", `document.querySelectorAll('fieldset.role').length`)
	if roles > model.MaxRoles {
		t.Errorf("the page built %d role forms", roles)
	}
	// Responsive: a click is answered, and the fallback scenario runs.
	began := time.Now()
	tb.click("the notice's dismiss button", ".notice .dismiss")
	tb.waitJS("the dismissed notice", `(() => { const n = document.getElementById('notice'); return !!n && n.offsetParent === null; })()`, 5*time.Second)
	report(t, "hostile link: a click answered in %d ms", time.Since(began).Milliseconds())
	tb.waitDone("the fallback scenario's finished run")
}
