package app

import (
	"rolloutplanner/internal/headline"

	"rolloutplanner/internal/glossary"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// resultCards shows the headline cards: the service first, then each
// role. Names are text, never markup, each isolated in <bdi>.
type resultCards struct {
	app.Compo

	Cards []headline.Card
	Stale bool // the scenario changed since these results: dim them
}

func newResultCards(cards []headline.Card, stale bool) *resultCards {
	return &resultCards{Cards: cards, Stale: stale}
}

func (c *resultCards) Render() app.UI {
	class := "cards"
	if c.Stale {
		class += " stale"
	}
	if len(c.Cards) == 0 {
		return app.Section().Class(class)
	}
	roles := c.Cards[1:]
	return app.Section().Class(class).Aria("label", "Headline results").Body(
		renderCard(c.Cards[0]),
		app.Div().Class("role-cards").Body(
			app.Range(roles).Slice(func(i int) app.UI { return renderCard(roles[i]) }),
		),
	)
}

// renderCard draws one card: its SLA compliance large, the other metrics
// in a grid. Each metric's name carries a "?" whose definition (package
// glossary) shows on hover and focus, and the number itself is described
// by it (aria-describedby).
func renderCard(cv headline.Card) app.UI {
	id := ServiceCardID
	class := "card service"
	if cv.Key != "service" {
		id = "card-" + cv.Key
		class = "card role"
	}
	head, rest := cv.Metrics[0], cv.Metrics[1:]
	headDef := "def-" + id + "-" + head.Key
	return app.Article().ID(id).Class(class).Body(
		app.H3().Class("card-title").Body(nameUI(cv.Title)),
		app.Div().Class("headline has-tip "+head.Tone).
			Attr(AttrMetric, head.Key).Attr(AttrValue, headline.Exact(head.Value)).Body(
			app.Span().Class("label").Body(app.Text(head.Label), metricTip(headDef, head)),
			app.Span().Class("value").Aria("describedby", describedBy(headDef, head)).Text(head.Text),
			app.Span().Class("detail").Text(head.Detail),
		),
		app.Dl().Class("metrics").Body(
			app.Range(rest).Slice(func(i int) app.UI {
				m := rest[i]
				def := "def-" + id + "-" + m.Key
				return app.Div().Class("metric has-tip").Attr(AttrMetric, m.Key).Attr(AttrValue, headline.Exact(m.Value)).Body(
					app.Dt().Body(app.Text(m.Label), metricTip(def, m)),
					app.Dd().Aria("describedby", describedBy(def, m)).Text(m.Text),
				)
			}),
		),
	)
}

// metricTip is the "?" of metric m, with its definition as element id;
// nothing when the glossary has no definition for it.
func metricTip(id string, m headline.Metric) app.UI {
	def := glossary.Text(m.Key)
	if def == "" {
		return app.Text("")
	}
	return infoTip(id, m.Label, def)
}

// describedBy is id when metric m has a definition, "" otherwise.
func describedBy(id string, m headline.Metric) string {
	if glossary.Text(m.Key) == "" {
		return ""
	}
	return id
}
