package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"rolloutplanner/internal/glossary"
)

// viewport is one screen the page must lay out well.
type viewport struct {
	name string
	w, h int64
}

// viewports are the phone, laptop and wide screens of issue 10.
var viewports = []viewport{
	{"phone", 390, 844},
	{"laptop", 1024, 700},
	{"wide", 1600, 1000},
}

// layoutJS measures the laid-out page: horizontal overflow, overlapping
// headline numbers (their text, not their boxes), where the first form
// field is against the first chart and the viewport, and each chart's
// width against its figure.
const layoutJS = `(() => {
	const out = {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: innerWidth, innerHeight: innerHeight,
		overlaps: [], charts: [], smallestChartText: 1e9, smallestChartFont: 1e9};
	const textRect = (e) => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect(); };
	const items = [];
	for (const card of document.querySelectorAll('.card')) {
		for (const e of card.querySelectorAll('.headline .label, .headline .value, .headline .detail, .metric dt, .metric dd')) {
			const r = textRect(e);
			if (r.width > 0) items.push({name: card.id + ' ' + (e.closest('[data-metric]').dataset.metric) + ' ' + e.className + e.tagName, r});
		}
	}
	for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
		const a = items[i].r, b = items[j].r;
		if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
			out.overlaps.push(items[i].name + ' / ' + items[j].name);
	}
	for (const e of document.querySelectorAll('.card .headline .value, .card .metric dd, .card .metric dt')) {
		if (e.scrollWidth > e.clientWidth + 1) out.overlaps.push(e.closest('.card').id + ' ' + e.closest('[data-metric]').dataset.metric + ' overflows its box');
	}
	const field = document.querySelector('.editor input, .editor select, .editor textarea');
	const chart = document.querySelector('.chart');
	out.fieldTop = field ? field.getBoundingClientRect().top + scrollY : -1;
	out.fieldBottom = field ? field.getBoundingClientRect().bottom + scrollY : -1;
	out.chartTop = chart ? chart.getBoundingClientRect().top + scrollY : -1;
	for (const f of document.querySelectorAll('figure.chart')) {
		// The drawing on screen: a chart may carry two, one hidden by CSS.
		const svg = [...f.querySelectorAll('.chart-svg svg')].find(s => s.getBoundingClientRect().width > 0);
		if (!svg) continue;
		const fr = f.getBoundingClientRect(), sr = svg.getBoundingClientRect();
		const scale = sr.width / svg.viewBox.baseVal.width;
		out.charts.push({id: f.id, figure: fr.width, svg: sr.width, right: sr.right, viewBox: svg.viewBox.baseVal.width,
			drawings: f.querySelectorAll('.chart-svg svg').length});
		for (const t of svg.querySelectorAll('text')) {
			const h = t.getBoundingClientRect().height;
			if (h > 0 && h < out.smallestChartText) out.smallestChartText = h;
			// The font's size on screen: its size in the SVG's units times the SVG's scale.
			const px = parseFloat(getComputedStyle(t).fontSize) * scale;
			if (h > 0 && px < out.smallestChartFont) out.smallestChartFont = px;
		}
	}
	out.wide = [...document.querySelectorAll('body *')].filter(e => {
		const r = e.getBoundingClientRect(); return r.width > 0 && r.right > innerWidth + 0.5 && getComputedStyle(e).position !== 'fixed';
	}).slice(-8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
	return out;
})()`

type layoutMeasure struct {
	ScrollWidth       float64  `json:"scrollWidth"`
	InnerWidth        float64  `json:"innerWidth"`
	InnerHeight       float64  `json:"innerHeight"`
	Overlaps          []string `json:"overlaps"`
	FieldTop          float64  `json:"fieldTop"`
	FieldBottom       float64  `json:"fieldBottom"`
	ChartTop          float64  `json:"chartTop"`
	SmallestChartText float64  `json:"smallestChartText"`
	SmallestChartFont float64  `json:"smallestChartFont"` // font size × the SVG's scale, CSS px
	Wide              []string `json:"wide"`              // elements that reach past the viewport's right edge
	Charts            []struct {
		ID       string  `json:"id"`
		Figure   float64 `json:"figure"`
		SVG      float64 `json:"svg"`
		Right    float64 `json:"right"`
		ViewBox  float64 `json:"viewBox"`  // the width of the drawing on screen, in points: 576 wide, 288 compact
		Drawings int     `json:"drawings"` // drawings the figure carries
	} `json:"charts"`
}

