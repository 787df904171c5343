package csvsafe

import (
	"strings"
	"testing"
)

func TestCell(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain", "web", "web"},
		{"inner equals", "a=b", "a=b"},
		{"inner NUL", "we\x00b", "web"},
		{"only NUL", "\x00\x00", ""},
		{"equals", "=HYPERLINK(1)", "'=HYPERLINK(1)"},
		{"plus", "+1", "'+1"},
		{"minus", "-1", "'-1"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\tx", "'\tx"},
		{"carriage return", "\rx", "'\rx"},
		{"leading space then equals", " =1", "' =1"},
		{"leading spaces and tab", " \t =1", "' \t =1"},
		{"NUL then equals", "\x00=1", "'=1"},
		{"space NUL equals", " \x00=1", "' =1"},
		{"full-width equals", "＝1+1", "'＝1+1"},
		{"space then full-width equals", " ＝1", "' ＝1"},
		{"ideographic space then equals", "\u3000=1", "'\u3000=1"},
		{"full-width plus", "＋1", "'＋1"},
		{"full-width minus", "－1", "'－1"},
		{"full-width at", "＠x", "'＠x"},
		{"small equals", "﹦1", "'﹦1"},
		{"minus sign", "−1", "'−1"},
		{"zero-width space then equals", "\u200b=1", "'\u200b=1"},
		{"bidi override then equals", "\u202e=1", "'\u202e=1"},
		{"BOM then plus", "\ufeff+1", "'\ufeff+1"},
		{"newline then equals", "\n=1", "'\n=1"},
		{"apostrophe already", "'=1", "'=1"},
		{"space then text", " web", " web"},
		{"not a formula start", "#1", "#1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Cell(tt.in)
			if got != tt.want {
				t.Errorf("Cell(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Cell(got); again != got {
				t.Errorf("Cell(Cell(%q)) = %q, want %q", tt.in, again, got)
			}
		})
	}
}

// FuzzCell checks Cell's invariants: no NUL; after its leading blanks the
// cell never starts with a formula character, nor with a tab or a carriage
// return; the text is the input without NUL, perhaps after Guard; Cell is
// idempotent.
func FuzzCell(f *testing.F) {
	for _, s := range []string{"", "web", "=1", " ＝1", "\x00=1", "\t", "\u202e@x", "-", "'=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Cell(in)
		if strings.ContainsRune(out, 0) {
			t.Fatalf("Cell(%q) = %q holds a NUL", in, out)
		}
		if StartsFormula(out) {
			t.Fatalf("Cell(%q) = %q starts a formula", in, out)
		}
		if out != "" && (out[0] == '\t' || out[0] == '\r') {
			t.Fatalf("Cell(%q) = %q starts with a tab or a carriage return", in, out)
		}
		trimmed := strings.TrimLeftFunc(out, func(r rune) bool { return r == 0 || Blank(r) })
		if trimmed != "" && strings.ContainsRune(formulaStarts, []rune(trimmed)[0]) {
			t.Fatalf("Cell(%q) = %q starts, after blanks, with %q", in, out, []rune(trimmed)[0])
		}
		clean := strings.ReplaceAll(in, "\x00", "")
		if out != clean && out != Guard+clean {
			t.Fatalf("Cell(%q) = %q changes the text beyond NULs and a guard", in, out)
		}
		if again := Cell(out); again != out {
			t.Fatalf("Cell is not idempotent: Cell(%q) = %q, Cell of that = %q", in, out, again)
		}
	})
}
