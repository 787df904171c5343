package sitehttp

// MetaCSP is the page's Content-Security-Policy as written into index.html
// (<meta http-equiv>), so that it holds on any static host: only the site's
// own scripts, with 'wasm-unsafe-eval' to compile its WebAssembly and
// nothing else evaluated; workers and the service worker from the site;
// fetches only to the site (no remote connection); images from the site
// and from data: and blob: URLs (chart PNG export draws an SVG blob into a
// canvas); no plugins (object-src 'none'); no <base> elsewhere; no form
// submissions. Styles allow 'unsafe-inline' because the pre-rendered page
// and the charts' SVG carry style attributes (no script can come from a
// style attribute). frame-ancestors is absent: browsers ignore it in a
// <meta> (and log an error), so HeaderCSP adds it where a header can be
// sent.
const MetaCSP = "default-src 'self'; " +
	"script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; " +
	"font-src 'self'; " +
	"connect-src 'self'; " +
	"worker-src 'self'; " +
	"manifest-src 'self'; " +
	"object-src 'none'; " +
	"base-uri 'self'; " +
	"form-action 'none'"

// HeaderCSP is MetaCSP with frame-ancestors 'none' (no site may frame the
// page), as the Content-Security-Policy header of every HTML response.
const HeaderCSP = MetaCSP + "; frame-ancestors 'none'"
