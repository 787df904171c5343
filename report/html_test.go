package report

import (
	"html"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"rolloutplanner/charts"
	"rolloutplanner/planner/advisor"
	"rolloutplanner/planner/fit"
)

// reportTags are the elements the writer emits outside chart SVGs, and
// reportAttrs their attributes: everything TestWriteStrictMarkup lets
// through.
var (
	reportTags = strings.Fields(`html head meta title style body header h1 h2 h3 p div a span main section
		table tr th td article dl dt dd code strong figure figcaption details summary pre bdi`)
	reportAttrs = strings.Fields(`lang charset http-equiv content name id class href`)
)

// hostileText is put into every free text of the report by
// hostileEverywhere.
const hostileText = `"'><script>alert(1)</script><img src=x onerror=alert(1)>&amp;+` + "\x00"

// hostileEverywhere returns the hostile build with hostile text in every
// finding, a hostile fit and a failing one, a hostile date and a base
// address full of characters that must be encoded.
func hostileEverywhere(t *testing.T) Input {
	t.Helper()
	in := buildHostile(t)
	adv := *in.Advice
	adv.Findings = slices.Clone(adv.Findings)
	for i := range adv.Findings {
		f := &adv.Findings[i]
		f.Title += hostileText
		f.Role = hostileText
		f.Path += hostileText
		f.Mechanism += hostileText
		f.Evidence += hostileText
		f.Fix += hostileText
		f.Change = hostileText
		f.Severity = advisor.Severity(i % 3)
	}
	if adv.Together != nil {
		c := *adv.Together
		c.Changes = slices.Clone(c.Changes)
		for i := range c.Changes {
			c.Changes[i].Role, c.Changes[i].Change = hostileText, hostileText
		}
		c.Fields = []advisor.FieldChange{{Path: hostileText, From: hostileText, To: hostileText}}
		adv.Together = &c
	}
	in.Advice = &adv
	data := []float64{3, 4.5, 5, 6, 7.5, 9, 12}
	c, err := fit.Calibrate(data)
	if err != nil {
		t.Fatal(err)
	}
	in.Fits = []FitInput{{What: hostileText, Data: data, Calibration: c}, {What: hostileText}}
	in.Generated = hostileText
	in.BaseURL = `https://example.org/p"a'(t)h <x>/?q=1&r=+2#old`
	in.Drawn = map[string]string{charts.Specs(in.Charts)[0].ID(): hostileText} // not "<svg…": drawn again
	return in
}

// TestWriteStrictMarkup walks the report outside its chart SVGs: every
// "<" opens or closes one of reportTags (or is the doctype), every
// attribute is one of reportAttrs with a double-quoted value, every "&"
// starts one of the writer's entities; and nowhere, charts included, is
// there a <script or an event handler (onerror=…) inside a tag. The
// hostile texts themselves, "onerror=" included, are in the report as
// escaped text.
func TestWriteStrictMarkup(t *testing.T) {
	in := hostileEverywhere(t)
	doc := write(t, in)
	seen := checkStrict(t, doc)
	slices.Sort(seen)
	want := slices.Clone(reportTags)
	slices.Sort(want)
	if !slices.Equal(seen, want) {
		t.Errorf("elements written %v, want exactly %v (update reportTags with the writer)", seen, want)
	}
	if !strings.Contains(doc, escape(hostileText)) {
		t.Errorf("the report lacks the escaped hostile text %q", escape(hostileText))
	}
	if !strings.Contains(doc, `href="https://example.org/p%22a%27%28t%29h%20%3Cx%3E/?q=1&amp;r=&#43;2#s=v2.`) {
		i := strings.Index(doc, "href=")
		t.Errorf("the link is not encoded: %.120s", doc[i:])
	}
	checkWellFormed(t, doc)

	// The box that says why there is no link.
	v := newView(in)
	v.Link, v.LinkProblem = "", hostileText
	doc = string(render(v))
	checkStrict(t, doc)
	if !strings.Contains(doc, `<span class="problem">`+escape(hostileText)+`</span>`) {
		t.Error("the link problem is not written escaped")
	}
	checkWellFormed(t, doc)
}

var (
	strictTag    = regexp.MustCompile(`^<(/?)([a-z0-9]+)((?: [a-z-]+="[^"<>]*")*)>`)
	strictAttr   = regexp.MustCompile(` ([a-z-]+)="`)
	strictEntity = regexp.MustCompile(`^&(?:lt|gt|amp|#34|#39|#43);`)
	handlerInTag = regexp.MustCompile(`(?i)<[^<>]*[\s"'/]on[a-z]*\s*=`)
)

