// Package charts draws the result charts of a rollout plan: pure
// functions from planner.Charts to a *plot.Plot, SVG markup or PNG bytes,
// with no UI context. The same functions feed the web page (GOOS=js),
// the export buttons and the command line.
//
// Specs lists the charts of a run in page order; Plot, SVG and PNG draw
// one of them:
//
//   - WarmCapacity, one per enabled pass: each role's warm instances over
//     the pass (median line, P5–P95 band, dashed line at the warm share
//     the role needs), percent of the role's instances against minutes (or
//     hours) from the pass's start.
//   - CapacityLoss, one per enabled pass: each role's capacity lost while
//     each upgrade domain is upgraded, mean as a bar and P95 as a whisker,
//     percent of the role.
//   - BadMinutes: the distribution (CDF) of bad minutes per month for the
//     service and, with two or more roles, each role, with the SLA's
//     monthly budget as a vertical line. A long tail switches the x axis to
//     a log(1 + x) scale.
//   - PassDurations: the distribution (CDF) of each enabled pass's duration.
//
// CompareBadMinutes draws one more chart for an A/B comparison: the
// service's bad-minutes CDFs of two runs overlaid, with their SLA budgets.
//
// The capacity review adds three more: SweepSVG draws a what-if sweep
// (planner/whatif) as heat maps of SLA compliance or of the chance of hard
// downtime, one panel per warm-up mode, with the smallest configuration
// that meets the target marked; TornadoSVG draws the sensitivity of mean
// bad minutes and SLA compliance to each input shifted ±25 %; FitSVG draws
// pasted observations against the distributions fitted to them
// (planner/fit), with each fit's Kolmogorov–Smirnov statistic.
//
// Time axes are labelled in whole minutes (1, 2, 5, 10, 15, 20, 30 or 60
// apart) or, past five hours, in hours (quarter hours up to days). The
// log(1 + x) axis of bad minutes labels 0, the powers of ten and their 2
// and 5 multiples where there is room.
//
// Every chart has a title, a subtitle naming the scenario and the number
// of trials, axis labels with units and a legend; titles and legend names
// too long for the canvas end in "…". SVG and PNG draw the
// legend in a column to the right of the data so that it never hides a
// curve; a *plot.Plot from Plot keeps it in the top right corner of the
// data area.
//
// # Untrusted text
//
// Role and scenario names come from shared links and files. Every text is
// cleaned before it reaches gonum/plot (invalid UTF-8, control and bidi
// override characters removed, long names shortened with "…"), vgsvg
// escapes <, >, &, ' and " in text, and SVG checks its own output: it must
// parse as XML and hold only the elements and attributes vgsvg writes, so
// it is safe to insert as raw markup.
//
// # Sizes
//
// SVG draws at ScreenWidth × ScreenHeight (8 × 4.5 in, 768 × 432 CSS
// pixels, scalable through its viewBox); PNG draws the same layout at
// SlideDPI, 1600 × 900 pixels. SVGSize and PNGSize take other sizes.
//
// Builds that want a smaller WebAssembly binary can use -tags minimal,
// which keeps only the gonum/plot backends this package imports (vgsvg and
// vgimg).
package charts
