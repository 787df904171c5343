// Package e2e drives the rollout planner's built site in headless Chromium
// (make e2e). It holds only tests.
//
// TestMain builds the page's and the worker's WebAssembly (make wasm) and
// the static site for the sub-path /sub/ (go run ./cmd/web -out DIR -base
// /sub/), serves DIR under /sub/ on 127.0.0.1 and starts one Chromium for
// the whole package, with a fresh profile. Every test opens its own tab,
// and fails on any console error, uncaught exception or HTTP error of that
// tab.
//
// The tests read the page only through its DOM contract (app/dom.go): the
// root #planner, whose data-live="1" only the live client sets and whose
// data-state says where the run is; the field inputs "f-<path>"; the cards
// #card-service and #card-role-<i> with their [data-metric] values in
// data-value; the charts figure#chart-<id>; and the share, export and notice
// elements. Pre-rendered HTML carries the same ids, so every wait first
// waits for data-live="1".
//
// Without a chromium on PATH the tests skip, unless CI_REQUIRE_BROWSER is
// set: then the package fails. Screenshots go to $SCREEN_DIR (default
// /tmp/screens). Timings (time to first result, the longest main-thread
// stall during a 100,000-trial run) are printed, never asserted.
package e2e
