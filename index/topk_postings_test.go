package index

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// TestSegCursor walks the postings of common and rare terms of an index
// with deleted documents, by next and advance, beside the terms'
// TermFieldReaders, and finds the same documents, frequencies, norms and
// counts, and opens only the segments that hold a term.
func TestSegCursor(t *testing.T) {
	ctx := context.Background()
	r, segs := segmentedReader(t)
	cache := newBoundCache(DefaultSearchCacheBytes)
	rng := rand.New(rand.NewPCG(5, 6))
	skipped := 0
	for _, field := range []string{FieldText, FieldTitle} {
		for _, term := range []string{"cua", "va", "nguoi", "viet", "ha", "noi", "khoa", "hoc", "han", "quoc", "bo", "y", "te", "nosuchword"} {
			bounds, err := cache.bounds(segs, field, term)
			if err != nil {
				t.Fatal(err)
			}
			c, err := newSegCursor(segs, bounds, field, term, true, false)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range c.its {
				if it == nil {
					skipped++
				}
			}
			tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, false)
			if err != nil {
				t.Fatal(err)
			}
			if c.count != tfr.Count() {
				t.Errorf("%s in %s: count %d, TermFieldReader's %d", term, field, c.count, tfr.Count())
			}
			var tfd bindex.TermFieldDoc
			for step := 0; ; step++ {
				var d *bindex.TermFieldDoc
				var doc uint64
				if step%3 == 2 {
					to := uint64(rng.IntN(40))
					if tfd.ID != nil {
						to += tfd.ID.Value()
					}
					d, err = tfr.Advance(bindex.NewIndexInternalID(nil, to), &tfd)
					if err == nil {
						doc, err = c.advance(to)
					}
				} else {
					d, err = tfr.Next(&tfd)
					if err == nil {
						doc, err = c.next()
					}
				}
				if err != nil {
					t.Fatal(err)
				}
				if d == nil || doc == noMore {
					if d != nil || doc != noMore {
						t.Fatalf("%s in %s step %d: reader at %v, cursor at %d", term, field, step, d, doc)
					}
					break
				}
				if d.ID.Value() != doc || d.Freq != c.p.Frequency() || d.Norm != c.p.Norm() {
					t.Fatalf("%s in %s step %d: reader at %d (%d, %g), cursor at %d (%d, %g)", term, field, step,
						d.ID.Value(), d.Freq, d.Norm, doc, c.p.Frequency(), c.p.Norm())
				}
			}
			tfr.Close()
		}
	}
	if skipped == 0 {
		t.Error("every term was opened in every segment")
	}
}

// TestRerankFromCursors reranks the same hits on two indexes of the same
// documents: one whose searches left the bounds of their terms in the
// cache, so that the rerank reads positions from segCursors and decoded
// positions, and one never searched, whose rerank reads them from
// TermFieldReaders. The order and scores are the same.
func TestRerankFromCursors(t *testing.T) {
	ctx := context.Background()
	docs := exactnessDocs(t, 300)
	var xs [2]*Index
	for i := range xs {
		xs[i] = newTestIndex(t)
		for j := 0; j < len(docs); j += 40 {
			if err := xs[i].Add(ctx, docs[j:min(j+40, len(docs))]...); err != nil {
				t.Fatal(err)
			}
		}
	}
	warm, cold := xs[0], xs[1]
	cursors := 0
	for qi, req := range exactnessQueries(docs, 60) {
		if _, err := warm.Search(ctx, req); err != nil {
			t.Fatal(err)
		}
		var out [2][]*search.DocumentMatch
		for i, x := range xs {
			r, err := x.reader()
			if err != nil {
				t.Fatal(err)
			}
			p, err := x.plan(ctx, r, req)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				for _, term := range p.terms {
					if _, ok := x.bounds.cached(snapshotSegments(r), FieldText, term); ok {
						cursors++
					}
				}
			}
			var hits []*search.DocumentMatch
			for j := qi % 5; j < len(docs); j += 5 {
				hits = append(hits, &search.DocumentMatch{ID: docs[j].ID, Score: 1})
			}
			if out[i], _, err = x.rerank(ctx, r, &p.tuning, hits, p.terms, p.pairs, nil, false); err != nil {
				t.Fatal(err)
			}
			r.Close()
		}
		for j := range out[0] {
			if out[0][j].ID != out[1][j].ID || out[0][j].Score != out[1][j].Score {
				t.Fatalf("%q: hit %d: %s %g from cursors, %s %g from TermFieldReaders", req.Query, j,
					out[0][j].ID, out[0][j].Score, out[1][j].ID, out[1][j].Score)
			}
		}
	}
	if cursors == 0 {
		t.Error("no term's bounds were cached: the rerank never read from cursors")
	}
	if warm.positions.used == 0 {
		t.Error("the rerank read no decoded positions")
	}
	if cold.bounds.used != 0 {
		t.Errorf("the index never searched caches %d bytes", cold.bounds.used)
	}
}

// TestSegmentPositions checks the decoded positions of terms in every
// document of every segment against the term vectors of their
// TermFieldReaders.
func TestSegmentPositions(t *testing.T) {
	ctx := context.Background()
	r, segs := segmentedReader(t)
	held := 0
	for _, field := range []string{FieldText, FieldTitle} {
		for _, term := range []string{"cua", "va", "nguoi", "viet", "nam", "ha", "noi", "khoa", "hoc", "han", "quoc", "nosuchword"} {
			want := map[uint64][]uint64{}
			tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, true)
			if err != nil {
				t.Fatal(err)
			}
			var tfd bindex.TermFieldDoc
			for {
				d, err := tfr.Next(&tfd)
				if err != nil {
					t.Fatal(err)
				}
				if d == nil {
					break
				}
				for _, v := range d.Vectors {
					want[d.ID.Value()] = append(want[d.ID.Value()], v.Pos, v.Start, v.End)
				}
			}
			tfr.Close()
			for si, ss := range segs.ss {
				l, err := segmentPositions(ss.Segment(), field, term)
				if err != nil {
					t.Fatal(err)
				}
				for local := range ss.Segment().Count() {
					doc := segs.offsets[si] + local
					if d := ss.Deleted(); d != nil && d.Contains(uint32(local)) {
						continue // the reader skips it
					}
					var got []uint64
					l.at(uint32(local), func(p, start, end uint64) { got = append(got, p, start, end) })
					if !slices.Equal(got, want[doc]) {
						t.Fatalf("%s in %s, document %d: locations %v, term vectors %v", term, field, doc, got, want[doc])
					}
					if len(got) > 0 {
						held++
					}
				}
			}
		}
	}
	if held == 0 {
		t.Fatal("no term in any document")
	}
}
