// Package node is tested twice, natively and as WebAssembly under Node
// (make wasmtest): both runs compare the engine's results with the same
// golden files, so passing both proves the numbers are byte-identical
// natively and in the browser (docs/model.md §5.5).
package node

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

var update = flag.Bool("update", false, "rewrite the golden results (natively only)")

// goldenTrials keeps the WebAssembly run short while covering every preset.
const goldenTrials = 2000

func TestGoldenResults(t *testing.T) {
	for _, p := range model.Presets() {
		t.Run(p.Name, func(t *testing.T) {
			s := p.Scenario
			s.Trials = goldenTrials
			acc, err := planner.Run(context.Background(), s, planner.Options{Chunk: 300})
			if err != nil {
				t.Fatal(err)
			}
			res, err := json.MarshalIndent(acc.Result(), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			charts, err := json.Marshal(acc.Charts())
			if err != nil {
				t.Fatal(err)
			}
			got := append(append(res, '\n'), charts...)
			path := filepath.Join("testdata", p.Name+".golden")
			if *update {
				if runtime.GOARCH == "wasm" {
					t.Fatal("-update only natively")
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./wasm_test/node -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s on %s/%s differs from %s: first difference at byte %d",
					p.Name, runtime.GOOS, runtime.GOARCH, path, firstDiff(got, want))
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
