package index

import (
	"math"
	"sort"
	"sync"

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

// maxBoundEntries bounds the cache; when it is full, the entries of
// segments that are gone are dropped, and all of them if that is not
// enough. An entry of a segment of 40,000 documents takes 1.3 kB, so the
// cache stays under about 20 MB.
const maxBoundEntries = 1 << 14

// termBounds are the bounds of one term in one segment.
type termBounds struct {
	max    float32   // over the whole segment; 0 when the term is absent
	blocks []float32 // per block
}

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

// makeRoom makes room for n more entries in m, a cache by segment that
// holds at most limit: it drops the entries of the segments that s no
// longer has, and all entries if that is not enough.
func makeRoom[K interface {
	comparable
	segment() uint64
}, V any](m map[K]V, s *segments, n, limit int) {
	if len(m)+n <= limit {
		return
	}
	live := map[uint64]bool{}
	for _, ss := range s.ss {
		live[ss.Id()] = true
	}
	for k := range m {
		if !live[k.segment()] {
			delete(m, k)
		}
	}
	if len(m)+n > limit {
		clear(m)
	}
}

// boundCache holds block bounds of an index.
type boundCache struct {
	mu sync.Mutex
	m  map[boundKey]*termBounds
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

// locate returns the segment of document d and its number there.
func (s *segments) locate(d uint64) (int, uint64) {
	i := sort.Search(len(s.offsets), func(i int) bool { return s.offsets[i] > d }) - 1
	return i, d - s.offsets[i]
}

// bounds returns the bounds of term in field for each segment of s.
func (c *boundCache) bounds(s *segments, field, term string) ([]*termBounds, error) {
	out := make([]*termBounds, len(s.ss))
	var missing []int
	c.mu.Lock()
	for i, ss := range s.ss {
		if b, ok := c.m[boundKey{ss.Id(), field, term}]; ok {
			out[i] = b
		} else {
			missing = append(missing, i)
		}
	}
	c.mu.Unlock()
	for _, i := range missing {
		b, err := segmentBounds(s.ss[i].Segment(), field, term)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	if len(missing) == 0 {
		return out, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[boundKey]*termBounds{}
	}
	makeRoom(c.m, s, len(missing), maxBoundEntries)
	for _, i := range missing {
		c.m[boundKey{s.ss[i].Id(), field, term}] = out[i]
	}
	return out, nil
}

// segmentBounds computes the bounds of term in field of seg.
func segmentBounds(seg segment.Segment, field, term string) (*termBounds, error) {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, err
	}
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, err
	}
	b := &termBounds{}
	if pl == nil || pl.Count() == 0 {
		return b, nil
	}
	b.blocks = make([]float32, (seg.Count()+blockDocs-1)>>blockShift)
	it := pl.Iterator(true, true, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return nil, err
		}
		if p == nil {
			break
		}
		v := roundUp(math.Sqrt(float64(p.Frequency())) * p.Norm())
		if i := p.Number() >> blockShift; i < uint64(len(b.blocks)) && v > b.blocks[i] {
			b.blocks[i] = v
		}
		b.max = max(b.max, v)
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
