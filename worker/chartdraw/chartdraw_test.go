package chartdraw

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/worker/sim"
)

// TestDrawEqualsPage: the worker's charts are byte for byte those the page
// draws itself (charts.SVG, or charts.SVGCompact for the compact layout,
// with the scenario for the subtitles), and Decode accepts them.
func TestDrawEqualsPage(t *testing.T) {
	for _, tc := range []struct {
		layout string
		draw   func(charts.Spec, planner.Charts) ([]byte, error)
	}{{Wide, charts.SVG}, {Compact, charts.SVGCompact}} {
		t.Run(tc.layout, func(t *testing.T) { testDrawEqualsPage(t, tc.layout, tc.draw) })
	}
}

func testDrawEqualsPage(t *testing.T, layout string, draw func(charts.Spec, planner.Charts) ([]byte, error)) {
	p, _ := model.PresetByName("seed-example")
	s := p.Scenario
	s.Trials = 500
	acc, err := planner.Run(context.Background(), s, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum := sim.Summary{Result: acc.Result(), Charts: acc.Charts()}
	b, err := sum.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	text, err := model.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Draw(b, text, layout)
	if err != nil {
		t.Fatal(err)
	}
	drawn, err := Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	data := sum.Charts
	specs := charts.Specs(data)
	if len(drawn) != len(specs) {
		t.Errorf("the worker drew %d charts, the page has %d", len(drawn), len(specs))
	}
	for _, spec := range specs {
		spec.Scenario = &s
		want, err := draw(spec, data)
		if err != nil {
			t.Fatal(err)
		}
		if got := drawn[spec.ID()]; got.SVG != string(want) || got.Err != "" {
			t.Errorf("chart %s: the worker's SVG (%d bytes, err %q) differs from the page's (%d bytes)", spec.ID(), len(got.SVG), got.Err, len(want))
		}
	}
}

// TestDecodeRejects: answers that are not the worker's, or carry markup
// that is not a chart's, are errors.
func TestDecodeRejects(t *testing.T) {
	good := Marshal([]Drawn{{ID: "bad-minutes", SVG: `<svg xmlns="http://www.w3.org/2000/svg"></svg>`}})
	for _, tt := range []struct {
		name string
		in   []byte
	}{
		{"JSON, the old format", []byte(`[{"id":"x","err":"no"}]`)},
		{"no charts", Marshal(nil)},
		{"cut short", good[:len(good)-1]},
		{"trailing bytes", append(append([]byte(nil), good...), 0)},
		{"a length past the end", []byte("RPD1\x01\x7f")},
		{"script", Marshal([]Drawn{{ID: "bad-minutes", SVG: `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`}})},
		{"handler", Marshal([]Drawn{{ID: "bad-minutes", SVG: `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`}})},
	} {
		if _, err := Decode(tt.in); err == nil {
			t.Errorf("%s: Decode accepted %q", tt.name, tt.in)
		}
	}
	if m, err := Decode(good); err != nil || len(m) != 1 {
		t.Errorf("Decode of a good answer: %v, %v", m, err)
	}
}

// TestDrawBadInput: damaged summaries and scenarios are errors, not panics.
func TestDrawBadInput(t *testing.T) {
	if _, err := Draw([]byte("RPR2junk"), []byte("{}"), Wide); err == nil {
		t.Error("Draw accepted a damaged summary")
	}
	sum := sim.Summary{}
	b, _ := sum.MarshalBinary()
	if _, err := Draw(b, []byte("{"), Wide); err == nil {
		t.Error("Draw accepted a damaged scenario")
	}
	if _, err := Draw(b, []byte("{}"), "tiny"); err == nil {
		t.Error("Draw accepted an unknown layout")
	}
}

// FuzzDecode: Decode never panics, what it accepts passes CheckSVG, and
// Unmarshal reads back exactly what Marshal wrote.
func FuzzDecode(f *testing.F) {
	f.Add(Marshal([]Drawn{{ID: "x", SVG: `<svg xmlns="http://www.w3.org/2000/svg"></svg>`}}))
	f.Add(Marshal([]Drawn{{ID: "x", Err: "no"}, {ID: "y"}}))
	f.Add([]byte("RPD1\x02\x00\x00\x00\x01a\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, err := Decode(b); err == nil {
			for id, d := range m {
				if d.SVG != "" && charts.CheckSVG([]byte(d.SVG)) != nil {
					t.Errorf("chart %s passed Decode but not CheckSVG", id)
				}
			}
		}
		drawn, err := Unmarshal(b)
		if err != nil {
			return
		}
		if again := Marshal(drawn); !bytes.Equal(again, b) {
			back, err := Unmarshal(again)
			if err != nil || !reflect.DeepEqual(back, drawn) {
				t.Errorf("Unmarshal(Marshal(%v)) = %v, %v", drawn, back, err)
			}
		}
	})
}
