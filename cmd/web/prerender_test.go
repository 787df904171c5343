//go:build !(js && wasm)

package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	page "rolloutplanner/app"
	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// TestPrerenderedResult: the generated index.html carries the default
// preset's cards, marked pre-rendered, and their figures are those of
// the engine's own run (rollout -json's) byte for byte.
func TestPrerenderedResult(t *testing.T) {
	app.Route("/", func() app.Composer { return page.NewPlanner() })
	out := t.TempDir()
	if err := generate(out, "", fakeWeb(t)); err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(index)
	if !regexp.MustCompile(`data-prerendered="` + page.DefaultPreset + `"`).MatchString(html) {
		t.Fatalf("index.html has no results marked %s=%q", page.AttrPrerendered, page.DefaultPreset)
	}
	pr, _ := model.PresetByName(page.DefaultPreset)
	acc, err := planner.Run(context.Background(), pr.Scenario, planner.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	res := acc.Result()
	m := regexp.MustCompile(`id="card-service"[\s\S]*?data-metric="sla"[^>]*?data-value="([^"]*)"`).FindStringSubmatch(html)
	if m == nil {
		t.Fatal("index.html has no pre-rendered service SLA figure")
	}
	if want := strconv.FormatFloat(res.Service.SLACompliance.P, 'g', -1, 64); m[1] != want {
		t.Errorf("pre-rendered SLA compliance %s, the engine's run %s", m[1], want)
	}
	bad := regexp.MustCompile(`id="card-service"[\s\S]*?data-metric="p-bad"[^>]*?data-value="([^"]*)"`).FindStringSubmatch(html)
	if bad == nil {
		t.Error("index.html has no pre-rendered P(bad) figure")
	} else {
		if want := strconv.FormatFloat(res.Service.PBad, 'g', -1, 64); bad[1] != want {
			t.Errorf("pre-rendered P(bad) %s, the engine's run %s", bad[1], want)
		}
	}
	if !regexp.MustCompile(`<svg`).MatchString(html) {
		t.Error("index.html has no pre-rendered chart")
	}
}
