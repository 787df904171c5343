package app

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"rolloutplanner/model"
)

func TestCodeFromURL(t *testing.T) {
	tests := []struct {
		raw    string
		want   string
		wantOK bool
	}{
		{"http://h/", "", false},
		{"http://h/#s=v1.abc-_", "v1.abc-_", true},
		{"http://h/sub/path/#s=v1.abc", "v1.abc", true},
		{"http://h/?s=v1.q", "v1.q", true},
		{"http://h/?s=v1.q#s=v1.f", "v1.f", true}, // the fragment wins
		{"http://h/#s=", "", true},                // an empty link still gets a message
		{"http://h/#other=1", "", false},
		{"http://h/#top", "", false},
		{"http://h/#s=v2.future", "v2.future", true},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.raw)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := codeFromURL(u)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("codeFromURL(%s) = %q, %v; want %q, %v", tt.raw, got, ok, tt.want, tt.wantOK)
		}
	}
	if _, ok := codeFromURL(nil); ok {
		t.Error("codeFromURL(nil) found a code")
	}
}

func TestLinkFor(t *testing.T) {
	tests := []struct{ page, code, want string }{
		{"http://127.0.0.1:8080/", "v1.abc", "http://127.0.0.1:8080/#s=v1.abc"},
		{"http://h/sub/path/#s=v1.old", "v1.new", "http://h/sub/path/#s=v1.new"},
		{"http://h/?s=v1.old&x=1", "v1.new", "http://h/?x=1#s=v1.new"},
		{"http://h/?s=v1.old", "v1.new", "http://h/#s=v1.new"},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.page)
		if got := linkFor(u, tt.code).String(); got != tt.want {
			t.Errorf("linkFor(%s, %s) = %s, want %s", tt.page, tt.code, got, tt.want)
		}
		if u.String() != tt.page {
			t.Errorf("linkFor changed its argument to %s", u)
		}
	}
}

