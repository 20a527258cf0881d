//go:build !linux

package main

// peakRSS cannot tell the peak resident memory here.
func peakRSS() (int64, bool) { return 0, false }
