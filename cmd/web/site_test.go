//go:build !(js && wasm)

package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

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
