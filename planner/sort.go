package planner

// sortEvents sorts events by time in place. A trial lays its events out
// domain by domain, so they come nearly sorted: an insertion sort puts
// them in order in about one pass. Should the events be far from sorted
// (hundreds of instances in one domain), the insertion sort gives up
// after a budget of moves proportional to len(ev) and quickSortEvents
// finishes the job, so the worst case stays O(n log n). Order among equal
// times does not matter: the sweep applies all events of one time
// together.
func sortEvents(ev []event) {
	budget := 8 * len(ev)
	for i := 1; i < len(ev); i++ {
		x := ev[i]
		if x.t >= ev[i-1].t {
			continue
		}
		j := i
		for ; j > 0 && x.t < ev[j-1].t; j-- {
			ev[j] = ev[j-1]
		}
		ev[j] = x
		if budget -= i - j; budget < 0 {
			quickSortEvents(ev)
			return
		}
	}
}

// quickSortEvents sorts events by time in place. It is a plain
// introsort-free quicksort (median of three, insertion sort below 16
// elements) written for []event so that the comparison inlines: the
// generic slices.SortFunc spends most of its time calling the comparator.
func quickSortEvents(ev []event) {
	for len(ev) > 16 {
		mid := len(ev) / 2
		last := len(ev) - 1
		if ev[mid].t < ev[0].t {
			ev[mid], ev[0] = ev[0], ev[mid]
		}
		if ev[last].t < ev[0].t {
			ev[last], ev[0] = ev[0], ev[last]
		}
		if ev[last].t < ev[mid].t {
			ev[last], ev[mid] = ev[mid], ev[last]
		}
		pivot := ev[mid].t
		i, j := 0, last
		for i <= j {
			for ev[i].t < pivot {
				i++
			}
			for ev[j].t > pivot {
				j--
			}
			if i <= j {
				ev[i], ev[j] = ev[j], ev[i]
				i++
				j--
			}
		}
		// Recurse into the smaller side, loop on the larger: O(log n) stack.
		if j+1 < len(ev)-i {
			quickSortEvents(ev[:j+1])
			ev = ev[i:]
		} else {
			quickSortEvents(ev[i:])
			ev = ev[:j+1]
		}
	}
	for i := 1; i < len(ev); i++ {
		for j := i; j > 0 && ev[j].t < ev[j-1].t; j-- {
			ev[j], ev[j-1] = ev[j-1], ev[j]
		}
	}
}
