package index

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/vnsearch/vnsearch/internal/dataset"
	"github.com/vnsearch/vnsearch/internal/eval"
)

// readJSONL decodes every line of a JSON Lines file into a new T.
func readJSONL[T any](t testing.TB, path string) []T {
	t.Helper()
	var out []T
	err := dataset.ReadJSONL(path, func(_ int, raw []byte) error {
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// dantriArticle is one article of the Dân Trí corpus.
type dantriArticle = dataset.Article

func articleDocument(a dantriArticle) Document {
	d := Document{ID: a.ID, Title: a.Title, Body: a.Text, URL: a.URL, Lang: "vi"}
	d.Published, _ = time.Parse("20060102", a.Date)
	return d
}

// loadDantri returns the Dân Trí articles, at most limit of them (0: all),
// or skips t when the shared data is absent.
func loadDantri(t testing.TB, limit int) []dantriArticle {
	t.Helper()
	all, ok, err := dataset.Dantri()
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Skip("shared data absent; set " + dataset.Env)
	}
	if limit > 0 && limit < len(all) {
		// every n-th article, so that all categories stay in
		step := len(all) / limit
		var out []dantriArticle
		for i := 0; i < len(all) && len(out) < limit; i += step {
			out = append(out, all[i])
		}
		return out
	}
	return all
}

// newPlain returns the baseline, plain bleve (eval.Plain), at path ("" for
// memory).
func newPlain(t testing.TB, path string) *eval.Plain {
	t.Helper()
	p, err := eval.NewPlain(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// addPlain indexes docs into the baseline in batches of batch.
func addPlain(t testing.TB, p *eval.Plain, docs []Document, batch int) {
	t.Helper()
	ed := make([]eval.Doc, len(docs))
	for i, d := range docs {
		ed[i] = eval.Doc{ID: d.ID, Title: d.Title, Body: d.Body, Lang: d.Lang, URL: d.URL, Published: d.Published}
	}
	if err := p.Add(ed, batch); err != nil {
		t.Fatal(err)
	}
}

// addBatches indexes docs into x in batches of batch.
func addBatches(t testing.TB, x *Index, docs []Document, batch int) {
	t.Helper()
	for i := 0; i < len(docs); i += batch {
		if err := x.Add(context.Background(), docs[i:min(i+batch, len(docs))]...); err != nil {
			t.Fatal(err)
		}
	}
}

// searchPlain returns the top k IDs of the baseline for q (a match query).
func searchPlain(t testing.TB, p *eval.Plain, q string, k int) []string {
	t.Helper()
	ids, err := p.Search(q, k)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// searchIDs returns the top k IDs of x for q.
func searchIDs(t testing.TB, x *Index, q string, k int) []string {
	t.Helper()
	r, err := x.Search(context.Background(), Request{Query: q, Size: k})
	if err != nil {
		t.Fatal(err)
	}
	return ids(r)
}

type (
	judged  = eval.Judged
	metrics = eval.Metrics
)

// evaluate averages nDCG@10, MRR@10 and recall@10 of run over qs.
func evaluate(qs []judged, run func(q string) []string) metrics {
	m, _ := eval.Evaluate(qs, 10, func(q string) ([]string, error) { return run(q), nil })
	return m
}

// foldQueries returns qs with their queries folded (diacritics removed).
func foldQueries(qs []judged) []judged { return eval.Fold(qs) }
