package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/worker/client"
)

// WorkerScript is the Web Worker that runs trials, as a static resource.
const WorkerScript = "/web/sim-worker.js"

// ChartScript is the Web Worker that draws a run's charts (cmd/chartworker),
// as a static resource. The page starts it after its first figure is on
// screen.
const ChartScript = "/web/chart-worker.js"

// newStarter returns how the page runs trials (Pool.Run, which reduces them
// in the workers too), and how to free them: a pool
// of Web Workers, one per core up to client.MaxWorkers, each running the
// simulation-only module. Without workers (outside the browser, or when
// the browser refuses them) the pool runs trials on a goroutine of the
// page, in short chunks.
func newStarter(ctx app.Context) (runFunc, func()) {
	cores := 0
	if app.IsClient {
		if hc := app.Window().Get("navigator").Get("hardwareConcurrency"); hc.Truthy() {
			cores = hc.Int()
		}
	}
	pool := client.NewPool(ctx.ResolveStaticResource(WorkerScript), client.WorkerCount(cores))
	return pool.Run, pool.Close
}
