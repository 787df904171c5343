// Package docs holds the project's user documentation as embedded files,
// so the site generator (cmd/web) can publish "How the model works"
// (model.md) inside the site, where it is read offline like the page.
package docs

import _ "embed"

// Model is docs/model.md: the model in the project's own words, with
// every choice the contract leaves open.
//
//go:embed model.md
var Model []byte

// Limits is docs/limits.md: every limit and rule the planner enforces on
// what it reads, and why.
//
//go:embed limits.md
var Limits []byte
