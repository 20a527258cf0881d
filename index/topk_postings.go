package index

import (
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Postings of a term over the segments that hold it. bleve's
// TermFieldReader opens a term in every segment of a snapshot, a
// dictionary lookup, a postings list and an iterator each, though most
// segments of a large index do not hold a rare term. The term's bounds
// (topk_bounds.go) say which segments hold it: a segCursor opens those
// alone and reads them as the term's TermFieldReader would, without the
// documents the snapshot deleted.
type segCursor struct {
	segs  *segments
	pls   []segment.PostingsList     // per segment; nil where the term is absent
	its   []segment.PostingsIterator // an iterator of each of pls
	freq  bool                       // the iterators read frequencies and norms
	locs  bool                       // and locations
	count uint64                     // live postings, the TermFieldReader's Count
	si    int                        // the current segment
	doc   uint64                     // the current document, noMore at the end
	p     segment.Posting            // the current posting; nil before the first
}

// newSegCursor opens term in field in the segments of s that bounds, the
// term's, say hold it: with frequencies and norms when freq, and with
// locations too when locs.
func newSegCursor(s *segments, bounds []*termBounds, field, term string, freq, locs bool) (*segCursor, error) {
	return newSegCursorIn(s, bounds, field, term, freq, locs, nil)
}

// newSegCursorIn is newSegCursor in the segments i of s that have in[i]
// (all with in nil), which count alone.
func newSegCursorIn(s *segments, bounds []*termBounds, field, term string, freq, locs bool, in []bool) (*segCursor, error) {
	c := &segCursor{segs: s, pls: make([]segment.PostingsList, len(s.ss)), its: make([]segment.PostingsIterator, len(s.ss)),
		freq: freq || locs, locs: locs}
	for i, b := range bounds {
		if b.absent() || in != nil && !in[i] {
			continue // absent, or not asked for
		}
		pl, err := postingsList(s.ss[i].Segment(), field, term, s.ss[i].Deleted())
		if err != nil {
			return nil, err
		}
		if n := pl.Count(); n > 0 {
			c.count += n
			c.pls[i], c.its[i] = pl, pl.Iterator(c.freq, c.freq, locs, nil)
		}
	}
	return c, nil
}

// fresh returns a cursor over the same postings, before the first.
func (c *segCursor) fresh() *segCursor {
	f := &segCursor{segs: c.segs, pls: c.pls, its: make([]segment.PostingsIterator, len(c.its)), freq: c.freq, locs: c.locs, count: c.count}
	for i, pl := range c.pls {
		if pl != nil {
			f.its[i] = pl.Iterator(c.freq, c.freq, c.locs, nil)
		}
	}
	return f
}

// next moves to the next posting and returns its document, noMore at the
// end.
func (c *segCursor) next() (uint64, error) {
	for ; c.si < len(c.its); c.si++ {
		if it := c.its[c.si]; it != nil {
			p, err := it.Next()
			if err != nil {
				return 0, err
			}
			if p != nil {
				c.p, c.doc = p, c.segs.offsets[c.si]+p.Number()
				return c.doc, nil
			}
		}
	}
	c.p, c.doc = nil, noMore
	return noMore, nil
}

// advance moves to the first posting at or after document doc and
// returns its document; it never moves back.
func (c *segCursor) advance(doc uint64) (uint64, error) {
	if c.p != nil && c.doc >= doc || c.doc == noMore {
		return c.doc, nil
	}
	si, local := c.segs.locate(doc)
	if si > c.si {
		c.si = si
	}
	if it := c.its[c.si]; it != nil {
		p, err := it.Advance(local)
		if err != nil {
			return 0, err
		}
		if p != nil {
			c.p, c.doc = p, c.segs.offsets[c.si]+p.Number()
			return c.doc, nil
		}
	}
	c.si++
	return c.next()
}
