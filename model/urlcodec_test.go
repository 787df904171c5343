package model_test

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"strings"
	"testing"

	"rolloutplanner/model"
)

// pack builds a v1 code around any document, followed by extra bytes
// after the compressed stream, for codes that EncodeURL would never write.
func pack(t testing.TB, doc []byte, extra ...byte) string {
	t.Helper()
	var b bytes.Buffer
	zw, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(doc)
	zw.Close()
	b.Write(extra)
	return "v1." + base64.RawURLEncoding.EncodeToString(b.Bytes())
}

func presetCode(t testing.TB, name string) string {
	t.Helper()
	p, ok := model.PresetByName(name)
	if !ok {
		t.Fatalf("no preset %q", name)
	}
	code, err := model.EncodeURL(p.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func TestURLRoundTrip(t *testing.T) {
	scenarios := []model.Scenario{model.Default()}
	for _, p := range model.Presets() {
		scenarios = append(scenarios, p.Scenario)
	}
	big := model.Default()
	big.Name = strings.Repeat("ü", model.MaxNameLen)
	big.Seed = 1<<64 - 1
	big.Roles = manyRoles(model.MaxRoles)
	for i := range big.Roles {
		vals := make([]float64, 300)
		for j := range vals {
			vals[j] = float64(j*7919%1000) / 7
		}
		big.Roles[i].Warmup = model.EmpiricalDist(vals...)
	}
	scenarios = append(scenarios, big)
	for _, s := range scenarios {
		t.Run(s.Name, func(t *testing.T) {
			code, err := model.EncodeURL(s)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(code, "v2.") || strings.Trim(code[3:], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
				t.Fatalf("code %q is not v2. and base64url", code)
			}
			got, err := model.DecodeURL(code)
			if err != nil {
				t.Fatal(err)
			}
			if !equalScenario(got, s) {
				t.Fatalf("round trip changed the scenario\n got %+v\nwant %+v", got, s)
			}
			again, err := model.EncodeURL(got)
			if err != nil || again != code {
				t.Fatalf("re-encoding gave a different code (%v)", err)
			}
			// Surrounding whitespace and line breaks inside are ignored.
			wrapped := " \n" + code[:len(code)/2] + "\r\n" + code[len(code)/2:] + "\t\n"
			if got, err := model.DecodeURL(wrapped); err != nil || !equalScenario(got, s) {
				t.Fatalf("wrapped code: %v", err)
			}
		})
	}
}

// TestURLInvalidScenario checks that an invalid scenario can be shared:
// the link decodes to it, with its problems.
func TestURLInvalidScenario(t *testing.T) {
	s := model.Default()
	s.UpgradeDomains = 0
	s.Roles[0].Warmup = model.LogNormalDist(10, 5)
	code, err := model.EncodeURL(s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := model.DecodeURL(code)
	ps := problemsOf(t, err)
	if want := []string{"upgrade_domains", "roles[0].warmup.p95"}; fmt.Sprint(paths(ps)) != fmt.Sprint(want) {
		t.Errorf("problems %v, want paths %v", ps, want)
	}
	if !equalScenario(got, s) {
		t.Errorf("the invalid scenario did not come back as it was")
	}
}

func TestURLErrors(t *testing.T) {
	good := presetCode(t, "seed-example")
	bomb := pack(t, append([]byte(`{"name": "`), bytes.Repeat([]byte("a"), 2*model.MaxURLScenarioBytes)...))
	v1 := pack(t, []byte(`{"name": "x"}`))
	cases := []struct {
		name string
		code string
		want error
		text string // a part of the message, or for a damaged link of its Detail
	}{
		{"empty", "", model.ErrURLEmpty, "paste the code"},
		{"whitespace", " \n\t ", model.ErrURLEmpty, "paste the code"},
		{"no prefix", good[3:], model.ErrURLVersion, `starts with "v2."`},
		{"whole URL", "https://example.com/#" + good, model.ErrURLVersion, "copy the code again"},
		{"no dot", "v2" + good[3:], model.ErrURLVersion, "copy the code again"},
		{"no digits", "v." + good[3:], model.ErrURLVersion, "copy the code again"},
		{"letters as version", "vx." + good[3:], model.ErrURLVersion, "copy the code again"},
		{"version 0", "v0." + good[3:], model.ErrURLVersion, "copy the code again"},
		{"leading zero", "v02." + good[3:], model.ErrURLVersion, "copy the code again"},
		{"upper case", "V2." + good[3:], model.ErrURLVersion, "copy the code again"},
		{"future version", "v3." + good[3:], model.ErrURLNewer, "this link was made by a newer planner (v3); this planner reads links up to v2"},
		{"far future version", "v12345678901234567890.abc", model.ErrURLNewer, "(v12345678901234567890)"},
		{"prefix only", "v2.", model.ErrURLDamaged, "too short to hold its check"},
		{"v1 prefix only", "v1.", model.ErrURLDamaged, "ends early"},
		{"bad character", good[:10] + "!" + good[11:], model.ErrURLDamaged, `character 11 ('!') cannot appear`},
		{"non-ASCII character", good[:10] + "é" + good[12:], model.ErrURLDamaged, `character 11 ('é') cannot appear`},
		{"padding", good + "=", model.ErrURLDamaged, "cannot appear"},
		{"space inside", good[:10] + " " + good[10:], model.ErrURLDamaged, "cannot appear"},
		{"cut mid-character", good[:len(good)-1], model.ErrURLDamaged, "cut short or garbled"},
		{"cut short", good[:len(good)/2], model.ErrURLDamaged, ""},
		{"check fails", good[:20] + string(good[20]^1) + good[21:], model.ErrURLDamaged, "fails its check"},
		{"v2 payload read as v1", "v1." + good[3:], model.ErrURLDamaged, "4 bytes follow the compressed scenario"},
		{"v1 payload read as v2", "v2." + v1[3:], model.ErrURLDamaged, "fails its check"},
		{"garbled deflate", "v1." + base64.RawURLEncoding.EncodeToString([]byte{0x07, 0x00, 0xff, 0xff}), model.ErrURLDamaged, "garbled"},
		{"garbled deflate with a good check", v2code([]byte{0x07, 0x00, 0xff, 0xff}), model.ErrURLDamaged, "garbled"},
		{"data after the stream", pack(t, []byte("{}"), 0, 0, 0), model.ErrURLDamaged, "3 bytes follow the compressed scenario"},
		{"zip bomb", bomb, model.ErrURLTooLarge, fmt.Sprint(model.MaxURLScenarioBytes)},
		{"code too long", "v2." + strings.Repeat("A", model.MaxURLCodeLen), model.ErrURLTooLarge, fmt.Sprintf("at most %d", model.MaxURLCodeLen)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := model.DecodeURL(tc.code)
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			text := err.Error()
			if tc.want == model.ErrURLDamaged {
				// The same words for every damage, for people; the
				// detail only in Detail.
				var de *model.URLDamagedError
				if !errors.As(err, &de) {
					t.Fatalf("error %T is not a *URLDamagedError", err)
				}
				if want := "this link is damaged: it may have been cut short when it was copied; copy the whole link again"; text != want {
					t.Errorf("error %q, want %q", text, want)
				}
				text = de.Detail
			}
			if !strings.Contains(text, tc.text) {
				t.Errorf("error %q does not say %q", text, tc.text)
			}
			if !equalScenario(s, model.Default()) {
				t.Errorf("a failed DecodeURL returned %+v, not Default()", s)
			}
		})
	}
	if len(bomb) > 10000 {
		t.Errorf("the zip bomb is %d characters: it tests the code limit, not the unpacked limit", len(bomb))
	}
}

// v2code builds a v2 code around any bytes, with their correct check.
func v2code(packed []byte) string {
	sum := crc32.ChecksumIEEE(packed)
	return "v2." + base64.RawURLEncoding.EncodeToString(binary.BigEndian.AppendUint32(append([]byte(nil), packed...), sum))
}

// TestURLV1StillRead checks that links written before v2 still open.
func TestURLV1StillRead(t *testing.T) {
	for _, p := range model.Presets() {
		doc, err := json.Marshal(p.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		got, err := model.DecodeURL(pack(t, doc))
		if err != nil || !equalScenario(got, p.Scenario) {
			t.Errorf("%s: the v1 link does not open as the preset: %v", p.Name, err)
		}
	}
	// A v1 code as another DEFLATE encoder (zlib, raw, level 9) writes it.
	const old = "v1.q1bKS8xNVbJSys9JUcjJzMtW0lEqKcpMzClWsjIxMDCoBQA"
	if s, err := model.DecodeURL(old); err != nil || s.Name != "old link" || s.Trials != 4000 || s.SLATargetPct != 99.95 {
		t.Errorf("%s: %+v, %v", old, s, err)
	}
}

// TestURLEveryCorruptionReported changes every character of a fleet link
// to several others, one at a time: each must be reported (as damaged, or
// in the prefix as a bad or newer version), never read as some scenario.
// In format v1, about 1.6 % of them opened a different valid scenario.
func TestURLEveryCorruptionReported(t *testing.T) {
	code := presetCode(t, "fleet")
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	tried := 0
	for i := range len(code) {
		subs := []byte{'A', 'z', '0', '_', '.', alphabet[(strings.IndexByte(alphabet, code[i])+1)%len(alphabet)], code[i] ^ 1, code[i] ^ 0x20}
		for _, c := range subs {
			if c == code[i] {
				continue
			}
			bad := code[:i] + string(c) + code[i+1:]
			tried++
			_, err := model.DecodeURL(bad)
			switch {
			case err == nil:
				t.Fatalf("%q at character %d: the damaged link opened a scenario", c, i+1)
			case i >= len("v2.") && !errors.Is(err, model.ErrURLDamaged):
				t.Fatalf("%q at character %d: %v, want ErrURLDamaged", c, i+1, err)
			case !errors.Is(err, model.ErrURLDamaged) && !errors.Is(err, model.ErrURLVersion) && !errors.Is(err, model.ErrURLNewer):
				t.Fatalf("%q at character %d: %v", c, i+1, err)
			}
		}
	}
	t.Logf("%d corruptions of a %d-character link, all reported", tried, len(code))
}

// TestURLTruncated cuts a code at every length: each must fail as damaged
// (never decode to some other scenario, never panic).
func TestURLTruncated(t *testing.T) {
	for _, name := range []string{"seed-example", "fleet"} {
		code := presetCode(t, name)
		for n := len("v2."); n < len(code); n++ {
			if _, err := model.DecodeURL(code[:n]); !errors.Is(err, model.ErrURLDamaged) {
				t.Fatalf("%s cut to %d of %d characters: %v", name, n, len(code), err)
			}
		}
	}
}

// TestURLNotAScenario checks codes that unpack fine but do not hold a
// scenario: they fail as Decode fails.
func TestURLNotAScenario(t *testing.T) {
	for _, doc := range []string{"", "not json", `{"nope": 1}`, `[]`, `{} {}`} {
		_, err := model.DecodeURL(pack(t, []byte(doc)))
		if ps := problemsOf(t, err); len(ps) == 0 {
			t.Errorf("%q: no problem", doc)
		}
	}
}

func TestEncodeURLErrors(t *testing.T) {
	nan := model.Default()
	nan.Roles[0].OverloadAt = math.NaN()
	if _, err := model.EncodeURL(nan); err == nil {
		t.Error("EncodeURL wrote NaN")
	}

	// 16 roles of 6 dists × 10,000 observations: about 10 MB of JSON.
	huge := model.Default()
	huge.Roles = manyRoles(model.MaxRoles)
	vals := make([]float64, model.MaxEmpiricalValues)
	for i := range vals {
		vals[i] = 12.345678 + float64(i)
	}
	for i := range huge.Roles {
		d := model.EmpiricalDist(vals...)
		r := &huge.Roles[i]
		r.OnStop, r.StartupTasks, r.OnStart, r.Warmup, r.Repair = d, d, d, d, d
	}
	if _, err := model.EncodeURL(huge); !errors.Is(err, model.ErrURLTooLarge) {
		t.Errorf("a 10 MB scenario: %v, want ErrURLTooLarge", err)
	}

	// Under the JSON limit, but random numbers that do not compress into
	// MaxURLCodeLen.
	wide := model.Default()
	wide.Roles = manyRoles(4)
	x := uint64(88172645463325252)
	for i := range wide.Roles {
		vals := make([]float64, model.MaxEmpiricalValues)
		for j := range vals {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			vals[j] = float64(x>>11) / (1 << 53) * 1000
		}
		wide.Roles[i].Warmup = model.EmpiricalDist(vals...)
	}
	_, err := model.EncodeURL(wide)
	if !errors.Is(err, model.ErrURLTooLarge) || !strings.Contains(err.Error(), "code would be") {
		t.Errorf("a scenario of 40,000 random observations: %v, want ErrURLTooLarge for the code", err)
	}
}

// FuzzDecodeURL checks that DecodeURL never panics on any string and that
// every scenario it reads comes back exactly through EncodeURL.
// fuzz: 100000x
func FuzzDecodeURL(f *testing.F) {
	for _, p := range model.Presets() {
		code, err := model.EncodeURL(p.Scenario)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(code)
		f.Add(code[:len(code)/2])
		f.Add("v3." + code[3:])
		f.Add("v1." + code[3:])
	}
	for _, doc := range []string{"{}", `{"roles": [{"name": "a"}, {"name": "b", "warmup": 3}]}`, `{"upgrade_domains": 0}`, "[]", "nope"} {
		f.Add(pack(f, []byte(doc)))
	}
	for _, s := range []string{"", "v1.", "v1", "v0.", "v1.AAAA", "v1.B_8", "v1.!!", " v1.\n", "v2.", "v2.AAAAAA", "v99999999999999999999999.x", `{"roles":[{"name":"a"}]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		// Read as a scenario document, what Decode accepts comes back
		// exactly through a link.
		if s, err := model.Decode([]byte(code)); err == nil {
			link, err := model.EncodeURL(s)
			if err != nil && !errors.Is(err, model.ErrURLTooLarge) {
				t.Fatalf("EncodeURL of a valid scenario: %v", err)
			}
			if err == nil {
				if back, err := model.DecodeURL(link); err != nil || !equalScenario(back, s) {
					t.Fatalf("DecodeURL(EncodeURL(s)) = %v, changed: %v", err, !equalScenario(back, s))
				}
			}
		}
		s, err := model.DecodeURL(code)
		if err != nil {
			var de *model.URLDamagedError
			if errors.As(err, &de) && (de.Detail == "" || err.Error() != model.ErrURLDamaged.Error()+"; copy the whole link again") {
				t.Fatalf("damaged-link error %q with detail %q", err, de.Detail)
			}
			return
		}
		again, err := model.EncodeURL(s)
		if errors.Is(err, model.ErrURLTooLarge) {
			return // the code may have packed its JSON more tightly
		}
		if err != nil {
			t.Fatalf("EncodeURL of a decoded scenario: %v", err)
		}
		s2, err := model.DecodeURL(again)
		if err != nil {
			t.Fatalf("DecodeURL(EncodeURL(s)): %v", err)
		}
		if !equalScenario(s, s2) {
			t.Fatalf("round trip changed the scenario\n got %+v\nwant %+v", s2, s)
		}
		if third, err := model.EncodeURL(s2); err != nil || third != again {
			t.Fatalf("EncodeURL is not stable: %v", err)
		}
	})
}
