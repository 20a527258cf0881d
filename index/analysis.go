package index

import (
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/registry"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/vnsearch/vnsearch/analyze"
)

// Indexing a text two ways (exact and folded) with two analyzers would
// tokenize and normalize it twice. Instead the fields of one text share one
// analysis: a sharedText tokenizes and normalizes once and derives the
// folded stream from the exact one. The terms are those of the registered
// analyzers analyze.ExactName and analyze.Name, which analyze the queries.

var (
	tokenizer      = unicode.NewUnicodeTokenizer()
	normalizer     = analyze.NewNormalizeFilter()
	lowercaser     = lowercase.NewLowerCaseFilter()
	keywordAnalyze = &analysis.DefaultAnalyzer{Tokenizer: single.NewSingleTokenTokenizer()}
	englishAnalyze analysis.Analyzer
)

func init() {
	a, err := registry.NewCache().AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		panic(err)
	}
	englishAnalyze = a
}

// sharedText is the analysis of one text, computed on first use. Its
// users are the fields (and the restoration counts) that read it; once
// each has said it is done, it lets its streams go: bleve keeps the
// documents of a batch, with their analyzers, until the batch is
// written, and the token streams of a large batch are the larger part of
// its memory.
type sharedText struct {
	mu            sync.Mutex
	text          string
	users         int // readers yet to be done
	computed      bool
	exact, folded analysis.TokenStream
}

// use adds a reader, which calls done once it has read the streams.
func (s *sharedText) use() {
	if s != nil {
		s.mu.Lock()
		s.users++
		s.mu.Unlock()
	}
}

// done says a reader has read the streams; the last one lets them go. A
// read after that analyzes the text again.
func (s *sharedText) done() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users--; s.users <= 0 {
		s.exact, s.folded, s.computed = nil, nil, false
	}
}

func (s *sharedText) compute() {
	toks := tokenizer.Tokenize([]byte(s.text))
	toks = normalizer.Filter(toks)
	toks = lowercaser.Filter(toks)
	s.exact = toks
	n := 0
	for _, t := range toks {
		n += len(t.Term)
	}
	buf := make([]byte, 0, n)
	folded := make([]analysis.Token, len(toks))
	s.folded = make(analysis.TokenStream, len(toks))
	for i, t := range toks {
		folded[i] = *t
		start := len(buf)
		buf = append(buf, t.Term...)
		buf = append(buf[:start], analyze.FoldBytes(buf[start:])...)
		folded[i].Term = buf[start:len(buf):len(buf)]
		s.folded[i] = &folded[i]
	}
}

func (s *sharedText) get(folded bool) analysis.TokenStream {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.computed {
		s.compute()
		s.computed = true
	}
	if folded {
		return s.folded
	}
	return s.exact
}

// sharedView is an analysis.Analyzer that returns the exact or folded
// stream of a sharedText, whatever input it is given.
type sharedView struct {
	s      *sharedText
	folded bool
}

func (v sharedView) Analyze([]byte) analysis.TokenStream {
	defer v.s.done()
	return v.s.get(v.folded)
}

// bigrams returns the folded word pairs ("han quoc") of the first lead
// tokens of the text.
func (s *sharedText) bigrams(lead int) analysis.TokenStream {
	f := s.get(true)
	f = f[:min(len(f), lead)]
	if len(f) < 2 {
		return nil
	}
	n := 0
	for _, t := range f {
		n += 2 * len(t.Term)
	}
	buf := make([]byte, 0, n+len(f))
	toks := make([]analysis.Token, 0, len(f)-1)
	out := make(analysis.TokenStream, 0, len(f)-1)
	for i := 1; i < len(f); i++ {
		a, b := f[i-1], f[i]
		if b.Position != a.Position+1 {
			continue
		}
		start := len(buf)
		buf = append(buf, a.Term...)
		buf = append(buf, ' ')
		buf = append(buf, b.Term...)
		toks = append(toks, analysis.Token{
			Term: buf[start:len(buf):len(buf)], Start: a.Start, End: b.End,
			Position: len(toks) + 1, Type: analysis.Shingle,
		})
	}
	for i := range toks {
		out = append(out, &toks[i])
	}
	return out
}

// bigramView is an analysis.Analyzer that returns the word pairs of the
// leads of several sharedTexts, for the FieldLeadPairs field.
type bigramView []*sharedText

func (v bigramView) Analyze([]byte) analysis.TokenStream {
	var out analysis.TokenStream
	for _, s := range v {
		out = append(out, s.bigrams(pairLead)...)
		s.done()
	}
	return out
}

// pairLead is the number of leading words of a title or body whose word
// pairs go to FieldLeadPairs: the title and lead of an article say what
// it is about. Nearly every pair is a term of its own, so the pairs are
// the largest dictionary of the index and cost more indexing time than
// any other field; 64 words ranked as well as 128 on the relevance sets
// at half that cost, 32 did not.
const pairLead = 64

