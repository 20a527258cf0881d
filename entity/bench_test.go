package entity

import (
	"testing"

	"github.com/vnsearch/vnsearch/internal/dataset"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/registry"
)

// dantri reads the texts of the Dân Trí corpus, or skips.
func dantri(tb testing.TB) []string {
	tb.Helper()
	articles, ok, err := dataset.Dantri()
	if err != nil {
		tb.Fatal(err)
	}
	if !ok {
		tb.Skip("shared data not found; set " + dataset.Env)
	}
	docs := make([]string, len(articles))
	for i, a := range articles {
		docs[i] = a.Text
	}
	return docs
}

// BenchmarkExtract runs Extract over the Dân Trí corpus beside bleve's
// standard analyzer on the same documents.
func BenchmarkExtract(b *testing.B) {
	docs := dantri(b)
	var n int64
	for _, d := range docs {
		n += int64(len(d))
	}
	b.Run("entity", func(b *testing.B) {
		ex := New()
		b.SetBytes(n)
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				ex.Extract(d)
			}
		}
	})
	b.Run("bleve-standard", func(b *testing.B) {
		a, err := registry.NewCache().AnalyzerNamed(standard.Name)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(n)
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				a.Analyze([]byte(d))
			}
		}
	})
}
