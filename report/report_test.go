package report

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/fit"
	"rolloutplanner/planner/whatif"
)

// Hostile names: a scenario name that closes the title and a role name
// that would inject an image with a handler.
const (
	hostileScenario = `</title><script>alert(1)</script>`
	hostileRole     = `<img src=x onerror=alert(1)>`
)

// hostile returns the seed example with hostile names and few trials.
func hostile() model.Scenario {
	p, _ := model.PresetByName("seed-example")
	s := p.Scenario.Clone()
	s.Name = hostileScenario
	s.Roles[0].Name = hostileRole
	s.Trials = 1000
	return s
}

// quick keeps Build's test runs small.
var quick = Options{SweepTrials: 300, SensitivityTrials: 300}

var (
	builtOnce sync.Once
	built     Input
	builtErr  error
)

// buildHostile builds the hostile scenario's report once per test binary.
func buildHostile(t *testing.T) Input {
	t.Helper()
	builtOnce.Do(func() { built, builtErr = Build(context.Background(), hostile(), quick) })
	if builtErr != nil {
		t.Fatal(builtErr)
	}
	return built
}

func write(t *testing.T, in Input) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, in); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var svgPart = regexp.MustCompile(`(?s)<svg.*?</svg>`)

func TestWriteHostileNamesEscaped(t *testing.T) {
	in := buildHostile(t)
	html := write(t, in)
	if !strings.HasPrefix(html, "<!DOCTYPE html>") {
		t.Errorf("report starts with %.40q", html)
	}
	for _, bad := range []string{"<img", "<script", "</title><", "onerror=alert(1)>", "javascript:"} {
		if strings.Contains(strings.ToLower(html), strings.ToLower(bad)) {
			i := strings.Index(strings.ToLower(html), strings.ToLower(bad))
			t.Errorf("report holds unescaped %q: …%s…", bad, html[max(0, i-80):min(len(html), i+80)])
		}
	}
	for _, want := range []string{
		"<title>Rollout plan review: &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>",
		"Role <bdi>&lt;img src=x onerror=alert(1)&gt;</bdi></h3>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks the escaped form %q", want)
		}
	}
	if n := strings.Count(html, "<title>"); n != 1 {
		t.Errorf("%d <title> elements", n)
	}
	checkWellFormed(t, html)
}

// checkWellFormed parses the report as HTML with encoding/xml's HTML mode
// (void elements closed, HTML entities known) and every chart as strict
// XML: tags balance and nothing injected opens an element.
func checkWellFormed(t *testing.T, html string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(html))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var stack []string
	allowed := map[string]bool{}
	for _, e := range strings.Fields(`html head meta title style body header h1 h2 h3 p div a span main section
		table tr th td article dl dt dd code strong figure figcaption details summary pre bdi svg g path text`) {
		allowed[e] = true
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("report does not parse: %v", err)
		}
		switch tt := tok.(type) {
		case xml.StartElement:
			if !allowed[tt.Name.Local] {
				t.Errorf("unexpected element <%s>", tt.Name.Local)
			}
			for _, a := range tt.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || a.Name.Local == "src" {
					t.Errorf("attribute %s on <%s>", a.Name.Local, tt.Name.Local)
				}
			}
			if tt.Name.Local != "meta" {
				stack = append(stack, tt.Name.Local)
			}
		case xml.EndElement:
			if tt.Name.Local == "meta" {
				continue
			}
			if len(stack) == 0 || stack[len(stack)-1] != tt.Name.Local {
				t.Fatalf("</%s> closes %v", tt.Name.Local, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		t.Errorf("unclosed elements %v", stack)
	}
	for i, svg := range svgPart.FindAllString(html, -1) {
		d := xml.NewDecoder(strings.NewReader(svg))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("chart %d is not XML: %v", i, err)
			}
		}
	}
}

var chartCount = regexp.MustCompile(`<meta name="rollout-charts" content="(\d+)">`)

