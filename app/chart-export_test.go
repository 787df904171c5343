//go:build !js

package app

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"rolloutplanner/charts"
)

// TestChartsZip: "All charts" holds every chart on the page, the run's,
// the A/B comparison, both heat maps, the tornado and the fit chart, each
// as a valid SVG and a PNG named by chart.
func TestChartsZip(t *testing.T) {
	p := reviewedPage(t)
	p.ab.a = &pinned{scenario: p.shown.scenario, result: &sideResult{result: p.shown.result, data: p.shown.data}}
	out := calibrateText("12\n15\n9\n22\n17\n14\n30\n11\n13\n19", "Warm-up")
	if out.SVG == "" {
		t.Fatalf("no fit chart: %+v", out)
	}
	p.exports.fit = &out.chart

	var want []string
	for _, c := range p.shown.charts {
		want = append(want, c.ID)
	}
	want = append(want, charts.CompareID, "sweep-compliance", "sweep-hard-down", "tornado", charts.FitID)

	calls := 0
	d, err := p.sources().chartsZip(func(done, total int) {
		if done != calls || total != len(want) {
			t.Errorf("progress %d of %d at call %d, want %d of %d", done, total, calls, calls, len(want))
		}
		calls++
	})
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "seed-example-2-web-instances-warm-up-after.charts.zip" && !strings.HasSuffix(d.Name, ".charts.zip") || d.Type != "application/zip" {
		t.Errorf("zip %q of type %q", d.Name, d.Type)
	}
	zr, err := zip.NewReader(bytes.NewReader(d.Data), int64(len(d.Data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		switch {
		case strings.HasSuffix(f.Name, ".svg"):
			if !bytes.HasPrefix(b, []byte("<svg")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("</svg>")) {
				t.Errorf("%s is not SVG: starts %.20q", f.Name, b)
			}
		case strings.HasSuffix(f.Name, ".png"):
			if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
				t.Errorf("%s is not PNG: starts %.8q", f.Name, b)
			}
		default:
			t.Errorf("unexpected entry %s", f.Name)
		}
	}
	var wantNames []string
	for _, id := range want {
		wantNames = append(wantNames, id+".svg", id+".png")
	}
	if !slices.Equal(names, wantNames) {
		t.Errorf("entries %v, want %v", names, wantNames)
	}
	// Each chart exports alone too, by the id its buttons carry.
	for _, id := range want {
		for _, what := range []string{"svg", "png"} {
			d, err := buildExport(exportRequest{What: what, Chart: id}, p.sources())
			if err != nil || len(d.Data) == 0 || !strings.HasSuffix(d.Name, "."+id+"."+what) {
				t.Errorf("%s %s: %q, %d bytes, %v", id, what, d.Name, len(d.Data), err)
			}
		}
	}
	// Without results or charts there is nothing to zip.
	if _, err := (chartSources{}).chartsZip(nil); err == nil {
		t.Error("an empty zip: no error")
	}
}

// TestExportSubtitleFollowsRun: the page's charts and their exports state
// the facts of the scenario the results were computed from: after an edit
// to 4 instances and its run, "4 web instances"; while that run is still
// to come, the previous numbers with their own facts, and a notice.
func TestExportSubtitleFollowsRun(t *testing.T) {
	sc, shown := smallRun(t, "seed-example", 300)
	id := shown.charts[0].ID
	if !strings.Contains(shown.charts[0].SVG, "2 web instances in 5 upgrade domains") {
		t.Errorf("the page's chart does not state 2 web instances")
	}
	edited := sc.Clone()
	edited.Roles[0].Instances = 4
	src := chartSources{shown: shown, sc: edited}
	d, err := buildExport(exportRequest{What: "svg", Chart: id}, src)
	if err != nil || !bytes.Contains(d.Data, []byte("2 web instances in 5")) {
		t.Errorf("the export of the results on screen does not state their scenario: %v", err)
	}
	if note := staleNote(exportRequest{What: "svg", Chart: id}, src); !strings.Contains(note, "before your last edit") {
		t.Errorf("no stale note: %q", note)
	}
	if note := staleNote(exportRequest{What: "svg", Chart: id}, chartSources{shown: shown, sc: sc}); note != "" {
		t.Errorf("a stale note on fresh results: %q", note)
	}

	// Rerun with 4 instances (smallRun on the preset, edited).
	pr := sc
	pr.Roles[0].Instances = 4
	_, shown4 := smallRunScenario(t, pr)
	if !strings.Contains(shown4.charts[0].SVG, "4 web instances in 5 upgrade domains") || strings.Contains(shown4.charts[0].SVG, "2 web instances") {
		t.Errorf("the page's chart after the edit does not state 4 web instances")
	}
	d, err = buildExport(exportRequest{What: "png", Chart: id}, chartSources{shown: shown4, sc: pr})
	if err != nil || !bytes.HasPrefix(d.Data, []byte("\x89PNG")) {
		t.Errorf("PNG: %v", err)
	}
	d, _ = buildExport(exportRequest{What: "svg", Chart: id}, chartSources{shown: shown4, sc: pr})
	if !bytes.Contains(d.Data, []byte("4 web instances in 5")) {
		t.Error("the SVG export after the edit does not state 4 web instances")
	}
}
