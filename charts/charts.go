package charts

import (
	"errors"
	"fmt"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// Kind names a chart. Its value is part of Spec.ID, so it is URL- and
// file-name-safe.
type Kind string

// The four chart kinds.
const (
	// WarmCapacity is one chart per enabled pass: warm capacity over time,
	// per role a median line, a translucent P5–P95 band and a dashed
	// "needed" line at WarmBands.Needed (the warm share below which the
	// role drops requests). x: minutes (hours for long passes) from the
	// pass's start; y: warm capacity, percent of the role's instances,
	// 0–100.
	WarmCapacity Kind = "warm-capacity"
	// CapacityLoss is one chart per enabled pass: capacity lost while each
	// upgrade domain is upgraded, per role the mean as a bar and the P95 as
	// a whisker. x: upgrade domain; y: capacity lost, percent of the role.
	CapacityLoss Kind = "capacity-loss"
	// BadMinutes is one chart: the CDF of bad minutes per month of the
	// service (and of each role when there are two or more) as step
	// lines, with a vertical line at the SLA budget Charts.BudgetMinutes.
	// x: bad minutes per month; y: share of months, percent.
	BadMinutes Kind = "bad-minutes"
	// PassDurations is one chart: per enabled pass the CDF of its
	// duration. x: minutes (hours when long); y: share of trials, percent.
	PassDurations Kind = "pass-durations"
)

// perPass reports whether the kind draws one chart per enabled pass.
func (k Kind) perPass() bool { return k == WarmCapacity || k == CapacityLoss }

// ErrNoTrials is returned when the results hold no trial: there is
// nothing to draw until a run has finished at least one.
var ErrNoTrials = errors.New("charts: no trials to draw; run the scenario first")

// Spec is one chart to draw: its kind, the pass for per-pass kinds (""
// otherwise), and its title.
type Spec struct {
	Kind  Kind
	Pass  model.PassKind
	Title string // drawn on the chart; Plot uses a default when empty
	// Scenario, when set, is the scenario the results were computed
	// from. The subtitle then states its facts (ScenarioFacts: instances,
	// domains, warm-up) and the trials instead of its name, which an edit
	// does not update, and a capacity-loss chart explains under the plot
	// each domain where a role loses 100 % (FullLossReason). Leave it
	// nil to draw from the results alone.
	Scenario *model.Scenario
}

// ID returns a stable, URL- and file-name-safe id: the kind, then the
// pass for per-pass kinds ("warm-capacity-host_os", "bad-minutes"). Any
// byte outside [a-z0-9_-] becomes '-', so a Spec read from a URL cannot
// smuggle a path or markup into the id.
func (s Spec) ID() string {
	id := string(s.Kind)
	if s.Pass != "" {
		id += "-" + string(s.Pass)
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'a'
		}
		return '-'
	}, id)
}

// Specs lists the charts for these results in page order: bad minutes
// first (the SLA question), then per enabled pass, in run order, its warm
// capacity and capacity loss, then the pass durations. It returns nil for
// results without trials.
func Specs(c planner.Charts) []Spec {
	if c.Trials <= 0 {
		return nil
	}
	out := []Spec{{Kind: BadMinutes, Title: defaultTitle(BadMinutes, "")}}
	for _, p := range passes(c) {
		out = append(out,
			Spec{Kind: WarmCapacity, Pass: p, Title: defaultTitle(WarmCapacity, p)},
			Spec{Kind: CapacityLoss, Pass: p, Title: defaultTitle(CapacityLoss, p)},
		)
	}
	if len(c.PassDurations) > 0 {
		out = append(out, Spec{Kind: PassDurations, Title: defaultTitle(PassDurations, "")})
	}
	return out
}

// defaultTitle is the title Specs gives a chart of kind k for pass p.
func defaultTitle(k Kind, p model.PassKind) string {
	switch k {
	case WarmCapacity:
		return "Warm capacity during the " + p.Title() + " pass"
	case CapacityLoss:
		return "Capacity lost per upgrade domain, " + p.Title() + " pass"
	case BadMinutes:
		return "Bad minutes per month"
	case PassDurations:
		return "How long each pass takes"
	}
	return string(k)
}

// passes returns the enabled passes of the results in run order, as the
// warm-capacity bands list them.
func passes(c planner.Charts) []model.PassKind {
	var out []model.PassKind
	for _, wb := range c.WarmCapacity {
		if len(out) == 0 || out[len(out)-1] != wb.Pass {
			out = append(out, wb.Pass)
		}
	}
	return out
}

// chart is a built chart before layout: the plot without title or legend,
// which the renderer places itself.
type chart struct {
	plot            *plot.Plot
	title, subtitle string
	note            string // under the plot, in the subtitle's style; may be empty
	entries         []legendEntry
}

