package sim

import (
	"fmt"

	"rolloutplanner/model"
)

// DefaultPreset is the preset the page opens on when its URL carries no
// scenario (app.DefaultPreset; a test in package app checks that they
// agree): the boot run of a page without a link runs it.
const DefaultPreset = "seed-example"

// Sizes of the ranges of trials that one worker runs at a time (Split).
const (
	// MinRangeTrials is the smallest range Split picks on its own, trials:
	// shorter ranges spend too much of their time posting and merging.
	MinRangeTrials = 1000
	// MaxRangeTrials is the largest range Split picks on its own, trials:
	// longer ones make the last workers finish unevenly.
	MaxRangeTrials = 5000
	// RangesPerWorker is how many ranges Split aims to give each worker,
	// so that every worker stays busy to the end of a run.
	RangesPerWorker = 8
)

// BootPlan is what one simulation worker runs when the page's first
// script (web/boot.js) starts it, before the page itself has loaded: the
// scenario of the page's link and the worker's share of its ranges.
type BootPlan struct {
	Scenario model.Scenario
	Text     []byte   // model.Encode(Scenario): what the page's Pool posts
	Ranges   [][2]int // every range of the run, Split(0, Trials, workers, 0)
	Mine     []int    // indices in Ranges that worker k runs: i ≡ k (mod workers)
}

// Boot decodes the page's link code (the "s" parameter of its URL; ""
// for none, which means DefaultPreset) as the page does (model.DecodeURL)
// and returns the plan of worker k of workers. A code that does not
// decode cleanly is an error: the page then decides what to run.
func Boot(code string, k, workers int) (BootPlan, error) {
	if workers < 1 || k < 0 || k >= workers {
		return BootPlan{}, fmt.Errorf("sim: boot worker %d of %d: need 0 ≤ k < workers", k, workers)
	}
	var s model.Scenario
	if code == "" {
		p, ok := model.PresetByName(DefaultPreset)
		if !ok {
			return BootPlan{}, fmt.Errorf("sim: no preset %q", DefaultPreset)
		}
		s = p.Scenario
	} else {
		var err error
		if s, err = model.DecodeURL(code); err != nil {
			return BootPlan{}, err
		}
	}
	text, err := model.Encode(s)
	if err != nil {
		return BootPlan{}, err
	}
	plan := BootPlan{Scenario: s, Text: text, Ranges: Split(0, s.Trials, workers, 0)}
	for i := k; i < len(plan.Ranges); i += workers {
		plan.Mine = append(plan.Mine, i)
	}
	return plan, nil
}

// Split cuts trials [a, b) into the ranges [lo, hi) that a pool hands out
// in order, each to whichever of its workers is free next. The ranges are
// contiguous, increasing, cover [a, b) exactly and differ in length by at
// most one trial. No range is longer than size trials; size ≤ 0 lets Split
// choose: about RangesPerWorker ranges for each of workers workers (≤ 0
// counts as one), each between MinRangeTrials and MaxRangeTrials trials
// unless the whole run is shorter. An empty [a, b) has no ranges. Split
// panics if b < a, a programmer error.
func Split(a, b, workers, size int) [][2]int {
	if b < a {
		panic("client: Split needs a ≤ b")
	}
	total := b - a
	if total == 0 {
		return nil
	}
	if size <= 0 {
		workers = max(workers, 1)
		size = ceilDiv(total, workers*RangesPerWorker)
		size = min(max(size, MinRangeTrials), MaxRangeTrials)
	}
	n := ceilDiv(total, size)
	out := make([][2]int, 0, n)
	short := n - total%n // ranges of total/n trials; the rest get one more
	if total%n == 0 {
		short = n
	}
	lo := a
	for i := range n {
		hi := lo + total/n
		if i >= short {
			hi++
		}
		out = append(out, [2]int{lo, hi})
		lo = hi
	}
	return out
}

func ceilDiv(x, y int) int { return (x + y - 1) / y }
