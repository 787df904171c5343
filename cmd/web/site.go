//go:build !(js && wasm)

package main

import (
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	page "rolloutplanner/app"
	"rolloutplanner/internal/sitehttp"
)

// siteFiles are copied from web/ into the site's web/ directory. The
// first five are build outputs of `make wasm`: the page, the simulation
// worker's module, the capacity review worker's module
// (./cmd/analysisworker), the chart worker's module (./cmd/chartworker)
// and Go's wasm_exec.js.
var siteFiles = []string{
	"app.wasm", "sim.wasm", "analysis.wasm", "chart.wasm", "wasm_exec.js",
	"boot.js", "go-worker.js", "sim-worker.js", "analysis-worker.js", "chart-worker.js",
	"planner.css", "review.css", "docs.css", "icon.svg", "icon-192.png", "icon-512.png",
}

// BootScript is the page's first script (web/boot.js), loaded from
// index.html's <head>; the service worker caches it with the page.
const BootScript = "/web/boot.js"

// workerFiles are what the Web Workers load, which the service worker
// caches with the page so that runs work offline after the first visit.
var workerFiles = []string{"go-worker.js", "sim-worker.js", "sim.wasm", "analysis-worker.js", "analysis.wasm",
	"chart-worker.js", "chart.wasm", "wasm_exec.js"}

func serverMain() {
	out := flag.String("out", "dist", "directory of the static site")
	base := flag.String("base", "", "URL path the site is served under, such as /repo for GitHub Pages; empty for the root")
	serve := flag.String("serve", "", "serve the site in -out on this loopback address (127.0.0.1:8080) instead of generating it")
	src := flag.String("web", "web", "directory with app.wasm, sim.wasm, wasm_exec.js and the page's files")
	flag.BoolVar(&precompress, "precompress", true, "write NAME.gz and NAME.br beside each compressible file of the site")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("web: ")
	if *serve != "" {
		if err := serveSite(*serve, *out, *base); err != nil {
			log.Fatal(err)
		}
		return
	}
	if err := generate(*out, *base, *src); err != nil {
		log.Fatal(err)
	}
}

// cleanBase turns "-base" into "" or "/sub/path" (no trailing slash).
func cleanBase(base string) string {
	base = strings.Trim(strings.TrimSpace(base), "/")
	if base == "" {
		return ""
	}
	return "/" + base
}

// handler is the go-app handler of the page, with every resource local.
// wasmSize is app.wasm's length in bytes: go-app's loader shows its
// progress against it, which stays right when the host sends the file
// compressed (the Content-Length is then the compressed size, while the
// loader counts decompressed bytes).
//
// sw is the service worker's script (serviceWorker).
func handler(base, version string, wasmSize int64, sw string) *app.Handler {
	h := &app.Handler{
		ServiceWorkerTemplate: sw,
		Name:                  "Rollout planner",
		ShortName:             "Rollout",
		Title:                 "Rollout planner",
		Description:           "Monte Carlo planner for the SLA cost of a month of rolling host, guest OS and guest agent upgrades.",
		Lang:                  "en",
		LoadingLabel:          "Loading the editor and the review… {progress}%",
		BackgroundColor:       "#f6f7f9",
		ThemeColor:            "#1f4e79",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			SVG:      "/web/icon.svg",
			Maskable: "/web/icon-512.png",
		},
		Styles: []string{"/web/planner.css", "/web/review.css"},
		// The first script: starts the simulation workers on the link's
		// scenario while app.wasm loads (web/boot.js). Not deferred, so
		// that it runs before the body is parsed.
		Scripts:            []string{BootScript},
		CacheableResources: cacheable(),
		Version:            version,
		WasmContentLength:  strconv.FormatInt(wasmSize, 10),
	}
	if b := cleanBase(base); b != "" {
		h.Resources = app.PrefixedLocation(b)
	}
	return h
}

// generate writes the static site into out and copies the page's files.
func generate(out, base, src string) error {
	for _, f := range siteFiles {
		if _, err := os.Stat(filepath.Join(src, f)); err != nil {
			return fmt.Errorf("%v: build the WebAssembly modules first (make wasm)", err)
		}
	}
	version, err := versionOf(src)
	if err != nil {
		return err
	}
	wasm, err := os.Stat(filepath.Join(src, "app.wasm"))
	if err != nil {
		return err
	}
	// The default page carries its answer: the default preset's cards
	// and charts, from the engine the workers run.
	sla, err := page.PrerenderDefault()
	if err != nil {
		return err
	}
	sw, err := serviceWorker()
	if err != nil {
		return err
	}
	if err := app.GenerateStaticWebsite(out, handler(base, version, wasm.Size(), sw)); err != nil {
		return fmt.Errorf("generating the site: %w", err)
	}
	if err := addCSP(filepath.Join(out, "index.html")); err != nil {
		return err
	}
	if err := gateWasm(filepath.Join(out, "app.js")); err != nil {
		return err
	}
	if err := dropFalseBooleans(filepath.Join(out, "index.html")); err != nil {
		return err
	}
	for _, f := range siteFiles {
		if err := copyFile(filepath.Join(src, f), filepath.Join(out, "web", f)); err != nil {
			return err
		}
	}
	if err := writeDocPages(out); err != nil {
		return err
	}
	if precompress {
		if _, err := sitehttp.Precompress(out); err != nil {
			return fmt.Errorf("pre-compressing the site: %w", err)
		}
	}
	log.Printf("site in %s/ (base %q, version %s, pre-rendered SLA compliance %s)", out, cleanBase(base), version[:12], sla)
	return nil
}