// openAt opens the default page in a fresh tab at viewport v.
func openAt(t *testing.T, v viewport) *tab {
	t.Helper()
	tb := newTab(t, false)
	tb.do("sizing the viewport", chromedp.EmulateViewport(v.w, v.h))
	tb.open(siteURL)
	return tb
}

// TestLayoutViewports lays the page out on a phone, a laptop and a wide
// screen (issue 10 item 3): no sideways scrolling, no overlapping headline
// numbers, the editor's first field above the charts or in the first
// viewport, charts no wider than their figure, chart text legible; it
// saves a screenshot of each to look at.
func TestLayoutViewports(t *testing.T) {
	for _, v := range viewports {
		t.Run(v.name, func(t *testing.T) {
			tb := openAt(t, v)
			tb.waitJS("the charts", `document.querySelectorAll('figure.chart .chart-svg svg').length >= 4`, waitTimeout)
			m := mustEval[layoutMeasure](tb, "measuring the layout", layoutJS)
			if m.ScrollWidth > m.InnerWidth {
				t.Errorf("the page scrolls sideways: scrollWidth %v > innerWidth %v; elements reaching past the edge: %v", m.ScrollWidth, m.InnerWidth, m.Wide)
			}
			if len(m.Overlaps) > 0 {
				t.Errorf("headline numbers overlap or overflow: %v", m.Overlaps)
			}
			if m.FieldTop < 0 || m.ChartTop < 0 {
				t.Fatalf("no form field (%v) or no chart (%v) on the page", m.FieldTop, m.ChartTop)
			}
			inFirstViewport := m.FieldBottom <= m.InnerHeight
			if !inFirstViewport && m.FieldTop > m.ChartTop {
				t.Errorf("the first form field starts %v px down, below the first chart (%v px) and outside the first viewport (%v px)",
					m.FieldTop, m.ChartTop, m.InnerHeight)
			}
			for _, c := range m.Charts {
				if c.SVG > c.Figure+0.5 || c.Right > m.InnerWidth+0.5 {
					t.Errorf("%s: the chart is %v px wide in a %v px figure (right edge %v, viewport %v)", c.ID, c.SVG, c.Figure, c.Right, m.InnerWidth)
				}
			}
			const legible = 8.5 // px: the height of the chart's smallest text box
			if m.SmallestChartText < legible {
				t.Errorf("the charts' smallest text is %.1f px high, want at least %v px", m.SmallestChartText, legible)
			}
			checkChartSizes(t, v, m)
			t.Logf("%s: scrollWidth %v/%v, first field at %v px, first chart at %v px, smallest chart text %.1f px (font %.1f px), screenshot %s",
				v.name, m.ScrollWidth, m.InnerWidth, m.FieldTop, m.ChartTop, m.SmallestChartText, m.SmallestChartFont,
				tb.screenshot("layout-"+v.name+".png"))
			t.Logf("views: %s %s %s", tb.viewShot("layout-"+v.name+"-top.png", ""),
				tb.viewShot("layout-"+v.name+"-cards.png", "#card-service"), tb.viewShot("layout-"+v.name+"-chart.png", "figure.chart"))
		})
	}
}

// Chart drawings (viewBox widths, in points) and the legible size.
const (
	wideChart    = 576  // charts.ScreenWidth
	compactChart = 288  // charts.CompactWidth
	phoneText    = 10.5 // CSS px: the smallest chart text on a phone
)

