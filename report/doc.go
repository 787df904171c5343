// Package report writes the review report of a rollout plan: one
// self-contained HTML file that a reviewer reads, prints or saves as PDF
// without the app. It holds the scenario as tables (every distribution
// in words), the advisor's findings, the headline numbers of the service
// and of each role with their 95 % intervals, every result chart, the
// share of the SLA's monthly allowance the patch wave uses, the sweep's
// heat maps and table, the sensitivity tornado (when computed) and a link
// that reopens the scenario in the planner.
//
// The file needs nothing else: no script, no remote font, image or style
// sheet; the charts are inline SVG and a print style sheet lays it out on
// paper. The document is written by plain code through a small writer
// (no html/template: its reflection would make the linker keep every
// exported method of the page's WebAssembly binary). Every text,
// scenario and role names, the advisor's words and the numbers included,
// is HTML-escaped, every attribute value is quoted and the link is
// checked and percent-encoded; the chart SVGs are inserted as markup only
// because package charts checks that its SVG holds nothing but chart
// elements.
//
// Build runs everything a report needs natively (the scenario, the
// advisor, a small sweep around the scenario and a sensitivity study),
// with progress and cancellation; Write renders an Input, however it was
// made, so the command line and the page share both.
//
// report imports model, planner, its analysis packages and charts; nothing
// from the UI.
package report
