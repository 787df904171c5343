package planner

import (
	"math"
	"math/rand/v2"

	"rolloutplanner/model"
)

// maxDefectAttempts bounds the start attempts that a rerun defect makes
// fail in one instance in one pass: docs/model.md §4.4 has the
// attempt after the 1,000th such failure (like the one after a failed
// attempt that took no time) begin at max(t, R), so that near-zero attempt
// times cannot loop for millions of iterations.
const maxDefectAttempts = 1000

// Engine runs the trials of one scenario. It is built once by New and then
// reused: a trial draws from its own reseeded stream and writes into the
// engine's scratch buffers, so the hot loop allocates nothing. An Engine is
// not safe for concurrent use; give each goroutine or Web Worker its own.
type Engine struct {
	sc     model.Scenario
	layout *Layout
	src    *rand.PCG
	roles  []roleSim
	passes []passSim

	// Per-trial scratch, reused.
	events   []event
	windows  []window
	winMin   []int32 // len(windows) × roles: least warm instances in the window
	down     []int16 // per instance: passes in which it is down now
	cold     []int16 // per instance: passes in which it is cold now
	instRole []int32 // per instance: its role
	nDown    []int32 // per role: instances down
	nCold    []int32 // per role: instances cold and not down
	short    uint32  // bit r set while role r has an instance down or cold
	share    []roleShare
	passAt   []passTimes
	util     []float64 // passes × roles: utilisation drawn for the pass
	gridNext []int     // per pass: next grid point to record
	gridAt   []float64 // per pass: time of grid point gridNext, +Inf past the last
	gridDue  float64   // the earliest of gridAt
	trial    trialValues
}

type roleSim struct {
	n, base         int // instances, index of instance 0 among all instances
	overload        float64
	warmupInOnStart bool
	pFail           float64
	pRerun          float64
	pReimage        float64
	util            model.Sampler
	onstop          model.Sampler
	startup         model.Sampler
	onstart         model.Sampler
	warmup          model.Sampler
	repair          model.Sampler
}

type passSim struct {
	kind      model.PassKind
	delay     model.Sampler // Guest OS and guest agent: wait before the pass
	restart   model.Sampler
	gap       model.Sampler // Host OS: pause before every later domain
	pHostFail float64
	recovery  model.Sampler
}

type passTimes struct{ start, end float64 }

// event is a change of one instance's state: it enters (+1) or leaves (−1)
// a down or cold interval of one pass, or both at once where a down
// interval of a pass gives way to a cold one.
type event struct {
	t     float64
	inst  int32
	dDown int8
	dCold int8
}

// window is the span [start, end) = [T_k, E_k) of one domain in one pass.
type window struct {
	start, end float64
	pass, ud   int32 // pass index in Layout.Passes, index in Layout.Domains
}

// trialValues are one trial's measures; series 0 is the service, series
// 1+r role r.
type trialValues struct {
	bad, hard, lost []float64 // minutes, minutes, request-minutes
	duration        []float64 // per pass, minutes
}

// New checks the scenario and builds an engine for it. The returned error
// is a model.Problems when the scenario is invalid.
func New(s model.Scenario) (*Engine, error) {
	if err := s.Validate().Err(); err != nil {
		return nil, err
	}
	return newEngine(s), nil
}

