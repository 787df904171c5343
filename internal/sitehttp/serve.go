package sitehttp

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Encodings this package can serve, in the order of preference: brotli is
// smaller than gzip for the same file.
const (
	Brotli = "br"
	Gzip   = "gzip"
)

// suffix is the file-name extension of a pre-compressed sibling.
var suffix = map[string]string{Brotli: ".br", Gzip: ".gz"}

// compressible are the extensions worth compressing: text and WebAssembly.
// Images (PNG) are compressed already.
var compressible = map[string]bool{
	".wasm": true, ".js": true, ".css": true, ".html": true, ".svg": true,
	".json": true, ".webmanifest": true,
}

// Compressible reports whether a file of this name is served compressed
// and pre-compressed by Precompress.
func Compressible(name string) bool {
	return compressible[strings.ToLower(path.Ext(name))]
}

// contentTypes fixes the types that matter for the site whatever the
// system's MIME tables say: wasm for streaming compilation, JavaScript for
// workers under nosniff.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".png":         "image/png",
	".gz":          "application/gzip",
	".br":          "application/octet-stream",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Options tunes Handler.
type Options struct {
	// Encodings lists the content codings the handler may answer with, in
	// order of preference; nil means {Brotli, Gzip}. Brotli is served only
	// from a pre-compressed ".br" sibling; gzip from a ".gz" sibling or, if
	// there is none, compressed on the fly (and kept in memory).
	Encodings []string
}

// Handler serves the files under dir as a static host: see the package
// comment. A directory answers with its index.html (after a redirect to
// the path with a trailing slash) or 404, never a listing; only GET and
// HEAD are allowed.
func Handler(dir string, opts Options) http.Handler {
	enc := opts.Encodings
	if enc == nil {
		enc = []string{Brotli, Gzip}
	}
	return &handler{fsys: os.DirFS(dir), encodings: enc, cache: map[fileKey]*entry{}}
}

type handler struct {
	fsys      fs.FS
	encodings []string

	mu    sync.Mutex
	cache map[fileKey]*entry
	held  int // bytes of gzip held in cache
}

// maxHeld bounds the memory of on-the-fly gzip kept between requests.
const maxHeld = 64 << 20

// fileKey identifies one version of one file.
type fileKey struct {
	name  string
	size  int64
	mtime time.Time
}

// entry is what the handler remembers of one version of a file.
type entry struct {
	etag     string // of the file's own bytes
	gzip     []byte // on-the-fly gzip, if made and kept
	gzipETag string
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "only GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	urlPath := r.URL.Path
	if !strings.HasPrefix(urlPath, "/") {
		urlPath = "/" + urlPath
	}
	name := strings.TrimPrefix(path.Clean(urlPath), "/")
	if name == "" {
		name = "."
	}
	if !fs.ValidPath(name) || strings.Contains(name, "\\") {
		http.NotFound(w, r)
		return
	}
	fi, err := fs.Stat(h.fsys, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if fi.IsDir() {
		index := path.Join(name, "index.html")
		ifi, err := fs.Stat(h.fsys, index)
		if err != nil || !ifi.Mode().IsRegular() {
			http.NotFound(w, r) // no listing
			return
		}
		if !strings.HasSuffix(urlPath, "/") {
			// A relative redirect, so that it works under a stripped prefix.
			target := path.Base(urlPath) + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			// Not http.Redirect: it would make target absolute from the
			// stripped path and lose the prefix.
			hdr.Set("Location", target)
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}
		name, fi = index, ifi
	}
	if !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}

	hdr.Set("Content-Type", contentType(name))
	hdr.Set("Cache-Control", "no-cache") // revalidate: a new build shows on reload
	if strings.HasSuffix(name, ".html") {
		hdr.Set("Content-Security-Policy", HeaderCSP)
		hdr.Set("X-Frame-Options", "DENY")
		hdr.Set("Referrer-Policy", "no-referrer")
	}
	var (
		body     io.ReadSeeker
		etag     string
		encoding string
		err2     error
	)
	if Compressible(name) {
		hdr.Add("Vary", "Accept-Encoding")
		body, etag, encoding, err2 = h.encoded(name, fi, acceptEncoding(r.Header.Get("Accept-Encoding")))
	}
	if err2 == nil && body == nil {
		body, etag, err2 = h.identity(name, fi)
	}
	if err2 != nil {
		http.Error(w, "reading "+name+" failed", http.StatusInternalServerError)
		return
	}
	if c, ok := body.(io.Closer); ok {
		defer c.Close()
	}
	hdr.Set("ETag", etag)
	if encoding != "" {
		hdr.Set("Content-Encoding", encoding)
	}
	// ServeContent answers If-None-Match with 304, HEAD and ranges.
	http.ServeContent(w, r, "", fi.ModTime(), body)
}