// bodyBase is the position of the first body word in FieldText in an
// index of format 2: the title's words take positions 1 to bodyBase-2 and
// the body's follow from bodyBase, so that no phrase runs from the title
// into the body and a word's position says which of the two it is in.
// The title's words past bodyBase-2 are left out of FieldText; FieldTitle
// holds them all.
const bodyBase = 1024

// joinedView is an analysis.Analyzer that returns the folded streams of a
// title and a body one after the other, for the FieldText field. With a
// base, the body's positions are moved to start there (format 2);
// without one, both start at 1 (format 1).
type joinedView struct {
	title, body *sharedText
	base        uint64
}

func (v joinedView) Analyze([]byte) analysis.TokenStream {
	var out analysis.TokenStream
	if v.title != nil {
		for _, t := range v.title.get(true) {
			if v.base > 0 && uint64(t.Position) > v.base-2 {
				break
			}
			out = append(out, t)
		}
		v.title.done()
	}
	if v.body != nil {
		b := v.body.get(true)
		if v.base > 0 {
			// moved in place: in format 2 FieldText is the only field
			// of the folded body, and its word pairs (bigrams) read only
			// the distance between positions
			for _, t := range b {
				t.Position += int(v.base) - 1
			}
		}
		out = append(out, b...)
		v.body.done()
	}
	return out
}

const (
	optIndexed   = bindex.IndexField
	optVectors   = bindex.IndexField | bindex.IncludeTermVectors
	optStored    = bindex.IndexField | bindex.StoreField | bindex.IncludeTermVectors
	optStoreOnly = bindex.StoreField
	optKeyword   = bindex.IndexField | bindex.StoreField | bindex.DocValues
)

// addText adds the fields of one text property to doc: the stored one
// (folded, indexed with term vectors in format 1), the exact one and, for
// English, the stemmed one. It returns the shared analysis, nil for empty
// text.
func addText(doc *document.Document, f textFields, text string, english bool) *sharedText {
	if text == "" {
		return nil
	}
	s := &sharedText{text: text}
	value := []byte(text)
	// bleve analyzes only the indexed fields: those are the readers
	for _, o := range []bindex.FieldIndexingOptions{f.storedOptions, f.exactOptions} {
		if o.IsIndexed() {
			s.use()
		}
	}
	doc.AddField(document.NewTextFieldCustom(f.stored, nil, value, f.storedOptions, sharedView{s, true}))
	doc.AddField(document.NewTextFieldCustom(f.exact, nil, value, f.exactOptions, sharedView{s, false}))
	if english {
		// A copy: the English analyzer lower-cases its input in place, and
		// value is also what the folded field stores.
		doc.AddField(document.NewTextFieldCustom(f.english, nil, []byte(text), optIndexed, englishAnalyze))
	}
	return s
}

// addJoined adds FieldText, the folded words of the title and the body
// (with term vectors and the body from base in format 2), and
// FieldLeadPairs.
func addJoined(doc *document.Document, title, body *sharedText, base uint64) {
	if title == nil && body == nil {
		return
	}
	opts := optIndexed
	if base > 0 {
		opts = optVectors
	}
	title.use()
	body.use()
	doc.AddField(document.NewTextFieldCustom(FieldText, nil, nil, opts, joinedView{title, body, base}))
	if pairLead > 0 {
		var v bigramView
		for _, s := range []*sharedText{title, body} {
			if s != nil {
				s.use()
				v = append(v, s)
			}
		}
		doc.AddField(document.NewTextFieldCustom(FieldLeadPairs, nil, nil, optIndexed, v))
	}
}

// addKeyword adds a keyword field, indexed, stored and with doc values.
func addKeyword(doc *document.Document, name, value string) {
	doc.AddField(document.NewTextFieldCustom(name, nil, []byte(value), optKeyword, keywordAnalyze))
}

// addIndexedKeyword adds a keyword field that is indexed only.
func addIndexedKeyword(doc *document.Document, name, value string) {
	doc.AddField(document.NewTextFieldCustom(name, nil, []byte(value), optIndexed, keywordAnalyze))
}

// addStored adds a field that is stored and not indexed.
func addStored(doc *document.Document, name, value string) {
	doc.AddField(document.NewTextFieldCustom(name, nil, []byte(value), bindex.StoreField, keywordAnalyze))
}

// addDate adds a date field, indexed, stored and with doc values.
func addDate(doc *document.Document, name string, t time.Time) error {
	f, err := document.NewDateTimeFieldWithIndexingOptions(name, nil, t, time.RFC3339Nano, optKeyword)
	if err != nil {
		return err
	}
	doc.AddField(f)
	return nil
}
