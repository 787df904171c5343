//go:build !(js && wasm)

// Command perf measures the page the way issue 9 states its goals: it
// serves a generated site (make site) from a plain gzip static host
// (internal/sitehttp limited to gzip, from the site's pre-compressed .gz
// files, as a host with gzip_static would), drives headless Chromium
// through each measure three times and prints the medians beside the
// goals. It is a benchmark, not a test: it never fails on slow numbers
// (it exits non-zero only when it cannot measure at all).
//
//	make perf                        # builds the site, then runs this
//	go run ./cmd/perf -dist dist     # on a site generated already
//
// "First SLA number" is the first moment, from the navigation's start, at
// which the service card shows an SLA compliance: an element
// #card-service [data-metric="sla"] with a numeric data-value, whether
// pre-rendered, shown by web/boot.js or drawn by the live page, and
// visible: what the browser shows at its place (a partial run's estimate
// counts; pre-rendered figures hidden under a link, or covered, do not). "Done" is the live page (data-live=1) with a finished
// run (data-state=done). Repeat visits first open the default page once in
// the same browser profile, so the HTTP cache and go-app's service worker
// hold the site.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"rolloutplanner/app"
	"rolloutplanner/internal/sitehttp"
	"rolloutplanner/model"
)

const (
	// probeJS runs before the page's own scripts and records, in ms from
	// the navigation's start, the first SLA number, the live page and the
	// first finished run; slaEpoch is the first SLA number in ms since
	// the Unix epoch (to compare with network events).
	probeJS = `(() => {
		const t = {};
		window.__perf = t;
		const look = () => {
			const now = performance.now();
			const c = document.querySelector('#card-service [data-metric="sla"]');
			// Hidden figures (the default preset's pre-rendered results
			// under a link) do not count, nor covered ones (go-app's
			// loader used to cover the whole page): the figure must be
			// what the browser shows at its place on screen.
			const seen = (e) => {
				if (e.checkVisibility && !e.checkVisibility()) return false;
				const r = e.getBoundingClientRect();
				const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
				return !!hit && e.contains(hit);
			};
			const v = c && seen(c) ? c.getAttribute('data-value') : null;
			if (t.sla === undefined && v !== null && v !== '' && isFinite(+v)) {
				t.sla = now;
				t.slaEpoch = performance.timeOrigin + now;
			}
			const p = document.getElementById('planner');
			if (t.live === undefined && p && p.dataset.live === '1') t.live = now;
			if (t.done === undefined && p && p.dataset.live === '1' && p.dataset.state === 'done') t.done = now;
		};
		new MutationObserver(look).observe(document, {subtree: true, childList: true, attributes: true});
	})()`

	// gapProbeJS is the e2e tests' stall probe (wasm_test/e2e TestLongRunStall):
	// the longest gap between two ticks of a 5 ms timer.
	gapProbeJS = `(() => {
		window.__maxGap = 0;
		let last = performance.now();
		window.__gapProbe = setInterval(() => {
			const now = performance.now();
			window.__maxGap = Math.max(window.__maxGap, now - last);
			last = now;
		}, 5);
	})()`

	liveDoneJS = `(() => { const p = document.getElementById('planner');
		return !!p && p.dataset.live === '1' && p.dataset.state === 'done'; })()`

	// bigDoneJS: the 100,000-trial run is finished.
	bigDoneJS = `(() => { const p = document.getElementById('planner'), g = document.getElementById('run-progress');
		return !!p && p.dataset.live === '1' && p.dataset.state === 'done' && !!g && g.dataset.total === '100000'; })()`
)

// row is one line of the table.
type row struct {
	name   string
	before string // issue 9's figure before the work
	goal   string
	unit   string // "s", "ms" or "MB"
	values []float64
	note   string
}

func main() {
	dist := flag.String("dist", "dist", "the generated site (make site)")
	tries := flag.Int("tries", 3, "tries of each measure; the table shows their median")
	chromium := flag.String("chromium", "", "Chromium binary; empty looks for chromium on PATH")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("perf: ")
	if err := run(*dist, *tries, *chromium); err != nil {
		log.Fatal(err)
	}
}

