package app

// keyValueStore is where the page keeps the last valid scenario between
// visits: the browser's localStorage, or memory when the browser refuses
// site data (storage disabled, blocked cookies, a sandboxed frame). Its
// methods never panic: a store that fails says so with ok = false.
type keyValueStore interface {
	// Get returns the value at key and whether there is one.
	Get(key string) (value string, ok bool)
	// Set keeps value at key and reports whether it could.
	Set(key, value string) bool
}

// storageNote is what StorageNoticeID says.
const storageNote = "This browser does not let the page keep data, so your last scenario will not be remembered here. " +
	"Copy the link or export the scenario to keep it."

// memoryStore is a keyValueStore that lasts as long as the page.
type memoryStore map[string]string

func (m memoryStore) Get(key string) (string, bool) {
	v, ok := m[key]
	return v, ok
}

func (m memoryStore) Set(key, value string) bool {
	m[key] = value
	return true
}
