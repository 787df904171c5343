package report

import (
	"html"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzEscape checks the report's escaper on any text: the result holds
// no raw <, >, quote or NUL, every & starts one of the escaper's own
// entities, and unescaping gives the input back (NUL as U+FFFD, as
// html/template wrote it).
//
// fuzz: 60000x
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "plain", `<script>alert("x")</script>`, "a&b&amp;c", "it's", "1+1", "\x00", "&#60;", "\xff\xfe", "\u202e"} {
		f.Add(s)
	}
	entities := []string{"&amp;", "&lt;", "&gt;", "&#34;", "&#39;", "&#43;"}
	f.Fuzz(func(t *testing.T, s string) {
		e := escape(s)
		if i := strings.IndexAny(e, "<>\"'\x00+"); i >= 0 {
			t.Fatalf("escape(%q) = %q holds %q", s, e, e[i])
		}
		for i := 0; i < len(e); i++ {
			if e[i] != '&' {
				continue
			}
			ok := false
			for _, ent := range entities {
				ok = ok || strings.HasPrefix(e[i:], ent)
			}
			if !ok {
				t.Fatalf("escape(%q) = %q: & at %d starts no entity", s, e, i)
			}
		}
		if back, want := html.UnescapeString(e), strings.ReplaceAll(s, "\x00", "\uFFFD"); back != want {
			t.Fatalf("unescape(escape(%q)) = %q, want %q", s, back, want)
		}
	})
}

// FuzzURL checks what writer.url writes for any address: a value with no
// quote, space, control character, <, > or non-ASCII byte, that is
// "#ZgotmplZ" or a relative reference or an http or https address; for
// an address it keeps, decoding it gives the input back, and
// normalizing is idempotent.
//
// fuzz: 60000x
func FuzzURL(f *testing.F) {
	for _, s := range []string{
		"", "https://example.com/a?b=c#d", "http://x/\"><script>", "javascript:alert(1)", "JavaScript:alert(1)",
		" javascript:alert(1)", "java\tscript:x", "data:text/html,<b>", "/rel/path?q=1", "?s=v1.abc", "#frag",
		"%41%zz%", "a b", "é", "\x00", "vbscript:x", "//evil.example/x", "https:evil",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var w writer
		w.url(s)
		attr := w.b.String()
		if strings.ContainsAny(attr, "\"'<>") {
			t.Fatalf("url(%q) wrote %q", s, attr)
		}
		u := html.UnescapeString(attr)
		for i := 0; i < len(u); i++ {
			if c := u[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' {
				t.Fatalf("url(%q) = %q holds byte %#x", s, u, c)
			}
		}
		if u == "#ZgotmplZ" {
			return
		}
		if scheme, _, ok := strings.Cut(u, ":"); ok && !strings.ContainsAny(scheme, "/?#") {
			if l := strings.ToLower(scheme); l != "http" && l != "https" {
				t.Fatalf("url(%q) = %q: scheme %q", s, u, scheme)
			}
		}
		if normalizeURL(u) != u {
			t.Fatalf("normalizeURL is not idempotent on %q: %q", u, normalizeURL(u))
		}
		if !strings.Contains(s, "%") && utf8.ValidString(s) {
			if back, err := url.PathUnescape(u); err != nil || back != s {
				t.Fatalf("url(%q) = %q decodes to %q, %v", s, u, back, err)
			}
		}
	})
}
