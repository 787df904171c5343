package report

import (
	"bytes"
	"fmt"
	"strings"
)

// markup is HTML that this package wrote itself. Only untyped string
// constants convert to it implicitly, so a value computed at run time
// (a scenario's name, an advisor's text, a number) cannot reach
// writer.html by accident: it has to go through writer.text, writer.url
// or, for charts, writer.svg.
type markup string

// writer builds the report's HTML. It is the whole of the package's
// escaping: text and attribute values go through escape, addresses
// through url, and chart SVG, checked by package charts, is the only
// markup computed at run time that is written as it is. Every attribute
// value the report writes is quoted with ".
type writer struct {
	b bytes.Buffer
}

// html writes markup of the report's own, as it is.
func (w *writer) html(m markup) { w.b.WriteString(string(m)) }

// text writes s escaped for an HTML text node or a double-quoted
// attribute value.
func (w *writer) text(s string) { w.b.WriteString(escape(s)) }

// el writes open, s escaped and close: one element holding text.
func (w *writer) el(open markup, s string, close markup) {
	w.html(open)
	w.text(s)
	w.html(close)
}

// url writes address s for a double-quoted href: s when it is a relative
// reference or an http or https address (any other scheme gives
// "#ZgotmplZ", as html/template did), with every byte that is not
// allowed in a URL percent-encoded and then escaped as an attribute
// value. Input.Link has already refused every other base address; this
// is the second line.
func (w *writer) url(s string) {
	if !safeURL(s) {
		s = "#ZgotmplZ"
	}
	w.text(normalizeURL(s))
}

// svg writes a chart's SVG markup as it is. Only newFigure and
// Input.svg make a figure's SVG: from package charts, which checks its
// markup before returning it, or from Input.Drawn, which the caller
// filled with the same package's output.
func (w *writer) svg(s []byte) { w.b.Write(s) }

// htmlEscaper escapes text and double-quoted attribute values: the five
// characters html.EscapeString escapes, with the same entities, plus "+"
// and NUL, as html/template's escaper did, so that the report is byte
// for byte what it was when a template wrote it.
var htmlEscaper = strings.NewReplacer(
	"\x00", "\uFFFD",
	`"`, "&#34;",
	"&", "&amp;",
	"'", "&#39;",
	"+", "&#43;",
	"<", "&lt;",
	">", "&gt;",
)

// escape escapes s for an HTML text node or a double-quoted attribute
// value; see htmlEscaper.
func escape(s string) string { return htmlEscaper.Replace(s) }

// safeURL reports whether s is a relative reference or an address whose
// scheme is http or https.
func safeURL(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.ContainsAny(scheme, "/?#") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https")
}

// normalizeURL percent-encodes every byte of s that is neither
// unreserved nor reserved in RFC 3986 (spaces, quotes, parentheses,
// "<", ">", non-ASCII bytes…), leaving valid percent escapes alone, as
// html/template's URL normaliser does.
func normalizeURL(s string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", c)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// isHex reports whether c is a hexadecimal digit.
func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
