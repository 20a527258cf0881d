package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Bounds of prefix (viet*) and fuzzy (hanoi~) words. Each such word stands
// for the terms of the index it expands to, and each term is a clause of
// the search: unbounded, ten copies of "ab~2" took seconds and 500 prefix
// words 1.4 GB.
const (
	// MaxExpansions is the most terms one prefix or fuzzy word expands
	// to, as in Lucene and Elasticsearch (max_expansions): for a prefix
	// the terms in the most documents, for a fuzzy word the nearest ones
	// (ties in dictionary order, as Lucene's top-terms rewrite does: the
	// fuzzy dictionary of bleve does not count documents).
	MaxExpansions = 50
	// MaxExpandedWords is the most distinct prefix and fuzzy words of a
	// query; a query with more is an ErrInvalidRequest. Repeating a word
	// costs nothing more.
	MaxExpandedWords = 10
)

// expandCheck is how many dictionary entries an expansion reads between
// two looks at its context.
const expandCheck = 256

// An expander expands the prefix and fuzzy words of one query on one
// index snapshot, each (field, word) once.
type expander struct {
	ctx   context.Context
	r     bindex.IndexReader
	words map[expansionKey]bool // the distinct words, for MaxExpandedWords
	done  map[expansionKey][]expandedTerm
}

type expansionKey struct {
	field, text string
	prefix      bool
	fuzzy       int
}

// An expandedTerm is a term a word expands to, with its edit distance for
// a fuzzy word.
type expandedTerm struct {
	term string
	df   uint64
	dist uint8
}

func newExpander(ctx context.Context, r bindex.IndexReader) *expander {
	return &expander{ctx: ctx, r: r, words: map[expansionKey]bool{}, done: map[expansionKey][]expandedTerm{}}
}

// query returns the disjunction of the terms of field that the prefix or
// fuzzy word text expands to, each weighted as bleve weighs the terms of a
// fuzzy query (1/(distance+1)); nil when it expands to none.
func (e *expander) query(field, text string, prefix bool, fuzzy int) (query.Query, error) {
	word := expansionKey{text: text, prefix: prefix, fuzzy: fuzzy}
	if !e.words[word] {
		if len(e.words) == MaxExpandedWords {
			return nil, fmt.Errorf("%w: more than %d prefix and fuzzy words (%q)", ErrInvalidRequest, MaxExpandedWords, wordSyntax(text, prefix, fuzzy))
		}
		e.words[word] = true
	}
	k := word
	k.field = field
	terms, ok := e.done[k]
	if !ok {
		var err error
		if terms, err = e.expand(k); err != nil {
			return nil, err
		}
		e.done[k] = terms
	}
	if len(terms) == 0 {
		return nil, nil
	}
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		q := query.NewTermQuery(t.term)
		q.SetField(field)
		q.SetBoost(1 / float64(t.dist+1))
		qs[i] = q
	}
	return query.NewDisjunctionQuery(qs), nil
}

// expand reads the terms of k from the dictionary and keeps the best
// MaxExpansions of them.
func (e *expander) expand(k expansionKey) (terms []expandedTerm, err error) {
	var d bindex.FieldDict
	if k.prefix {
		d, err = e.r.FieldDictPrefix(k.field, []byte(k.text))
	} else if fr, ok := e.r.(bindex.IndexReaderFuzzy); ok {
		d, err = fr.FieldDictFuzzy(k.field, k.text, k.fuzzy, "")
	} else {
		return nil, fmt.Errorf("index: fuzzy word %q: the index reader has no fuzzy dictionary", k.text)
	}
	if err != nil {
		// vellum refuses automata it cannot build: the word is at fault
		return nil, fmt.Errorf("%w: %q: %v", ErrInvalidRequest, wordSyntax(k.text, k.prefix, k.fuzzy), err)
	}
	defer func() {
		if cerr := d.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	// better sorts the terms best first: nearest, in most documents (a
	// prefix's), then in dictionary order
	better := func(a, b expandedTerm) int {
		if c := cmp.Compare(a.dist, b.dist); c != 0 {
			return c
		}
		if c := cmp.Compare(b.df, a.df); c != 0 {
			return c
		}
		return cmp.Compare(a.term, b.term)
	}
	for n := 0; ; n++ {
		if n%expandCheck == 0 {
			if err := e.ctx.Err(); err != nil {
				return nil, err
			}
		}
		de, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("index: expand %q: %w", wordSyntax(k.text, k.prefix, k.fuzzy), err)
		}
		if de == nil {
			break
		}
		t := expandedTerm{term: de.Term, df: de.Count, dist: de.EditDistance}
		if k.prefix {
			t.dist = 0
		}
		terms = append(terms, t)
		if len(terms) == 2*MaxExpansions {
			// keep the best half: memory stays bounded however many
			// terms the dictionary holds
			slices.SortFunc(terms, better)
			terms = terms[:MaxExpansions]
		}
	}
	slices.SortFunc(terms, better)
	return terms[:min(len(terms), MaxExpansions)], nil
}

// wordSyntax writes a prefix or fuzzy word as the query syntax does.
func wordSyntax(text string, prefix bool, fuzzy int) string {
	if prefix {
		return text + "*"
	}
	return fmt.Sprintf("%s~%d", text, fuzzy)
}