// checkChartSizes checks that a narrow viewport (≤ 600 px, app.NarrowQuery)
// shows every chart's compact drawing with its text at least phoneText
// px, and a wider one the slide-size drawing.
func checkChartSizes(t *testing.T, v viewport, m layoutMeasure) {
	t.Helper()
	want := float64(wideChart)
	if v.w <= 600 {
		want = compactChart
		if m.SmallestChartFont < phoneText || m.SmallestChartText < phoneText {
			t.Errorf("%s: the charts' smallest text is %.1f px (font size × scale), its box %.1f px high, want at least %v px",
				v.name, m.SmallestChartFont, m.SmallestChartText, phoneText)
		}
	}
	if len(m.Charts) < 4 {
		t.Errorf("%s: %d charts on screen, want at least 4", v.name, len(m.Charts))
	}
	for _, c := range m.Charts {
		if c.ViewBox != want {
			t.Errorf("%s: chart %s shows its %v pt wide drawing, want the %v pt one", v.name, c.ID, c.ViewBox, want)
		}
	}
}

// TestChartsFollowWidth: the live page draws its charts for the
// viewport's width, compact on a phone, and draws them again when the
// viewport crosses the threshold either way (a phone turned, a window
// resized); a later run, whose charts the chart worker draws, follows
// it too. The pre-rendered page carries both drawings, and CSS shows
// the one for the width.
func TestChartsFollowWidth(t *testing.T) {
	phone, laptop := viewports[0], viewports[1]
	measure := func(tb *tab, v viewport, what string) layoutMeasure {
		t.Helper()
		tb.waitJS(what, fmt.Sprintf(`(() => { const fs = [...document.querySelectorAll('figure.chart')];
			return fs.length >= 4 && fs.every(f => [...f.querySelectorAll('.chart-svg svg')].some(s =>
				s.getBoundingClientRect().width > 0 && s.viewBox.baseVal.width === %d)); })()`,
			map[bool]int{true: compactChart, false: wideChart}[v.w <= 600]), waitTimeout)
		m := mustEval[layoutMeasure](tb, "measuring "+what, layoutJS)
		checkChartSizes(t, v, m)
		return m
	}
	tb := openAt(t, laptop)
	m := measure(tb, laptop, "the laptop's charts")
	for _, c := range m.Charts {
		if c.Drawings != 1 {
			t.Errorf("the live page's chart %s carries %d drawings at %v px, want the wide one alone", c.ID, c.Drawings, laptop.w)
		}
	}
	tb.do("turning to a phone", chromedp.EmulateViewport(phone.w, phone.h))
	measure(tb, phone, "the charts redrawn compact")
	t.Logf("phone after resize: %s", tb.viewShot("follow-phone-chart.png", "figure.chart"))
	tb.do("back to a laptop", chromedp.EmulateViewport(laptop.w, laptop.h))
	measure(tb, laptop, "the wide charts again")

	tb.do("turning to a phone", chromedp.EmulateViewport(phone.w, phone.h))
	// Later runs, drawn by the chart worker once it is ready, are compact.
	for i := 0; i < 10; i++ {
		n := fmt.Sprint(3000 + i)
		tb.setField("trials", n)
		tb.waitJS("the run of "+n+" trials", `(() => { const e = document.getElementById('run-trials');
			return !!e && e.getAttribute('data-value') === '`+n+`'; })() && `+liveDoneJS, longWaitTimeout)
		m = measure(tb, phone, "the charts of the run of "+n+" trials")
		if by := mustEval[string](tb, "reading who drew the charts", `document.querySelector('.result .charts').dataset.chartsBy`); by == "worker" {
			for _, c := range m.Charts {
				if c.Drawings != 1 {
					t.Errorf("the chart worker's chart %s carries %d drawings on a phone, want the compact one alone", c.ID, c.Drawings)
				}
			}
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Error("after 10 runs the charts are still not drawn by the chart worker")
}

// TestPrerenderedChartsFitWidth: before the live page starts, the
// pre-rendered charts show the drawing for the width (CSS alone).
func TestPrerenderedChartsFitWidth(t *testing.T) {
	for _, v := range []viewport{viewports[0], viewports[1]} {
		t.Run(v.name, func(t *testing.T) {
			tb := newTab(t, false)
			tb.do("sizing the viewport", chromedp.EmulateViewport(v.w, v.h))
			// No script: the pre-rendered HTML and CSS alone.
			tb.do("disabling scripts", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
				return err
			}))
			tb.do("opening the page", chromedp.Navigate(siteURL))
			tb.waitJS("the pre-rendered charts", `document.querySelectorAll('[data-prerendered] figure.chart .chart-svg svg').length >= 8`, waitTimeout)
			m := mustEval[layoutMeasure](tb, "measuring the pre-rendered charts", layoutJS)
			checkChartSizes(t, v, m)
			for _, c := range m.Charts {
				if c.Drawings != 2 {
					t.Errorf("pre-rendered chart %s carries %d drawings, want the wide and the compact one", c.ID, c.Drawings)
				}
			}
			// go-app's loading screen covers the page until its script runs.
			tb.do("hiding the loading screen for the screenshot", chromedp.Evaluate[chromedp.Void](
				`(() => { const l = document.getElementById('app-wasm-loader'); if (l) l.style.display = 'none'; })()`))
			t.Logf("pre-rendered at %s: %s", v.name, tb.viewShot("prerendered-"+v.name+"-chart.png", "figure.chart"))
		})
	}
}

