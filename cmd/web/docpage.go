//go:build !(js && wasm)

package main

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"rolloutplanner/docs"
)

// docPage is one page of documentation the site carries: "How the model
// works" and the limits, rendered from the project's Markdown at build
// time, so they read offline like the page and never drift from docs/.
type docPage struct {
	file  string // written to the site's web/ directory
	title string
	md    []byte
}

// docPages are the documentation pages, in web/ beside the page's files.
var docPages = []docPage{
	{"model.html", "How the model works", docs.Model},
	{"limits.html", "Limits and what the planner rejects", docs.Limits},
}

// DocCSP is the policy of a documentation page: no script at all, styles
// and images from the site only, nothing else.
const DocCSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"

// writeDocPages renders every docPage into out/web.
func writeDocPages(out string) error {
	for _, p := range docPages {
		b, err := renderDoc(p)
		if err != nil {
			return fmt.Errorf("rendering %s: %w", p.file, err)
		}
		if err := os.WriteFile(filepath.Join(out, "web", p.file), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// renderDoc turns p's Markdown (GitHub tables, heading ids) into a
// self-contained page that links back to the planner. Raw HTML in the
// Markdown is not passed through: the page carries only what Markdown
// describes.
func renderDoc(p docPage) ([]byte, error) {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(docLinks{}, 100)),
		),
	)
	var body bytes.Buffer
	if err := md.Convert(p.md, &body); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="%s">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s · Rollout planner</title>
<link rel="stylesheet" href="docs.css">
<link rel="icon" href="icon.svg" type="image/svg+xml">
</head>
<body>
<nav class="doc-nav"><a href="../">← Back to the planner</a> · <a href="model.html">How the model works</a> · <a href="limits.html">Limits</a></nav>
<main class="doc">
`, DocCSP, html.EscapeString(p.title))
	b.Write(body.Bytes())
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.Bytes(), nil
}

// docLinks points links between the Markdown files at their pages
// ("limits.md#x" becomes "limits.html#x", "../README.md" is dropped to its
// text's target on the site, the planner) so a link on the site never
// leads to a file the site does not have.
type docLinks struct{}

// Transform rewrites the destinations of doc's links.
func (docLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*ast.Link)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		l.Destination = []byte(docLink(string(l.Destination)))
		return ast.WalkContinue, nil
	})
}

// docLink maps one link destination of the docs to the site.
func docLink(dest string) string {
	path, frag, _ := strings.Cut(dest, "#")
	if frag != "" {
		frag = "#" + frag
	}
	switch {
	case strings.Contains(path, "://"), path == "":
		return dest
	case strings.HasSuffix(path, "README.md"):
		return "../" + frag
	}
	for _, p := range docPages {
		if strings.TrimSuffix(filepath.Base(path), ".md")+".html" == p.file {
			return p.file + frag
		}
	}
	return dest
}
