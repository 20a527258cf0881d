package index

import (
	"encoding/binary"
	"slices"

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

// decoded returns, by segment of s, the decoded locations of term in
// field, whose bounds are bounds, in the segments in[i] where the term
// is common, and the segments of in left to read from the postings. A
// term's locations are decoded on first use if the cache has room for
// them: when it is full of those of the live segments, decoding them for
// one read would cost more than the read.
func (c *posCache) decoded(s *segments, bounds []*termBounds, field, term string, in []bool) ([]*posList, []bool, error) {
	out := make([]*posList, len(bounds))
	left := slices.Clone(in)
	for i, b := range bounds {
		if !in[i] || b.dense == nil {
			continue
		}
		k := boundKey{s.ss[i].Id(), field, term}
		l, ok := c.get(k)
		if !ok {
			if !c.room(s, posListWeight(b.dense)) {
				continue
			}
			var err error
			if l, err = segmentPositions(s.ss[i].Segment(), field, term); err != nil {
				return nil, nil, err
			}
			c.put(s, k, l)
		}
		out[i], left[i] = l, false
	}
	return out, left, nil
}

// posListWeight is about the weight of the posList of the term whose
// decoded postings are d: 8 bytes a posting and 4 a location.
func posListWeight(d *denseList) int {
	w := 64 + 8*len(d.docs)
	for _, tf := range d.tfs {
		w += 4 * int(tf)
	}
	return w
}
