//go:build !js

package app

import (
	"regexp"
	"rolloutplanner/internal/headline"
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// prerendered is the page as the static site writes it.
func prerendered(t *testing.T) (*Planner, string) {
	t.Helper()
	p := NewPlanner()
	p.OnInit()
	return p, app.HTMLString(p)
}

func TestPrerenderedPage(t *testing.T) {
	p, html := prerendered(t)
	for _, want := range []string{
		`id="planner"`, `data-state="running"`, `id="preset"`, `id="share-link"`, `id="copy-link"`,
		`id="run-progress"`, `id="run-cancel"`, `id="run-adaptive"`, `id="run-trials"`,
		`id="export-csv"`, `id="export-json"`, `id="export-scenario"`, `id="import-scenario"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the pre-rendered page has no %s", want)
		}
	}
	if strings.Contains(html, AttrLive) {
		t.Error("the pre-rendered page claims to be live")
	}
	if !regexp.MustCompile(`<p id="notice" role="alert">\s*</p>`).MatchString(html) &&
		!regexp.MustCompile(`<p role="alert" id="notice">\s*</p>`).MatchString(html) {
		t.Error("the notice is not empty, or missing")
	}
	// Every field of the form has its input.
	for _, path := range fieldPaths(&p.sess.sc) {
		if !strings.Contains(html, `id="`+fieldID(path)+`"`) {
			t.Errorf("no input for %s (#%s)", path, fieldID(path))
		}
	}
	// Every preset is an option of the menu.
	for _, pr := range model.Presets() {
		if !strings.Contains(html, `value="`+pr.Name+`"`) {
			t.Errorf("no option for preset %s", pr.Name)
		}
	}
}

func TestProblemsShowInline(t *testing.T) {
	p, _ := prerendered(t)
	p.sess.edit(Edit{"roles[0].instances", "0"})
	p.sess.edit(Edit{"passes.host_os.host_reboot.max", "x"})

	p.run.state = StateInvalid
	html := app.HTMLString(p)
	for _, path := range []string{"roles[0].instances", "passes.host_os.host_reboot.max"} {
		re := regexp.MustCompile(`<p[^>]*id="` + regexp.QuoteMeta(FieldID(path)+ProblemSuffix) + `"[^>]*>`)
		tag := re.FindString(html)
		if tag == "" {
			re = regexp.MustCompile(`<p[^>]*class="problem"[^>]*id="` + regexp.QuoteMeta(FieldID(path)+ProblemSuffix) + `"`)
			tag = re.FindString(html)
		}
		if tag == "" || !strings.Contains(tag, `class="problem"`) {
			t.Errorf("no problem message for %s", path)
		}
	}
	if !strings.Contains(html, "must be a number") || !strings.Contains(html, `data-state="invalid"`) {
		t.Error("the messages or the invalid state are missing")
	}
	if !strings.Contains(html, "Fix the marked fields") {
		t.Error("no word on why there are no results")
	}
}

// TestUntrustedNamesAreText: names from links and files never become
// markup, in the form, the cards or the charts.
func TestUntrustedNamesAreText(t *testing.T) {
	const evil = `<img src=x onerror=alert(1)>`
	sc, shown := smallRun(t, "seed-example", 200)
	_ = sc
	p, _ := prerendered(t)
	p.sess.edit(Edit{"name", evil})
	p.sess.edit(Edit{"roles[0].name", evil})

	shown.result.Roles[0].Name = evil
	shown.cards = headline.Cards(shown.result)
	p.shown = shown
	p.notice = "link " + evil
	html := app.HTMLString(p)
	// Attribute values (input values) hold the name as data; go-app
	// writes them with strconv.Quote. Outside them no tag may appear.
	outside := regexp.MustCompile(`="(?:[^"\\]|\\.)*"`).ReplaceAllString(html, `=""`)
	if strings.Contains(outside, "<img") {
		t.Error("a name became markup")
	}
	if !strings.Contains(html, "&lt;img") {
		t.Error("the name is not shown as text")
	}
}

func TestResultsRender(t *testing.T) {
	_, shown := smallRun(t, "fleet", 400)
	p, _ := prerendered(t)
	p.shown = shown
	p.run.state = StateDone
	p.run.progress.set(400, 400)
	html := app.HTMLString(p)
	if !strings.Contains(html, `id="`+ServiceCardID+`"`) {
		t.Error("no service card")
	}
	for i := range shown.result.Roles {
		if !strings.Contains(html, `id="`+RoleCardPrefix+strconv.Itoa(i)+`"`) {
			t.Errorf("no card for role %d", i)
		}
	}
	sla := shown.result.Service.SLACompliance.P
	if !tagHas(html, `data-metric="sla"`, `data-value="`+headline.Exact(sla)+`"`) {
		t.Errorf("the service's SLA compliance %v is not in a data-value", sla)
	}
	for _, key := range []string{MetricSLA, MetricPBad, MetricPHardDown, MetricBadMean, MetricBadP95, MetricAvailP05, MetricServed} {
		if n := strings.Count(html, `data-metric="`+key+`"`); n != 1+len(shown.result.Roles) {
			t.Errorf("metric %s on %d cards, want %d", key, n, 1+len(shown.result.Roles))
		}
	}
	for _, c := range shown.charts {
		if !strings.Contains(html, `id="`+ChartIDPrefix+c.ID+`"`) {
			t.Errorf("no figure for chart %s", c.ID)
		}
		for _, kind := range []string{"svg", "png"} {
			if !strings.Contains(html, `data-chart="`+c.ID+`"`) || !strings.Contains(html, `data-export="`+kind+`"`) {
				t.Errorf("no %s export for chart %s", kind, c.ID)
			}
		}
	}
	if strings.Contains(html, "<?xml") || strings.Count(html, "<svg") < len(shown.charts) {
		t.Error("charts are not inline SVG")
	}
	if !strings.Contains(html, `data-done="400"`) || !strings.Contains(html, `data-total="400"`) {
		t.Error("progress attributes missing")
	}
}

func TestCardsFor(t *testing.T) {
	_, shown := smallRun(t, "fleet", 300)
	cards := headline.Cards(shown.result)
	if len(cards) != 1+len(shown.result.Roles) || cards[0].Key != "service" || cards[1].Key != "role-0" {
		t.Fatalf("cards %v", cards)
	}
	keys := []string{mSLA, mPBad, mPHardDown, mBadMean, mBadP95, mAvailP05, mServed}
	for _, c := range cards {
		for i, m := range c.Metrics {
			if m.Key != keys[i] || m.Text == "" || m.Label == "" {
				t.Errorf("card %s metric %d: %+v", c.Key, i, m)
			}
		}
	}
	if got := cards[0].Metrics[0].Value; got != shown.result.Service.SLACompliance.P {
		t.Errorf("service SLA %v, want %v", got, shown.result.Service.SLACompliance.P)
	}
	if !strings.Contains(cards[0].Metrics[0].Detail, "95 % interval") {
		t.Errorf("no interval: %q", cards[0].Metrics[0].Detail)
	}
}

// tagHas reports whether some start tag of html carries both attributes,
// in whatever order the renderer writes them.
func tagHas(html, attr, other string) bool {
	for _, tag := range regexp.MustCompile(`<[a-z][^>]*>`).FindAllString(html, -1) {
		if strings.Contains(tag, attr) && strings.Contains(tag, other) {
			return true
		}
	}
	return false
}
