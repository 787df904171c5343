//go:build !js

package app

import (
	"regexp"
	"rolloutplanner/internal/headline"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

func TestBalanceBidi(t *testing.T) {
	tests := []struct{ in, want string }{
		{"web", "web"},
		{"\u202egnp.exe", "\u202egnp.exe\u202c"},
		{"a\u202bb\u202cc", "a\u202bb\u202cc"},
		{"\u202cstray", "stray"},
		{"\u2069\u202eescape", "\u202eescape\u202c"},             // a PDI that would close our isolate
		{"\u2067x\u202ay\u2069z", "\u2067x\u202ay\u2069z"},       // PDI closes the embedding inside its isolate
		{"\u202ax\u2066y\u202cz", "\u202ax\u2066yz\u2069\u202c"}, // PDF cannot close across an isolate
		{"\u2068\u2068", "\u2068\u2068\u2069\u2069"},
	}
	for _, tt := range tests {
		if got := balanceBidi(tt.in); got != tt.want {
			t.Errorf("balanceBidi(%+q) = %+q, want %+q", tt.in, got, tt.want)
		}
	}
	if got := isolated("web"); got != "web" {
		t.Errorf("isolated(web) = %q", got)
	}
	if got := isolated("\u202ex"); got != "\u2068\u202ex\u202c\u2069" {
		t.Errorf("isolated(RLO x) = %+q", got)
	}
}

// evilName is a role name that turns the text after it around.
const evilName = "\u202eevil"

// inBdi matches evilName, balanced, as the whole text of a <bdi>.
var inBdi = regexp.MustCompile(`<bdi>\s*` + regexp.QuoteMeta(balanceBidi(evilName)) + `\s*</bdi>`)

// TestNamesInBdi loads the components that show names in a test engine:
// a name with U+202E is inside a <bdi> in the role card, the role's form,
// the A/B comparison and the review's findings.
func TestNamesInBdi(t *testing.T) {
	pr, _ := model.PresetByName("seed-example")
	sc := pr.Scenario
	sc.Roles = append([]model.Role(nil), sc.Roles...)
	sc.Roles[0].Name = evilName
	sc.Name = evilName

	cards := []headline.Card{{Key: "service", Title: "Service", Metrics: headline.Metrics(planner.Metrics{})},
		{Key: "role-0", Title: evilName, Metrics: headline.Metrics(planner.Metrics{})}}
	comps := map[string]app.Composer{
		"role card": newResultCards(cards, false),
		"role form": newRoleForm(0, sc.Roles[0], formView{}, false),
		"A/B comparison": abPaneShowing(sc, &compareView{
			Cards: []deltaCard{{Key: "role-0", Title: "web", From: evilName}}}),
	}
	for what, c := range comps {
		t.Run(what, func(t *testing.T) {
			e := app.NewTestEngine()
			if err := e.Load(c); err != nil {
				t.Fatal(err)
			}
			e.ConsumeAll()
			html := app.HTMLString(c)
			if !inBdi.MatchString(html) {
				t.Errorf("no <bdi> around the name in %s:\n%s", what, excerpt(html, "evil"))
			}
			if strings.Contains(strings.ReplaceAll(html, balanceBidi(evilName), ""), "\u202e") {
				t.Errorf("an unbalanced U+202E is left in %s", what)
			}
		})
	}
	t.Run("findings", func(t *testing.T) {
		f := findingView{Kind: "k", Severity: "warning", Path: "roles[0].instances",
			Title: evilName + " runs short", Mechanism: "m", Evidence: "role " + evilName + " has 2", Fix: "f",
			names: []string{sc.Name, sc.Roles[0].Name}}
		html := app.HTMLString(renderFinding(f))
		if n := len(inBdi.FindAllString(html, -1)); n != 2 {
			t.Errorf("%d names in <bdi> in the finding, want 2:\n%s", n, html)
		}
		if got := fieldLabel(sc, "roles[0].instances"); !strings.HasPrefix(got, "\u2068"+balanceBidi(evilName)+"\u2069 · ") {
			t.Errorf("fieldLabel = %+q, want the name isolated", got)
		}
	})
	t.Run("diff", func(t *testing.T) {
		a := pr.Scenario
		got := strings.Join(scenarioDiff(a, sc), "\n")
		if strings.Contains(strings.ReplaceAll(got, isolated(evilName), ""), "\u202e") {
			t.Errorf("the diff quotes the name without isolating it: %+q", got)
		}
	})
}

func excerpt(s, near string) string {
	i := strings.Index(s, near)
	if i < 0 {
		return "(no " + near + ")"
	}
	return s[max(0, i-200):min(len(s), i+100)]
}

// abPaneShowing is an A/B pane with a pinned and its comparison v.
func abPaneShowing(a model.Scenario, v *compareView) *abPane {
	ab := &abTest{a: &pinned{scenario: a, result: &sideResult{}}}
	ab.view, ab.viewA = v, ab.a.result
	var shown *shownResult
	var run runFunc
	return &abPane{State: StateDone, ab: ab, shown: &shown, run: &run}
}