func run(dist string, tries int, chromium string) error {
	if _, err := os.Stat(filepath.Join(dist, "index.html")); err != nil {
		return fmt.Errorf("%v: generate the site first (make site)", err)
	}
	if chromium == "" {
		var err error
		if chromium, err = exec.LookPath("chromium"); err != nil {
			return errors.New("no chromium on PATH: install Debian's chromium (make chromium)")
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	meter := &byteMeter{next: sitehttp.Handler(dist, sitehttp.Options{Encodings: []string{sitehttp.Gzip}})}
	srv := &http.Server{Handler: meter, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	site := "http://" + ln.Addr().String() + "/"

	link10k, err := link(site, 10000, 20260)
	if err != nil {
		return err
	}
	link100k, err := link(site, 100000, 20261)
	if err != nil {
		return err
	}
	seedLink, err := link(site, 0, 0) // the default preset as it is
	if err != nil {
		return err
	}

	tmp, err := os.MkdirTemp("", "rollout-perf-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.WindowSize(1280, 1000),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		return fmt.Errorf("starting %s: %w", chromium, err)
	}
	version := chromeVersion(chromium)

	rows := []*row{
		{name: "repeat visit, default page → first SLA number", before: "5.7 s", goal: "≤ 1.0 s", unit: "s"},
		{name: "repeat visit, shared 10,000-trial link → first SLA number", before: "7.5 s", goal: "≤ 1.5 s", unit: "s"},
		{name: "shared 100,000-trial link → first estimate on screen", before: "12 s", goal: "≤ 2 s", unit: "s"},
		{name: "first visit, 20 Mbit/s 40 ms RTT, shared link → first SLA number", before: "9.7 s", goal: "≤ 3 s", unit: "s"},
		{name: "longest main-thread stall, load to done, 100,000-trial rerun", before: "118–141 ms", goal: "≤ 50 ms", unit: "ms"},
		{name: "bytes a first visit downloads before the first answer (gzip)", before: "8.4 MB", goal: "≤ 3 MB", unit: "MB"},
		{name: "edit → updated numbers, seed-example, 10,000 trials (typing 4 into web instances, 2 s after the page is done)", before: "≈ 2–3 s", goal: "≤ 0.5 s", unit: "s"},
		{name: "longest main-thread stall, typing 1,000 instances into a role (1,000 trials), to done", before: "334 ms", goal: "≤ 50 ms", unit: "ms"},
	}
	var doneDefault, done100k, pageBytes, editDone []float64
	for try := 1; try <= tries; try++ {
		log.Printf("try %d of %d", try, tries)

		// Repeat visits: warm a fresh profile with the default page, then
		// measure the default page, the 10,000- and 100,000-trial links.
		err := withTab(browser, func(tb *tabRun) error {
			if _, err := tb.visit(site, false); err != nil {
				return fmt.Errorf("warming up: %w", err)
			}
			time.Sleep(time.Second) // let the service worker finish caching
			p, err := tb.visit(site, false)
			if err != nil {
				return err
			}
			rows[0].values = append(rows[0].values, p.SLA/1000)
			doneDefault = append(doneDefault, p.Done/1000)
			if p, err = tb.visit(link10k, false); err != nil {
				return err
			}
			rows[1].values = append(rows[1].values, p.SLA/1000)
			if p, err = tb.visit(link100k, true); err != nil {
				return err
			}
			rows[2].values = append(rows[2].values, p.SLA/1000)
			done100k = append(done100k, p.Done/1000)

			// The stall of a 100,000-trial rerun: the default preset, then
			// an edit of its trials to 100,000, as TestLongRunStall does.
			// (By its link: the bare address now reopens the last
			// scenario, the 100,000-trial link's.)
			if _, err := tb.visit(seedLink, false); err != nil {
				return err
			}
			gap, err := tb.rerunStall()
			if err != nil {
				return err
			}
			rows[4].values = append(rows[4].values, gap)

			// Typing into a field of the default page: the time from the
			// last keystroke to new numbers, then the stall of a fleet
			// of 1,000 instances.
			if _, err := tb.visit(seedLink, false); err != nil {
				return err
			}
			time.Sleep(editAfter) // a person reads the page before editing it
			first, done, err := tb.editLatency(webInstances, "4")
			if err != nil {
				return err
			}
			rows[6].values = append(rows[6].values, first/1000)
			editDone = append(editDone, done/1000)
			// 1,000 instances cost 500 times the trials' work of 2: a
			// 10,000-trial run would take minutes in the browser.
			if _, _, err := tb.editLatency("f-trials", "1000"); err != nil {
				return err
			}
			if gap, err = tb.typingStall(webInstances, "1000"); err != nil {
				return err
			}
			rows[7].values = append(rows[7].values, gap)
			return nil
		})
		if err != nil {
			return err
		}

		// First visit over a slow link.
		err = withTab(browser, func(tb *tabRun) error {
			if err := tb.throttle(20e6/8, 40); err != nil {
				return err
			}
			meter.reset()
			p, err := tb.visit(link10k, false)
			if err != nil {
				return err
			}
			rows[3].values = append(rows[3].values, p.SLA/1000)
			rows[5].values = append(rows[5].values, float64(meter.before(p.SLAEpoch))/1e6)
			pageBytes = append(pageBytes, float64(tb.bytesBefore(p.SLAEpoch))/1e6)
			return nil
		})
		if err != nil {
			return err
		}
	}
	rows[0].note = fmt.Sprintf("done %.1f s", median(doneDefault))
	rows[2].note = fmt.Sprintf("all 100,000 done %.1f s", median(done100k))
	rows[6].note = fmt.Sprintf("first updated figure (a partial estimate counts); all 10,000 trials %.2f s; the field commits after %d ms without typing", median(editDone), app.TypingDebounce.Milliseconds())
	rows[5].note = fmt.Sprintf("bodies the host sent for requests made before the first SLA number, the service worker's and workers' included (the page's own requests: %.2f MB)", median(pageBytes))
	printTable(rows, version)
	return nil
}

// link returns the page's link for the seed example with the given
// trials and seed (0 for the preset's own).
func link(site string, trials int, seed uint64) (string, error) {
	p, ok := model.PresetByName("seed-example")
	if !ok {
		return "", errors.New("no seed-example preset")
	}
	s := p.Scenario
	if trials > 0 {
		s.Trials = trials
	}
	if seed > 0 {
		s.Seed = seed
	}
	code, err := model.EncodeURL(s)
	if err != nil {
		return "", fmt.Errorf("encoding the link: %w", err)
	}
	return site + "#s=" + code, nil
}

// tabRun is one tab in a fresh browser context, with its network events.
type tabRun struct {
	ctx context.Context

	mu       sync.Mutex
	finished []finishedLoad
	clock    float64 // wall time (s since epoch) minus monotonic time (s)
}

type finishedLoad struct {
	at    float64 // monotonic s
	bytes float64
}

// probe is what probeJS recorded, in ms.
type probe struct {
	SLA      float64 `json:"sla"`
	SLAEpoch float64 `json:"slaEpoch"`
	Live     float64 `json:"live"`
	Done     float64 `json:"done"`
}

// withTab runs f in a new tab of a new browser context (a fresh profile:
// no cache, storage or service worker in common with other tries).
func withTab(browser context.Context, f func(*tabRun) error) error {
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		return fmt.Errorf("opening a tab: %w", err)
	}
	tb := &tabRun{ctx: ctx}
	sent := chromedp.Events(ctx, network.RequestWillBeSent)
	done := chromedp.Events(ctx, network.LoadingFinished)
	var wg sync.WaitGroup
	wg.Go(func() {
		for ev, err := range sent {
			if err != nil {
				return
			}
			if ev.WallTime > 0 {
				tb.mu.Lock()
				if tb.clock == 0 {
					tb.clock = ev.WallTime.Float64() - ev.Timestamp.Float64()
				}
				tb.mu.Unlock()
			}
		}
	})
	wg.Go(func() {
		for ev, err := range done {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.finished = append(tb.finished, finishedLoad{ev.Timestamp.Float64(), ev.EncodedDataLength})
			tb.mu.Unlock()
		}
	})
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: probeJS})
	if err == nil {
		err = f(tb)
	}
	cancel()
	wg.Wait()
	return err
}

