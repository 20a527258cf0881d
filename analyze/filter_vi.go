package analyze

import (
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
)

// FoldFilter is a bleve token filter that applies FoldBytes to every token,
// in place. It keeps Start, End and Position, so offsets still point into the
// original text. It has no state and is safe for concurrent use.
type FoldFilter struct{}

// NewFoldFilter returns a FoldFilter.
func NewFoldFilter() *FoldFilter { return &FoldFilter{} }

// Filter folds every token of input and returns input.
func (*FoldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = FoldBytes(t.Term)
	}
	return input
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

func foldFilterConstructor(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
	return NewFoldFilter(), nil
}

func normalizeFilterConstructor(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
	return NewNormalizeFilter(), nil
}

func init() {
	mustRegister(registry.RegisterTokenFilter(FoldName, foldFilterConstructor))
	mustRegister(registry.RegisterTokenFilter(NormalizeName, normalizeFilterConstructor))
}

func mustRegister(err error) {
	if err != nil {
		panic(err)
	}
}
