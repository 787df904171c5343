package docs

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	// heading is a section heading of model.md: "## §5 …", "### §5.1 …".
	heading = regexp.MustCompile(`(?m)^#{2,3} (§\d+(?:\.\d+)?) `)
	// cite is a citation in the code: "docs/model.md §5.1", "docs/model.md
	// §4–§5" (both ends checked); a bare "§n" after a citation on the same
	// line ("§8.1 lists") is checked too.
	cite    = regexp.MustCompile(`docs/model\.md[^§\n]{0,12}(§[\d.–§]+)|(§\d+(?:\.\d+)?)`)
	section = regexp.MustCompile(`§\d+(?:\.\d+)?`)
)

// TestModelCitations: every section the Go code cites as docs/model.md §n
// is a heading of model.md, and nothing cites the shared contract file by
// its name and a section, a file that is not in the repository.
func TestModelCitations(t *testing.T) {
	doc, err := os.ReadFile("model.md")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, m := range heading.FindAllStringSubmatch(string(doc), -1) {
		if have[m[1]] {
			t.Errorf("model.md has two sections %s", m[1])
		}
		have[m[1]] = true
	}
	if len(have) < 30 {
		t.Fatalf("model.md has %d numbered sections; headings are '## §n Title'", len(have))
	}
	stale := "MODEL" + ".md §" // split so that this file does not match
	cited := 0
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == "dist") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, stale) {
				t.Errorf("%s:%d cites MODEL.md, which is not in the repository: cite docs/model.md §n", path, i+1)
			}
			if !strings.Contains(line, "docs/model.md") {
				continue
			}
			for _, m := range cite.FindAllStringSubmatch(line, -1) {
				for _, s := range section.FindAllString(m[1]+m[2], -1) {
					cited++
					if !have[s] {
						t.Errorf("%s:%d cites docs/model.md %s, which model.md does not have", path, i+1, s)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if cited < 30 {
		t.Errorf("only %d citations of docs/model.md sections found", cited)
	}
}

// TestLimitsLinked: limits.md is linked from model.md (and so reachable
// from the README's link to the model).
func TestLimitsLinked(t *testing.T) {
	doc, err := os.ReadFile("model.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "(limits.md)") {
		t.Error("model.md does not link limits.md")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"(docs/model.md)", "(docs/limits.md)"} {
		if !strings.Contains(string(readme), l) {
			t.Errorf("README.md does not link %s", l)
		}
	}
}
