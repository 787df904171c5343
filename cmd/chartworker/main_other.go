//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains, when the command is built natively, that it is meant for
// the browser; the native build exists so that `go build ./...` and
// `go vet ./...` cover the package.
func main() {
	fmt.Fprintln(os.Stderr, "chartworker is a WebAssembly module for a Web Worker; build it with\n"+
		"  GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o web/chart.wasm ./cmd/chartworker")
	os.Exit(2)
}
