package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// Ids of the preset menu's parts.
const (
	PresetLoadID  = "preset-load"  // the "Load preset" button
	ReopenedID    = "reopened"     // the note that the bare URL reopened the last scenario
	StartPresetID = "start-preset" // its "Start from a preset" button
)

// presetMenu is the <select id="preset"> of ready-made scenarios, with
// the chosen preset's description and a "Load preset" button. Choosing
// in the list loads nothing: browsers fire change on every arrow key of
// a closed select, so arrowing through the list would replace the
// scenario at each step. The button commits the choice; Undo brings
// back the scenario it replaced.
type presetMenu struct {
	app.Compo

	Current  string // the preset on screen; "" once the scenario was edited
	Reopened bool   // the scenario is the last one of an earlier visit
	CanUndo  bool   // the Undo button works
	CanRedo  bool   // the Redo button works

	chosen string // the option picked in the list, not loaded yet; "" for none
	of     string // the Current that chosen was picked on
}

func newPresetMenu(current string, reopened bool, h *history) *presetMenu {
	return &presetMenu{Current: current, Reopened: reopened, CanUndo: h.canUndo(), CanRedo: h.canRedo()}
}

func (m *presetMenu) Render() app.UI {
	presets := model.Presets()
	chosen := m.pick()
	desc := "Edited scenario. Pick a preset and load it to start over; Undo brings this one back."
	for _, p := range presets {
		if p.Name == chosen {
			desc = p.Description
			if chosen != m.Current {
				desc += " Load preset replaces the scenario on screen; Undo brings it back."
			}
		}
	}
	return app.Div().Class("presets").Body(
		app.Label().For(PresetID).Text("Preset"),
		app.Div().Class("preset-row").Body(
			app.Select().ID(PresetID).OnChange(m.onChange).Body(
				app.If(m.Current == "", func() app.UI {
					// Shown while the scenario is not a preset; not a choice.
					return app.Option().Value("").Selected(chosen == "").Disabled(true).Text("(edited scenario)")
				}),
				app.Range(presets).Slice(func(i int) app.UI {
					return app.Option().Value(presets[i].Name).Selected(presets[i].Name == chosen).Text(presets[i].Name)
				}),
			),
			// Never disabled: the list's value is read when it is
			// clicked, whether or not its change was handled yet.
			app.Button().ID(PresetLoadID).Type("button").
				Text("Load preset").
				OnClick(m.onLoad),
			&undoBar{CanUndo: m.CanUndo, CanRedo: m.CanRedo},
		),
		app.P().Class("preset-desc").Text(desc),
		app.If(m.Reopened, func() app.UI {
			return app.P().ID(ReopenedID).Class("reopened").Role("status").Body(
				app.Text("Reopened your last scenario · "),
				app.Button().ID(StartPresetID).Type("button").Class("linklike").
					Title("Load the "+DefaultPreset+" preset (Undo brings your scenario back)").
					Text("Start from a preset").
					OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actStartPreset) }),
			)
		}),
	)
}

// pick is the option the list shows: the one picked since Current last
// changed, else Current.
func (m *presetMenu) pick() string {
	if m.chosen != "" && m.of == m.Current {
		return m.chosen
	}
	return m.Current
}

func (m *presetMenu) onChange(ctx app.Context, e app.Event) {
	m.chosen, m.of = ctx.JSSrc().Get("value").String(), m.Current
}

// onLoad loads the preset the list shows.
func (m *presetMenu) onLoad(ctx app.Context, e app.Event) {
	name := m.pick()
	if sel := app.Window().GetElementByID(PresetID); sel.Truthy() && sel.Get("value").String() != "" {
		name = sel.Get("value").String()
	}
	if name == "" {
		return
	}
	m.chosen = ""
	ctx.NewActionWithValue(actPreset, name)
}
