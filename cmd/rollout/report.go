package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"rolloutplanner/report"
)

// runReport is "rollout report": the review report of a scenario as one
// self-contained HTML file.
func runReport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rollout report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf scenarioFlags
	sf.add(fs)
	out := fs.String("o", "", "write the report to `FILE` (- for standard output)")
	base := fs.String("base", "", "the planner page's `URL`, for the link that reopens the scenario (default: index.html next to the report)")
	whatIf := fs.Int("whatif-trials", 0, "trials per run of the sweep and the sensitivity study (default: the scenario's, at most 2000)")
	noSens := fs.Bool("no-sensitivity", false, "leave the sensitivity study out (it runs two runs per input)")
	quiet := fs.Bool("q", false, "print no progress on standard error")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rollout report [-preset NAME | -scenario FILE] [-trials N] [-seed S] [-base URL] -o FILE")
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
	if strings.TrimSpace(*out) == "" {
		problems = append(problems, "-o: name the file to write the report to (- for standard output)")
	}
	if *whatIf < 0 {
		problems = append(problems, fmt.Sprintf("-whatif-trials: %d is negative", *whatIf))
	}
	if _, err := (report.Input{Scenario: s, BaseURL: *base}).Link(); err != nil {
		if be, ok := errors.AsType[*report.BaseURLError](err); ok {
			problems = append(problems, "-base: "+be.Problem())
		}
	}
	if len(problems) > 0 {
		return reportProblems(stderr, "report", problems)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opt := report.Options{
		Workers:           sf.workers,
		SweepTrials:       *whatIf,
		SensitivityTrials: *whatIf,
		NoSensitivity:     *noSens,
		BaseURL:           *base,
	}
	if !*quiet {
		last := report.Stage("")
		opt.Progress = func(st report.Stage, done, total int) {
			if st != last {
				fmt.Fprintf(stderr, "rollout report: %s…\n", st)
				last = st
			}
		}
	}
	in, err := report.Build(ctx, s, opt)
	if err != nil {
		fmt.Fprintf(stderr, "rollout report: %v\n", err)
		return exitFailure
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, in); err != nil {
		fmt.Fprintf(stderr, "rollout report: %v\n", err)
		return exitFailure
	}
	if *out == "-" {
		_, err = stdout.Write(buf.Bytes())
	} else {
		err = os.WriteFile(*out, buf.Bytes(), 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "rollout report: %v\n", err)
		return exitFailure
	}
	if *out != "-" {
		fmt.Fprintf(stdout, "wrote %s\n", *out)
	}
	return exitOK
}