// viewShot saves what the viewport shows, scrolled to the top of the
// element css ("" for the page's top), as name in /tmp/screens.
func (tb *tab) viewShot(name, css string) string {
	tb.t.Helper()
	tb.do("scrolling for a screenshot", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const e = %q ? document.querySelector(%q) : null;
		if (e) e.scrollIntoView({block: 'start'}); else scrollTo(0, 0); })()`, css, css)))
	time.Sleep(300 * time.Millisecond)
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Fatalf("taking the screenshot %s: %v", name, err)
	}
	dir := os.Getenv("SCREEN_DIR")
	if dir == "" {
		dir = "/tmp/screens"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatalf("screenshot directory: %v", err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		tb.t.Fatalf("saving the screenshot: %v", err)
	}
	return path
}

// axNode is one node of the accessibility tree, as the tests read it.
type axNode struct {
	Role, Name, Description string
}

// axTree returns the page's accessibility tree, as Chromium computes it.
func (tb *tab) axTree() []axNode {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	defer cancel()
	var get chromedp.Action[accessibility.GetFullAXTreeResult] = func(ctx context.Context, t *chromedp.Target) (accessibility.GetFullAXTreeResult, error) {
		return chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	}
	res, err := chromedp.Run(ctx, get)
	if err != nil {
		tb.t.Fatalf("reading the accessibility tree: %v", err)
	}
	str := func(v *accessibility.Value) string {
		if v == nil {
			return ""
		}
		var s string
		_ = json.Unmarshal(v.Value, &s)
		return s
	}
	var out []axNode
	for _, n := range res.Nodes {
		if n.Ignored {
			continue
		}
		out = append(out, axNode{Role: str(n.Role), Name: str(n.Name), Description: str(n.Description)})
	}
	return out
}

// TestAccessibleNames checks what a screen reader hears (issue 10 item 8):
// every export button names its chart, once; every chart is an image with
// a name and a text summary; a live region announces the run's status.
func TestAccessibleNames(t *testing.T) {
	tb := openAt(t, viewports[2])
	tb.waitJS("the charts", `document.querySelectorAll('figure.chart .chart-svg svg').length >= 4`, waitTimeout)
	charts := mustEval[[]string](tb, "reading the chart titles", `[...document.querySelectorAll('figure.chart')].map(f => document.getElementById(f.id + '-title').textContent)`)

	names := map[string]int{}
	images := map[string]string{}
	for _, n := range tb.axTree() {
		if n.Role == "button" && (strings.Contains(n.Name, "SVG") || strings.Contains(n.Name, "PNG")) {
			names[n.Name]++
		}
		if n.Role == "image" {
			images[n.Name] = n.Description
		}
	}
	exports := 0
	for name, count := range names {
		exports += count
		if count > 1 {
			t.Errorf("%d export buttons share the accessible name %q", count, name)
		}
	}
	if want := 2 * len(charts); exports < want {
		t.Errorf("%d export buttons for %d charts, want at least %d; names %v", exports, len(charts), want, names)
	}
	for _, title := range []string{"Bad minutes per month"} {
		for _, format := range []string{"SVG", "PNG"} {
			if name := "Export " + title + " as " + format; names[name] != 1 {
				t.Errorf("no single button named %q; the export buttons are %v", name, names)
			}
		}
	}
	for _, title := range charts {
		desc, ok := images[title]
		if !ok {
			t.Errorf("chart %q is not an image of that name in the accessibility tree; images: %v", title, keys(images))
			continue
		}
		if !strings.Contains(desc, "%") && !strings.Contains(desc, "min") {
			t.Errorf("chart %q has the description %q, want a text summary of its numbers", title, desc)
		}
	}

	// The live region: its role and politeness, and what it says through a run.
	region := mustEval[map[string]string](tb, "reading the live region", `(() => {
		const e = document.getElementById('run-status');
		return e ? {role: e.getAttribute('role') || '', live: e.getAttribute('aria-live') || '', text: e.textContent} : {};
	})()`)
	if region["role"] != "status" || region["live"] != "polite" {
		t.Fatalf("#run-status is %v, want role=status aria-live=polite", region)
	}
	if !strings.HasPrefix(region["text"], "Done") {
		t.Errorf("after the first run #run-status says %q, want Done…", region["text"])
	}
	tb.do("recording the live region", chromedp.Evaluate[chromedp.Void](`(() => {
		window.__said = [];
		const e = document.getElementById('run-status');
		new MutationObserver(() => window.__said.push(e.textContent)).observe(e, {subtree: true, childList: true, characterData: true});
	})()`))
	tb.setField("trials", "4000")
	tb.waitDone("the run of 4 000 trials")
	tb.waitJS("the live region to say Done", `document.getElementById('run-status').textContent.startsWith('Done')`, waitTimeout)
	said := mustEval[[]string](tb, "reading what the live region said", `window.__said`)
	if !strings.Contains(strings.Join(said, "|"), "Running") || !strings.Contains(said[len(said)-1], "4\u202f000 trials") {
		t.Errorf("through a run the live region said %q, want Running then Done with the trials", said)
	}
}

// TestDefinitions checks the numbers' and charts' definitions (issue 10
// item 6): hovering a headline number or focusing its "?" shows its one
// line, which is also the number's accessible description; the "How the
// model works" link opens the model page under the site's sub-path.
func TestDefinitions(t *testing.T) {
	for _, v := range []viewport{viewports[0], viewports[2]} {
		t.Run(v.name, func(t *testing.T) {
			tb := openAt(t, v)
			shown := func() string {
				return mustEval[string](tb, "reading the visible definitions", `[...document.querySelectorAll('.tip-text')]
					.filter(e => getComputedStyle(e).display !== 'none').map(e => e.textContent).join('|')`)
			}
			if s := shown(); s != "" {
				t.Errorf("definitions show before any hover or focus: %q", s)
			}
			// Hover the service's SLA compliance.
			box := mustEval[[]float64](tb, "locating the SLA number", `(() => {
				const e = document.querySelector('#card-service .headline .value');
				e.scrollIntoView({block: 'center'});
				const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
			tb.do("hovering the SLA number", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, box[0], box[1]))
			if got, want := shown(), glossary.Text(glossary.SLA); got != want {
				t.Errorf("hovering SLA compliance shows %q, want %q", got, want)
			}
			over := mustEval[bool](tb, "checking the tooltip stays on screen", `(() => {
				const e = [...document.querySelectorAll('.tip-text')].find(e => getComputedStyle(e).display !== 'none');
				const r = e.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth; })()`)
			if !over {
				t.Error("the SLA definition runs off the screen")
			}
			tb.do("moving the mouse away", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 1, 1))

			// Focus the "?" of the service's P95 (keyboard users).
			tb.do("focusing the P95 definition", chromedp.Evaluate[chromedp.Void](
				`document.querySelector('#card-service [data-metric="bad-p95"] .tip-btn').focus()`))
			if got, want := shown(), glossary.Text(glossary.BadP95); got != want {
				t.Errorf("focusing the P95's ? shows %q, want %q", got, want)
			}
			tb.do("blurring", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))

			// Every metric and chart has its definition, and a screen reader hears it.
			desc := map[string]string{}
			for _, n := range tb.axTree() {
				if n.Description != "" {
					desc[n.Name] = n.Description
				}
			}
			for _, key := range []string{glossary.SLA, glossary.PBad, glossary.PHardDown, glossary.BadP95, glossary.AvailP05} {
				term, _ := glossary.Lookup(key)
				if got := desc["What is "+term.Name+"?"]; got != term.Text {
					t.Errorf("the ? of %s is described as %q, want %q", term.Name, got, term.Text)
				}
			}
			missing := mustEval[[]string](tb, "finding charts without a definition", `[...document.querySelectorAll('figure.chart')]
				.filter(f => !f.querySelector('.tip-text') || !f.querySelector('.tip-text').textContent).map(f => f.id)`)
			if len(missing) > 0 {
				t.Errorf("charts without a definition: %v", missing)
			}
		})
	}
}

