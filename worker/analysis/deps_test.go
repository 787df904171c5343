package analysis

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestWorkerDeps: the worker module stays small and UI-free: neither it
// nor this package imports go-app, gonum/plot, the charts, the report or
// the page, in the browser build.
func TestWorkerDeps(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping go list")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	cmd := exec.Command(gobin, "list", "-deps", "rolloutplanner/cmd/analysisworker")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/maxence-charriere/go-app", "gonum.org/v1/plot", "rolloutplanner/charts", "rolloutplanner/report", "rolloutplanner/app", "rolloutplanner/worker/client"} {
			if dep == banned || strings.HasPrefix(dep, banned+"/") {
				t.Errorf("cmd/analysisworker depends on %s", dep)
			}
		}
	}
}
