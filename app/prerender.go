package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// AttrPrerendered marks the results that the static site carries in its
// index.html (the default preset's, computed when the site was built):
// its value is the preset's name. The live page replaces them with its
// own run; page scripts hide them when the URL holds another scenario.
const AttrPrerendered = "data-prerendered"

// prerenderedResult is the default preset's result that the pre-rendered page
// shows (OnInit outside the browser); nil: none. PrerenderDefault sets it.
var prerenderedResult *shownResult

// usePrerendered puts the pre-rendered result on the page when it is
// being pre-rendered (outside the browser) and one was computed.
func (p *Planner) usePrerendered() {
	if app.IsClient || prerenderedResult == nil || p.shown != nil {
		return
	}
	p.showResult(prerenderedResult)
	p.run.state = StateDone
}
