package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"rolloutplanner/charts"
	"rolloutplanner/model"
	"rolloutplanner/planner"
	"rolloutplanner/report"
)

// fuzzMaxTrials and fuzzInstanceTrials bound one input's work: at most 20
// trials, fewer for big fleets (about 2,000 instance-trials).
const (
	fuzzMaxTrials      = 20
	fuzzInstanceTrials = 2000
)

// runPathSeeds are the fuzz seeds besides the presets: the hostile inputs
// of issue 7 and the edges of docs/model.md (v1.1).
var runPathSeeds = []string{
	`{"roles":[{"name":"web","warmup":{"kind":"exponential","mean":1e308}}]}`,
	`{"roles":[{"name":"web","warmup":{"kind":"fixed","value":1e308}}]}`,
	`{"roles":[{"name":"web","warmup":{"kind":"fixed","value":1e10}}]}`,
	`{"roles":[{"name":"web","onstart":{"kind":"fixed","value":1e-300}}]}`,
	`{"month_minutes":10}`,
	`{"month_minutes":1e-300,"roles":[{"name":"web","repair":{"kind":"fixed","value":1e308}}]}`,
	`{"roles":[{"name":"web","rerun_defect_prob":1,"startup_tasks":{"kind":"fixed","value":0},` +
		`"onstart":{"kind":"fixed","value":1e-9},"repair":{"kind":"fixed","value":1e6}}]}`,
	`{"roles":[{"name":"web","rerun_defect_prob":1,"startup_tasks":{"kind":"fixed","value":0},` +
		`"onstart":{"kind":"fixed","value":0},"repair":{"kind":"exponential","mean":1e308}}]}`,
	`{"roles":[{"name":"web","reimage_defect_prob":1,"startup_failure_prob":0.9}]}`,
	`{"passes":{"host_os":{"enabled":false},"guest_os":{"enabled":false},"guest_agent":{"enabled":false}}}`,
	`{"passes":{"host_os":{"host_failure_prob":1,"host_recovery":{"kind":"fixed","value":1e308}}}}`,
	`{"upgrade_domains":2,"passes":{"guest_os":{"enabled":false},` +
		`"guest_agent":{"delay_after_guest":{"kind":"fixed","value":5},"process_restart":{"kind":"fixed","value":0}}},` +
		`"roles":[{"name":"web","utilization":{"kind":"empirical","values":[0.4,0.8]},` +
		`"onstop":{"kind":"fixed","value":0},"startup_tasks":{"kind":"fixed","value":40},` +
		`"onstart":{"kind":"fixed","value":0},"warmup":{"kind":"fixed","value":0}}]}`,
	`{"roles":[{"name":"a\u202e<b>&","instances":3},{"name":"</script><x>","instances":1000}]}`,
	`{"roles":[{"name":"web","utilization":{"kind":"uniform","min":-1e308,"max":1e308},"overload_at":1e308}]}`,
	`{"ready_timeout":1e308,"onstop_limit":1e308,"roles":[{"name":"web","startup_tasks":{"kind":"fixed","value":1e308}}]}`,
}

// FuzzRunPath is the command line's and the report's path for any
// scenario document: decode and validate (invalid ones are skipped),
// run a few trials, draw every chart as SVG, write the JSON result and
// the HTML report. Nothing may panic; a run either succeeds or ends in
// planner.ErrOverflow, and either way every figure is finite; the JSON
// reads back to the same figures; availability and requests served lie
// in [0, 100], shares in [0, 1], and no role or service is hard down
// more than it is bad.
// fuzz: 20000x
func FuzzRunPath(f *testing.F) {
	for _, p := range model.Presets() {
		b, err := model.Encode(p.Scenario)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range runPathSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := model.Decode(data)
		if err != nil {
			return
		}
		instances := 0
		for _, r := range s.Roles {
			instances += r.Instances
		}
		s.Trials = max(1, min(s.Trials, fuzzMaxTrials, fuzzInstanceTrials/max(1, instances)))
		acc, err := planner.Run(context.Background(), s, planner.Options{Workers: 1, Chunk: 7})
		overflow := errors.Is(err, planner.ErrOverflow)
		if err != nil && !overflow {
			t.Fatalf("run: %v", err)
		}
		res, ch := acc.Result(), acc.Charts()
		out, err := json.Marshal(res)
		if err != nil {
			t.Fatalf("the JSON result: %v", err) // NaN or ±Inf
		}
		if _, err := json.Marshal(ch); err != nil {
			t.Fatalf("the chart data: %v", err)
		}
		checkResultJSON(t, res, out)
		checkMetrics(t, "service", res.Service)
		for _, rr := range res.Roles {
			checkMetrics(t, rr.Name, rr.Metrics)
			if rr.BadMinutes.Mean > res.Service.BadMinutes.Mean*(1+1e-12) || rr.PBad > res.Service.PBad {
				t.Errorf("%s is bad more than the service: %+v vs %+v", rr.Name, rr.BadMinutes, res.Service.BadMinutes)
			}
		}
		if overflow {
			return // the command line stops here with the error
		}
		drawn := map[string]string{}
		for _, spec := range charts.Specs(ch) {
			svg, err := charts.SVG(spec, ch)
			if err != nil {
				t.Fatalf("chart %s: %v", spec.ID(), err)
			}
			if !bytes.HasPrefix(svg, []byte("<svg")) {
				t.Fatalf("chart %s does not start with <svg", spec.ID())
			}
			drawn[spec.ID()] = string(svg)
		}
		var page bytes.Buffer
		if err := report.Write(&page, report.Input{Scenario: s, Result: res, Charts: ch, Drawn: drawn}); err != nil {
			t.Fatalf("report: %v", err)
		}
		if !strings.Contains(page.String(), "</html>") {
			t.Fatal("the report is cut short")
		}
	})
}

