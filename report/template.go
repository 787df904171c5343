package report

import "html/template"

// page is the report's template. html/template escapes every value for
// its context (text, attribute, URL); only figure.SVG, checked by package
// charts, is inserted as markup. The Content-Security-Policy forbids
// scripts and every remote resource, so that even a mistake here could
// not run code or call home from a reviewer's browser.
var page = template.Must(template.New("report").Parse(pageHTML))

const pageHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rollout planner">
<meta name="rollout-charts" content="{{.ChartCount}}">
<title>{{.Title}}</title>
<style>
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
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="meta">{{.Trials}} simulated months, seed {{.Seed}}{{if .Generated}} · {{.Generated}}{{end}} · {{.ChartCount}} charts · made by the rollout planner</p>
<div class="reopen">{{if .Link}}<a id="reopen" href="{{.Link}}">Open this scenario in the rollout planner</a>{{else}}<span class="problem">{{.LinkProblem}}</span>{{end}}</div>
</header>

<main>
<section id="scenario">
<h2>The scenario</h2>
<table class="service">
<tr><th>Service</th><th>Value</th><th>Note</th></tr>
{{range .Service}}<tr><td>{{.Key}}</td><td>{{.Value}}</td><td class="note">{{.Note}}</td></tr>
{{end}}</table>
<table class="passes">
<tr><th>Pass</th><th>Value</th><th>Note</th></tr>
{{range .Passes}}<tr><td>{{.Key}}</td><td>{{.Value}}</td><td class="note">{{.Note}}</td></tr>
{{end}}</table>
{{range .Roles}}<h3>Role {{.Name}}</h3>
<table class="role">
<tr><th>Field</th><th>Value</th><th>Note</th></tr>
{{range .Rows}}<tr><td>{{.Key}}</td><td>{{.Value}}</td><td class="note">{{.Note}}</td></tr>
{{end}}</table>
{{end}}</section>

{{if .HasAdvice}}<section id="findings">
<h2>Findings</h2>
{{if .Findings}}<p>Largest impact first. Where a fix changes the scenario, the planner ran the changed scenario with the same seed and trials and reports both results.</p>
{{range .Findings}}<article class="finding {{.Severity}}">
<h3><span class="badge">{{.Severity}}</span>{{.Title}}</h3>
<dl>
{{if .Role}}<dt>Role</dt><dd>{{.Role}}</dd>{{end}}
<dt>Field</dt><dd><code>{{.Path}}</code></dd>
<dt>Mechanism</dt><dd>{{.Mechanism}}</dd>
<dt>Evidence</dt><dd>{{.Evidence}}</dd>
<dt>Fix</dt><dd>{{.Fix}}</dd>
{{if .Change}}<dt>Change run</dt><dd>{{.Change}}</dd>{{end}}
{{if .After}}<dt>SLA met</dt><dd>{{.Before}} of months now, {{.After}} with the fix; hard downtime in {{.BeforeHardDown}} now, {{.AfterHardDown}} with the fix</dd>{{end}}
{{if .Impact}}<dt>Impact</dt><dd>removes {{.Impact}} on average</dd>{{end}}
</dl>
</article>
{{end}}{{else}}<p>The advisor has no findings for this scenario.</p>{{end}}
</section>
{{end}}

<section id="results">
<h2>Headline numbers</h2>
<p>Shares of months with their 95 % Wilson intervals in brackets; minutes are per month.</p>
<table class="metrics">
<tr><th></th><th class="num">SLA met</th><th class="num">months with bad minutes</th><th class="num">months hard down</th><th class="num">bad min mean</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">hard-down min mean</th><th class="num">p95</th><th class="num">availability mean %</th><th class="num">p05 %</th><th class="num">requests served %</th></tr>
{{range .Metrics}}<tr><th>{{.Name}}</th><td class="num">{{.Compliance}}</td><td class="num">{{.PBad}}</td><td class="num">{{.PHardDown}}</td><td class="num">{{.BadMean}}</td><td class="num">{{.BadP50}}</td><td class="num">{{.BadP95}}</td><td class="num">{{.BadP99}}</td><td class="num">{{.HardMean}}</td><td class="num">{{.HardP95}}</td><td class="num">{{.AvailMean}}</td><td class="num">{{.AvailP05}}</td><td class="num">{{.Served}}</td></tr>
{{end}}</table>
{{if .PassDurations}}<table class="passes-durations">
<tr><th>Pass</th><th class="num">mean duration</th><th>spread</th></tr>
{{range .PassDurations}}<tr><td>{{.Key}}</td><td class="num">{{.Value}}</td><td>{{.Note}}</td></tr>
{{end}}</table>{{end}}
</section>