// precompress makes generate write .gz and .br beside each compressible
// file (the -precompress flag).
var precompress = true

// charsetMeta is where addCSP puts the policy: right after the charset,
// before any element that loads something, since a <meta> policy governs
// only what comes after it.
const charsetMeta = `<meta charset="UTF-8">`

// inlineHandlerRE finds inline event-handler attributes (on…="…") in the
// generated page; go-app quotes attribute values with double quotes.
var inlineHandlerRE = regexp.MustCompile(`\son[a-z]+="[^"]*"`)

// addCSP writes the site's Content-Security-Policy into the page as the
// first element after its charset. It refuses a page with an inline event
// handler, which the policy blocks: handle the event in Go instead.
func addCSP(index string) error {
	b, err := os.ReadFile(index)
	if err != nil {
		return err
	}
	page := string(b)
	if !strings.Contains(page, charsetMeta) {
		return fmt.Errorf("%s has no %s to put the Content-Security-Policy after: go-app changed its page", index, charsetMeta)
	}
	if h := inlineHandlerRE.FindString(page); h != "" {
		return fmt.Errorf("%s has the inline event handler%s, which its Content-Security-Policy blocks: handle the event in Go", index, h)
	}
	meta := `<meta http-equiv="Content-Security-Policy" content="` + sitehttp.MetaCSP() + `">`
	page = strings.Replace(page, charsetMeta, charsetMeta+"\n    "+meta, 1)
	return os.WriteFile(index, []byte(page), 0o644)
}

// falseBooleanRE finds a boolean attribute that go-app's static page
// writes with the value "false" (Disabled(false), Selected(false)): in
// HTML its presence alone means true, so the pre-rendered page showed
// enabled buttons disabled and selected the last preset of the list.
var falseBooleanRE = regexp.MustCompile(`\s(?:disabled|selected|checked|hidden|readonly|required|multiple|autofocus|open|inert)="false"`)

// dropFalseBooleans removes those attributes from the page, so that the
// pre-rendered page shows what the live page will.
func dropFalseBooleans(index string) error {
	b, err := os.ReadFile(index)
	if err != nil {
		return err
	}
	return os.WriteFile(index, falseBooleanRE.ReplaceAll(b, nil), 0o644)
}

// wasmStart is go-app's call, in app.js, that fetches and starts app.wasm.
const wasmStart = "\ngoappInitWebAssembly();\n"

// gatedWasmStart is wasmStart once web/boot.js may hold it back: it waits
// for self.rolloutBoot.gate, which boot.js opens when its first answer is
// on screen (at once when it has none to give).
const gatedWasmStart = "\n// web/boot.js holds app.wasm back until its first answer is on screen.\n" +
	"((self.rolloutBoot && self.rolloutBoot.gate) || Promise.resolve()).then(goappInitWebAssembly);\n"

// gateWasm makes go-app's app.js start app.wasm only once web/boot.js
// opens its gate, so that the megabytes of the page do not compete with
// the first answer for the network and the two cores.
func gateWasm(appJS string) error {
	b, err := os.ReadFile(appJS)
	if err != nil {
		return err
	}
	js := string(b)
	if strings.Count(js, wasmStart) != 1 {
		return fmt.Errorf("%s does not call goappInitWebAssembly once on a line of its own: go-app changed its app.js; update gateWasm", appJS)
	}
	return os.WriteFile(appJS, []byte(strings.Replace(js, wasmStart, gatedWasmStart, 1)), 0o644)
}

// versionOf hashes the site's files, so that the service worker replaces
// its cache exactly when one of them changes.
func versionOf(src string) (string, error) {
	h := sha256.New()
	for _, f := range siteFiles {
		fh, err := os.Open(filepath.Join(src, f))
		if err != nil {
			return "", err
		}
		_, err = io.Copy(h, fh)
		fh.Close()
		if err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))[:20], nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	outf, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(outf, in); err != nil {
		outf.Close()
		return err
	}
	return outf.Close()
}

// serveSite serves dir on addr, which must be a loopback address, under
// base (empty for the root).
func serveSite(addr, dir, base string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-serve %q: %v; give host:port such as 127.0.0.1:8080", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-serve %q: only loopback addresses (127.0.0.1, ::1, localhost) are served", addr)
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		return fmt.Errorf("%v: generate the site first (make site)", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	log.Printf("serving %s on http://%s%s/", dir, ln.Addr(), cleanBase(base))
	srv := &http.Server{Handler: siteMux(dir, base), ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// siteMux serves the generated site in dir under base (empty for the
// root) through package sitehttp: no listings, nosniff, ETags with 304,
// gzip or brotli, the CSP header (with frame-ancestors) on pages. Paths
// outside base redirect to it.
func siteMux(dir, base string) http.Handler {
	h := sitehttp.Handler(dir, sitehttp.Options{})
	b := cleanBase(base)
	if b == "" {
		return h
	}
	mux := http.NewServeMux()
	mux.Handle(b+"/", http.StripPrefix(b, h))
	mux.Handle("/", http.RedirectHandler(b+"/", http.StatusFound))
	return mux
}

// cacheable lists the files the service worker caches besides the page's
// own: the workers' files, the icon and the documentation pages, so that
// runs and "How the model works" work offline after the first visit.
func cacheable() []string {
	out := []string{"/web/icon.svg", "/web/docs.css"}
	for _, f := range workerFiles {
		out = append(out, "/web/"+f)
	}
	for _, p := range docPages {
		out = append(out, "/web/"+p.file)
	}
	return out
}
