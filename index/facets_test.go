package index

import (
	"fmt"
	"slices"
	"testing"
)

// TestTopCounts checks topCounts against sorting every term, with ties.
func TestTopCounts(t *testing.T) {
	counts := map[string]int{}
	for i := range 200 {
		counts[fmt.Sprintf("id%03d", (i*37)%200)] = 1 + i%7
	}
	all := make([]facetCount, 0, len(counts))
	for term, n := range counts {
		all = append(all, facetCount{term, n})
	}
	slices.SortFunc(all, func(a, b facetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		if a.Term < b.Term {
			return -1
		}
		return 1
	})
	for _, size := range []int{0, 1, 10, 199, 200, 500} {
		want := all[:min(size, len(all))]
		if got := topCounts(counts, size); !slices.Equal(got, want) {
			t.Errorf("topCounts(%d) = %v, want %v", size, got, want)
		}
	}
}
