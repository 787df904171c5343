package charts

// CheckSVG reports whether b is chart markup that is safe to insert into
// the page as raw markup: the check SVG applies to what it draws (it
// parses as XML and holds only the elements and attributes of a chart).
// The page runs it on the SVG text that the chart worker (cmd/chartworker)
// sends back, so that markup from another thread is held to the same
// rule as its own.
func CheckSVG(b []byte) error { return checkSVG(b) }
