package index

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/internal/testenv"
)

// exactnessDocs returns n articles made of the sentences of the project's
// test news, recombined with a seeded generator, so that the words of the
// queries below match many documents in different proportions.
func exactnessDocs(t testing.TB, n int) []Document {
	t.Helper()
	var sents []string
	for _, d := range append(readJSONL[Document](t, "testdata/news.jsonl"), testDocs...) {
		for _, s := range strings.Split(d.Title+". "+d.Body, ". ") {
			if s = strings.TrimSpace(s); s != "" {
				sents = append(sents, s)
			}
		}
	}
	rng := rand.New(rand.NewPCG(7, 11))
	docs := make([]Document, n)
	for i := range docs {
		body := make([]string, 1+rng.IntN(6))
		for j := range body {
			body[j] = sents[rng.IntN(len(sents))]
		}
		docs[i] = Document{
			ID:        fmt.Sprintf("d%04d", i),
			Title:     sents[rng.IntN(len(sents))],
			Body:      strings.Join(body, ". ") + ".",
			Published: day(1 + rng.IntN(28)),
		}
	}
	return docs
}

// exactnessQueries returns queries of every clause kind that the query
// syntax has, made of words of docs.
func exactnessQueries(docs []Document, n int) []Request {
	rng := rand.New(rand.NewPCG(3, 5))
	words := func(k int) string {
		d := docs[rng.IntN(len(docs))]
		ws := strings.Fields(d.Title + " " + d.Body)
		i := rng.IntN(len(ws))
		return strings.Trim(strings.Join(ws[i:min(i+k, len(ws))], " "), ".,")
	}
	var out []Request
	for len(out) < n {
		var q string
		switch rng.IntN(10) {
		case 0, 1:
			q = words(1 + rng.IntN(6)) // words with diacritics
		case 2, 3:
			q = analyze.Fold(words(1 + rng.IntN(6))) // without
		case 4:
			q = words(2) + ` "` + words(2) + `"` // a phrase
		case 5:
			q = words(2) + " +" + words(1) + " -" + words(1) // required, excluded
		case 6:
			q = "title:" + words(1) + " " + analyze.Fold(words(3))
		case 7:
			q = []string{"Hàn Quốc", "han quoc", "Tô Lâm", "Bộ Y tế", "South Korea", "Việt Nam hợp tác"}[rng.IntN(6)] + " " + words(rng.IntN(3))
		case 8:
			w := analyze.Fold(strings.Fields(words(1) + " x")[0])
			q = words(2) + " " + w[:min(len(w), 3)] + "* " + w + "~1"
		case 9:
			q = words(3) + " -country:KR"
		}
		r := Request{Query: q}
		switch rng.IntN(6) {
		case 0:
			r.Entities = []Entity{{Type: entity.Country, ID: "VN"}}
		case 1:
			r.Lang = "vi"
		case 2:
			r.Since = day(10)
		}
		out = append(out, r)
	}
	return out
}