// throttle emulates a link of the given download rate (bytes/s, also the
// upload rate) and round-trip latency (ms) for every request of the tab.
func (tb *tabRun) throttle(rate, latency float64) error {
	_, err := chromedp.Call(tb.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Latency: latency, DownloadThroughput: rate, UploadThroughput: rate}},
	})
	if err != nil {
		return fmt.Errorf("emulating a slow network: %w", err)
	}
	return nil
}

// visit opens url (through about:blank, so that even the same URL is a
// new document), waits for the first SLA number and a finished run
// (data-total 100,000 when big) and returns the probe's times.
func (tb *tabRun) visit(url string, big bool) (probe, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, 3*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url)); err != nil {
		return probe{}, fmt.Errorf("opening %s: %w", short(url), err)
	}
	cond := liveDoneJS
	if big {
		cond = bigDoneJS
	}
	if err := poll(ctx, cond); err != nil {
		return probe{}, fmt.Errorf("waiting for %s to finish its run: %w", short(url), err)
	}
	p, err := chromedp.Run(ctx, chromedp.Evaluate[probe](`window.__perf`))
	if err != nil {
		return probe{}, err
	}
	if p.SLA <= 0 || p.Done <= 0 {
		return probe{}, fmt.Errorf("%s: the probe saw no SLA number (%+v)", short(url), p)
	}
	return p, nil
}

