package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// resultCards shows the headline cards: the service first, then each
// role. Names are text, never markup, each isolated in <bdi>.
type resultCards struct {
	app.Compo

	Cards []cardView
	Stale bool // the scenario changed since these results: dim them
}

func newResultCards(cards []cardView, stale bool) *resultCards {
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
// in a grid.
func renderCard(cv cardView) app.UI {
	id := ServiceCardID
	class := "card service"
	if cv.Key != "service" {
		id = "card-" + cv.Key
		class = "card role"
	}
	head, rest := cv.Metrics[0], cv.Metrics[1:]
	return app.Article().ID(id).Class(class).Body(
		app.H3().Class("card-title").Body(nameUI(cv.Title)),
		app.Div().Class("headline "+head.Tone).
			Attr(AttrMetric, head.Key).Attr(AttrValue, exact(head.Value)).Body(
			app.Span().Class("label").Text(head.Label),
			app.Span().Class("value").Text(head.Text),
			app.Span().Class("detail").Text(head.Detail),
		),
		app.Dl().Class("metrics").Body(
			app.Range(rest).Slice(func(i int) app.UI {
				m := rest[i]
				return app.Div().Class("metric").Attr(AttrMetric, m.Key).Attr(AttrValue, exact(m.Value)).Body(
					app.Dt().Text(m.Label),
					app.Dd().Text(m.Text),
				)
			}),
		),
	)
}

// exact is a metric's data-value: the shortest text that reads back as
// the same float64.
func exact(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
