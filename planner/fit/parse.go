package fit

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// MaxParseBytes is the largest text Parse reads.
const MaxParseBytes = 4 << 20

// maxLineErrors is how many bad lines one ParseError lists.
const maxLineErrors = 10

// LineError is one line of pasted text that holds no usable duration.
type LineError struct {
	Line   int    // 1-based line number
	Text   string // the line, trimmed and cut to 60 characters
	Reason string // what is wrong, for people
}

// Error returns "line 7 (\"abc\"): reason".
func (e LineError) Error() string {
	return fmt.Sprintf("line %d (%q): %s", e.Line, e.Text, e.Reason)
}

// ParseError lists the bad lines of a pasted text, in order: at most the
// first ten, with More counting the rest. A text with no durations at all
// gives a ParseError with no Lines.
type ParseError struct {
	Lines []LineError // the first bad lines, in order
	More  int         // bad lines not listed
	Msg   string      // set when the text as a whole is unusable (empty, too large)
}

// Error lists the bad lines, one per line after the first, or the
// message about the whole text.
func (e *ParseError) Error() string {
	if len(e.Lines) == 0 {
		return "durations: " + e.Msg
	}
	var b strings.Builder
	if len(e.Lines) == 1 && e.More == 0 {
		b.WriteString("durations: ")
		b.WriteString(e.Lines[0].Error())
		return b.String()
	}
	fmt.Fprintf(&b, "durations: %d bad lines:", len(e.Lines)+e.More)
	for _, l := range e.Lines {
		b.WriteString("\n  ")
		b.WriteString(l.Error())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  … and %d more", e.More)
	}
	return b.String()
}

// Parse reads observed durations, in minutes, from pasted text and returns
// them in the order given. It accepts
//
//   - one number per line; or
//   - CSV: fields split by commas, else semicolons, else tabs, else runs
//     of spaces (the separator is taken from the first data line), fields
//     optionally in double quotes. The durations are the column Column
//     picks (see ParseColumn); Parse picks it automatically: a header
//     field naming it (duration, minutes, min, mins, elapsed, time), else
//     the last numeric field of the first data line.
//
// Blank lines and lines starting with '#' are skipped anywhere; lines
// before the first number (headers, titles) are skipped too. After the
// first data line every line must hold a finite number ≥ 0 in the chosen
// column: a bad line is an error naming its line number, never silently
// dropped; when the first data line holds one field, so must every line.
// Numbers are plain decimals, optionally signed and with an exponent
// ("12", "12.5", ".5", "1e3", "+2.5E-1"); the other forms strconv reads
// (hexadecimal "0x1p3", underscores "1_000", "Inf", "NaN", "infinity")
// are errors naming the line, as are decimal commas ("12,5"). Every bad line
// is reported at once in a *ParseError (the first ten listed).
func Parse(text string) ([]float64, error) { return ParseColumn(text, -1) }

// ParseColumn is Parse with the column fixed: column is 0-based, and a
// negative column means automatic. A line with too few fields is an error.
func ParseColumn(text string, column int) ([]float64, error) {
	if len(text) > MaxParseBytes {
		return nil, &ParseError{Msg: fmt.Sprintf("the text is %d bytes; at most %d are read", len(text), MaxParseBytes)}
	}
	var (
		out     []float64
		errs    []LineError
		more    int
		sep     rune // 0 until the first data line: not yet known
		width   int  // fields of the first data line
		header  []string
		started bool
	)
	bad := func(n int, line, reason string) {
		if len(errs) < maxLineErrors {
			errs = append(errs, LineError{Line: n, Text: cut(line), Reason: reason})
		} else {
			more++
		}
	}
	for n, line := range lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !started {
			s := pickSep(line)
			fields := split(line, s)
			if !anyNumber(fields) {
				header = fields // a header or a title: skip it
				continue
			}
			started, sep, width = true, s, len(fields)
			if column < 0 {
				column = autoColumn(header, fields)
			}
		}
		fields := split(line, sep)
		if width == 1 && len(fields) > 1 {
			bad(n, line, fmt.Sprintf("has %d fields; the text holds one number per line (minutes, no unit)", len(fields)))
			continue
		}
		if column >= len(fields) {
			bad(n, line, fmt.Sprintf("has %d field(s); the durations are in column %d", len(fields), column+1))
			continue
		}
		f := fields[column]
		v, err := strconv.ParseFloat(f, 64)
		switch {
		case err != nil && f == "":
			bad(n, line, fmt.Sprintf("column %d is empty", column+1))
		case err != nil && decimalComma(f):
			bad(n, line, fmt.Sprintf("%q is not a number: decimal commas are not read; write %s", cut(f), strings.Replace(f, ",", ".", 1)))
		case err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) && !plainDecimal(f):
			bad(n, line, fmt.Sprintf("%q is not a finite number; a duration is a number of minutes, like 12.5", cut(f)))
		case err == nil && strings.Contains(f, "_"):
			bad(n, line, fmt.Sprintf("%q holds underscores; write the digits without separators, like 1000", cut(f)))
		case err == nil && !plainDecimal(f):
			bad(n, line, fmt.Sprintf("%q is not a plain decimal number (hexadecimal and other notations are not read); write minutes like 12.5 or 1e3", cut(f)))
		case plainDecimal(f) && (err != nil || math.IsInf(v, 0)):
			bad(n, line, fmt.Sprintf("%q is too large to be a number of minutes", cut(f)))
		case numberLike(f) && !plainDecimal(f):
			bad(n, line, fmt.Sprintf("%q is not a plain decimal number (hexadecimal and other notations are not read); write minutes like 12.5 or 1e3", cut(f)))
		case err != nil:
			bad(n, line, fmt.Sprintf("%q is not a number (write minutes as a plain number, like 12.5)", cut(f)))
		case v < 0:
			bad(n, line, "is negative; a duration is ≥ 0 minutes")
		default:
			out = append(out, v)
		}
	}
	if len(errs) > 0 {
		return nil, &ParseError{Lines: errs, More: more}
	}
	if len(out) == 0 {
		return nil, &ParseError{Msg: "no numbers found: paste one duration in minutes per line, or CSV with a column of them"}
	}
	return out, nil
}

