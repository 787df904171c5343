// Command web is the rollout planner's web page. Built for the browser
// (GOOS=js GOARCH=wasm) it is web/app.wasm, the go-app client of package
// app. Built natively it writes the static site and can serve it:
//
//	go run ./cmd/web -out dist [-base /sub/path]   # generate the site into dist
//	go run ./cmd/web -serve 127.0.0.1:8080 -out dist  # serve dist on loopback
//
// Generating needs the build outputs web/app.wasm, web/sim.wasm and
// web/wasm_exec.js (make wasm) next to web/sim-worker.js and the page's
// own files (web/planner.css, the icons); it copies them all into
// DIR/web/. With -base the site works under that URL path, as on GitHub
// Pages ("/repo"). The site loads nothing from other hosts and, after the
// first visit, works offline through go-app's service worker.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	page "rolloutplanner/app"
)

func main() {
	app.Route("/", func() app.Composer { return page.NewPlanner() })
	app.RunWhenOnBrowser() // in the browser: runs the page and never returns
	serverMain()
}
