package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// distField edits one distribution: a kind selector, the kind's
// parameters, and a small picture of its shape.
type distField struct {
	app.Compo

	Path  string     // the distribution's path ("roles[0].warmup")
	Meta  fieldMeta  // label and unit of its samples
	Dist  model.Dist // the value in the scenario (may be invalid)
	View  formView   // text and problems of its parts, relative ("kind", "p95")
	Error string     // a problem of the distribution as a whole

	preview distPreview
}

func newDistField(path string, m fieldMeta, d model.Dist, v formView) *distField {
	return &distField{Path: path, Meta: m, Dist: d, View: v}
}

// The preview is computed when the inputs change, not in Render.
func (f *distField) OnInit()                  { f.preview = previewOf(f.Dist, f.Meta.Unit) }
func (f *distField) OnUpdate(ctx app.Context) { f.preview = previewOf(f.Dist, f.Meta.Unit) }

func (f *distField) Render() app.UI {
	kindPath := f.Path + ".kind"
	id := fieldID(kindPath)
	params := model.ParamNames(f.Dist.Kind)
	label := f.Meta.Label
	if f.Meta.Unit != "" {
		label += " (" + f.Meta.Unit + ")"
	}
	return app.Div().Class("dist").DataSet("dist", f.Path).Body(
		app.Div().Class("dist-head").Body(
			app.Label().For(id).Text(label),
			app.Select().
				ID(id).
				DataSet("path", kindPath).
				Aria("label", f.Meta.Label+" distribution").
				OnChange(f.onKind).
				Body(app.Range(model.Kinds).Slice(func(i int) app.UI {
					k := model.Kinds[i]
					return app.Option().Value(string(k)).Selected(k == f.Dist.Kind).Text(string(k))
				})),
		),
		app.If(f.View.Problem["kind"] != "", func() app.UI {
			return app.P().ID(id + ProblemSuffix).Class(ProblemClass).Role("alert").Text(f.View.Problem["kind"])
		}),
		app.If(f.Error != "", func() app.UI {
			return app.P().ID(fieldID(f.Path) + ProblemSuffix).Class(ProblemClass).Role("alert").Text(f.Error)
		}),
		app.Div().Class("dist-body").Body(
			app.Div().Class("params").Body(
				app.Range(params).Slice(func(i int) app.UI {
					name := params[i]
					tf := newTextField(f.Path+"."+name, paramLabels[name]).
						named(f.Meta.Label + " " + paramLabels[name]).
						text(f.View.Text[name]).
						problem(f.View.Problem[name]).
						compact()
					if name == "values" {
						return tf.multiline()
					}
					return tf.numeric()
				}),
			),
			app.Figure().Class("shape").Title("Shape of the distribution").Body(
				app.If(f.preview.SVG != "", func() app.UI {
					return app.Raw(f.preview.SVG)
				}).Else(func() app.UI {
					return app.Div().Class("preview none").Text("fix the parameters to see the shape")
				}),
				app.FigCaption().Text(f.preview.Caption),
			),
		),
		newFitBox(f.Path, f.Meta.Label),
	)
}

func (f *distField) onKind(ctx app.Context, e app.Event) {
	ctx.NewActionWithValue(actEdit, Edit{Path: f.Path + ".kind", Value: ctx.JSSrc().Get("value").String()})
}
