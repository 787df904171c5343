//go:build !(js && wasm)

package client

// workersAvailable is false outside the browser: analyses run in the
// program.
const workersAvailable = false

// analysisWorker holds nothing outside the browser.
type analysisWorker struct{}

// postLocked reports that no worker can take j.
func (a *Analysis) postLocked(j *analysisJob) bool { return false }

// terminateLocked has no worker to terminate.
func (a *Analysis) terminateLocked() {}
