//go:build js && wasm

package main

// serverMain is never reached in the browser: app.RunWhenOnBrowser does
// not return there.
func serverMain() {}
