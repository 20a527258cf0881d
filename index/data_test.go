package index

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/vnsearch/vnsearch/analyze"
)

// dataDir returns the shared data folder: $VNSEARCH_DATA, or ../shared/data
// next to the module root. It skips t when the folder (or sub) is absent.
func dataDir(t testing.TB, sub string) string {
	t.Helper()
	dir := os.Getenv("VNSEARCH_DATA")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			t.Skip(err)
		}
		for d := wd; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				dir = filepath.Join(d, "..", "shared", "data")
				break
			}
			if filepath.Dir(d) == d {
				t.Skip("no go.mod above ", wd)
			}
		}
	}
	p := filepath.Join(dir, sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data %s absent", p)
	}
	return p
}

// readJSONL decodes every line of a JSON Lines file into a new T.
func readJSONL[T any](t testing.TB, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// dantriArticle is one line of vi_news_unc/unc_dantri_2653.jsonl.
type dantriArticle struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	URL      string `json:"url"`
	Date     string `json:"date"`
	Title    string `json:"title"`
	Text     string `json:"text"`
}

func (a dantriArticle) document() Document {
	d := Document{ID: a.ID, Title: a.Title, Body: a.Text, URL: a.URL, Lang: "vi"}
	d.Published, _ = time.Parse("20060102", a.Date)
	return d
}

// loadDantri returns the Dân Trí articles, at most limit of them (0: all).
func loadDantri(t testing.TB, limit int) []dantriArticle {
	all := readJSONL[dantriArticle](t, filepath.Join(dataDir(t, "vi_news_unc"), "unc_dantri_2653.jsonl"))
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

// plainDoc is what the plain-bleve baseline indexes with the default mapping.
type plainDoc struct {
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Lang      string    `json:"lang"`
	URL       string    `json:"url"`
	Published time.Time `json:"published"`
}

func toPlain(d Document) plainDoc {
	return plainDoc{Title: d.Title, Body: d.Body, Lang: d.Lang, URL: d.URL, Published: d.Published}
}

// newPlain returns the baseline: plain bleve, default mapping (standard
// analyzer, _all field), scorch, at path ("" for memory).
func newPlain(t testing.TB, path string) bleve.Index {
	t.Helper()
	bi, err := bleve.NewUsing(path, bleve.NewIndexMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	return bi
}

// addPlain indexes docs into the baseline in batches of batch.
func addPlain(t testing.TB, bi bleve.Index, docs []Document, batch int) {
	t.Helper()
	for i := 0; i < len(docs); i += batch {
		b := bi.NewBatch()
		for _, d := range docs[i:min(i+batch, len(docs))] {
			if err := b.Index(d.ID, toPlain(d)); err != nil {
				t.Fatal(err)
			}
		}
		if err := bi.Batch(b); err != nil {
			t.Fatal(err)
		}
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
func searchPlain(t testing.TB, bi bleve.Index, q string, k int) []string {
	t.Helper()
	r, err := bi.Search(bleve.NewSearchRequestOptions(bleve.NewMatchQuery(q), k, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.ID
	}
	return out
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

// judged is a query with its relevant document IDs (binary relevance).
type judged struct {
	Query    string   `json:"query"`
	Relevant []string `json:"relevant"`
}

// metrics are the averages of nDCG@10, MRR@10 and recall@10 over queries.
type metrics struct{ NDCG, MRR, Recall float64 }

func evaluate(qs []judged, run func(q string) []string) metrics {
	var m metrics
	for _, q := range qs {
		rel := map[string]bool{}
		for _, id := range q.Relevant {
			rel[id] = true
		}
		got := run(q.Query)
		var dcg, idcg float64
		found := 0
		rr := 0.0
		for i, id := range got[:min(10, len(got))] {
			if rel[id] {
				dcg += 1 / math.Log2(float64(i+2))
				found++
				if rr == 0 {
					rr = 1 / float64(i+1)
				}
			}
		}
		for i := range min(10, len(rel)) {
			idcg += 1 / math.Log2(float64(i+2))
		}
		if idcg > 0 {
			m.NDCG += dcg / idcg
			m.Recall += float64(found) / float64(len(rel))
		}
		m.MRR += rr
	}
	n := float64(max(len(qs), 1))
	return metrics{m.NDCG / n, m.MRR / n, m.Recall / n}
}

// foldQueries returns qs with their queries folded (diacritics removed).
func foldQueries(qs []judged) []judged {
	out := make([]judged, len(qs))
	for i, q := range qs {
		out[i] = judged{Query: analyze.Fold(q.Query), Relevant: q.Relevant}
	}
	return out
}
