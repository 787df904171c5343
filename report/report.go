package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"rolloutplanner/charts"
	"rolloutplanner/internal/numfmt"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/advisor"
	"rolloutplanner/planner/fit"
	"rolloutplanner/planner/whatif"
)

// Input is everything a report shows. Build fills it by running the
// engine natively; the page can fill it from its own runs. Scenario,
// Result and Charts are required; every other section is left out when
// its field is nil.
type Input struct {
	Scenario model.Scenario
	Result   planner.Result // the run of Scenario
	Charts   planner.Charts // the same run's chart data (Accumulator.Charts)
	// Advice is the advisor's report on the run; nil leaves the findings
	// out, an empty list of findings says "no findings".
	Advice *advisor.Report
	// Budget is the share of the SLA's monthly allowance the run uses;
	// nil computes it from Result (without a CDF).
	Budget *whatif.Budget
	// Sweep is a sweep around the scenario (heat maps and table); nil
	// leaves it out.
	Sweep *whatif.SweepResult
	// Sensitivity is the tornado study; nil leaves it out.
	Sensitivity *whatif.SensitivityResult
	// Fits are calibrations from pasted durations, each drawn as a fit
	// chart.
	Fits []FitInput
	// BaseURL is the planner page's address, to which the link that
	// reopens the scenario appends "#s=" and the scenario's code:
	// "https://example.org/planner/". Empty means "index.html", a link
	// relative to the report's own location. Only http and https
	// addresses and relative references are accepted.
	BaseURL string
	// Generated, when not empty, is shown as the report's date ("2025-05-01
	// 14:00 UTC"); Build leaves it empty so reports are reproducible.
	Generated string
	// Drawn holds charts already drawn by package charts for this same
	// input, as markup starting at "<svg", so that Write need not draw
	// them again (the page has them on screen): by charts.Spec.ID for the
	// result charts, by charts.SweepMetric for the sweep's heat maps and
	// charts.TornadoID for the tornado. Missing ones are drawn.
	Drawn map[string]string
}

// svg returns the chart that in.Drawn holds under id, else draws it.
func (in Input) svg(id string, draw func() ([]byte, error)) ([]byte, error) {
	if svg, ok := in.Drawn[id]; ok && strings.HasPrefix(svg, "<svg") {
		return []byte(svg), nil
	}
	return draw()
}

// FitInput is one calibration to show: the observed durations, in
// minutes, what they measure (untrusted text) and fit.Calibrate's result.
type FitInput struct {
	What        string
	Data        []float64
	Calibration fit.Calibration
}

// Link returns the address that reopens the scenario in the planner:
// in.BaseURL (default "index.html") without its fragment, then "#s=" and
// model.EncodeURL's code. It fails for a BaseURL that is not an http or
// https address or a relative reference, and for a scenario too large for
// a link (model.ErrURLTooLarge).
func (in Input) Link() (string, error) {
	base, err := baseURL(in.BaseURL)
	if err != nil {
		return "", err
	}
	code, err := model.EncodeURL(in.Scenario)
	if err != nil {
		return "", err
	}
	return base + "#s=" + code, nil
}

// BaseURLError is the error of a BaseURL the report cannot link to.
type BaseURLError struct {
	URL string // the BaseURL as given, trimmed
	Why string // "names no host"
}

// Error names the base URL and says what is wrong with it.
func (e *BaseURLError) Error() string { return "report: " + e.Problem() }

// Problem is Error without the package prefix: `base URL "x" names no host`.
func (e *BaseURLError) Problem() string { return fmt.Sprintf("base URL %q %s", e.URL, e.Why) }