// checkStrict checks doc as TestWriteStrictMarkup says and returns the
// elements it opens.
func checkStrict(t *testing.T, doc string) []string {
	t.Helper()
	// The hostile names are in the text, escaped, "onerror=" included:
	// what must not be is a script element or a handler inside a tag,
	// charts included.
	if i := strings.Index(strings.ToLower(doc), "<script"); i >= 0 {
		t.Errorf("report holds <script: …%s…", doc[max(0, i-80):min(len(doc), i+80)])
	}
	for _, m := range handlerInTag.FindAllStringIndex(doc, -1) {
		t.Errorf("an event handler in a tag: %.120s", doc[m[0]:m[1]])
	}
	tags := map[string]bool{}
	for _, n := range reportTags {
		tags[n] = true
	}
	attrs := map[string]bool{}
	for _, n := range reportAttrs {
		attrs[n] = true
	}
	opened := map[string]bool{}
	rest := outsideSVG(t, doc)
	const doctype = "<!DOCTYPE html>\n"
	if !strings.HasPrefix(rest, doctype) {
		t.Fatalf("report starts with %.40q", rest)
	}
	rest = rest[len(doctype):]
	for i := 0; i < len(rest); i++ {
		switch rest[i] {
		case '<':
			m := strictTag.FindStringSubmatch(rest[i:])
			if m == nil || !tags[m[2]] {
				t.Errorf("a %q that opens no known element: …%s…", "<", rest[i:min(len(rest), i+80)])
				continue
			}
			if m[1] == "" {
				opened[m[2]] = true
			}
			for _, a := range strictAttr.FindAllStringSubmatch(m[3], -1) {
				if !attrs[a[1]] || m[1] != "" {
					t.Errorf("attribute %s in %s", a[1], m[0])
				}
			}
			i += len(m[0]) - 1
		case '&':
			if !strictEntity.MatchString(rest[i:]) {
				t.Errorf("an %q that starts no entity the writer writes: …%s…", "&", rest[i:min(len(rest), i+40)])
			}
		case 0:
			t.Error("a NUL byte in the report")
		}
	}
	var out []string
	for n := range opened {
		out = append(out, n)
	}
	return out
}

// outsideSVG returns doc without its <svg>…</svg> parts, nested ones
// included.
func outsideSVG(t *testing.T, doc string) string {
	t.Helper()
	var b strings.Builder
	for {
		i := strings.Index(doc, "<svg")
		if i < 0 {
			b.WriteString(doc)
			return b.String()
		}
		b.WriteString(doc[:i])
		depth, j := 0, i
		for {
			o := strings.Index(doc[j:], "<svg")
			c := strings.Index(doc[j:], "</svg>")
			if c < 0 {
				t.Fatalf("an <svg> that does not close: %.80s", doc[i:])
			}
			if o >= 0 && o < c {
				depth++
				j += o + len("<svg")
				continue
			}
			depth--
			j += c + len("</svg>")
			if depth == 0 {
				break
			}
		}
		doc = doc[j:]
	}
}

func TestEscape(t *testing.T) {
	for _, s := range []string{"", "plain", hostileScenario, hostileRole, hostileText, `a+b "c" 'd' & é ± –`, "bad \xff utf-8"} {
		got := escape(s)
		if strings.ContainsAny(got, "<>\"'+\x00") {
			t.Errorf("escape(%q) = %q leaves a special character", s, got)
		}
		if want := strings.ReplaceAll(html.EscapeString(strings.ReplaceAll(s, "\x00", "\uFFFD")), "+", "&#43;"); got != want {
			t.Errorf("escape(%q) = %q, want html.EscapeString's %q with + escaped", s, got, want)
		}
		if back := html.UnescapeString(got); back != strings.ReplaceAll(s, "\x00", "\uFFFD") {
			t.Errorf("escape(%q) unescapes to %q", s, back)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"index.html#s=v1.abc-_", "index.html#s=v1.abc-_"},
		{"https://example.org/a b/'x'(y)?q=1&r=+2#s=é", "https://example.org/a%20b/%27x%27%28y%29?q=1&amp;r=&#43;2#s=%c3%a9"},
		{`../p"><script>`, `../p%22%3e%3cscript%3e`},
		{"%41%zz", "%41%25zz"},
		{"javascript:alert(1)", "#ZgotmplZ"},
		{" JavaScript:alert(1)", "#ZgotmplZ"},
		{"data:text/html,x", "#ZgotmplZ"},
		{"HTTPS://example.org/", "HTTPS://example.org/"},
		{"a/b:c", "a/b:c"},
	} {
		var w writer
		w.url(tc.in)
		if got := w.b.String(); got != tc.want {
			t.Errorf("url(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestNoTemplate: package report must not import text/template or
// html/template, whose reflection (Method, MethodByName) makes the
// linker keep every exported method of every type in the page's
// WebAssembly binary.
func TestNoTemplate(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	for _, env := range [][]string{nil, {"GOOS=js", "GOARCH=wasm"}} {
		cmd := exec.Command(gobin, "list", "-deps", "rolloutplanner/report")
		cmd.Env = append(cmd.Environ(), env...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list %v: %v", env, err)
		}
		for _, p := range strings.Fields(string(out)) {
			if p == "text/template" || p == "html/template" || strings.HasPrefix(p, "text/template/") {
				t.Errorf("%v: report depends on %s", env, p)
			}
		}
	}
}

// TestNamesIsolated: every role name the report shows on its own (role
// headings, table row and column headings, a finding's role) is inside
// <bdi>, so a right-to-left name cannot reorder the text around it.
func TestNamesIsolated(t *testing.T) {
	doc := write(t, buildHostile(t))
	name := escape(hostileRole)
	for _, want := range []string{
		"<h3>Role <bdi>" + name + "</bdi></h3>",
		"<tr><th><bdi>" + name + "</bdi></th>",
		`<th class="num"><bdi>` + name + "</bdi> instances</th>",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	// Chart SVGs draw names as <text>, outside HTML's bidi algorithm.
	n := strings.Count(doc, ">"+name+"<") - strings.Count(doc, ">"+name+"</text>")
	if isolated := strings.Count(doc, "<bdi>"+name+"</bdi>"); n != isolated {
		t.Errorf("%d of the role name's %d standalone occurrences are not in <bdi>", n-isolated, n)
	}
}
