package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// roleForm edits one role: name, instances, load, lifecycle times,
// warm-up mode, failure and defect probabilities.
type roleForm struct {
	app.Compo

	Index     int        // the role's index in the scenario
	Role      model.Role // its value (may be invalid)
	View      formView   // text and problems, paths relative to the role
	Removable bool       // the scenario has another role
}

func newRoleForm(i int, r model.Role, v formView, removable bool) *roleForm {
	return &roleForm{Index: i, Role: r, View: v, Removable: removable}
}

func (f *roleForm) Render() app.UI {
	prefix := rolePath(f.Index)
	title := f.Role.Name
	if title == "" {
		title = "(unnamed role)"
	}
	return app.FieldSet().Class("group role").DataSet("role", f.Index).Body(
		app.Legend().Body(
			app.Span().Class("role-title").Body(nameUI(title)),
			app.Button().ID(fieldID(prefix)+"-remove").Class("remove").Type("button").
				Disabled(!f.Removable).
				Aria("label", "Remove this role").
				Text("Remove").
				OnClick(f.onRemove),
		),
		app.Div().Class("grid").Body(
			app.Range(roleFields).Slice(func(i int) app.UI {
				fd := roleFields[i]
				return field(fd, prefix+"."+fd.Key, fd.Key, fd.RolePtr(&f.Role), f.View)
			}),
		),
	)
}

// roleFields are a role's fields, in form order.
var roleFields = model.FormFields(model.RoleGroup)

func (f *roleForm) onRemove(ctx app.Context, e app.Event) {
	ctx.NewActionWithValue(actRemoveRole, f.Index)
}
