package index

import (
	"math"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Block bounds: for each segment, field and term, the largest
// sqrt(tf)·norm of the term's postings in each block of blockDocs
// documents of the segment. A term's score in a document is at most its
// weight times the bound of the document's block, which is far below the
// bound tf ≤ field length gives (1): about 0.1 to 0.3 for a common word
// in a body. Scorch segments are immutable, so the bounds of a segment
// hold until it is merged away; they are computed on first use, from one
// pass over the postings, and cached.

// blockShift sets the block size: 128 documents.
const (
	blockShift = 7
	blockDocs  = 1 << blockShift
)

// DefaultSearchCacheBytes is the default of Config.SearchCacheBytes. A
// term's bounds take 4 bytes per 128 documents over all segments: 1.3 kB
// at 42,000 documents. A common term's decoded postings (topk_dense.go)
// take 9 bytes a posting: 0.4 MB for a word in every one of 42,000
// documents; its locations (positions.go) about half as much again. The
// 437 five-word queries of BenchmarkScale keep 53 MB of bounds and
// postings and 67 MB of locations at 42,653 articles.
const DefaultSearchCacheBytes = 256 << 20

// newSearchCaches returns the caches of the block bounds and the decoded
// locations, which take half of limit each.
func newSearchCaches(limit int) (boundCache, posCache) {
	return newBoundCache(limit - limit/2), newPosCache(limit / 2)
}

// termBounds are the bounds of one term in one segment.
type termBounds struct {
	max    float32    // over the whole segment
	blocks []float32  // per block
	dense  *denseList // the postings, for a common term (topk_dense.go)
}

// absent reports whether the segment holds no posting of the term.
func (b *termBounds) absent() bool { return len(b.blocks) == 0 }

// at returns the bound of the block of the segment's document local.
func (b *termBounds) at(local uint64) float32 {
	if b == nil {
		return 0
	}
	if i := local >> blockShift; i < uint64(len(b.blocks)) {
		return b.blocks[i]
	}
	return 0
}

type boundKey struct {
	seg         uint64
	field, term string
}

func (k boundKey) segment() uint64 { return k.seg }

// weight is the memory b takes in a boundCache, roughly.
func (b *termBounds) weight() int {
	w := 64 + 4*len(b.blocks)
	if b.dense != nil {
		w += 9*len(b.dense.docs) + 16*len(b.dense.big)
	}
	return w
}

// segmentCache is a cache of values by segment (scorch never reuses a
// segment ID) that holds at most limit units of their weight. When it is
// full it drops the values of the segments a snapshot no longer has, and
// then values at random (Go's map order) until a quarter is free: a
// cache that is too small for a working set keeps part of it.
type segmentCache[K interface {
	comparable
	segment() uint64
}, V any] struct {
	limit  int
	weight func(V) int

	mu   sync.Mutex
	m    map[K]V
	used int
}

func (c *segmentCache[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

// put adds v under k; s is a current snapshot's segments.
func (c *segmentCache[K, V]) put(s *segments, k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[K]V{}
	}
	if old, ok := c.m[k]; ok {
		c.used -= c.weight(old)
		delete(c.m, k)
	}
	w := c.weight(v)
	if c.used+w > c.limit {
		c.dropDead(s)
		if c.used+w > c.limit {
			for k, v := range c.m {
				if c.used+w <= c.limit*3/4 {
					break
				}
				c.used -= c.weight(v)
				delete(c.m, k)
			}
		}
	}
	c.m[k] = v
	c.used += w
}

// room reports whether c has room for w more units of weight, once the
// values of the segments s no longer has are dropped.
func (c *segmentCache[K, V]) room(s *segments, w int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.used+w <= c.limit {
		return true
	}
	c.dropDead(s)
	return c.used+w <= c.limit
}

// dropDead drops the values of the segments s no longer has; c.mu is
// held.
func (c *segmentCache[K, V]) dropDead(s *segments) {
	live := map[uint64]bool{}
	for _, ss := range s.ss {
		live[ss.Id()] = true
	}
	for k, v := range c.m {
		if !live[k.segment()] {
			c.used -= c.weight(v)
			delete(c.m, k)
		}
	}
}

// boundCache holds block bounds of an index.
type boundCache struct {
	segmentCache[boundKey, *termBounds]
}

func newBoundCache(limit int) boundCache {
	return boundCache{segmentCache[boundKey, *termBounds]{limit: limit, weight: (*termBounds).weight}}
}

// segments is how a snapshot divides the document numbers.
type segments struct {
	ss      []*scorch.SegmentSnapshot
	offsets []uint64 // first document number of each
}

// snapshotSegments returns the segments of r, or nil when r is not a
// scorch snapshot.
func snapshotSegments(r bindex.IndexReader) *segments {
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil
	}
	s := &segments{ss: is.Segments()}
	var off uint64
	for _, ss := range s.ss {
		s.offsets = append(s.offsets, off)
		off += ss.Segment().Count()
	}
	return s
}

// holding returns, by segment, whether it holds one of docs; nil for s
// nil.
func (s *segments) holding(docs []bindex.IndexInternalID) []bool {
	if s == nil {
		return nil
	}
	in := make([]bool, len(s.ss))
	for _, d := range docs {
		si, _ := s.locate(d.Value())
		in[si] = true
	}
	return in
}

// locate returns the segment of document d and its number there.
func (s *segments) locate(d uint64) (int, uint64) {
	i := sort.Search(len(s.offsets), func(i int) bool { return s.offsets[i] > d }) - 1
	return i, d - s.offsets[i]
}

// bounds returns the bounds of term in field for each segment of s.
func (c *boundCache) bounds(s *segments, field, term string) ([]*termBounds, error) {
	out := make([]*termBounds, len(s.ss))
	for i, ss := range s.ss {
		k := boundKey{ss.Id(), field, term}
		b, ok := c.get(k)
		if !ok {
			var err error
			if b, err = segmentBounds(ss.Segment(), field, term); err != nil {
				return nil, err
			}
			c.put(s, k, b)
		}
		out[i] = b
	}
	return out, nil
}

// cached returns the bounds of term in field for each segment of s, if
// c holds them all.
func (c *boundCache) cached(s *segments, field, term string) ([]*termBounds, bool) {
	if s == nil {
		return nil, false
	}
	out := make([]*termBounds, len(s.ss))
	for i, ss := range s.ss {
		b, ok := c.get(boundKey{ss.Id(), field, term})
		if !ok {
			return nil, false
		}
		out[i] = b
	}
	return out, true
}

// eachPosting calls f with each posting of pl, read with frequencies and
// norms, and with locations when locs.
func eachPosting(pl segment.PostingsList, locs bool, f func(segment.Posting)) error {
	it := pl.Iterator(true, true, locs, nil)
	for {
		p, err := it.Next()
		if err != nil || p == nil {
			return err
		}
		f(p)
	}
}

// postingsList returns the postings of term in field of seg, without
// those of the documents except holds (nil: none).
func postingsList(seg segment.Segment, field, term string, except *roaring.Bitmap) (segment.PostingsList, error) {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, err
	}
	return dict.PostingsList([]byte(term), except, nil)
}

