package planner

import (
	"math"
	"math/bits"
)

// roleShare is one role's traffic state between two events (docs/model.md §5.1).
type roleShare struct {
	f    float64 // failed share of the role's requests
	bad  bool    // f > bad_error_rate
	hard bool    // no instance warm
}

// measure sorts the trial's events and sweeps them once. Between two event
// times every instance's state is constant, so each role's failed share f
// is constant too and bad minutes, hard-down minutes and lost
// request-minutes are exact sums of segment lengths (docs/model.md §5.2). The
// same sweep takes each domain window's least warm capacity and samples
// warm capacity on the chart grid.
//
// Only roles short of full strength cost anything (the bits of e.short),
// and a role's failed share is computed again only when one of its
// instances changed state or a new pass's utilisation applies.
func (e *Engine) measure(acc *Accumulator) {
	sortEvents(e.events)
	tv := &e.trial
	clear(tv.bad)
	clear(tv.hard)
	clear(tv.lost)
	e.startGrid()
	nr := len(e.roles)
	for w := range e.windows {
		for r := range e.roles {
			e.winMin[w*nr+r] = int32(e.roles[r].n)
		}
	}
	ber := e.sc.BadErrorRate
	ev := e.events
	wi, cur, idx := 0, 0, 0
	var changed uint32 // roles whose share must be computed again
	// The sweep steps from boundary to boundary: the event times, and the
	// start of a pass while some role is short, where that role's u
	// changes with nothing else (docs/model.md §5.1: u is that of the latest
	// pass begun). Event times are never NaN (interval and downThenCold
	// record only spans whose ends compare), so t always advances.
	t := 0.0
	if len(ev) > 0 {
		t = ev[0].t
	}
	for idx < len(ev) {
		if e.gridDue < t {
			e.sampleGrid(acc, t)
		}
		for ; idx < len(ev) && ev[idx].t == t; idx++ {
			changed |= e.apply(ev[idx])
		}
		if idx == len(ev) {
			break // every interval has closed: all instances are warm
		}
		for cur+1 < len(e.passAt) && e.passAt[cur+1].start <= t {
			cur++
			changed = ^uint32(0)
		}
		next := ev[idx].t
		if e.short != 0 && cur+1 < len(e.passAt) {
			if p := e.passAt[cur+1].start; p < next {
				next = p // > t: every start ≤ t is behind cur
			}
		}

		// Domain windows that overlap [t, next) see the current state.
		for wi < len(e.windows) {
			w := &e.windows[wi]
			if w.start >= next {
				break
			}
			if w.end > t || (w.end == w.start && w.start >= t) {
				mins := e.winMin[wi*nr : (wi+1)*nr]
				for m := e.short; m != 0; m &= m - 1 {
					r := bits.TrailingZeros32(m)
					if warm := int32(e.roles[r].n) - e.nDown[r] - e.nCold[r]; warm < mins[r] {
						mins[r] = warm
					}
				}
			}
			if w.end > next {
				break
			}
			wi++
		}

		if changed &= e.short; changed != 0 {
			util := e.util[cur*nr : (cur+1)*nr]
			for m := changed; m != 0; m &= m - 1 {
				r := bits.TrailingZeros32(m)
				e.share[r] = e.failedShare(r, util[r], ber)
			}
			changed = 0
		}

		// All-warm roles are skipped: the rollout costs nothing there.
		dt := next - t
		worst, anyHard := 0.0, false
		for m := e.short; m != 0; m &= m - 1 {
			r := bits.TrailingZeros32(m)
			s := &e.share[r]
			if s.bad {
				tv.bad[r+1] += dt
			}
			if s.hard {
				tv.hard[r+1] += dt
				anyHard = true
			}
			tv.lost[r+1] += s.f * dt
			worst = max(worst, s.f)
		}
		if worst > ber {
			tv.bad[0] += dt
		}
		if anyHard {
			tv.hard[0] += dt
		}
		tv.lost[0] += worst * dt
		t = next
	}
	for w := range e.windows {
		win := &e.windows[w]
		for r := range e.roles {
			acc.addCapacity(int(win.pass), int(win.ud), r, e.roles[r].n-int(e.winMin[w*nr+r]))
		}
	}
}

