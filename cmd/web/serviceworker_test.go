//go:build !(js && wasm)

package main

import (
	"os"
	"strings"
	"testing"
)

// TestServiceWorker: the site's service worker is go-app's with its
// install limited to the small files, the rest cached on the page's word
// (the message web/boot.js posts).
func TestServiceWorker(t *testing.T) {
	sw, err := serviceWorker()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"resourcesToCache.filter((r) => !isDeferred(r))",
		`event.data.type !== "` + PrecacheMessage + `"`,
	} {
		if !strings.Contains(sw, want) {
			t.Errorf("the service worker lacks %s", want)
		}
	}
	boot, err := os.ReadFile("../../web/boot.js")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(boot), "'"+PrecacheMessage+"'") {
		t.Errorf("web/boot.js does not post %q to the service worker", PrecacheMessage)
	}
}
