package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Names are untrusted text that may carry bidi controls: a role called
// "\u202egnp.exe" would otherwise turn the rest of its line around. Names
// shown as elements go in <bdi> (nameUI); names inside plain text (a
// notice, an <option>, a button's label) go between the isolate controls
// FSI and PDI (isolated). Either way their embeddings and isolates are
// first balanced (balanceBidi), so that a name cannot close its own
// isolate with a stray PDI.

// Bidi control characters (Unicode UAX #9).
const (
	lre, rle, pdf, lro, rlo = '\u202a', '\u202b', '\u202c', '\u202d', '\u202e'
	lri, rli, fsi, pdi      = '\u2066', '\u2067', '\u2068', '\u2069'
)

// hasBidiControl reports whether s holds an explicit bidi control or a
// directional mark.
func hasBidiControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r >= lre && r <= rlo || r >= lri && r <= pdi || r == '\u200e' || r == '\u200f' || r == '\u061c'
	})
}

// balanceBidi returns s with every embedding and override (LRE, RLE, LRO,
// RLO) closed by a PDF and every isolate (LRI, RLI, FSI) closed by a PDI,
// at its end when s leaves them open, and without the PDFs and PDIs that
// close nothing: the bidi state after s is the state before it.
func balanceBidi(s string) string {
	if !hasBidiControl(s) {
		return s
	}
	var b strings.Builder
	var open []rune // the closer each open opener needs, innermost last
	for _, r := range s {
		switch r {
		case lre, rle, lro, rlo:
			open = append(open, pdf)
		case lri, rli, fsi:
			open = append(open, pdi)
		case pdf:
			// Closes the innermost embedding, unless an isolate is
			// open inside it.
			if len(open) == 0 || open[len(open)-1] != pdf {
				continue
			}
			open = open[:len(open)-1]
		case pdi:
			// Closes the innermost isolate and every embedding inside it.
			i := strings.LastIndex(string(open), string(pdi))
			if i < 0 {
				continue
			}
			open = []rune(string(open)[:i])
		}
		b.WriteRune(r)
	}
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteRune(open[i])
	}
	return b.String()
}

// isolated returns a name for plain text: unchanged when it holds no bidi
// control, else balanced and between FSI and PDI.
func isolated(name string) string {
	if !hasBidiControl(name) {
		return name
	}
	return string(fsi) + balanceBidi(name) + string(pdi)
}

// nameUI shows a name as text in <bdi>, balanced.
func nameUI(name string) app.UI {
	return app.Bdi().Text(balanceBidi(name))
}

// textWithNames shows text that quotes names (a finding's evidence), each
// occurrence of a name in <bdi>; the rest is balanced plain text.
func textWithNames(text string, names []string) []app.UI {
	var out []app.UI
	for text != "" {
		at, name := -1, ""
		for _, n := range names {
			if n == "" {
				continue
			}
			if i := strings.Index(text, n); i >= 0 && (at < 0 || i < at || i == at && len(n) > len(name)) {
				at, name = i, n
			}
		}
		if at < 0 {
			out = append(out, app.Text(balanceBidi(text)))
			break
		}
		if at > 0 {
			out = append(out, app.Text(balanceBidi(text[:at])))
		}
		out = append(out, nameUI(name))
		text = text[at+len(name):]
	}
	return out
}
