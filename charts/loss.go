package charts

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// buildCapacityLoss draws, per upgrade domain of pass p, each role's mean
// capacity loss as a bar and its P95 as a whisker. With the scenario sc
// (may be nil), a note under the plot says why a role loses 100 % in a
// domain.
func buildCapacityLoss(ch *chart, pass model.PassKind, c planner.Charts, sc *model.Scenario) error {
	type series struct {
		name      string
		mean, p95 []float64
	}
	var all []series
	var domains []int
	var notes []string
	for ri, r := range c.CapacityLoss {
		for _, pl := range r.UDCapacityLoss {
			if pl.Pass != pass {
				continue
			}
			s := series{name: r.Name}
			ds := make([]int, len(pl.Domains))
			for k, d := range pl.Domains {
				if !finite(d.Mean, d.P95) {
					return fmt.Errorf("role %q: %w", r.Name, errNotFinite)
				}
				ds[k] = d.UD
				if sc != nil && ri < len(sc.Roles) && sc.Roles[ri].Name == r.Name {
					if why := FullLossReason(*sc, ri, d.UD, d.Mean); why != "" {
						notes = append(notes, why)
					}
				}
				s.mean = append(s.mean, 100*d.Mean)
				s.p95 = append(s.p95, 100*max(d.P95, d.Mean))
			}
			if domains == nil {
				domains = ds
			} else if !slices.Equal(domains, ds) {
				return fmt.Errorf("role %q: upgrade domains %v differ from the other roles' %v", r.Name, ds, domains)
			}
			all = append(all, s)
		}
	}
	if len(all) == 0 || len(domains) == 0 {
		return fmt.Errorf("pass %q has no capacity-loss results; the scenario's enabled passes are %v", pass, passes(c))
	}

	p := ch.plot
	p.X.Label.Text = "upgrade domain (in the order the pass walks them)"
	p.Y.Label.Text = "capacity lost (% of the role)"
	p.X.Min, p.X.Max = -0.5, float64(len(domains))-0.5
	ticks := make([]plot.Tick, len(domains))
	for k, ud := range domains {
		ticks[k] = plot.Tick{Value: float64(k), Label: strconv.Itoa(ud)}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Length = 0

	top := 0.0
	for _, s := range all {
		for _, v := range s.p95 {
			top = max(top, v)
		}
	}
	// Round the axis up to a multiple of its step with a little headroom
	// for the whisker caps, 100 % at most.
	top *= 1.08
	step := 5.0
	switch {
	case top > 50:
		step = 20
	case top > 20:
		step = 10
	}
	top = min(100, max(10, step*math.Ceil(top/step)))
	percentAxis(&p.Y, top, step)
	addGrid(p, false, true)

	var cols []color.Color
	for i, s := range all {
		col := barColor(i)
		cols = append(cols, col)
		g := &groupedBars{values: s.mean, series: i, n: len(all), color: col, whisker: s.p95}
		p.Add(g)
		ch.add(clean(s.name, maxNameRunes), "", g)
	}
	ch.add("bar: mean", "", meanThumb{colors: cols})
	ch.add("whisker: P95", "", whiskerThumb{})
	ch.note = strings.Join(notes, "; ")
	return nil
}
