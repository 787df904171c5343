package report

import "strconv"

// The report's markup. render writes the view as one HTML document with
// a writer: every value goes through writer.text or writer.url, and only
// a figure's SVG, checked by package charts, is written as markup. The
// Content-Security-Policy forbids scripts and every remote resource, so
// that even a mistake here could not run code or call home from a
// reviewer's browser.

// head is the start of the document up to the chart count.
const head markup = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rollout planner">
<meta name="rollout-charts" content="`

// styleSheet is the report's only style sheet, for the screen and for
// paper.
const styleSheet markup = `<style>
:root { color-scheme: light; }
body { font: 15px/1.45 "Liberation Sans", Arial, Helvetica, sans-serif; color: #111; background: #fff; margin: 0 auto; padding: 1.5rem 2rem 3rem; max-width: 62rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; overflow-wrap: anywhere; }
p.meta { color: #444; margin: 0 0 .6rem; }
table { border-collapse: collapse; margin: .4rem 0 1rem; width: 100%; font-size: .85rem; }
th, td { border: 1px solid #ccc; padding: .25rem .45rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f2f5f8; }
tr > th:first-child { min-width: 7em; overflow-wrap: break-word; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { white-space: normal; overflow-wrap: normal; font-size: .8rem; }
tr.smallest td { background: #e3eef8; font-weight: bold; }
td.note { color: #555; }
td.nowrap { white-space: nowrap; }
figure { margin: 1rem 0 1.4rem; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid #e4e4e4; }
figcaption { font-size: .85rem; color: #444; margin-top: .3rem; }
.problem { color: #B2182B; }
.finding { border: 1px solid #ccc; border-left: 6px solid #999; padding: .5rem .9rem; margin: .8rem 0; break-inside: avoid; page-break-inside: avoid; }
.finding.critical { border-left-color: #B2182B; }
.finding.warning { border-left-color: #E69F00; }
.finding.info { border-left-color: #0072B2; }
.finding.together { border-left-color: #1A9850; }
.finding h3 { margin: .2rem 0 .4rem; }
.finding dl { display: grid; grid-template-columns: 8.5rem 1fr; gap: .2rem .8rem; margin: 0; }
.finding dt { font-weight: bold; }
.finding dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; font-size: .75rem; font-weight: bold; text-transform: uppercase; padding: .05rem .4rem; border-radius: .2rem; color: #fff; background: #666; vertical-align: middle; margin-right: .4rem; }
.critical .badge { background: #B2182B; }
.warning .badge { background: #9A6A00; }
.info .badge { background: #0072B2; }
code { font-family: "Liberation Mono", Consolas, monospace; font-size: .88em; background: #f4f4f4; padding: 0 .2rem; overflow-wrap: anywhere; }
pre { font-family: "Liberation Mono", Consolas, monospace; font-size: .78rem; background: #f7f7f7; border: 1px solid #ddd; padding: .6rem; white-space: pre-wrap; overflow-wrap: anywhere; }
a { color: #0057A0; overflow-wrap: anywhere; }
.reopen { background: #f2f5f8; border: 1px solid #cfd9e3; padding: .6rem .9rem; margin: .8rem 0; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 10.5pt; padding: 0; max-width: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  table { font-size: 8.5pt; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  figure svg { border: none; }
  .reopen a::after { content: " (" attr(href) ")"; font-size: 7pt; color: #444; }
  details > summary { display: none; }
  details.scenario-json { display: none; }
}
</style>
`

// linkText is the text of the link that reopens the scenario.
const linkText markup = "Open this scenario in the rollout planner"