// TestModelPageLink follows "How the model works": it opens the page
// rendered from docs/model.md, under the site's sub-path.
func TestModelPageLink(t *testing.T) {
	tb := openAt(t, viewports[1])
	href := mustEval[string](tb, "reading the model link", `(() => { const a = document.getElementById('model-link'); return a ? a.href : ''; })()`)
	if want := siteURL + "web/model.html"; href != want {
		t.Fatalf("#model-link goes to %q, want %q", href, want)
	}
	tb.do("opening the model page", chromedp.Navigate(href))
	deadline := time.Now().Add(waitTimeout)
	for {
		title := mustEval[string](tb, "reading the title", `document.title`)
		h1 := mustEval[string](tb, "reading the heading", `(document.querySelector('h1') || {}).textContent || ''`)
		if strings.Contains(title, "How the model works") && strings.Contains(h1, "rollout model") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the model page has title %q and heading %q", title, h1)
		}
		time.Sleep(pollEvery)
	}
	if n := mustEval[int](tb, "counting the page's glossary table rows", `document.querySelectorAll('table tr').length`); n < 5 {
		t.Errorf("the model page has %d table rows, want its metric table", n)
	}
}

// everyChartJS measures each chart drawing on screen, anywhere on the
// page (the run's charts, the review's heat maps and tornado, the A/B
// chart, the fit chart): its figure's id, its viewBox width, its width
// and right edge on screen, and its smallest text, as a font size
// (the SVG's font size × its scale) and as a text box's height, in CSS px.
const everyChartJS = `(() => [...document.querySelectorAll('.chart-svg svg')].filter(s => s.getBoundingClientRect().width > 0).map(svg => {
	const sr = svg.getBoundingClientRect(), scale = sr.width / svg.viewBox.baseVal.width;
	const fig = svg.closest('figure');
	let font = 1e9, box = 1e9;
	for (const t of svg.querySelectorAll('text')) {
		const h = t.getBoundingClientRect().height;
		if (h <= 0) continue;
		box = Math.min(box, h);
		font = Math.min(font, parseFloat(getComputedStyle(t).fontSize) * scale);
	}
	return {id: fig ? fig.id : '', viewBox: svg.viewBox.baseVal.width, width: sr.width, right: sr.right, font, box};
}))()`