func TestWriteHasEverySection(t *testing.T) {
	in := buildHostile(t)
	html := write(t, in)
	specs := charts.Specs(in.Charts)
	want := len(specs) + len(charts.SweepMetrics) + 1 // result charts, heat maps, tornado
	if n := strings.Count(html, "<svg"); n != want {
		t.Errorf("%d <svg> elements, want %d", n, want)
	}
	m := chartCount.FindStringSubmatch(html)
	if m == nil || m[1] != itoa(want) {
		t.Errorf("chart count meta %v, want %d", m, want)
	}
	for _, s := range specs {
		if !strings.Contains(html, `id="chart-`+s.ID()+`"`) {
			t.Errorf("no figure for %s", s.ID())
		}
	}
	for _, w := range []string{
		`id="scenario"`, `id="findings"`, `id="results"`, `id="charts"`, `id="budget"`, `id="sweep"`, `id="sensitivity"`,
		`id="chart-sweep-sla-compliance"`, `id="chart-sweep-hard-down"`, `id="chart-tornado"`,
		"lognormal", "Upgrade domains", "<td>99.95 %</td>", "Host OS: host reboot", "SLA met", "95 % interval",
		"The smallest that does:", `class="smallest"`, "@media print", "Content-Security-Policy",
		`href="index.html#s=v2.`, "1\u202f000 simulated months",
	} {
		if !strings.Contains(html, w) {
			t.Errorf("report lacks %q", w)
		}
	}
	if len(in.Advice.Findings) == 0 {
		t.Error("the seed example has no findings; the findings section is untested")
	}
	for _, f := range in.Advice.Findings {
		if !strings.Contains(html, "<code>"+f.Path+"</code>") {
			t.Errorf("finding %q: no field path %s", f.Title, f.Path)
		}
	}
	// The seed example needs two changes together: shown first.
	together, first := strings.Index(html, `<article class="finding together" id="together">`), strings.Index(html, `<article class="finding critical">`)
	if in.Advice.Together == nil || together < 0 || first < together ||
		!strings.Contains(html, "<h3>Do these together</h3>") ||
		!strings.Contains(html, "<code>roles[0].instances</code> 2 → 4; <code>roles[0].warmup_in_onstart</code> false → true") ||
		!strings.Contains(html, "0 % of months now, 100 % with all of them") {
		t.Errorf("the combination is not shown first (at %d, first finding at %d)", together, first)
	}
	for _, bad := range []string{"<script", "<link", "@import", "url(", "<iframe", "<object"} {
		if strings.Contains(html, bad) {
			t.Errorf("report holds %q: it must need nothing else", bad)
		}
	}
	// Every absolute URL is an SVG namespace; the link is relative.
	for _, u := range regexp.MustCompile(`https?://[^\s"'<>)]+`).FindAllString(html, -1) {
		if !strings.HasPrefix(u, "http://www.w3.org/") {
			t.Errorf("report refers to %s", u)
		}
	}
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		if n /= 10; n == 0 {
			return string(b)
		}
	}
}

