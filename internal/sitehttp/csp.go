package sitehttp

import "strings"

// MetaCSP returns the page's Content-Security-Policy as written into
// index.html (<meta http-equiv>), so that it holds on any static host:
// only the site's own scripts, with 'wasm-unsafe-eval' to compile its
// WebAssembly and nothing else evaluated; workers and the service worker
// from the site; fetches only to the site (no remote connection); images
// from the site and from data: and blob: URLs (a chart's PNG export draws
// its SVG into a canvas); no plugins (object-src 'none'); no <base>
// elsewhere; no form submissions. Styles allow 'unsafe-inline' because the
// pre-rendered page and the charts' SVG carry style attributes (a style
// attribute cannot run script). No inline script or event-handler
// attribute is allowed: the page has none (cmd/web refuses a page that
// does). frame-ancestors is absent: browsers ignore it in a <meta> (and
// log an error); HeaderCSP carries it.
func MetaCSP() string {
	script := "script-src 'self' 'wasm-unsafe-eval'"
	return strings.Join([]string{
		"default-src 'self'",
		script,
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data: blob:",
		"font-src 'self'",
		"connect-src 'self'",
		"worker-src 'self'",
		"manifest-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'none'",
	}, "; ")
}

// HeaderCSP is the Content-Security-Policy header of every HTML response
// of Handler. A browser enforces it together with the page's <meta>
// policy, so it holds only what the <meta> cannot (frame-ancestors: no
// site may frame the page) and repeats the restrictions that need no
// knowledge of the page.
const HeaderCSP = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'none'"
