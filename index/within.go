package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// withinQuery matches the documents that q matches at a position of field
// at or after base, with q's scores: the body's words in FieldText, which
// holds the title's words first (bodyBase). q's searcher is run with term
// vectors to see the positions.
type withinQuery struct {
	q     query.Query
	field string
	base  uint64
}

// Searcher returns a searcher of the documents q's searcher matches within
// the positions.
func (w *withinQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	keep := options.IncludeTermVectors
	options.IncludeTermVectors = true
	s, err := w.q.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	return &withinSearcher{Searcher: s, field: w.field, base: w.base, keep: keep}, nil
}

// Boost returns the boost of q, or 1 when it has none.
func (w *withinQuery) Boost() float64 {
	if b, ok := w.q.(boostable); ok {
		return b.Boost()
	}
	return 1
}

// SetBoost sets the boost of q, if it has one.
func (w *withinQuery) SetBoost(v float64) {
	if b, ok := w.q.(boostable); ok {
		b.SetBoost(v)
	}
}

// withinSearcher passes on the matches of its searcher that have a
// location in field at or after base; without keep, it drops their
// locations, which its caller did not ask for.
type withinSearcher struct {
	search.Searcher
	field string
	base  uint64
	keep  bool
}

// Next returns the next match within the positions, or nil.
func (s *withinSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		dm, err := s.Searcher.Next(ctx)
		if dm == nil || err != nil {
			return dm, err
		}
		if s.accept(ctx, dm) {
			return dm, nil
		}
	}
}

// Advance returns the first match within the positions at or after id,
// or nil.
func (s *withinSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm == nil || err != nil {
		return dm, err
	}
	if s.accept(ctx, dm) {
		return dm, nil
	}
	return s.Next(ctx)
}

// accept reports whether dm has a location within the positions, and
// returns dm to the pool when it does not.
func (s *withinSearcher) accept(ctx *search.SearchContext, dm *search.DocumentMatch) bool {
	ok := false
	for _, l := range dm.FieldTermLocations {
		if l.Field == s.field && l.Location.Pos >= s.base {
			ok = true
			break
		}
	}
	for _, locs := range dm.Locations[s.field] {
		for _, l := range locs {
			ok = ok || l.Pos >= s.base
		}
	}
	if !ok {
		if ctx.DocumentMatchPool != nil {
			ctx.DocumentMatchPool.Put(dm)
		}
		return false
	}
	if !s.keep {
		dm.FieldTermLocations = dm.FieldTermLocations[:0]
		dm.Locations = nil
	}
	return true
}
