// Package csvsafe defuses text for CSV cells that a spreadsheet will open.
//
// Spreadsheets run a cell that starts with =, +, - or @ (or with a tab or a
// carriage return, or with any of them after leading spaces, or with their
// full-width forms such as ＝) as a formula: a scenario or role name in an
// exported CSV file could then compute, fetch or link. Cell removes NUL
// characters, which some readers treat as the end of the cell, and puts an
// apostrophe before text that would start a formula, the convention that
// spreadsheets show as plain text (OWASP "CSV injection").
//
// The package depends only on the standard library, so the page (package
// app) and the commands share it.
package csvsafe
