// Package docs holds the project's documents: model.md, the model in
// full with stable section numbers, and limits.md. It has no code; its
// test checks that every "docs/model.md §n" the code cites exists and that
// no comment cites the contract file that is not in the repository.
package docs
