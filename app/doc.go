// Package app is the rollout planner's web page, built with go-app: the
// scenario editor, the run in Web Workers (package app/runner), the result
// cards and charts (package charts), and sharing and export.
//
// The page keeps one scenario. Every form field is named by the scenario's
// JSON field path ("roles[1].warmup.p95"), the same path that
// model.Problems carries, so an edit is an Edit{Path, Value} and a problem
// is shown next to the field it names. Each valid change starts a new run
// after a short pause; the scenario also goes into the page's URL (the
// model's link codec, in the fragment "#s=v1.…") at most every 300 ms.
//
// Slow work (runs, result reduction, chart rendering, exports) happens in
// action handlers and goroutines, never in Render; components get small
// inputs through exported fields and post their edits as actions that the
// page handles on the UI goroutine.
package app
