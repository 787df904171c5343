package advisor

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSeverityText(t *testing.T) {
	for _, s := range []Severity{Critical, Warning, Info} {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		got := Severity(-1)
		if err := got.UnmarshalText(b); err != nil || got != s {
			t.Errorf("%v: read back as %v, %v", s, got, err)
		}
	}
	for _, in := range []string{"", "Critical", "fatal", "0"} {
		got := Warning
		err := got.UnmarshalText([]byte(in))
		if err == nil || !strings.Contains(err.Error(), `"critical", "warning" or "info"`) || got != Warning {
			t.Errorf("UnmarshalText(%q) = %v, %v; want an error naming the severities, s unchanged", in, got, err)
		}
	}
	// In a Finding's JSON, both ways.
	f := Finding{Kind: Capacity, Severity: Critical, Title: "t"}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	var back Finding
	if err := json.Unmarshal(b, &back); err != nil || back.Severity != Critical {
		t.Errorf("Finding round trip: severity %v, %v (JSON %s)", back.Severity, err, b)
	}
}
