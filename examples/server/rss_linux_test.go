package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// peakRSS returns the peak resident memory of the process, in bytes:
// VmHWM of /proc/self/status. Not getrusage's ru_maxrss, which on Linux
// keeps the peak from before an exec: a helper process started by a large
// test process would report the test process's peak.
func peakRSS() (int64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return 0, false
		}
		return kb * 1024, true
	}
	return 0, false
}