// TestLinkRoundTrip puts each preset into a link and reads it back.
func TestLinkRoundTrip(t *testing.T) {
	page, _ := url.Parse("http://127.0.0.1:8080/planner/")
	for _, pr := range model.Presets() {
		code, err := model.EncodeURL(pr.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		link := linkFor(page, code).String()
		if !strings.Contains(link, "#s=v2.") {
			t.Errorf("%s: link %s does not show the version", pr.Name, link)
		}
		u, _ := url.Parse(link)
		got, ok := codeFromURL(u)
		if !ok || got != code {
			t.Fatalf("%s: read back %q, want %q", pr.Name, got, code)
		}
		sc, err := model.DecodeURL(got)
		if err != nil || scenarioKey(sc) != scenarioKey(pr.Scenario) {
			t.Errorf("%s: round trip changed the scenario (err %v)", pr.Name, err)
		}
	}
}

func TestLinkProblem(t *testing.T) {
	// The error is read with errors.As, wrapped or not, never by its text.
	big := fmt.Errorf("encode: %w", &model.URLTooLargeError{Size: "its code would be 70000 characters and a link carries at most 65536", Advice: "share it as a JSON file instead"})
	want := "This scenario is too large for a link: its code would be 70000 characters and a link carries at most 65536. Use Export scenario to share it as a file."
	if got := linkProblem(big); got != want {
		t.Errorf("linkProblem(too large) = %q, want %q", got, want)
	}
	if got := linkProblem(errors.New("NaN")); !strings.Contains(got, "cannot be put in a link") {
		t.Errorf("linkProblem(other) = %q", got)
	}
}

// TestTooLargeScenarioHasNoLink builds a scenario whose link passes the
// size cap: EncodeURL refuses it and the page says why.
func TestTooLargeScenarioHasNoLink(t *testing.T) {
	pr, _ := model.PresetByName(DefaultPreset)
	sc := pr.Scenario
	vs := make([]float64, model.MaxEmpiricalValues)
	for i := range vs {
		vs[i] = float64(i)*1.000123 + 1/float64(i+3) // incompressible
	}
	for i := range sc.Roles {
		sc.Roles[i].Warmup = model.EmpiricalDist(vs...)
		sc.Roles[i].OnStart = model.EmpiricalDist(vs...)
	}
	_, err := model.EncodeURL(sc)
	if !errors.Is(err, model.ErrURLTooLarge) {
		t.Fatalf("EncodeURL of a huge scenario: %v, want ErrURLTooLarge", err)
	}
}

// v1Code packs a scenario document the way model.EncodeURL writes a v1
// link: "v1." + base64url without padding of its raw DEFLATE stream. It
// lets tests build links that EncodeURL would refuse to write.
func v1Code(t testing.TB, doc string) string {
	t.Helper()
	var buf bytes.Buffer
	zw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write([]byte(doc))
	zw.Close()
	return "v1." + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// manyRolesDoc is a scenario document of n empty roles.
func manyRolesDoc(n int) string {
	return `{"roles":[` + strings.Repeat(`{},`, n-1) + `{}]}`
}

// failingStore is a browser store that refuses everything, as when
// getItem and setItem throw.
type failingStore struct{}

func (failingStore) Get(string) (string, bool) { return "", false }
func (failingStore) Set(string, string) bool   { return false }

// TestOpenLink: what each kind of link puts under edit and the notice it
// gives, which is worded for people: never the decoder's text.
func TestOpenLink(t *testing.T) {
	pr, _ := model.PresetByName(DefaultPreset)
	good, err := model.EncodeURL(pr.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	fleet, _ := model.PresetByName("fleet")
	kept, _ := model.Encode(fleet.Scenario)
	keptStore := memoryStore{StorageKey: string(kept)}
	broken := pr.Scenario
	broken.Roles = append([]model.Role(nil), broken.Roles...)
	broken.Roles[0].Instances = 0
	brokenCode, err := model.EncodeURL(broken)
	if err != nil {
		t.Fatal(err)
	}
	const damaged = "This link is damaged: it may have been cut short when it was copied."
	tests := []struct {
		name       string
		code       string
		store      keyValueStore
		wantNotice []string // in the notice, in order
		wantKey    string   // scenarioKey of what is put under edit
		wantPreset string
	}{
		{"good", good, memoryStore{}, nil, scenarioKey(pr.Scenario), ""},
		{"cut short, nothing kept", good[:len(good)/2], memoryStore{}, []string{damaged, "The page opened the " + DefaultPreset + " preset instead."}, scenarioKey(pr.Scenario), DefaultPreset},
		{"cut short, last scenario kept", good[:len(good)/2], keptStore, []string{damaged, "The page opened your last scenario instead."}, scenarioKey(fleet.Scenario), ""},
		{"cut short, storage throws", good[:len(good)/2], failingStore{}, []string{damaged, DefaultPreset + " preset"}, scenarioKey(pr.Scenario), DefaultPreset},
		{"garbled", "v1.garbage!!", keptStore, []string{damaged, "your last scenario"}, scenarioKey(fleet.Scenario), ""},
		{"no version", "garbage", memoryStore{}, []string{damaged}, scenarioKey(pr.Scenario), DefaultPreset},
		{"empty", "", memoryStore{}, []string{damaged}, scenarioKey(pr.Scenario), DefaultPreset},
		{"newer", "v9.AAAA", memoryStore{}, []string{"newer version of the planner", DefaultPreset + " preset"}, scenarioKey(pr.Scenario), DefaultPreset},
		{"kept scenario is not JSON", "v1.x", memoryStore{StorageKey: "{"}, []string{damaged, DefaultPreset + " preset"}, scenarioKey(pr.Scenario), DefaultPreset},
		{"too many roles", v1Code(t, manyRolesDoc(10000)), memoryStore{}, []string{"cannot be opened", "at most 16", DefaultPreset + " preset"}, scenarioKey(pr.Scenario), DefaultPreset},
		{"one role too many", v1Code(t, manyRolesDoc(model.MaxRoles+1)), memoryStore{}, []string{"at most 16"}, scenarioKey(pr.Scenario), DefaultPreset},
		{"no roles", v1Code(t, `{"roles":[]}`), memoryStore{}, []string{"list of roles is refused", DefaultPreset + " preset"}, scenarioKey(pr.Scenario), DefaultPreset},
		{"breaks a rule", brokenCode, memoryStore{}, []string{"breaks 1 rule", "marked fields"}, scenarioKey(broken), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			l := openLink(tt.code, tt.store)
			if d := time.Since(start); d > time.Second {
				t.Errorf("openLink took %v", d)
			}
			if got := scenarioKey(l.sc); got != tt.wantKey {
				t.Errorf("put under edit %s, want %s", shorten(got), shorten(tt.wantKey))
			}
			if l.preset != tt.wantPreset {
				t.Errorf("preset %q, want %q", l.preset, tt.wantPreset)
			}
			if len(l.sc.Roles) > model.MaxRoles {
				t.Errorf("put %d roles under edit", len(l.sc.Roles))
			}
			rest := l.notice
			for _, w := range tt.wantNotice {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("notice %q lacks %q (in order %q)", l.notice, w, tt.wantNotice)
				}
				rest = rest[i+len(w):]
			}
			if len(tt.wantNotice) == 0 && l.notice != "" {
				t.Errorf("notice %q, want none", l.notice)
			}
			_, err := model.DecodeURL(tt.code)
			if err != nil && !errors.As(err, new(model.Problems)) && strings.Contains(l.notice, err.Error()) {
				t.Errorf("notice %q shows the decoder's text", l.notice)
			}
			for _, leak := range []string{"byte", "offset", "base64", "compressed", "flate"} {
				if strings.Contains(strings.ToLower(l.notice), leak) {
					t.Errorf("notice %q speaks of %q", l.notice, leak)
				}
			}
		})
	}
}

func shorten(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// TestLinkFailureBySentinel: the notice follows the decoder's sentinel
// error (errors.Is), whatever its text.
func TestLinkFailureBySentinel(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("v3 link: %w", model.ErrURLNewer), "newer version"},
		{fmt.Errorf("%w: at byte 7", model.ErrURLDamaged), "is damaged: it may have been cut short when it was copied."},
		{fmt.Errorf("%w: huge", model.ErrURLTooLarge), "larger than a link may carry"},
		{fmt.Errorf("%w: no v", model.ErrURLVersion), "is damaged"},
		{model.ErrURLEmpty, "is damaged"},
		{errors.New("something new"), "is damaged"},
		{model.Problems{{Path: "version", Rule: "must be 1"}}, "newer version"},
		{model.Problems{{Path: "roles", Rule: "must hold at most 16 roles"}}, "at most 16)"},
	}
	for _, tt := range tests {
		got := linkFailure("This link", tt.err, model.Scenario{})
		if !strings.Contains(got, tt.want) || strings.Contains(got, "byte") {
			t.Errorf("linkFailure(%v) = %q, want it to say %q", tt.err, got, tt.want)
		}
	}
}
