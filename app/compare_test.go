package app

import (
	"math"
	"net/url"
	"rolloutplanner/internal/headline"
	"strings"
	"testing"

	"rolloutplanner/model"
)

func TestDeltaText(t *testing.T) {
	tests := []struct {
		key  string
		v    float64
		want string
	}{
		{mSLA, 0.123, "+12.3 pts"},
		{mSLA, -0.5, "−50.0 pts"},
		{mSLA, 0.0004, "+<0.1 pts"}, // never "+0.0" for a change, nor a run of digits
		{mPHardDown, -1, "−100.0 pts"},
		{mBadMean, -4.25, "−4.2 min"},
		{mBadP95, 12, "+12 min"},
		{mBadMean, -96, "−96 min (1.6 h)"}, // a drop of bad minutes, in minutes
		{mBadMean, 0.001, "+<0.1 min"},
		{mAvailP05, 0.0000004, "+<0.001 pts"},
		{mAvailP05, 0.0125, "+0.013 pts"}, // already in percent
		{mServed, -0.5, "−0.500 pts"},
		{mSLA, 0, "±0"},
		{mSLA, math.NaN(), "–"},
	}
	for _, tt := range tests {
		if got := deltaText(tt.key, tt.v); got != tt.want {
			t.Errorf("deltaText(%s, %g) = %q, want %q", tt.key, tt.v, got, tt.want)
		}
	}
}

func TestDirection(t *testing.T) {
	tests := []struct {
		key  string
		v    float64
		want string
	}{
		{mSLA, 0.1, "better"}, {mSLA, -0.1, "worse"},
		{mBadMean, -3, "better"}, {mBadMean, 3, "worse"},
		{mPHardDown, 0.01, "worse"}, {mAvailP05, 0.01, "better"},
		{mServed, -0.01, "worse"}, {mBadP95, 0, "same"}, {mSLA, math.NaN(), "same"},
	}
	for _, tt := range tests {
		if got := direction(tt.key, tt.v); got != tt.want {
			t.Errorf("direction(%s, %g) = %q, want %q", tt.key, tt.v, got, tt.want)
		}
	}
}

func TestDeltaCards(t *testing.T) {
	card := func(key, title string, sla, bad float64) headline.Card {
		return headline.Card{Key: key, Title: title, Metrics: []headline.Metric{
			{Key: mSLA, Label: "SLA compliance", Text: Percent(sla), Value: sla},
			{Key: mBadMean, Label: "Bad minutes, mean", Text: Minutes(bad), Value: bad},
		}}
	}
	a := []headline.Card{card("service", "Service", 0.2, 90), card("role-0", "web", 0.2, 90), card("role-1", "gone", 1, 0)}
	b := []headline.Card{card("service", "Service", 0.95, 10), card("role-0", "frontend", 0.95, 10)}
	got := deltaCards(a, b)
	if len(got) != 2 {
		t.Fatalf("%d cards, want 2 (the role only A has is left out): %+v", len(got), got)
	}
	if got[1].From != "web" || got[1].Title != "frontend" {
		t.Errorf("renamed role's titles %q → %q", got[1].From, got[1].Title)
	}
	want := map[string]struct {
		v      float64
		better string
	}{
		"sla": {0.75, "better"}, "bad-mean": {-80, "better"},
		"role-0.sla": {0.75, "better"}, "role-0.bad-mean": {-80, "better"},
	}
	n := 0
	for _, c := range got {
		for _, r := range c.Rows {
			w, ok := want[r.Key]
			if !ok {
				t.Errorf("unexpected row %q", r.Key)
				continue
			}
			n++
			if math.Abs(r.Delta-w.v) > 1e-12 || r.Better != w.better {
				t.Errorf("%s: delta %g %s, want %g %s", r.Key, r.Delta, r.Better, w.v, w.better)
			}
		}
	}
	if n != len(want) {
		t.Errorf("%d rows, want %d", n, len(want))
	}
}

