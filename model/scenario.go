package model

// Version is the scenario format this package reads and writes.
const Version = 1

// Limits of docs/model.md §3.
const (
	MaxNameLen        = 120     // characters in a scenario name
	MaxRoleNameLen    = 60      // characters in a role name
	MaxUpgradeDomains = 20      // upgrade domains of a service
	MaxRoles          = 16      // roles of a service
	MaxInstances      = 1000    // instances of one role
	MaxTrials         = 1000000 // Monte Carlo trials of one run
	MaxStartupFailure = 0.9     // startup_failure_prob
)

// MaxMinutes is the longest duration a scenario may hold: 1,576,800
// minutes, three years of 365 days. It bounds month_minutes,
// ready_timeout, onstop_limit and every parameter and observation of
// every distribution (from −MaxMinutes to MaxMinutes; utilisation's too,
// though it is a fraction). No operator needs a longer duration, and the
// bound keeps every figure the planner derives from a valid scenario
// finite (docs/limits.md).
const MaxMinutes = 3 * 365 * 24 * 60

// Bounds on the shape of heavy-tailed distributions, so that the samples
// of every valid distribution stay finite (docs/limits.md).
const (
	// MaxLogNormalSpread is the largest ratio p95/p50 of a lognormal: a
	// σ of at most ln(1000)/1.645 ≈ 4.2, whose mean is about 6,800 × p50.
	// Wider ratios (tiny p50, huge p95) give samples that overflow to +Inf.
	MaxLogNormalSpread = 1000
	// MinWeibullShape is the smallest shape k of a Weibull: its mean is
	// then at most Γ(11) ≈ 3.6 million × scale, and no sample overflows.
	// Smaller shapes give astronomically large samples.
	MinWeibullShape = 0.1
)

// Scenario is one service and the month of rolling upgrades it goes
// through (docs/model.md §3.2). Durations are minutes.
type Scenario struct {
	Version        int     `json:"version"`
	Name           string  `json:"name"`
	UpgradeDomains int     `json:"upgrade_domains"`
	SLATargetPct   float64 `json:"sla_target_pct"` // percent, 50 ≤ x < 100
	MonthMinutes   float64 `json:"month_minutes"`
	BadErrorRate   float64 `json:"bad_error_rate"` // share of failed requests above which time is bad
	Trials         int     `json:"trials"`
	Seed           uint64  `json:"seed"`
	ReadyTimeout   float64 `json:"ready_timeout"` // minutes the platform waits for Ready
	OnStopLimit    float64 `json:"onstop_limit"`  // cap on OnStop, minutes
	Passes         Passes  `json:"passes"`
	Roles          []Role  `json:"roles"`
}

// Passes are the three monthly update passes, run in this order.
type Passes struct {
	HostOS     HostOSPass     `json:"host_os"`
	GuestOS    GuestOSPass    `json:"guest_os"`
	GuestAgent GuestAgentPass `json:"guest_agent"`
}

// HostOSPass reboots every host, one upgrade domain at a time.
type HostOSPass struct {
	Enabled         bool    `json:"enabled"`
	HostReboot      Dist    `json:"host_reboot"`       // restart time of an instance
	UDGap           Dist    `json:"ud_gap"`            // pause before each later domain
	HostFailureProb float64 `json:"host_failure_prob"` // chance a host does not come back
	HostRecovery    Dist    `json:"host_recovery"`     // time until a failed host's instance can start
}

// GuestOSPass reimages the OS drive of every instance.
type GuestOSPass struct {
	Enabled        bool `json:"enabled"`
	DelayAfterHost Dist `json:"delay_after_host"` // from the end of the Host OS pass
	OSBoot         Dist `json:"os_boot"`          // restart time of an instance
}

// GuestAgentPass recycles the role processes without a reboot.
type GuestAgentPass struct {
	Enabled         bool `json:"enabled"`
	DelayAfterGuest Dist `json:"delay_after_guest"` // from the end of the previous enabled pass
	ProcessRestart  Dist `json:"process_restart"`   // restart time of an instance
}

