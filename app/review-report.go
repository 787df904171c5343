package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/whatif"
	"rolloutplanner/report"
)

// reviewReportInput is what the review report shows: the results sh
// (their scenario, result and chart data), the SLA budget with its
// distribution, and the findings, sweep and sensitivity study that were
// computed on that same scenario (stale ones are left out, as they would
// contradict the numbers beside them). continueReport calls it once the
// answers are those rollout report computes (reportMissing is ""). sh
// must not be nil.
func (r *reviewState) reviewReportInput(sh *shownResult, baseURL string) report.Input {
	b := budgetOf(sh.scenario, sh.result, sh.data)
	in := report.Input{
		Scenario: sh.scenario,
		Result:   sh.result,
		Charts:   sh.data,
		Budget:   &b,
		BaseURL:  baseURL,
	}
	// The charts on screen go into the report as they are: drawing them
	// again would hold the page (Go's WebAssembly does not pre-empt).
	in.Drawn = map[string]string{}
	for _, c := range sh.charts {
		if c.SVG != "" {
			in.Drawn[c.ID] = c.SVG
		}
	}
	key := scenarioKey(sh.scenario)
	if a := r.advice; a != nil && a.key == key {
		adv := a.report
		in.Advice = &adv
	}
	if s := r.sweep; s != nil && s.key == key {
		sw := s.result
		in.Sweep = &sw
		addDrawn(in.Drawn, s.charts, map[string]string{
			sweepComplianceID: string(charts.SweepCompliance),
			sweepHardDownID:   string(charts.SweepHardDown),
		})
	}
	if s := r.sens; s != nil && s.key == key {
		se := s.result
		in.Sensitivity = &se
		addDrawn(in.Drawn, s.charts, map[string]string{tornadoID: charts.TornadoID})
	}
	return in
}

// addDrawn adds the review's charts to drawn under the report's ids:
// reportID maps a figure's DOM id to its id in the report. Charts drawn
// compact (a narrow screen) are left out: the report draws them at the
// slide size.
func addDrawn(drawn map[string]string, cs []reviewChart, reportID map[string]string) {
	for _, c := range cs {
		if id, ok := reportID[c.ID]; ok && c.SVG != "" && !c.compact {
			drawn[id] = c.SVG
		}
	}
}

// budgetOf is whatif.BudgetOf computed from a run's result and chart
// data, which is what the page keeps of a run (the trials stay in the
// workers): the share of the SLA's allowance with its distribution.
func budgetOf(s model.Scenario, r planner.Result, c planner.Charts) whatif.Budget {
	b := whatif.BudgetFromResult(s, r)
	if len(c.BadMinutes) > 0 && b.AllowanceMinutes > 0 {
		for _, p := range c.BadMinutes[0].CDF {
			b.CDF = append(b.CDF, planner.Point{X: p.X / b.AllowanceMinutes, Y: p.Y})
		}
	}
	return b
}

// The page as the review's reviewHost.

func (p *Planner) reviewScenario() (model.Scenario, bool) { return p.sess.sc.Clone(), p.sess.valid() }

func (p *Planner) reviewShown() *shownResult { return p.shown }

func (p *Planner) reviewRun(key string) (complete, running bool) {
	complete = p.shown != nil && p.run.state == StateDone && p.run.doneKey == key &&
		scenarioKey(p.shown.scenario) == key && p.shown.result.Trials == p.shown.scenario.Trials
	return complete, p.run.state == StateRunning
}

func (p *Planner) runNow(ctx app.Context) { ctx.NewAction(actRunNow) }

func (p *Planner) say(msg string) { p.notice = msg }
