package reportbrowser

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/report"
)

// Hostile names: one closes the title and opens a script, the other
// injects an image whose error handler opens an alert.
const (
	hostileScenario = `</title><script>alert(1)</script>`
	hostileRole     = `<img src=x onerror=alert(1)>`
)

// browser returns the path of chromium, or skips the test when there is
// none (failing it instead when CI_REQUIRE_BROWSER is set).
func browser(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI_REQUIRE_BROWSER") != "" {
			t.Fatal("CI_REQUIRE_BROWSER is set but there is no chromium on PATH: install Debian's chromium (make chromium, or apt-get install chromium)")
		}
		t.Skip("skipping the report's browser test: no chromium on PATH (install Debian's chromium with `make chromium`; set CI_REQUIRE_BROWSER=1 to make this an error)")
	}
	return path
}

// pageFacts is what the test reads from the rendered report.
type pageFacts struct {
	Ready      string   `json:"ready"`
	Title      string   `json:"title"`
	SVGs       int      `json:"svgs"`
	Drawn      int      `json:"drawn"` // SVGs with a rendered size
	Meta       string   `json:"meta"`
	Figures    int      `json:"figures"`
	Images     int      `json:"images"`
	Scripts    int      `json:"scripts"`
	Iframes    int      `json:"iframes"`
	Headings   []string `json:"headings"`
	Body       string   `json:"body"`
	LinkPrefix string   `json:"linkPrefix"`
}

const factsJS = `(() => {
	const svgs = [...document.querySelectorAll('svg')];
	const link = document.getElementById('reopen');
	return {
		ready: document.readyState,
		title: document.title,
		svgs: svgs.length,
		drawn: svgs.filter(s => { const r = s.getBoundingClientRect(); return r.width > 200 && r.height > 100; }).length,
		meta: (document.querySelector('meta[name="rollout-charts"]') || {}).content || '',
		figures: document.querySelectorAll('figure').length,
		images: document.querySelectorAll('img').length,
		scripts: document.querySelectorAll('script').length,
		iframes: document.querySelectorAll('iframe, object, embed').length,
		headings: [...document.querySelectorAll('h1, h3')].map(h => h.textContent),
		body: document.body.innerText,
		linkPrefix: link ? link.href.split('#')[0] + '#' + link.href.split('#')[1].slice(0, 5) : '',
	};
})()`

func TestReportInChromium(t *testing.T) {
	chromium := browser(t)

	// The report, built natively.
	p, _ := model.PresetByName("seed-example")
	s := p.Scenario.Clone()
	s.Name = hostileScenario
	s.Roles[0].Name = hostileRole
	s.Trials = 1000
	in, err := report.Build(context.Background(), s, report.Options{SweepTrials: 200, SensitivityTrials: 200,
		BaseURL: "https://example.org/planner/"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := report.Write(f, in); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	wantCharts := len(charts.Specs(in.Charts)) + len(charts.SweepMetrics) + 1

	srv := httptest.NewServer(http.FileServer(http.Dir(dir))) // 127.0.0.1:0
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1200, 900),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}

	// Record everything the page does, before it loads.
	var (
		mu       sync.Mutex
		problems []string
		requests []string
		dialogs  []string
	)
	add := func(list *[]string, format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		*list = append(*list, fmt.Sprintf(format, args...))
	}
	console := chromedp.Console(tabCtx)
	reqs := chromedp.Events(tabCtx, network.RequestWillBeSent)
	dlg := chromedp.Events(tabCtx, page.JavascriptDialogOpening)
	var wg sync.WaitGroup
	wg.Go(func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				add(&problems, "console %s: %s", m.Type, m.Text)
			}
		}
	})
	wg.Go(func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			add(&requests, "%s", ev.Request.URL)
		}
	})
	wg.Go(func() {
		for ev, err := range dlg {
			if err != nil {
				return
			}
			add(&dialogs, "%s dialog: %q", ev.Type, ev.Message)
			_, _ = chromedp.Call(tabCtx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})

	url := srv.URL + "/report.html"
	if err := chromedp.Do(tabCtx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	var facts pageFacts
	for {
		facts, err = chromedp.Run(tabCtx, chromedp.Evaluate[pageFacts](factsJS))
		if err == nil && facts.Ready == "complete" {
			break
		}
		select {
		case <-tabCtx.Done():
			t.Fatalf("the report did not finish loading: %v (last error %v)", tabCtx.Err(), err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	time.Sleep(300 * time.Millisecond) // let late console events and dialogs arrive
	cancelTab()
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("the report logged an error: %s", p)
	}
	for _, d := range dialogs {
		t.Errorf("the report opened a JavaScript %s", d)
	}
	for _, r := range requests {
		if r != url {
			t.Errorf("the report requested %s; it must need nothing but itself", r)
		}
	}
	if facts.SVGs != wantCharts || facts.Meta != fmt.Sprint(wantCharts) || facts.Drawn != wantCharts || facts.Figures != wantCharts {
		t.Errorf("charts: %d <svg> (%d drawn), %d figures, the report says %q; want %d", facts.SVGs, facts.Drawn, facts.Figures, facts.Meta, wantCharts)
	}
	if !strings.Contains(facts.Body, fmt.Sprintf("%d charts", wantCharts)) {
		t.Errorf("the report does not say it has %d charts", wantCharts)
	}
	if facts.Images != 0 || facts.Scripts != 0 || facts.Iframes != 0 {
		t.Errorf("injected elements: %d <img>, %d <script>, %d frames", facts.Images, facts.Scripts, facts.Iframes)
	}
	if want := "Rollout plan review: " + hostileScenario; facts.Title != want {
		t.Errorf("title %q, want %q shown as text", facts.Title, want)
	}
	if !contains(facts.Headings, "Role "+hostileRole) {
		t.Errorf("headings %q lack the role's name as text", facts.Headings)
	}
	if !strings.Contains(facts.Body, hostileRole) {
		t.Error("the page's text lacks the hostile role name")
	}
	if facts.LinkPrefix != "https://example.org/planner/#s=v2." {
		t.Errorf("reopen link starts %q", facts.LinkPrefix)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
