package charts

import (
	"strconv"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"rolloutplanner/model"
)

// ScenarioFacts states, from its numbers, what a scenario is: its roles'
// instance counts, the upgrade domains and where warm-up happens ("2 web
// instances in 5 upgrade domains, warm-up after OnStart"). Unlike the
// scenario's name, which the user or a preset wrote once and which an
// edit does not update ("Seed example: 2 web instances" with 4), the
// facts always describe the scenario. Role names are cleaned.
func ScenarioFacts(s model.Scenario) string {
	var b strings.Builder
	plural := func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	}
	switch len(s.Roles) {
	case 0:
		b.WriteString("no roles")
	case 1:
		r := s.Roles[0]
		b.WriteString(thousands(r.Instances) + " " + clean(r.Name, maxNameRunes) + plural(r.Instances, " instance", " instances"))
	default:
		for i, r := range s.Roles {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(clean(r.Name, maxNameRunes) + " ×" + thousands(r.Instances))
		}
	}
	b.WriteString(" in " + thousands(s.UpgradeDomains) + plural(s.UpgradeDomains, " upgrade domain", " upgrade domains"))
	var in, after []string
	for _, r := range s.Roles {
		if r.WarmupInOnStart {
			in = append(in, clean(r.Name, maxNameRunes))
		} else {
			after = append(after, clean(r.Name, maxNameRunes))
		}
	}
	switch {
	case len(s.Roles) == 0:
	case len(after) == 0:
		b.WriteString(", warm-up in OnStart")
	case len(in) == 0:
		b.WriteString(", warm-up after OnStart")
	default:
		b.WriteString(", warm-up in OnStart for " + strings.Join(in, ", "))
	}
	return b.String()
}

// scenarioSubtitle is the subtitle of a chart of scenario s's results:
// its facts and the number of trials.
func scenarioSubtitle(s model.Scenario, trials int) string {
	t := thousands(trials) + " simulated months"
	if trials == 1 {
		t = "1 simulated month"
	}
	return ScenarioFacts(s) + " · " + t
}

// InstancesIn returns how many of a role's n instances live in upgrade
// domain ud of u: instance i lives in domain i mod u (MODEL.md).
func InstancesIn(n, u, ud int) int {
	if u <= 0 || ud < 0 || ud >= u || n <= 0 {
		return 0
	}
	k := n / u
	if ud < n%u {
		k++
	}
	return k
}

// FullLoss is the share of trials above which a capacity loss reads as
// 100 % on screen (one decimal): 99.95 % and more.
const FullLoss = 0.9995

// FullLossReason says why role (an index into s.Roles) loses all its
// capacity while domain ud is upgraded, for a mean loss that rounds to
// 100 %: every instance of the role lives in that domain, or the
// instances elsewhere are not warm (still warming up after their own
// domain's upgrade, or down). It returns "" for a loss below FullLoss or
// an index out of range.
func FullLossReason(s model.Scenario, role, ud int, meanLoss float64) string {
	if meanLoss < FullLoss || role < 0 || role >= len(s.Roles) {
		return ""
	}
	r := s.Roles[role]
	name := clean(r.Name, maxNameRunes)
	here := InstancesIn(r.Instances, s.UpgradeDomains, ud)
	if here >= r.Instances {
		if r.Instances == 1 {
			return "100 % in domain " + strconv.Itoa(ud) + ": the only " + name + " instance lives there"
		}
		return "100 % in domain " + strconv.Itoa(ud) + ": every " + name + " instance (" + thousands(r.Instances) + ") lives there"
	}
	verb, rest := " live there", "the other "+thousands(r.Instances-here)+" are"
	if here == 1 {
		verb = " lives there"
	}
	if r.Instances-here == 1 {
		rest = "the other is"
	}
	return "100 % in domain " + strconv.Itoa(ud) + ": " + thousands(here) + " of the " + thousands(r.Instances) + " " + name +
		" instances" + verb + "; " + rest + " not warm yet (warming up or down)"
}

// drawNote writes a chart's note, in the subtitle's style, at the bottom
// of c, shortened with "…" to its width, and returns c above it.
func drawNote(c draw.Canvas, note string) draw.Canvas {
	if note == "" {
		return c
	}
	ss := textStyle(subtitleSize, false)
	ss.Color = noteColor
	ss.YAlign = draw.YBottom
	note = fitText(ss, note, "", c.Max.X-c.Min.X)
	c.FillText(ss, vg.Point{X: c.Center().X, Y: c.Min.Y}, note)
	c.Min.Y += ss.Rectangle(note).Size().Y + headGap
	return c
}