// rerunStall sets the shown page's trials to 100,000, as a person does
// (type, leave the field), and returns the longest main-thread gap in ms
// until that run is done.
func (tb *tabRun) rerunStall() (float64, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, 3*time.Minute)
	defer cancel()
	const id = "f-trials"
	err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](gapProbeJS),
		chromedp.WaitVisible(chromedp.ID(id)),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('`+id+`').value = ''`),
		chromedp.SendKeys(chromedp.ID(id), "100000"),
		chromedp.Blur(chromedp.ID(id)),
	)
	if err != nil {
		return 0, fmt.Errorf("setting trials to 100,000: %w", err)
	}
	if err := poll(ctx, bigDoneJS); err != nil {
		return 0, fmt.Errorf("waiting for the 100,000-trial rerun: %w", err)
	}
	return chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => { clearInterval(window.__gapProbe); return window.__maxGap; })()`))
}

// editAfter is how long after the page's run is done the edit comes: a
// person reads the figures first (meanwhile the chart worker loads).
const editAfter = 2 * time.Second

// webInstances is the id of the instances field of the default preset's
// first role (its web role).
const webInstances = "f-roles-0-instances"

// editProbeJS records, from the last keystroke in the field with id %q,
// the time to the first updated figure (a partial estimate of the new
// run, or its finished run when it shows none) and to the finished run.
const editProbeJS = `(() => {
	const t = {key: 0, first: 0, done: 0};
	window.__edit = t;
	const input = document.getElementById(%q);
	const cell = () => document.querySelector('#card-service [data-metric="bad-mean"]');
	const before = cell() ? cell().getAttribute('data-value') : '';
	input.addEventListener('keydown', () => { t.key = performance.now(); t.first = 0; t.done = 0; t.ran = false; }, true);
	new MutationObserver(() => {
		if (!t.key) return;
		const c = cell(), p = document.getElementById('planner');
		const now = performance.now();
		if (p.dataset.state !== 'done') t.ran = true;
		const partial = !!document.querySelector('[data-partial]');
		const changed = c && c.getAttribute('data-value') !== before;
		if (!t.first && t.ran && (partial || (p.dataset.state === 'done' && changed))) t.first = now - t.key;
		if (!t.done && t.ran && p.dataset.state === 'done' && !partial) t.done = now - t.key;
	}).observe(document, {subtree: true, childList: true, attributes: true});
})()`

