package report

import (
	"context"
	"fmt"
	"slices"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/advisor"
	"rolloutplanner/planner/whatif"
)

// Stage names a step of Build, for progress reports.
type Stage string

// Build's steps, in order.
const (
	StageRun         Stage = "run"         // the scenario itself
	StageAdvice      Stage = "advice"      // the advisor and its fixes
	StageSweep       Stage = "sweep"       // the sweep around the scenario
	StageSensitivity Stage = "sensitivity" // the tornado study
)

// DefaultWhatIfTrials is the trials per run of Build's sweep and
// sensitivity study when Options leave them unset (and the scenario has
// more): enough to separate configurations whose compliance differs by a
// few points, quick enough for dozens of runs.
const DefaultWhatIfTrials = 2000

// Options tune Build. The zero value builds the whole report with the
// scenario's own trials for the run and the advice, and at most
// DefaultWhatIfTrials for each run of the sweep and the sensitivity
// study.
type Options struct {
	// Workers is the goroutines of each run; ≤ 0 means every core.
	Workers int
	// SweepTrials and SensitivityTrials are the trials per run of the
	// sweep and the sensitivity study; ≤ 0 means min(scenario's trials,
	// DefaultWhatIfTrials).
	SweepTrials, SensitivityTrials int
	// Grid is the sweep's grid; nil means DefaultGrid(s, result).
	Grid *whatif.Grid
	// NoAdvice, NoSweep and NoSensitivity leave those sections out.
	NoAdvice, NoSweep, NoSensitivity bool
	// BaseURL is copied to Input.BaseURL.
	BaseURL string
	// Progress, when set, is called from Build's goroutine after every
	// chunk of a stage with the stage, the runs or trials done in it and
	// its total.
	Progress func(stage Stage, done, total int)
}

// Build runs everything the report of scenario s needs: the scenario
// (planner.Run), the advisor (advisor.Advise, reusing that run), a sweep
// (opt.Grid or DefaultGrid) and the sensitivity study, all with s's seed.
// It returns s's model.Problems when s is invalid, and ctx's error when
// ctx is cancelled, with no report.
func Build(ctx context.Context, s model.Scenario, opt Options) (Input, error) {
	if err := s.Validate().Err(); err != nil {
		return Input{}, err
	}
	if _, err := baseURL(opt.BaseURL); err != nil {
		return Input{}, err
	}
	progress := func(st Stage) func(done, total int) {
		if opt.Progress == nil {
			return nil
		}
		return func(done, total int) { opt.Progress(st, done, total) }
	}
	run := planner.Options{Workers: opt.Workers}

	ro := run
	ro.Progress = progress(StageRun)
	acc, err := planner.Run(ctx, s, ro)
	if err != nil {
		return Input{}, fmt.Errorf("report: running the scenario: %w", err)
	}
	res := acc.Result()
	budget := whatif.BudgetOf(acc)
	in := Input{
		Scenario: s,
		Result:   res,
		Charts:   acc.Charts(),
		Budget:   &budget,
		BaseURL:  opt.BaseURL,
	}

	plan := PlanOf(s, res, opt)
	if !opt.NoAdvice {
		adv, err := advisor.Advise(ctx, s, advisor.Options{
			Trials:   plan.AdviceTrials,
			Run:      run,
			Base:     &res,
			Progress: progress(StageAdvice),
		})
		if err != nil {
			return Input{}, fmt.Errorf("report: advice: %w", err)
		}
		in.Advice = &adv
	}

	whatIf := func(n int) model.Scenario {
		w := s.Clone()
		w.Trials = n
		return w
	}
	if !opt.NoSweep {
		sr, err := whatif.Sweep(ctx, whatIf(plan.SweepTrials), plan.Grid,
			whatif.SweepOptions{Odds: plan.Odds, Run: run, Progress: progress(StageSweep)})
		if err != nil {
			return Input{}, fmt.Errorf("report: sweep: %w", err)
		}
		in.Sweep = &sr
	}
	if !opt.NoSensitivity {
		sr, err := whatif.Sensitivity(ctx, whatIf(plan.SensitivityTrials),
			whatif.SensitivityOptions{Shift: plan.Shift, Run: run, Progress: progress(StageSensitivity)})
		if err != nil {
			return Input{}, fmt.Errorf("report: sensitivity: %w", err)
		}
		in.Sensitivity = &sr
	}
	return in, nil
}

