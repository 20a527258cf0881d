package analyze

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// Registry names of the analyzers. Once the package is imported they can be
// used by name in a bleve mapping, also from mapping JSON.
const (
	// Name is the name of the folded analyzer: unicode tokenizer →
	// vi_normalize → to_lower → vi_fold. "Hàn Quốc", "HAN QUOC" and the NFD
	// spelling all give the tokens han, quoc.
	Name = "vi"
	// ExactName is the name of the exact analyzer: unicode tokenizer →
	// vi_normalize → to_lower. It keeps diacritics, so "Hàn Quốc" gives
	// hàn, quốc; "hoà" and "hòa" both give hòa, "Ðà" and "Đà" both đà.
	ExactName = "vi_exact"
)

// NewAnalyzer returns the folded analyzer registered as Name.
func NewAnalyzer() analysis.Analyzer {
	return newAnalyzer(NewNormalizeFilter(), lowercase.NewLowerCaseFilter(), NewFoldFilter())
}

// NewExactAnalyzer returns the exact analyzer registered as ExactName.
func NewExactAnalyzer() analysis.Analyzer {
	return newAnalyzer(NewNormalizeFilter(), lowercase.NewLowerCaseFilter())
}

func newAnalyzer(filters ...analysis.TokenFilter) analysis.Analyzer {
	return &analysis.DefaultAnalyzer{
		Tokenizer:    unicode.NewUnicodeTokenizer(),
		TokenFilters: filters,
	}
}

func analyzerConstructor(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
	return NewAnalyzer(), nil
}

func exactAnalyzerConstructor(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
	return NewExactAnalyzer(), nil
}

func init() {
	mustRegister(registry.RegisterAnalyzer(Name, analyzerConstructor))
	mustRegister(registry.RegisterAnalyzer(ExactName, exactAnalyzerConstructor))
}