// TestTopKExact checks that the pruned top k is the top k of exhaustive
// scoring, and that exhaustive scoring gives bleve's scores and order,
// for many queries over three segment layouts.
func TestTopKExact(t *testing.T) {
	ctx := context.Background()
	docs := exactnessDocs(t, 800)
	queries := exactnessQueries(docs, 200)
	switch {
	case testing.Short() || raceEnabled:
		queries = queries[:30]
	case !testenv.Long():
		queries = queries[:80]
	}
	// updates replace every ninth document by another's text, leaving
	// deleted documents in the older segments
	var updates []Document
	for i := 0; i < len(docs); i += 9 {
		u := docs[(i*7+3)%len(docs)]
		u.ID = docs[i].ID
		updates = append(updates, u)
	}
	for _, layout := range []struct {
		name    string
		batch   int
		updates bool
		learn   bool // restored readings add clauses to unaccented queries
	}{{"one-batch", len(docs), false, false}, {"batches-of-50", 50, true, false}, {"batches-of-13", 13, true, false},
		{"learning", 50, true, true}} {
		t.Run(layout.name, func(t *testing.T) {
			x := newTestIndex(t)
			if layout.learn {
				var err error
				if x, err = NewMemory(WithLearning()); err != nil {
					t.Fatal(err)
				}
				defer x.Close()
			}
			all := docs
			if layout.updates {
				all = append(slices.Clip(docs), updates...)
			}
			for i := 0; i < len(all); i += layout.batch {
				if err := x.Add(ctx, all[i:min(i+layout.batch, len(all))]...); err != nil {
					t.Fatal(err)
				}
			}
			var pruned, compared int
			for _, req := range queries {
				for _, k := range []int{1, 10, 20} {
					p, e, b, ok := topKAll(t, x, req, k)
					if !ok {
						continue
					}
					compared++
					if !p.exact {
						pruned++
					}
					if !sameHits(p.hits, e.hits, 1e-12) {
						t.Errorf("%+v k=%d: pruned %v\nexhaustive %v", req, k, p.hits, e.hits)
					}
					if !e.exact || e.total != b.Total {
						t.Errorf("%+v: exhaustive total %d (exact %v), bleve %d", req, e.total, e.exact, b.Total)
					}
					bh := make([]topHit, len(b.Hits))
					for i, h := range b.Hits {
						bh[i] = topHit{id: h.ID, score: h.Score}
					}
					if !sameHits(e.hits, bh, 1e-9) {
						t.Errorf("%+v k=%d: exhaustive %v\nbleve %v", req, k, e.hits, bh)
					}
				}
			}
			if compared < len(queries) || pruned == 0 {
				t.Errorf("compared %d searches, %d pruned: the test does not exercise pruning", compared, pruned)
			}
			t.Logf("%d searches, %d pruned", compared, pruned)
			if layout.learn {
				restored := 0
				for _, req := range queries {
					if res, err := x.Search(ctx, req); err == nil && res.Reading != "" {
						restored++
					}
				}
				t.Logf("%d queries with a restored reading", restored)
				if restored == 0 {
					t.Error("no query has a restored reading: the test does not exercise their clauses")
				}
			}
		})
	}
}

// topKAll returns the pruned and exhaustive top k of req and bleve's, and
// false for a request without a query.
func topKAll(t *testing.T, x *Index, req Request, k int) (pruned, exhaustive *topResult, b *bleve.SearchResult, ok bool) {
	t.Helper()
	ctx := context.Background()
	r, err := x.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p, err := x.plan(ctx, r, req)
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	res := make([]*topResult, 2)
	for i, prune := range []bool{true, false} {
		tk, err := compileTopK(ctx, r, x.bi.Mapping(), &x.bounds, p.q)
		if err != nil {
			t.Fatalf("%+v: %v", req, err)
		}
		if res[i], err = tk.run(ctx, k, k, nil, prune); err != nil {
			t.Fatalf("%+v: %v", req, err)
		}
		tk.close()
	}
	sr := bleve.NewSearchRequestOptions(p.q, k, 0, false)
	sr.SortBy([]string{"-_score", "_id"})
	if b, err = x.bi.SearchInContext(ctx, sr); err != nil {
		t.Fatal(err)
	}
	return res[0], res[1], b, true
}

// sameHits reports whether a and b are the same hits in the same order,
// with scores within a relative tolerance. Within tol of each other, two
// scores count as a tie, and tied hits may come in either order.
func sameHits(a, b []topHit, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	near := func(x, y float64) bool { return math.Abs(x-y) <= tol*math.Max(math.Abs(x), math.Abs(y)) }
	for i := range a {
		if !near(a[i].score, b[i].score) {
			return false
		}
		if a[i].id == b[i].id {
			continue
		}
		if tol == 0 {
			return false
		}
		// a tie within tol: b[i] must be among a's hits of that score
		found := false
		for j := range a {
			if a[j].id == b[i].id && near(a[j].score, b[i].score) {
				found = true
			}
		}
		if !found && !near(a[len(a)-1].score, b[i].score) {
			return false
		}
	}
	return true
}

