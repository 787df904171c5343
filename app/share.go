package app

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// URLThrottle is the least time between two rewrites of the page's URL.
const URLThrottle = 300 * time.Millisecond

// LinkParam is the name of the scenario's code in the URL's fragment
// ("#s=v1.…") or, for links made by hand, its query ("?s=v1.…").
const LinkParam = "s"

// StorageKey is where the page keeps the last valid scenario (its JSON)
// in localStorage, the fallback for a link that cannot be read.
const StorageKey = "rollout-planner.last-good"

// shareState is the scenario's link and when the URL was last written.
type shareState struct {
	code    string    // the scenario's link code ("v1.…"), "" when it has none
	link    string    // the full link, "" before the page is live or when too large
	problem string    // why there is no link, for people
	wrote   time.Time // last ReplaceURL
	pending bool      // a ReplaceURL is scheduled
}

// codeFromURL returns the scenario code a link carries, from its
// fragment ("#s=v1.…") or else its query, and whether it carries one at
// all (an empty "#s=" counts, so that it gets a message).
func codeFromURL(u *url.URL) (string, bool) {
	if u == nil {
		return "", false
	}
	if u.Fragment != "" {
		if vs, err := url.ParseQuery(u.Fragment); err == nil {
			if c, ok := vs[LinkParam]; ok && len(c) > 0 {
				return c[0], true
			}
		}
	}
	if c, ok := u.Query()[LinkParam]; ok && len(c) > 0 {
		return c[0], true
	}
	return "", false
}

// linkFor returns page with the scenario code in its fragment and without
// a code in its query.
func linkFor(page *url.URL, code string) *url.URL {
	u := *page
	if q := u.Query(); q.Has(LinkParam) {
		q.Del(LinkParam)
		u.RawQuery = q.Encode()
	}
	u.Fragment = LinkParam + "=" + code
	u.RawFragment = ""
	return &u
}

// linkProblem turns an EncodeURL error into a message for people.
func linkProblem(err error) string {
	if errors.Is(err, model.ErrURLTooLarge) {
		detail := strings.TrimPrefix(err.Error(), model.ErrURLTooLarge.Error()+": ")
		detail, _, _ = strings.Cut(detail, ";")
		return "This scenario is too large for a link: " + detail + ". Use Export scenario to share it as a file."
	}
	return "This scenario cannot be put in a link: " + err.Error()
}

// updateLink recomputes the scenario's link and, in the browser, writes
// it into the address bar at most every URLThrottle.
func (p *Planner) updateLink(ctx app.Context) {
	code, err := model.EncodeURL(p.sess.sc)
	if err != nil {
		if p.share.problem == "" {
			p.notice = linkProblem(err) // said once; the share bar keeps saying it
		}
		p.share.code, p.share.link, p.share.problem = "", "", linkProblem(err)
		if p.live {
			// The address bar must not keep an older scenario's link.
			u := linkFor(ctx.Page().URL(), "")
			u.Fragment = ""
			ctx.Page().ReplaceURL(u)
		}
		return
	}
	p.share.code, p.share.problem = code, ""
	if !p.live {
		return
	}
	p.share.link = abLink(ctx.Page().URL(), code, p.ab.code()).String()
	if p.share.pending {
		return
	}
	wait := URLThrottle - time.Since(p.share.wrote)
	if wait <= 0 {
		p.writeURL(ctx)
		return
	}
	p.share.pending = true
	ctx.After(wait, func(ctx app.Context) {
		p.share.pending = false
		p.writeURL(ctx)
	})
}

// writeURL puts the current code into the address bar and keeps a valid
// scenario in localStorage.
func (p *Planner) writeURL(ctx app.Context) {
	p.share.wrote = time.Now()
	if p.share.code == "" {
		return
	}
	u := abLink(ctx.Page().URL(), p.share.code, p.ab.code())
	p.share.link = u.String()
	ctx.Page().ReplaceURL(u)
	if p.sess.valid() {
		if doc, err := model.Encode(p.sess.sc); err == nil {
			ctx.LocalStorage().Set(StorageKey, string(doc))
		}
	}
}

// loadFromURL puts the scenario of the page's link under edit. A link
// that cannot be read leaves a message and falls back to the last valid
// scenario of this browser, else the default preset; a link whose
// scenario breaks rules loads it with its problems marked.
func (p *Planner) loadFromURL(ctx app.Context, u *url.URL) {
	code, ok := codeFromURL(u)
	if !ok {
		p.changed(ctx, 0)
		return
	}
	sc, err := model.DecodeURL(code)
	var ps model.Problems
	switch {
	case err == nil:
		p.load(ctx, sc, nil, "")
	case errors.As(err, &ps) && !onlyJSONProblems(ps) && len(ps.For("version")) == 0:
		p.load(ctx, sc, ps, "")
		p.notice = fmt.Sprintf("The scenario in this link breaks %d rule%s; the marked fields say what to change. The run waits until they are fixed.",
			len(ps), plural(len(ps)))
	default:
		name := p.fallback(ctx)
		p.notice = "This link could not be opened: " + err.Error() + ". Showing " + name + " instead."
	}
}

// fallback loads the last valid scenario kept in this browser, else the
// default preset, and says which.
func (p *Planner) fallback(ctx app.Context) string {
	var doc string
	ctx.LocalStorage().Get(StorageKey, &doc)
	if doc != "" {
		if sc, err := model.Decode([]byte(doc)); err == nil {
			p.load(ctx, sc, nil, "")
			return "your last scenario"
		}
	}
	pr, _ := model.PresetByName(DefaultPreset)
	p.load(ctx, pr.Scenario, nil, pr.Name)
	return "the " + pr.Name + " preset"
}

// load replaces the scenario under edit and runs it at once.
func (p *Planner) load(ctx app.Context, sc model.Scenario, problems model.Problems, preset string) {
	p.sess.replace(sc, problems)
	p.preset = preset
	p.changed(ctx, 0)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
