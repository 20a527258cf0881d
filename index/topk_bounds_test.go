package index

import (
	"testing"
)

// TestSegmentCache: a full cache drops the values of segments that are
// gone before any other, never holds more than its limit, and when it is
// too small for what is asked of it keeps part of that.
func TestSegmentCache(t *testing.T) {
	x := newTestIndex(t, Document{ID: "a", Title: "Hà Nội"})
	r, err := x.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s := snapshotSegments(r)
	if s == nil || len(s.ss) == 0 {
		t.Fatal("no segments")
	}
	live := s.ss[0].Id()
	dead := live + 1000

	c := segmentCache[boundKey, *termBounds]{limit: 10 * 64, weight: (*termBounds).weight}
	empty := &termBounds{} // weighs 64
	for i := range 5 {
		c.put(s, boundKey{dead, "f", string(rune('a' + i))}, empty)
		c.put(s, boundKey{live, "f", string(rune('a' + i))}, empty)
	}
	if c.used != 10*64 || len(c.m) != 10 {
		t.Fatalf("full cache: used %d, %d values; want 640, 10", c.used, len(c.m))
	}
	c.put(s, boundKey{live, "f", "z"}, empty)
	for k := range c.m {
		if k.seg == dead {
			t.Errorf("value of a segment that is gone kept: %v", k)
		}
	}
	if len(c.m) != 6 {
		t.Errorf("after dropping the gone segment's: %d values; want 6", len(c.m))
	}

	// far more than fits: the cache stays within its limit and keeps
	// some of what it was given
	for i := range 1000 {
		c.put(s, boundKey{live, "g", string(rune(0x100 + i))}, empty)
		if c.used > c.limit {
			t.Fatalf("used %d > limit %d", c.used, c.limit)
		}
	}
	if len(c.m) < 7 {
		t.Errorf("%d values kept; want at least 7 of the limit's 10", len(c.m))
	}
	if _, ok := c.get(boundKey{live, "g", string(rune(0x100 + 999))}); !ok {
		t.Error("the value put last is not there")
	}
	sum := 0
	for _, v := range c.m {
		sum += c.weight(v)
	}
	if sum != c.used {
		t.Errorf("used %d; the values weigh %d", c.used, sum)
	}
}
