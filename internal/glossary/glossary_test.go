package glossary

import (
	"strings"
	"testing"
)

// Every term has a unique key, a name and one sentence of plain text
// (no markup, no line break), short enough for a tooltip.
func TestTerms(t *testing.T) {
	seen := map[string]bool{}
	for _, term := range All() {
		if term.Key == "" || term.Name == "" || term.Text == "" {
			t.Errorf("term %+v: key, name and text must all be set", term)
		}
		if seen[term.Key] {
			t.Errorf("key %q defined twice", term.Key)
		}
		seen[term.Key] = true
		if strings.ContainsAny(term.Text, "<>&\n") {
			t.Errorf("%s: definition %q holds markup or a line break", term.Key, term.Text)
		}
		if n := len([]rune(term.Text)); n > 160 {
			t.Errorf("%s: definition is %d characters, want at most 160 (one line in a tooltip)", term.Key, n)
		}
		if !strings.HasSuffix(term.Text, ".") {
			t.Errorf("%s: definition %q is not a sentence ending with a full stop", term.Key, term.Text)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		key  string
		want string // a word the definition must hold, "" for no term
	}{
		{SLA, "target"},
		{BadP95, "19 months in 20"},
		{HardDown, "outage"},
		{CapacityLoss, "upgrade domain"},
		{"no-such-term", ""},
	}
	for _, tt := range tests {
		term, ok := Lookup(tt.key)
		if ok != (tt.want != "") {
			t.Errorf("Lookup(%q) ok = %v, want %v", tt.key, ok, tt.want != "")
		}
		if !strings.Contains(Text(tt.key), tt.want) || term.Text != Text(tt.key) {
			t.Errorf("Text(%q) = %q, want it to hold %q", tt.key, Text(tt.key), tt.want)
		}
	}
	a := All()
	a[0].Text = "changed"
	if Text(a[0].Key) == "changed" {
		t.Error("All returned the glossary itself, not a copy")
	}
}
