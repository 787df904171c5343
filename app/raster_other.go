//go:build !js

package app

// rasterPNG is nil outside the browser: charts.PNG draws the PNGs.
var rasterPNG func(svg []byte) ([]byte, error)
