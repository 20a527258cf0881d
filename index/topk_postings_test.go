package index

import (
	"context"
	"math/rand/v2"
	"testing"

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
