package whatif

import (
	"context"
	"fmt"
	"math"
	"slices"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// DefaultShift is the relative change of each input in a sensitivity
// study: ±25 %.
const DefaultShift = 0.25

// InputKind says how an input is shifted.
type InputKind string

// The kinds of input a sensitivity study shifts.
const (
	// Duration is a distribution of minutes, shifted by ScaleDist.
	Duration InputKind = "duration"
	// Utilization is a role's load distribution, also shifted by
	// ScaleDist. A shift that makes its mean exceed overload_at gives an
	// invalid scenario; that side is reported as skipped, not run.
	Utilization InputKind = "utilization"
	// Probability is a chance per pass, multiplied by the factor and
	// capped at its largest valid value (1, or 0.9 for
	// startup_failure_prob).
	Probability InputKind = "probability"
)

// Input is one scenario input that a sensitivity study shifts.
type Input struct {
	Path string    `json:"path"` // field path, as the validator names it: "roles[0].warmup"
	Kind InputKind `json:"kind"` // how it is shifted
}

// ScaleDist returns the distribution of f·X for X ~ d, f > 0: every
// parameter in minutes (or in units of load) is multiplied by f and
// every shape parameter is kept, so every quantile and the mean scale by
// f. Per kind:
//
//	fixed        value ×f
//	uniform      min, max ×f
//	triangular   min, mode, max ×f
//	normal       mean, sd ×f            (the coefficient of variation stays)
//	lognormal    p50, p95 ×f            (μ + ln f; σ stays)
//	exponential  mean ×f
//	weibull      scale ×f               (shape stays)
//	empirical    every value ×f
//
// Clamping at 0 commutes with a positive scale, so the clamped samples
// scale by f as well. d is not changed.
func ScaleDist(d model.Dist, f float64) model.Dist {
	out := d
	switch d.Kind {
	case model.Fixed:
		out.Value *= f
	case model.Uniform:
		out.Min *= f
		out.Max *= f
	case model.Triangular:
		out.Min *= f
		out.Mode *= f
		out.Max *= f
	case model.Normal:
		out.Mean *= f
		out.SD *= f
	case model.LogNormal:
		out.P50 *= f
		out.P95 *= f
	case model.Exponential:
		out.Mean *= f
	case model.Weibull:
		out.Scale *= f
	case model.Empirical:
		out.Values = make([]float64, len(d.Values))
		for i, v := range d.Values {
			out.Values[i] = v * f
		}
	}
	return out
}

// scalable reports whether scaling d changes it: not a point at zero.
func scalable(d model.Dist) bool {
	return d.Quantile(0.999) > 0 || d.MeanClamped() > 0
}

// field is one shiftable input with access to it in a scenario.
type field struct {
	Input
	dist  func(*model.Scenario) *model.Dist
	prob  func(*model.Scenario) *float64
	limit float64 // largest valid probability
}

// fields lists every shiftable input of s that can change its result, in
// the order of model.Fields: the distributions (model.MinutesRule and
// model.ShareRule) of the enabled passes and of every role, and the
// non-zero probabilities (model.ChanceRule). A host_recovery with no host
// failures, or a repair with no defects, cannot change anything and is
// left out, as is a distribution that is a point at zero.
func fields(s *model.Scenario) []field {
	var fs []field
	add := func(f model.Field, role int) {
		var kind InputKind
		switch f.Rule {
		case model.MinutesRule:
			kind = Duration
		case model.ShareRule:
			kind = Utilization
		case model.ChanceRule:
			kind = Probability
		default:
			return
		}
		if !matters(s, f, role) {
			return
		}
		in := Input{f.Path(role), kind}
		if kind == Probability {
			if *f.Ptr(s, role).(*float64) > 0 {
				fs = append(fs, field{Input: in, limit: f.Max,
					prob: func(s *model.Scenario) *float64 { return f.Ptr(s, role).(*float64) }})
			}
			return
		}
		if scalable(*f.Ptr(s, role).(*model.Dist)) {
			fs = append(fs, field{Input: in,
				dist: func(s *model.Scenario) *model.Dist { return f.Ptr(s, role).(*model.Dist) }})
		}
	}
	for _, f := range model.Fields {
		if f.Group != model.RoleGroup {
			add(f, 0)
		}
	}
	for r := range s.Roles {
		for _, f := range model.GroupFields(model.RoleGroup) {
			add(f, r)
		}
	}
	return fs
}

// matters reports whether field f (of role r) can change the result of
// s: its pass is enabled, a host_recovery has host failures to recover
// from, a repair has defects to repair.
func matters(s *model.Scenario, f model.Field, r int) bool {
	p := &s.Passes
	if pk, ok := model.PassOf(f.Group); ok && !passEnabled(s, pk) {
		return false
	}
	switch {
	case f.Group == model.HostOSGroup && f.Key == "host_recovery":
		return p.HostOS.HostFailureProb > 0
	case f.Group == model.RoleGroup && f.Key == "repair":
		rl := &s.Roles[r]
		return (p.HostOS.Enabled && rl.RerunDefectProb > 0) || (p.GuestOS.Enabled && rl.ReimageDefectProb > 0)
	}
	return true
}

func passEnabled(s *model.Scenario, pk model.PassKind) bool {
	switch pk {
	case model.HostOS:
		return s.Passes.HostOS.Enabled
	case model.GuestOS:
		return s.Passes.GuestOS.Enabled
	}
	return s.Passes.GuestAgent.Enabled
}

// Inputs lists the inputs of s that a sensitivity study shifts, in
// scenario order: see fields for what is left out.
func Inputs(s model.Scenario) []Input {
	fs := fields(&s)
	out := make([]Input, len(fs))
	for i, f := range fs {
		out[i] = f.Input
	}
	return out
}

// Shift returns a copy of s with the input at path scaled by factor > 0:
// a distribution by ScaleDist, a probability by multiplication capped at
// its limit. It returns an error for a path that Inputs does not list, and
// the shifted scenario's model.Problems when the shift makes it invalid
// (utilisation above overload_at).
func Shift(s model.Scenario, path string, factor float64) (model.Scenario, error) {
	if !(factor > 0) || math.IsInf(factor, 0) {
		return s, fmt.Errorf("whatif: shift factor %g must be a positive number", factor)
	}
	c := s.Clone()
	for _, f := range fields(&c) {
		if f.Path != path {
			continue
		}
		if f.dist != nil {
			d := f.dist(&c)
			*d = ScaleDist(*d, factor)
		} else {
			p := f.prob(&c)
			*p = min(*p*factor, f.limit)
		}
		return c, c.Validate().Err()
	}
	return s, fmt.Errorf("whatif: %q is not an input that can be shifted (see Inputs)", path)
}

// Shifted is one run of a sensitivity study: an input, the factor applied
// and the resulting scenario (nil Err), ready for a Web Worker.
type Shifted struct {
	Input    Input          // what is shifted
	Factor   float64        // by how much: 1 − h or 1 + h
	Scenario model.Scenario // s with the shift applied
	Err      error          // the shift made the scenario invalid: do not run it
}

// Shifts returns the runs of a sensitivity study of s with relative shift
// h (≤ 0 means DefaultShift; at most 0.9): for every input, factor 1 − h,
// then 1 + h. Each scenario keeps s's seed and trials.
func Shifts(s model.Scenario, h float64) []Shifted {
	h = shiftOf(h)
	var out []Shifted
	for _, in := range Inputs(s) {
		for _, f := range []float64{1 - h, 1 + h} {
			sc, err := Shift(s, in.Path, f)
			out = append(out, Shifted{Input: in, Factor: f, Scenario: sc, Err: err})
		}
	}
	return out
}

func shiftOf(h float64) float64 {
	if !(h > 0) {
		return DefaultShift
	}
	return min(h, 0.9)
}

// Outcome is the result of one run of a sensitivity study.
type Outcome struct {
	Factor          float64            `json:"factor"`            // 1 for the base run
	BadMinutesMean  float64            `json:"bad_minutes_mean"`  // the service's mean bad minutes per month
	SLACompliance   planner.Proportion `json:"sla_compliance"`    // the service's
	DeltaBadMinutes float64            `json:"delta_bad_minutes"` // change of BadMinutesMean
	DeltaCompliance float64            `json:"delta_compliance"`  // change of SLACompliance.P
	Skipped         string             `json:"skipped,omitempty"` // why it was not run (invalid shift)
}

// Effect is one input's bar of a tornado chart: the outcomes with the
// input shifted down (Low, factor 1 − h) and up (High, factor 1 + h).
type Effect struct {
	Input
	Low, High Outcome // shifted down, shifted up
	// Swing is |High − Low| of mean bad minutes (a skipped side counts as
	// the base), the bar's length and the sort key.
	Swing float64 `json:"swing"`
}

// SensitivityResult is a whole tornado: the base run and one Effect per
// input, largest swing first (ties in scenario order).
type SensitivityResult struct {
	Shift   float64  `json:"shift"`   // h: factors 1 − h and 1 + h
	Base    Outcome  `json:"base"`    // the run of s as it is
	Effects []Effect `json:"effects"` // one per input, largest swing first
}

// Tornado assembles a SensitivityResult from the base result and the
// results of Shifts(s, h), results[i] belonging to shifts[i] (a skipped
// shift's result is ignored and may be zero). Shifts without a result (a
// shorter slice) are left out with their input.
func Tornado(base planner.Result, shifts []Shifted, results []planner.Result, h float64) SensitivityResult {
	sr := SensitivityResult{Shift: shiftOf(h), Base: outcome(1, base, base)}
	for i := 0; i+1 < len(shifts) && i+1 < len(results); i += 2 {
		lo, hi := shifts[i], shifts[i+1]
		e := Effect{Input: lo.Input, Low: sideOf(lo, results[i], base), High: sideOf(hi, results[i+1], base)}
		e.Swing = math.Abs(e.High.DeltaBadMinutes - e.Low.DeltaBadMinutes)
		sr.Effects = append(sr.Effects, e)
	}
	slices.SortStableFunc(sr.Effects, func(a, b Effect) int {
		switch {
		case a.Swing > b.Swing:
			return -1
		case a.Swing < b.Swing:
			return 1
		}
		return 0
	})
	return sr
}

func sideOf(s Shifted, r planner.Result, base planner.Result) Outcome {
	if s.Err != nil {
		o := outcome(s.Factor, base, base)
		o.Skipped = s.Err.Error()
		return o
	}
	return outcome(s.Factor, r, base)
}

func outcome(f float64, r, base planner.Result) Outcome {
	return Outcome{
		Factor:          f,
		BadMinutesMean:  r.Service.BadMinutes.Mean,
		SLACompliance:   r.Service.SLACompliance,
		DeltaBadMinutes: r.Service.BadMinutes.Mean - base.Service.BadMinutes.Mean,
		DeltaCompliance: r.Service.SLACompliance.P - base.Service.SLACompliance.P,
	}
}

// SensitivityOptions tune Sensitivity.
type SensitivityOptions struct {
	Shift float64         // h; ≤ 0 means DefaultShift
	Run   planner.Options // workers and chunk size of each run; its Progress is ignored
	// Progress, when set, is called after every chunk with the trials done
	// and the trials of the whole study.
	Progress func(done, total int)
}

// Sensitivity runs s and every valid shift of Shifts(s, opt.Shift), all
// with s's seed and trials, and assembles the tornado. When ctx is
// cancelled it returns the inputs finished so far with ctx's error.
func Sensitivity(ctx context.Context, s model.Scenario, opt SensitivityOptions) (SensitivityResult, error) {
	if err := s.Validate().Err(); err != nil {
		return SensitivityResult{}, err
	}
	shifts := Shifts(s, opt.Shift)
	runs := []model.Scenario{s}
	var idx []int // index in runs of each shift, −1 when skipped
	for _, sh := range shifts {
		if sh.Err != nil {
			idx = append(idx, -1)
			continue
		}
		idx = append(idx, len(runs))
		runs = append(runs, sh.Scenario)
	}
	res, err := runAll(ctx, runs, opt.Run, opt.Progress)
	if len(res) == 0 {
		return SensitivityResult{Shift: shiftOf(opt.Shift)}, err
	}
	results := make([]planner.Result, 0, len(shifts))
	for _, j := range idx {
		if j >= len(res) {
			break
		}
		if j < 0 {
			results = append(results, planner.Result{})
		} else {
			results = append(results, res[j])
		}
	}
	return Tornado(res[0], shifts, results, opt.Shift), err
}
