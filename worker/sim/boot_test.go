package sim

import (
	"strings"
	"testing"

	"rolloutplanner/model"
)

// TestBoot: every worker's share together covers the run's Split ranges
// exactly once, the text is the page's model.Encode, and a bad link or
// worker index is an error.
func TestBoot(t *testing.T) {
	p, _ := model.PresetByName("fleet")
	s := p.Scenario
	s.Trials, s.Seed = 12345, 9
	code, err := model.EncodeURL(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		code string
		want model.Scenario
	}{{code, s}, {"", mustPreset(t, DefaultPreset)}} {
		for _, n := range []int{1, 2, 3, 4} {
			seen := map[int]int{}
			for k := range n {
				plan, err := Boot(tc.code, k, n)
				if err != nil {
					t.Fatal(err)
				}
				text, _ := model.Encode(tc.want)
				if string(plan.Text) != string(text) {
					t.Fatalf("boot text differs from the page's encoding")
				}
				if want := Split(0, tc.want.Trials, n, 0); len(plan.Ranges) != len(want) {
					t.Fatalf("n=%d: %d ranges, Split gives %d", n, len(plan.Ranges), len(want))
				}
				for _, i := range plan.Mine {
					seen[i]++
				}
			}
			plan, _ := Boot(tc.code, 0, n)
			for i := range plan.Ranges {
				if seen[i] != 1 {
					t.Errorf("n=%d: range %d run %d times", n, i, seen[i])
				}
			}
		}
	}
	for _, bad := range []struct {
		code string
		k, n int
		want string
	}{{"v2.garbage", 0, 2, ""}, {"", 2, 2, "0 ≤ k"}, {"", 0, 0, "0 ≤ k"}} {
		if _, err := Boot(bad.code, bad.k, bad.n); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("Boot(%q, %d, %d) = %v, want an error", bad.code, bad.k, bad.n, err)
		}
	}
}

func mustPreset(t *testing.T, name string) model.Scenario {
	t.Helper()
	p, ok := model.PresetByName(name)
	if !ok {
		t.Fatalf("no preset %q", name)
	}
	return p.Scenario
}
