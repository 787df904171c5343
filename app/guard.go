package app

// generation guards against stale answers: work started under a ticket
// (a run, an analysis, a chart drawn off the UI goroutine) may land only
// while its ticket is current, and every next() or stop() makes all
// earlier tickets stale. It is the page's one stale-result guard; it is
// used only on the UI goroutine. The zero value is ready, and no ticket
// is current until next is called.
type generation struct{ n uint64 }

// ticket names one piece of work of a generation.
type ticket uint64

// next starts new work: it returns the work's ticket and makes every
// earlier ticket stale.
func (g *generation) next() ticket {
	g.n++
	return ticket(g.n)
}

// stop makes every ticket stale, without starting new work.
func (g *generation) stop() { g.n++ }

// current reports whether t is the ticket of the latest work.
func (g *generation) current(t ticket) bool { return t != 0 && uint64(t) == g.n }

// count is the number of tickets issued and stops so far: it changes
// whenever the work under way does, so components can use it as a cheap
// exported field that makes go-app re-render them.
func (g *generation) count() uint64 { return g.n }