func TestScenarioDiff(t *testing.T) {
	pr, _ := model.PresetByName(DefaultPreset)
	a := pr.Scenario
	b := a.Clone()
	b.Roles[0].Instances = 4
	b.Roles[0].WarmupInOnStart = !a.Roles[0].WarmupInOnStart
	got := strings.Join(scenarioDiff(a, b), "\n")
	for _, want := range []string{"roles[0].instances: 2 → 4", "roles[0].warmup_in_onstart: "} {
		if !strings.Contains(got, want) {
			t.Errorf("diff %q lacks %q", got, want)
		}
	}
	if d := scenarioDiff(a, a.Clone()); len(d) != 0 {
		t.Errorf("a scenario differs from itself: %q", d)
	}
	c := a.Clone()
	c.Roles = append(c.Roles, model.DefaultRole("api"))
	if got := strings.Join(scenarioDiff(a, c), "\n"); !strings.Contains(got, "role “api” added") {
		t.Errorf("diff %q does not name the added role", got)
	}
}

func TestABLink(t *testing.T) {
	tests := []struct{ page, code, codeA, want string }{
		{"http://h/", "v1.b", "", "http://h/#s=v1.b"},
		{"http://h/", "v1.b", "v1.a", "http://h/#s=v1.b&a=v1.a"},
		{"http://h/sub/#s=v1.old&a=v1.oldA", "v1.b", "v1.a", "http://h/sub/#s=v1.b&a=v1.a"},
		{"http://h/#s=v1.old&a=v1.oldA", "v1.b", "", "http://h/#s=v1.b"}, // unpinned
		{"http://h/?a=v1.q&x=1", "v1.b", "v1.a", "http://h/?x=1#s=v1.b&a=v1.a"},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.page)
		got := abLink(u, tt.code, tt.codeA)
		if got.String() != tt.want {
			t.Errorf("abLink(%s, %s, %s) = %s, want %s", tt.page, tt.code, tt.codeA, got, tt.want)
		}
		// Both codes read back.
		if c, ok := codeFromURL(got); !ok || c != tt.code {
			t.Errorf("%s: codeFromURL = %q, %v", got, c, ok)
		}
		if c, ok := pinnedCodeFromURL(got); ok != (tt.codeA != "") || c != tt.codeA {
			t.Errorf("%s: pinnedCodeFromURL = %q, %v; want %q", got, c, ok, tt.codeA)
		}
	}
}

func TestPinnedCodeFromURL(t *testing.T) {
	tests := []struct {
		raw    string
		want   string
		wantOK bool
	}{
		{"http://h/#s=v1.b", "", false},
		{"http://h/#s=v1.b&a=v1.a", "v1.a", true},
		{"http://h/#a=v1.a&s=v1.b", "v1.a", true},
		{"http://h/?a=v1.q#s=v1.b", "v1.q", true},
		{"http://h/?a=v1.q#s=v1.b&a=v1.f", "v1.f", true}, // the fragment wins
		{"http://h/#s=v1.b&a=", "", true},                // an empty code still gets a message
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.raw)
		got, ok := pinnedCodeFromURL(u)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("pinnedCodeFromURL(%s) = %q, %v; want %q, %v", tt.raw, got, ok, tt.want, tt.wantOK)
		}
	}
	if _, ok := pinnedCodeFromURL(nil); ok {
		t.Error("pinnedCodeFromURL(nil) found a code")
	}
}

func TestDecodePinned(t *testing.T) {
	pr, _ := model.PresetByName(DefaultPreset)
	good, err := model.EncodeURL(pr.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	broken := pr.Scenario.Clone()
	broken.Roles[0].Instances = 0
	brokenCode, err := model.EncodeURL(broken)
	if err != nil {
		t.Fatal(err)
	}
	if sc, err := decodePinned(good); err != nil || scenarioKey(sc) != scenarioKey(pr.Scenario) {
		t.Errorf("decodePinned(good) = %v", err)
	}
	for name, code := range map[string]string{
		"garbled": "v1.garbage", "empty": "", "cut short": good[:len(good)/2], "future": "v9.x", "breaks rules": brokenCode,
	} {
		_, err := decodePinned(code)
		if err == nil {
			t.Errorf("%s: decodePinned accepted %q", name, code)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, "pinned scenario A") || !strings.Contains(msg, "B is shown alone") {
			t.Errorf("%s: message %q does not say that only A was dropped", name, msg)
		}
	}
	if _, err := decodePinned(brokenCode); err == nil || !strings.Contains(err.Error(), "roles[0].instances") {
		t.Errorf("a rule-breaking A's message does not name the field: %v", err)
	}
}
