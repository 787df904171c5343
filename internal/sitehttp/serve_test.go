package sitehttp

import (
	"bytes"
	"compress/gzip"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// testSite writes a small site: a page, a script, a big wasm-like file, a
// PNG and a directory without index.html.
func testSite(t *testing.T) (dir string, files map[string][]byte) {
	t.Helper()
	dir = t.TempDir()
	files = map[string][]byte{
		"index.html":       []byte("<!doctype html><title>x</title>" + strings.Repeat("<p>hello</p>", 200)),
		"app.js":           []byte(strings.Repeat("console.log('x');\n", 300)),
		"web/app.wasm":     bytes.Repeat([]byte("\x00asm\x01\x00\x00\x00 some code "), 5000),
		"web/icon-192.png": []byte("\x89PNG\r\n\x1a\n not really a png"),
		"sub/index.html":   []byte("<!doctype html><p>sub</p>"),
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, files
}

func get(t *testing.T, h http.Handler, method, target string, header map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func decode(t *testing.T, enc string, body io.Reader) []byte {
	t.Helper()
	var r io.Reader
	switch enc {
	case "":
		r = body
	case Gzip:
		zr, err := gzip.NewReader(body)
		if err != nil {
			t.Fatalf("gzip body: %v", err)
		}
		r = zr
	case Brotli:
		r = brotli.NewReader(body)
	default:
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decoding %s body: %v", enc, err)
	}
	return data
}

// TestEncodingNegotiation: each Accept-Encoding gets the coding it allows,
// with Vary, a body that decodes to the file, and the file's type.
func TestEncodingNegotiation(t *testing.T) {
	dir, files := testSite(t)
	if _, err := Precompress(dir); err != nil {
		t.Fatal(err)
	}
	// A file without siblings is gzipped on the fly.
	onTheFly := []byte(strings.Repeat("body { color: red }\n", 100))
	if err := os.WriteFile(filepath.Join(dir, "late.css"), onTheFly, 0o644); err != nil {
		t.Fatal(err)
	}
	files["late.css"] = onTheFly

	for _, tc := range []struct {
		name, path, accept string
		opts               Options
		wantEnc, wantType  string
	}{
		{"gzip only", "/web/app.wasm", "gzip", Options{}, Gzip, "application/wasm"},
		{"brotli preferred", "/web/app.wasm", "gzip, deflate, br, zstd", Options{}, Brotli, "application/wasm"},
		{"gzip host ignores br", "/web/app.wasm", "gzip, deflate, br", Options{Encodings: []string{Gzip}}, Gzip, "application/wasm"},
		{"br refused by q=0", "/app.js", "br;q=0, gzip;q=0.5", Options{}, Gzip, "text/javascript; charset=utf-8"},
		{"star", "/app.js", "*", Options{}, Brotli, "text/javascript; charset=utf-8"},
		{"star but not gzip", "/app.js", "*, br;q=0", Options{}, Gzip, "text/javascript; charset=utf-8"},
		{"none accepted", "/app.js", "", Options{}, "", "text/javascript; charset=utf-8"},
		{"identity only", "/app.js", "identity", Options{}, "", "text/javascript; charset=utf-8"},
		{"malformed q", "/app.js", "gzip;q=abc", Options{}, "", "text/javascript; charset=utf-8"},
		{"page", "/", "gzip", Options{}, Gzip, "text/html; charset=utf-8"},
		{"on the fly", "/late.css", "gzip, br", Options{}, Gzip, "text/css; charset=utf-8"},
		{"png never encoded", "/web/icon-192.png", "gzip, br", Options{}, "", "image/png"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dirOf := strings.TrimPrefix(tc.path, "/")
			if dirOf == "" {
				dirOf = "index.html"
			}
			res := get(t, Handler(dir, tc.opts), "GET", tc.path, map[string]string{"Accept-Encoding": tc.accept})
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			if got := res.Header.Get("Content-Encoding"); got != tc.wantEnc {
				t.Errorf("Content-Encoding %q, want %q", got, tc.wantEnc)
			}
			if got := res.Header.Get("Content-Type"); got != tc.wantType {
				t.Errorf("Content-Type %q, want %q", got, tc.wantType)
			}
			wantVary := tc.wantType != "image/png"
			if got := res.Header.Get("Vary") == "Accept-Encoding"; got != wantVary {
				t.Errorf("Vary %q, want Accept-Encoding: %v", res.Header.Get("Vary"), wantVary)
			}
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if got := decode(t, tc.wantEnc, res.Body); !bytes.Equal(got, files[dirOf]) {
				t.Errorf("decoded body (%d bytes) differs from %s (%d bytes)", len(got), dirOf, len(files[dirOf]))
			}
			if res.Header.Get("ETag") == "" {
				t.Errorf("no ETag")
			}
		})
	}
}

// TestETagRevalidation: a response's ETag sent back in If-None-Match gives
// 304 with no body; each coding has its own ETag; a changed file a new one.
func TestETagRevalidation(t *testing.T) {
	dir, _ := testSite(t)
	if _, err := Precompress(dir); err != nil {
		t.Fatal(err)
	}
	h := Handler(dir, Options{})
	tags := map[string]string{}
	for _, accept := range []string{"", "gzip", "br"} {
		res := get(t, h, "GET", "/web/app.wasm", map[string]string{"Accept-Encoding": accept})
		tag := res.Header.Get("ETag")
		if !strings.HasPrefix(tag, `"`) || !strings.HasSuffix(tag, `"`) || len(tag) < 8 {
			t.Fatalf("Accept-Encoding %q: ETag %q is not a strong tag", accept, tag)
		}
		tags[accept] = tag
		again := get(t, h, "GET", "/web/app.wasm", map[string]string{"Accept-Encoding": accept, "If-None-Match": tag})
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("Accept-Encoding %q: If-None-Match %s gives %d, want 304", accept, tag, again.StatusCode)
		}
		if b, _ := io.ReadAll(again.Body); len(b) != 0 {
			t.Errorf("304 with a body of %d bytes", len(b))
		}
		if again.Header.Get("ETag") != tag {
			t.Errorf("304 carries ETag %q, want %q", again.Header.Get("ETag"), tag)
		}
		other := get(t, h, "GET", "/web/app.wasm", map[string]string{"Accept-Encoding": accept, "If-None-Match": `"something-else"`})
		if other.StatusCode != 200 {
			t.Errorf("a stale If-None-Match gives %d, want 200", other.StatusCode)
		}
	}
	if tags[""] == tags["gzip"] || tags["gzip"] == tags["br"] || tags[""] == tags["br"] {
		t.Errorf("codings share ETags: %v", tags)
	}

	// A rebuilt file gets a new tag (and its stale .gz/.br are not served).
	p := filepath.Join(dir, "web/app.wasm")
	newer := []byte("\x00asm rebuilt")
	if err := os.WriteFile(p, newer, 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(p, later, later); err != nil {
		t.Fatal(err)
	}
	for _, accept := range []string{"", "gzip", "br"} {
		res := get(t, h, "GET", "/web/app.wasm", map[string]string{"Accept-Encoding": accept, "If-None-Match": tags[accept]})
		if res.StatusCode != 200 {
			t.Errorf("Accept-Encoding %q: after a rebuild the old ETag gives %d, want 200", accept, res.StatusCode)
			continue
		}
		if got := decode(t, res.Header.Get("Content-Encoding"), res.Body); !bytes.Equal(got, newer) {
			t.Errorf("Accept-Encoding %q: after a rebuild got %q, want the new file (a stale sibling was served?)", accept, got)
		}
	}
}

// TestNoListingAndHeaders: a directory without index.html is 404, not a
// listing; one with index.html redirects to its slash form and serves it;
// pages carry the CSP header with frame-ancestors; paths cannot escape;
// only GET and HEAD are allowed.
func TestNoListingAndHeaders(t *testing.T) {
	dir, _ := testSite(t)
	h := Handler(dir, Options{})
	for _, tc := range []struct {
		path     string
		status   int
		location string
	}{
		{"/web/", 404, ""},
		{"/web", 404, ""},
		{"/sub", 301, "sub/"},
		{"/sub/", 200, ""},
		{"/missing.js", 404, ""},
		{"/../../etc/passwd", 404, ""},
		{"/web/../index.html", 200, ""},
	} {
		res := get(t, h, "GET", tc.path, nil)
		if res.StatusCode != tc.status {
			t.Errorf("GET %s: %d, want %d", tc.path, res.StatusCode, tc.status)
		}
		if tc.location != "" && res.Header.Get("Location") != tc.location {
			t.Errorf("GET %s: Location %q, want %q", tc.path, res.Header.Get("Location"), tc.location)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no X-Content-Type-Options: nosniff", tc.path)
		}
		body, _ := io.ReadAll(res.Body)
		if strings.Contains(string(body), "app.wasm") || strings.Contains(string(body), "<a href") {
			t.Errorf("GET %s lists files: %q", tc.path, body)
		}
	}

	res := get(t, h, "GET", "/", nil)
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("the page's CSP header %q lacks %s", csp, want)
		}
	}
	if res.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("the page has no X-Frame-Options: DENY")
	}
	if res := get(t, h, "GET", "/app.js", nil); res.Header.Get("Content-Security-Policy") != "" {
		t.Errorf("a script carries the page's CSP header (it would constrain workers)")
	}
	if res := get(t, h, "POST", "/", nil); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d, want 405", res.StatusCode)
	}
	if res := get(t, h, "HEAD", "/app.js", map[string]string{"Accept-Encoding": "gzip"}); res.StatusCode != 200 || res.Header.Get("Content-Encoding") != Gzip {
		t.Errorf("HEAD /app.js: %d %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
}

// TestPrecompress: every compressible file gets a .gz and a .br that
// decompress to it; images and the copies themselves get none; running
// it twice gives the same bytes.
func TestPrecompress(t *testing.T) {
	dir, files := testSite(t)
	names, err := Precompress(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"app.js", "index.html", "sub/index.html", "web/app.wasm"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("compressed %v, want %v", names, want)
	}
	first := map[string][]byte{}
	for _, n := range want {
		for enc, suf := range suffix {
			data, err := os.ReadFile(filepath.Join(dir, n+suf))
			if err != nil {
				t.Fatalf("no %s%s: %v", n, suf, err)
			}
			first[n+suf] = data
			if got := decode(t, enc, bytes.NewReader(data)); !bytes.Equal(got, files[n]) {
				t.Errorf("%s%s decompresses to %d bytes that differ from %s", n, suf, len(got), n)
			}
			if len(files[n]) > 200 && len(data) >= len(files[n]) {
				t.Errorf("%s%s is %d bytes, not smaller than %d", n, suf, len(data), len(files[n]))
			}
		}
	}
	for _, n := range []string{"web/icon-192.png.gz", "web/icon-192.png.br", "app.js.gz.gz", "app.js.br.gz"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s written", n)
		}
	}
	if _, err := Precompress(dir); err != nil {
		t.Fatal(err)
	}
	for n, data := range first {
		again, _ := os.ReadFile(filepath.Join(dir, n))
		if !bytes.Equal(again, data) {
			t.Errorf("%s differs on a second run", n)
		}
	}
	if _, err := Precompress(filepath.Join(dir, "nonexistent")); err == nil {
		t.Errorf("Precompress of a missing directory: no error")
	}
}

func TestAcceptEncoding(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   map[string]float64
	}{
		{"", map[string]float64{}},
		{"gzip, deflate, br", map[string]float64{"gzip": 1, "deflate": 1, "br": 1}},
		{"GZIP;q=0.5 , br;q=0", map[string]float64{"gzip": 0.5, "br": 0}},
		{"gzip;q=2", map[string]float64{"gzip": 0}},
		{"*;q=0.1,,", map[string]float64{"*": 0.1}},
	} {
		if got := acceptEncoding(tc.header); !maps.Equal(got, tc.want) {
			t.Errorf("acceptEncoding(%q) = %v, want %v", tc.header, got, tc.want)
		}
	}
}
