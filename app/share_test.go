package app

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"rolloutplanner/model"
)

func TestCodeFromURL(t *testing.T) {
	tests := []struct {
		raw    string
		want   string
		wantOK bool
	}{
		{"http://h/", "", false},
		{"http://h/#s=v1.abc-_", "v1.abc-_", true},
		{"http://h/sub/path/#s=v1.abc", "v1.abc", true},
		{"http://h/?s=v1.q", "v1.q", true},
		{"http://h/?s=v1.q#s=v1.f", "v1.f", true}, // the fragment wins
		{"http://h/#s=", "", true},                // an empty link still gets a message
		{"http://h/#other=1", "", false},
		{"http://h/#top", "", false},
		{"http://h/#s=v2.future", "v2.future", true},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.raw)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := codeFromURL(u)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("codeFromURL(%s) = %q, %v; want %q, %v", tt.raw, got, ok, tt.want, tt.wantOK)
		}
	}
	if _, ok := codeFromURL(nil); ok {
		t.Error("codeFromURL(nil) found a code")
	}
}

func TestLinkFor(t *testing.T) {
	tests := []struct{ page, code, want string }{
		{"http://127.0.0.1:8080/", "v1.abc", "http://127.0.0.1:8080/#s=v1.abc"},
		{"http://h/sub/path/#s=v1.old", "v1.new", "http://h/sub/path/#s=v1.new"},
		{"http://h/?s=v1.old&x=1", "v1.new", "http://h/?x=1#s=v1.new"},
		{"http://h/?s=v1.old", "v1.new", "http://h/#s=v1.new"},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.page)
		if got := linkFor(u, tt.code).String(); got != tt.want {
			t.Errorf("linkFor(%s, %s) = %s, want %s", tt.page, tt.code, got, tt.want)
		}
		if u.String() != tt.page {
			t.Errorf("linkFor changed its argument to %s", u)
		}
	}
}

// TestLinkRoundTrip puts each preset into a link and reads it back.
func TestLinkRoundTrip(t *testing.T) {
	page, _ := url.Parse("http://127.0.0.1:8080/planner/")
	for _, pr := range model.Presets() {
		code, err := model.EncodeURL(pr.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		link := linkFor(page, code).String()
		if !strings.Contains(link, "#s=v2.") {
			t.Errorf("%s: link %s does not show the version", pr.Name, link)
		}
		u, _ := url.Parse(link)
		got, ok := codeFromURL(u)
		if !ok || got != code {
			t.Fatalf("%s: read back %q, want %q", pr.Name, got, code)
		}
		sc, err := model.DecodeURL(got)
		if err != nil || scenarioKey(sc) != scenarioKey(pr.Scenario) {
			t.Errorf("%s: round trip changed the scenario (err %v)", pr.Name, err)
		}
	}
}

func TestLinkProblem(t *testing.T) {
	big := fmt.Errorf("%w: its code would be 70000 characters and a link carries at most 65536; share it as a JSON file instead", model.ErrURLTooLarge)
	want := "This scenario is too large for a link: its code would be 70000 characters and a link carries at most 65536. Use Export scenario to share it as a file."
	if got := linkProblem(big); got != want {
		t.Errorf("linkProblem(too large) = %q, want %q", got, want)
	}
	if got := linkProblem(errors.New("NaN")); !strings.Contains(got, "cannot be put in a link") {
		t.Errorf("linkProblem(other) = %q", got)
	}
}

// TestTooLargeScenarioHasNoLink builds a scenario whose link passes the
// size cap: EncodeURL refuses it and the page says why.
func TestTooLargeScenarioHasNoLink(t *testing.T) {
	pr, _ := model.PresetByName(DefaultPreset)
	sc := pr.Scenario
	vs := make([]float64, model.MaxEmpiricalValues)
	for i := range vs {
		vs[i] = float64(i)*1.000123 + 1/float64(i+3) // incompressible
	}
	for i := range sc.Roles {
		sc.Roles[i].Warmup = model.EmpiricalDist(vs...)
		sc.Roles[i].OnStart = model.EmpiricalDist(vs...)
	}
	_, err := model.EncodeURL(sc)
	if !errors.Is(err, model.ErrURLTooLarge) {
		t.Fatalf("EncodeURL of a huge scenario: %v, want ErrURLTooLarge", err)
	}
}
