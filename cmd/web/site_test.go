//go:build !(js && wasm)

package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	page "rolloutplanner/app"
)

func TestCleanBase(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "/": "", "repo": "/repo", "/repo/": "/repo", " /sub/path ": "/sub/path",
	} {
		if got := cleanBase(in); got != want {
			t.Errorf("cleanBase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestServeRefusesOtherHosts(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8080", ":8080", "192.168.1.2:80", "example.com:80", "nonsense"} {
		if err := serveSite(addr, t.TempDir(), ""); err == nil || !strings.Contains(err.Error(), addr) {
			t.Errorf("serveSite(%q) = %v, want a refusal", addr, err)
		}
	}
	if err := serveSite("127.0.0.1:0", t.TempDir(), ""); err == nil || !strings.Contains(err.Error(), "make site") {
		t.Errorf("serving a directory without a site: %v", err)
	}
}

// fakeWeb makes a web/ directory with every file the site copies.
func fakeWeb(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range siteFiles {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("content of "+f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestGenerate(t *testing.T) {
	app.Route("/", func() app.Composer { return page.NewPlanner() })
	src := fakeWeb(t)
	for _, base := range []string{"", "/sub/path"} {
		out := t.TempDir()
		if err := generate(out, base, src); err != nil {
			t.Fatal(err)
		}
		index, err := os.ReadFile(filepath.Join(out, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		html := string(index)
		for _, want := range []string{base + "/web/planner.css", base + "/web/icon-192.png", `id="planner"`} {
			if !strings.Contains(html, want) {
				t.Errorf("base %q: index.html lacks %s", base, want)
			}
		}
		for _, remote := range []string{"storage.googleapis.com", "cdn.", "fonts."} {
			if strings.Contains(html, remote) {
				t.Errorf("base %q: index.html loads from %s", base, remote)
			}
		}
		for _, f := range siteFiles {
			b, err := os.ReadFile(filepath.Join(out, "web", f))
			if err != nil || string(b) != "content of "+f {
				t.Errorf("base %q: web/%s not copied (%v)", base, f, err)
			}
		}
		checkCSPMeta(t, html)
		// A boolean attribute is true by its presence: go-app's "false"
		// would disable enabled buttons and select every preset.
		if m := regexp.MustCompile(`\s(disabled|selected|checked)="false"`).FindString(html); m != "" {
			t.Errorf("base %q: the page carries%s, which HTML reads as true", base, m)
		}
		// go-app writes attributes in any order.
		presets := regexp.MustCompile(`(?s)<select[^>]*\sid="preset"[^>]*>(.*?)</select>`).FindStringSubmatch(html)
		if presets == nil {
			t.Fatalf("base %q: no preset list in the page", base)
		}
		var selected []string
		for _, tag := range regexp.MustCompile(`<option[^>]*>`).FindAllString(presets[1], -1) {
			if regexp.MustCompile(`\sselected(\s|>)`).MatchString(tag) {
				selected = append(selected, tag)
			}
		}
		if len(selected) != 1 || !strings.Contains(selected[0], `value="seed-example"`) {
			t.Errorf("base %q: the selected presets are %q, want the default preset alone", base, selected)
		}
		checkPrecompressed(t, out)

		// go-app's loader counts progress against app.wasm's own length,
		// not a (compressed) Content-Length.
		appJS, err := os.ReadFile(filepath.Join(out, "app.js"))
		if err != nil {
			t.Fatal(err)
		}
		want := `const goappWasmContentLength = "` + strconv.Itoa(len("content of app.wasm")) + `";`
		if !strings.Contains(string(appJS), want) {
			t.Errorf("base %q: app.js lacks %s", base, want)
		}
		// app.wasm waits for web/boot.js's gate.
		if strings.Contains(string(appJS), wasmStart) || !strings.Contains(string(appJS), gatedWasmStart) {
			t.Errorf("base %q: app.js starts app.wasm without waiting for rolloutBoot.gate", base)
		}
	}
	// Without the build outputs generate says what to run.
	os.Remove(filepath.Join(src, "app.wasm"))
	if err := generate(t.TempDir(), "", src); err == nil || !strings.Contains(err.Error(), "make wasm") {
		t.Errorf("generate without app.wasm: %v", err)
	}
}

// TestWorkerFilesAreCopied: the service worker caches only files the site
// has, or its install fails and the page never works offline.
func TestWorkerFilesAreCopied(t *testing.T) {
	for _, f := range workerFiles {
		if !slices.Contains(siteFiles, f) {
			t.Errorf("the service worker caches web/%s, which the site does not copy", f)
		}
		if !slices.Contains(cacheable(), "/web/"+f) {
			t.Errorf("web/%s is not cached for offline use", f)
		}
	}
}

// requiredCSP are the directives index.html's policy must have, exactly.
var requiredCSP = map[string]string{
	"default-src":     "'self'",
	"object-src":      "'none'",
	"connect-src":     "'self'",
	"worker-src":      "'self'",
	"base-uri":        "'self'",
	"form-action":     "'none'",
	"img-src":         "'self' data: blob:",
	"frame-ancestors": "", // absent: ignored (with an error) in a <meta>
}

var cspMetaRE = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)

// checkCSPMeta: the page carries the Content-Security-Policy with every
// required directive, before anything it loads, and no inline script.
func checkCSPMeta(t *testing.T, html string) {
	t.Helper()
	m := cspMetaRE.FindStringSubmatchIndex(html)
	if m == nil {
		t.Errorf("index.html has no Content-Security-Policy <meta>")
		return
	}
	directives := map[string]string{}
	for d := range strings.SplitSeq(html[m[2]:m[3]], ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = strings.TrimSpace(value)
	}
	for name, want := range requiredCSP {
		got, ok := directives[name]
		switch {
		case want == "" && ok:
			t.Errorf("the CSP <meta> has %s, which only a header can carry", name)
		case want != "" && got != want:
			t.Errorf("the CSP <meta> has %s %q, want %q", name, got, want)
		}
	}
	for _, later := range []string{"<link", "<script", "<img", "<style"} {
		if i := strings.Index(html, later); i >= 0 && i < m[0] {
			t.Errorf("index.html has %s before its CSP <meta>, which does not govern it", later)
		}
	}
	for _, s := range regexp.MustCompile(`<script[^>]*>`).FindAllString(html, -1) {
		if !strings.Contains(s, "src=") {
			t.Errorf("index.html has an inline script %s, which its CSP blocks", s)
		}
	}
	// script-src: the site's files and wasm, nothing inline: no hashes,
	// no inline event handler on the page.
	if got := directives["script-src"]; got != "'self' 'wasm-unsafe-eval'" {
		t.Errorf("the CSP <meta> has script-src %q, want exactly 'self' 'wasm-unsafe-eval'", got)
	}
	for _, h := range regexp.MustCompile(`\son[a-z]+="[^"]*"`).FindAllString(html, -1) {
		t.Errorf("index.html has the inline handler%s, which its CSP blocks", h)
	}
}

// checkPrecompressed: each compressible file of the site has a .gz and a
// .br beside it that decompress to it.
func checkPrecompressed(t *testing.T, out string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := filepath.Ext(p)
		if ext == ".gz" || ext == ".br" || ext == ".png" {
			return nil
		}
		orig, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, suf := range []string{".gz", ".br"} {
			data, err := os.ReadFile(p + suf)
			if err != nil {
				t.Errorf("no %s beside %s: %v", suf, p, err)
				continue
			}
			var r io.Reader = brotli.NewReader(bytes.NewReader(data))
			if suf == ".gz" {
				if r, err = gzip.NewReader(bytes.NewReader(data)); err != nil {
					t.Errorf("%s%s: %v", p, suf, err)
					continue
				}
			}
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, orig) {
				t.Errorf("%s%s does not decompress to %s (%v)", p, suf, p, err)
			}
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 2*len(siteFiles)-6 { // every file but the three PNGs, twice
		t.Errorf("only %d pre-compressed files in %s", n, out)
	}
}

// TestServeSite serves a generated site as make serve does, at the root
// and under a sub-path: nosniff everywhere, no directory listing, the page
// with its CSP header, gzip with Vary, and 304 for a known ETag.
func TestServeSite(t *testing.T) {
	app.Route("/", func() app.Composer { return page.NewPlanner() })
	src := fakeWeb(t)
	for _, base := range []string{"", "/sub/path"} {
		out := t.TempDir()
		if err := generate(out, base, src); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(siteMux(out, base))
		defer srv.Close()
		client := srv.Client()
		client.Transport.(*http.Transport).DisableCompression = true
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		fetch := func(path string, header ...string) *http.Response {
			t.Helper()
			req, _ := http.NewRequest("GET", srv.URL+base+path, nil)
			for i := 0; i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { res.Body.Close() })
			return res
		}

		for _, p := range []string{"/", "/web/", "/web", "/web/app.wasm", "/nope"} {
			if got := fetch(p).Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("base %q: GET %s: X-Content-Type-Options %q, want nosniff", base, p, got)
			}
		}
		for _, p := range []string{"/web/", "/web"} {
			res := fetch(p)
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusNotFound || strings.Contains(string(body), "app.wasm") {
				t.Errorf("base %q: GET %s: %d %q, want 404 without a listing", base, p, res.StatusCode, body)
			}
		}

		res := fetch("/", "Accept-Encoding", "gzip")
		if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("base %q: GET / with gzip: %d, Content-Encoding %q, Vary %q", base, res.StatusCode,
				res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("base %q: the page's CSP header %q lacks frame-ancestors 'none'", base, csp)
		}
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatalf("base %q: gzip page: %v", base, err)
		}
		pageBytes, _ := io.ReadAll(zr)
		if !strings.Contains(string(pageBytes), "Content-Security-Policy") {
			t.Errorf("base %q: the served page has no CSP <meta>", base)
		}

		wasm := fetch("/web/app.wasm", "Accept-Encoding", "gzip, br")
		tag := wasm.Header.Get("ETag")
		if wasm.Header.Get("Content-Encoding") != "br" || wasm.Header.Get("Content-Type") != "application/wasm" || tag == "" {
			t.Errorf("base %q: app.wasm: Content-Encoding %q, Content-Type %q, ETag %q", base,
				wasm.Header.Get("Content-Encoding"), wasm.Header.Get("Content-Type"), tag)
		}
		if again := fetch("/web/app.wasm", "Accept-Encoding", "gzip, br", "If-None-Match", tag); again.StatusCode != http.StatusNotModified {
			t.Errorf("base %q: app.wasm with If-None-Match %s: %d, want 304", base, tag, again.StatusCode)
		}
	}
}