// drawnChart is one drawing of everyChartJS.
type drawnChart struct {
	ID      string  `json:"id"`
	ViewBox float64 `json:"viewBox"`
	Width   float64 `json:"width"`
	Right   float64 `json:"right"`
	Font    float64 `json:"font"` // CSS px
	Box     float64 `json:"box"`  // CSS px
}

// TestEveryChartLegibleOnPhone follows issue 10 item 3 past the run's
// charts: on a 390 px phone, after the review's sweep and sensitivity
// study, pinning A and editing it into B, and fitting a warm-up to data,
// every chart on the page (the run's, both heat maps, the tornado, the
// A/B chart, the fit chart) shows a compact drawing, with its smallest
// text at least phoneText px and within the viewport; turned into a
// laptop, the page draws them all wide again. It saves a screenshot of
// each of the four kinds to look at.
func TestEveryChartLegibleOnPhone(t *testing.T) {
	phone := viewports[0]
	tb := newTab(t, false)
	tb.do("sizing the viewport", chromedp.EmulateViewport(phone.w, phone.h))
	tb.open(shareURL(t, preset(t, "seed-example")))
	tb.waitJS("a finished run", liveDoneJS, waitTimeout)

	tb.click("Review this scenario", "#review-run")
	tb.waitJS("the advisor's findings", `document.querySelectorAll('#findings .finding').length > 0`, longWaitTimeout)
	tb.click("Sweep…", "#sweep-open")
	tb.click("Run sweep", "#sweep-run")
	tb.waitJS("the sweep's heat maps", `!!document.querySelector('figure#chart-sweep-compliance svg') && !!document.querySelector('figure#chart-sweep-hard-down svg')`, longWaitTimeout)
	tb.click("Sensitivity", "#sensitivity-run")
	tb.waitJS("the tornado", `!!document.querySelector('figure#chart-tornado svg')`, longWaitTimeout)
	// Before the edit below greys them as stale.
	t.Logf("review screenshots: %s %s %s", tb.viewShot("phone-sweep.png", "figure#chart-sweep-compliance"),
		tb.viewShot("phone-hard-down.png", "figure#chart-sweep-hard-down"), tb.viewShot("phone-tornado.png", "figure#chart-tornado"))

	tb.click("Pin as A", "#pin-a")
	tb.waitJS("the A/B section after Pin as A", `!!document.getElementById('compare') && !!document.getElementById('unpin-a')`, waitTimeout)
	tb.setField("roles[0].instances", "4")
	tb.waitJS("the comparison of A with the edited B", compareReadyJS, longWaitTimeout)

	tb.fitDurations("roles[0].warmup")

	want := []string{"chart-sweep-compliance", "chart-sweep-hard-down", "chart-tornado", "chart-compare-bad-minutes", "chart-fit", "chart-bad-minutes"}
	tb.waitJS("every chart drawn compact", fmt.Sprintf(`(() => { const ids = %s;
		const cs = %s;
		return ids.every(id => cs.some(c => c.id === id)) && cs.every(c => c.viewBox <= %d); })()`,
		mustJSON(t, want), everyChartJS, compactChart), waitTimeout)
	cs := mustEval[[]drawnChart](tb, "measuring every chart", everyChartJS)
	seen := map[string]bool{}
	for _, c := range cs {
		seen[c.ID] = true
		if c.Font < phoneText || c.Box < phoneText {
			t.Errorf("%s: the smallest text is %.1f px (font size × scale), its box %.1f px high, want at least %v px", c.ID, c.Font, c.Box, phoneText)
		}
		if c.ViewBox > compactChart {
			t.Errorf("%s: the %v pt wide drawing is on screen, want a compact one (at most %v pt)", c.ID, c.ViewBox, compactChart)
		}
		if c.Right > float64(phone.w)+0.5 {
			t.Errorf("%s: the chart reaches %v px, past the %v px viewport", c.ID, c.Right, phone.w)
		}
		t.Logf("%s: %v px wide, smallest text %.1f px (box %.1f px)", c.ID, c.Width, c.Font, c.Box)
	}
	for _, id := range want {
		if !seen[id] {
			t.Errorf("no chart #%s on the page; it shows %v", id, keys(seen))
		}
	}
	t.Logf("screenshots: %s %s", tb.viewShot("phone-compare.png", "figure#chart-compare-bad-minutes"), tb.viewShot("phone-fit.png", "figure#chart-fit"))

	// Turned into a laptop, every chart is drawn wide again (the fit
	// chart at its page size, 5.5 in).
	tb.do("turning to a laptop", chromedp.EmulateViewport(viewports[1].w, viewports[1].h))
	tb.waitJS("every chart drawn wide again", fmt.Sprintf(`(() => { const ids = %s;
		const cs = %s;
		return ids.every(id => cs.some(c => c.id === id)) && cs.every(c => c.viewBox === (c.id === 'chart-fit' ? 396 : %d)); })()`,
		mustJSON(t, want), everyChartJS, wideChart), waitTimeout)
}

// mustJSON is v as JSON, for a script.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