// segmentBounds computes the bounds of term in field of seg.
func segmentBounds(seg segment.Segment, field, term string) (*termBounds, error) {
	pl, err := postingsList(seg, field, term, nil)
	if err != nil {
		return nil, err
	}
	b := &termBounds{}
	if pl == nil || pl.Count() == 0 {
		return b, nil
	}
	b.blocks = make([]float32, (seg.Count()+blockDocs-1)>>blockShift)
	if keepDense(pl.Count(), seg.Count()) {
		n := pl.Count()
		b.dense = &denseList{docs: make([]uint32, 0, n), norms: make([]float32, 0, n), tfs: make([]uint8, 0, n)}
	}
	err = eachPosting(pl, false, func(p segment.Posting) {
		exact := math.Sqrt(float64(p.Frequency())) * p.Norm()
		if b.dense != nil {
			b.dense.add(uint32(p.Number()), p.Frequency(), p.Norm())
		}
		v := roundUp(exact)
		if i := p.Number() >> blockShift; i < uint64(len(b.blocks)) && v > b.blocks[i] {
			b.blocks[i] = v
		}
		b.max = max(b.max, v)
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// roundUp returns the smallest float32 at least v.
func roundUp(v float64) float32 {
	f := float32(v)
	if float64(f) < v {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}
