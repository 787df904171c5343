package planner

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"rolloutplanner/model"
)

// TestResultJSONRoundTrip: every preset's Result reads back from its JSON
// into the same Result, roles, passes and capacity losses in order, and
// writes the same bytes again.
func TestResultJSONRoundTrip(t *testing.T) {
	for _, p := range model.Presets() {
		t.Run(p.Name, func(t *testing.T) {
			s := p.Scenario
			s.Trials = 300
			acc, err := Run(context.Background(), s, Options{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			want := acc.Result()
			b, err := json.Marshal(want)
			if err != nil {
				t.Fatal(err)
			}
			var got Result
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Result changed in a JSON round trip:\n got %+v\nwant %+v", got, want)
			}
			again, err := json.Marshal(got)
			if err != nil || !bytes.Equal(again, b) {
				t.Errorf("re-encoded JSON differs (%v):\n got %s\nwant %s", err, again, b)
			}
		})
	}
}

func TestResultUnmarshalJSONErrors(t *testing.T) {
	tests := []struct {
		name, in, want string // want: in the error
	}{
		{"not an object", `[1]`, "cannot unmarshal array"},
		{"roles an array", `{"roles": [1]}`, "result roles: want an object"},
		{"role not an object", `{"roles": {"web": 3}}`, `result roles["web"]`},
		{"loss not an object", `{"roles": {"web": {"ud_capacity_loss": []}}}`, `roles["web"]: planner: result ud_capacity_loss: want an object`},
		{"domains not a list", `{"roles": {"web": {"ud_capacity_loss": {"host_os": {}}}}}`, `ud_capacity_loss["host_os"]`},
		{"pass duration a string", `{"passes": {"host_os": {"pass_duration": "long"}}}`, `result passes["host_os"]`},
		{"trials a string", `{"trials": "many"}`, "trials"},
		{"truncated", `{"roles": {"web": {}`, "unexpected end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Result{Scenario: "kept"}
			err := json.Unmarshal([]byte(tt.in), &r)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.want)
			}
			if r.Scenario != "kept" {
				t.Errorf("a failed decode changed the Result: %+v", r)
			}
		})
	}
}

// FuzzResultUnmarshalJSON: whatever reads as a Result writes JSON that
// reads back into the same Result and writes the same bytes again.
func FuzzResultUnmarshalJSON(f *testing.F) {
	s := model.Default()
	s.Trials = 50
	acc, err := Run(context.Background(), s, Options{Workers: 1})
	if err != nil {
		f.Fatal(err)
	}
	b, _ := json.Marshal(acc.Result())
	f.Add(b)
	f.Add([]byte(`{"roles": {"a": {}, "a": {"ud_capacity_loss": {"x": null}}}, "passes": {"": {}}}`))
	f.Add([]byte(`{"roles": null, "passes": {}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r Result
		if json.Unmarshal(data, &r) != nil {
			return
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("a decoded Result does not encode: %v", err)
		}
		var r2 Result
		if err := json.Unmarshal(b, &r2); err != nil {
			t.Fatalf("encoded Result does not decode: %v\n%s", err, b)
		}
		b2, err := json.Marshal(r2)
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("not stable after a round trip (%v):\n got %s\nwant %s", err, b2, b)
		}
	})
}