// render writes v as the report's HTML document.
func render(v view) []byte {
	w := &writer{}
	w.html(head)
	w.text(strconv.Itoa(v.ChartCount))
	w.html("\">\n")
	w.el("<title>", v.Title, "</title>\n")
	w.html(styleSheet)
	w.html("</head>\n<body>\n<header>\n")
	w.el("<h1>", v.Title, "</h1>\n")
	w.el(`<p class="meta">`, v.Trials, " simulated months, seed ")
	w.text(v.Seed)
	if v.Generated != "" {
		w.html(" · ")
		w.text(v.Generated)
	}
	w.html(" · ")
	w.text(strconv.Itoa(v.ChartCount))
	w.html(" charts · made by the rollout planner</p>\n")
	w.reopen(v, true)
	w.html("</header>\n\n<main>\n")

	w.html("<section id=\"scenario\">\n<h2>The scenario</h2>\n")
	w.html("<table class=\"service\">\n<tr><th>Service</th><th>Value</th><th>Note</th></tr>\n")
	w.rows(v.Service)
	w.html("</table>\n<table class=\"passes\">\n<tr><th>Pass</th><th>Value</th><th>Note</th></tr>\n")
	w.rows(v.Passes)
	w.html("</table>\n")
	for _, r := range v.Roles {
		w.el("<h3>Role <bdi>", r.Name, "</bdi></h3>\n")
		w.html("<table class=\"role\">\n<tr><th>Field</th><th>Value</th><th>Note</th></tr>\n")
		w.rows(r.Rows)
		w.html("</table>\n")
	}
	w.html("</section>\n\n")

	if v.HasAdvice {
		w.findings(v.Together, v.Findings)
	}
	w.html("\n\n")

	w.html(`<section id="results">
<h2>Headline numbers</h2>
<p>Shares of months with their 95 % Wilson intervals in brackets; minutes are per month.</p>
<table class="metrics">
<tr><th></th><th class="num">SLA met</th><th class="num">months with bad minutes</th><th class="num">months hard down</th><th class="num">bad min mean</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">hard-down min mean</th><th class="num">p95</th><th class="num">availability mean %</th><th class="num">p05 %</th><th class="num">requests served %</th></tr>
`)
	for _, m := range v.Metrics {
		w.el("<tr><th><bdi>", m.Name, "</bdi></th>")
		for _, s := range []string{m.Compliance, m.PBad, m.PHardDown, m.BadMean, m.BadP50, m.BadP95, m.BadP99, m.HardMean, m.HardP95, m.AvailMean, m.AvailP05, m.Served} {
			w.el(`<td class="num">`, s, "</td>")
		}
		w.html("</tr>\n")
	}
	w.html("</table>\n")
	if len(v.PassDurations) > 0 {
		w.html("<table class=\"passes-durations\">\n<tr><th>Pass</th><th class=\"num\">mean duration</th><th>spread</th></tr>\n")
		for _, r := range v.PassDurations {
			w.el("<tr><td>", r.Key, "</td>")
			w.el(`<td class="num">`, r.Value, "</td>")
			w.el("<td>", r.Note, "</td></tr>\n")
		}
		w.html("</table>")
	}
	w.html("\n</section>\n\n")

	w.html("<section id=\"charts\">\n<h2>Charts</h2>\n")
	w.figures(v.Figures)
	w.html("\n</section>\n\n")

	w.el("<section id=\"budget\">\n<h2>SLA budget</h2>\n<p>The SLA allows ", v.Budget.Allowance,
		` bad minutes a month. The share of that allowance the patch wave uses (over 100 % misses the SLA); for each role as if it alone made the service bad.</p>
<table class="budget">
<tr><th></th><th class="num">mean</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">months over budget</th></tr>
`)
	for _, r := range v.Budget.Rows {
		w.el("<tr><th><bdi>", r.Name, "</bdi></th>")
		for _, s := range []string{r.Mean, r.P50, r.P95, r.P99, r.Exceeded} {
			w.el(`<td class="num">`, s, "</td>")
		}
		w.html("</tr>\n")
	}
	w.html("</table>\n</section>\n\n")

	if v.Sweep != nil {
		w.sweep(v.Sweep)
	}
	w.html("\n\n")
	if v.Tornado != nil {
		w.tornado(v.Tornado)
	}
	w.html("\n\n")
	if len(v.FitFigures) > 0 {
		w.html("<section id=\"fits\">\n<h2>Calibration from observed durations</h2>\n")
		w.figures(v.FitFigures)
		w.html("\n</section>\n")
	}
	w.html("\n\n")

	w.html("<section id=\"reproduce\">\n<h2>Reopen or reproduce</h2>\n")
	w.reopen(v, false)
	if v.ScenarioJSON != "" {
		w.html("<details class=\"scenario-json\"><summary>The scenario as JSON</summary>\n")
		w.el("<pre>", v.ScenarioJSON, "</pre>\n</details>")
	}
	w.html("\n</section>\n</main>\n</body>\n</html>\n")
	return w.b.Bytes()
}

