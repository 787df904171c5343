package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// editorPane is the scenario editor: the problems no field shows, the
// service's form and one form per role. It renders when the session
// changes (Rev), never on a progress tick or a result; the form's view
// (texts and problems by path) is built here, only then.
type editorPane struct {
	app.Compo

	Rev int // the session's revision (session.rev)

	sess *session // the page's session, the same for every instance
}

func newEditorPane(sess *session) *editorPane {
	return &editorPane{Rev: sess.rev, sess: sess}
}

func (e *editorPane) Render() app.UI {
	rendered("editor")
	sc := &e.sess.sc
	view := e.sess.view()
	return app.Aside().Class("editor").Aria("label", "Scenario").Body(
		app.H2().Text("Scenario"),
		renderOrphanProblems(e.sess),
		newServiceForm(*sc, view),
		app.H2().Text("Roles"),
		app.Range(sc.Roles).Slice(func(i int) app.UI {
			return newRoleForm(i, sc.Roles[i], view.sub(rolePath(i)), len(sc.Roles) > 1)
		}),
		app.Button().ID("role-add").Class("add").Type("button").
			Disabled(len(sc.Roles) >= model.MaxRoles).
			Text("+ Add a role").
			OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actAddRole) }),
	)
}

// renderOrphanProblems lists the problems that no field shows, such as a
// link's unknown fields.
func renderOrphanProblems(s *session) app.UI {
	orphans := orphanProblems(s)
	if len(orphans) == 0 {
		return app.Text("")
	}
	return app.Ul().ID("problems").Class("problems").Body(
		app.Range(orphans).Slice(func(i int) app.UI {
			return app.Li().Class(ProblemClass).Text(orphans[i].String())
		}),
	)
}
