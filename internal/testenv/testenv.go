// Package testenv says which test suites a run of go test includes.
//
// The long suites (relevance over the whole shared corpora, the memory bound
// of a 10 MB document, indexing a whole corpus through the command line)
// take minutes and gigabytes. They run when the environment variable Env is
// true, as .ci/run sets it, and never with -short; a plain go test ./...
// leaves them out.
package testenv

import (
	"os"
	"strconv"
	"testing"
)

// Env is the environment variable that turns the long suites on.
const Env = "VNSEARCH_LONG"

// Long reports whether the long suites run: Env holds a true value
// (strconv.ParseBool) and -short is not set.
func Long() bool {
	on, _ := strconv.ParseBool(os.Getenv(Env))
	return on && !testing.Short()
}

// SkipUnlessLong skips t unless the long suites run.
func SkipUnlessLong(t testing.TB) {
	t.Helper()
	if !Long() {
		t.Skipf("a long suite; runs with %s=1 (as in .ci/run)", Env)
	}
}
