package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"rolloutplanner/model"
)

// rolePath is role i's path prefix: "roles[2]".
func rolePath(i int) string { return fmt.Sprintf("roles[%d]", i) }

// field draws the form field of one scenario value: a checkbox for a
// bool, a distField for a distribution, a text input otherwise. fd is the
// field in model.Fields, path its full path, rel its path within v.
func field(fd model.Field, path, rel string, value any, v formView) app.UI {
	m := metaOf(fd)
	switch x := value.(type) {
	case *bool:
		return newCheckField(path, m, v.Text[rel] == "true").problem(v.Problem[rel])
	case *model.Dist:
		df := newDistField(path, m, *x, v.sub(rel))
		df.Error = v.Problem[rel]
		return df
	case *string:
		return newTextField(path, "").meta(m).text(v.Text[rel]).problem(v.Problem[rel])
	}
	return newTextField(path, "").meta(m).text(v.Text[rel]).problem(v.Problem[rel]).numeric()
}

// orphanProblems returns the problems that no field of the form shows:
// unknown fields of a link or file, a missing roles list, a version.
func orphanProblems(s *session) model.Problems {
	shown := map[string]bool{}
	for _, p := range fieldPaths(&s.sc) {
		shown[p] = true
		if d, ok := strings.CutSuffix(p, ".kind"); ok {
			shown[d] = true
		}
	}
	var out model.Problems
	for _, p := range s.problems {
		if !shown[p.Path] {
			out = append(out, p)
		}
	}
	return out
}
