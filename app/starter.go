package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/app/runner"
)

// WorkerScript is the Web Worker that runs trials, as a static resource.
const WorkerScript = "/web/sim-worker.js"

// newStarter returns how the page runs trials (with Pool.Start, or with
// Pool.Run, which reduces them in the workers too), and how to free them: a pool
// of Web Workers, one per core up to runner.MaxWorkers, each running the
// simulation-only module. Without workers (outside the browser, or when
// the browser refuses them) the pool runs trials on a goroutine of the
// page, in short chunks.
func newStarter(ctx app.Context) (startFunc, runFunc, func()) {
	cores := 0
	if app.IsClient {
		if hc := app.Window().Get("navigator").Get("hardwareConcurrency"); hc.Truthy() {
			cores = hc.Int()
		}
	}
	pool := runner.NewPool(ctx.ResolveStaticResource(WorkerScript), runner.WorkerCount(cores))
	return pool.Start, pool.Run, pool.Close
}
