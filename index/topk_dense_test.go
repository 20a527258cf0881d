package index

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
)

// segmentedReader returns a reader of an index of several segments, some
// with deleted documents, and its segments.
func segmentedReader(t *testing.T) (bindex.IndexReader, *segments) {
	t.Helper()
	ctx := context.Background()
	docs := exactnessDocs(t, 300)
	x := newTestIndex(t)
	for i := 0; i < len(docs); i += 40 {
		if err := x.Add(ctx, docs[i:min(i+40, len(docs))]...); err != nil {
			t.Fatal(err)
		}
	}
	var updates []Document // leave deleted documents in older segments
	for i := 0; i < len(docs); i += 7 {
		u := docs[(i*5+1)%len(docs)]
		u.ID = docs[i].ID
		updates = append(updates, u)
	}
	if err := x.Add(ctx, updates...); err != nil {
		t.Fatal(err)
	}
	r, err := x.reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	segs := snapshotSegments(r)
	if segs == nil || len(segs.ss) < 2 {
		t.Fatalf("want several segments, have %v", segs)
	}
	deleted := slices.ContainsFunc(segs.ss, func(s *scorch.SegmentSnapshot) bool {
		return s.Deleted() != nil && !s.Deleted().IsEmpty()
	})
	if !deleted {
		t.Fatal("no segment has deleted documents")
	}
	return r, segs
}

// TestDenseCursor walks the decoded postings of the common terms of an
// index with deleted documents, by next and advance, beside the terms'
// TermFieldReaders, and finds the same documents with the same
// sqrt(tf)·norm.
func TestDenseCursor(t *testing.T) {
	ctx := context.Background()
	r, segs := segmentedReader(t)
	terms := []string{"cua", "va", "la", "nguoi", "viet", "nam", "cac", "duoc", "trong", "co"}
	rng := rand.New(rand.NewPCG(3, 4))
	cache := newBoundCache(DefaultSearchCacheBytes)
	dense := 0
	for _, term := range terms {
		bounds, err := cache.bounds(segs, FieldText, term)
		if err != nil {
			t.Fatal(err)
		}
		c := newDenseCursor(segs, bounds)
		if c == nil {
			continue
		}
		dense++
		tfr, err := r.TermFieldReader(ctx, []byte(term), FieldText, true, true, false)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := c.count(FieldText, term); err != nil || n != tfr.Count() {
			t.Errorf("%s: count %d (%v), TermFieldReader's %d", term, n, err, tfr.Count())
		}
		var tfd bindex.TermFieldDoc
		for step := 0; ; step++ {
			var d *bindex.TermFieldDoc
			var doc uint64
			var val float64
			var ok bool
			if step%3 == 2 {
				// advance a little past the current document
				to := uint64(rng.IntN(40))
				if tfd.ID != nil {
					to += tfd.ID.Value()
				}
				d, err = tfr.Advance(bindex.NewIndexInternalID(nil, to), &tfd)
				doc, val, ok = c.advance(to)
			} else {
				d, err = tfr.Next(&tfd)
				doc, val, ok = c.next()
			}
			if err != nil {
				t.Fatal(err)
			}
			if d == nil || !ok {
				if d != nil || ok {
					t.Fatalf("%s step %d: reader at %v, cursor ok %v", term, step, d, ok)
				}
				break
			}
			want := math.Sqrt(float64(d.Freq)) * d.Norm
			if d.ID.Value() != doc || want != val {
				t.Fatalf("%s step %d: reader at %d (%g), cursor at %d (%g)", term, step, d.ID.Value(), want, doc, val)
			}
		}
		tfr.Close()
	}
	if dense == 0 {
		t.Fatalf("none of %v kept decoded postings", terms)
	}
}

// TestSearchCacheBytes checks that Config.SearchCacheBytes bounds the
// caches, and that an index whose caches hold next to nothing ranks as
// one whose caches hold everything.
func TestSearchCacheBytes(t *testing.T) {
	ctx := context.Background()
	docs := exactnessDocs(t, 300)
	small, err := NewMemory(func(c *Config) { c.SearchCacheBytes = 1 })
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close()
	if small.bounds.limit+small.positions.limit != 1 || DefaultConfig().SearchCacheBytes != DefaultSearchCacheBytes {
		t.Fatalf("cache limits %d and %d, default %d", small.bounds.limit, small.positions.limit, DefaultConfig().SearchCacheBytes)
	}
	big := newTestIndex(t)
	for _, x := range []*Index{small, big} {
		if err := x.Add(ctx, docs...); err != nil {
			t.Fatal(err)
		}
	}
	for _, req := range exactnessQueries(docs, 30) {
		req.Size = 10
		a, errA := small.Search(ctx, req)
		b, errB := big.Search(ctx, req)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("%+v: %v and %v", req, errA, errB)
		}
		if errA == nil && !slices.Equal(ids(a), ids(b)) {
			t.Errorf("%+v: %v with an empty cache, %v with a full one", req, ids(a), ids(b))
		}
	}
	// the locations are decoded only where they fit
	if small.positions.used > small.positions.limit || big.positions.used == 0 {
		t.Errorf("decoded locations: %d bytes in a cache of %d, %d in the default one", small.positions.used, small.positions.limit, big.positions.used)
	}
}

// TestDenseListValues checks that a denseList gives back the sqrt(tf)·norm
// of bleve's scorer to the bit, for frequencies below and from bigTF.
func TestDenseListValues(t *testing.T) {
	var l denseList
	freqs := []uint64{0, 1, 2, 3, 17, bigTF - 1, bigTF, bigTF + 1, 4096}
	norms := []float64{1, float64(float32(1 / math.Sqrt(3))), float64(float32(1 / math.Sqrt(977)))}
	var want []float64
	for _, f := range freqs {
		for _, n := range norms {
			l.add(uint32(len(want)), f, n)
			want = append(want, math.Sqrt(float64(f))*n)
		}
	}
	for i, w := range want {
		if got := l.val(i); got != w {
			t.Errorf("posting %d: %v, want %v", i, got, w)
		}
	}
}

// TestDeletedIn counts deleted postings, few and many.
func TestDeletedIn(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range []struct{ docs, deleted int }{{0, 0}, {10, 0}, {1000, 3}, {1000, 400}, {50, 900}} {
		var docs []uint32
		for d := uint32(0); len(docs) < c.docs; d++ {
			if rng.IntN(3) == 0 {
				docs = append(docs, d)
			}
		}
		del := roaring.New()
		for del.GetCardinality() < uint64(c.deleted) {
			del.Add(uint32(rng.IntN(3 * max(c.docs, c.deleted))))
		}
		want := 0
		for _, d := range docs {
			if del.Contains(d) {
				want++
			}
		}
		if got := deletedIn(docs, del); got != want {
			t.Errorf("%d docs, %d deleted: %d of the documents deleted, want %d", c.docs, c.deleted, got, want)
		}
	}
	if n := deletedIn([]uint32{1, 2}, nil); n != 0 {
		t.Errorf("without deletions: %d", n)
	}
	// a segment with few deletions counts them by deletedIn
	l := &denseList{}
	for d := range uint32(100) {
		l.add(2*d, 1, 1)
	}
	c := &denseCursor{lists: []*denseList{l}, del: []deletions{roaring.BitmapOf(4, 5, 6)}}
	if n, err := c.count("f", "t"); err != nil || n != 98 {
		t.Errorf("100 postings, 2 of them deleted: count %d (%v)", n, err)
	}
}
