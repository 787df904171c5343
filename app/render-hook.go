package app

// renderHook, when set (tests only), is told the name of every component
// of the page as it renders: a test counts which parts a change renders.
var renderHook func(component string)

// rendered tells renderHook that component renders.
func rendered(component string) {
	if renderHook != nil {
		renderHook(component)
	}
}
