//go:build !(js && wasm)

package main

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// PrecacheMessage is what web/boot.js posts to the service worker once
// the page shows its first answer: cache the files the install left out.
const PrecacheMessage = "rollout:precache"

// The changes serviceWorker makes to go-app's app-worker.js. go-app's
// worker caches every cacheable file when it installs, which on a first
// visit happens while the page itself is loading: the install downloaded
// app.wasm a second time and the capacity review's and chart worker's
// modules, about 7 MB gzipped, competing with the page for the network
// before the first answer. The worker below installs with the small files
// only, and caches the rest (the *.wasm modules, the workers' scripts and
// the documentation pages) when the page says it has answered, so that the
// site works offline after the first visit.
var swEdits = []struct{ from, to string }{
	{
		"  await cache.addAll(resourcesToCache);\n}",
		"  await cache.addAll(resourcesToCache.filter((r) => !isDeferred(r)));\n}\n\n" +
			"// isDeferred: cached once the page has answered (" + PrecacheMessage + "), not at install.\n" +
			"function isDeferred(url) {\n" +
			"  return /\\.wasm$|-worker\\.js$|\\/web\\/(model|limits)\\.html$|\\/web\\/docs\\.css$/.test(url);\n" +
			"}\n\n" +
			"self.addEventListener(\"message\", (event) => {\n" +
			"  if (!event.data || event.data.type !== \"" + PrecacheMessage + "\") {\n" +
			"    return;\n" +
			"  }\n" +
			"  event.waitUntil((async () => {\n" +
			"    const cache = await caches.open(cacheName);\n" +
			"    for (const r of resourcesToCache.filter(isDeferred)) {\n" +
			"      if (!(await cache.match(r))) {\n" +
			"        await cache.add(r).catch((err) => console.error(\"caching\", r, \"failed:\", err));\n" +
			"      }\n" +
			"    }\n" +
			"  })());\n" +
			"});",
	},
	{
		"  const cachedResponse = await caches.match(request);\n",
		"  let cachedResponse = await caches.match(request);\n" +
			"  if (!cachedResponse && request.mode === \"navigate\") {\n" +
			"    // go-app caches the page under its base path without the final\n" +
			"    // slash (\"/sub\"), while the browser asks for \"/sub/\".\n" +
			"    const path = new URL(request.url).pathname.replace(/\\/$/, \"\") || \"/\";\n" +
			"    cachedResponse = await caches.match(path);\n" +
			"  }\n" +
			"  if (cachedResponse && cachedResponse.redirected) {\n" +
			"    // Cached after a redirect (\"/sub\" to \"/sub/\"): browsers refuse a\n" +
			"    // redirected response to a navigation, so hand over a plain copy.\n" +
			"    cachedResponse = new Response(await cachedResponse.blob(), {\n" +
			"      status: cachedResponse.status, statusText: cachedResponse.statusText, headers: cachedResponse.headers,\n" +
			"    });\n" +
			"  }\n",
	},
}

// serviceWorker returns go-app's service worker with swEdits applied; it
// fails when go-app's template no longer has the text an edit replaces.
func serviceWorker() (string, error) {
	sw := app.DefaultAppWorkerJS
	for _, e := range swEdits {
		if strings.Count(sw, e.from) != 1 {
			return "", fmt.Errorf("go-app's app-worker.js changed: %q is not in it once; update cmd/web/serviceworker.go", e.from)
		}
		sw = strings.Replace(sw, e.from, e.to, 1)
	}
	return sw, nil
}
