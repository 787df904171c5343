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
				app.Range(serviceFields).Slice(func(i int) app.UI {
					fd := serviceFields[i]
					return field(fd, fd.Key, fd.Key, fd.Ptr(sc, 0), f.View)
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

// serviceFields are the service's fields, in form order.
var serviceFields = model.FormFields(model.ServiceGroup)

func (f *serviceForm) renderPass(pk model.PassKind) app.UI {
	sc := &f.Scenario
	fields := model.FormFields(model.Group("passes." + string(pk)))
	on, fields := fields[0], fields[1:] // "enabled" comes first
	enabled := *on.Ptr(sc, 0).(*bool)
	class := "group pass"
	if !enabled {
		class += " off"
	}
	onPath := on.Path(0)
	return app.FieldSet().Class(class).DataSet("pass", string(pk)).Body(
		app.Legend().Body(
			newCheckField(onPath, metaOf(on), enabled).
				problem(f.View.Problem[onPath]),
		),
		app.If(enabled, func() app.UI {
			return app.Div().Class("grid").Body(
				app.Range(fields).Slice(func(i int) app.UI {
					path := fields[i].Path(0)
					return field(fields[i], path, path, fields[i].Ptr(sc, 0), f.View)
				}),
			)
		}),
	)
}
