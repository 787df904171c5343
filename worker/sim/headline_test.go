package sim

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"rolloutplanner/internal/headline"
	"rolloutplanner/planner"
)

// TestHeadlinesMatchNative: the cards web/boot.js shows are the page's
// cards of the native run of the same trials, partial runs marked.
func TestHeadlinesMatchNative(t *testing.T) {
	s := testScenario()
	js := encode(t, s)
	part := func(a, b int) Part {
		out, err := Simulate(js, a, b, 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		return Part{Range: [2]int{a, b}, Bytes: out}
	}
	for _, tt := range []struct {
		name   string
		parts  []Part
		trials int
		note   string
	}{
		{"whole run", []Part{part(120, s.Trials), part(0, 120)}, s.Trials, ""},
		{"first range", []Part{part(0, 120)}, 120, headline.PartialNote(120, s.Trials)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			prefix := s
			prefix.Trials = tt.trials
			want, err := planner.Run(context.Background(), prefix, planner.Options{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			out, err := Headlines(js, tt.parts)
			if err != nil {
				t.Fatal(err)
			}
			var got Headline
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			if got.Trials != tt.trials || got.Total != s.Trials || got.Note != tt.note {
				t.Errorf("trials %d of %d, note %q; want %d of %d, %q", got.Trials, got.Total, got.Note, tt.trials, s.Trials, tt.note)
			}
			cards := headline.Cards(want.Result())
			for i := range cards { // Value does not travel: Exact does
				for j := range cards[i].Metrics {
					cards[i].Metrics[j].Value = 0
				}
			}
			if !reflect.DeepEqual(got.Cards, cards) {
				t.Errorf("cards differ from the native run's:\n got %+v\nwant %+v", got.Cards, cards)
			}
		})
	}
}

// TestHeadlinesOverflow: figures of an overflowed run are never sent.
func TestHeadlinesOverflow(t *testing.T) {
	s := testScenario()
	js := encode(t, s)
	out, err := Simulate(js, 0, s.Trials, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h, err := Headlines(js, []Part{{Range: [2]int{0, s.Trials}, Bytes: saturate(t, out)}}); !errors.Is(err, planner.ErrOverflow) {
		t.Errorf("Headlines of an overflowed run = %s, %v; want planner.ErrOverflow", h, err)
	}
	if _, err := Headlines([]byte("{"), nil); err == nil {
		t.Error("Headlines of a bad scenario: no error")
	}
}
