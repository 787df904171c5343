package whatif

import (
	"context"
	"fmt"
	"strings"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// MaxCells is the most cells one grid may have.
const MaxCells = 4096

// DefaultOdds is the share of months that must meet the SLA target for a
// cell to count as meeting it: "at least 95 % odds".
const DefaultOdds = 0.95

// WarmupMode is where warm-up happens in a sweep cell.
type WarmupMode string

// The warm-up modes a grid can try.
const (
	WarmupAsIs  WarmupMode = "as-is"         // every role keeps its own warmup_in_onstart
	WarmupAfter WarmupMode = "after-onstart" // every role: warmup_in_onstart false (cold traffic)
	WarmupIn    WarmupMode = "in-onstart"    // every role: warmup_in_onstart true
)

// Grid is the set of configurations a sweep tries: the Cartesian product of
// its axes. An empty axis keeps the base scenario's value.
type Grid struct {
	// Instances holds, per role in scenario order, the instance counts to
	// try (1..1000). A missing or empty entry keeps the role's count.
	Instances [][]int `json:"instances,omitempty"`
	// UpgradeDomains are the domain counts to try (1..20).
	UpgradeDomains []int `json:"upgrade_domains,omitempty"`
	// Warmup are the warm-up modes to try, applied to every role.
	Warmup []WarmupMode `json:"warmup,omitempty"`
}

// Params are the values of one cell: each role's instance count, the
// upgrade domains and the warm-up mode, whether swept or kept.
type Params struct {
	Instances      []int      `json:"instances"`       // per role, scenario order
	UpgradeDomains int        `json:"upgrade_domains"` // upgrade domains of the cell
	Warmup         WarmupMode `json:"warmup"`          // warm-up mode of the cell
}

// Size is the cell's total number of instances, what "smallest" means
// first.
func (p Params) Size() int {
	n := 0
	for _, v := range p.Instances {
		n += v
	}
	return n
}

// String describes the cell for people: "web 4, api 3 · 4 UDs · in-onstart".
func (p Params) String() string { return p.describe(nil) }

// Describe is String with the role names of s: "web 4 · 4 UDs · as-is".
func (p Params) Describe(s model.Scenario) string { return p.describe(s.Roles) }

func (p Params) describe(roles []model.Role) string {
	parts := make([]string, len(p.Instances))
	for i, n := range p.Instances {
		if i < len(roles) {
			parts[i] = fmt.Sprintf("%s %d", roles[i].Name, n)
		} else {
			parts[i] = fmt.Sprint(n)
		}
	}
	return fmt.Sprintf("%s · %d UDs · %s", strings.Join(parts, ", "), p.UpgradeDomains, p.Warmup)
}

// Cell is one configuration of a sweep: its parameters and the complete
// scenario to run. The scenario is the base scenario (same seed, trials
// and name) with the parameters applied, so a Web Worker can run it with
// planner.RunRange like any other scenario.
type Cell struct {
	Params   Params         // the cell's values
	Scenario model.Scenario // the base with Params applied
}

// Cells returns the cells of grid g applied to base, domains varying
// slowest, then warm-up mode, then the instances of role 0, role 1, … It
// returns base's model.Problems when base is invalid, and an error naming
// the axis for a value out of range, an unknown warm-up mode, more
// instance lists than roles or more than MaxCells cells.
func Cells(base model.Scenario, g Grid) ([]Cell, error) {
	if err := base.Validate().Err(); err != nil {
		return nil, err
	}
	if len(g.Instances) > len(base.Roles) {
		return nil, fmt.Errorf("whatif: grid has instance counts for %d roles; the scenario has %d", len(g.Instances), len(base.Roles))
	}
	inst := make([][]int, len(base.Roles))
	total := 1
	for r, role := range base.Roles {
		if r < len(g.Instances) && len(g.Instances[r]) > 0 {
			inst[r] = g.Instances[r]
		} else {
			inst[r] = []int{role.Instances}
		}
		for _, n := range inst[r] {
			if n < 1 || n > model.MaxInstances {
				return nil, fmt.Errorf("whatif: grid instances[%d] (role %s): %d is outside 1..%d", r, role.Name, n, model.MaxInstances)
			}
		}
		total *= len(inst[r])
		if total > MaxCells {
			return nil, fmt.Errorf("whatif: grid has more than %d cells", MaxCells)
		}
	}
	domains := g.UpgradeDomains
	if len(domains) == 0 {
		domains = []int{base.UpgradeDomains}
	}
	for _, u := range domains {
		if u < 1 || u > model.MaxUpgradeDomains {
			return nil, fmt.Errorf("whatif: grid upgrade_domains: %d is outside 1..%d", u, model.MaxUpgradeDomains)
		}
	}
	modes := g.Warmup
	if len(modes) == 0 {
		modes = []WarmupMode{WarmupAsIs}
	}
	for _, m := range modes {
		if m != WarmupAsIs && m != WarmupAfter && m != WarmupIn {
			return nil, fmt.Errorf("whatif: grid warmup: %q is not one of %s, %s, %s", m, WarmupAsIs, WarmupAfter, WarmupIn)
		}
	}
	if total*len(domains)*len(modes) > MaxCells {
		return nil, fmt.Errorf("whatif: grid has %d cells; at most %d", total*len(domains)*len(modes), MaxCells)
	}
	var cells []Cell
	for _, u := range domains {
		for _, m := range modes {
			idx := make([]int, len(inst)) // odometer over the roles' counts
			for {
				p := Params{Instances: make([]int, len(inst)), UpgradeDomains: u, Warmup: m}
				for r := range inst {
					p.Instances[r] = inst[r][idx[r]]
				}
				cells = append(cells, Cell{Params: p, Scenario: Apply(base, p)})
				r := len(idx) - 1
				for ; r >= 0; r-- {
					if idx[r]++; idx[r] < len(inst[r]) {
						break
					}
					idx[r] = 0
				}
				if r < 0 {
					break
				}
			}
		}
	}
	return cells, nil
}

// Apply returns a copy of base with the parameters of p: instance counts
// (a missing entry keeps the role's), upgrade domains (0 keeps base's) and
// warm-up mode. It does not validate the result.
func Apply(base model.Scenario, p Params) model.Scenario {
	s := base.Clone()
	for r := range s.Roles {
		if r < len(p.Instances) {
			s.Roles[r].Instances = p.Instances[r]
		}
		switch p.Warmup {
		case WarmupAfter:
			s.Roles[r].WarmupInOnStart = false
		case WarmupIn:
			s.Roles[r].WarmupInOnStart = true
		}
	}
	if p.UpgradeDomains > 0 {
		s.UpgradeDomains = p.UpgradeDomains
	}
	return s
}

// CellResult is one cell's outcome.
type CellResult struct {
	Params           Params             // the cell's values
	Result           planner.Result     // the full result, identical to planner.Run of the cell's scenario
	Compliance       planner.Proportion // the service's SLA compliance with its 95 % Wilson interval
	PHardDown        float64            // share of months with a hard-down minute
	BadMinutesMean   float64            // mean bad minutes per month
	Meets            bool               // Compliance.P ≥ the odds asked for
	MeetsConfidently bool               // Compliance.Lo ≥ the odds: meets even at the interval's low end
}

// SweepResult is a whole sweep: every cell in Cells order and the smallest
// one that meets the target.
type SweepResult struct {
	Odds  float64      // share of months that must meet the SLA target
	Cells []CellResult // in Cells order
	// Smallest is the index of the smallest cell that Meets: fewest
	// instances in total, then fewest upgrade domains, then the earliest
	// cell. −1 when no cell meets the target.
	Smallest int
}

// Summarize turns the results of cells (results[i] of cells[i], as a Web
// Worker returns them) into a SweepResult. Odds ≤ 0 means
// DefaultOdds. Missing results (a shorter results slice, or results with
// no trials) are left out.
func Summarize(cells []Cell, results []planner.Result, odds float64) SweepResult {
	if odds <= 0 {
		odds = DefaultOdds
	}
	sr := SweepResult{Odds: odds, Smallest: -1}
	for i, c := range cells {
		if i >= len(results) || results[i].Trials == 0 {
			break
		}
		r := results[i]
		cr := CellResult{
			Params:           c.Params,
			Result:           r,
			Compliance:       r.Service.SLACompliance,
			PHardDown:        r.Service.PHardDown,
			BadMinutesMean:   r.Service.BadMinutes.Mean,
			Meets:            r.Service.SLACompliance.P >= odds,
			MeetsConfidently: r.Service.SLACompliance.Lo >= odds,
		}
		sr.Cells = append(sr.Cells, cr)
		if cr.Meets && (sr.Smallest < 0 || smaller(cr.Params, sr.Cells[sr.Smallest].Params)) {
			sr.Smallest = len(sr.Cells) - 1
		}
	}
	return sr
}

func smaller(a, b Params) bool {
	if a.Size() != b.Size() {
		return a.Size() < b.Size()
	}
	return a.UpgradeDomains < b.UpgradeDomains
}

// SweepOptions tune Sweep.
type SweepOptions struct {
	Odds float64         // share of months that must meet the SLA; ≤ 0 means DefaultOdds
	Run  planner.Options // workers and chunk size of each cell's run; its Progress is ignored
	// Progress, when set, is called after every chunk with the trials done
	// and the trials of the whole sweep (cells × trials).
	Progress func(done, total int)
}

// Sweep runs every cell of grid g over base, one cell after another, each
// in chunks on opt.Run.Workers goroutines, and summarises them. When ctx
// is cancelled it stops between chunks and returns the cells finished so
// far with ctx's error.
func Sweep(ctx context.Context, base model.Scenario, g Grid, opt SweepOptions) (SweepResult, error) {
	cells, err := Cells(base, g)
	if err != nil {
		return SweepResult{Odds: opt.Odds, Smallest: -1}, err
	}
	results, err := runAll(ctx, scenarios(cells), opt.Run, opt.Progress)
	return Summarize(cells, results, opt.Odds), err
}

func scenarios(cells []Cell) []model.Scenario {
	out := make([]model.Scenario, len(cells))
	for i, c := range cells {
		out[i] = c.Scenario
	}
	return out
}

// runAll runs scenarios one after another and returns the results of those
// that finished before ctx was cancelled or a scenario failed.
func runAll(ctx context.Context, ss []model.Scenario, opt planner.Options, progress func(done, total int)) ([]planner.Result, error) {
	total := 0
	for _, s := range ss {
		total += s.Trials
	}
	done := 0
	var out []planner.Result
	for i, s := range ss {
		o := opt
		o.Progress = nil
		if progress != nil {
			before := done
			o.Progress = func(d, _ int) { progress(before+d, total) }
		}
		acc, err := planner.Run(ctx, s, o)
		if err != nil {
			return out, fmt.Errorf("whatif: run %d of %d: %w", i+1, len(ss), err)
		}
		out = append(out, acc.Result())
		done += s.Trials
	}
	return out, nil
}
