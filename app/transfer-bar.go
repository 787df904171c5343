package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
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

// Ids of the panel that reviews an imported file with problems.
const (
	ImportProblemsID = "import-problems"
	ImportValidID    = "import-valid" // "Load what is valid"
	ImportKeepID     = "import-keep"  // "Keep the current scenario"
)

// pendingImport is a scenario file that decoded with problems, waiting
// for the user to load what is valid of it or keep the current scenario.
type pendingImport struct {
	name     string         // the file's name, for people
	link     bool           // a link's scenario, not a file's
	sc       model.Scenario // what the file holds that decoded
	problems model.Problems // every problem, with its path
}

// openImport reads a scenario file the user picked. A clean file replaces
// the scenario (Undo brings the old one back); a file with problems is
// held back with its problems listed, each with its path, and the choice
// of loading what is valid or keeping the current scenario; a file that is
// no scenario at all only says why.
func (p *Planner) openImport(ctx app.Context, f importedFile) {
	sc, problems, msg := decodeImport(f)
	switch {
	case sc == nil:
		p.pendingImport = nil
		p.notice = msg
	case len(problems) == 0:
		p.notice = ""
		p.load(ctx, *sc, nil, "")
	default:
		p.notice = ""
		p.pendingImport = &pendingImport{name: f.Name, sc: *sc, problems: problems}
		if app.IsClient {
			ctx.Defer(func(app.Context) {
				if el := app.Window().GetElementByID(ImportProblemsID); el.Truthy() {
					el.Call("scrollIntoView", map[string]any{"block": "nearest"})
					el.Call("focus", map[string]any{"preventScroll": true})
				}
			})
		}
	}
}

// loadValidImport loads what is valid of the file under review: the
// fields it spells right, with the model's defaults where it gave none.
// Its unknown fields are left out; the rules its values break stay marked
// on their fields, where editing clears them.
func (p *Planner) loadValidImport(ctx app.Context) {
	pi := p.pendingImport
	if pi == nil {
		return
	}
	p.load(ctx, pi.sc, nil, "")
	p.notice = ""
}

// importPanel lists the problems of an imported file, each with its
// path, and offers "Load what is valid" and "Keep the current scenario".
type importPanel struct {
	app.Compo

	Name     string   // the file's name
	Link     bool     // a link's scenario: "This link has …"
	Problems []string // "path: rule", in the file's order
}

func newImportPanel(pi *pendingImport) app.UI {
	if pi == nil {
		return app.Text("")
	}
	lines := make([]string, len(pi.problems))
	for i, pr := range pi.problems {
		if pr.Path == "" {
			lines[i] = pr.Rule
		} else {
			lines[i] = pr.Path + ": " + pr.Rule
		}
	}
	return &importPanel{Name: pi.name, Link: pi.link, Problems: lines}
}

func (b *importPanel) Render() app.UI {
	n := len(b.Problems)
	subject := quote(isolated(b.Name))
	if b.Link {
		subject = "The scenario in this link"
	}
	return app.Section().ID(ImportProblemsID).Class("notice import-review").TabIndex(-1).
		Aria("labelledby", ImportProblemsID+"-title").Body(
		app.H2().ID(ImportProblemsID+"-title").Role("alert").
			Text(fmt.Sprintf("%s has %d problem%s", subject, n, plural(n))),
		app.Ul().Class("problems").Body(
			app.Range(b.Problems).Slice(func(i int) app.UI {
				path, rule, ok := strings.Cut(b.Problems[i], ": ")
				if !ok {
					return app.Li().Class(ProblemClass).Text(b.Problems[i])
				}
				return app.Li().Class(ProblemClass).Body(app.Code().Text(path), app.Text(": "+rule))
			}),
		),
		app.P().Class("hint").Text("Load what is valid: the fields it spells right, the model's defaults for the rest; "+
			"rules its values break stay marked on their fields. Undo brings back the scenario on screen."),
		app.Div().Class("import-choices").Body(
			app.Button().ID(ImportValidID).Type("button").Text("Load what is valid").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actImportValid) }),
			app.Button().ID(ImportKeepID).Type("button").Text("Keep the current scenario").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actImportKeep) }),
		),
	)
}