// baseURL checks and normalises a report's BaseURL.
func baseURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "index.html", nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", &BaseURLError{URL: s, Why: "cannot be read: " + err.Error()}
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return "", &BaseURLError{URL: s, Why: "is not an http or https address or a relative one (it is " + u.Scheme + ":)"}
	}
	if u.Scheme != "" && u.Host == "" {
		return "", &BaseURLError{URL: s, Why: "names no host"}
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

// ErrNoResult is returned by Write for an Input without trials.
var ErrNoResult = errors.New("report: the input holds no result; run the scenario first")

// Write writes the report of in as one HTML document to w. It returns
// ErrNoResult for an input without trials, an error for a bad BaseURL,
// and w's error. A chart that cannot be drawn is replaced by a note
// saying why; the rest of the report is still written.
func Write(w io.Writer, in Input) error {
	if in.Result.Trials <= 0 || in.Charts.Trials <= 0 {
		return ErrNoResult
	}
	if _, err := baseURL(in.BaseURL); err != nil {
		return err
	}
	_, err := w.Write(render(newView(in)))
	return err
}

// figure is one chart of the report: its SVG markup, checked by package
// charts, or the reason it could not be drawn.
type figure struct {
	ID, Caption string
	SVG         []byte // written as markup; see newFigure
	Problem     string
}

// newFigure wraps a chart's SVG. charts.SVG and its siblings return
// markup that starts with "<svg", parses as XML and holds only chart
// elements and attributes (they check it before returning it), which is
// what makes writing it as markup (writer.svg) safe.
func newFigure(id, caption string, svg []byte, err error) figure {
	f := figure{ID: id, Caption: caption}
	if err != nil {
		f.Problem = err.Error()
		return f
	}
	f.SVG = svg // checked by package charts
	return f
}

// view is what render writes: formatted text and figures.
type view struct {
	Title, Name   string
	Generated     string
	Trials, Seed  string
	Link          string
	LinkProblem   string
	ScenarioJSON  string
	Service       []row
	Passes        []row
	Roles         []roleView
	HasAdvice     bool
	Together      *togetherView // the advisor's combination, shown first
	Findings      []findingView
	Metrics       []metricsRow
	PassDurations []row
	Figures       []figure // the result charts
	Budget        budgetView
	Sweep         *sweepView
	Tornado       *tornadoView
	FitFigures    []figure
	ChartCount    int
}

// row is one line of a two-column table.
type row struct{ Key, Value, Note string }

type roleView struct {
	Name string
	Rows []row
}

type findingView struct {
	Severity, Title, Role, Path           string
	Mechanism, Evidence, Fix, Change      string
	Impact, Before, After, BeforeHardDown string
	AfterHardDown                         string
}

// togetherView is the advisor's combination of changes.
type togetherView struct {
	Heading, Lead string
	Changes       []string // "4 instances (web): alone 0 % of months"
	Fields        []row    // Key the field path, Value "2 → 4"
	Before, After string   // shares of months meeting the SLA
	Interval      string   // After's 95 % interval
	With          string   // "with all of them" or "with the change"
}

type metricsRow struct {
	Name                                   string
	Compliance, PBad, PHardDown            string
	BadMean, BadP50, BadP95, BadP99        string
	HardMean, HardP95, AvailMean, AvailP05 string
	Served                                 string
}

type budgetView struct {
	Allowance string
	Rows      []budgetRow
}

type budgetRow struct {
	Name, Mean, P50, P95, P99, Exceeded string
}

type sweepView struct {
	Odds, Trials string
	Smallest     string
	Figures      []figure
	Cells        []sweepRow
	Roles        []string
}

type sweepRow struct {
	Instances                    []string
	Domains, Warmup              string
	Compliance, Lo, Hi, HardDown string
	BadMean, Meets, Confident    string
	Smallest                     bool
}

type tornadoView struct {
	Shift   string
	Base    string
	Figure  figure
	Effects []effectRow
}

type effectRow struct {
	Input, Path                   string
	LowBad, HighBad               string
	LowCompliance, HighCompliance string
}

// newView formats in for render.
func newView(in Input) view {
	s := in.Scenario
	name := strings.TrimSpace(s.Name)
	v := view{
		Name:      name,
		Title:     "Rollout plan review",
		Generated: in.Generated,
		Trials:    thousands(in.Result.Trials),
		Seed:      fmt.Sprint(in.Result.Seed),
	}
	if name != "" {
		v.Title += ": " + name
	}
	if link, err := in.Link(); err != nil {
		v.LinkProblem = err.Error()
		if errors.Is(err, model.ErrURLTooLarge) {
			v.LinkProblem = "This scenario is too large for a link; the scenario's JSON below opens in the planner with Import."
		}
	} else {
		v.Link = link
	}
	if doc, err := json.MarshalIndent(s, "", "  "); err == nil {
		v.ScenarioJSON = string(doc)
	}
	v.Service, v.Passes, v.Roles = scenarioTables(s)

	if in.Advice != nil {
		v.HasAdvice = true
		for _, f := range in.Advice.Findings {
			v.Findings = append(v.Findings, findingOf(f))
		}
		if c := in.Advice.Together; c != nil {
			v.Together = togetherOf(*c, s.SLATargetPct)
		}
	}

	r := in.Result
	v.Metrics = append(v.Metrics, metricsOf("service", r.Service, r.Trials))
	for _, rr := range r.Roles {
		v.Metrics = append(v.Metrics, metricsOf(rr.Name, rr.Metrics, r.Trials))
	}
	for _, p := range r.Passes {
		v.PassDurations = append(v.PassDurations, row{
			Key:   p.Pass.Title(),
			Value: num(p.Duration.Mean) + " min",
			Note:  "median " + num(p.Duration.P50) + " min, 95th percentile " + num(p.Duration.P95) + " min",
		})
	}

	for _, spec := range charts.Specs(in.Charts) {
		svg, err := in.svg(spec.ID(), func() ([]byte, error) { return charts.SVG(spec, in.Charts) })
		v.Figures = append(v.Figures, newFigure(spec.ID(), spec.Title, svg, err))
	}

	b := whatif.BudgetFromResult(s, r)
	if in.Budget != nil {
		b = *in.Budget
	}
	v.Budget = budgetOf(b)

	if in.Sweep != nil && len(in.Sweep.Cells) > 0 {
		v.Sweep = sweepOf(*in.Sweep, &in)
	}
	if in.Sensitivity != nil && len(in.Sensitivity.Effects) > 0 {
		v.Tornado = tornadoOf(*in.Sensitivity, s, &in)
	}
	for i, f := range in.Fits {
		svg, err := charts.FitSVG(f.Data, f.Calibration, f.What)
		cap := "Observed durations against the fitted distributions"
		if w := strings.TrimSpace(f.What); w != "" {
			cap += ": " + w
		}
		v.FitFigures = append(v.FitFigures, newFigure(fmt.Sprintf("%s-%d", charts.FitID, i+1), cap, svg, err))
	}

	for _, f := range v.allFigures() {
		if f.Problem == "" {
			v.ChartCount++
		}
	}
	return v
}

// allFigures lists every figure of the report.
func (v view) allFigures() []figure {
	out := append([]figure(nil), v.Figures...)
	if v.Sweep != nil {
		out = append(out, v.Sweep.Figures...)
	}
	if v.Tornado != nil {
		out = append(out, v.Tornado.Figure)
	}
	return append(out, v.FitFigures...)
}

// scenarioTables describes the scenario: service fields, passes and
// roles, every distribution in words. The rows are model.Fields in form
// order, with the notes of fieldNote.
func scenarioTables(s model.Scenario) (service, passes []row, roles []roleView) {
	for _, f := range model.FormFields(model.ServiceGroup) {
		service = append(service, fieldRow(s, f, 0, f.Label))
	}
	for _, pk := range []model.PassKind{model.HostOS, model.GuestOS, model.GuestAgent} {
		fs := model.FormFields(model.Group("passes." + string(pk)))
		on := fs[0] // "enabled"
		passes = append(passes, fieldRow(s, on, 0, on.Label))
		if !*on.Ptr(&s, 0).(*bool) {
			continue
		}
		for _, f := range fs[1:] {
			passes = append(passes, fieldRow(s, f, 0, pk.Title()+": "+f.Words()))
		}
	}
	for i, r := range s.Roles {
		rv := roleView{Name: r.Name}
		for _, f := range model.FormFields(model.RoleGroup) {
			if f.Key != "name" {
				rv.Rows = append(rv.Rows, fieldRow(s, f, i, f.Label))
			}
		}
		roles = append(roles, rv)
	}
	return service, passes, roles
}

// fieldRow is the row of field f (of role i) with this key.
func fieldRow(s model.Scenario, f model.Field, i int, key string) row {
	rw := row{Key: key, Note: fieldNote(s, f, i)}
	switch p := f.Ptr(&s, i).(type) {
	case *string:
		rw.Value = *p
	case *bool:
		rw.Value = yesNo(*p)
	case *int:
		rw.Value = thousands(*p)
	case *uint64:
		rw.Value = strconv.FormatUint(*p, 10)
	case *float64:
		switch {
		case f.Share:
			rw.Value = num(100**p) + " %"
		case f.Unit == "%":
			rw.Value = strconv.FormatFloat(*p, 'f', -1, 64) + " %"
		case f.Unit == "min":
			rw.Value = num(*p) + " min"
		default:
			rw.Value = num(*p)
		}
	case *model.Dist:
		u := minutes
		if f.Share {
			u = share
		}
		rw.Value = describe(*p, u)
	}
	return rw
}

// fieldNotes explain a field's value in the report where its label does
// not, keyed by group and key.
var fieldNotes = map[string]string{
	"trials":                           "simulated months",
	"ready_timeout":                    "the platform moves on to the next domain after this",
	"passes.host_os.enabled":           "host reboot, every service",
	"passes.host_os.host_failure_prob": "per instance and pass",
	"passes.guest_os.enabled":          "reimage of the OS drive",
	"passes.guest_agent.enabled":       "host process recycle, no reboot",
	"roles.utilization":                "load per instance with every instance serving",
	"roles.overload_at":                "per-instance load",
	"roles.onstop":                     "capped at the OnStop limit",
	"roles.startup_tasks":              "after every reboot and reimage",
	"roles.startup_failure_prob":       "per attempt, retried at once",
	"roles.rerun_defect_prob":          "per reboot pass",
	"roles.reimage_defect_prob":        "per Guest OS pass",
	"roles.repair":                     "until a fix for a defect is out",
}

// fieldNote is the note of field f (of role i) in the report.
func fieldNote(s model.Scenario, f model.Field, i int) string {
	switch {
	case f.Group == model.ServiceGroup && f.Key == "upgrade_domains":
		return "instance i of every role lives in domain i mod " + fmt.Sprint(s.UpgradeDomains)
	case f.Group == model.ServiceGroup && f.Key == "sla_target_pct":
		return "monthly availability; allowance " + num(whatif.Allowance(s)) + " bad minutes a month"
	case f.Group == model.RoleGroup && f.Key == "warmup_in_onstart":
		if s.Roles[i].WarmupInOnStart {
			return "out of rotation until warm"
		}
		return "warm-up after OnStart, under live traffic"
	}
	if f.Group == model.ServiceGroup {
		return fieldNotes[f.Key]
	}
	return fieldNotes[string(f.Group)+"."+f.Key]
}

// findingOf formats one finding.
func findingOf(f advisor.Finding) findingView {
	fv := findingView{
		Severity:  f.Severity.String(),
		Title:     f.Title,
		Role:      f.Role,
		Path:      f.Path,
		Mechanism: f.Mechanism,
		Evidence:  f.Evidence,
		Fix:       f.Fix,
		Change:    f.Change,
	}
	if f.Impact > 0 {
		fv.Impact = num(f.Impact) + " min a month"
	}
	if f.Before != nil {
		fv.Before = pct(f.Before.SLACompliance.P)
		fv.BeforeHardDown = pct(f.Before.PHardDown)
	}
	if f.After != nil {
		fv.After = pct(f.After.SLACompliance.P)
		fv.AfterHardDown = pct(f.After.PHardDown)
	}
	return fv
}

// togetherOf formats the advisor's combination.
func togetherOf(c advisor.Combination, target float64) *togetherView {
	tv := &togetherView{
		Before:   pct(c.Before.SLACompliance.P),
		After:    pct(c.After.SLACompliance.P),
		Interval: pct(c.After.SLACompliance.Lo) + " – " + pct(c.After.SLACompliance.Hi),
		With:     " with all of them (95 % interval ",
	}
	if len(c.Changes) == 1 {
		tv.With = " with the change (95 % interval "
	}
	tv.Heading, tv.Lead = TogetherText(c, target)
	for _, ch := range c.Changes {
		line := ch.Change
		if ch.Role != "" {
			line += " (" + ch.Role + ")"
		}
		tv.Changes = append(tv.Changes, line+": alone "+pct(ch.Alone.P)+" of months")
	}
	for _, f := range c.Fields {
		tv.Fields = append(tv.Fields, row{Key: f.Path, Value: f.From + " → " + f.To})
	}
	return tv
}

// TogetherText is the heading and the lead of the advisor's combination c
// of changes for an SLA target of target %: "Do these together", "No
// single change below meets …; these 2 together do.". The report and the
// planner page show it first among the findings.
func TogetherText(c advisor.Combination, target float64) (heading, lead string) {
	goal := fmt.Sprintf("the SLA (%s %%) in at least %s %% of months", strconv.FormatFloat(target, 'f', -1, 64), num(100*c.Odds))
	switch {
	case !c.Meets:
		heading = "No combination of these changes meets the target"
		lead = fmt.Sprintf("Even all %d changes together do not meet %s: more is needed than the findings below suggest.", len(c.Changes), goal)
	case len(c.Changes) == 1:
		heading = "This change alone meets the target"
		lead = fmt.Sprintf("It meets %s.", goal)
	default:
		heading = "Do these together"
		lead = fmt.Sprintf("No single change below meets %s; these %d together do.", goal, len(c.Changes))
		if c.Minimal {
			lead += " No smaller set of the changes does."
		}
	}
	return heading, lead
}

// metricsOf formats one line of the headline table, shares with their
// 95 % Wilson intervals.
func metricsOf(name string, m planner.Metrics, trials int) metricsRow {
	interval := func(p planner.Proportion) string {
		return pct(p.P) + " [" + pct(p.Lo) + ", " + pct(p.Hi) + "]"
	}
	share := func(p float64) string {
		k := int(p*float64(trials) + 0.5)
		return interval(planner.Wilson(k, trials, planner.WilsonZ))
	}
	return metricsRow{
		Name:       name,
		Compliance: interval(m.SLACompliance),
		PBad:       share(m.PBad),
		PHardDown:  share(m.PHardDown),
		BadMean:    num(m.BadMinutes.Mean),
		BadP50:     num(m.BadMinutes.P50),
		BadP95:     num(m.BadMinutes.P95),
		BadP99:     num(m.BadMinutes.P99),
		HardMean:   num(m.HardDownMinutes.Mean),
		HardP95:    num(m.HardDownMinutes.P95),
		AvailMean:  numfmt.PointsNumber(m.AvailabilityPct.Mean),
		AvailP05:   numfmt.PointsNumber(m.AvailabilityPct.P05),
		Served:     numfmt.PointsNumber(m.RequestsServedPct.Mean),
	}
}

// budgetOf formats the SLA budget table.
func budgetOf(b whatif.Budget) budgetView {
	// Shares of the allowance go past 100 % in months that miss the SLA.
	use := func(x float64) string { return num(100*x) + " %" }
	q := func(name string, s planner.Quantiles, exceeded float64) budgetRow {
		return budgetRow{Name: name, Mean: use(s.Mean), P50: use(s.P50), P95: use(s.P95), P99: use(s.P99), Exceeded: pct(exceeded)}
	}
	bv := budgetView{Allowance: num(b.AllowanceMinutes)}
	bv.Rows = append(bv.Rows, q("service", b.Share, b.PExceeded))
	for _, r := range b.Roles {
		bv.Rows = append(bv.Rows, q(r.Name, r.Share, r.PExceeded))
	}
	return bv
}

// sweepOf formats the sweep: its two heat maps and its table.
func sweepOf(sr whatif.SweepResult, in *Input) *sweepView {
	odds := sr.Odds
	if odds <= 0 {
		odds = whatif.DefaultOdds
	}
	sv := &sweepView{Odds: pct(odds), Trials: thousands(sr.Cells[0].Result.Trials)}
	for _, rr := range sr.Cells[0].Result.Roles {
		sv.Roles = append(sv.Roles, rr.Name)
	}
	for _, m := range charts.SweepMetrics {
		svg, err := in.svg(string(m), func() ([]byte, error) { return charts.SweepSVG(sr, m) })
		caption := "Months meeting the SLA, per configuration"
		if m == charts.SweepHardDown {
			caption = "Months with hard downtime, per configuration"
		}
		sv.Figures = append(sv.Figures, newFigure(string(m), caption, svg, err))
	}
	for i, c := range sr.Cells {
		r := sweepRow{
			Domains:    fmt.Sprint(c.Params.UpgradeDomains),
			Warmup:     string(c.Params.Warmup),
			Compliance: pct(c.Compliance.P),
			Lo:         pct(c.Compliance.Lo),
			Hi:         pct(c.Compliance.Hi),
			HardDown:   pct(c.PHardDown),
			BadMean:    num(c.BadMinutesMean),
			Meets:      yesNo(c.Meets),
			Confident:  yesNo(c.MeetsConfidently),
			Smallest:   i == sr.Smallest,
		}
		for _, n := range c.Params.Instances {
			r.Instances = append(r.Instances, fmt.Sprint(n))
		}
		for len(r.Instances) < len(sv.Roles) {
			r.Instances = append(r.Instances, "")
		}
		sv.Cells = append(sv.Cells, r)
	}
	if sr.Smallest >= 0 && sr.Smallest < len(sr.Cells) {
		c := sr.Cells[sr.Smallest]
		sv.Smallest = describeParams(c)
	}
	return sv
}

// describeParams names a sweep cell for people: "web 4 · 5 upgrade domains · warm-up in-onstart".
func describeParams(c whatif.CellResult) string {
	var parts []string
	for i, n := range c.Params.Instances {
		name := fmt.Sprintf("role %d", i+1)
		if i < len(c.Result.Roles) {
			name = c.Result.Roles[i].Name
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, n))
	}
	return strings.Join(parts, ", ") + " · " + fmt.Sprint(c.Params.UpgradeDomains) + " upgrade domains · warm-up " + string(c.Params.Warmup)
}

