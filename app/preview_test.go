package app

import (
	"strings"
	"testing"

	"rolloutplanner/model"
)

func TestPreviewOf(t *testing.T) {
	dists := []model.Dist{
		model.FixedDist(5), model.UniformDist(10, 15), model.TriangularDist(1, 2, 6),
		model.NormalDist(0.5, 0.1), model.LogNormalDist(60, 240), model.ExponentialDist(2),
		model.WeibullDist(1.5, 10), model.EmpiricalDist(3, 4, 4, 5, 9, 12),
	}
	for _, d := range dists {
		p := previewOf(d, "min")
		if !strings.HasPrefix(p.SVG, "<svg") || !strings.HasSuffix(p.SVG, "</svg>") || strings.Contains(p.SVG, "NaN") {
			t.Errorf("%s: svg %.60q", d.Kind, p.SVG)
		}
		if !strings.HasSuffix(p.Caption, " min") {
			t.Errorf("%s: caption %q", d.Kind, p.Caption)
		}
	}
	if p := previewOf(model.LogNormalDist(10, 5), "min"); p.SVG != "" || p.Caption != "" {
		t.Errorf("an invalid dist has a preview: %+v", p)
	}
	if p := previewOf(model.FixedDist(5), ""); p.Caption != "always 5" {
		t.Errorf("fixed caption %q", p.Caption)
	}
}

// TestConvertDist: a new kind keeps a valid dist valid and near its mean.
func TestConvertDist(t *testing.T) {
	from := []model.Dist{model.FixedDist(10), model.LogNormalDist(8, 20), model.FixedDist(0), model.LogNormalDist(10, 5)}
	for _, d := range from {
		for _, k := range model.Kinds {
			c := ConvertDist(d, k)
			if k == d.Kind {
				if scenarioKey(model.Scenario{Roles: []model.Role{{Warmup: c}}}) != scenarioKey(model.Scenario{Roles: []model.Role{{Warmup: d}}}) {
					t.Errorf("%v → its own kind changed it to %v", d, c)
				}
				continue
			}
			if c.Kind != k {
				t.Errorf("%v → %s: kind %s", d, k, c.Kind)
			}
			if ps := c.Validate(); len(ps) > 0 {
				t.Errorf("%v → %s: %v", d, k, ps)
			}
			if len(d.Validate()) == 0 && d.MeanClamped() > 0 {
				if m, want := c.MeanClamped(), d.MeanClamped(); m < want/2 || m > want*2 {
					t.Errorf("%v → %s: mean %v, want near %v", d, k, m, want)
				}
			}
		}
	}
}
