//go:build !js

package app

import (
	"net/url"
	"strings"
	"testing"

	"rolloutplanner/model"
)

// FuzzABLink fuzzes the A/B link reader. A link abLink makes, on any page
// address, reads back through pinnedCodeFromURL to the same code for A
// (and codeFromURL to B's), and a valid scenario A decodes back to itself
// (its code re-encodes to the same code). Any text as A's code, and any
// address, is read without a panic: decodePinned returns a valid scenario
// or a message for people that says the comparison was dropped.
//
// fuzz: 8000x
func FuzzABLink(f *testing.F) {
	f.Add("http://h/", "web tier", uint64(7), 4, "v1.abc")
	f.Add("http://h/sub/?a=v1.q&x=1#s=v1.old&a=v1.oldA", "", uint64(0), 2, "")
	f.Add("https://h/p?x=%zz#%41", "\u202e<b>&", uint64(1<<63), 0, "v1."+strings.Repeat("A", 40))
	f.Add("mailto:x", "a", uint64(1), 1, "v9.zzz")
	f.Fuzz(func(t *testing.T, page, name string, seed uint64, instances int, garbage string) {
		// Any address and any code: no panic, and an honest answer.
		if u, err := url.Parse(page); err == nil {
			pinnedCodeFromURL(u)
		}
		if sc, err := decodePinned(garbage); err == nil {
			if ps := sc.Validate(); len(ps) > 0 {
				t.Fatalf("decodePinned(%q) accepted an invalid scenario: %v", garbage, ps)
			}
		} else if msg := err.Error(); !strings.Contains(msg, "pinned scenario A") || !strings.Contains(msg, "the comparison was dropped") {
			t.Fatalf("decodePinned(%q): message %q", garbage, msg)
		}

		// Round trip through a link abLink makes.
		u, err := url.Parse(page)
		if err != nil || u.Opaque != "" {
			u, _ = url.Parse("http://h/")
		}
		a := model.Default()
		a.Name, a.Seed = name, seed
		if instances != 0 { // a link leaves out a zero, which reads back as the default
			a.Roles[0].Instances = instances
		}
		codeA, err := model.EncodeURL(a)
		if err != nil {
			return
		}
		code, err := model.EncodeURL(model.Default())
		if err != nil {
			t.Fatal(err)
		}
		link := abLink(u, code, codeA).String()
		back, err := url.Parse(link)
		if err != nil {
			t.Fatalf("abLink wrote %q, which does not parse: %v", link, err)
		}
		if got, ok := pinnedCodeFromURL(back); !ok || got != codeA {
			t.Fatalf("%q: pinned code %q, %v; want %q", link, got, ok, codeA)
		}
		if got, ok := codeFromURL(back); !ok || got != code {
			t.Fatalf("%q: code %q, %v; want %q", link, got, ok, code)
		}
		sc, err := decodePinned(codeA)
		if err == nil {
			if ps := sc.Validate(); len(ps) > 0 {
				t.Fatalf("scenario A read back breaks %v but was read without a message", ps)
			}
		}
		if len(a.Validate()) > 0 {
			return // refused, or made valid by the link (invalid UTF-8 becomes U+FFFD)
		}
		if err != nil {
			t.Fatalf("valid scenario A not read back: %v", err)
		}
		if again, err := model.EncodeURL(sc); err != nil || again != codeA {
			t.Fatalf("scenario A read back as a different scenario: %q, %v; want %q", again, err, codeA)
		}
	})
}