// failedShare returns role r's traffic state with its current counts of
// down and cold instances, at utilisation util (docs/model.md §5.1).
func (e *Engine) failedShare(r int, util, ber float64) roleShare {
	role := &e.roles[r]
	down, cold := e.nDown[r], e.nCold[r]
	n := float64(role.n)
	inRotation := float64(int32(role.n) - down)
	warm := inRotation - float64(cold)
	f := 1.0
	if inRotation > 0 {
		rho := util * n / inRotation
		over := 0.0
		if rho > role.overload {
			over = 1 - role.overload/rho
		}
		f = (float64(cold) + warm*over) / inRotation
	}
	return roleShare{f: f, bad: f > ber, hard: warm == 0}
}

// apply changes one instance's state counters and its role's tallies, and
// returns the role's bit.
func (e *Engine) apply(ev event) uint32 {
	i := ev.inst
	r := e.instRole[i]
	d0, c0 := e.down[i], e.cold[i]
	d1, c1 := d0+int16(ev.dDown), c0+int16(ev.dCold)
	e.down[i], e.cold[i] = d1, c1
	// Down while any pass has it down; cold while some pass has it cold
	// and none down.
	wasDown, isDown := b2i(d0 > 0), b2i(d1 > 0)
	wasCold, isCold := b2i(c0 > 0)&^wasDown, b2i(c1 > 0)&^isDown
	nDown := e.nDown[r] + isDown - wasDown
	nCold := e.nCold[r] + isCold - wasCold
	e.nDown[r], e.nCold[r] = nDown, nCold
	bit := uint32(1) << r
	if nDown != 0 || nCold != 0 {
		e.short |= bit
	} else {
		e.short &^= bit
	}
	return bit
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// startGrid points every pass's grid at its first point, the pass's start.
func (e *Engine) startGrid() {
	clear(e.gridNext)
	e.gridDue = math.Inf(1)
	for pi := range e.passAt {
		e.gridAt[pi] = e.passAt[pi].start + float64(0)*e.layout.GridStep[pi]
		if e.gridAt[pi] < e.gridDue {
			e.gridDue = e.gridAt[pi]
		}
	}
}

// sampleGrid records, for every pass, the warm capacity of each role at
// the grid points before t (the state since the previous event) as one
// span per role. Only roles short of full strength are recorded: full
// strength is what the accumulator infers for the rest. The sweep calls
// it only when a grid point lies before t (e.gridDue < t).
func (e *Engine) sampleGrid(acc *Accumulator, t float64) {
	lay := e.layout
	due := math.Inf(1)
	for pi := range e.passAt {
		at := e.gridAt[pi]
		if at < t {
			g0 := e.gridNext[pi]
			start, step := e.passAt[pi].start, lay.GridStep[pi]
			// Jump to about the first point at or after t, then settle on
			// it exactly: grid times grow with g, so the comparison that
			// defines the point decides which way to step.
			g := g0 + 1
			if est := (t - start) / step; est > float64(g) {
				g = int(min(est, float64(lay.GridPoints)))
			}
			for g > g0+1 && !(start+float64(g-1)*step < t) {
				g--
			}
			for g < lay.GridPoints && start+float64(g)*step < t {
				g++
			}
			at = math.Inf(1)
			if g < lay.GridPoints {
				at = start + float64(g)*step
			}
			e.gridNext[pi], e.gridAt[pi] = g, at
			for m := e.short; m != 0; m &= m - 1 {
				r := bits.TrailingZeros32(m)
				acc.addGridSpan(pi, r, g0, g, e.roles[r].n-int(e.nDown[r]+e.nCold[r]))
			}
		}
		if at < due {
			due = at
		}
	}
	e.gridDue = due
}
