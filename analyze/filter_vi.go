package analyze

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Registry names of the token filters. Once the package is imported they can
// be used by name in a bleve mapping, also from mapping JSON.
const (
	// FoldName is the name of the token filter that folds diacritics (Fold).
	FoldName = "vi_fold"
	// NormalizeName is the name of the token filter that normalizes
	// Vietnamese spelling (Normalize).
	NormalizeName = "vi_normalize"
	// LowerName is the name of the token filter that lower-cases, as
	// bleve's to_lower means to (see LowerFilter).
	LowerName = "vi_lower"
)

// FoldFilter is a bleve token filter that applies FoldBytes to every token,
// in place, and drops the tokens that become empty (a word of nonspacing
// marks alone, such as U+1885, which bleve's tokenizer takes for a letter).
// It keeps Start, End and Position, so offsets still point into the
// original text. It has no state and is safe for concurrent use.
type FoldFilter struct{}

// NewFoldFilter returns a FoldFilter.
func NewFoldFilter() *FoldFilter { return &FoldFilter{} }

// Filter folds every token of input and returns the tokens left.
func (*FoldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, t := range input {
		t.Term = FoldBytes(t.Term)
		if len(t.Term) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// NormalizeFilter is a bleve token filter that applies NormalizeBytes to
// every token: NFC, canonical tone placement, Ð and ð as Đ and đ, and no
// default-ignorable characters. It may rewrite a term in place, as bleve's
// own filters do, and drops the tokens that become empty (a token of
// ignorable characters alone). It keeps Start, End and
// Position, so offsets still point into the original text. It has no state
// and is safe for concurrent use.
type NormalizeFilter struct{}

// NewNormalizeFilter returns a NormalizeFilter.
func NewNormalizeFilter() *NormalizeFilter { return &NormalizeFilter{} }

// Filter normalizes every token of input and returns the tokens left.
func (*NormalizeFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, t := range input {
		t.Term = normalizeTerm(t.Term)
		if len(t.Term) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// LowerFilter is a bleve token filter that lower-cases every token with
// unicode.ToLower, a Σ that ends a token becoming ς, as bleve's to_lower
// does. Unlike to_lower in bleve v2.6.3, it keeps the rest of a term intact
// after a letter whose lower case is shorter in UTF-8: to_lower turns
// "İstanbul" into "i\xb0stanbu" (and ẞ, Ω, K, Å, Ɀ alike). It rewrites terms
// in place unless a lower-case letter is longer (Ⱥ → ⱥ), keeps Start, End and
// Position, has no state and is safe for concurrent use.
type LowerFilter struct{}

// NewLowerFilter returns a LowerFilter.
func NewLowerFilter() *LowerFilter { return &LowerFilter{} }

// Filter lower-cases every token of input and returns input.
func (*LowerFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = lowerBytes(t.Term)
	}
	return input
}

// lowerBytes lower-cases b in place and returns the result, or a new slice
// when the result is longer than b.
func lowerBytes(b []byte) []byte {
	// Most terms are lower case already: find the first letter to change
	// without writing.
	i := 0
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if lowerRune(r, i+n == len(b)) != r {
			break
		}
		i += n
	}
	w := i // b[:w] is done; b[i:] is not read yet
	for i < len(b) {
		if c := b[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[w] = c
			w++
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		l := lowerRune(r, i+n == len(b))
		switch ln := utf8.RuneLen(l); {
		case l == r:
			w += copy(b[w:], b[i:i+n])
		case ln > n:
			out := make([]byte, w, len(b)+utf8.UTFMax)
			copy(out, b[:w])
			return appendLower(out, b[i:])
		default:
			w += utf8.EncodeRune(b[w:], l)
		}
		i += n
	}
	return b[:w]
}

// appendLower appends s lower-cased to dst.
func appendLower(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		if l := lowerRune(r, i+n == len(s)); l != r {
			dst = utf8.AppendRune(dst, l)
		} else {
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}

// lowerRune returns the lower case of r; last says r ends the term, where
// Σ becomes the final ς.
func lowerRune(r rune, last bool) rune {
	if r < foldTableEnd {
		if info := &runeInfos[r]; info.class == classLetter && !info.upper {
			return r // a lower-case Vietnamese letter
		}
	}
	if r == 'Σ' && last {
		return 'ς'
	}
	return unicode.ToLower(r)
}

func foldFilterConstructor(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
	return NewFoldFilter(), nil
}

func normalizeFilterConstructor(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
	return NewNormalizeFilter(), nil
}

func lowerFilterConstructor(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
	return NewLowerFilter(), nil
}

func init() {
	mustRegister(registry.RegisterTokenFilter(FoldName, foldFilterConstructor))
	mustRegister(registry.RegisterTokenFilter(NormalizeName, normalizeFilterConstructor))
	mustRegister(registry.RegisterTokenFilter(LowerName, lowerFilterConstructor))
}

func mustRegister(err error) {
	if err != nil {
		panic(err)
	}
}
