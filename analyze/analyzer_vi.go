package analyze

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	unitok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
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
	tok := NewTokenizer()
	return &analysis.DefaultAnalyzer{
		Tokenizer:    tok,
		TokenFilters: append(filters, wordFilter{tok}),
	}
}

// wordFilter is the last step of both analyzers: it tokenizes again each
// term that holds a character other than a letter, digit or mark (an
// apostrophe, a period) and, when the term is not one word any more,
// replaces it by its words, with the offsets and position of the token. A
// filter can remove what held such a word together: bleve's tokenizer takes
// U+1885 for a letter and makes one word of "a'\u1885", which folds to "a'",
// whose one word is "a". A term that begins with a combining mark once a
// filter has removed what stood before it (Normalize drops the
// default-ignorable U+1160 of "\u1160\u0355") is dropped, as the tokenizer
// drops such words.
type wordFilter struct {
	tok *Tokenizer
}

func (f wordFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream // nil until a term is split
	for i, t := range input {
		if !hasSeparator(t.Term) && !startsWithMark(t.Term) {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		words := f.tok.Tokenize(t.Term)
		if len(words) == 1 && len(words[0].Term) == len(t.Term) {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make(analysis.TokenStream, 0, len(input)+len(words)), input[:i]...)
		}
		for _, w := range words {
			out = append(out, &analysis.Token{
				Term: w.Term, Start: t.Start, End: t.End, Position: t.Position, Type: t.Type,
			})
		}
	}
	if out == nil {
		return input
	}
	return out
}

// hasSeparator reports whether b holds a rune that is not a letter, digit
// or mark, or invalid UTF-8.
func hasSeparator(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if runeInfos[c].class == classSep {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if n == 1 || infoOf(r).class == classSep {
			return true
		}
		i += n
	}
	return false
}

// Tokenizer is bleve's unicode tokenizer (UAX #29) with two differences
// that make analysis give the same terms when it runs on its own terms:
// invalid UTF-8 separates words, as a space does (the unicode tokenizer
// keeps stray bytes inside a word, where folding turns them into U+FFFD),
// and no word begins with a combining mark (UAX #29 makes a word of a mark
// at the start of the text or after a line break, which after a space would
// belong to the space). Start, End and Position are those of the input. It
// has no state and is safe for concurrent use.
type Tokenizer struct {
	uax29 *unitok.UnicodeTokenizer
}

// NewTokenizer returns a Tokenizer.
func NewTokenizer() *Tokenizer {
	return &Tokenizer{unitok.NewUnicodeTokenizer()}
}

// Tokenize splits input into words.
func (t *Tokenizer) Tokenize(input []byte) analysis.TokenStream {
	if !utf8.Valid(input) {
		input = spaceInvalid(input)
	}
	tokens := t.uax29.Tokenize(input)
	for i, tk := range tokens {
		if startsWithMark(tk.Term) {
			out := tokens[:i]
			for _, tk := range tokens[i+1:] {
				if !startsWithMark(tk.Term) {
					out = append(out, tk)
				}
			}
			return out
		}
	}
	return tokens
}

func startsWithMark(b []byte) bool {
	// U+0300, the first combining mark, is CC 80 in UTF-8.
	if len(b) == 0 || b[0] < 0xCC {
		return false
	}
	r, _ := utf8.DecodeRune(b)
	return unicode.IsMark(r)
}

// spaceInvalid returns a copy of b with each invalid byte a space, so that
// offsets into it are offsets into b.
func spaceInvalid(b []byte) []byte {
	out := make([]byte, len(b))
	copy(out, b)
	for i := 0; i < len(out); {
		r, n := utf8.DecodeRune(out[i:])
		if r == utf8.RuneError && n == 1 {
			out[i] = ' '
		}
		i += n
	}
	return out
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
