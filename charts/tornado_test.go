package charts

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner/whatif"
)

type study struct {
	s model.Scenario
	r whatif.SensitivityResult
}

var (
	studyMu    sync.Mutex
	studyCache map[string]study
)

// testStudies runs the sensitivity studies the tornado tests draw, once
// per test binary: the seed example, the fleet (more inputs than
// MaxTornadoBars) and a hostile-named scenario.
func testStudies(t testing.TB) map[string]study {
	t.Helper()
	studyMu.Lock()
	defer studyMu.Unlock()
	if studyCache != nil {
		return studyCache
	}
	seed, _ := model.PresetByName("seed-example")
	fleet, _ := model.PresetByName("fleet")
	hostile := seed.Scenario.Clone()
	hostile.Name = `</svg><script>alert("x")</script>`
	hostile.Roles[0].Name = imgName
	out := map[string]study{}
	for name, s := range map[string]model.Scenario{"seed": seed.Scenario, "fleet": fleet.Scenario, "hostile": hostile} {
		s.Trials, s.Seed = whatifTrials, 1
		r, err := whatif.Sensitivity(context.Background(), s, whatif.SensitivityOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = study{s, r}
	}
	studyCache = out
	return out
}

func TestTornado(t *testing.T) {
	for name, st := range testStudies(t) {
		t.Run(name, func(t *testing.T) {
			svg, err := TornadoSVG(st.r, st.s)
			if err != nil {
				t.Fatal(err)
			}
			checkSVGOutput(t, svg)
			text := svgText(t, svg)
			for _, w := range []string{"±25 %", "input −25 %", "input +25 %", "mean bad minutes per month", "change (minutes)", "bad min/month",
				"change (percentage points)", "0: the base run"} {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
			shown := min(len(st.r.Effects), MaxTornadoBars)
			for _, e := range st.r.Effects[:shown] {
				if l := InputLabel(st.s, e.Path); !strings.Contains(text, l) {
					t.Errorf("no row for %s (%q):\n%s", e.Path, l, text)
				}
			}
			if len(st.r.Effects) > MaxTornadoBars && !strings.Contains(text, "largest of "+strconv.Itoa(len(st.r.Effects))+" inputs") {
				t.Errorf("%d inputs, %d shown, and the subtitle does not say so:\n%s", len(st.r.Effects), shown, text)
			}
			b, err := TornadoPNGSize(st.r, st.s, ScreenWidth, ScreenHeight, 36)
			if err != nil {
				t.Fatal(err)
			}
			checkPNGOutput(t, b, 288, 162)
		})
	}
	if text := svgText(t, must(TornadoSVG(testStudies(t)["hostile"].r, testStudies(t)["hostile"].s))); !strings.Contains(text, "<img src=x onerror=…: warm-up") {
		t.Errorf("hostile role name not shown as text:\n%s", text)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestInputLabel(t *testing.T) {
	s := model.Default()
	s.Roles[0].Name = "web"
	for _, tc := range []struct{ path, want string }{
		{"roles[0].warmup", "web: warm-up"},
		{"roles[0].startup_failure_prob", "web: start failure chance"},
		{"passes.host_os.host_reboot", "Host OS: host reboot"},
		{"passes.guest_agent.process_restart", "guest agent: process restart"},
		{"roles[7].warmup", "roles[7].warmup"},
		{"roles[0].colour", "roles[0].colour"},
		{"passes.moon.host_reboot", "passes.moon.host_reboot"},
		{"x\x1b[2J", "x [2J"},
	} {
		got := InputLabel(s, tc.path)
		if tc.path == "passes.guest_agent.process_restart" {
			tc.want = model.GuestAgent.Title() + ": process restart"
		}
		if got != tc.want {
			t.Errorf("InputLabel(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

// TestTornadoOddInputs: odd or broken studies give an error, never a panic.
func TestTornadoOddInputs(t *testing.T) {
	st := testStudies(t)["seed"]
	mod := func(f func(r *whatif.SensitivityResult)) whatif.SensitivityResult {
		r := st.r
		r.Effects = append([]whatif.Effect(nil), st.r.Effects...)
		f(&r)
		return r
	}
	for _, tc := range []struct {
		name    string
		r       whatif.SensitivityResult
		wantErr bool
	}{
		{"no effects", whatif.SensitivityResult{}, true},
		{"NaN delta", mod(func(r *whatif.SensitivityResult) { r.Effects[0].Low.DeltaBadMinutes = math.NaN() }), true},
		{"Inf base", mod(func(r *whatif.SensitivityResult) { r.Base.BadMinutesMean = math.Inf(1) }), true},
		{"skipped NaN side", mod(func(r *whatif.SensitivityResult) {
			r.Effects[0].High.Skipped = "utilisation above overload_at"
			r.Effects[0].High.DeltaBadMinutes = math.NaN()
		}), false},
		{"all zero", mod(func(r *whatif.SensitivityResult) {
			for i := range r.Effects {
				r.Effects[i].Low, r.Effects[i].High = whatif.Outcome{}, whatif.Outcome{}
			}
		}), false},
		{"shift out of range", mod(func(r *whatif.SensitivityResult) { r.Shift = -3 }), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svg, err := noPanic(t, func() ([]byte, error) { return TornadoSVG(tc.r, st.s) })
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want error: %v", err, tc.wantErr)
			}
			if err == nil {
				checkSVGOutput(t, svg)
			}
			if tc.name == "no effects" && !errors.Is(err, ErrNoEffects) {
				t.Errorf("error %v, want ErrNoEffects", err)
			}
			_, err = noPanic(t, func() ([]byte, error) { return TornadoPNGSize(tc.r, st.s, ScreenWidth, ScreenHeight, 20) })
			if (err != nil) != tc.wantErr {
				t.Fatalf("PNG error %v, want error: %v", err, tc.wantErr)
			}
		})
	}
	if text := svgText(t, must(TornadoSVG(mod(func(r *whatif.SensitivityResult) { r.Effects[0].High.Skipped = "x" }), st.s))); !strings.Contains(text, "invalid") {
		t.Errorf("a skipped side is not marked invalid:\n%s", text)
	}
}