// tornadoOf formats the sensitivity study: its chart and its table.
func tornadoOf(sr whatif.SensitivityResult, s model.Scenario, in *Input) *tornadoView {
	h := sr.Shift
	if h <= 0 {
		h = whatif.DefaultShift
	}
	svg, err := in.svg(charts.TornadoID, func() ([]byte, error) { return charts.TornadoSVG(sr, s) })
	tv := &tornadoView{
		Shift:  num(100*h) + " %",
		Base:   num(sr.Base.BadMinutesMean) + " bad minutes a month, SLA met in " + pct(sr.Base.SLACompliance.P) + " of months",
		Figure: newFigure(charts.TornadoID, "What moves the result: each input shifted ±"+num(100*h)+" %", svg, err),
	}
	side := func(o whatif.Outcome, delta float64, points bool) string {
		if o.Skipped != "" {
			return "not run: " + o.Skipped
		}
		sign := ""
		if delta > 0 {
			sign = "+"
		}
		if points {
			return sign + num(100*delta) + " points"
		}
		return sign + num(delta) + " min"
	}
	for _, e := range sr.Effects {
		tv.Effects = append(tv.Effects, effectRow{
			Input:          charts.InputLabel(s, e.Path),
			Path:           e.Path,
			LowBad:         side(e.Low, e.Low.DeltaBadMinutes, false),
			HighBad:        side(e.High, e.High.DeltaBadMinutes, false),
			LowCompliance:  side(e.Low, e.Low.DeltaCompliance, true),
			HighCompliance: side(e.High, e.High.DeltaCompliance, true),
		})
	}
	return tv
}