// newEngine is New without validation, for tests that feed the engine
// inputs validation refuses (durations past model.MaxMinutes) to prove it
// stays finite and reports ErrOverflow instead of panicking.
func newEngine(s model.Scenario) *Engine {
	s = s.Clone()
	e := &Engine{sc: s, layout: newLayout(&s), src: rand.NewPCG(0, 0)}
	sample := func(d model.Dist) model.Sampler { return model.NewSampler(d, e.src) }
	total := 0
	for r, role := range s.Roles {
		e.roles = append(e.roles, roleSim{
			n: role.Instances, base: total, overload: role.OverloadAt,
			warmupInOnStart: role.WarmupInOnStart,
			pFail:           role.StartupFailureProb, pRerun: role.RerunDefectProb, pReimage: role.ReimageDefectProb,
			util: sample(role.Utilization), onstop: sample(role.OnStop), startup: sample(role.StartupTasks),
			onstart: sample(role.OnStart), warmup: sample(role.Warmup), repair: sample(role.Repair),
		})
		for range role.Instances {
			e.instRole = append(e.instRole, int32(r))
		}
		total += role.Instances
	}
	p := &s.Passes
	for _, kind := range e.layout.Passes {
		ps := passSim{kind: kind}
		switch kind {
		case model.HostOS:
			ps.restart, ps.gap = sample(p.HostOS.HostReboot), sample(p.HostOS.UDGap)
			ps.pHostFail, ps.recovery = p.HostOS.HostFailureProb, sample(p.HostOS.HostRecovery)
		case model.GuestOS:
			ps.delay, ps.restart = sample(p.GuestOS.DelayAfterHost), sample(p.GuestOS.OSBoot)
		case model.GuestAgent:
			ps.delay, ps.restart = sample(p.GuestAgent.DelayAfterGuest), sample(p.GuestAgent.ProcessRestart)
		}
		e.passes = append(e.passes, ps)
	}
	nr, np := len(s.Roles), len(e.passes)
	e.down = make([]int16, total)
	e.cold = make([]int16, total)
	e.nDown = make([]int32, nr)
	e.nCold = make([]int32, nr)
	e.share = make([]roleShare, nr)
	e.passAt = make([]passTimes, np)
	e.util = make([]float64, np*nr)
	e.gridNext = make([]int, np)
	e.gridAt = make([]float64, np)
	e.events = make([]event, 0, 6*total*np+16)
	e.windows = make([]window, 0, len(e.layout.Domains)*np)
	e.winMin = make([]int32, len(e.layout.Domains)*np*nr)
	e.trial = trialValues{
		bad: make([]float64, nr+1), hard: make([]float64, nr+1), lost: make([]float64, nr+1),
		duration: make([]float64, np),
	}
	return e
}

// Layout returns the shape of the results this engine produces.
func (e *Engine) Layout() *Layout { return e.layout }

// NewAccumulator returns an empty accumulator for this engine's results.
func (e *Engine) NewAccumulator() *Accumulator { return NewAccumulator(e.layout) }

// Run simulates trials [a, b) and adds them to acc, which must have been
// made for this engine's layout and must not hold any of those trials yet.
// It panics on such misuse, which is a programmer error.
func (e *Engine) Run(acc *Accumulator, a, b int) {
	if a < 0 || b < a {
		panic("planner: Run needs 0 ≤ a ≤ b")
	}
	if !acc.layout.Equal(e.layout) {
		panic("planner: accumulator made for another scenario")
	}
	if err := acc.addRange(a, b); err != nil {
		panic("planner: " + err.Error())
	}
	for i := a; i < b; i++ {
		e.simulate(i)
		e.measure(acc)
		acc.addTrial(&e.trial)
	}
}

// simulate draws trial i and lays out its state changes as events, and its
// domains as windows.
func (e *Engine) simulate(i int) {
	seedTrial(e.src, e.sc.Seed, i)
	e.events = e.events[:0]
	e.windows = e.windows[:0]
	nr := len(e.roles)
	prevEnd := 0.0
	for pi := range e.passes {
		ps := &e.passes[pi]
		start := prevEnd
		if ps.kind != model.HostOS {
			start += ps.delay.Rand()
		}
		util := e.util[pi*nr : (pi+1)*nr]
		for r := range e.roles {
			util[r] = e.roles[r].util.Rand()
		}
		end := e.simulatePass(pi, ps, start)
		e.passAt[pi] = passTimes{start: start, end: end}
		e.trial.duration[pi] = end - start
		prevEnd = end
	}
}

// coin returns a uniform in [0, 1) from the trial's stream: the number
// rand.Rand.Float64 would give, drawn from the PCG without an interface
// call.
func (e *Engine) coin() float64 {
	return float64(e.src.Uint64()<<11>>11) / (1 << 53)
}

// defect is one role's defect state in the current pass.
type defect struct {
	on     bool
	repair float64 // minutes from the wave first reaching the role to the fix
	r      float64 // R = T_first + repair; +Inf until the wave reaches the role
}

