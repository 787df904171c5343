package app

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// Ids of the undo and redo buttons.
const (
	UndoID = "undo"
	RedoID = "redo"
)

// MaxUndo is how many earlier scenarios the page keeps for undo.
const MaxUndo = 100

// typingMerge is how long after an edit of a field the next edit of the
// same field still joins it in one undo step: the commits that typing
// makes as it goes (see textField) are one step, not one per pause.
const typingMerge = 2 * time.Second

// snapshot is everything undo restores: the scenario, the text typed in
// the form and its parse problems, the kinds' memory and which preset it
// was. Its maps and slices are its own.
type snapshot struct {
	sc     model.Scenario
	drafts map[string]string
	parse  model.Problems
	kinds  map[string]map[model.Kind]model.Dist
	preset string
	key    string // identifies sc and drafts: equal keys, same scenario on screen
}

// snapshotOf copies the state of s (and the page's preset name).
func snapshotOf(s *session, preset string) snapshot {
	kinds := make(map[string]map[model.Kind]model.Dist, len(s.kinds))
	for path, byKind := range s.kinds {
		m := make(map[model.Kind]model.Dist, len(byKind))
		for k, d := range byKind {
			m[k] = cloneDist(d)
		}
		kinds[path] = m
	}
	return snapshot{
		sc:     s.sc.Clone(),
		drafts: maps.Clone(s.drafts),
		parse:  slices.Clone(s.parse),
		kinds:  kinds,
		preset: preset,
		key:    stateKey(s),
	}
}

// stateKey identifies what the form shows: the scenario's JSON and the
// typed texts, in path order.
func stateKey(s *session) string {
	var b strings.Builder
	b.WriteString(scenarioKey(s.sc))
	paths := slices.Collect(maps.Keys(s.drafts))
	sort.Strings(paths)
	for _, p := range paths {
		b.WriteString("\x00" + p + "\x01" + s.drafts[p])
	}
	return b.String()
}

// restore puts a snapshot back under edit.
func (s *session) restore(sn snapshot) {
	c := snapshotOf(&session{sc: sn.sc, drafts: sn.drafts, parse: sn.parse, kinds: sn.kinds}, "")
	s.sc, s.drafts, s.parse, s.kinds = c.sc, c.drafts, c.parse, c.kinds
	if s.drafts == nil {
		s.drafts = map[string]string{}
	}
	s.revalidate()
}

// history is the page's undo and redo: the scenarios before and after
// the one on screen. Every change of the scenario goes through record
// (Planner.changed), so undo covers edits, roles, presets, imports, links
// and fits alike.
type history struct {
	past, future []snapshot
	cur          snapshot // the state on screen when record last ran
	has          bool     // cur is set
	lastPath     string   // the field the last step was typing in, "" for another change
	lastAt       time.Time
}

// record notes the state on screen after a change of the field at path
// ("" for a change of no one field), typed while typing (see
// textField). A state equal to the one on screen is no step; an edit of
// the field the step before was typing in, within typingMerge, joins that
// step. A new step clears redo.
func (h *history) record(sn snapshot, path string, typed bool, now time.Time) {
	if !h.has {
		h.cur, h.has = sn, true
		return
	}
	if sn.key == h.cur.key {
		h.cur.preset = sn.preset
		return
	}
	merge := path != "" && path == h.lastPath && now.Sub(h.lastAt) < typingMerge && len(h.past) > 0
	if !merge {
		h.past = append(h.past, h.cur)
		if len(h.past) > MaxUndo {
			h.past = slices.Delete(h.past, 0, len(h.past)-MaxUndo)
		}
	}
	h.cur = sn
	h.future = nil
	h.lastPath, h.lastAt = "", now
	if typed {
		h.lastPath = path
	}
}

// undo returns the state before the one on screen, and whether there is one.
func (h *history) undo() (snapshot, bool) {
	if len(h.past) == 0 {
		return snapshot{}, false
	}
	sn := h.past[len(h.past)-1]
	h.past = h.past[:len(h.past)-1]
	h.future = append(h.future, h.cur)
	h.cur, h.lastPath = sn, ""
	return sn, true
}

// redo returns the state undo left, and whether there is one.
func (h *history) redo() (snapshot, bool) {
	if len(h.future) == 0 {
		return snapshot{}, false
	}
	sn := h.future[len(h.future)-1]
	h.future = h.future[:len(h.future)-1]
	h.past = append(h.past, h.cur)
	h.cur, h.lastPath = sn, ""
	return sn, true
}

