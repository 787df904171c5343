package client

// analysisAnswer is one onDone call of an Analysis.
type analysisAnswer struct {
	out []byte
	err error
}