// Plan is the choice of analyses in a review report: their trials, the
// sweep's grid and odds, the sensitivity study's shift. Build runs what
// PlanOf chooses, and so does the planner page when it writes the report
// of the scenario on screen, so that both give the same report.
type Plan struct {
	// AdviceTrials is the trials of the advisor's base run and every fix:
	// the scenario's own, so that the advisor reuses the report's run.
	AdviceTrials int
	// Grid is the sweep's grid.
	Grid whatif.Grid
	// SweepTrials and SensitivityTrials are the trials per run of the
	// sweep and the sensitivity study.
	SweepTrials, SensitivityTrials int
	// Odds is the share of months a sweep cell must meet the SLA in.
	Odds float64
	// Shift is the sensitivity study's relative shift of each input.
	Shift float64
}

// PlanOf is the plan of the report of scenario s given its run r and the
// options (their Grid and trials; zero values choose the defaults): the
// scenario's trials for the advice, min(s.Trials, DefaultWhatIfTrials)
// per run of the sweep and the sensitivity study, DefaultGrid(s, r),
// whatif.DefaultOdds and whatif.DefaultShift.
func PlanOf(s model.Scenario, r planner.Result, opt Options) Plan {
	whatIf := func(n int) int {
		if n <= 0 {
			n = min(s.Trials, DefaultWhatIfTrials)
		}
		return n
	}
	p := Plan{
		AdviceTrials:      s.Trials,
		Grid:              DefaultGrid(s, r),
		SweepTrials:       whatIf(opt.SweepTrials),
		SensitivityTrials: whatIf(opt.SensitivityTrials),
		Odds:              whatif.DefaultOdds,
		Shift:             whatif.DefaultShift,
	}
	if opt.Grid != nil {
		p.Grid = *opt.Grid
	}
	return p
}

// DefaultGrid is the sweep Build runs around scenario s, given its run
// r: the instances of the role with the lowest SLA compliance in r (the
// first role on ties) from one fewer (at least 1) to two more than it
// has, upgrade domains 2, 3, 5 and the scenario's own (at most
// model.MaxUpgradeDomains), and warm-up after and in OnStart: at most
// 4 × 4 × 2 = 32 configurations. Without roles it keeps every count.
func DefaultGrid(s model.Scenario, r planner.Result) whatif.Grid {
	g := whatif.Grid{Warmup: []whatif.WarmupMode{whatif.WarmupAfter, whatif.WarmupIn}}
	if len(s.Roles) == 0 {
		return g
	}
	worst := 0
	for i, rr := range r.Roles {
		if i < len(s.Roles) && rr.SLACompliance.P < r.Roles[worst].SLACompliance.P {
			worst = i
		}
	}
	n := s.Roles[worst].Instances
	var counts []int
	for _, c := range []int{n - 1, n, n + 1, n + 2} {
		if c >= 1 && c <= model.MaxInstances && !slices.Contains(counts, c) {
			counts = append(counts, c)
		}
	}
	g.Instances = make([][]int, worst+1)
	g.Instances[worst] = counts
	for _, u := range []int{2, 3, 5, s.UpgradeDomains} {
		if u >= 1 && u <= model.MaxUpgradeDomains && !slices.Contains(g.UpgradeDomains, u) {
			g.UpgradeDomains = append(g.UpgradeDomains, u)
		}
	}
	slices.Sort(g.UpgradeDomains)
	return g
}
