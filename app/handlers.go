package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// handleActions registers the page's handlers for the actions its
// components post. They run on the UI goroutine.
func (p *Planner) handleActions(ctx app.Context) {
	ctx.Handle(actEdit, func(ctx app.Context, a app.Action) {
		if e, ok := a.Value.(Edit); ok {
			p.applyEdit(ctx, e, false)
		}
	})
	ctx.Handle(actEditTyped, func(ctx app.Context, a app.Action) {
		if e, ok := a.Value.(Edit); ok {
			// The field waited for typing to pause: run at once.
			p.applyEdit(ctx, e, true)
		}
	})
	ctx.Handle(actUndo, func(ctx app.Context, a app.Action) { p.undoRedo(ctx, false) })
	ctx.Handle(actRedo, func(ctx app.Context, a app.Action) { p.undoRedo(ctx, true) })
	ctx.Handle(actStartPreset, func(ctx app.Context, a app.Action) {
		pr, _ := model.PresetByName(DefaultPreset)
		p.notice = ""
		p.load(ctx, pr.Scenario, nil, pr.Name)
		focusField(ctx, PresetID)
	})
	ctx.Handle(actImportValid, func(ctx app.Context, a app.Action) { p.loadValidImport(ctx) })
	ctx.Handle(actImportKeep, func(ctx app.Context, a app.Action) {
		p.pendingImport = nil
		p.notice = ""
	})
	ctx.Handle(actGoToFirstBad, func(ctx app.Context, a app.Action) {
		if id := p.sess.firstProblemID(); id != "" {
			if !focusField(ctx, id) {
				p.notice = "That field is not in the scenario any more."
			}
		}
	})
	ctx.Handle(actAddRole, func(ctx app.Context, a app.Action) {
		p.sess.addRole()
		p.preset = ""
		p.changed(ctx, Debounce)
	})
	ctx.Handle(actRemoveRole, func(ctx app.Context, a app.Action) {
		if i, ok := a.Value.(int); ok {
			p.sess.removeRole(i)
			p.preset = ""
			p.changed(ctx, Debounce)
		}
	})
	ctx.Handle(actPreset, func(ctx app.Context, a app.Action) {
		name, _ := a.Value.(string)
		pr, ok := model.PresetByName(name)
		if !ok {
			p.notice = "There is no preset named " + quote(name) + "."
			return
		}
		p.notice = ""
		p.load(ctx, pr.Scenario, nil, pr.Name)
	})
	ctx.Handle(actRunNow, func(ctx app.Context, a app.Action) {
		p.run.start(ctx, false)
	})
	ctx.Handle(actCancel, func(ctx app.Context, a app.Action) {
		p.run.cancel()
	})
	ctx.Handle(actAdaptive, func(ctx app.Context, a app.Action) {
		p.notice = ""
		p.run.start(ctx, true)
	})
	ctx.Handle(actImport, func(ctx app.Context, a app.Action) {
		if f, ok := a.Value.(importedFile); ok {
			p.openImport(ctx, f)
		}
	})
	ctx.Handle(actDismiss, func(ctx app.Context, a app.Action) {
		p.notice = ""
	})
	p.handleCompareActions(ctx)
	p.handleCalibrateActions(ctx)
	p.exports.handle(ctx, p.sources, &p.notice)
}

// TypedRunDelay is the pause before the run after an edit committed
// while typing: the field already waited for the typing to pause
// (TypingDebounce), so the run starts at once.
const TypedRunDelay = 0

// applyEdit applies one field's edit and, when it changed anything, runs
// the scenario: after Debounce, or at once for an edit committed while
// typing (typed), which already waited for the typing to pause.
func (p *Planner) applyEdit(ctx app.Context, e Edit, typed bool) {
	if !p.sess.edit(e) {
		return
	}
	p.preset = ""
	p.editPath, p.editTyped = e.Path, typed
	delay := Debounce
	if typed {
		delay = TypedRunDelay
	}
	p.changed(ctx, delay)
}

// quote returns s in double quotes, shortened, for messages.
func quote(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return "“" + s + "”"
}