func TestLink(t *testing.T) {
	s := hostile()
	for _, tc := range []struct {
		base, prefix string
		wantErr      bool
	}{
		{"", "index.html#s=v2.", false},
		{"https://example.org/planner/", "https://example.org/planner/#s=v2.", false},
		{"https://example.org/planner/#s=v1.old", "https://example.org/planner/#s=v2.", false},
		{"http://127.0.0.1:8080/?x=1", "http://127.0.0.1:8080/?x=1#s=v2.", false},
		{"../planner/index.html", "../planner/index.html#s=v2.", false},
		{"javascript:alert(1)", "", true},
		{"data:text/html,x", "", true},
		{"https://", "", true},
		{"http://a b/", "", true},
	} {
		t.Run(tc.base, func(t *testing.T) {
			link, err := Input{Scenario: s, BaseURL: tc.base}.Link()
			if (err != nil) != tc.wantErr {
				t.Fatalf("Link: %q, %v; want error %v", link, err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if !strings.HasPrefix(link, tc.prefix) {
				t.Fatalf("link %q, want prefix %q", link, tc.prefix)
			}
			_, code, _ := strings.Cut(link, "#s=")
			back, err := model.DecodeURL(code)
			if err != nil || back.Name != s.Name || back.Roles[0].Name != s.Roles[0].Name {
				t.Errorf("the link does not reopen the scenario: %v, %q", err, back.Name)
			}
		})
	}
	in := buildHostile(t)
	in.BaseURL = "https://example.org/planner/"
	if html := write(t, in); !strings.Contains(html, `href="https://example.org/planner/#s=v2.`) {
		t.Error("the report does not use its BaseURL")
	}
	in.BaseURL = "javascript:alert(1)"
	if err := Write(io.Discard, in); err == nil {
		t.Error("Write with a javascript: base URL: no error")
	}
}

func TestWriteOptionalSections(t *testing.T) {
	full := buildHostile(t)
	bare := Input{Scenario: full.Scenario, Result: full.Result, Charts: full.Charts}
	html := write(t, bare)
	for _, absent := range []string{`id="findings"`, `id="sweep"`, `id="sensitivity"`, `id="fits"`} {
		if strings.Contains(html, absent) {
			t.Errorf("a report without that section holds %s", absent)
		}
	}
	if n, want := strings.Count(html, "<svg"), len(charts.Specs(full.Charts)); n != want {
		t.Errorf("%d charts, want %d", n, want)
	}
	if !strings.Contains(html, `id="budget"`) {
		t.Error("no budget computed from the result")
	}
	// The seed example uses several times its allowance: shares above 100 %.
	b := whatif.BudgetFromResult(full.Scenario, full.Result)
	if want := "<td class=\"num\">" + num(100*b.Share.Mean) + " %</td>"; b.Share.Mean <= 1 || !strings.Contains(html, want) {
		t.Errorf("budget: mean share %g, want %q in the table", b.Share.Mean, want)
	}

	// Fits, a failing chart and an empty advice.
	data := []float64{3, 4.5, 5, 6, 7.5, 9, 12}
	c, err := fit.Calibrate(data)
	if err != nil {
		t.Fatal(err)
	}
	withFits := bare
	withFits.Fits = []FitInput{{What: hostileRole, Data: data, Calibration: c}, {What: "broken", Data: nil}}
	adv := *full.Advice
	adv.Findings = nil
	withFits.Advice = &adv
	html = write(t, withFits)
	for _, w := range []string{`id="chart-fit-1"`, "This chart could not be drawn", "The advisor has no findings", "&lt;img src=x onerror=alert(1)&gt;"} {
		if !strings.Contains(html, w) {
			t.Errorf("report lacks %q", w)
		}
	}
	if m := chartCount.FindStringSubmatch(html); m == nil || m[1] != itoa(len(charts.Specs(full.Charts))+1) {
		t.Errorf("chart count %v counts the failed chart", m)
	}
	checkWellFormed(t, html)
}

func TestWriteNoResult(t *testing.T) {
	if err := Write(io.Discard, Input{Scenario: hostile()}); !errors.Is(err, ErrNoResult) {
		t.Errorf("Write without a result: %v, want ErrNoResult", err)
	}
}

func TestBuildProgressAndCancel(t *testing.T) {
	s := hostile()
	s.Trials = 400
	seen := map[Stage]bool{}
	_, err := Build(context.Background(), s, Options{SweepTrials: 100, SensitivityTrials: 100,
		Progress: func(st Stage, done, total int) {
			seen[st] = true
			if done > total || total <= 0 {
				t.Errorf("%s: progress %d of %d", st, done, total)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []Stage{StageRun, StageAdvice, StageSweep, StageSensitivity} {
		if !seen[st] {
			t.Errorf("no progress for stage %s", st)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, err = Build(ctx, s, Options{Progress: func(st Stage, done, total int) {
		if calls++; st == StageSweep {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Build: %v, want context.Canceled", err)
	}

	bad := s
	bad.UpgradeDomains = 0
	if _, err := Build(context.Background(), bad, quick); err == nil || !strings.Contains(err.Error(), "upgrade_domains") {
		t.Errorf("invalid scenario: %v, want its problems", err)
	}
	if _, err := Build(context.Background(), s, Options{BaseURL: "javascript:x"}); err == nil {
		t.Error("bad base URL: no error")
	}
	for _, base := range []string{"javascript:x", "https:///nohost", "http://[::1"} {
		_, err := Input{Scenario: s, BaseURL: base}.Link()
		if be, ok := errors.AsType[*BaseURLError](err); !ok || be.URL != base || !strings.HasPrefix(be.Problem(), "base URL ") {
			t.Errorf("Link with base %q: %v, want a *BaseURLError", base, err)
		}
	}
	none := Options{NoAdvice: true, NoSweep: true, NoSensitivity: true}
	in, err := Build(context.Background(), s, none)
	if err != nil || in.Advice != nil || in.Sweep != nil || in.Sensitivity != nil || in.Result.Trials != 400 {
		t.Errorf("Build without the optional stages: %v, %+v", err, in.Result.Trials)
	}
}

func TestDefaultGrid(t *testing.T) {
	fleet, _ := model.PresetByName("fleet")
	seed, _ := model.PresetByName("seed-example")
	res := func(ps ...float64) planner.Result {
		var r planner.Result
		for _, p := range ps {
			r.Roles = append(r.Roles, planner.RoleResult{Metrics: planner.Metrics{SLACompliance: planner.Proportion{P: p}}})
		}
		return r
	}
	for _, tc := range []struct {
		name    string
		s       model.Scenario
		r       planner.Result
		role    int
		counts  []int
		domains []int
	}{
		{"seed", seed.Scenario, res(0), 0, []int{1, 2, 3, 4}, []int{2, 3, 5}},
		{"fleet, worst api", fleet.Scenario, res(0.9, 0.5, 0.7), 1, []int{3, 4, 5, 6}, []int{2, 3, 5}},
		{"one instance, 7 domains", func() model.Scenario {
			s := seed.Scenario.Clone()
			s.Roles[0].Instances, s.UpgradeDomains = 1, 7
			return s
		}(), res(0), 0, []int{1, 2, 3}, []int{2, 3, 5, 7}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := DefaultGrid(tc.s, tc.r)
			if len(g.Instances) != tc.role+1 || !equal(g.Instances[tc.role], tc.counts) {
				t.Errorf("instances %v, want %v for role %d", g.Instances, tc.counts, tc.role)
			}
			if !equal(g.UpgradeDomains, tc.domains) {
				t.Errorf("domains %v, want %v", g.UpgradeDomains, tc.domains)
			}
			if len(g.Warmup) != 2 {
				t.Errorf("warm-up modes %v", g.Warmup)
			}
			if _, err := whatif.Cells(tc.s, g); err != nil {
				t.Errorf("the grid does not apply: %v", err)
			}
		})
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		d    model.Dist
		u    unit
		want string
	}{
		{model.FixedDist(5), minutes, "always 5 min"},
		{model.FixedDist(0.75), share, "always 75 %"},
		{model.UniformDist(2, 8), minutes, "uniform between 2 and 8 min"},
		{model.TriangularDist(2, 4, 8), minutes, "triangular between 2 and 8 min, most often 4 min"},
		{model.NormalDist(0.6, 0.08), share, "normal, mean 60 %, standard deviation 8 %"},
		{model.LogNormalDist(5, 12), minutes, "lognormal, median 5 min, 95th percentile 12 min"},
		{model.ExponentialDist(30), minutes, "exponential, mean 30 min"},
		{model.WeibullDist(2, 10), minutes, "Weibull, shape 2, scale 10 min"},
		{model.EmpiricalDist(9, 3, 4.5), minutes, "3 observations resampled: 3 to 9 min, median 4.5 min"},
		{model.EmpiricalDist(), minutes, "empirical, no observations"},
		{model.Dist{Kind: "moon"}, minutes, `unknown kind "moon"`},
	} {
		if got := describe(tc.d, tc.u); got != tc.want {
			t.Errorf("describe(%+v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// TestWriteUsesDrawnCharts: charts the caller already drew (the page has
// them on screen) go into the report as they are; the others are drawn.
func TestWriteUsesDrawnCharts(t *testing.T) {
	full := buildHostile(t)
	specs := charts.Specs(full.Charts)
	const marker = `<svg xmlns="http://www.w3.org/2000/svg" data-test="pre-drawn"></svg>`
	in := full
	in.Drawn = map[string]string{
		specs[0].ID():                  marker,
		string(charts.SweepCompliance): marker,
		charts.TornadoID:               marker,
		specs[1].ID():                  "not svg: drawn again",
	}
	html := write(t, in)
	if n := strings.Count(html, `data-test="pre-drawn"`); n != 3 {
		t.Errorf("%d pre-drawn charts in the report, want 3", n)
	}
	if strings.Contains(html, "not svg") {
		t.Error("a pre-drawn entry that is not SVG markup reached the report")
	}
	if n, want := strings.Count(html, "<svg"), strings.Count(write(t, full), "<svg"); n != want {
		t.Errorf("%d charts with some pre-drawn, %d without", n, want)
	}
}
