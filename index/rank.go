package index

import (
	"context"
	"errors"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/vnsearch/vnsearch/entity"
)

// FacetWindow is the number of top hits whose entities make the facets of
// a search, unless Request.Exact asks for all matches: the counts are
// then those of the best FacetWindow matches (Result.FacetsExact says
// whether that was all of them); with Request.After, of the best after
// the cursor. Pruning costs more the more hits it keeps: on the Dân Trí
// index (five-word queries) facets over 100 hits added two thirds of the
// time of a search, over 50 a third. The five most frequent entities of a
// type over the best 50 are on average two thirds of those over the best
// 100.
const FacetWindow = 50

// ranking is the first ranking of a search, before the rerank.
type ranking struct {
	hits        []*search.DocumentMatch // the best n, in order
	more        bool                    // matches follow the n
	total       uint64                  // matches counted
	exact       bool                    // total counts every match
	facets      map[entity.Type][]facetCount
	facetsExact bool
	// df holds the document frequencies of the terms the top-k searcher
	// read, by field and term; nil from bleve's search
	df map[fieldTerm]uint64
}

// facetCount is an entity ID with the number of documents that mention it.
type facetCount struct {
	Term  string
	Count int
}

// rank returns the best n matches of p (after p.after), the total and
// the facets. It uses the top-k searcher unless req.Exact asks for every
// match to be counted or the index scores with BM25, and falls back to
// bleve's search for the queries the top-k searcher leaves to it.
func (x *Index) rank(ctx context.Context, r bindex.IndexReader, req Request, p *plan, n int) (*ranking, error) {
	if !req.Exact && scoringModel(x.bi.Mapping()) != ScoringBM25 {
		rk, err := x.rankTopK(ctx, r, p, n)
		if !errors.Is(err, errTooManyTies) && !errors.Is(err, errTooManyLeaves) {
			return rk, err
		}
	}
	return x.rankBleve(ctx, r, p, n)
}

func scoringModel(m mapping.IndexMapping) string {
	if im, ok := m.(*mapping.IndexMappingImpl); ok && im.ScoringModel != "" {
		return im.ScoringModel
	}
	return ScoringTFIDF
}

// rankTopK ranks with the top-k searcher; facets count the entities of
// the best FacetWindow matches.
func (x *Index) rankTopK(ctx context.Context, r bindex.IndexReader, p *plan, n int) (*ranking, error) {
	tk, err := compileTopK(ctx, r, x.bi.Mapping(), &x.bounds, p.q)
	if err != nil {
		return nil, err
	}
	defer tk.close()
	k := n + 1 // one more says whether a page follows
	if len(p.facets) > 0 {
		k = max(k, FacetWindow)
	}
	res, err := tk.run(ctx, k, n+1, p.afterKey, true)
	if err != nil {
		return nil, err
	}
	rk := &ranking{total: res.total, exact: res.exact, more: len(res.hits) > n, df: map[fieldTerm]uint64{}}
	for _, l := range tk.leaves {
		if l.role == roleScore && l.isTerm() {
			rk.df[fieldTerm{l.field, l.term}] = l.cost
		}
	}
	if len(p.facets) > 0 {
		rk.facetsExact = res.exact && len(res.hits) < k
		if rk.facets, err = x.columns.count(r, tk.segs, res.hits, p.facets, p.facetSize); err != nil {
			return nil, err
		}
	}
	hits := res.hits[:min(n, len(res.hits))]
	rk.hits = make([]*search.DocumentMatch, len(hits))
	for i, h := range hits {
		rk.hits[i] = &search.DocumentMatch{ID: h.id, IndexInternalID: h.iid, Score: h.score}
	}
	return rk, nil
}

// rankBleve ranks with bleve's own search, which scores and counts every
// match, and counts the facets over all of them. bleve reads a snapshot
// of its own: a document added or replaced since r was taken is ranked
// as bleve saw it and loaded as r holds it (or not at all).
func (x *Index) rankBleve(ctx context.Context, r bindex.IndexReader, p *plan, n int) (*ranking, error) {
	sr := bleve.NewSearchRequestOptions(p.q, n+1, 0, false)
	sr.SortBy([]string{"-_score", "_id"})
	if a := p.afterKey; a != nil {
		sr.SearchAfter = []string{strconv.FormatFloat(a.score, 'g', -1, 64), a.id}
	}
	for _, t := range p.facets {
		sr.AddFacet(string(t), bleve.NewFacetRequest(EntityField(t), p.facetSize))
	}
	res, err := x.bi.SearchInContext(ctx, sr)
	if err != nil {
		return nil, err
	}
	rk := &ranking{total: res.Total, exact: true, more: len(res.Hits) > n, facetsExact: true}
	rk.hits = res.Hits[:min(n, len(res.Hits))]
	for _, h := range rk.hits {
		// bleve searched a snapshot of its own, whose document numbers
		// are not r's
		iid, err := r.InternalID(h.ID)
		if err != nil {
			return nil, err
		}
		h.IndexInternalID = iid
	}
	if len(p.facets) > 0 {
		rk.facets = map[entity.Type][]facetCount{}
		for _, t := range p.facets {
			if fr := res.Facets[string(t)]; fr != nil && fr.Terms != nil {
				for _, tf := range fr.Terms.Terms() {
					rk.facets[t] = append(rk.facets[t], facetCount{tf.Term, tf.Count})
				}
			}
		}
	}
	return rk, nil
}
