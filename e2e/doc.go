// Package e2e runs the built gonpm the way a user does: testscript suites
// against the test registry and Verdaccio, and pseudo-terminal sessions
// where a terminal matters.
package e2e
