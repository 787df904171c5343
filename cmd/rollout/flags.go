package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"rolloutplanner/model"
)

// scenarioFlags are the flags every subcommand shares to pick a scenario
// and override its trials and seed.
type scenarioFlags struct {
	preset, file string
	trials       int
	seed         uint64
	workers      int
	set          map[string]bool
}

// add registers the flags on fs.
func (f *scenarioFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&f.preset, "preset", "", "use the named preset (see rollout -list-presets); the default is seed-example")
	fs.StringVar(&f.file, "scenario", "", "read the scenario JSON from `FILE` (- for standard input)")
	fs.IntVar(&f.trials, "trials", 0, "run `N` trials instead of the scenario's")
	fs.Uint64Var(&f.seed, "seed", 0, "use seed `S` instead of the scenario's")
	fs.IntVar(&f.workers, "workers", 0, "run on `N` goroutines (default: every core)")
}

// load reads the scenario the flags name, applies -trials and -seed and
// validates it. It returns every problem found, for people.
func (f *scenarioFlags) load(fs *flag.FlagSet, stdin io.Reader) (model.Scenario, []string) {
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	s, err := loadScenario(f.preset, f.file, stdin)
	if err != nil {
		return s, []string{err.Error()}
	}
	if f.set["trials"] {
		s.Trials = f.trials
	}
	if f.set["seed"] {
		s.Seed = f.seed
	}
	var problems []string
	for _, p := range s.Validate() {
		problems = append(problems, p.String())
	}
	return s, problems
}

// intList parses a comma-separated list of integers in [lo, hi] for flag
// name, returning every bad item as a problem.
func intList(name, text string, lo, hi int) ([]int, []string) {
	var out []int
	var problems []string
	for _, item := range strings.Split(text, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			problems = append(problems, fmt.Sprintf("-%s: empty item in %q; want numbers separated by commas", name, text))
			continue
		}
		n, err := strconv.Atoi(item)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("-%s: %q is not a whole number", name, item))
		case n < lo || n > hi:
			problems = append(problems, fmt.Sprintf("-%s: %d is outside %d..%d", name, n, lo, hi))
		default:
			out = append(out, n)
		}
	}
	return out, problems
}

// report prints problems on stderr, one a line, and returns exitBadInput.
func reportProblems(stderr io.Writer, cmd string, problems []string) int {
	fmt.Fprintf(stderr, "rollout %s: %d problem(s):\n", cmd, len(problems))
	for _, p := range problems {
		fmt.Fprintf(stderr, "  %s\n", p)
	}
	return exitBadInput
}
