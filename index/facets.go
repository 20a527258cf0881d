package index

import (
	"slices"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/vnsearch/vnsearch/entity"
)

// Facets count the entities of the best FacetWindow hits. The entity IDs
// of a document are in its doc values, which scorch keeps compressed in
// chunks of documents: reading those of a few hundred hits spread over a
// large segment decompresses a chunk per hit. So the first facet over a
// segment reads the whole column of the field once, in document order,
// and keeps it: segments are immutable, and the column holds until its
// segment is merged away.

// maxColumns bounds the columns a columnCache holds (segmentCache says
// which it drops when it is full).
const maxColumns = 64

// column is the doc values of one field of one segment.
type column struct {
	terms []string
	docs  [][]uint32 // per document of the segment, indexes into terms
}

type columnKey struct {
	seg   uint64
	field string
}

func (k columnKey) segment() uint64 { return k.seg }

// columnCache holds the entity columns of an index.
type columnCache struct {
	segmentCache[columnKey, *column]
}

func newColumnCache() columnCache {
	return columnCache{segmentCache[columnKey, *column]{limit: maxColumns, weight: func(*column) int { return 1 }}}
}

// column returns the column of field in segment i of s.
func (c *columnCache) column(r bindex.IndexReader, s *segments, i int, field string) (*column, error) {
	k := columnKey{s.ss[i].Id(), field}
	if col, ok := c.get(k); ok {
		return col, nil
	}
	dvr, err := r.DocValueReader([]string{field})
	if err != nil {
		return nil, err
	}
	n := s.ss[i].Segment().Count()
	col := &column{docs: make([][]uint32, n)}
	index := map[string]uint32{}
	var buf bindex.IndexInternalID
	for local := range n {
		buf = bindex.NewIndexInternalID(buf, s.offsets[i]+local)
		err := dvr.VisitDocValues(buf, func(_ string, term []byte) {
			t, ok := index[string(term)]
			if !ok {
				t = uint32(len(col.terms))
				col.terms = append(col.terms, string(term))
				index[col.terms[t]] = t
			}
			col.docs[local] = append(col.docs[local], t)
		})
		if err != nil {
			return nil, err
		}
	}
	c.put(s, k, col)
	return col, nil
}

// count counts the entities of the hits and returns the size most
// frequent of each type, by count and then ID as bleve orders them.
// Without the segments of r (s nil) it reads the doc values of each hit.
func (c *columnCache) count(r bindex.IndexReader, s *segments, hits []topHit, types []entity.Type, size int) (map[entity.Type][]facetCount, error) {
	iids := make([]bindex.IndexInternalID, len(hits))
	for i, h := range hits {
		iids[i] = h.iid
	}
	// in document order, a segment at a time
	slices.SortFunc(iids, bindex.IndexInternalID.Compare)
	out := make(map[entity.Type][]facetCount, len(types))
	for _, t := range types {
		field := EntityField(t)
		counts := make(map[string]int, len(hits))
		if s == nil {
			dvr, err := r.DocValueReader([]string{field})
			if err != nil {
				return nil, err
			}
			for _, iid := range iids {
				if err := dvr.VisitDocValues(iid, func(_ string, term []byte) { counts[string(term)]++ }); err != nil {
					return nil, err
				}
			}
		} else {
			for _, iid := range iids {
				i, local := s.locate(iid.Value())
				col, err := c.column(r, s, i, field)
				if err != nil {
					return nil, err
				}
				for _, ti := range col.docs[local] {
					counts[col.terms[ti]]++
				}
			}
		}
		out[t] = topCounts(counts, size)
	}
	return out, nil
}

// topCounts returns the size most frequent terms of counts, by count and
// then term, as bleve orders a facet. It keeps them sorted as it goes,
// the few of a facet among the many terms of its hits.
func topCounts(counts map[string]int, size int) []facetCount {
	before := func(a, b facetCount) bool {
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Term < b.Term
	}
	top := make([]facetCount, 0, min(size, len(counts)))
	for term, n := range counts {
		c := facetCount{term, n}
		if len(top) == size && (size == 0 || !before(c, top[size-1])) {
			continue
		}
		j := len(top)
		if j < size {
			top = append(top, c)
		} else {
			j--
		}
		for ; j > 0 && before(c, top[j-1]); j-- {
			top[j] = top[j-1]
		}
		top[j] = c
	}
	return top
}