// lines yields each line of text with its 1-based number; "\r\n" and "\r"
// end lines too.
func lines(text string) func(func(int, string) bool) {
	return func(yield func(int, string) bool) {
		n := 0
		for len(text) > 0 {
			n++
			i := strings.IndexAny(text, "\r\n")
			if i < 0 {
				yield(n, text)
				return
			}
			if !yield(n, text[:i]) {
				return
			}
			if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			text = text[i+1:]
		}
	}
}

func pickSep(line string) rune {
	for _, s := range []rune{',', ';', '\t'} {
		if strings.ContainsRune(line, s) {
			return s
		}
	}
	return ' '
}

func split(line string, sep rune) []string {
	var fields []string
	if sep == ' ' {
		fields = strings.Fields(line)
	} else {
		fields = strings.Split(line, string(sep))
	}
	for i, f := range fields {
		f = strings.TrimSpace(f)
		if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
			f = strings.TrimSpace(f[1 : len(f)-1])
		}
		fields[i] = f
	}
	return fields
}

// anyNumber reports whether a line's fields hold a number, in any form
// strconv reads or nearly reads (an overflow, a hexadecimal integer), so
// that a first data line in a form Parse refuses is reported, not skipped
// as a header.
func anyNumber(fields []string) bool {
	for _, f := range fields {
		if numberLike(f) {
			return true
		}
	}
	return false
}

// numberLike reports whether f is a number strconv reads, one too large
// for it, or a hexadecimal integer ("0x10").
func numberLike(f string) bool {
	_, err := strconv.ParseFloat(f, 64)
	if err == nil || errors.Is(err, strconv.ErrRange) {
		return true
	}
	h := strings.TrimLeft(f, "+-")
	return len(h) > 2 && h[0] == '0' && (h[1] == 'x' || h[1] == 'X') && isHexDigit(h[2])
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// autoColumn picks the durations' column: a header field that names it,
// else the last numeric field of the first data line.
func autoColumn(header, first []string) int {
	if len(first) == 1 {
		return 0
	}
	found := -1
	for i, h := range header {
		if i < len(first) && namesDuration(h) {
			if found >= 0 {
				found = -2 // ambiguous
				break
			}
			found = i
		}
	}
	if found >= 0 {
		return found
	}
	for i := len(first) - 1; i >= 0; i-- {
		if _, err := strconv.ParseFloat(first[i], 64); err == nil {
			return i
		}
	}
	return 0
}

func namesDuration(h string) bool {
	words := strings.FieldsFunc(strings.ToLower(h), func(r rune) bool { return !unicode.IsLetter(r) })
	for _, w := range words {
		switch w {
		case "duration", "durations", "minutes", "minute", "min", "mins", "elapsed", "time":
			return true
		}
	}
	return false
}

func cut(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "…"
	}
	return s
}

// plainDecimal reports whether f is a decimal number as people write it:
// an optional sign, digits with at most one point (at least one digit),
// and an optional exponent "e" or "E", optional sign and digits.
func plainDecimal(f string) bool {
	i := 0
	if i < len(f) && (f[i] == '+' || f[i] == '-') {
		i++
	}
	digits := 0
	for i < len(f) && '0' <= f[i] && f[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(f) && f[i] == '.' {
		i++
		for i < len(f) && '0' <= f[i] && f[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(f) && (f[i] == 'e' || f[i] == 'E') {
		i++
		if i < len(f) && (f[i] == '+' || f[i] == '-') {
			i++
		}
		exp := 0
		for i < len(f) && '0' <= f[i] && f[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(f)
}

// decimalComma reports whether f looks like a number written with a
// decimal comma, "13,25".
func decimalComma(f string) bool {
	i := strings.IndexByte(f, ',')
	if i <= 0 || i == len(f)-1 || strings.Count(f, ",") != 1 {
		return false
	}
	_, err := strconv.ParseFloat(f[:i]+"."+f[i+1:], 64)
	return err == nil
}
