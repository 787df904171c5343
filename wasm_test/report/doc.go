// Package reportbrowser holds no code: its test builds a review report
// natively (package report) for a scenario with hostile names, serves it
// on 127.0.0.1 and opens it in headless Chromium to check that it shows
// every chart, runs no script, opens no dialog, logs no error and shows
// the names as text. It skips without chromium on PATH unless
// CI_REQUIRE_BROWSER is set.
package reportbrowser
