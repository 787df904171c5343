package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// serviceForm edits the service: its name, upgrade domains, SLA and run
// settings, and the three passes, each switched on or off.
type serviceForm struct {
	app.Compo

	Scenario model.Scenario // the scenario under edit (only its service part is shown)
	View     formView       // text and problems of every field, by full path
}

func newServiceForm(sc model.Scenario, v formView) *serviceForm {
	return &serviceForm{Scenario: sc, View: v}
}

func (f *serviceForm) Render() app.UI {
	sc := &f.Scenario
	return app.Div().Class("service-form").Body(
		app.FieldSet().Class("group").Body(
			app.Legend().Text("Service"),
			app.Div().Class("grid").Body(
				app.Range(serviceFieldOrder).Slice(func(i int) app.UI {
					path := serviceFieldOrder[i]
					return field(path, path, path, serviceFields[path](sc), f.View)
				}),
			),
		),
		app.Range(passOrder).Slice(func(i int) app.UI {
			return f.renderPass(passOrder[i])
		}),
	)
}

// passOrder lists the passes in run order.
var passOrder = []model.PassKind{model.HostOS, model.GuestOS, model.GuestAgent}

func (f *serviceForm) renderPass(pk model.PassKind) app.UI {
	sc := &f.Scenario
	prefix := "passes." + string(pk) + "."
	enabled := *(serviceFields[prefix+"enabled"](sc).(*bool))
	fields := passFieldOrder[pk][1:]
	class := "group pass"
	if !enabled {
		class += " off"
	}
	return app.FieldSet().Class(class).DataSet("pass", string(pk)).Body(
		app.Legend().Body(
			newCheckField(prefix+"enabled", fieldMeta{Label: pk.Title() + " pass"}, enabled).
				problem(f.View.Problem[prefix+"enabled"]),
		),
		app.If(enabled, func() app.UI {
			return app.Div().Class("grid").Body(
				app.Range(fields).Slice(func(i int) app.UI {
					path := prefix + fields[i]
					return field(path, path, fields[i], serviceFields[path](sc), f.View)
				}),
			)
		}),
	)
}
