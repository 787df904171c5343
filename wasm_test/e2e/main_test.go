package e2e

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// basePath is the sub-path the site is built for and served under, so that
// every test also checks sub-path hosting: a URL that escapes it is a 404.
const basePath = "/sub/"

// Set by TestMain.
var (
	// skipReason is non-empty when the tests cannot run here (no browser).
	skipReason string
	// siteURL is the page's address: "http://127.0.0.1:PORT/sub/".
	siteURL string
	// serverURL is the test server's origin: "http://127.0.0.1:PORT".
	serverURL string
	// siteDir is the generated site that the test server serves.
	siteDir string
	// browserCtx holds the running browser; tabs are its children.
	browserCtx context.Context
)

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

// testMain builds the site, serves it, starts the browser and runs the
// tests; it returns the process's exit status.
func testMain(m *testing.M) int {
	flag.Parse()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI_REQUIRE_BROWSER") != "" {
			fmt.Fprintln(os.Stderr, "e2e: CI_REQUIRE_BROWSER is set but there is no chromium on PATH: install Debian's chromium (make chromium, or apt-get install chromium)")
			return 1
		}
		skipReason = "e2e: skipping the browser tests: no chromium on PATH (install Debian's chromium with `make chromium`; set CI_REQUIRE_BROWSER=1 to make this an error)"
		fmt.Println(skipReason)
		return m.Run()
	}

	root, err := repoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	tmp, err := os.MkdirTemp("", "rollout-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(tmp)

	site := filepath.Join(tmp, "site")
	if err := buildSite(root, site); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}

	siteDir = site
	srv := httptest.NewServer(siteHandler(site)) // listens on 127.0.0.1:0
	defer srv.Close()
	serverURL = srv.URL
	siteURL = srv.URL + basePath

	var chromeOut syncBuffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.WindowSize(1280, 1000),
		chromedp.CombinedOutput(&chromeOut),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no timeout
		fmt.Fprintf(os.Stderr, "e2e: starting %s: %v\n%s", chromium, err, chromeOut.String())
		return 1
	}
	browserCtx = ctx

	code := m.Run()
	if code != 0 && chromeOut.Len() > 0 {
		fmt.Fprintf(os.Stderr, "e2e: chromium's output, without its D-Bus complaints:\n%s\n", tail(withoutDBus(chromeOut.String()), 4000))
	}
	return code
}

// repoRoot returns the directory of the module's go.mod.
func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("finding the repository: go env GOMOD: %v", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("finding the repository: not inside a Go module")
	}
	return filepath.Dir(mod), nil
}

// buildSite builds the wasm files (make wasm) and generates the static site
// for basePath into dir, as `make site BASE=/sub/` would.
func buildSite(root, dir string) error {
	steps := [][]string{
		{"make", "-C", root, "wasm"},
		{"go", "run", "./cmd/web", "-out", dir, "-base", basePath, "-precompress=false"},
	}
	for _, args := range steps {
		start := time.Now()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("building the site: %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		fmt.Printf("e2e: %s (%.1f s)\n", strings.Join(args, " "), time.Since(start).Seconds())
	}
	return nil
}

// siteHandler serves dir under basePath and answers 404 elsewhere.
func siteHandler(dir string) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(basePath, http.StripPrefix(strings.TrimSuffix(basePath, "/"), http.FileServer(http.Dir(dir))))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "outside "+basePath+": the site must only use its own sub-path", http.StatusNotFound)
	})
	return mux
}

// syncBuffer is a bytes.Buffer that the browser's output goroutine and the
// tests can share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *syncBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

// withoutDBus drops the lines in which Chromium complains that this
// machine has no D-Bus, which say nothing about the page.
func withoutDBus(s string) string {
	var keep []string
	for line := range strings.Lines(s) {
		if !strings.Contains(line, "dbus") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "")
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
