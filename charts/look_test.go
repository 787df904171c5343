package charts

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"rolloutplanner/planner"
)

var pngDir = flag.String("pngdir", "", "write every chart of the test scenarios as PNG (and SVG) to this directory, to look at")

// TestLook writes every chart of the test scenarios to -pngdir. It is
// how the charts were checked by eye; it skips without the flag.
func TestLook(t *testing.T) {
	if *pngDir == "" {
		t.Skip("set -pngdir to write the charts")
	}
	if err := os.MkdirAll(*pngDir, 0o755); err != nil {
		t.Fatal(err)
	}
	all := map[string]planner.Charts{}
	for _, sc := range scenarios(t) {
		c := results(t, sc)
		all[sc.name] = c
		for _, s := range Specs(c) {
			png, err := PNG(s, c)
			if err != nil {
				t.Fatalf("%s %s: %v", sc.name, s.ID(), err)
			}
			base := filepath.Join(*pngDir, sc.name+"-"+s.ID())
			if err := os.WriteFile(base+".png", png, 0o644); err != nil {
				t.Fatal(err)
			}
			svg, err := SVG(s, c)
			if err != nil {
				t.Fatalf("%s %s: %v", sc.name, s.ID(), err)
			}
			if err := os.WriteFile(base+".svg", svg, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	svg, err := CompareBadMinutes(all["seed-example"], all["fleet"], "seed example", "fleet")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*pngDir, CompareID+".svg"), svg, 0o644); err != nil {
		t.Fatal(err)
	}
	ch, err := buildCompare(all["seed-example"], all["fleet"], "seed example", "fleet")
	if err != nil {
		t.Fatal(err)
	}
	png, err := renderPNG(ch, CompareID, ScreenWidth, ScreenHeight, SlideDPI)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*pngDir, CompareID+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