// reopen writes the box with the link that reopens the scenario, or why
// there is none; the header's link has the id "reopen".
func (w *writer) reopen(v view, withID bool) {
	w.html(`<div class="reopen">`)
	if v.Link != "" {
		if withID {
			w.html(`<a id="reopen" href="`)
		} else {
			w.html(`<a href="`)
		}
		w.url(v.Link)
		w.html(`">` + linkText + `</a>`)
	} else {
		w.el(`<span class="problem">`, v.LinkProblem, "</span>")
	}
	w.html("</div>\n")
}

// rows writes the lines of a key, value and note table.
func (w *writer) rows(rows []row) {
	for _, r := range rows {
		w.el("<tr><td>", r.Key, "</td>")
		w.el("<td>", r.Value, "</td>")
		w.el(`<td class="note">`, r.Note, "</td></tr>\n")
	}
}

// findings writes the advisor's section: every finding, or that there
// are none.
func (w *writer) findings(tv *togetherView, fs []findingView) {
	w.html("<section id=\"findings\">\n<h2>Findings</h2>\n")
	if tv != nil {
		w.html(`<article class="finding together" id="together">` + "\n")
		w.el("<h3>", tv.Heading, "</h3>\n")
		w.el("<p>", tv.Lead, "</p>\n<dl>\n<dt>Changes</dt><dd>")
		for i, c := range tv.Changes {
			if i > 0 {
				w.html("; ")
			}
			w.el("", c, "")
		}
		w.html("</dd>\n<dt>Fields</dt><dd>")
		for i, f := range tv.Fields {
			if i > 0 {
				w.html("; ")
			}
			w.el("<code>", f.Key, "</code> ")
			w.el("", f.Value, "")
		}
		w.el("</dd>\n<dt>SLA met</dt><dd>", tv.Before, " of months now, ")
		w.el("", tv.After, "")
		w.el("", tv.With, "")
		w.el("", tv.Interval, ")</dd>\n</dl>\n</article>\n")
	}
	if len(fs) == 0 {
		w.html("<p>The advisor has no findings for this scenario.</p>")
	} else {
		if tv != nil {
			w.html("<p>The single changes: ")
		} else {
			w.html("<p>")
		}
		w.html("Largest impact first. Where a fix changes the scenario, the planner ran the changed scenario with the same seed and trials and reports both results.</p>\n")
	}
	for _, f := range fs {
		w.el(`<article class="finding `, f.Severity, "\">\n")
		w.el(`<h3><span class="badge">`, f.Severity, "</span>")
		w.el("", f.Title, "</h3>\n<dl>\n")
		if f.Role != "" {
			w.el("<dt>Role</dt><dd><bdi>", f.Role, "</bdi></dd>")
		}
		w.el("\n<dt>Field</dt><dd><code>", f.Path, "</code></dd>\n")
		w.el("<dt>Mechanism</dt><dd>", f.Mechanism, "</dd>\n")
		w.el("<dt>Evidence</dt><dd>", f.Evidence, "</dd>\n")
		w.el("<dt>Fix</dt><dd>", f.Fix, "</dd>\n")
		if f.Change != "" {
			w.el("<dt>Change run</dt><dd>", f.Change, "</dd>")
		}
		w.html("\n")
		if f.After != "" {
			w.el("<dt>SLA met</dt><dd>", f.Before, " of months now, ")
			w.el("", f.After, " with the fix; hard downtime in ")
			w.el("", f.BeforeHardDown, " now, ")
			w.el("", f.AfterHardDown, " with the fix</dd>")
		}
		w.html("\n")
		if f.Impact != "" {
			w.el("<dt>Impact</dt><dd>removes ", f.Impact, " on average</dd>")
		}
		w.html("\n</dl>\n</article>\n")
	}
	w.html("\n</section>\n")
}

