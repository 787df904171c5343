package tidy

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"

	"rolloutplanner/model"
	"rolloutplanner/planner"
)

// twoRoles runs a scenario of two roles, web (2 instances) and api (1
// instance, so it loses 100 % in domain 0), with all three passes.
func twoRoles(t *testing.T) (model.Scenario, planner.Result) {
	t.Helper()
	sc := model.Default()
	sc.Name = "two roles"
	sc.Trials = 300
	sc.Roles = []model.Role{model.DefaultRole("web"), model.DefaultRole(`=api|"x, y"`)}
	sc.Roles[0].Instances, sc.Roles[1].Instances = 2, 1
	acc, err := planner.Run(context.Background(), sc, planner.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	return sc, acc.Result()
}

func read(t *testing.T, doc []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(doc)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, doc)
	}
	return rows
}

// TestRowSet: every scope × pass × domain × measure × statistic is there,
// once, with the unit its measure has.
func TestRowSet(t *testing.T) {
	sc, r := twoRoles(t)
	doc, err := CSV(sc, r)
	if err != nil {
		t.Fatal(err)
	}
	rows := read(t, doc)
	if got := strings.Join(rows[0], ","); got != "scope,role,pass,domain,measure,statistic,value,unit,note" {
		t.Fatalf("header %q", got)
	}
	units := map[string]string{}
	for _, m := range Measures {
		units[m.Name] = m.Unit
	}
	seen := map[string]int{}
	for _, row := range rows[1:] {
		if len(row) != len(Header) {
			t.Fatalf("row %v has %d cells, want %d", row, len(row), len(Header))
		}
		if u, ok := units[row[4]]; !ok || u != row[7] {
			t.Errorf("row %v: measure %q has unit %q, want %q", row, row[4], row[7], u)
		}
		if _, err := strconv.ParseFloat(row[6], 64); err != nil {
			t.Errorf("row %v: value %q is not a number", row, row[6])
		}
		seen[strings.Join(row[:6], "|")]++
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%s: %d rows, want 1", k, n)
		}
	}
	want := func(key string) {
		t.Helper()
		if seen[key] != 1 {
			t.Errorf("no row %s", key)
		}
	}
	monthly := []string{"trials|count", "sla_compliance|estimate", "sla_compliance|lo95", "sla_compliance|hi95",
		"months_with_bad_minute|share", "months_with_hard_downtime|share",
		"bad_minutes_per_month|mean", "bad_minutes_per_month|p50", "bad_minutes_per_month|p95", "bad_minutes_per_month|p99",
		"hard_down_minutes_per_month|mean", "hard_down_minutes_per_month|p95",
		"availability|mean", "availability|p05", "requests_served|mean", "lost_request_minutes|mean"}
	for _, m := range monthly {
		want("service||all|all|" + m)
		want("role|web|all|all|" + m)
		want(`role|'=api|"x, y"|all|all|` + m)
	}
	passes := sc.EnabledPasses()
	if len(passes) != 3 {
		t.Fatalf("passes %v", passes)
	}
	for _, p := range passes {
		for _, st := range []string{"mean", "p50", "p95"} {
			want("pass||" + string(p) + "|all|pass_duration|" + st)
		}
		// The layout's domains: as many as the most instances of a role
		// (2), at most the scenario's 5.
		for ud := range 2 {
			for _, st := range []string{"mean", "p95"} {
				want("role|web|" + string(p) + "|" + strconv.Itoa(ud) + "|capacity_loss|" + st)
				want(`role|'=api|"x, y"|` + string(p) + "|" + strconv.Itoa(ud) + "|capacity_loss|" + st)
			}
		}
	}
	wantRows := 3*len(monthly) + 3*3 + 3*2*2*2
	if len(rows)-1 != wantRows {
		t.Errorf("%d rows, want %d", len(rows)-1, wantRows)
	}
	// api's only instance lives in domain 0: its 100 % loss there says so.
	for _, row := range rows {
		if row[1] == `'=api|"x, y"` && row[3] == "0" && row[4] == "capacity_loss" && row[5] == "mean" {
			if row[6] != "100" || !strings.Contains(row[8], "only") || !strings.Contains(row[8], "lives there") {
				t.Errorf("api's domain-0 loss row %v does not explain its 100 %%", row)
			}
		}
	}
}

// TestRounding: numbers are rounded as the page shows them.
func TestRounding(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{Share(0.98765), "98.8"},
		{Share(0.99999), "99.999"},
		{Share(0.00001), "0.001"},
		{Share(1), "100"},
		{Share(0), "0"},
		{Share(0.5), "50.0"},
		{Points(99.95812), "99.958"},
		{Points(99.99995), "99.9999"},
		{Minutes(95.34), "95.3"},
		{Minutes(21.0), "21"},
		{Minutes(math.NaN()), ""},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: %q, want %q", i, tt.got, tt.want)
		}
	}
	sc, r := twoRoles(t)
	rows := Rows(sc, r)
	for _, row := range rows[1:] {
		if row[0] == "service" && row[4] == "bad_minutes_per_month" && row[5] == "mean" {
			if row[6] != strconv.FormatFloat(r.Service.BadMinutes.Mean, 'f', 1, 64) && row[6]+".0" != strconv.FormatFloat(r.Service.BadMinutes.Mean, 'f', 1, 64) {
				t.Errorf("mean bad minutes %q, exact %v", row[6], r.Service.BadMinutes.Mean)
			}
		}
	}
}
