package advisor

import (
	"math"

	"rolloutplanner/model"
)

// LargestDomain returns how many of a role's n instances the fullest of U
// upgrade domains holds: instance i lives in domain i mod U, so ⌈n/U⌉.
func LargestDomain(n, domains int) int {
	if n <= 0 || domains <= 0 {
		return 0
	}
	return (n + domains - 1) / domains
}

// SurvivorLoad returns the load per surviving instance, a fraction of one
// instance's capacity, while the fullest upgrade domain is down and every
// other instance is warm: ρ = u·n / (n − ⌈n/U⌉) for utilisation u at full
// strength. It is +Inf when no instance survives (n ≤ 1 or U = 1).
func SurvivorLoad(u float64, n, domains int) float64 {
	left := n - LargestDomain(n, domains)
	if left <= 0 {
		return math.Inf(1)
	}
	return u * float64(n) / float64(left)
}

// MinInstances returns the smallest instance count above n (up to
// model.MaxInstances) whose survivors carry load u in U domains without
// exceeding overload o, and whether there is one. With U domains the
// survivors are at best (U−1)/U of the role, so there is none when
// u·U/(U−1) > o.
func MinInstances(u, o float64, n, domains int) (int, bool) {
	for m := n + 1; m <= model.MaxInstances; m++ {
		if SurvivorLoad(u, m, domains) <= o {
			return m, true
		}
	}
	return 0, false
}

// MinDomains returns the smallest upgrade-domain count above U (up to
// model.MaxUpgradeDomains, and no more than n, beyond which each domain
// holds one instance anyway) whose survivors carry load u without
// exceeding o, and whether there is one.
func MinDomains(u, o float64, n, domains int) (int, bool) {
	for d := domains + 1; d <= min(n, model.MaxUpgradeDomains); d++ {
		if SurvivorLoad(u, n, d) <= o {
			return d, true
		}
	}
	return 0, false
}

// MinConfig returns the configuration with the fewest instances (at least
// n), then the fewest domains (at least U), whose survivors carry load u
// without exceeding o, and whether there is one within the model's limits.
func MinConfig(u, o float64, n, domains int) (instances, udomains int, ok bool) {
	for m := n; m <= model.MaxInstances; m++ {
		for d := domains; d <= model.MaxUpgradeDomains; d++ {
			if SurvivorLoad(u, m, d) <= o {
				return m, d, true
			}
		}
	}
	return 0, 0, false
}