func (h *history) canUndo() bool { return len(h.past) > 0 }
func (h *history) canRedo() bool { return len(h.future) > 0 }

// record notes the scenario on screen in the page's history; path is the
// field an edit changed, "" for any other change, typed whether the edit
// was committed while typing.
func (p *Planner) record(path string, typed bool) {
	p.hist.record(snapshotOf(p.sess, p.preset), path, typed, time.Now())
}

// undoRedo takes one step back (redo false) or forward in the history and
// runs the scenario it restores.
func (p *Planner) undoRedo(ctx app.Context, redo bool) {
	step, what := p.hist.undo, "undo"
	if redo {
		step, what = p.hist.redo, "redo"
	}
	sn, ok := step()
	if !ok {
		p.notice = "There is nothing to " + what + "."
		return
	}
	p.notice = ""
	p.pendingImport = nil
	p.sess.restore(sn)
	p.preset = sn.preset
	p.reopened = false
	p.updateLink(ctx)
	p.run.schedule(ctx, Debounce)
}

// undoBar is the Undo and Redo buttons. Their keys are Ctrl+Z (⌘Z) and
// Ctrl+Shift+Z or Ctrl+Y (see installUndoKeys).
type undoBar struct {
	app.Compo

	CanUndo, CanRedo bool
}

func (b *undoBar) Render() app.UI {
	return app.Div().Class("undo-bar").Body(
		app.Button().ID(UndoID).Type("button").Disabled(!b.CanUndo).
			Title("Undo the last change of the scenario (Ctrl+Z)").Aria("keyshortcuts", "Control+Z").Text("↶ Undo").
			OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actUndo) }),
		app.Button().ID(RedoID).Type("button").Disabled(!b.CanRedo).
			Title("Redo the change undone (Ctrl+Shift+Z)").Aria("keyshortcuts", "Control+Shift+Z").Text("↷ Redo").
			OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(actRedo) }),
	)
}

// OnMount installs the page's undo keys.
func (b *undoBar) OnMount(ctx app.Context) { installUndoKeys(ctx) }

var (
	undoKeys bool        // the listener is installed
	undoCtx  app.Context // the context of the undo bar mounted last: the listener posts through it
)

// installUndoKeys makes Ctrl+Z (⌘Z on a Mac) undo and Ctrl+Shift+Z or
// Ctrl+Y redo the scenario's last change, once for the page. A text field
// whose text differs from its committed text (still being typed: its
// value is not its defaultValue, see setClean) keeps the browser's own
// text undo; once the field's text is committed (Enter, leaving the
// field), or anywhere else on the page, the keys undo scenario changes.
// The listener decides at once, so that preventDefault stops the
// browser's undo when the page takes the key.
func installUndoKeys(ctx app.Context) {
	undoCtx = ctx
	if !app.IsClient || undoKeys {
		return
	}
	undoKeys = true
	listener := app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 0 {
			return nil
		}
		ev := args[0]
		if !(ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool()) || ev.Get("altKey").Bool() {
			return nil
		}
		key := strings.ToLower(ev.Get("key").String())
		redo := (key == "z" && ev.Get("shiftKey").Bool()) || (key == "y" && !ev.Get("shiftKey").Bool())
		if key != "z" && !redo {
			return nil
		}
		if t := ev.Get("target"); t.Truthy() && typing(t) {
			return nil
		}
		ev.Call("preventDefault")
		act := actUndo
		if redo {
			act = actRedo
		}
		undoCtx.Dispatch(func(ctx app.Context) { ctx.NewAction(act) })
		return nil
	})
	app.Window().Get("document").Call("addEventListener", "keydown", listener)
}

// typing reports whether el is a text field whose text is not committed.
func typing(el app.Value) bool {
	tag := strings.ToLower(el.Get("tagName").String())
	if tag != "input" && tag != "textarea" {
		return false
	}
	if tag == "input" {
		switch strings.ToLower(el.Get("type").String()) {
		case "checkbox", "radio", "button", "submit", "file", "range", "color":
			return false
		}
	}
	if !strings.HasPrefix(el.Get("id").String(), "f-") {
		return true // not a scenario field (the share link, the sweep form): its own undo
	}
	return el.Get("value").String() != el.Get("defaultValue").String()
}
