// Package wasmtest holds no code: its sub-directories are tests that run
// as WebAssembly. node/ runs under Node (make wasmtest) and checks that
// the engine gives byte-identical results natively and as wasm; e2e/
// drives the built site in headless Chromium (make e2e).
package wasmtest
