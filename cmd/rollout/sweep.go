package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"

	"rolloutplanner/internal/csvsafe"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/planner/whatif"
	"rolloutplanner/report"
)

// warmupModes maps the -warmup flag to the sweep's warm-up modes.
var warmupModes = map[string][]whatif.WarmupMode{
	"both":  {whatif.WarmupAfter, whatif.WarmupIn},
	"after": {whatif.WarmupAfter},
	"in":    {whatif.WarmupIn},
	"as-is": {whatif.WarmupAsIs},
}

// runSweep is "rollout sweep": every configuration of a grid of instance
// counts × upgrade domains × warm-up modes, one row per configuration.
func runSweep(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rollout sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf scenarioFlags
	sf.add(fs)
	role := fs.String("role", "", "sweep the instances of the role `NAME` (default: the first role)")
	instances := fs.String("instances", "", "instance counts to try, e.g. `2,3,4` (default: one fewer to two more than the role has)")
	domains := fs.String("domains", "", "upgrade domain counts to try, e.g. `2,3,5` (default: 2, 3, 5 and the scenario's)")
	warmup := fs.String("warmup", "both", "warm-up modes to try: `both`, after, in or as-is")
	odds := fs.Float64("odds", whatif.DefaultOdds, "share of months that must meet the SLA for a configuration to meet the target")
	format := fs.String("format", "csv", "output format: `csv` or json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rollout sweep [-preset NAME | -scenario FILE] [-role NAME] [-instances 2,3,4] [-domains 2,3,5] [-warmup both|after|in|as-is] [-trials N] [-seed S] [-format csv|json]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitBadInput
	}
	var problems []string
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	s, ps := sf.load(fs, stdin)
	problems = append(problems, ps...)

	g := report.DefaultGrid(s, planner.Result{})
	r := 0
	if *role != "" {
		r = -1
		for i, ro := range s.Roles {
			if ro.Name == *role {
				r = i
			}
		}
		if r < 0 {
			problems = append(problems, fmt.Sprintf("-role: the scenario has no role %q", *role))
		}
	}
	var counts []int
	if *instances != "" {
		var ps []string
		counts, ps = intList("instances", *instances, 1, model.MaxInstances)
		problems = append(problems, ps...)
	}
	if r >= 0 && r < len(s.Roles) {
		switch {
		case *instances != "":
		default:
			counts = nil
			for n := s.Roles[r].Instances - 1; n <= s.Roles[r].Instances+2; n++ {
				if n >= 1 && n <= model.MaxInstances {
					counts = append(counts, n)
				}
			}
		}
		g.Instances = make([][]int, r+1)
		g.Instances[r] = counts
	}
	if *domains != "" {
		var ps []string
		g.UpgradeDomains, ps = intList("domains", *domains, 1, model.MaxUpgradeDomains)
		problems = append(problems, ps...)
	}
	if modes, ok := warmupModes[*warmup]; ok {
		g.Warmup = modes
	} else {
		problems = append(problems, fmt.Sprintf("-warmup: %q is not both, after, in or as-is", *warmup))
	}
	if !(*odds > 0 && *odds <= 1) {
		problems = append(problems, fmt.Sprintf("-odds: %g is not a share in (0, 1]", *odds))
	}
	if *format != "csv" && *format != "json" {
		problems = append(problems, fmt.Sprintf("-format: %q is not csv or json", *format))
	}
	if len(problems) == 0 {
		if _, err := whatif.Cells(s, g); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		return reportProblems(stderr, "sweep", problems)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sr, err := whatif.Sweep(ctx, s, g, whatif.SweepOptions{Odds: *odds, Run: planner.Options{Workers: sf.workers}})
	if err != nil {
		fmt.Fprintf(stderr, "rollout sweep: %v\n", err)
		return exitFailure
	}
	if *format == "json" {
		err = writeSweepJSON(stdout, s, sr)
	} else {
		err = writeSweepCSV(stdout, s, sr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "rollout sweep: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// writeSweepCSV prints one row per configuration: each role's instances,
// upgrade domains, warm-up mode, SLA compliance with its 95 % interval,
// the chance of hard downtime, mean bad minutes and whether it meets the
// target.
func writeSweepCSV(w io.Writer, s model.Scenario, sr whatif.SweepResult) error {
	cw := csv.NewWriter(w)
	var head []string
	for _, r := range s.Roles {
		// clean: no control or bidi characters for a terminal; csvsafe.Cell:
		// no formula in a spreadsheet, the page's CSV rule.
		head = append(head, csvsafe.Cell("instances "+clean(r.Name)))
	}
	head = append(head, "upgrade_domains", "warmup", "sla_compliance", "sla_compliance_lo", "sla_compliance_hi",
		"p_hard_down", "bad_minutes_mean", "meets_target", "meets_confidently", "smallest")
	if err := cw.Write(head); err != nil {
		return err
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
	for i, c := range sr.Cells {
		var rec []string
		for _, n := range c.Params.Instances {
			rec = append(rec, strconv.Itoa(n))
		}
		rec = append(rec, strconv.Itoa(c.Params.UpgradeDomains), string(c.Params.Warmup),
			f(c.Compliance.P), f(c.Compliance.Lo), f(c.Compliance.Hi), f(c.PHardDown),
			strconv.FormatFloat(c.BadMinutesMean, 'f', 2, 64),
			strconv.FormatBool(c.Meets), strconv.FormatBool(c.MeetsConfidently), strconv.FormatBool(i == sr.Smallest))
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// sweepJSON is the -format json document.
type sweepJSON struct {
	Scenario string     `json:"scenario"`
	Trials   int        `json:"trials"`
	Seed     uint64     `json:"seed"`
	Odds     float64    `json:"odds"`
	Roles    []string   `json:"roles"`
	Smallest *int       `json:"smallest"` // index in cells, null when none meets
	Cells    []cellJSON `json:"cells"`
}

type cellJSON struct {
	Instances        []int              `json:"instances"` // per role, in roles order
	UpgradeDomains   int                `json:"upgrade_domains"`
	Warmup           whatif.WarmupMode  `json:"warmup"`
	SLACompliance    planner.Proportion `json:"sla_compliance"`
	PHardDown        float64            `json:"p_hard_down"`
	BadMinutesMean   float64            `json:"bad_minutes_mean"`
	Meets            bool               `json:"meets_target"`
	MeetsConfidently bool               `json:"meets_confidently"`
}

func writeSweepJSON(w io.Writer, s model.Scenario, sr whatif.SweepResult) error {
	doc := sweepJSON{Scenario: s.Name, Trials: s.Trials, Seed: s.Seed, Odds: sr.Odds, Cells: []cellJSON{}}
	for _, r := range s.Roles {
		doc.Roles = append(doc.Roles, r.Name)
	}
	if sr.Smallest >= 0 {
		i := sr.Smallest
		doc.Smallest = &i
	}
	for _, c := range sr.Cells {
		doc.Cells = append(doc.Cells, cellJSON{
			Instances: c.Params.Instances, UpgradeDomains: c.Params.UpgradeDomains, Warmup: c.Params.Warmup,
			SLACompliance: c.Compliance, PHardDown: c.PHardDown, BadMinutesMean: c.BadMinutesMean,
			Meets: c.Meets, MeetsConfidently: c.MeetsConfidently,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
