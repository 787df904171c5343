// Package app is the rollout planner's web page, built with go-app: the
// scenario editor, the run in Web Workers (package worker/client), the result
// cards and charts (package charts), and sharing and export. Command
// cmd/web runs it in the browser and writes it as a static site.
//
// # Scenario and form
//
// The page keeps one scenario in a session. Every form field is named by
// the scenario's JSON field path ("roles[1].warmup.p95"), the same path
// that model.Problems carries, so an edit is an Edit{Path, Value} and a
// problem is shown next to the field it names (id FieldID(path) +
// ProblemSuffix). Inputs commit on change (blur or Enter), checkboxes on
// click. Text that does not parse stays in its field with a message and
// the scenario keeps its last value; problems no field shows (a link's
// unknown field) are listed above the form.
//
// # Runs
//
// Each valid change starts a run after Debounce; an invalid scenario stops
// the run under way and the page waits. Trials run in a client.Pool of Web
// Workers, one per core up to client.MaxWorkers, each running the
// simulation-only module web/sim.wasm through web/sim-worker.js; the page
// keeps the bytes of each range and one worker merges them into the
// result, so its numbers are those of `rollout -json` for the same
// scenario and seed. Progress is shown and the run can be
// cancelled (the cards then show the trials finished). "Run until ±0.5
// points" adds trials, doubling each round, until the service's
// SLA-compliance interval is that narrow or AdaptiveCap trials ran; the
// scenario's trials then become the trials run, so the link reproduces
// the numbers.
//
// When a run ends, a worker reduces its trials (client.Pool.Run: the
// result and the chart data), and the page draws the cards and every
// chart's SVG on a goroutine, yielding to the browser between charts: Go's
// WebAssembly never pre-empts, so nothing slow happens in Render or in an
// event handler. Components get small inputs through exported fields and
// post their edits as actions that the page (Planner) handles on the UI
// goroutine.
//
// # What renders when
//
// State lives where it changes, and each part renders only when its own
// exported fields do (go-app compares them): the run bar on a progress
// message (runProgress dispatches through the bar's context and holds
// back the page's update, so a tick renders the bar alone), the results
// pane (results.go) when a result arrives or the run's state changes,
// the editor (editor-pane.go) when the session's revision changes, the
// A/B pane (abPane, compare-section.go) when B or what is pinned changes
// and, through its own context like the run bar, on A's progress, A's
// result and a comparison made (abTest.post: never the page). Big
// data stays behind unexported pointers, never in exported fields.
// Answers that arrive late (a run's progress and end, an analysis, a
// chart drawn on a goroutine, A's run, a comparison) carry a ticket of a
// generation (guard.go) and land only while it is current.
//
// # Capacity review and comparison
//
// The review section (review*.go) is a component of its own, reviewPane,
// owning reviewState; the page hands it only its scenario and results
// (reviewHost). It asks a second, lazily started Web Worker
// (web/analysis-worker.js running web/analysis.wasm, package
// worker/analysis, through worker/client's Analysis) for the advisor's
// findings (its combination of changes, "Do these together", first), a
// what-if sweep and a sensitivity study, and draws their heat maps and
// tornado with package charts; each finding links to the field it is
// about, and answers about an older scenario stay on screen marked stale.
// An analysis's progress renders the review alone. "Download review
// report" writes the report rollout report writes: it waits for the
// complete run of the scenario on screen, runs whichever analysis the
// report lacks with the choices of report.PlanOf (as the command does),
// with progress and cancel, and then writes package report's
// self-contained HTML file.
//
// "Pin as A" (compare*.go: the abTest state, its abPane) keeps the
// scenario on screen and its results as A; the page then shows A beside the scenario under edit (B): each
// card's numbers with B − A, and both bad-minutes distributions in one
// chart. The link carries A too ("&a=v1.…"), and opening it runs A again
// from its scenario. Each distribution's "Fit to data…" box
// (calibrate*.go) fits pasted durations (package planner/fit) and applies
// the best fit, or the data itself, as ordinary edits.
//
// # Sharing, export and import
//
// The scenario (with its seed and trials) is in the page's URL, as the
// model's versioned link code in the fragment ("#s=v1.…"), rewritten at
// most every URLThrottle. A link that cannot be read (cut short, garbled,
// from a newer planner) or whose scenario is beyond the model's limits
// (more than model.MaxRoles roles) shows a notice in words for people,
// never the decoder's text, and falls back to the last valid scenario kept
// in localStorage (StorageKey), else the DefaultPreset, without building
// anything from the link; a link whose scenario breaks rules loads with
// its problems marked.
//
// localStorage is probed once, before go-app's engine starts
// (storage_js.go): when the browser refuses site data (reading the
// property throws SecurityError, or getItem or setItem throws), an
// in-memory stand-in takes its place, the page keeps working and
// StorageNoticeID says that the last scenario will not be remembered.
// Every later access goes through Reflect.get and a recover, since a
// getter that throws would otherwise stop the Go program.
//
// Scenario and role names are always text, never markup, and isolated
// from the text around them (bidi.go): in <bdi> where they are elements,
// between FSI and PDI in plain text, with their bidi controls balanced.
//
// The exporter (export.go, chart-export.go) makes the downloads from a
// snapshot of the page (Planner.sources). Charts export as SVG and PNG (one at a time or all in a zip), results as a tidy CSV (report/tidy) and JSON
// (ResultJSON, the bytes `rollout -json` prints), the scenario as JSON
// (model.Encode); a scenario JSON file can be imported. dom.go lists the
// ids and attributes of the page that tests and scripts rely on.
package app
