package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// presetMenu is the <select id="preset"> of ready-made scenarios, with
// the chosen preset's description beside it.
type presetMenu struct {
	app.Compo

	Current string // the preset on screen; "" once the scenario was edited
}

func newPresetMenu(current string) *presetMenu { return &presetMenu{Current: current} }

func (m *presetMenu) Render() app.UI {
	presets := model.Presets()
	desc := "Edited scenario. Pick a preset to start over."
	for _, p := range presets {
		if p.Name == m.Current {
			desc = p.Description
		}
	}
	return app.Div().Class("presets").Body(
		app.Label().For(PresetID).Text("Preset"),
		app.Select().ID(PresetID).OnChange(m.onChange).Body(
			app.If(m.Current == "", func() app.UI {
				// Shown while the scenario is not a preset; not a choice.
				return app.Option().Value("").Selected(true).Disabled(true).Text("(edited scenario)")
			}),
			app.Range(presets).Slice(func(i int) app.UI {
				return app.Option().Value(presets[i].Name).Selected(presets[i].Name == m.Current).Text(presets[i].Name)
			}),
		),
		app.P().Class("preset-desc").Text(desc),
	)
}

func (m *presetMenu) onChange(ctx app.Context, e app.Event) {
	ctx.NewActionWithValue(actPreset, ctx.JSSrc().Get("value").String())
}
