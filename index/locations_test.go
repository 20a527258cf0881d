package index

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// TestLocations checks that the highlighter's locations, read from term
// vectors with phrases matched on positions, are those bleve's searcher
// of the highlight query gives, for the queries of the exactness test
// (words, phrases, entity names, prefix, fuzzy, title:) and hits that
// match and hits that do not.
func TestLocations(t *testing.T) {
	ctx := context.Background()
	docs := exactnessDocs(t, 300)
	x := newTestIndex(t)
	for i := 0; i < len(docs); i += 50 {
		if err := x.Add(ctx, docs[i:min(i+50, len(docs))]...); err != nil {
			t.Fatal(err)
		}
	}
	r, err := x.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := 200
	if testing.Short() || raceEnabled {
		n = 40
	}
	checked := 0
	for i, req := range exactnessQueries(docs, n) {
		p, err := x.plan(ctx, r, req)
		if err != nil {
			t.Fatalf("%+v: %v", req, err)
		}
		if p.highlight == nil {
			continue
		}
		// every seventh document: most lack most of the words
		var hits []*search.DocumentMatch
		for j := i % 7; j < len(docs); j += 7 {
			hits = append(hits, &search.DocumentMatch{ID: docs[j].ID})
		}
		got, err := x.locations(ctx, r, p.highlight, hits, nil)
		if err != nil {
			t.Fatalf("%q: %v", req.Query, err)
		}
		// the same, for every other hit, with the term vectors the rerank
		// of all of them read: after a search, from the segments of the
		// terms whose bounds that left in the cache
		if _, err := x.Search(ctx, req); err != nil {
			t.Fatal(err)
		}
		_, read, err := x.rerank(ctx, r, &p.tuning, hits, p.terms, p.pairs, nil, true)
		if err != nil {
			t.Fatalf("%q: rerank: %v", req.Query, err)
		}
		var half []*search.DocumentMatch
		for j := 0; j < len(hits); j += 2 {
			half = append(half, hits[j])
		}
		gotRead, err := x.locations(ctx, r, p.highlight, half, read)
		if err != nil {
			t.Fatalf("%q: %v", req.Query, err)
		}
		var iids []searchDoc
		for _, h := range hits {
			iid, err := r.InternalID(h.ID)
			if err != nil {
				t.Fatal(err)
			}
			iids = append(iids, searchDoc{iid, h.ID})
		}
		slices.SortFunc(iids, func(a, b searchDoc) int { return a.iid.Compare(b.iid) })
		want := map[string]string{}
		err = searcherLocations(ctx, r, x.bi.Mapping(), p.highlight, docIIDs(iids), func(di int, dm *search.DocumentMatch) {
			want[iids[di].id] = locationString(dm)
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			g := ""
			if dm := got[h.ID]; dm != nil {
				g = locationString(dm)
			}
			if g != want[h.ID] {
				t.Errorf("%q in %s: locations\n%s\nwant (bleve's searcher)\n%s", req.Query, h.ID, g, want[h.ID])
			}
			if !slices.Contains(half, h) {
				continue
			}
			g = ""
			if dm := gotRead[h.ID]; dm != nil {
				g = locationString(dm)
			}
			if g != want[h.ID] {
				t.Errorf("%q in %s: locations with the rerank's vectors\n%s\nwant (bleve's searcher)\n%s", req.Query, h.ID, g, want[h.ID])
			}
			if g != "" {
				checked++
			}
		}
	}
	if checked < n {
		t.Errorf("only %d hits with locations; the test is too weak", checked)
	}
}

type searchDoc struct {
	iid bindex.IndexInternalID
	id  string
}

func docIIDs(ds []searchDoc) (out []bindex.IndexInternalID) {
	for _, d := range ds {
		out = append(out, d.iid)
	}
	return out
}

// locationString returns the locations of dm sorted, one field and term
// per line.
func locationString(dm *search.DocumentMatch) string {
	var lines []string
	for f, tl := range dm.Locations {
		for term, ls := range tl {
			var ps []string
			for _, l := range ls {
				ps = append(ps, fmt.Sprintf("%d:%d-%d", l.Pos, l.Start, l.End))
			}
			slices.Sort(ps)
			ps = slices.Compact(ps)
			lines = append(lines, fmt.Sprintf("%s %q %v", f, term, ps))
		}
	}
	slices.Sort(lines)
	return fmt.Sprint(lines)
}
