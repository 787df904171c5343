package planner

import "math/rand/v2"

// splitmix64 is Steele, Lea and Flood's 64-bit mixer: a bijection that
// spreads nearby inputs (trial 0, 1, 2, …) over the whole state space.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// seedTrial points src at the stream of trial i of a run seeded with seed:
// a PCG (math/rand/v2) seeded with two mixed words of (seed, i). Trial i's
// numbers depend on nothing else, which is what lets trials run in any
// chunks, in any order, on any number of workers.
func seedTrial(src *rand.PCG, seed uint64, i int) {
	a := splitmix64(seed ^ splitmix64(uint64(i)))
	b := splitmix64(a ^ 0x6a09e667f3bcc909 ^ uint64(i))
	src.Seed(a, b)
}