// simulatePass walks the domains of one pass from start and returns the
// pass's end, E of its last non-empty domain.
func (e *Engine) simulatePass(pi int, ps *passSim, start float64) float64 {
	var defects [model.MaxRoles]defect
	for r := range e.roles {
		role := &e.roles[r]
		p := 0.0
		switch ps.kind {
		case model.HostOS:
			p = role.pRerun
		case model.GuestOS:
			p = role.pReimage
		}
		d := &defects[r]
		if p > 0 && e.coin() < p {
			d.on, d.repair = true, role.repair.Rand()
		}
		d.r = math.Inf(1)
	}
	timeout := e.sc.ReadyTimeout
	limit := e.sc.OnStopLimit
	t := start
	for di, k := range e.layout.Domains {
		if di > 0 && ps.kind == model.HostOS {
			t += ps.gap.Rand()
		}
		tk := t
		ek := math.Inf(-1)
		for r := range e.roles {
			role := &e.roles[r]
			if k >= role.n {
				continue
			}
			d := &defects[r]
			if d.on && math.IsInf(d.r, 1) {
				d.r = tk + d.repair
			}
			for j := k; j < role.n; j += e.sc.UpgradeDomains {
				inst := int32(role.base + j)
				s := min(role.onstop.Rand(), limit)
				firstStart := tk + s + ps.restart.Rand()
				deadline := firstStart + timeout
				a := firstStart
				if ps.pHostFail > 0 && e.coin() < ps.pHostFail {
					a = tk + s + ps.recovery.Rand()
				}
				rerun := d.on && ps.kind == model.HostOS
				for defectFails := 0; ; {
					dur := role.onstart.Rand()
					if ps.kind != model.GuestAgent {
						dur = role.startup.Rand() + dur
					}
					if rerun && a < d.r {
						next := a + dur
						defectFails++
						if dur == 0 || defectFails >= maxDefectAttempts {
							next = max(next, d.r)
						}
						a = next
						continue
					}
					a += dur
					if role.pFail > 0 && e.coin() < role.pFail {
						continue
					}
					break
				}
				ready, warm := a, a
				if role.warmupInOnStart {
					ready += role.warmup.Rand()
					warm = ready
				} else {
					warm += role.warmup.Rand()
				}
				if d.on && ps.kind == model.GuestOS && ready < d.r {
					// Broken: in rotation but failing every request until
					// R, then out of rotation for OnStart and warm-up.
					back := d.r + role.onstart.Rand() + role.warmup.Rand()
					e.downThenCold(inst, tk, ready, d.r)
					e.interval(inst, d.r, back, true)
				} else {
					e.downThenCold(inst, tk, ready, warm)
				}
				ek = max(ek, min(ready, deadline))
			}
		}
		e.windows = append(e.windows, window{start: tk, end: ek, pass: int32(pi), ud: int32(di)})
		t = ek
	}
	return t
}

// interval records that inst is down (or cold) during [from, to).
func (e *Engine) interval(inst int32, from, to float64, down bool) {
	if !(to > from) {
		return
	}
	if down {
		e.events = append(e.events, event{t: from, inst: inst, dDown: 1}, event{t: to, inst: inst, dDown: -1})
	} else {
		e.events = append(e.events, event{t: from, inst: inst, dCold: 1}, event{t: to, inst: inst, dCold: -1})
	}
}

// downThenCold records that inst is down during [from, mid) and cold
// during [mid, to): the events of interval(from, mid, down) and
// interval(mid, to, cold), with the two at mid joined into one, which
// the sweep applies in the same step anyway.
func (e *Engine) downThenCold(inst int32, from, mid, to float64) {
	down, cold := mid > from, to > mid
	switch {
	case down && cold:
		e.events = append(e.events,
			event{t: from, inst: inst, dDown: 1},
			event{t: mid, inst: inst, dDown: -1, dCold: 1},
			event{t: to, inst: inst, dCold: -1})
	case down:
		e.interval(inst, from, mid, true)
	case cold:
		e.interval(inst, mid, to, false)
	}
}
