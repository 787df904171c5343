package app

import (
	"math"
	"strings"
	"testing"

	"rolloutplanner/internal/numfmt"

	"rolloutplanner/model"
)

// TestGroupedNumbers: a count or number typed as the page writes it
// ("10 000", with a narrow no-break space) or with commas is accepted;
// broken groups are not.
func TestGroupedNumbers(t *testing.T) {
	for _, tc := range []struct {
		path, text string
		want       string // FieldText after the edit; "" for a refused edit
	}{
		{"trials", "10 000", "10000"},
		{"trials", "10\u202f000", "10000"},
		{"trials", "10\u00a0000", "10000"},
		{"trials", "10\u2009000", "10000"},
		{"trials", "10,000", "10000"},
		{"trials", "1 000 000", "1000000"},
		{"trials", " 2,500 ", "2500"},
		{"trials", "1e4", "10000"},
		{"trials", "10 00", ""},
		{"trials", "1,5", ""},
		{"trials", "10  000", ""},
		{"trials", ",100", ""},
		{"trials", "100,", ""},
		{"trials", "1000,000", ""},
		{"trials", "10 000.5", ""},
		{"roles[0].instances", "1 000", "1000"},
		{"month_minutes", "43 200", "43200"},
		{"month_minutes", "-1 234.5", "-1234.5"},
		{"month_minutes", "1 234.5 6", ""},
		{"month_minutes", "1 234e3", "1234000"},
		{"seed", "18 446 744 073 709 551 615", "18446744073709551615"},
		{"seed", "1 2", ""},
		{"roles[0].warmup.value", "1 440", "1440"},
	} {
		s := model.Default()
		before := FieldText(&s, tc.path)
		p := ApplyEdit(&s, Edit{Path: tc.path, Value: tc.text})
		switch got := FieldText(&s, tc.path); {
		case tc.want == "" && (p == nil || got != before):
			t.Errorf("%s = %q: accepted as %q, want refused", tc.path, tc.text, got)
		case tc.want != "" && (p != nil || got != tc.want):
			t.Errorf("%s = %q: got %q (%v), want %q", tc.path, tc.text, got, p, tc.want)
		}
	}
}

// FuzzGroupedNumbers: every whole number the page or a person writes
// grouped by thousands reads back as itself, and any text either parses
// to a finite number or is refused, without panicking.
//
// fuzz: 5000x
func FuzzGroupedNumbers(f *testing.F) {
	f.Add(int64(10000), "10 000")
	f.Add(int64(-1234567), "1,5")
	f.Add(int64(0), "\u202f")
	f.Fuzz(func(t *testing.T, n int64, text string) {
		n %= 1 << 53
		for _, sep := range []string{",", " ", "\u00a0", "\u202f", "\u2009"} {
			s := numfmt.Group(int(n), sep)
			if got, ok := parseWhole(s); !ok || got != int(n) {
				t.Fatalf("parseWhole(%q) = %d, %v; want %d", s, got, ok, n)
			}
		}
		if v, ok := parseNumber(strings.TrimSpace(text)); ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("parseNumber(%q) = %v", text, v)
		}
	})
}
