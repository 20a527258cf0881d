//go:build race

package main

// raceEnabled reports whether the tests run under the race detector,
// which takes several times the memory.
const raceEnabled = true
