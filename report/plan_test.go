package report

import (
	"reflect"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/whatif"
)

// TestPlanOf: the report's choices, which Build and the planner page
// share: the scenario's trials for the advice, at most
// DefaultWhatIfTrials per what-if run, DefaultGrid, the default odds and
// shift, and the options' overrides.
func TestPlanOf(t *testing.T) {
	pr, _ := model.PresetByName("seed-example")
	s := pr.Scenario
	grid := whatif.Grid{UpgradeDomains: []int{4}, Warmup: []whatif.WarmupMode{whatif.WarmupIn}}
	for _, c := range []struct {
		name   string
		trials int
		opt    Options
		want   Plan
	}{
		{"many trials", 20000, Options{}, Plan{AdviceTrials: 20000, Grid: DefaultGrid(s, planner.Result{}), SweepTrials: DefaultWhatIfTrials,
			SensitivityTrials: DefaultWhatIfTrials, Odds: whatif.DefaultOdds, Shift: whatif.DefaultShift}},
		{"few trials", 300, Options{}, Plan{AdviceTrials: 300, Grid: DefaultGrid(s, planner.Result{}), SweepTrials: 300,
			SensitivityTrials: 300, Odds: whatif.DefaultOdds, Shift: whatif.DefaultShift}},
		{"overrides", 20000, Options{SweepTrials: 50, SensitivityTrials: 70, Grid: &grid}, Plan{AdviceTrials: 20000, Grid: grid, SweepTrials: 50,
			SensitivityTrials: 70, Odds: whatif.DefaultOdds, Shift: whatif.DefaultShift}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc := s.Clone()
			sc.Trials = c.trials
			if got := PlanOf(sc, planner.Result{}, c.opt); !reflect.DeepEqual(got, c.want) {
				t.Errorf("PlanOf = %+v, want %+v", got, c.want)
			}
		})
	}
}
