package index

import (
	"encoding/binary"
	"slices"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Decoded positions of common terms. The rerank reads the positions of
// the query's words in the best hits (search.go). A zap postings
// iterator reaches a document through every posting before it in the
// bitmap and in the document's chunk, so that for a word in a large
// share of a segment's documents one read costs a pass over most of its
// postings. For such a word, one whose postings the search cache keeps
// decoded (topk_dense.go), the first read keeps its positions in every
// document of the segment, and later reads find them by a binary search.
// They are cached with the bounds, and hold as long as the segment does.

// posList is the positions of one term in one segment.
type posList struct {
	docs []uint32 // the segment's document numbers, ascending
	off  []uint32 // the positions of docs[i] are data[off[i]:off[i+1]]
	data []byte   // varint differences of each document's positions
}

func (l *posList) weight() int { return 64 + 4*len(l.docs) + 4*len(l.off) + len(l.data) }

// at calls add with each position of the term in document d, in the
// order of its locations.
func (l *posList) at(d uint32, add func(uint64)) {
	i, found := slices.BinarySearch(l.docs, d)
	if !found {
		return
	}
	data := l.data[l.off[i]:l.off[i+1]]
	var p int64
	for len(data) > 0 {
		v, n := binary.Varint(data)
		p += v
		add(uint64(p))
		data = data[n:]
	}
}

// segmentPositions reads the positions of term in field of seg.
func segmentPositions(seg segment.Segment, field, term string) (*posList, error) {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, err
	}
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, err
	}
	n := pl.Count()
	l := &posList{docs: make([]uint32, 0, n), off: make([]uint32, 1, n+1)}
	it := pl.Iterator(true, true, true, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return nil, err
		}
		if p == nil {
			break
		}
		l.docs = append(l.docs, uint32(p.Number()))
		var prev int64
		for _, loc := range p.Locations() {
			l.data = binary.AppendVarint(l.data, int64(loc.Pos())-prev)
			prev = int64(loc.Pos())
		}
		l.off = append(l.off, uint32(len(l.data)))
	}
	l.data = slices.Clip(l.data)
	return l, nil
}

// posCache holds the decoded positions of common terms.
type posCache struct {
	segmentCache[boundKey, *posList]
}

func newPosCache(limit int) posCache {
	return posCache{segmentCache[boundKey, *posList]{limit: limit, weight: (*posList).weight}}
}

// positions returns the positions of term in field in segment i of s,
// read on first use.
func (c *posCache) positions(s *segments, i int, field, term string) (*posList, error) {
	k := boundKey{s.ss[i].Id(), field, term}
	if l, ok := c.get(k); ok {
		return l, nil
	}
	l, err := segmentPositions(s.ss[i].Segment(), field, term)
	if err != nil {
		return nil, err
	}
	c.put(s, k, l)
	return l, nil
}
