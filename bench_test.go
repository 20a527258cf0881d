package vnsearch_test

import (
	"os"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/internal/dataset"
)

// benchInputs returns the texts each analyzer benchmark runs on, by input
// class: the project's own Vietnamese sample in NFC and NFD, its English
// sample, and the Dân Trí corpus when the shared data is present.
func benchInputs(b *testing.B) []struct {
	name  string
	texts [][]byte
} {
	vi := readFile(b, "testdata/sample_vi.txt")
	en := readFile(b, "testdata/sample_en.txt")
	inputs := []struct {
		name  string
		texts [][]byte
	}{
		{"vi-nfc", [][]byte{[]byte(norm.NFC.String(vi))}},
		{"vi-nfd", [][]byte{[]byte(norm.NFD.String(vi))}},
		{"en", [][]byte{[]byte(en)}},
	}
	articles, ok, err := dataset.Dantri()
	if err != nil {
		b.Fatal(err)
	}
	if ok {
		texts := make([][]byte, len(articles))
		for i, a := range articles {
			texts[i] = []byte(a.Title + "\n" + a.Text)
		}
		inputs = append(inputs, struct {
			name  string
			texts [][]byte
		}{"dantri", texts})
	}
	return inputs
}

func readFile(b *testing.B, name string) string {
	data, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

// BenchmarkAnalyzer compares the vi and vi_exact analyzers with bleve's
// standard analyzer on the same text. Compare MB/s within one run.
func BenchmarkAnalyzer(b *testing.B) {
	cache := registry.NewCache()
	for _, in := range benchInputs(b) {
		var size int64
		for _, t := range in.texts {
			size += int64(len(t))
		}
		names := []string{analyze.Name, analyze.ExactName, "standard"}
		for _, name := range names {
			a, err := cache.AnalyzerNamed(name)
			if err != nil {
				b.Fatal(err)
			}
			// One pass each before any timing, so that the first
			// sub-benchmark does not also pay for growing the heap.
			analyzeAll(a, in.texts)
		}
		for _, name := range names {
			a, err := cache.AnalyzerNamed(name)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(in.name+"/"+name, func(b *testing.B) {
				b.SetBytes(size)
				b.ReportAllocs()
				for b.Loop() {
					analyzeAll(a, in.texts)
				}
			})
		}
	}
}

// analyzeAll analyzes a fresh copy of each text: analyzers rewrite terms
// in place, inside the buffer they are given, as bleve's own filters do.
func analyzeAll(a analysis.Analyzer, texts [][]byte) {
	var buf []byte
	for _, t := range texts {
		buf = append(buf[:0], t...)
		a.Analyze(buf)
	}
}

// BenchmarkFold measures Fold on text that needs folding and on text that
// does not.
func BenchmarkFold(b *testing.B) {
	vi := readFile(b, "testdata/sample_vi.txt")
	for _, in := range []struct{ name, text string }{
		{"vi-nfc", norm.NFC.String(vi)},
		{"vi-nfd", norm.NFD.String(vi)},
		{"ascii", analyze.Fold(vi)},
		{"en", strings.Repeat("plain English text ", 100)},
	} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.text)))
			b.ReportAllocs()
			for b.Loop() {
				analyze.Fold(in.text)
			}
		})
	}
}