// legendEntry is one line of a chart's legend: an untrusted name, already
// cleaned, that may be shortened to fit, and a suffix that is kept whole.
type legendEntry struct {
	name, suffix string
	thumbs       []plot.Thumbnailer
}

// add appends a legend entry.
func (ch *chart) add(name, suffix string, thumbs ...plot.Thumbnailer) {
	ch.entries = append(ch.entries, legendEntry{name: name, suffix: suffix, thumbs: thumbs})
}

// legend returns the chart's legend, each entry's name shortened with
// "…" so that the legend is at most maxWidth wide (maxWidth ≤ 0: no
// limit).
func (ch *chart) legend(maxWidth vg.Length) plot.Legend {
	l := newLegend()
	for _, e := range ch.entries {
		text := e.name + e.suffix
		if maxWidth > 0 {
			text = fitText(l.TextStyle, e.name, e.suffix, maxWidth-l.ThumbnailWidth)
		}
		l.Add(text, e.thumbs...)
	}
	return l
}

// fitText returns name+suffix, with name shortened and ending in "…" when
// the text would be wider than width in style sty (the legend puts a
// space before it).
func fitText(sty text.Style, name, suffix string, width vg.Length) string {
	fits := func(s string) bool { return sty.Width(" "+s) <= width }
	if fits(name + suffix) {
		return name + suffix
	}
	rs := []rune(name)
	lo, hi := 0, len(rs) // the longest prefix that fits lies in [lo, hi)
	for lo < hi-1 {
		mid := (lo + hi) / 2
		if fits(strings.TrimRight(string(rs[:mid]), " ") + "…" + suffix) {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo >= min(len(rs), minLegendName) || suffix == "" {
		return strings.TrimRight(string(rs[:lo]), " ") + "…" + suffix
	}
	// The suffix leaves no room for the name: keep the name's start and
	// shorten the suffix instead.
	if len(rs) > minLegendName {
		name = string(rs[:minLegendName]) + "…"
	}
	ss := []rune(suffix)
	lo, hi = 0, len(ss)+1
	for lo < hi-1 {
		mid := (lo + hi) / 2
		if fits(name + strings.TrimRight(string(ss[:mid]), " ") + "…") {
			lo = mid
		} else {
			hi = mid
		}
	}
	return name + strings.TrimRight(string(ss[:lo]), " ") + "…"
}

// minLegendName is the fewest characters of a name that a legend entry
// keeps before it shortens the entry's suffix instead.
const minLegendName = 8

// build draws s for c, turning a panic inside gonum/plot into an error.
func build(s Spec, c planner.Charts) (ch *chart, err error) {
	defer func() {
		if r := recover(); r != nil {
			ch, err = nil, fmt.Errorf("charts: %s: %v", s.ID(), r)
		}
	}()
	if c.Trials <= 0 {
		return nil, ErrNoTrials
	}
	if s.Kind.perPass() != (s.Pass != "") {
		if s.Pass == "" {
			return nil, fmt.Errorf("charts: %s: a %s chart needs a pass", s.ID(), s.Kind)
		}
		return nil, fmt.Errorf("charts: %s: a %s chart is not drawn per pass; leave Pass empty", s.ID(), s.Kind)
	}
	title := s.Title
	if title == "" {
		title = defaultTitle(s.Kind, s.Pass)
	}
	ch = &chart{
		plot:     newPlot(),
		title:    clean(title, maxTitleRunes),
		subtitle: subtitle(c),
	}
	if s.Scenario != nil {
		ch.subtitle = scenarioSubtitle(*s.Scenario, c.Trials)
	}
	switch s.Kind {
	case WarmCapacity:
		err = buildWarmCapacity(ch, s.Pass, c)
	case CapacityLoss:
		err = buildCapacityLoss(ch, s.Pass, c, s.Scenario)
	case BadMinutes:
		err = buildBadMinutes(ch, c)
	case PassDurations:
		err = buildPassDurations(ch, c)
	default:
		return nil, fmt.Errorf("charts: unknown chart kind %q; want one of %s, %s, %s, %s",
			s.Kind, WarmCapacity, CapacityLoss, BadMinutes, PassDurations)
	}
	if err != nil {
		return nil, fmt.Errorf("charts: %s: %w", s.ID(), err)
	}
	return ch, nil
}

// subtitle names the scenario and the number of trials.
func subtitle(c planner.Charts) string {
	trials := thousands(c.Trials) + " simulated months"
	if c.Trials == 1 {
		trials = "1 simulated month"
	}
	name := clean(c.Scenario, maxScenarioRunes)
	if name == "" {
		return trials
	}
	return name + " · " + trials
}
