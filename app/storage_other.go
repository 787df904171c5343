//go:build !(js && wasm)

package app

// siteStore returns the page's store outside the browser: memory, which
// counts as remembered (there is no browser to refuse site data).
func siteStore() (store keyValueStore, remembered bool) {
	return memoryStore{}, true
}