// Role is one role of the service: its instances, load and the
// distributions of its lifecycle.
type Role struct {
	Name               string  `json:"name"`
	Instances          int     `json:"instances"`
	Utilization        Dist    `json:"utilization"` // load per instance at full strength, fraction
	OverloadAt         float64 `json:"overload_at"` // load per instance above which the excess fails
	OnStop             Dist    `json:"onstop"`
	StartupTasks       Dist    `json:"startup_tasks"`
	OnStart            Dist    `json:"onstart"`
	Warmup             Dist    `json:"warmup"`
	WarmupInOnStart    bool    `json:"warmup_in_onstart"`
	StartupFailureProb float64 `json:"startup_failure_prob"`
	RerunDefectProb    float64 `json:"rerun_defect_prob"`
	ReimageDefectProb  float64 `json:"reimage_defect_prob"`
	Repair             Dist    `json:"repair"`
}

// Default returns the scenario that an empty JSON object decodes to: the
// defaults of docs/model.md §3 with one role, "web"; §8.1 lists the
// defaults that the contract leaves to us.
func Default() Scenario {
	return Scenario{
		Version:        Version,
		UpgradeDomains: 5,
		SLATargetPct:   99.95,
		MonthMinutes:   43200,
		BadErrorRate:   0.05,
		Trials:         10000,
		Seed:           1,
		ReadyTimeout:   30,
		OnStopLimit:    5,
		Passes:         DefaultPasses(),
		Roles:          []Role{DefaultRole("web")},
	}
}

// DefaultPasses returns the three passes, enabled, with typical times: a
// host reboot of 10–15 min (15–20 min end to end with shutdown and
// startup), the Guest OS pass 6 h after the Host OS pass and the guest
// agent pass 2 h after that.
func DefaultPasses() Passes {
	return Passes{
		HostOS: HostOSPass{
			Enabled:      true,
			HostReboot:   UniformDist(10, 15),
			UDGap:        FixedDist(0),
			HostRecovery: LogNormalDist(60, 240),
		},
		GuestOS: GuestOSPass{
			Enabled:        true,
			DelayAfterHost: FixedDist(360),
			OSBoot:         UniformDist(10, 15),
		},
		GuestAgent: GuestAgentPass{
			Enabled:         true,
			DelayAfterGuest: FixedDist(120),
			ProcessRestart:  FixedDist(1),
		},
	}
}

// DefaultRole returns a role of 2 instances at 50 % load with warm-up after
// OnStart and no failures or defects.
func DefaultRole(name string) Role {
	return Role{
		Name:         name,
		Instances:    2,
		Utilization:  FixedDist(0.5),
		OverloadAt:   1,
		OnStop:       FixedDist(1),
		StartupTasks: FixedDist(3),
		OnStart:      FixedDist(2),
		Warmup:       FixedDist(5),
		Repair:       LogNormalDist(240, 1440),
	}
}

// EnabledPasses returns the keys of the enabled passes in run order
// ("host_os", "guest_os", "guest_agent").
func (s *Scenario) EnabledPasses() []PassKind {
	var out []PassKind
	if s.Passes.HostOS.Enabled {
		out = append(out, HostOS)
	}
	if s.Passes.GuestOS.Enabled {
		out = append(out, GuestOS)
	}
	if s.Passes.GuestAgent.Enabled {
		out = append(out, GuestAgent)
	}
	return out
}

// PassKind names one of the three passes; its value is the JSON key.
type PassKind string

// The passes, in run order.
const (
	HostOS     PassKind = "host_os"
	GuestOS    PassKind = "guest_os"
	GuestAgent PassKind = "guest_agent"
)

// Title returns the pass's name for people ("Host OS").
func (p PassKind) Title() string {
	switch p {
	case HostOS:
		return "Host OS"
	case GuestOS:
		return "Guest OS"
	case GuestAgent:
		return "Guest agent"
	}
	return string(p)
}

// Clone returns a deep copy of s: its roles and empirical observations
// are not shared.
func (s Scenario) Clone() Scenario {
	c := s
	c.Roles = make([]Role, len(s.Roles))
	copy(c.Roles, s.Roles)
	for _, f := range Fields {
		if f.Type != DistField {
			continue
		}
		if f.Group != RoleGroup {
			d := f.Ptr(&c, 0).(*Dist)
			*d = d.clone()
			continue
		}
		for i := range c.Roles {
			d := f.Ptr(&c, i).(*Dist)
			*d = d.clone()
		}
	}
	return c
}

func (d Dist) clone() Dist {
	if d.Values != nil {
		d.Values = append([]float64(nil), d.Values...)
	}
	return d
}
