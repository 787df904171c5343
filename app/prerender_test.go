package app

import (
	"testing"

	"rolloutplanner/worker/sim"
)

// TestBootPresetIsDefault: the workers' boot run (web/boot.js, sim.Boot)
// runs the page's default preset when the URL has no link, so that the
// page adopts it.
func TestBootPresetIsDefault(t *testing.T) {
	if sim.DefaultPreset != DefaultPreset {
		t.Errorf("sim.DefaultPreset %q, app.DefaultPreset %q", sim.DefaultPreset, DefaultPreset)
	}
}
