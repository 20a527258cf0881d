package entity

import (
	"testing"
	"time"

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
// standard analyzer on the same documents. The sub-benchmark "ratio" runs
// the two in turns of 50 documents and reports how many times the
// analyzer's time Extract takes (x-standard-time, below 0.5 when Extract
// has twice its throughput): on a shared machine, turns this short see
// the same load, where two sub-benchmarks a few seconds apart may not.
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
	b.Run("ratio", func(b *testing.B) {
		ex := New()
		a, err := registry.NewCache().AnalyzerNamed(standard.Name)
		if err != nil {
			b.Fatal(err)
		}
		var te, ta time.Duration
		for b.Loop() {
			for i := 0; i < len(docs); i += 50 {
				chunk := docs[i:min(i+50, len(docs))]
				t0 := time.Now()
				for _, d := range chunk {
					ex.Extract(d)
				}
				t1 := time.Now()
				for _, d := range chunk {
					a.Analyze([]byte(d))
				}
				te, ta = te+t1.Sub(t0), ta+time.Since(t1)
			}
		}
		b.ReportMetric(te.Seconds()/ta.Seconds(), "x-standard-time")
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
