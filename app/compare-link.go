package app

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"rolloutplanner/model"
)

// PinnedParam is the name of the pinned scenario A's code in the URL's
// fragment, beside the live scenario's ("#s=v1.…&a=v1.…"), or in its
// query for links made by hand.
const PinnedParam = "a"

// pinnedCodeFromURL returns the code of scenario A a link carries, from
// its fragment or else its query, and whether it carries one at all (an
// empty "a=" counts, so that it gets a message).
func pinnedCodeFromURL(u *url.URL) (string, bool) {
	if u == nil {
		return "", false
	}
	if u.Fragment != "" {
		if vs, err := url.ParseQuery(u.Fragment); err == nil {
			if c, ok := vs[PinnedParam]; ok && len(c) > 0 {
				return c[0], true
			}
		}
	}
	if c, ok := u.Query()[PinnedParam]; ok && len(c) > 0 {
		return c[0], true
	}
	return "", false
}

// abLink returns page with the live scenario's code and, when codeA is
// not empty, the pinned scenario's in its fragment ("#s=…&a=…"), and
// neither in its query.
func abLink(page *url.URL, code, codeA string) *url.URL {
	u := linkFor(page, code)
	if q := u.Query(); q.Has(PinnedParam) {
		q.Del(PinnedParam)
		u.RawQuery = q.Encode()
	}
	if codeA != "" {
		u.Fragment += "&" + PinnedParam + "=" + codeA
	}
	return u
}

// decodePinned reads scenario A from its link code. A scenario that
// cannot be read, that is beyond the model's limits, or that breaks a rule
// (it could not run), is refused with a message for people that says the
// comparison was dropped.
func decodePinned(code string) (model.Scenario, error) {
	sc, err := model.DecodeURL(code)
	var ps model.Problems
	switch {
	case err == nil:
		return sc, nil
	case errors.As(err, &ps) && editable(sc, ps):
		return model.Scenario{}, fmt.Errorf("the pinned scenario A in this link breaks %d rule%s (first: %s), so it cannot run; the comparison was dropped and B is shown alone",
			len(ps), plural(len(ps)), ps[0].String())
	}
	return model.Scenario{}, errors.New(strings.TrimSuffix(linkFailure("the pinned scenario A in this link", err, sc), ".") +
		"; the comparison was dropped and B is shown alone")
}
