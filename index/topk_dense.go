package index

import (
	"math"
	"slices"
	"sort"
)

// Decoded postings of common terms. A zap postings iterator that reads
// frequencies and norms advances one posting at a time, so moving a
// common word's postings to the next candidate of the top-k searcher
// costs every posting in between: with pruning the enumeration skips most
// documents, but the skipped postings of the common words are read all
// the same. For a term in a large share of a segment's documents, the
// pass over its postings that computes its block bounds also keeps its
// documents and their sqrt(tf)·norm, and the searcher reads those
// instead: advancing is a search in an array. They are cached with the
// bounds, and hold as long as the segment does.

// denseShare is the share of a segment's documents, as a divisor, from
// which a term's postings are kept decoded: 1/64. A word in fewer
// documents costs little to advance, and the memory goes to those that
// cost the most.
const denseShare = 64

// keepDense reports whether the postings of a term with count postings in
// a segment of docs documents are kept decoded. The searcher reads a
// term's decoded postings only where every segment has kept them, so
// small segments keep them by the same share.
func keepDense(count, docs uint64) bool {
	return count*denseShare >= docs
}

// denseList is the postings of one term in one segment: 9 bytes a
// posting. A posting's sqrt(tf)·norm is computed from its frequency and
// norm as bleve's scorer computes it, to the bit: zap keeps the norm as a
// float32.
type denseList struct {
	docs  []uint32        // the segment's document numbers, ascending
	norms []float32       // the norm of each
	tfs   []uint8         // the frequency of each, bigTF for bigTF or more
	big   map[int]float64 // sqrt(tf)·norm of the postings of tfs bigTF, by index
}

// bigTF is the frequency from which a denseList keeps a posting's value
// in its map.
const bigTF = math.MaxUint8

// sqrtTF holds the square roots of the frequencies below bigTF.
var sqrtTF = func() (t [bigTF]float64) {
	for i := range t {
		t[i] = math.Sqrt(float64(i))
	}
	return t
}()

// add appends a posting of document doc.
func (l *denseList) add(doc uint32, freq uint64, norm float64) {
	l.docs = append(l.docs, doc)
	l.norms = append(l.norms, float32(norm))
	if freq < bigTF {
		l.tfs = append(l.tfs, uint8(freq))
		return
	}
	if l.big == nil {
		l.big = map[int]float64{}
	}
	l.big[len(l.tfs)] = math.Sqrt(float64(freq)) * norm
	l.tfs = append(l.tfs, bigTF)
}

// val returns the sqrt(tf)·norm of posting i.
func (l *denseList) val(i int) float64 {
	if tf := l.tfs[i]; tf < bigTF {
		return sqrtTF[tf] * float64(l.norms[i])
	}
	return l.big[i]
}

// deletions is what a segment snapshot's deleted documents are to a
// denseCursor.
type deletions interface {
	Contains(uint32) bool
	GetCardinality() uint64
	ToArray() []uint32
}

// denseCursor reads a term's decoded postings over the segments of a
// snapshot, without the documents the snapshot deleted, as the term's
// TermFieldReader would.
type denseCursor struct {
	segs  *segments
	lists []*denseList // per segment; nil or empty where the term is absent
	del   []deletions  // per segment; nil when none are deleted
	si    int          // the current segment
	pi    int          // the current posting in it; -1 before the first
}

// newDenseCursor returns a cursor over the decoded postings of bounds, or
// nil when a segment holding the term did not keep them.
func newDenseCursor(segs *segments, bounds []*termBounds) *denseCursor {
	c := &denseCursor{segs: segs, lists: make([]*denseList, len(bounds)), del: make([]deletions, len(bounds)), pi: -1}
	for i, b := range bounds {
		if b.absent() {
			continue
		}
		if b.dense == nil {
			return nil
		}
		c.lists[i] = b.dense
		if d := segs.ss[i].Deleted(); d != nil && !d.IsEmpty() {
			c.del[i] = d
		}
	}
	return c
}

// fresh returns a cursor over the same postings, before the first.
func (c *denseCursor) fresh() *denseCursor {
	return &denseCursor{segs: c.segs, lists: c.lists, del: c.del, pi: -1}
}

// count returns the number of live postings of term in field, whose
// postings c reads: the Count of its TermFieldReader over the same
// snapshot. Where a segment deleted many documents, roaring counts them
// as the TermFieldReader does.
func (c *denseCursor) count(field, term string) (uint64, error) {
	var n uint64
	for i, l := range c.lists {
		switch d := c.del[i]; {
		case l == nil:
		case d == nil:
			n += uint64(len(l.docs))
		case d.GetCardinality() < uint64(len(l.docs))/8:
			n += uint64(len(l.docs) - deletedIn(l.docs, d))
		default:
			ss := c.segs.ss[i]
			pl, err := postingsList(ss.Segment(), field, term, ss.Deleted())
			if err != nil {
				return 0, err
			}
			n += pl.Count()
		}
	}
	return n, nil
}

// deletedIn returns how many of docs, ascending, d holds.
func deletedIn(docs []uint32, d deletions) int {
	n := 0
	if d != nil {
		for _, doc := range d.ToArray() {
			if _, found := slices.BinarySearch(docs, doc); found {
				n++
			}
		}
	}
	return n
}

// settle moves the cursor from its position to the first live posting,
// across segments, and returns its document and value, or ok false.
func (c *denseCursor) settle() (doc uint64, val float64, ok bool) {
	for c.si < len(c.lists) {
		l := c.lists[c.si]
		if l != nil {
			for ; c.pi < len(l.docs); c.pi++ {
				d := l.docs[c.pi]
				if c.del[c.si] == nil || !c.del[c.si].Contains(d) {
					return c.segs.offsets[c.si] + uint64(d), l.val(c.pi), true
				}
			}
		}
		c.si, c.pi = c.si+1, 0
	}
	return 0, 0, false
}

// next moves to the next live posting.
func (c *denseCursor) next() (uint64, float64, bool) {
	c.pi++
	return c.settle()
}

// advance moves to the first live posting at or after document doc; it
// never moves back.
func (c *denseCursor) advance(doc uint64) (uint64, float64, bool) {
	si, local := c.segs.locate(doc)
	if si < c.si {
		return c.settle() // already past doc
	}
	if si > c.si {
		c.si, c.pi = si, 0
	}
	if l := c.lists[c.si]; l != nil {
		from := max(c.pi, 0)
		c.pi = from + sort.Search(len(l.docs)-from, func(i int) bool { return uint64(l.docs[from+i]) >= local })
	}
	return c.settle()
}
