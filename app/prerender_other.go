//go:build !(js && wasm)

package app

import (
	"fmt"
	"rolloutplanner/internal/headline"

	"rolloutplanner/model"
	"rolloutplanner/worker/client"
)

// PrerenderDefault runs the default preset natively, with the engine the
// workers run, and makes the page that go-app pre-renders (cmd/web's
// static generation) show its cards and charts, so that a visitor of the
// default page sees the answer before app.wasm has started. It returns
// the run's Result's SLA compliance data-value text, for tests and logs.
func PrerenderDefault() (string, error) {
	pr, ok := model.PresetByName(DefaultPreset)
	if !ok {
		return "", fmt.Errorf("app: no preset %q to pre-render", DefaultPreset)
	}
	out, err := RunNative(pr.Scenario)
	if err != nil {
		return "", fmt.Errorf("app: pre-rendering the %s preset: %w", DefaultPreset, err)
	}
	// Both drawings of each chart: the build cannot know the screen, and
	// web/planner.css shows the one for its width (NarrowQuery).
	prerenderedResult = reduce(pr.Scenario, out, layoutBoth)
	return headline.Exact(out.Result.Service.SLACompliance.P), nil
}

// RunNative runs every trial of s in the program (worker/client's native
// Pool, the engine the page's workers run) and returns the reduced
// Outcome.
func RunNative(s model.Scenario) (*client.Outcome, error) {
	type answer struct {
		out *client.Outcome
		err error
	}
	ch := make(chan answer, 1)
	client.NewPool("", 1).Run(s, nil, 0, s.Trials, nil, func(o *client.Outcome, err error) { ch <- answer{o, err} })
	a := <-ch
	return a.out, a.err
}
