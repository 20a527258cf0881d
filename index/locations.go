package index

import (
	"context"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// locations returns, by ID, the locations in the hits of the terms that
// q, the highlight query, matches. Its words (match queries) and phrases
// are read from the term vectors of their terms, each term's postings
// advanced to the hits only, and phrases are matched on the positions;
// other clauses (prefix, fuzzy, body:) run their bleve searcher, also
// advanced to the hits. A searcher would do the words and phrases too, but
// a phrase searcher advanced to a hit that lacks the phrase reads on to
// the next document that has it, which costs more than all the rest.
//
// The term vectors that read holds, read for the rerank, are not read
// again; where FieldText holds the title too (format 2) and read holds
// its vectors, a title's locations are taken from them. The others are
// read from the segments of the hits (termLocations).
func (x *Index) locations(ctx context.Context, r bindex.IndexReader, q query.Query, hits []*search.DocumentMatch, read *vectors) (map[string]*search.DocumentMatch, error) {
	type doc struct {
		iid bindex.IndexInternalID
		id  string
	}
	docs := make([]doc, 0, len(hits))
	for _, h := range hits {
		iid := h.IndexInternalID
		if iid == nil {
			var err error
			if iid, err = r.InternalID(h.ID); err != nil {
				return nil, err
			}
		}
		if iid != nil {
			docs = append(docs, doc{iid, h.ID})
		}
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].iid.Compare(docs[j].iid) < 0 })
	iids := make([]bindex.IndexInternalID, len(docs))
	for i, d := range docs {
		iids[i] = d.iid
	}

	m := x.bi.Mapping()
	var ph markClauses
	var rest []query.Query
	ph.collect(m, q, &rest)
	out := make(map[string]*search.DocumentMatch, len(docs))
	add := func(di int, field, term string, l *search.Location) {
		dm := out[docs[di].id]
		if dm == nil {
			dm = &search.DocumentMatch{ID: docs[di].id, IndexInternalID: docs[di].iid, Locations: search.FieldTermLocationMap{}}
			out[docs[di].id] = dm
		}
		tl := dm.Locations[field]
		if tl == nil {
			tl = search.TermLocationMap{}
			dm.Locations[field] = tl
		}
		tl[term] = append(tl[term], l)
	}

	// the term vectors of every term of the words and phrases in the hits
	vecs := map[fieldTerm][][]*search.Location{} // per doc
	joined := x.joined()
	for _, p := range ph {
		for _, t := range p.terms {
			k := fieldTerm{p.field, t}
			if _, ok := vecs[k]; ok {
				continue
			}
			if v, ok := read.at(k, iids); ok {
				vecs[k] = v
				continue
			}
			if joined && p.field == FieldTitle {
				if v, ok := read.at(fieldTerm{FieldText, t}, iids); ok {
					vecs[k] = below(v, x.body.base)
					continue
				}
			}
			v, err := x.termLocations(ctx, r, p.field, t, iids)
			if err != nil {
				return nil, err
			}
			vecs[k] = v
		}
	}
	for _, p := range ph {
		for di := range docs {
			if len(p.terms) == 1 { // a word, or a phrase of one
				for _, l := range vecs[fieldTerm{p.field, p.terms[0]}][di] {
					add(di, p.field, p.terms[0], l)
				}
				continue
			}
			// a phrase: each position of its first term followed by the
			// others, one position apart
			at := make([]map[uint64]*search.Location, len(p.terms))
			for i, t := range p.terms[1:] {
				at[i+1] = map[uint64]*search.Location{}
				for _, l := range vecs[fieldTerm{p.field, t}][di] {
					at[i+1][l.Pos] = l
				}
			}
		first:
			for _, l := range vecs[fieldTerm{p.field, p.terms[0]}][di] {
				for i := 1; i < len(p.terms); i++ {
					if at[i][l.Pos+uint64(i)] == nil {
						continue first
					}
				}
				add(di, p.field, p.terms[0], l)
				for i := 1; i < len(p.terms); i++ {
					add(di, p.field, p.terms[i], at[i][l.Pos+uint64(i)])
				}
			}
		}
	}

	if len(rest) > 0 {
		if err := searcherLocations(ctx, r, m, query.NewDisjunctionQuery(rest), iids, func(di int, dm *search.DocumentMatch) {
			for field, tl := range dm.Locations {
				for term, ls := range tl {
					for _, l := range ls {
						add(di, field, term, l)
					}
				}
			}
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// A markClause is a clause of the highlight query that locations reads
// from term vectors: the terms of a phrase in order, or one word.
type markClause struct {
	field string
	terms []string
}

type markClauses []markClause

// collect adds the words and phrases of q to p, and the clauses it does
// not read itself to rest.
func (p *markClauses) collect(m mapping.IndexMapping, q query.Query, rest *[]query.Query) {
	analyze := func(field, analyzer, text string) ([][]string, bool) {
		if field == "" {
			field = m.DefaultSearchField()
		}
		if analyzer == "" {
			analyzer = m.AnalyzerNameForPath(field)
		}
		a := m.AnalyzerNamed(analyzer)
		if a == nil {
			return nil, false
		}
		toks := a.Analyze([]byte(text))
		if len(toks) == 0 {
			return nil, true
		}
		first, last := toks[0].Position, toks[0].Position
		for _, t := range toks {
			first, last = min(first, t.Position), max(last, t.Position)
		}
		slots := make([][]string, last-first+1)
		for _, t := range toks {
			slots[t.Position-first] = append(slots[t.Position-first], string(t.Term))
		}
		return slots, true
	}
	switch q := q.(type) {
	case *query.DisjunctionQuery:
		for _, c := range q.Disjuncts {
			p.collect(m, c, rest)
		}
		return
	case *query.MatchQuery:
		if q.Fuzziness != 0 || q.Operator != query.MatchQueryOperatorOr {
			break
		}
		slots, ok := analyze(q.FieldVal, q.Analyzer, q.Match)
		if !ok {
			break
		}
		for _, s := range slots {
			for _, t := range s {
				*p = append(*p, markClause{q.FieldVal, []string{t}})
			}
		}
		return
	case *query.MatchPhraseQuery:
		if q.Fuzziness != 0 {
			break
		}
		slots, ok := analyze(q.FieldVal, q.Analyzer, q.MatchPhrase)
		if !ok {
			break
		}
		terms := make([]string, 0, len(slots))
		for _, s := range slots {
			if len(s) != 1 {
				ok = false
				break
			}
			terms = append(terms, s[0])
		}
		if !ok {
			break
		}
		if len(terms) > 0 {
			*p = append(*p, markClause{q.FieldVal, terms})
		}
		return
	}
	*rest = append(*rest, q)
}

type fieldTerm struct{ field, term string }

// vectors holds term vectors read in one search: the locations of terms
// of fields in each of docs.
type vectors struct {
	docs []bindex.IndexInternalID // in increasing order
	locs map[fieldTerm][][]*search.Location
}

func newVectors(docs []bindex.IndexInternalID) *vectors {
	return &vectors{docs: docs, locs: map[fieldTerm][][]*search.Location{}}
}

// start records that k is read in docs: none of them holds it until add
// says so.
func (v *vectors) start(k fieldTerm) {
	if v != nil {
		v.locs[k] = make([][]*search.Location, len(v.docs))
	}
}

// set records the locations ls of k, started, in docs[di].
func (v *vectors) set(k fieldTerm, di int, ls []loc) {
	if v != nil {
		v.locs[k][di] = searchLocations(ls)
	}
}

// at returns the locations of k in each of docs, if v holds them all.
func (v *vectors) at(k fieldTerm, docs []bindex.IndexInternalID) ([][]*search.Location, bool) {
	if v == nil {
		return nil, false
	}
	per, ok := v.locs[k]
	if !ok {
		return nil, false
	}
	out := make([][]*search.Location, len(docs))
	for i, d := range docs {
		j, found := slices.BinarySearchFunc(v.docs, d, bindex.IndexInternalID.Compare)
		if !found {
			return nil, false
		}
		out[i] = per[j]
	}
	return out, true
}

// below returns the locations of each document before position end.
func below(per [][]*search.Location, end uint64) [][]*search.Location {
	out := make([][]*search.Location, len(per))
	for i, ls := range per {
		for _, l := range ls {
			if l.Pos < end {
				out[i] = append(out[i], l)
			}
		}
	}
	return out
}

// A loc is a location of a term in a document.
type loc struct{ pos, start, end uint64 }

// searchLocations returns a copy of ls.
func searchLocations(ls []loc) []*search.Location {
	sl := make([]search.Location, len(ls))
	out := make([]*search.Location, len(ls))
	for j, l := range ls {
		sl[j] = search.Location{Pos: l.pos, Start: l.start, End: l.end}
		out[j] = &sl[j]
	}
	return out
}

// termLocations returns the locations of term in field in each of the
// documents docs, in increasing order.
func (x *Index) termLocations(ctx context.Context, r bindex.IndexReader, field, term string, docs []bindex.IndexInternalID) ([][]*search.Location, error) {
	segs := snapshotSegments(r)
	t, err := x.openTerm(ctx, r, segs, field, term, segs.holding(docs))
	if err != nil {
		return nil, err
	}
	defer t.close()
	out := make([][]*search.Location, len(docs))
	err = t.each(ctx, docs, func(i int, ls []loc) { out[i] = searchLocations(ls) })
	return out, err
}

// A termReader reads the locations of a term in some documents: decoded
// from the search cache where the term is common (positions.go), from the
// segments that hold the term and the documents where the cache holds its
// bounds (topk_postings.go), and from its TermFieldReader otherwise.
type termReader struct {
	segs    *segments
	field   string
	term    string
	bounds  []*termBounds
	decoded []*posList // by segment
	cur     *segCursor
	tfr     bindex.TermFieldReader
	buf     []loc
}

// openTerm opens term in field of r, whose segments are segs (nil: not a
// scorch snapshot), for the documents of the segments in[i]. The caller
// closes the termReader.
func (x *Index) openTerm(ctx context.Context, r bindex.IndexReader, segs *segments, field, term string, in []bool) (*termReader, error) {
	t := &termReader{segs: segs, field: field, term: term}
	if bounds, ok := x.bounds.cached(segs, field, term); ok {
		var err error
		t.bounds = bounds
		if t.decoded, in, err = x.positions.decoded(segs, bounds, field, term, in); err != nil {
			return nil, err
		}
		t.cur, err = newSegCursorIn(segs, bounds, field, term, true, true, in)
		return t, err
	}
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, true)
	if err != nil {
		return nil, err
	}
	t.tfr = tfr
	return t, nil
}

func (t *termReader) close() {
	if t.tfr != nil {
		t.tfr.Close()
	}
}

// count returns the number of documents that hold the term.
func (t *termReader) count() (uint64, error) {
	if t.tfr != nil {
		return t.tfr.Count(), nil
	}
	all, err := newSegCursorIn(t.segs, t.bounds, t.field, t.term, false, false, nil)
	if err != nil {
		return 0, err
	}
	return all.count, nil
}

// each calls f with the index in docs (increasing document numbers, of the
// segments t was opened for) of each document that holds the term, and
// its locations, which are valid during the call only.
func (t *termReader) each(ctx context.Context, docs []bindex.IndexInternalID, f func(int, []loc)) error {
	if t.tfr != nil {
		return postingsAt(ctx, t.tfr, docs, func(i int, d *bindex.TermFieldDoc) {
			t.buf = t.buf[:0]
			for _, v := range d.Vectors {
				t.buf = append(t.buf, loc{v.Pos, v.Start, v.End})
			}
			f(i, t.buf)
		})
	}
	for i, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		t.buf = t.buf[:0]
		if si, local := t.segs.locate(d.Value()); t.decoded[si] != nil {
			t.decoded[si].at(uint32(local), func(pos, start, end uint64) { t.buf = append(t.buf, loc{pos, start, end}) })
		} else {
			doc, err := t.cur.advance(d.Value())
			if err != nil {
				return err
			}
			if doc != d.Value() {
				continue
			}
			for _, l := range t.cur.p.Locations() {
				t.buf = append(t.buf, loc{uint64(l.Pos()), uint64(l.Start()), uint64(l.End())})
			}
		}
		if len(t.buf) > 0 {
			f(i, t.buf)
		}
	}
	return nil
}

// postingsAt advances tfr to each of docs, in increasing order, and calls
// f with the index in docs of each document that has a posting, and the
// posting, which is only valid during the call.
func postingsAt(ctx context.Context, tfr bindex.TermFieldReader, docs []bindex.IndexInternalID, f func(int, *bindex.TermFieldDoc)) error {
	var cur *bindex.TermFieldDoc
	var buf bindex.TermFieldDoc // reused: f copies what it keeps
	for i, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if cur == nil || cur.ID.Compare(d) < 0 {
			var err error
			if cur, err = tfr.Advance(d, &buf); err != nil {
				return err
			}
			if cur == nil {
				return nil
			}
		}
		if cur.ID.Equals(d) {
			f(i, cur)
		}
	}
	return nil
}

// searcherLocations runs q's searcher with term vectors, advanced to the
// documents docs (in increasing order), and calls f with the index of
// each document it matches and its match.
func searcherLocations(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, q query.Query, docs []bindex.IndexInternalID, f func(int, *search.DocumentMatch)) error {
	s, err := q.Searcher(ctx, r, m, search.SearcherOptions{IncludeTermVectors: true, Score: "none"})
	if err != nil {
		return err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	var cur *search.DocumentMatch
	for i, d := range docs {
		if cur == nil || cur.IndexInternalID.Compare(d) < 0 {
			if cur, err = s.Advance(sctx, d); err != nil {
				return err
			}
			if cur == nil {
				break
			}
		}
		if cur.IndexInternalID.Equals(d) {
			cur.Complete(nil)
			f(i, cur)
			cur = nil
		}
	}
	return nil
}
