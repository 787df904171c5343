package app

import (
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// TestDistFieldNames: each distribution parameter's input is named by
// its field and parameter ("Warm-up P95"), each "Fit to data…" button by
// its field ("Fit Warm-up to data…"), with labels from model.Fields; and
// no field's form carries an inline event handler.
func TestDistFieldNames(t *testing.T) {
	sc := model.Default()
	sc.Roles[0].Warmup = model.LogNormalDist(5, 10)
	sc.Roles[0].Repair = model.EmpiricalDist(1, 2, 3)
	s := newSession(sc, nil)
	f := newRoleForm(0, s.sc.Roles[0], s.view().sub("roles[0]"), false)
	e := app.NewTestEngine()
	if err := e.Load(f); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	html := app.HTMLString(f)

	for path, want := range map[string]string{
		"roles[0].warmup.p50":        "Warm-up median",
		"roles[0].warmup.p95":        "Warm-up P95",
		"roles[0].onstart.value":     "OnStart value",
		"roles[0].repair.values":     "Repair time observations",
		"roles[0].utilization.value": "Utilisation value",
	} {
		m := regexp.MustCompile(`<(?:input|textarea)[^>]*id="` + regexp.QuoteMeta(fieldID(path)) + `"[^>]*>`).FindString(html)
		if !strings.Contains(m, `aria-label="`+want+`"`) {
			t.Errorf("%s: input %q, want aria-label %q", path, m, want)
		}
	}
	buttons := regexp.MustCompile(`<button[^>]*data-fit-open="[^"]*"[^>]*>`).FindAllString(html, -1)
	names := map[string]bool{}
	for _, b := range buttons {
		m := regexp.MustCompile(`aria-label="([^"]*)"`).FindStringSubmatch(b)
		if m == nil || names[m[1]] {
			t.Errorf("fit button %s: no name of its own", b)
			continue
		}
		names[m[1]] = true
	}
	for _, want := range []string{"Fit Warm-up to data…", "Fit Utilisation to data…", "Fit Repair time to data…"} {
		if !names[want] {
			t.Errorf("no fit button named %q among %v", want, names)
		}
	}
	if len(buttons) != 6 {
		t.Errorf("%d fit buttons, want one per distribution of the role (6)", len(buttons))
	}
	if h := regexp.MustCompile(`\son[a-z]+="`).FindString(html); h != "" {
		t.Errorf("the role form has an inline event handler%s", h)
	}
}
