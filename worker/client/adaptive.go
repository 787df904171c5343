package client

import "rolloutplanner/planner"

// TargetHalfWidth is the adaptive mode's goal for the service's SLA
// compliance: its 95 % Wilson interval no wider than ±0.5 percentage
// points, (Hi − Lo)/2 ≤ 0.005 (a share, not a percentage).
const TargetHalfWidth = 0.005

// halfWidthSlack absorbs rounding in Hi − Lo, so that an interval of
// exactly ±0.5 points counts as narrow enough.
const halfWidthSlack = 1e-12

// Growth is the factor by which the adaptive mode multiplies the trials
// from one round to the next.
const Growth = 2

// MinAdaptiveTrials is the fewest trials an adaptive round asks for: below
// about 400 trials no Wilson interval is within ±0.5 points, whatever the
// share.
const MinAdaptiveTrials = 1000

// NeedMore is the adaptive rule "run until the SLA-compliance interval is
// narrower than ±0.5 points, capped". Given the service's SLA compliance p
// over the trials run so far, it reports whether to run more and the trial
// count to reach: Growth × trials (at least MinAdaptiveTrials), at most
// cap. It returns (trials, false) once (p.Hi − p.Lo)/2 ≤ TargetHalfWidth
// or trials ≥ cap. p is Result().Service.SLACompliance of the accumulated
// trials; the interval of no trials (Lo 0, Hi 1) asks for more.
func NeedMore(p planner.Proportion, trials, cap int) (next int, more bool) {
	if (p.Hi-p.Lo)/2 <= TargetHalfWidth+halfWidthSlack || trials >= cap {
		return trials, false
	}
	next = cap
	if trials <= cap/Growth {
		next = max(trials*Growth, MinAdaptiveTrials)
		next = min(next, cap)
	}
	return next, true
}

// nextRange returns the trials [a, b) that bring trials held in ranges
// held (sorted) up to next: they start right after the highest trial held
// (0 for none), so they never overlap it. With next trials or more held,
// a == b.
func nextRange(held [][2]int, trials, next int) (a, b int) {
	if n := len(held); n > 0 {
		a = held[n-1][1]
	}
	return a, a + max(next-trials, 0)
}