// figures writes a list of figures.
func (w *writer) figures(fs []figure) {
	for _, f := range fs {
		w.figure(f)
	}
}

// figure writes one chart with its caption, or why it could not be
// drawn.
func (w *writer) figure(f figure) {
	w.el(`<figure id="chart-`, f.ID, `">`)
	if f.Problem != "" {
		w.el(`<p class="problem">This chart could not be drawn: `, f.Problem, "</p>")
	} else {
		w.svg(f.SVG)
	}
	w.el("\n<figcaption>", f.Caption, "</figcaption></figure>\n")
}

// sweep writes the sweep's section: its heat maps and its table.
func (w *writer) sweep(s *sweepView) {
	w.el("<section id=\"sweep\">\n<h2>Sweep around the scenario</h2>\n<p>Every configuration ran ", s.Trials,
		" simulated months with the scenario's seed (common random numbers). A configuration meets the target when at least ")
	w.el("", s.Odds, " of its months meet the SLA.\n")
	if s.Smallest != "" {
		w.el("The smallest that does: <strong>", s.Smallest, "</strong>.")
	} else {
		w.html("None of these configurations does.")
	}
	w.html("</p>\n")
	w.figures(s.Figures)
	w.html("\n<table class=\"sweep\">\n<tr>")
	for _, r := range s.Roles {
		w.el(`<th class="num"><bdi>`, r, "</bdi> instances</th>")
	}
	w.html(`<th class="num">upgrade domains</th><th>warm-up</th><th class="num">SLA met</th><th class="num">95 % interval</th><th class="num">months hard down</th><th class="num">bad min mean</th><th>meets</th><th>even at the interval's low end</th></tr>` + "\n")
	for _, c := range s.Cells {
		if c.Smallest {
			w.html(`<tr class="smallest">`)
		} else {
			w.html("<tr>")
		}
		for _, n := range c.Instances {
			w.el(`<td class="num">`, n, "</td>")
		}
		w.el(`<td class="num">`, c.Domains, "</td>")
		w.el(`<td class="nowrap">`, c.Warmup, "</td>")
		w.el(`<td class="num">`, c.Compliance, "</td>")
		w.el(`<td class="num">`, c.Lo, " – ")
		w.el("", c.Hi, "</td>")
		w.el(`<td class="num">`, c.HardDown, "</td>")
		w.el(`<td class="num">`, c.BadMean, "</td>")
		w.el(`<td class="nowrap">`, c.Meets, "")
		if c.Smallest {
			w.html(" (smallest)")
		}
		w.el("</td><td>", c.Confident, "</td></tr>\n")
	}
	w.html("</table>\n</section>\n")
}

// tornado writes the sensitivity study's section: its chart and its
// table.
func (w *writer) tornado(t *tornadoView) {
	w.el("<section id=\"sensitivity\">\n<h2>Sensitivity</h2>\n<p>Each input shifted by ±", t.Shift,
		" in turn, every run with the same seed and trials. Base: ")
	w.el("", t.Base, ".</p>\n")
	w.figure(t.Figure)
	w.el("\n<table class=\"tornado\">\n<tr><th>Input</th><th>Field</th><th class=\"num\">bad min, −", t.Shift, "</th>")
	w.el(`<th class="num">bad min, +`, t.Shift, "</th>")
	w.el(`<th class="num">SLA met, −`, t.Shift, "</th>")
	w.el(`<th class="num">SLA met, +`, t.Shift, "</th></tr>\n")
	for _, e := range t.Effects {
		w.el("<tr><td>", e.Input, "</td>")
		w.el("<td><code>", e.Path, "</code></td>")
		for _, s := range []string{e.LowBad, e.HighBad, e.LowCompliance, e.HighCompliance} {
			w.el(`<td class="num">`, s, "</td>")
		}
		w.html("</tr>\n")
	}
	w.html("</table>\n</section>\n")
}