// checkResultJSON reads the JSON result back and checks that it holds the
// same figures (docs/model.md §6 keys).
func checkResultJSON(t *testing.T, res planner.Result, out []byte) {
	t.Helper()
	var back struct {
		Scenario string                     `json:"scenario"`
		Trials   int                        `json:"trials"`
		Seed     uint64                     `json:"seed"`
		Service  planner.Metrics            `json:"service"`
		Roles    map[string]planner.Metrics `json:"roles"`
		Passes   map[string]struct {
			Duration planner.Summary `json:"pass_duration"`
		} `json:"passes"`
	}
	d := json.NewDecoder(bytes.NewReader(out))
	if err := d.Decode(&back); err != nil {
		t.Fatalf("the JSON result does not read back: %v\n%s", err, out)
	}
	if back.Scenario != res.Scenario || back.Trials != res.Trials || back.Seed != res.Seed {
		t.Errorf("JSON header %q %d %d, want %q %d %d", back.Scenario, back.Trials, back.Seed, res.Scenario, res.Trials, res.Seed)
	}
	if !reflect.DeepEqual(back.Service, res.Service) {
		t.Errorf("service reads back as %+v, want %+v", back.Service, res.Service)
	}
	if len(back.Roles) != len(res.Roles) || len(back.Passes) != len(res.Passes) {
		t.Fatalf("JSON holds %d roles and %d passes, want %d and %d", len(back.Roles), len(back.Passes), len(res.Roles), len(res.Passes))
	}
	for _, rr := range res.Roles {
		if got := back.Roles[rr.Name]; !reflect.DeepEqual(got, rr.Metrics) {
			t.Errorf("role %q reads back as %+v, want %+v", rr.Name, got, rr.Metrics)
		}
	}
	for _, p := range res.Passes {
		if got := back.Passes[string(p.Pass)].Duration; got != p.Duration {
			t.Errorf("pass %s reads back as %+v, want %+v", p.Pass, got, p.Duration)
		}
	}
}

// checkMetrics checks the ranges and orders every month's figures obey.
func checkMetrics(t *testing.T, who string, m planner.Metrics) {
	t.Helper()
	pct := func(what string, v float64) {
		if !(v >= 0 && v <= 100) {
			t.Errorf("%s: %s %v is not in [0, 100]", who, what, v)
		}
	}
	pct("mean availability", m.AvailabilityPct.Mean)
	pct("P05 availability", m.AvailabilityPct.P05)
	pct("requests served", m.RequestsServedPct.Mean)
	if m.AvailabilityPct.P05 > m.AvailabilityPct.Mean*(1+1e-12) {
		t.Errorf("%s: P05 availability %v above the mean %v", who, m.AvailabilityPct.P05, m.AvailabilityPct.Mean)
	}
	c := m.SLACompliance
	for _, v := range []float64{m.PBad, m.PHardDown, c.P, c.Lo, c.Hi} {
		if !(v >= 0 && v <= 1) {
			t.Errorf("%s: share %v is not in [0, 1]: %+v", who, v, m)
		}
	}
	if !(c.Lo <= c.P && c.P <= c.Hi) {
		t.Errorf("%s: SLA compliance %+v is outside its interval", who, c)
	}
	if m.PHardDown > m.PBad {
		t.Errorf("%s: hard down in %v of months, bad in only %v", who, m.PHardDown, m.PBad)
	}
	b, h := m.BadMinutes, m.HardDownMinutes
	for _, q := range [][2]float64{{h.Mean, b.Mean}, {h.P50, b.P50}, {h.P95, b.P95}, {h.P99, b.P99}} {
		if q[0] > q[1] {
			t.Errorf("%s: hard-down minutes %+v above bad minutes %+v", who, h, b)
			break
		}
	}
	if !(b.P50 <= b.P95 && b.P95 <= b.P99) || math.IsNaN(m.LostRequestMins.Mean) || m.LostRequestMins.Mean < 0 {
		t.Errorf("%s: quantiles out of order or lost minutes %v", who, m.LostRequestMins.Mean)
	}
}
