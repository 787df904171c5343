package planner

// measure sorts the trial's events and sweeps them once. Between two event
// times every instance's state is constant, so each role's failed share f
// is constant too and bad minutes, hard-down minutes and lost
// request-minutes are exact sums of segment lengths (MODEL.md §4). The
// same sweep takes each domain window's least warm capacity and samples
// warm capacity on the chart grid.
func (e *Engine) measure(acc *Accumulator) {
	sortEvents(e.events)
	tv := &e.trial
	clear(tv.bad)
	clear(tv.hard)
	clear(tv.lost)
	clear(e.gridNext)
	nr := len(e.roles)
	for w := range e.windows {
		for r := range e.roles {
			e.winMin[w*nr+r] = int32(e.roles[r].n)
		}
	}
	ber := e.sc.BadErrorRate
	ev := e.events
	wi, cur := 0, 0
	for idx := 0; idx < len(ev); {
		t := ev[idx].t
		e.sampleGrid(acc, t)
		for ; idx < len(ev) && ev[idx].t == t; idx++ {
			e.apply(ev[idx])
		}
		if idx == len(ev) {
			break // every interval has closed: all instances are warm
		}
		next := ev[idx].t

		// Domain windows that overlap [t, next) see the current state.
		for wi < len(e.windows) {
			w := &e.windows[wi]
			if w.start >= next {
				break
			}
			if w.end > t || (w.end == w.start && w.start >= t) {
				mins := e.winMin[wi*nr : (wi+1)*nr]
				for r := range e.roles {
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

		for cur+1 < len(e.passAt) && e.passAt[cur+1].start <= t {
			cur++
		}
		util := e.util[cur*nr : (cur+1)*nr]
		dt := next - t
		worst, anyHard := 0.0, false
		for r := range e.roles {
			down, cold := e.nDown[r], e.nCold[r]
			if down == 0 && cold == 0 {
				continue // all warm: the rollout costs nothing here
			}
			role := &e.roles[r]
			n := float64(role.n)
			inRotation := float64(int32(role.n) - down)
			warm := inRotation - float64(cold)
			f := 1.0
			if inRotation > 0 {
				rho := util[r] * n / inRotation
				over := 0.0
				if rho > role.overload {
					over = 1 - role.overload/rho
				}
				f = (float64(cold) + warm*over) / inRotation
			}
			if f > ber {
				tv.bad[r+1] += dt
			}
			if warm == 0 {
				tv.hard[r+1] += dt
				anyHard = true
			}
			tv.lost[r+1] += f * dt
			worst = max(worst, f)
		}
		if worst > ber {
			tv.bad[0] += dt
		}
		if anyHard {
			tv.hard[0] += dt
		}
		tv.lost[0] += worst * dt
	}
	for w := range e.windows {
		win := &e.windows[w]
		for r := range e.roles {
			acc.addCapacity(int(win.pass), int(win.ud), r, e.roles[r].n-int(e.winMin[w*nr+r]))
		}
	}
}

// apply changes one instance's state counters and its role's tallies.
func (e *Engine) apply(ev event) {
	i := ev.inst
	r := e.instRole[i]
	wasDown, wasCold := e.down[i] > 0, e.down[i] == 0 && e.cold[i] > 0
	e.down[i] += int16(ev.dDown)
	e.cold[i] += int16(ev.dCold)
	isDown, isCold := e.down[i] > 0, e.down[i] == 0 && e.cold[i] > 0
	e.nDown[r] += b2i(isDown) - b2i(wasDown)
	e.nCold[r] += b2i(isCold) - b2i(wasCold)
	e.short += b2i(isDown || isCold) - b2i(wasDown || wasCold)
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// sampleGrid records, for every pass, the warm capacity of each role at
// the grid points before t (the state since the previous event) as one
// span per role. Only roles short of full strength are recorded: full
// strength is what the accumulator infers for the rest.
func (e *Engine) sampleGrid(acc *Accumulator, t float64) {
	lay := e.layout
	for pi := range e.passAt {
		g0 := e.gridNext[pi]
		g := g0
		start, step := e.passAt[pi].start, lay.GridStep[pi]
		for g < lay.GridPoints && start+float64(g)*step < t {
			g++
		}
		if g == g0 {
			continue
		}
		e.gridNext[pi] = g
		if e.short == 0 {
			continue
		}
		for r := range e.roles {
			down, cold := e.nDown[r], e.nCold[r]
			if down == 0 && cold == 0 {
				continue
			}
			acc.addGridSpan(pi, r, g0, g, e.roles[r].n-int(down+cold))
		}
	}
}
