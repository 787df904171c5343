// Package sitehttp serves and prepares the planner's static site the way
// a careful static host does: no directory listings, X-Content-Type-Options
// nosniff, the site's Content-Security-Policy on pages, strong ETags with
// 304 answers to If-None-Match, and gzip or brotli chosen by the request's
// Accept-Encoding (with Vary: Accept-Encoding), taken from pre-compressed
// siblings ("app.wasm.br", "app.wasm.gz") that Precompress writes, or
// gzipped on the fly when there are none.
//
// cmd/web uses it for `make serve`; cmd/perf uses it, limited to gzip, as
// the "plain gzip static host" of the performance figures.
package sitehttp
