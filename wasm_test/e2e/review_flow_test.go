package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// allowDownloads lets the tab download into a fresh directory, which it
// returns.
func allowDownloads(tb *tab) string {
	tb.t.Helper()
	dir := tb.t.TempDir()
	params := browser.SetDownloadBehaviorParams{
		Behavior:         browser.SetDownloadBehaviorBehaviorAllow,
		DownloadPath:     dir,
		BrowserContextID: chromedp.FromContext(tb.ctx).BrowserContextID,
	}
	tb.do("allowing downloads", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, params)
		return err
	}))
	return dir
}

// downloaded lists the finished downloads in dir.
func downloaded(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".crdownload") {
			out = append(out, e.Name())
		}
	}
	return out
}

// waitDownload waits for the n-th download into dir and returns it.
func waitDownload(tb *tab, dir string, n int, timeout time.Duration) string {
	tb.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if files := downloaded(dir); len(files) >= n {
			time.Sleep(300 * time.Millisecond) // let it finish writing
			entries, _ := os.ReadDir(dir)
			var newest os.DirEntry
			var at time.Time
			for _, e := range entries {
				if info, err := e.Info(); err == nil && !strings.HasSuffix(e.Name(), ".crdownload") && info.ModTime().After(at) {
					newest, at = e, info.ModTime()
				}
			}
			data, err := os.ReadFile(filepath.Join(dir, newest.Name()))
			if err != nil {
				tb.t.Fatal(err)
			}
			return string(data)
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("no download %d in %v; the review showed %q; the page showed %s", n, timeout,
				mustEval[string](tb, "reading the review", `(document.getElementById('review') || {}).innerText || ''`), tb.status())
		}
		time.Sleep(pollEvery)
	}
}

// instances reports whether the scenario's JSON in a review report gives
// its first role n instances.
func instances(doc string, n int) bool {
	return regexp.MustCompile(`(?:"|&#34;|&quot;)instances(?:"|&#34;|&quot;): ` + strconv.Itoa(n) + `\b`).MatchString(doc)
}

// reportSections checks that a review report holds the findings with the
// "Do these together" card first, the sweep and the tornado.
func reportSections(t *testing.T, doc string) {
	t.Helper()
	together, finding := strings.Index(doc, `<article class="finding together" id="together">`), strings.Index(doc, `<article class="finding critical">`)
	if together < 0 || !strings.Contains(doc, "<h3>Do these together</h3>") || (finding >= 0 && finding < together) {
		t.Errorf("the report has no \"Do these together\" card before the single findings (at %d, first finding at %d)", together, finding)
	}
	for _, want := range []string{`<section id="findings">`, "roles[0].instances", `id="chart-sweep-sla-compliance"`, `id="chart-sweep-hard-down"`, `id="chart-tornado"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("the report lacks %s", want)
		}
	}
	for _, id := range []string{"chart-sweep-sla-compliance", "chart-tornado"} {
		if !regexp.MustCompile(`(?s)<figure id="` + id + `">.*?<svg`).MatchString(doc) {
			t.Errorf("the report's figure #%s has no <svg>", id)
		}
	}
}

// TestReviewReportFromFreshPage (issue 10 item 1): on a fresh page, with
// no analysis run, "Download review report" shows its progress, runs the
// advice, the sweep and the sensitivity study, and downloads a report
// with the findings ("Do these together" first), the sweep and the
// tornado; after an edit, the next download is of the edited scenario.
// The page also shows the combination first in its own findings.
func TestReviewReportFromFreshPage(t *testing.T) {
	s := preset(t, "seed-example")
	s.Trials = 2000
	tb := newTab(t, false)
	tb.open(shareURL(t, s))
	dir := allowDownloads(tb)

	tb.click("Download review report", "#export-report")
	tb.waitJS("the report's progress", `document.getElementById('review').dataset.state === 'running' && /Report, step/.test(document.getElementById('review-progress').textContent)`, waitTimeout)
	doc := waitDownload(tb, dir, 1, longWaitTimeout)
	reportSections(t, doc)
	if !instances(doc, 2) {
		t.Error("the report is not of the scenario on screen (2 web instances)")
	}
	tb.waitJS("the review idle after the download", `document.getElementById('review').dataset.state === 'idle'`, waitTimeout)
	// The page shows what the report holds: the combination first.
	if ok := mustEval[bool](tb, "reading the findings", `(() => {
		const t = document.getElementById('together'), f = document.querySelector('#findings .finding:not(.together)');
		return !!t && /Do these together/.test(t.textContent) && !!f && !!(t.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);
	})()`); !ok {
		t.Error("the review does not show \"Do these together\" before the single findings")
	}

	tb.do("looking at the review at 1024 px", chromedp.EmulateViewport(1024, 900))
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	buf, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#review")))
	cancel()
	if err != nil {
		t.Errorf("screenshot of the review: %v", err)
	} else {
		dir := os.Getenv("SCREEN_DIR")
		if dir == "" {
			dir = "/tmp/screens"
		}
		if err := os.MkdirAll(dir, 0o755); err == nil {
			_ = os.WriteFile(filepath.Join(dir, "review-1024.png"), buf, 0o644)
		}
	}

	// An edit: the next report is regenerated for the edited scenario.
	tb.setField("roles[0].instances", "3")
	tb.waitJS("stale findings after the edit", `document.querySelectorAll('#review [data-stale="1"]').length >= 1`, waitTimeout)
	dir = allowDownloads(tb)
	tb.click("Download review report", "#export-report")
	doc = waitDownload(tb, dir, 1, longWaitTimeout)
	if !instances(doc, 3) {
		t.Error("the report after the edit is not of the edited scenario (3 web instances)")
	}
	if !strings.Contains(doc, `<section id="findings">`) || !strings.Contains(doc, `id="chart-tornado"`) || !strings.Contains(doc, `id="chart-sweep-sla-compliance"`) {
		t.Error("the report after the edit lacks the findings, the sweep or the tornado")
	}
	if n := mustEval[int](tb, "counting stale blocks", `document.querySelectorAll('#review [data-stale="1"]').length`); n != 0 {
		t.Errorf("%d review blocks are still stale after the report ran them again", n)
	}
}

// TestReviewReportCancel: a cancel while the report is prepared leaves no
// download and the review idle, saying so.
func TestReviewReportCancel(t *testing.T) {
	s := preset(t, "seed-example")
	s.Trials = 20000
	tb := newTab(t, false)
	tb.open(shareURL(t, s))
	dir := allowDownloads(tb)

	tb.click("Download review report", "#export-report")
	tb.waitJS("the report's advice running", `/Report, step 2/.test(document.getElementById('review-progress').textContent)`, waitTimeout)
	tb.click("Cancel", "#review-cancel")
	tb.waitJS("the review idle after the cancel", `document.getElementById('review').dataset.state === 'idle'`, waitTimeout)
	time.Sleep(2 * time.Second)
	if files := downloaded(dir); len(files) != 0 {
		t.Errorf("a cancelled report downloaded %v", files)
	}
	note := mustEval[string](tb, "reading the note", `(document.querySelector('#review .review-note') || {}).textContent || ''`)
	if !strings.Contains(note, "no report was downloaded") {
		t.Errorf("the review's note after the cancel is %q", note)
	}
	if ok := mustEval[bool](tb, "reading the buttons", `!document.getElementById('export-report').disabled && !document.getElementById('review-run').disabled`); !ok {
		t.Error("the review's buttons are not enabled again after the cancel")
	}
}
