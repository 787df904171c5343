package app

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// URLThrottle is the least time between two rewrites of the page's URL.
const URLThrottle = 300 * time.Millisecond

// URLDelay is the least time between a change and the rewrite of the
// page's URL (and the scenario kept in the browser's storage) for it.
const URLDelay = 50 * time.Millisecond

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
	if tl, ok := errors.AsType[*model.URLTooLargeError](err); ok {
		return "This scenario is too large for a link: " + tl.Size + ". Use Export scenario to share it as a file."
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
	// Never in the change's own step: the address bar and the browser's
	// storage are slow calls, and the change's run and render come first.
	wait := max(URLThrottle-time.Since(p.share.wrote), URLDelay)
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
		if doc, err := model.Encode(p.sess.sc); err == nil && !p.storage().Set(StorageKey, string(doc)) && p.storeNote == "" {
			p.store, p.storeNote = memoryStore{StorageKey: string(doc)}, storageNote
		}
	}
}

// loadFromURL puts the scenario of the page's link under edit. A link
// that cannot be read, or whose scenario is beyond the model's limits,
// leaves a message and falls back to the last valid scenario of this
// browser, else the default preset, without building anything from the
// link; a link whose scenario breaks rules loads it with its problems
// marked.
func (p *Planner) loadFromURL(ctx app.Context, u *url.URL) {
	code, ok := codeFromURL(u)
	if !ok {
		if sc, preset, ok := lastScenario(p.storage()); ok {
			p.load(ctx, sc, nil, preset)
			p.reopened = preset == "" // a preset as it was needs no note
			return
		}
		p.changed(ctx, 0)
		return
	}
	l := openLink(code, p.storage())
	if len(l.problems) > 0 {
		// A link whose scenario breaks rules is reviewed as a file is:
		// its problems listed with their paths, to load what is valid of
		// it or keep the scenario the page would open without it.
		fb := fallback(p.storage())
		p.load(ctx, fb.sc, nil, fb.preset)
		p.pendingImport = &pendingImport{name: "This link", link: true, sc: l.sc, problems: l.problems}
		p.notice = ""
		return
	}
	p.load(ctx, l.sc, l.problems, l.preset)
	p.notice = l.notice
}

// linkLoad is what opening a link puts under edit, and what to say.
type linkLoad struct {
	sc       model.Scenario
	problems model.Problems // decode problems to mark on the fields
	preset   string         // the preset loaded, "" for a link's or a kept scenario
	notice   string         // for people, "" when the link opened cleanly
}

// openLink decides what the page shows for a link's code. A code that
// decodes loads its scenario; one whose scenario breaks rules loads with
// them marked, unless the scenario is beyond the model's limits (more
// roles than model.MaxRoles), which the page never builds a form for; any
// other code gives the last valid scenario kept in store, else the
// default preset, with a notice that says why in words for people.
func openLink(code string, store keyValueStore) linkLoad {
	sc, err := model.DecodeURL(code)
	if err == nil {
		return linkLoad{sc: sc}
	}
	var ps model.Problems
	if errors.As(err, &ps) && editable(sc, ps) {
		return linkLoad{sc: sc, problems: ps, notice: fmt.Sprintf(
			"The scenario in this link breaks %d rule%s; the marked fields say what to change. The run waits until they are fixed.",
			len(ps), plural(len(ps)))}
	}
	l := fallback(store)
	l.notice = linkFailure("This link", err, sc) + " " + upperFirst(l.notice)
	return l
}

// editable reports whether a scenario that decoded with problems can go
// under edit: the problems are about fields, not about the document or
// its version, and the scenario is within the model's limits, so that its
// form stays small.
func editable(sc model.Scenario, ps model.Problems) bool {
	if onlyJSONProblems(ps) || len(ps.For("version")) > 0 || len(sc.Roles) > model.MaxRoles {
		return false
	}
	for _, p := range ps {
		if p.Path == "roles" {
			// The role list as a whole is refused (too long, empty, not a
			// list): what the decoder returned in its place is not the link's.
			return false
		}
	}
	return true
}

// linkFailure says, for people, why the scenario of a link (named by
// subject: "This link") was not opened: never the decoder's text, which
// speaks of bytes and offsets. err wraps one of model's ErrURL…
// sentinels or is a model.Problems, sc is what the decoder returned.
func linkFailure(subject string, err error, sc model.Scenario) string {
	var ps model.Problems
	switch {
	case errors.Is(err, model.ErrURLNewer):
		return subject + " was made by a newer version of the planner: open it there, or ask for the scenario as a file."
	case errors.Is(err, model.ErrURLTooLarge):
		return subject + " holds a scenario larger than a link may carry: ask for the scenario as a file."
	case errors.As(err, &ps) && len(ps.For("version")) > 0:
		return subject + " holds a scenario from a newer version of the planner: open it there, or ask for the scenario as a file."
	case errors.As(err, &ps) && !onlyJSONProblems(ps):
		if n := len(sc.Roles); n > model.MaxRoles {
			return fmt.Sprintf("%s holds a scenario that cannot be opened: it has %s roles, and a scenario has at most %d.", subject, Count(n), model.MaxRoles)
		}
		return fmt.Sprintf("%s holds a scenario that cannot be opened: its list of roles is refused (a scenario has at least 1 role and at most %d).", subject, model.MaxRoles)
	}
	return subject + " is damaged: it may have been cut short when it was copied."
}

// fallback returns the last valid scenario kept in store, else the
// default preset, with a notice that says which it opened.
func fallback(store keyValueStore) linkLoad {
	if doc, ok := store.Get(StorageKey); ok && doc != "" && len(doc) <= model.MaxScenarioBytes {
		if sc, err := model.Decode([]byte(doc)); err == nil {
			return linkLoad{sc: sc, notice: "the page opened your last scenario instead."}
		}
	}
	pr, _ := model.PresetByName(DefaultPreset)
	return linkLoad{sc: pr.Scenario, preset: pr.Name, notice: "the page opened the " + pr.Name + " preset instead."}
}

// lastScenario returns the last valid scenario kept in store, and the
// name of the preset it is unchanged, if any; ok is false when the store
// keeps none that decodes.
func lastScenario(store keyValueStore) (sc model.Scenario, preset string, ok bool) {
	doc, ok := store.Get(StorageKey)
	if !ok || doc == "" || len(doc) > model.MaxScenarioBytes {
		return model.Scenario{}, "", false
	}
	sc, err := model.Decode([]byte(doc))
	if err != nil {
		return model.Scenario{}, "", false
	}
	key := scenarioKey(sc)
	for _, pr := range model.Presets() {
		if scenarioKey(pr.Scenario) == key {
			return sc, pr.Name, true
		}
	}
	return sc, "", true
}

// storage returns the page's store, choosing it on first use: the
// browser's localStorage, or memory with a note when the browser keeps
// no site data.
func (p *Planner) storage() keyValueStore {
	if p.store == nil {
		var remembered bool
		p.store, remembered = siteStore()
		if !remembered {
			p.storeNote = storageNote
		}
	}
	return p.store
}

// load replaces the scenario under edit and runs it at once.
func (p *Planner) load(ctx app.Context, sc model.Scenario, problems model.Problems, preset string) {
	p.sess.replace(sc, problems)
	p.preset = preset
	p.reopened = false
	p.pendingImport = nil
	p.changed(ctx, 0)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