// TestSearchPruned checks what a pruned search says beside its hits: the
// same pages as an exact search, by From and by After, a total that is a
// lower bound unless it says it is exact, and facets over the best
// FacetWindow matches.
func TestSearchPruned(t *testing.T) {
	ctx := context.Background()
	docs := exactnessDocs(t, 600)
	x := newTestIndex(t)
	for i := 0; i < len(docs); i += 40 {
		if err := x.Add(ctx, docs[i:min(i+40, len(docs))]...); err != nil {
			t.Fatal(err)
		}
	}
	titles := map[string]string{}
	for _, d := range docs {
		titles[d.ID] = d.Title
	}
	// each hit carries its own document's fields
	checkFields := func(q string, r *Result) {
		for _, h := range r.Hits {
			if h.Title != titles[h.ID] {
				t.Errorf("%q: hit %s has title %q; want %q", q, h.ID, h.Title, titles[h.ID])
			}
		}
	}
	var lowerBounds int
	for _, req := range exactnessQueries(docs, 40) {
		ex := req
		ex.Exact, ex.Size = true, 60
		all, err := x.Search(ctx, ex)
		if err != nil {
			t.Fatal(err)
		}
		checkFields(req.Query, all)
		if !all.TotalExact {
			t.Errorf("%q: exact search says its total %d is a lower bound", req.Query, all.Total)
		}
		var byFrom, byAfter []string
		after := ""
		for from := 0; from < 60; from += 7 {
			r := req
			r.Size, r.From = min(7, 60-from), from
			p, err := x.Search(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			byFrom = append(byFrom, ids(p)...)
			checkFields(req.Query, p)
			if p.TotalExact && p.Total != all.Total || !p.TotalExact && (p.Total > all.Total || p.Total < uint64(len(byFrom))) {
				t.Errorf("%q from %d: total %d (exact %v); exact search %d", req.Query, from, p.Total, p.TotalExact, all.Total)
			}
			if !p.TotalExact {
				lowerBounds++
			}
			if after != "" || from == 0 {
				r.From, r.After = 0, after
				a, err := x.Search(ctx, r)
				if err != nil {
					t.Fatal(err)
				}
				byAfter = append(byAfter, ids(a)...)
				after = a.Next
			}
		}
		if want := ids(all); !slices.Equal(byFrom, want) || !slices.Equal(byAfter, want) {
			t.Errorf("%q pages:\nfrom  %v\nafter %v\nexact %v", req.Query, byFrom, byAfter, want)
		}
	}
	if lowerBounds == 0 {
		t.Error("no search gave a lower bound: the test does not exercise pruning")
	}

	// facets: over all matches with Exact, over the best FacetWindow ones
	// without, which is all of them for a query with fewer matches
	for _, q := range []string{"Việt Nam", "hop tac ban dan"} {
		req := Request{Query: q, Facets: []entity.Type{entity.Country, entity.Province}}
		ex := req
		ex.Exact = true
		e, err := x.Search(ctx, ex)
		if err != nil {
			t.Fatal(err)
		}
		p, err := x.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if !e.FacetsExact || e.Total <= FacetWindow || p.FacetsExact {
			t.Errorf("%q: %d matches, facets exact %v with Exact, %v without; want more than %d, true, false", q, e.Total, e.FacetsExact, p.FacetsExact, FacetWindow)
		}
		for _, typ := range req.Facets {
			exact := map[string]int{}
			for _, v := range e.Facets[typ] {
				exact[v.ID] = v.Count
			}
			var sum int
			for _, v := range p.Facets[typ] {
				if n, ok := exact[v.ID]; ok && v.Count > n {
					t.Errorf("%q %s %s: %d in the window, %d in all matches", q, typ, v.ID, v.Count, exact[v.ID])
				}
				sum += v.Count
			}
			if sum == 0 {
				t.Errorf("%q: no %s facet over the window", q, typ)
			}
		}
	}
	// a query with fewer matches than the window
	var narrow Request
	var e *Result
	for _, q := range []string{`"Bình Dương"`, "marathon", `+"Đà Nẵng" +marathon`, `+"Đà Nẵng" +marathon +"Việt Nam"`, `+"Bình Dương" +marathon`} {
		narrow = Request{Query: q, Facets: []entity.Type{entity.Country}, Exact: true}
		var err error
		if e, err = x.Search(ctx, narrow); err != nil {
			t.Fatal(err)
		}
		if e.Total > 0 && e.Total < FacetWindow {
			break
		}
	}
	narrow.Exact = false
	p, err := x.Search(ctx, narrow)
	if err != nil {
		t.Fatal(err)
	}
	if e.Total >= FacetWindow || !p.FacetsExact || fmt.Sprint(p.Facets) != fmt.Sprint(e.Facets) {
		t.Errorf("%d matches: facets %v (exact %v); with Exact %v", e.Total, p.Facets, p.FacetsExact, e.Facets)
	}
}
