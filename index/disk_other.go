//go:build !(linux || darwin || freebsd)

package index

// freeBytes cannot tell the free space here; a full disk is still found
// when a write fails.
func freeBytes(string) (uint64, bool) { return 0, false }
