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
			p.sess.edit(e)
			p.preset = ""
			p.changed(ctx, Debounce)
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
		p.startRun(ctx, false)
	})
	ctx.Handle(actCancel, func(ctx app.Context, a app.Action) {
		p.run.adaptive = false
		if p.run.job != nil {
			p.run.job.Cancel() // onDone reports the trials finished so far
		} else if p.run.state == StateRunning {
			p.run.gen.stop() // a run waiting for its pause to end
			p.run.state = StateCancelled
		}
	})
	ctx.Handle(actAdaptive, func(ctx app.Context, a app.Action) {
		p.notice = ""
		p.startRun(ctx, true)
	})
	ctx.Handle(actImport, func(ctx app.Context, a app.Action) {
		if f, ok := a.Value.(importedFile); ok {
			p.importScenario(ctx, f)
		}
	})
	ctx.Handle(actDismiss, func(ctx app.Context, a app.Action) {
		p.notice = ""
	})
	p.handleReviewActions(ctx)
	p.handleCompareActions(ctx)
	p.handleCalibrateActions(ctx)
	p.exports.handle(ctx, p.sources, &p.notice)
}

// quote returns s in double quotes, shortened, for messages.
func quote(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return "“" + s + "”"
}
