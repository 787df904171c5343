// Command rollout runs the rollout planner's Monte Carlo engine on a
// scenario and prints what a month of rolling OS upgrades does to the
// service: a readable table, or docs/model.md §6's JSON with -json.
//
//	rollout [-preset NAME | -scenario FILE | -scenario -] [-trials N] [-seed S] [-json]
//	rollout -list-presets
//	rollout sweep [-preset NAME | -scenario FILE] [-role NAME] [-instances 2,3,4] [-domains 2,3,5]
//	        [-warmup both|after|in|as-is] [-trials N] [-seed S] [-format csv|json]
//	rollout report [-preset NAME | -scenario FILE] [-trials N] [-seed S] [-base URL] -o FILE
//
// sweep runs every configuration of instance counts × upgrade domains ×
// warm-up modes with the scenario's seed and prints one row per
// configuration: its parameters, SLA compliance with its 95 % interval,
// the chance of hard downtime and whether it meets the target (at least
// 95 % of months meeting the SLA, -odds). report writes the review
// report: one self-contained HTML file with the scenario, the findings,
// every chart, the SLA budget, a sweep and a sensitivity study.
//
// A scenario that breaks a rule prints every problem, with its field
// path, on stderr and exits with status 2.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/report/tidy"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// exit statuses
const (
	exitOK       = 0
	exitFailure  = 1 // could not run (I/O, cancelled)
	exitBadInput = 2 // bad flags or an invalid scenario
)

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "sweep":
			return runSweep(args[1:], stdin, stdout, stderr)
		case "report":
			return runReport(args[1:], stdin, stdout, stderr)
		}
	}
	fs := flag.NewFlagSet("rollout", flag.ContinueOnError)
	fs.SetOutput(stderr)
	preset := fs.String("preset", "", "run the named preset (see -list-presets); the default is seed-example")
	file := fs.String("scenario", "", "read the scenario JSON from `FILE` (- for standard input)")
	trials := fs.Int("trials", 0, "run `N` trials instead of the scenario's")
	seed := fs.Uint64("seed", 0, "use seed `S` instead of the scenario's")
	asJSON := fs.Bool("json", false, "print the result as JSON (docs/model.md §6)")
	asCSV := fs.Bool("csv", false, "print the result as a tidy CSV table, the page's Results CSV")
	list := fs.Bool("list-presets", false, "list the presets and exit")
	workers := fs.Int("workers", 0, "run on `N` goroutines (default: every core)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rollout [-preset NAME | -scenario FILE | -scenario -] [-trials N] [-seed S] [-json | -csv]")
		fmt.Fprintln(stderr, "       rollout -list-presets")
		fmt.Fprintln(stderr, "       rollout sweep -h | rollout report -h")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitBadInput
	}
	if *asJSON && *asCSV {
		fmt.Fprintln(stderr, "rollout: give -json or -csv, not both")
		return exitBadInput
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "rollout: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitBadInput
	}
	if *list {
		for _, p := range model.Presets() {
			fmt.Fprintf(stdout, "%-18s %s\n", p.Name, p.Description)
		}
		return exitOK
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	s, err := loadScenario(*preset, *file, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "rollout: %v\n", err)
		return exitBadInput
	}
	if set["trials"] {
		s.Trials = *trials
	}
	if set["seed"] {
		s.Seed = *seed
	}
	if ps := s.Validate(); len(ps) > 0 {
		fmt.Fprintf(stderr, "rollout: %v\n", ps)
		return exitBadInput
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	acc, err := planner.Run(ctx, s, planner.Options{Workers: *workers})
	if err != nil {
		fmt.Fprintln(stderr, runProblem(err, acc.Trials(), s.Trials))
		return exitFailure
	}
	res := acc.Result()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			fmt.Fprintf(stderr, "rollout: %v\n", err)
			return exitFailure
		}
		return exitOK
	}
	if *asCSV {
		doc, err := tidy.CSV(s, res)
		if err == nil {
			_, err = stdout.Write(doc)
		}
		if err != nil {
			fmt.Fprintf(stderr, "rollout: %v\n", err)
			return exitFailure
		}
		return exitOK
	}
	if err := writeTable(stdout, s, res); err != nil {
		fmt.Fprintf(stderr, "rollout: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// loadScenario reads the scenario named by the flags: a preset, a file, or
// standard input. With neither it is the seed-example preset.
func loadScenario(preset, file string, stdin io.Reader) (model.Scenario, error) {
	if preset != "" && file != "" {
		return model.Scenario{}, errors.New("give -preset or -scenario, not both")
	}
	if file == "" {
		if preset == "" {
			preset = "seed-example"
		}
		p, ok := model.PresetByName(preset)
		if !ok {
			return model.Scenario{}, fmt.Errorf("no preset %q (rollout -list-presets lists them)", preset)
		}
		return p.Scenario, nil
	}
	name := file
	var data []byte
	var err error
	if file == "-" {
		name = "standard input"
		data, err = readScenario(stdin)
	} else {
		var f *os.File
		if f, err = os.Open(file); err == nil {
			data, err = readScenario(f)
			f.Close()
		}
	}
	if err != nil {
		return model.Scenario{}, fmt.Errorf("reading the scenario from %s: %w", name, err)
	}
	s, err := model.Decode(data)
	if err != nil {
		return s, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

// errTooLarge reports a scenario above model.MaxScenarioBytes.
var errTooLarge = fmt.Errorf("it is larger than %d bytes (4 MiB), the most a scenario may be; is it the right file?", model.MaxScenarioBytes)

// readScenario reads a scenario document from a file or standard input:
// at most model.MaxScenarioBytes, and one byte more to tell that there is
// more, so that a huge file, a device such as /dev/zero or an endless pipe
// costs no more than 4 MiB.
func readScenario(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, model.MaxScenarioBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > model.MaxScenarioBytes {
		return nil, errTooLarge
	}
	return data, nil
}

// runProblem words the error of a run that did not finish: done of total
// trials ran before it stopped (interrupted), or its sums overflowed.
func runProblem(err error, done, total int) string {
	if errors.Is(err, planner.ErrOverflow) {
		return "rollout: the durations are too large to add up (a time or a sum of times passed 2^96 minutes): shorten them; no operator needs one longer than a few years"
	}
	return fmt.Sprintf("rollout: stopped after %d of %d trials: %v", done, total, err)
}
