package charts

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"rolloutplanner/model"
)

// fillRE finds a filled path's colour in vgsvg's style attribute.
var fillRE = regexp.MustCompile(`fill:(#[0-9A-Fa-f]{6})`)

// fills counts the fill colours of the SVG's <path> elements (text and
// the background are not paths, or are white).
func fills(t *testing.T, svg []byte) map[string]int {
	t.Helper()
	out := map[string]int{}
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG does not parse: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "path" {
			continue
		}
		for _, a := range se.Attr {
			if a.Name.Local == "style" {
				if m := fillRE.FindStringSubmatch(a.Value); m != nil {
					out[strings.ToUpper(m[1])]++
				}
			}
		}
	}
	return out
}

func hexOf(i int) string {
	c := barColor(i)
	const h = "0123456789ABCDEF"
	b := []byte{'#', h[c.R>>4], h[c.R&15], h[c.G>>4], h[c.G&15], h[c.B>>4], h[c.B&15]}
	return string(b)
}

// TestLegendSwatchesMatchBars: every filled swatch of the capacity-loss
// legend has a colour the bars are drawn in (the "bar: mean" swatch was
// grey while the bars were blue), for one role and for three.
func TestLegendSwatchesMatchBars(t *testing.T) {
	for _, name := range []string{"seed-example", "fleet"} {
		var sc namedScenario
		for _, s := range scenarios(t) {
			if s.name == name {
				sc = s
			}
		}
		c := results(t, sc)
		svg, err := SVG(Spec{Kind: CapacityLoss, Pass: model.HostOS}, c)
		if err != nil {
			t.Fatal(err)
		}
		bars := map[string]bool{"#FFFFFF": true} // the background
		for i := range c.CapacityLoss {
			bars[hexOf(i)] = true
		}
		got := fills(t, svg)
		for col, n := range got {
			if !bars[col] {
				t.Errorf("%s: %d path(s) filled %s, which no bar is drawn in (bars: %v)", name, n, col, bars)
			}
		}
		// Each role's colour fills its bars, its legend swatch and its
		// stripe of the "bar: mean" swatch.
		domains := len(c.CapacityLoss[0].UDCapacityLoss[0].Domains)
		for i := range c.CapacityLoss {
			drawn := 0
			for _, d := range c.CapacityLoss[i].UDCapacityLoss[0].Domains {
				if d.Mean > 0 {
					drawn++
				}
			}
			if n := got[hexOf(i)]; n != drawn+2 {
				t.Errorf("%s: role %d's colour %s fills %d paths, want %d bars (of %d domains) + 2 swatches", name, i, hexOf(i), n, drawn, domains)
			}
		}
	}
}

// TestSubtitleFollowsScenario: with the scenario the results came from,
// the subtitle states its numbers, not its (stale) name.
func TestSubtitleFollowsScenario(t *testing.T) {
	pr, _ := model.PresetByName("seed-example")
	sc := pr.Scenario
	sc.Roles[0].Instances = 4
	c := results(t, namedScenario{"seed-4", sc})
	for _, s := range Specs(c) {
		s.Scenario = &sc
		ch, err := build(s, c)
		if err != nil {
			t.Fatal(err)
		}
		want := "4 web instances in 5 upgrade domains, warm-up after OnStart · 2\u202f000 simulated months"
		if ch.subtitle != want {
			t.Errorf("%s: subtitle %q, want %q", s.ID(), ch.subtitle, want)
		}
		svg, err := SVG(s, c)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(svg, []byte("2 web instances")) || !bytes.Contains(svg, []byte("4 web instances")) {
			t.Errorf("%s: the SVG does not state 4 web instances", s.ID())
		}
	}
	// Without it, the name, as before.
	if ch, _ := build(Specs(c)[0], c); !strings.HasPrefix(ch.subtitle, "Seed example: 2 web instances") {
		t.Errorf("subtitle without a scenario %q", ch.subtitle)
	}
}

