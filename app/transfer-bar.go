package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// transferBar exports the results and the scenario and imports a
// scenario file.
type transferBar struct {
	app.Compo
}

func newTransferBar() *transferBar { return &transferBar{} }

func (b *transferBar) Render() app.UI {
	btn := func(id, what, text, title string) app.UI {
		return app.Button().ID(id).Type("button").Text(text).Title(title).
			OnClick(func(ctx app.Context, e app.Event) {
				ctx.NewActionWithValue(actExport, exportRequest{What: what})
			})
	}
	return app.Section().Class("transfer").Aria("label", "Export and import").Body(
		app.H2().Text("Export and import"),
		app.Div().Class("transfer-row").Body(
			btn(ExportCSVID, "csv", "Results CSV", "Every number of the results, one per row: the service, each role, each pass and upgrade domain, with units"),
			btn(ExportZipID, "zip", "All charts (zip)", "Every chart on the page as SVG and PNG, named by chart, for a slide deck"),
			btn(ExportJSONID, "json", "Results JSON", "The same JSON as the rollout command's -json output"),
			btn(ExportScenarioID, "scenario", "Export scenario", "The scenario as a JSON file"),
		),
		app.Label().Class("import").For(ImportScenarioID).Body(
			app.Span().Text("Import a scenario file "),
			app.Input().ID(ImportScenarioID).Type("file").Accept(".json,application/json").OnChange(b.onFile),
		),
	)
}

// onFile reads the picked file in the browser and posts it.
func (b *transferBar) onFile(ctx app.Context, e app.Event) {
	input := ctx.JSSrc()
	files := input.Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return
	}
	file := files.Index(0)
	name, size := file.Get("name").String(), file.Get("size").Int()
	input.Set("value", "") // the same file can be picked again
	if size > MaxImportBytes {
		ctx.NewActionWithValue(actImport, importedFile{Name: name, Size: size})
		return
	}
	file.Call("arrayBuffer").Then(func(buf app.Value) {
		u8 := app.Window().Get("Uint8Array").New(buf)
		data := make([]byte, u8.Length())
		app.CopyBytesToGo(data, u8)
		ctx.NewActionWithValue(actImport, importedFile{Name: name, Size: size, Data: data})
	})
}