<section id="charts">
<h2>Charts</h2>
{{range .Figures}}{{template "figure" .}}{{end}}
</section>

<section id="budget">
<h2>SLA budget</h2>
<p>The SLA allows {{.Budget.Allowance}} bad minutes a month. The share of that allowance the patch wave uses (over 100 % misses the SLA); for each role as if it alone made the service bad.</p>
<table class="budget">
<tr><th></th><th class="num">mean</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">months over budget</th></tr>
{{range .Budget.Rows}}<tr><th>{{.Name}}</th><td class="num">{{.Mean}}</td><td class="num">{{.P50}}</td><td class="num">{{.P95}}</td><td class="num">{{.P99}}</td><td class="num">{{.Exceeded}}</td></tr>
{{end}}</table>
</section>

{{with .Sweep}}<section id="sweep">
<h2>Sweep around the scenario</h2>
<p>Every configuration ran {{.Trials}} simulated months with the scenario's seed (common random numbers). A configuration meets the target when at least {{.Odds}} of its months meet the SLA.
{{if .Smallest}}The smallest that does: <strong>{{.Smallest}}</strong>.{{else}}None of these configurations does.{{end}}</p>
{{range .Figures}}{{template "figure" .}}{{end}}
<table class="sweep">
<tr>{{range .Roles}}<th class="num">{{.}} instances</th>{{end}}<th class="num">upgrade domains</th><th>warm-up</th><th class="num">SLA met</th><th class="num">95 % interval</th><th class="num">months hard down</th><th class="num">bad min mean</th><th>meets</th><th>even at the interval's low end</th></tr>
{{range .Cells}}<tr{{if .Smallest}} class="smallest"{{end}}>{{range .Instances}}<td class="num">{{.}}</td>{{end}}<td class="num">{{.Domains}}</td><td class="nowrap">{{.Warmup}}</td><td class="num">{{.Compliance}}</td><td class="num">{{.Lo}} – {{.Hi}}</td><td class="num">{{.HardDown}}</td><td class="num">{{.BadMean}}</td><td class="nowrap">{{.Meets}}{{if .Smallest}} (smallest){{end}}</td><td>{{.Confident}}</td></tr>
{{end}}</table>
</section>
{{end}}

{{with .Tornado}}<section id="sensitivity">
<h2>Sensitivity</h2>
<p>Each input shifted by ±{{.Shift}} in turn, every run with the same seed and trials. Base: {{.Base}}.</p>
{{template "figure" .Figure}}
<table class="tornado">
<tr><th>Input</th><th>Field</th><th class="num">bad min, −{{.Shift}}</th><th class="num">bad min, +{{.Shift}}</th><th class="num">SLA met, −{{.Shift}}</th><th class="num">SLA met, +{{.Shift}}</th></tr>
{{range .Effects}}<tr><td>{{.Input}}</td><td><code>{{.Path}}</code></td><td class="num">{{.LowBad}}</td><td class="num">{{.HighBad}}</td><td class="num">{{.LowCompliance}}</td><td class="num">{{.HighCompliance}}</td></tr>
{{end}}</table>
</section>
{{end}}

{{if .FitFigures}}<section id="fits">
<h2>Calibration from observed durations</h2>
{{range .FitFigures}}{{template "figure" .}}{{end}}
</section>
{{end}}

<section id="reproduce">
<h2>Reopen or reproduce</h2>
<div class="reopen">{{if .Link}}<a href="{{.Link}}">Open this scenario in the rollout planner</a>{{else}}<span class="problem">{{.LinkProblem}}</span>{{end}}</div>
{{if .ScenarioJSON}}<details class="scenario-json"><summary>The scenario as JSON</summary>
<pre>{{.ScenarioJSON}}</pre>
</details>{{end}}
</section>
</main>
</body>
</html>
{{define "figure"}}<figure id="chart-{{.ID}}">{{if .Problem}}<p class="problem">This chart could not be drawn: {{.Problem}}</p>{{else}}{{.SVG}}{{end}}
<figcaption>{{.Caption}}</figcaption></figure>
{{end}}`