// identity opens the file itself.
func (h *handler) identity(name string, fi fs.FileInfo) (io.ReadSeeker, string, error) {
	etag, err := h.etagOf(name, fi)
	if err != nil {
		return nil, "", err
	}
	f, err := h.open(name)
	return f, etag, err
}

// encoded returns the file in the first encoding the client accepts, or a
// nil body when it accepts none that the handler can give.
func (h *handler) encoded(name string, fi fs.FileInfo, accepted map[string]float64) (io.ReadSeeker, string, string, error) {
	for _, enc := range h.encodings {
		if !accepts(accepted, enc) {
			continue
		}
		sib := name + suffix[enc]
		if sfi, err := fs.Stat(h.fsys, sib); err == nil && sfi.Mode().IsRegular() && !sfi.ModTime().Before(fi.ModTime()) {
			etag, err := h.etagOf(sib, sfi)
			if err != nil {
				return nil, "", "", err
			}
			f, err := h.open(sib)
			return f, etag, enc, err
		}
		if enc == Gzip {
			data, etag, err := h.gzipped(name, fi)
			if err != nil {
				return nil, "", "", err
			}
			return bytes.NewReader(data), etag, enc, nil
		}
	}
	return nil, "", "", nil
}

func (h *handler) open(name string) (io.ReadSeeker, error) {
	f, err := h.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		f.Close()
		return nil, fmt.Errorf("%s: not seekable", name)
	}
	return rs, nil
}

// lookup returns the cache entry of this version of a file.
func (h *handler) lookup(name string, fi fs.FileInfo) *entry {
	k := fileKey{name, fi.Size(), fi.ModTime()}
	h.mu.Lock()
	defer h.mu.Unlock()
	e := h.cache[k]
	if e == nil {
		e = &entry{}
		h.cache[k] = e
	}
	return e
}

// etagOf returns the strong ETag of a file's bytes, hashing it once per
// version.
func (h *handler) etagOf(name string, fi fs.FileInfo) (string, error) {
	e := h.lookup(name, fi)
	h.mu.Lock()
	tag := e.etag
	h.mu.Unlock()
	if tag != "" {
		return tag, nil
	}
	f, err := h.fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", err
	}
	tag = etagFor(sum.Sum(nil))
	h.mu.Lock()
	e.etag = tag
	h.mu.Unlock()
	return tag, nil
}

func etagFor(sum []byte) string {
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// gzipped compresses a file for a client that accepts gzip when there is no
// ".gz" beside it, keeping the result while memory allows.
func (h *handler) gzipped(name string, fi fs.FileInfo) ([]byte, string, error) {
	e := h.lookup(name, fi)
	h.mu.Lock()
	data, tag := e.gzip, e.gzipETag
	h.mu.Unlock()
	if data != nil {
		return data, tag, nil
	}
	raw, err := fs.ReadFile(h.fsys, name)
	if err != nil {
		return nil, "", err
	}
	data, err = GzipBytes(raw, gzip.DefaultCompression) // fast enough per request
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(data)
	tag = etagFor(sum[:])
	h.mu.Lock()
	if e.gzip == nil && h.held+len(data) <= maxHeld {
		e.gzip, e.gzipETag = data, tag
		h.held += len(data)
	}
	h.mu.Unlock()
	return data, tag, nil
}

// acceptEncoding parses an Accept-Encoding header into coding → q value
// (lower-case codings; "*" included as given).
func acceptEncoding(header string) map[string]float64 {
	out := map[string]float64{}
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding == "" {
			continue
		}
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
					q = f
				} else {
					q = 0 // a malformed weight accepts nothing
				}
			}
		}
		out[coding] = q
	}
	return out
}

// accepts reports whether the parsed header allows the coding: named with
// q > 0, or covered by "*" with q > 0 when it is not named.
func accepts(accepted map[string]float64, coding string) bool {
	if q, ok := accepted[coding]; ok {
		return q > 0
	}
	if q, ok := accepted["*"]; ok {
		return q > 0
	}
	return false
}

// GzipBytes compresses data with gzip at level (compress/gzip's levels),
// with no name or time in the header, so the same bytes always give the
// same file.
func GzipBytes(data []byte, level int) ([]byte, error) {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, level)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
