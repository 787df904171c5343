package e2e

import (
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

// siteCachedJS starts a look into the service worker's caches and answers
// what the previous look found: true once every module of the site (the
// page's, the simulation's, the review's and the charts') is cached, which
// the service worker does after the first answer (cmd/web/serviceworker.go).
const siteCachedJS = `(() => {
	const files = ['web/app.wasm', 'web/sim.wasm', 'web/analysis.wasm', 'web/chart.wasm', 'web/model.html'];
	caches.keys().then(async (keys) => {
		for (const k of keys) {
			const c = await caches.open(k);
			const found = await Promise.all(files.map((f) => c.match(new URL(f, location.href).href)));
			if (found.every(Boolean)) {
				window.__siteCached = true;
				return;
			}
		}
		window.__siteCached = false;
	});
	return window.__siteCached === true;
})()`

// TestOfflineAfterFirstVisit: after one visit, with the host gone, the page
// reloads, runs its scenario in its workers and shows the answer; the
// model page opens too. The site's service worker caches the large files
// only after the first answer, so this also proves that it does.
func TestOfflineAfterFirstVisit(t *testing.T) {
	srv := httptest.NewServer(siteHandler(siteDir))
	defer srv.Close()
	url := srv.URL + basePath
	tb := newTab(t, true) // its own cache and service worker
	tb.open(url)
	tb.waitJS("the service worker to cache the site after the first answer", siteCachedJS, waitTimeout)

	srv.CloseClientConnections()
	srv.Close()
	tb.do("reloading with the host gone", chromedp.Reload())
	tb.waitDone("the page, offline, with a finished run")
	if v := tb.metric("card-service", "sla"); v < 0 || v > 1 {
		t.Errorf("offline SLA compliance %v", v)
	}
	tb.do("opening the model page offline", chromedp.Navigate(url+"web/model.html"))
	tb.waitJS("the model page, offline", `!!document.querySelector('main.doc h1')`, waitTimeout)
}
