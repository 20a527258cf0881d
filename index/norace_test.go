//go:build !race

package index

// raceEnabled is true when the race detector is on; the big-corpus tests and
// benchmarks then use a subset of the data.
const raceEnabled = false
