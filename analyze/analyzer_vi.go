package analyze

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// Registry names of the analyzers. Once the package is imported they can be
// used by name in a bleve mapping, also from mapping JSON.
const (
	// Name is the name of the folded analyzer: vi_unicode tokenizer →
	// vi_lower → vi_normalize → vi_fold. "Hàn Quốc", "HAN QUOC" and the NFD
	// spelling all give the tokens han, quoc.
	Name = "vi"
	// ExactName is the name of the exact analyzer: vi_unicode tokenizer →
	// vi_lower → vi_normalize. It keeps diacritics, so "Hàn Quốc" gives
	// hàn, quốc; "hoà" and "hòa" both give hòa, "Ðà" and "Đà" both đà.
	ExactName = "vi_exact"
	// TokenizerName is the name of the tokenizer of both analyzers.
	TokenizerName = "vi_unicode"
)

// NewAnalyzer returns the folded analyzer registered as Name.
func NewAnalyzer() analysis.Analyzer {
	return newAnalyzer(NewLowerFilter(), NewNormalizeFilter(), NewFoldFilter())
}

// NewExactAnalyzer returns the exact analyzer registered as ExactName. It
// lower-cases before it normalizes: a lower-case letter can compose where
// its capital cannot (t and U+0308 make ẗ, T and U+0308 nothing), so
// normalizing first would leave terms that are not NFC.
func NewExactAnalyzer() analysis.Analyzer {
	return newAnalyzer(NewLowerFilter(), NewNormalizeFilter())
}

func newAnalyzer(filters ...analysis.TokenFilter) analysis.Analyzer {
	return &analysis.DefaultAnalyzer{
		Tokenizer:    NewTokenizer(),
		TokenFilters: filters,
	}
}

// Tokenizer is bleve's unicode tokenizer (UAX #29) with invalid UTF-8 as a
// word separator, as U+FFFD is. The unicode tokenizer keeps stray bytes
// inside a word, where folding would turn them into U+FFFD: the terms would
// then analyze differently a second time. Start, End and Position are those
// of the whole input. It has no state and is safe for concurrent use.
type Tokenizer struct {
	unicode *unicode.UnicodeTokenizer
}

// NewTokenizer returns a Tokenizer.
func NewTokenizer() *Tokenizer {
	return &Tokenizer{unicode.NewUnicodeTokenizer()}
}

// Tokenize splits input into words.
func (t *Tokenizer) Tokenize(input []byte) analysis.TokenStream {
	if utf8.Valid(input) {
		return t.unicode.Tokenize(input)
	}
	var out analysis.TokenStream
	pos := 0 // the position of the last token in out
	for start := 0; start < len(input); {
		end := start + validPrefix(input[start:])
		if end > start {
			for _, tk := range t.unicode.Tokenize(input[start:end]) {
				tk.Start += start
				tk.End += start
				tk.Position += pos
				out = append(out, tk)
			}
			if len(out) > 0 {
				pos = out[len(out)-1].Position
			}
		}
		for end < len(input) {
			if r, n := utf8.DecodeRune(input[end:]); r != utf8.RuneError || n != 1 {
				break
			}
			end++
		}
		start = end
	}
	return out
}

// validPrefix returns the length of the longest valid UTF-8 prefix of b.
func validPrefix(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func tokenizerConstructor(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
	return NewTokenizer(), nil
}

func analyzerConstructor(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
	return NewAnalyzer(), nil
}

func exactAnalyzerConstructor(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
	return NewExactAnalyzer(), nil
}

func init() {
	mustRegister(registry.RegisterTokenizer(TokenizerName, tokenizerConstructor))
	mustRegister(registry.RegisterAnalyzer(Name, analyzerConstructor))
	mustRegister(registry.RegisterAnalyzer(ExactName, exactAnalyzerConstructor))
}
