package index

import (
	"encoding/binary"
	"slices"

	"github.com/blevesearch/bleve/v2/search"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Decoded locations of common terms. The rerank reads the positions of
// the query's words in the best hits (search.go), and the highlights
// their locations in the page's hits (locations.go). A zap postings
// iterator reaches a document through every posting before it in the
// bitmap and in the document's chunk, so that for a word in a large
// share of a segment's documents one read costs a pass over most of its
// postings. For such a word, one whose postings the search cache keeps
// decoded (topk_dense.go), the first read keeps its locations in every
// document of the segment, and later reads find them by a binary search.
// They are cached beside the bounds, and hold as long as the segment
// does.

// posList is the locations of one term in one segment: their positions,
// and their byte offsets for the highlights.
type posList struct {
	docs []uint32 // the segment's document numbers, ascending
	off  []uint32 // the locations of docs[i] are data[off[i]:off[i+1]]
	// each location of a document in turn: the differences of its
	// position and its start from the location before (varints), and
	// its length (a uvarint)
	data []byte
}

func (l *posList) weight() int { return 64 + 4*len(l.docs) + 4*len(l.off) + len(l.data) }

// at calls add with each location of the term in document d, in order:
// its position, start and end.
func (l *posList) at(d uint32, add func(pos, start, end uint64)) {
	i, found := slices.BinarySearch(l.docs, d)
	if !found {
		return
	}
	data := l.data[l.off[i]:l.off[i+1]]
	var pos, start int64
	for len(data) > 0 {
		dp, n := binary.Varint(data)
		ds, m := binary.Varint(data[n:])
		length, k := binary.Uvarint(data[n+m:])
		data = data[n+m+k:]
		pos, start = pos+dp, start+ds
		add(uint64(pos), uint64(start), uint64(start)+length)
	}
}

// locations returns the locations of the term in document d.
func (l *posList) locations(d uint32) []*search.Location {
	var out []*search.Location
	l.at(d, func(pos, start, end uint64) {
		out = append(out, &search.Location{Pos: pos, Start: start, End: end})
	})
	return out
}

// segmentPositions reads the locations of term in field of seg.
func segmentPositions(seg segment.Segment, field, term string) (*posList, error) {
	pl, err := postingsList(seg, field, term, nil)
	if err != nil {
		return nil, err
	}
	n := pl.Count()
	l := &posList{docs: make([]uint32, 0, n), off: make([]uint32, 1, n+1)}
	err = eachPosting(pl, true, func(p segment.Posting) {
		l.docs = append(l.docs, uint32(p.Number()))
		var pos, start int64
		for _, loc := range p.Locations() {
			l.data = binary.AppendVarint(l.data, int64(loc.Pos())-pos)
			l.data = binary.AppendVarint(l.data, int64(loc.Start())-start)
			l.data = binary.AppendUvarint(l.data, uint64(loc.End()-loc.Start()))
			pos, start = int64(loc.Pos()), int64(loc.Start())
		}
		l.off = append(l.off, uint32(len(l.data)))
	})
	if err != nil {
		return nil, err
	}
	l.data = slices.Clip(l.data)
	return l, nil
}

// posCache holds the decoded locations of common terms.
type posCache struct {
	segmentCache[boundKey, *posList]
}

func newPosCache(limit int) posCache {
	return posCache{segmentCache[boundKey, *posList]{limit: limit, weight: (*posList).weight}}
}

// positions returns the locations of term in field in segment i of s,
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
