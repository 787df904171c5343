package sim

import (
	"encoding/json"

	"rolloutplanner/internal/headline"
)

// Headline is what the page's first script (web/boot.js) shows of a run
// before the page itself has loaded: the headline cards of the trials
// merged so far, as the page draws them.
type Headline struct {
	Trials int             `json:"trials"` // trials merged
	Total  int             `json:"total"`  // the scenario's trials
	Note   string          `json:"note"`   // headline.PartialNote when Trials < Total, "" otherwise
	Cards  []headline.Card `json:"cards"`
}

// Headlines is rolloutSimHeadline: it decodes scenarioJSON, merges parts
// (see Reduce) and returns their Headline as JSON. A run whose sums
// overflowed is an error (planner.ErrOverflow): its figures must not be
// shown, and the page explains what to change. It never panics.
func Headlines(scenarioJSON []byte, parts []Part) ([]byte, error) {
	sum, s, err := decodeReduce(scenarioJSON, parts)
	if err != nil {
		return nil, err
	}
	if err := sum.Err(); err != nil {
		return nil, err
	}
	h := Headline{Trials: sum.Result.Trials, Total: s.Trials, Cards: headline.Cards(sum.Result)}
	if h.Trials < h.Total {
		h.Note = headline.PartialNote(h.Trials, h.Total)
	}
	return json.Marshal(h)
}
