package index

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/internal/eval"
)

// benchDocs returns the Dân Trí articles as documents, a subset under the
// race detector, and skips b under -short.
func benchDocs(b *testing.B) ([]Document, int64) {
	if testing.Short() {
		b.Skip("big corpus; skipped with -short")
	}
	limit := 0
	if raceEnabled {
		limit = 300
	}
	var docs []Document
	var n int64
	for _, a := range loadDantri(b, limit) {
		d := articleDocument(a)
		d.Lang = "" // detected, as a service would
		docs = append(docs, d)
		n += int64(len(d.Title) + len(d.Body))
	}
	return docs, n
}

// BenchmarkIndexDantri indexes the Dân Trí corpus to disk in batches of
// 500: vnsearch with extraction and all its fields, and plain bleve with
// its default mapping on the same documents.
func BenchmarkIndexDantri(b *testing.B) {
	docs, n := benchDocs(b)
	b.Run("vnsearch", func(b *testing.B) {
		b.SetBytes(n)
		b.ReportAllocs()
		for b.Loop() {
			x, err := Open(filepath.Join(b.TempDir(), "idx"))
			if err != nil {
				b.Fatal(err)
			}
			addBatches(b, x, docs, 500)
			if err := x.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bleve", func(b *testing.B) {
		b.SetBytes(n)
		b.ReportAllocs()
		for b.Loop() {
			bi := newPlain(b, filepath.Join(b.TempDir(), "idx"))
			addPlain(b, bi, docs, 500)
			if err := bi.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// latencyQueries returns about 400 Dân Trí titles, spread over the corpus,
// as queries, accented and unaccented: the first words of each (those
// with fewer are left out), or whole titles when words is 0.
func latencyQueries(docs []Document, words int) (accented, unaccented []string) {
	step := max(len(docs)/400, 1)
	for i := 0; i < len(docs); i += step {
		title := eval.TitleQuery(docs[i].Title)
		if words > 0 {
			ws := strings.FieldsFunc(title, func(r rune) bool { return !isWordRune(r) })
			if len(ws) < words {
				continue
			}
			title = strings.Join(ws[:words], " ")
		}
		accented = append(accented, title)
		unaccented = append(unaccented, analyze.Fold(title))
	}
	return accented, unaccented
}

// BenchmarkQueryLatency measures query latency (top 10, p50 and p99) on an
// on-disk index of the Dân Trí corpus, the titles as queries:
//
//	vnsearch          Search with the titles without diacritics
//	bleve             plain bleve, match query on its default mapping, with
//	                  the accented titles: the baseline, the queries plain
//	                  bleve needs to find the articles
//	bleve-unaccented  plain bleve with the unaccented titles, for reference:
//	                  it matches little (nDCG@10 below 0.4), hence its speed
func BenchmarkQueryLatency(b *testing.B) {
	docs, _ := benchDocs(b)
	acc, qs := latencyQueries(docs, 0)
	ctx := context.Background()

	x, err := Open(filepath.Join(b.TempDir(), "vn"))
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	addBatches(b, x, docs, 500)
	bi := newPlain(b, filepath.Join(b.TempDir(), "plain"))
	defer bi.Close()
	addPlain(b, bi, docs, 500)

	b.Run("vnsearch", func(b *testing.B) {
		latencies(b, qs, func(q string) {
			if _, err := x.Search(ctx, Request{Query: q, Size: 10}); err != nil {
				b.Fatal(err)
			}
		})
	})
	plain := func(q string) { searchPlain(b, bi, q, 10) }
	b.Run("bleve", func(b *testing.B) { latencies(b, acc, plain) })
	b.Run("bleve-unaccented", func(b *testing.B) { latencies(b, qs, plain) })
}
