//go:build !(js && wasm)

package client

// ChartWorker outside the browser has no Web Worker: it is never ready,
// so that the page draws its charts itself, natively as in tests.
type ChartWorker struct{}

// NewChartWorker returns a chart worker that never starts; url matters
// only in a browser.
func NewChartWorker(url string) *ChartWorker { return &ChartWorker{} }

// Start does nothing outside the browser.
func (c *ChartWorker) Start() {}

// Ready reports false outside the browser.
func (c *ChartWorker) Ready() bool { return false }

// Draw reports false outside the browser: the caller draws the charts.
func (c *ChartWorker) Draw(summary []byte, scenario, layout string, onDone func([]byte, error)) bool {
	return false
}

// Close does nothing outside the browser.
func (c *ChartWorker) Close() {}
