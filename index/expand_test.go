package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
)

// expansionDocs holds the terms viet000 … viet119, viet<i> in i+1 of the
// 120 documents, and the short words ab, ac, … that "ab~2" reaches.
func expansionDocs() []Document {
	var docs []Document
	for d := range 120 {
		var words []string
		for i := d; i < 120; i++ {
			words = append(words, fmt.Sprintf("viet%03d", i))
		}
		words = append(words, "a"+string(rune('a'+d%26)), "x"+string(rune('a'+d%26))+"b")
		docs = append(docs, Document{ID: fmt.Sprintf("d%03d", d), Title: "tin", Body: strings.Join(words, " ")})
	}
	return docs
}

// expandedTerms returns the terms and boosts of the query e gives.
func expandedTerms(t *testing.T, e *expander, field, text string, prefix bool, fuzzy int) (terms []string, boosts []float64) {
	t.Helper()
	q, err := e.query(field, text, prefix, fuzzy)
	if err != nil {
		t.Fatalf("expand %q: %v", wordSyntax(text, prefix, fuzzy), err)
	}
	if q == nil {
		return nil, nil
	}
	for _, d := range q.(*query.DisjunctionQuery).Disjuncts {
		tq := d.(*query.TermQuery)
		terms = append(terms, tq.Term)
		boosts = append(boosts, tq.Boost())
	}
	return terms, boosts
}

// TestExpansionBounds checks that a prefix word expands to the
// MaxExpansions terms in the most documents, and a fuzzy word to the
// nearest ones, the word itself first.
func TestExpansionBounds(t *testing.T) {
	x := newTestIndex(t, expansionDocs()...)
	r, err := x.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	e := newExpander(context.Background(), r)

	terms, _ := expandedTerms(t, e, FieldText, "viet", true, 0)
	var want []string
	for i := 119; i >= 120-MaxExpansions; i-- {
		want = append(want, fmt.Sprintf("viet%03d", i))
	}
	if !slices.Equal(terms, want) {
		t.Errorf("viet* expands to %d terms %v\nwant the %d in the most documents %v", len(terms), terms, MaxExpansions, want)
	}

	terms, boosts := expandedTerms(t, e, FieldText, "ab", false, 2)
	if len(terms) != MaxExpansions || terms[0] != "ab" || boosts[0] != 1 {
		t.Fatalf("ab~2 expands to %d terms %v; want %d, ab first", len(terms), terms, MaxExpansions)
	}
	for i, b := range boosts[1:] {
		if b > boosts[i] {
			t.Errorf("ab~2: %s (boost %g) after %s (boost %g): want the nearest first", terms[i+1], b, terms[i], boosts[i])
		}
	}
	if terms, _ := expandedTerms(t, e, FieldText, "zzz", true, 0); terms != nil {
		t.Errorf("zzz* expands to %v; want nothing", terms)
	}
}

// TestExpandedWordsBound checks that a query may hold MaxExpandedWords
// distinct prefix and fuzzy words, repeated at will, and that one more is
// an ErrInvalidRequest naming it.
func TestExpandedWordsBound(t *testing.T) {
	x := newTestIndex(t, expansionDocs()...)
	ctx := context.Background()
	var words []string
	for i := range MaxExpandedWords {
		words = append(words, fmt.Sprintf("viet%02d*", i))
	}
	q := strings.Join(words, " ")
	if _, err := x.Search(ctx, Request{Query: q + " " + q + " " + strings.Repeat("ab~2 ", 100)}); !errors.Is(err, ErrInvalidRequest) {
		t.Errorf("%d words and ab~2 = %v; want ErrInvalidRequest", MaxExpandedWords, err)
	}
	res, err := x.Search(ctx, Request{Query: strings.Repeat(q+" ", 20)})
	if err != nil || res.Total == 0 {
		t.Fatalf("%d prefix words, each 20 times = %v, %v; want hits", MaxExpandedWords, res, err)
	}
	res, err = x.Search(ctx, Request{Query: strings.Repeat("ab~2 ", 100)})
	if err != nil || res.Total == 0 {
		t.Fatalf("100 copies of ab~2 = %v, %v; want hits", res, err)
	}
	_, err = x.Search(ctx, Request{Query: q + " xab~"})
	if !errors.Is(err, ErrInvalidRequest) || !strings.Contains(err.Error(), `"xab~1"`) {
		t.Errorf("%d prefix words and xab~ = %v; want ErrInvalidRequest naming xab~1", MaxExpandedWords, err)
	}
	// a required word that expands to nothing matches nothing, and an
	// excluded prefix excludes
	res, err = x.Search(ctx, Request{Query: "+zzz* tin"})
	if err != nil || res.Total != 0 {
		t.Errorf("+zzz* tin = %v, %v; want no hits", res, err)
	}
	res, err = x.Search(ctx, Request{Query: "tin -ac*", Exact: true})
	if err != nil || res.Total != 115 {
		t.Errorf("tin -ac* = %v, %v; want the 115 documents without ac", res, err)
	}
}

// TestExpansionCanceled checks that an expansion stops when its context
// ends.
func TestExpansionCanceled(t *testing.T) {
	x := newTestIndex(t, expansionDocs()...)
	r, err := x.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := newExpander(ctx, r).query(FieldText, "viet", true, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("expansion with a canceled context = %v; want context.Canceled", err)
	}
}

// TestExpansionToNothing checks that a query of prefix and fuzzy words
// that expand to no term matches nothing, not every document.
func TestExpansionToNothing(t *testing.T) {
	x := newTestIndex(t, expansionDocs()...)
	for _, q := range []string{"zzz*", "qqqqqqqq~2", "zzz* qqqqqqqq~"} {
		if got := allIDs(t, x, Request{Query: q}); len(got) != 0 {
			t.Errorf("Search(%q) = %d hits; want none", q, len(got))
		}
	}
}
