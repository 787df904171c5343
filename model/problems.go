package model

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a scenario: the JSON path of the field
// (for example "roles[1].warmup.p95") and the rule that it breaks.
type Problem struct {
	Path string `json:"path"`
	Rule string `json:"rule"`
}

// String returns "path: rule".
func (p Problem) String() string {
	if p.Path == "" {
		return p.Rule
	}
	return p.Path + ": " + p.Rule
}

// Problems is every problem found in a scenario. It implements error so
// that decoders and validators can return it directly; a nil or empty
// Problems means the scenario is valid.
type Problems []Problem

// Error lists every problem, one per line.
func (ps Problems) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem", len(ps))
	if len(ps) != 1 {
		b.WriteString("s")
	}
	b.WriteString(" in the scenario:")
	for _, p := range ps {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Err returns ps as an error, or nil when there is no problem.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// For returns the problems whose path is path or lies below it
// ("roles[0]" matches "roles[0].warmup.p95"), for marking form fields.
func (ps Problems) For(path string) Problems {
	var out Problems
	for _, p := range ps {
		if p.Path == path || strings.HasPrefix(p.Path, path+".") || strings.HasPrefix(p.Path, path+"[") {
			out = append(out, p)
		}
	}
	return out
}

func (ps *Problems) add(path, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Rule: fmt.Sprintf(format, args...)})
}