func TestScenarioFacts(t *testing.T) {
	two := model.Default()
	two.Roles = []model.Role{model.DefaultRole("web"), model.DefaultRole("api")}
	two.Roles[0].Instances, two.Roles[1].Instances = 3, 1
	two.Roles[1].WarmupInOnStart = true
	one := model.Default()
	one.UpgradeDomains = 1
	one.Roles[0].Instances = 1
	one.Roles[0].WarmupInOnStart = true
	tests := []struct {
		s    model.Scenario
		want string
	}{
		{two, "web ×3, api ×1 in 5 upgrade domains, warm-up in OnStart for api"},
		{one, "1 web instance in 1 upgrade domain, warm-up in OnStart"},
	}
	for _, tt := range tests {
		if got := ScenarioFacts(tt.s); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestInstancesIn(t *testing.T) {
	tests := []struct{ n, u, ud, want int }{
		{2, 5, 0, 1}, {2, 5, 1, 1}, {2, 5, 2, 0}, {7, 5, 1, 2}, {7, 5, 2, 1}, {3, 1, 0, 3}, {3, 1, 1, 0}, {0, 5, 0, 0},
	}
	for _, tt := range tests {
		if got := InstancesIn(tt.n, tt.u, tt.ud); got != tt.want {
			t.Errorf("InstancesIn(%d, %d, %d) = %d, want %d", tt.n, tt.u, tt.ud, got, tt.want)
		}
	}
}

// TestFullLossReason: a 100 % loss says why; every instance in the
// domain when that is so.
func TestFullLossReason(t *testing.T) {
	s := model.Default()
	s.Roles = []model.Role{model.DefaultRole("web"), model.DefaultRole("api")}
	s.Roles[0].Instances, s.Roles[1].Instances = 1, 2
	tests := []struct {
		name          string
		s             model.Scenario
		role, ud      int
		mean          float64
		want, without string
	}{
		{"one instance", s, 0, 0, 1, "the only web instance lives there", ""},
		{"others cold", s, 1, 1, 1, "1 of the 2 api instances lives there; the other is not warm yet", "every"},
		{"below 100 %", s, 1, 1, 0.99, "", ""},
		{"shown as 100 %", s, 0, 0, 0.9996, "only web", ""},
		{"role out of range", s, 2, 0, 1, "", ""},
	}
	one := s
	one.UpgradeDomains = 1
	tests = append(tests, struct {
		name          string
		s             model.Scenario
		role, ud      int
		mean          float64
		want, without string
	}{"one domain", one, 1, 0, 1, "every api instance (2) lives there", ""})
	for _, tt := range tests {
		got := FullLossReason(tt.s, tt.role, tt.ud, tt.mean)
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) || tt.without != "" && strings.Contains(got, tt.without) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestFullLossNoteOnChart: a role with its only instance in domain 0
// loses 100 % there, and the capacity-loss chart says why.
func TestFullLossNoteOnChart(t *testing.T) {
	pr, _ := model.PresetByName("seed-example")
	sc := pr.Scenario
	sc.Roles[0].Instances = 1
	c := results(t, namedScenario{"seed-1", sc})
	s := Spec{Kind: CapacityLoss, Pass: model.HostOS, Scenario: &sc}
	svg, err := SVG(s, c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("100 % in domain 0: the only web instance lives there")) {
		t.Errorf("the chart does not say why web loses 100 %% in domain 0:\n%s", texts(svg))
	}
	s.Scenario = nil
	svg, _ = SVG(s, c)
	if bytes.Contains(svg, []byte("lives there")) {
		t.Error("a note without the scenario")
	}
}

// TestComparePNG: the A/B chart renders as a PNG too.
func TestComparePNG(t *testing.T) {
	var a, b namedScenario
	for _, s := range scenarios(t) {
		switch s.name {
		case "seed-example":
			a = s
		case "warmup-in-onstart":
			b = s
		}
	}
	png, err := ComparePNG(results(t, a), results(t, b), "A", "B")
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("err %v, starts %.8q", err, png)
	}
}

// texts returns the text elements' content of an SVG, one per line.
func texts(svg []byte) string {
	var b strings.Builder
	d := xml.NewDecoder(bytes.NewReader(svg))
	in := false
	for {
		tok, err := d.Token()
		if err != nil {
			return b.String()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == "text"
		case xml.CharData:
			if in {
				b.Write(t)
				b.WriteByte('\n')
			}
		case xml.EndElement:
			in = false
		}
	}
}
