//go:build !(js && wasm)

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"rolloutplanner/docs"
)

// TestDocPages: the site carries the model and the limits as pages that
// read offline (cached, local links only), run no script, and link back
// to the planner under any base path.
func TestDocPages(t *testing.T) {
	out := t.TempDir()
	os.MkdirAll(filepath.Join(out, "web"), 0o755)
	if err := writeDocPages(out); err != nil {
		t.Fatal(err)
	}
	cached := strings.Join(cacheable(), " ")
	hrefRE := regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	for _, p := range docPages {
		b, err := os.ReadFile(filepath.Join(out, "web", p.file))
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		for _, want := range []string{
			`content="` + DocCSP + `"`, `<a href="../">`, `<link rel="stylesheet" href="docs.css">`, "<table>", "<h2 id=",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", p.file, want)
			}
		}
		if strings.Contains(page, "<script") {
			t.Errorf("%s has a script", p.file)
		}
		for _, m := range hrefRE.FindAllStringSubmatch(page, -1) {
			if strings.Contains(m[1], "://") || strings.HasSuffix(strings.Split(m[1], "#")[0], ".md") {
				t.Errorf("%s links to %s: off the site or to a file the site lacks", p.file, m[1])
			}
		}
		if !strings.Contains(cached, "/web/"+p.file) {
			t.Errorf("%s is not cached for offline use", p.file)
		}
	}
	if !strings.Contains(string(docs.Model), "# ") {
		t.Error("docs.Model is empty")
	}
}

// TestDocLink maps the docs' own links onto the site's pages.
func TestDocLink(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"limits.md", "limits.html"},
		{"docs/limits.md#names", "limits.html#names"},
		{"model.md#3-one-trial", "model.html#3-one-trial"},
		{"../README.md", "../"},
		{"#defects", "#defects"},
		{"https://example.org/x", "https://example.org/x"},
		{"other.txt", "other.txt"},
	} {
		if got := docLink(tt.in); got != tt.want {
			t.Errorf("docLink(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDocRawHTMLNotPassed: HTML written in the Markdown is not copied
// into the page.
func TestDocRawHTMLNotPassed(t *testing.T) {
	b, err := renderDoc(docPage{"x.html", "T <b>", []byte("# Hi\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n")})
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "onerror") || strings.Contains(page, "T <b>") {
		t.Errorf("raw HTML passed through:\n%s", page)
	}
}
