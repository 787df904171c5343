package csvsafe

import (
	"strings"
	"unicode"
)

// Guard is the character Cell puts before text that would start a formula.
const Guard = "'"

// formulaStarts are the characters that make a spreadsheet read a cell as
// a formula: ASCII = + - @, their full-width (U+FF1D, U+FF0B, U+FF0D,
// U+FF20) and small (U+FE66, U+FE62, U+FE63, U+FE6B) forms, and the minus
// sign U+2212, which some spreadsheets read as a minus.
const formulaStarts = "=+-@＝＋－＠﹦﹢﹣﹫−"

// Cell returns s ready for a CSV cell: without NUL characters, and with
// Guard in front when, after any leading blanks (Blank), it starts with a
// formula character, or when it starts with a tab or a carriage return.
// Other text comes back unchanged, so Cell(Cell(s)) == Cell(s).
func Cell(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	if s == "" {
		return s
	}
	if s[0] == '\t' || s[0] == '\r' {
		return Guard + s
	}
	if StartsFormula(s) {
		return Guard + s
	}
	return s
}

// StartsFormula reports whether s, after its leading blanks and NUL
// characters, starts with a formula character (= + - @ or a full-width or
// small form of one).
func StartsFormula(s string) bool {
	rest := strings.TrimLeftFunc(s, func(r rune) bool { return r == 0 || Blank(r) })
	if rest == "" {
		return false
	}
	for _, r := range rest {
		return strings.ContainsRune(formulaStarts, r)
	}
	return false
}

// Blank reports whether r is invisible at the start of a cell and may be
// skipped by a spreadsheet before it looks for a formula: white space
// (Unicode's, tab and carriage return included), control characters and
// format characters (zero-width spaces, the byte order mark, bidi
// controls).
func Blank(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}
