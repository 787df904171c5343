package whatif

import (
	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// Budget is the share of the SLA's monthly allowance of bad minutes that
// the patch wave uses. With a target of 99.95 % over 43,200 minutes the
// allowance is 21.6 minutes; a month whose bad minutes B exceed it misses
// the SLA.
type Budget struct {
	// AllowanceMinutes is month_minutes × (1 − sla_target_pct/100).
	AllowanceMinutes float64 `json:"allowance_minutes"`
	// Share summarises B ÷ allowance over the trials: 1 is the whole
	// allowance. Quantiles are nearest-rank, exactly the result's bad
	// minutes quantiles divided by the allowance.
	Share planner.Quantiles `json:"share"`
	// PExceeded is the share of months that use more than the allowance:
	// 1 − SLA compliance.
	PExceeded float64 `json:"p_exceeded"`
	// CDF is the distribution of the share: X the share of the allowance,
	// Y the share of months at or below it. Empty when built from a Result.
	CDF []planner.Point `json:"cdf,omitempty"`
	// Roles is the same per role, in scenario order (without CDF).
	Roles []RoleBudget `json:"roles,omitempty"`
}

// RoleBudget is one role's use of the allowance, as if the role alone
// made the service bad.
type RoleBudget struct {
	Name      string            `json:"name"`       // the role's name
	Share     planner.Quantiles `json:"share"`      // the role's bad minutes ÷ allowance
	PExceeded float64           `json:"p_exceeded"` // share of months the role alone exceeds the allowance
}

// Allowance returns the SLA's monthly allowance of bad minutes:
// month_minutes × (1 − sla_target_pct/100).
func Allowance(s model.Scenario) float64 { return s.MonthMinutes * (1 - s.SLATargetPct/100) }

// BudgetFromResult computes the budget from a run's Result and its
// scenario (for the month and the target); it has no CDF.
func BudgetFromResult(s model.Scenario, r planner.Result) Budget {
	return budget(Allowance(s), r)
}

// BudgetOf computes the budget from an accumulator, with the CDF of the
// share (from acc.Charts, at most a few hundred points). acc must hold at
// least one trial.
func BudgetOf(acc *planner.Accumulator) Budget {
	c := acc.Charts()
	b := budget(c.BudgetMinutes, acc.Result())
	if len(c.BadMinutes) > 0 && b.AllowanceMinutes > 0 {
		for _, p := range c.BadMinutes[0].CDF {
			b.CDF = append(b.CDF, planner.Point{X: p.X / b.AllowanceMinutes, Y: p.Y})
		}
	}
	return b
}

func budget(allow float64, r planner.Result) Budget {
	share := func(m planner.Metrics) (planner.Quantiles, float64) {
		q := m.BadMinutes
		return planner.Quantiles{Mean: q.Mean / allow, P50: q.P50 / allow, P95: q.P95 / allow, P99: q.P99 / allow},
			1 - m.SLACompliance.P
	}
	b := Budget{AllowanceMinutes: allow}
	b.Share, b.PExceeded = share(r.Service)
	for _, rr := range r.Roles {
		q, p := share(rr.Metrics)
		b.Roles = append(b.Roles, RoleBudget{Name: rr.Name, Share: q, PExceeded: p})
	}
	return b
}