// editLatency types value into the field with id (replacing its text,
// as a person does, without leaving the field) and returns the ms from
// the last keystroke to the first updated figure and to the finished run.
func (tb *tabRun) editLatency(id, value string) (first, done float64, err error) {
	ctx, cancel := context.WithTimeout(tb.ctx, 3*time.Minute)
	defer cancel()
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID(id)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(editProbeJS, id)),
		chromedp.Focus(chromedp.ID(id)),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('`+id+`').select()`),
		chromedp.SendKeys(chromedp.ID(id), value),
	)
	if err != nil {
		return 0, 0, fmt.Errorf("typing %s into #%s: %w", value, id, err)
	}
	if err := poll(ctx, `!!window.__edit && window.__edit.done > 0`); err != nil {
		return 0, 0, fmt.Errorf("waiting for the numbers of the edit: %w", err)
	}
	t, err := chromedp.Run(ctx, chromedp.Evaluate[struct{ First, Done float64 }](`({First: window.__edit.first, Done: window.__edit.done})`))
	return t.First, t.Done, err
}

// typingStall types value into the field with id, as editLatency does,
// and returns the longest main-thread gap in ms until its run is done.
func (tb *tabRun) typingStall(id, value string) (float64, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, 3*time.Minute)
	defer cancel()
	err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID(id)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(editProbeJS, id)),
		chromedp.Evaluate[chromedp.Void](gapProbeJS),
		chromedp.Focus(chromedp.ID(id)),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('`+id+`').select()`),
		chromedp.SendKeys(chromedp.ID(id), value),
	)
	if err != nil {
		return 0, fmt.Errorf("typing %s into #%s: %w", value, id, err)
	}
	if err := poll(ctx, `!!window.__edit && window.__edit.done > 0`); err != nil {
		return 0, fmt.Errorf("waiting for the run of %s instances: %w", value, err)
	}
	return chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => { clearInterval(window.__gapProbe); return window.__maxGap; })()`))
}

// bytesBefore sums the encoded bytes of the requests that finished before
// the epoch time in ms.
func (tb *tabRun) bytesBefore(epochMs float64) int64 {
	time.Sleep(200 * time.Millisecond) // let the last events arrive
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var sum float64
	for _, f := range tb.finished {
		if (f.at+tb.clock)*1000 <= epochMs {
			sum += f.bytes
		}
	}
	return int64(sum)
}

// poll evaluates cond every 50 ms until it is true.
func poll(ctx context.Context, cond string) error {
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return nil
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return fmt.Errorf("%w (last error: %v)", ctx.Err(), err)
			}
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func short(url string) string {
	if len(url) > 60 {
		return url[:60] + "…"
	}
	return url
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func format(v float64, unit string) string {
	switch unit {
	case "ms":
		return strconv.FormatFloat(v, 'f', 0, 64) + " ms"
	case "MB":
		return strconv.FormatFloat(v, 'f', 2, 64) + " MB"
	}
	return strconv.FormatFloat(v, 'f', 2, 64) + " s"
}

func chromeVersion(bin string) string {
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		return "unknown Chromium"
	}
	return strings.TrimSpace(string(out))
}

func printTable(rows []*row, version string) {
	host, _ := os.Hostname()
	fmt.Printf("\nrollout planner performance (issue 9): medians of %d tries, plain gzip static host\n", len(rows[0].values))
	fmt.Printf("machine: %s, %d CPUs (nproc), %s\n\n", host, numCPU(), version)
	fmt.Println("| measure | today | tries | issue 9 before | goal | note |")
	fmt.Println("| --- | --- | --- | --- | --- | --- |")
	for _, r := range rows {
		var each []string
		for _, v := range r.values {
			each = append(each, format(v, r.unit))
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", r.name, format(median(r.values), r.unit), strings.Join(each, ", "), r.before, r.goal, r.note)
	}
}

// numCPU is what nproc prints: the CPUs this process may use.
func numCPU() int {
	out, err := exec.Command("nproc").Output()
	if err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(out))); err == nil {
			return n
		}
	}
	return 0
}

// byteMeter counts the response bytes of the host, with the time each
// request arrived.
type byteMeter struct {
	next http.Handler

	mu    sync.Mutex
	sends []send
}

type send struct {
	at    time.Time
	bytes int64
}

func (m *byteMeter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cw := &countingWriter{ResponseWriter: w}
	at := time.Now()
	m.next.ServeHTTP(cw, r)
	m.mu.Lock()
	m.sends = append(m.sends, send{at, cw.n})
	m.mu.Unlock()
}

func (m *byteMeter) reset() {
	m.mu.Lock()
	m.sends = nil
	m.mu.Unlock()
}

// before sums the bytes sent for requests that arrived before the epoch
// time in ms.
func (m *byteMeter) before(epochMs float64) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	var sum int64
	for _, s := range m.sends {
		if float64(s.at.UnixNano())/1e6 <= epochMs {
			sum += s.bytes
		}
	}
	return sum
}

type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}
