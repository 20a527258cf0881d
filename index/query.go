package index

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/entity"
)

// clause is one element of a parsed query string.
type clause struct {
	text   string // the word or phrase, without operators
	field  string // "", FieldTitle, FieldBody, or an entity field
	phrase bool   // quoted
	must   bool   // +word
	not    bool   // -word
	prefix bool   // word*
	fuzzy  int    // word~ or word~N: edit distance, 0 when not fuzzy
}

// parseQuery splits a query string into clauses. It accepts any input:
// unbalanced quotes end at the end of the string, stray operators are
// dropped.
func parseQuery(s string) []clause {
	var out []clause
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		var c clause
		switch s[i] {
		case '-':
			c.not = true
			i++
		case '+':
			c.must = true
			i++
		}
		// field: prefix. The colon is looked for in the next maxFieldName
		// bytes only: searching the rest of the query for it made parsing
		// quadratic in the number of words (a 1 MB query took seconds).
		if j := strings.IndexByte(s[i:min(len(s), i+maxFieldName+1)], ':'); j > 0 {
			name := strings.ToLower(s[i : i+j])
			if f, ok := queryField(name); ok && !strings.ContainsFunc(name, unicode.IsSpace) && !strings.Contains(name, `"`) {
				c.field = f
				i += j + 1
			}
		}
		if i < len(s) && s[i] == '"' {
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				c.text = s[i+1:]
				i = len(s)
			} else {
				c.text = s[i+1 : i+1+end]
				i += end + 2
			}
			c.phrase = true
		} else {
			end := strings.IndexFunc(s[i:], unicode.IsSpace)
			if end < 0 {
				end = len(s) - i
			}
			c.text = s[i : i+end]
			i += end
			if t, ok := strings.CutSuffix(c.text, "*"); ok {
				c.text, c.prefix = t, true
			} else if k := strings.LastIndexByte(c.text, '~'); k > 0 {
				d := c.text[k+1:]
				if d == "" {
					c.fuzzy = 1
				} else if v, err := strconv.Atoi(d); err == nil && v >= 0 && v <= 2 {
					c.fuzzy = max(v, 1)
				}
				if c.fuzzy > 0 {
					c.text = c.text[:k]
				}
			}
		}
		c.text = strings.TrimSpace(c.text)
		if !strings.ContainsFunc(c.text, isWordRune) {
			continue
		}
		if (c.prefix || c.fuzzy > 0) && strings.ContainsFunc(c.text, func(r rune) bool { return !isWordRune(r) }) {
			// prefix and fuzzy work on one term; anything else is a plain word
			c.prefix, c.fuzzy = false, 0
		}
		if c.fuzzy > 0 && utf8.RuneCountInString(c.text) > MaxFuzzyRunes {
			c.fuzzy = 0 // a plain word
		}
		out = append(out, c)
	}
	return out
}

// MaxFuzzyRunes is the longest word that a fuzzy term (word~) matches
// fuzzily; a longer one is a plain word. The automaton that bleve builds
// for a fuzzy term grows with its length, and past about a hundred
// letters it fails ("dfa contains more than 10000 states").
const MaxFuzzyRunes = 32

// maxFieldName bounds the length of a field name of the query syntax
// ("title", "body", the entity types); parseQuery looks no further for
// the colon after it.
const maxFieldName = 32

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// queryField maps a field prefix of the query syntax to a field.
func queryField(name string) (string, bool) {
	switch name {
	case "title":
		return FieldTitle, true
	case "body":
		return FieldBody, true
	}
	for _, t := range entity.Types {
		if name == strings.ToLower(string(t)) {
			return EntityField(t), true
		}
	}
	return "", false
}

// foldTerm turns a query term into the form of the folded fields.
func foldTerm(s string) string {
	return analyze.Fold(strings.ToLower(analyze.Normalize(s)))
}

// Tuning holds the weights of the query clauses and of the reranking of
// the top hits. Config.Tuning sets them for an index and Request.Tuning
// for one search, so that a relevance benchmark can sweep them; the
// defaults were chosen by the relevance tests (see DefaultTuning).
// A weight of 0 turns its clause off.
type Tuning struct {
	// TitleBoost weighs title matches against body matches (weight 1).
	TitleBoost float64
	// ExactBoost weighs the exact-diacritic clauses, which only accented
	// queries have: "Hàn Quốc" ranks "Hàn Quốc" above "hàn quốc" text
	// typed without accents.
	ExactBoost float64
	// EnglishBoost weighs the English-stemmed clauses of unaccented
	// queries.
	EnglishBoost float64
	// EntityBoost weighs the clauses on the entities the query names,
	// times the share of the query inside entity names.
	EntityBoost float64
	// PhraseBoost weighs quoted phrases.
	PhraseBoost float64
	// PairBoost weighs, in the reranking, the query's adjacent word pairs
	// found next to each other in a hit (proximity).
	PairBoost float64
	// InTitleBoost weighs, in the reranking, the query words in the title.
	InTitleBoost float64
	// LeadPairBoost weighs word pairs of the query in the title and lead.
	LeadPairBoost float64
}

// DefaultTuning returns the weights an index uses unless told otherwise.
func DefaultTuning() Tuning {
	return Tuning{
		TitleBoost:    2,
		ExactBoost:    2,
		EnglishBoost:  1,
		EntityBoost:   1,
		PhraseBoost:   2,
		PairBoost:     2,
		InTitleBoost:  1,
		LeadPairBoost: 0.25,
	}
}

// boostBody is the weight of body matches, the unit of the others.
const boostBody = 1.0

// textFields lists the fields of one text property and how it is
// indexed. The folded words of a title are in FieldTitle. Those of a body
// are in FieldBody in an index of format 1, and in FieldText from
// position bodyBase on in format 2, where FieldBody only stores the text.
// Only the short title keeps term vectors on its exact field: exact
// matches are a boost, phrases are matched folded.
type textFields struct {
	folded string // the field of the folded words, with term vectors
	// base is the first position of the text's words in folded; within
	// limits the matches on folded to those positions (body: in format 2)
	base   uint64
	within bool

	stored         string // the field that stores the text
	exact, english string
	storedOptions  bindex.FieldIndexingOptions
	exactOptions   bindex.FieldIndexingOptions
}

var (
	titleFields = textFields{folded: FieldTitle, stored: FieldTitle, exact: FieldTitleExact, english: FieldTitleEn,
		storedOptions: optStored, exactOptions: optVectors}
	// bodyFields1 and bodyFields2 are the body's fields in formats 1 and 2.
	bodyFields1 = textFields{folded: FieldBody, stored: FieldBody, exact: FieldBodyExact, english: FieldBodyEn,
		storedOptions: optStored, exactOptions: optIndexed}
	bodyFields2 = textFields{folded: FieldText, base: bodyBase, stored: FieldBody, exact: FieldBodyExact, english: FieldBodyEn,
		storedOptions: optStoreOnly, exactOptions: optIndexed}
)

// limit returns q, a query on f.folded, limited to the text's positions
// when f.within.
func (f textFields) limit(q query.Query) query.Query {
	if !f.within {
		return q
	}
	return &withinQuery{q: q, field: f.folded, base: f.base}
}

func match(text, field, analyzer string, boost float64) *query.MatchQuery {
	q := query.NewMatchQuery(text)
	q.SetField(field)
	q.Analyzer = analyzer
	q.SetBoost(boost)
	return q
}

func phrase(text, field, analyzer string, boost float64) *query.MatchPhraseQuery {
	q := query.NewMatchPhraseQuery(text)
	q.SetField(field)
	q.Analyzer = analyzer
	q.SetBoost(boost)
	return q
}

// fieldSets returns the field sets a clause searches.
func (x *Index) fieldSets(c clause) []textFields {
	switch c.field {
	case FieldTitle:
		return []textFields{titleFields}
	case FieldBody:
		return []textFields{x.bodyOnly()}
	}
	return []textFields{titleFields, x.body}
}

// bodyOnly returns the body's fields for a clause on the body alone.
func (x *Index) bodyOnly() textFields {
	f := x.body
	f.within = f.base > 0
	return f
}

func fieldBoost(t *Tuning, f textFields) float64 {
	if f.folded == FieldTitle {
		return t.TitleBoost
	}
	return boostBody
}

// built is a query string turned into bleve queries.
type built struct {
	q query.Query // nil for a query without any searchable term
	// words is the text of the positive words and phrases, whose adjacent
	// pairs rerank the top hits.
	words string
	// highlight matches what the highlighter marks in title and body: the
	// words, the phrases, and the entity names as the query wrote them.
	highlight query.Query
	// named holds the entities the query names; their mentions in a hit
	// are marked too.
	named map[entityKey]bool
	// reading is the likeliest restored reading of the plain words
	reading string
}

// entityKey is an entity by type and ID.
type entityKey struct {
	t  entity.Type
	id string
}

// entityTier multiplies the weights of the clauses that rank the
// documents mentioning the entities of a query that is nothing but entity
// names, so that they rank ahead of the documents that merely hold the
// words.
const entityTier = 100

// maxLookupWords bounds the words of a query that are looked up in the
// index as people and numbers: each costs dictionary reads, and a query
// may be long (MaxQueryBytes).
const maxLookupWords = 64

// numberBoost weighs the clauses of resolution and document numbers
// against those of names: a number identifies the documents it names,
// and the words around it in a query ("Nghị quyết", "Resolution") say
// little more.
const numberBoost = 8

// buildQuery turns a query string into bleve queries; r is the index
// snapshot whose dictionaries resolve the people and numbers the query
// names. An entity clause (country:KR) that names nothing known is an
// error wrapping ErrInvalidRequest.
func (x *Index) buildQuery(ctx context.Context, r bindex.IndexReader, s string, t *Tuning) (*built, error) {
	clauses := parseQuery(s)
	b := &built{named: map[entityKey]bool{}}
	ex := newExpander(ctx, r)
	seen := map[clause]bool{} // the prefix and fuzzy words, counted once
	var hl []query.Query      // what the highlighter marks
	var must, should, mustNot []query.Query
	var plain []string      // plain words without a field, matched together
	var titleWords []string // plain words with title:
	var bodyWords []string  // plain words with body:
	var free []string       // words without a field: entity recognition, highlights
	var scored []string     // the positive words and phrases
	for _, c := range clauses {
		switch {
		case strings.HasPrefix(c.field, FieldEntities+"."):
			typ := entityTypeOf(c.field)
			ids, err := x.resolveFilter(ctx, r, Entity{Type: typ, ID: c.text})
			if err != nil {
				return nil, err
			}
			q := termsQuery(c.field, ids)
			if c.not {
				mustNot = append(mustNot, q)
				continue
			}
			must = append(must, q)
			for _, id := range ids {
				b.named[entityKey{typ, id}] = true
			}
		case c.not:
			qs, err := x.clauseQuery(t, ex, c, true)
			if err != nil {
				return nil, err
			}
			mustNot = append(mustNot, qs...)
		case c.prefix || c.fuzzy > 0:
			if seen[c] {
				continue
			}
			seen[c] = true
			qs, err := x.clauseQuery(t, ex, c, false)
			if err != nil {
				return nil, err
			}
			for _, f := range []string{FieldTitle, FieldBody} {
				if c.field != "" && c.field != f {
					continue
				}
				hc := c
				hc.field = f
				hq, err := x.clauseQuery(t, ex, hc, false)
				if err != nil {
					return nil, err
				}
				hl = append(hl, hq...)
			}
			switch {
			case c.must:
				// a word that expands to nothing matches nothing
				must = append(must, query.NewDisjunctionQuery(qs))
			default:
				should = append(should, qs...)
			}
		default:
			if c.phrase || c.must {
				// a quoted phrase is required, like +word
				qs, err := x.clauseQuery(t, ex, c, false)
				if err != nil {
					return nil, err
				}
				must = append(must, query.NewDisjunctionQuery(qs))
				if c.phrase {
					for _, f := range x.fieldSets(c) {
						hl = append(hl, phrase(c.text, f.folded, analyze.Name, 1))
					}
				}
			}
			// the words count as plain words too
			switch c.field {
			case FieldTitle:
				titleWords = append(titleWords, c.text)
			case FieldBody:
				bodyWords = append(bodyWords, c.text)
			default:
				plain = append(plain, c.text)
				if !c.phrase {
					free = append(free, c.text)
				}
			}
			if c.field != "" && !c.phrase {
				hl = append(hl, match(c.text, x.textFieldsOf(c.field).folded, analyze.Name, 1))
			}
			if c.field != "" || c.phrase {
				scored = append(scored, c.text)
			}
		}
	}
	if len(plain) > 0 {
		text := strings.Join(plain, " ")
		readings := x.readings(text)
		if len(readings) > 0 {
			b.reading = readings[0].Text
		}
		should = append(should, x.wordsQuery(t, text, readings, titleFields, x.body)...)
	}
	if len(titleWords) > 0 {
		should = append(should, x.wordsQuery(t, strings.Join(titleWords, " "), nil, titleFields)...)
	}
	if len(bodyWords) > 0 {
		should = append(should, x.wordsQuery(t, strings.Join(bodyWords, " "), nil, x.bodyOnly())...)
	}

	// Entities named by the words without a field (and by phrases, which
	// are required already): clauses that rank the documents mentioning
	// them first, never required, so that a name the documents were not
	// tagged with still finds them by its words.
	var phrases []string
	for _, c := range clauses {
		if c.phrase && !c.not && c.field == "" {
			phrases = append(phrases, c.text)
		}
	}
	text := strings.Join(append(append([]string(nil), free...), phrases...), " ")
	freeText := strings.Join(free, " ")
	var covered []span  // the parts of text inside entity names
	var numSpans []span // the parts inside numbers
	if text != "" {
		reading := b.reading
		if text != strings.Join(plain, " ") {
			reading = ""
			if rs := x.readings(text); len(rs) > 0 {
				reading = rs[0].Text
			}
		}
		ents, names, spans, nums, err := x.queryEntities(ctx, r, text, reading, b.named)
		if err != nil {
			return nil, err
		}
		covered, numSpans = spans, nums
		if len(ents) > 0 {
			// The share of the query's letters inside entity names sets
			// the weight of the entity clauses: in a long query an entity
			// is one topic among others.
			var in, all int
			for i, r := range text {
				if isWordRune(r) {
					all++
					if inSpans(spans, i) {
						in++
					}
				}
			}
			if in == all && len(must) == 0 && t.EntityBoost > 0 {
				// The query names entities and nothing else. The
				// documents that mention one rank first, in the order
				// of the words and of the entities' display names (so
				// that "Japan" puts the articles with "Nhật Bản" in the
				// title first); the documents that only hold the words
				// follow, as the words rank them.
				var named []query.Query
				if words := cutSpans(freeText, numSpans); words != "" {
					named = x.wordsQuery(t, words, nil, titleFields, x.body)
				}
				for _, n := range names {
					named = append(named, match(n, FieldText, analyze.Name, boostBody))
				}
				es := make([]query.Query, len(ents))
				for i, e := range ents {
					scaleBoosts(e, t.EntityBoost)
					es[i] = e
				}
				tier := query.NewBooleanQuery([]query.Query{query.NewDisjunctionQuery(es)}, named, nil)
				scaleBoosts(tier, entityTier)
				// Each document matches one of the two, so that the
				// coordination factor of bleve's disjunction does not
				// favour the documents with more of the words.
				if len(should) > 0 {
					rest := query.NewBooleanQuery([]query.Query{query.NewDisjunctionQuery(should)}, nil,
						[]query.Query{query.NewDisjunctionQuery(es)})
					should = []query.Query{tier, rest}
				} else {
					should = []query.Query{tier}
				}
				scored = append(scored, names...)
			} else if boost := t.EntityBoost * float64(in) / float64(all); boost > 0 {
				for _, e := range ents {
					scaleBoosts(e, boost)
					should = append(should, e)
				}
			}
		}
	}
	// The reranking looks for the free words outside numbers: the words
	// of "Nghị quyết 57" are an identifier, not a topic.
	scored = append(scored, cutSpans(freeText, numSpans))

	// Highlights: the words outside entity names one by one, each entity
	// name of the query as a phrase.
	if freeText != "" {
		var rest []string
		last := 0
		for _, sp := range covered {
			if sp.end > len(freeText) {
				break // an entity inside a phrase
			}
			if sp.start < last {
				continue
			}
			rest = append(rest, freeText[last:sp.start])
			for _, f := range []string{FieldTitle, x.body.folded} {
				hl = append(hl, phrase(freeText[sp.start:sp.end], f, analyze.Name, 1))
			}
			last = sp.end
		}
		rest = append(rest, freeText[min(last, len(freeText)):])
		if words := strings.Join(rest, " "); strings.ContainsFunc(words, isWordRune) {
			hl = append(hl, match(words, FieldTitle, analyze.Name, 1), match(words, x.body.folded, analyze.Name, 1))
		}
	}
	if len(hl) > 0 {
		b.highlight = query.NewDisjunctionQuery(hl)
	}
	b.words = strings.Join(scored, " ")
	if len(must) == 0 && len(should) == 0 {
		if len(mustNot) == 0 {
			return b, nil
		}
		must = append(must, query.NewMatchAllQuery())
	}
	if len(must) == 0 && len(mustNot) == 0 {
		b.q = query.NewDisjunctionQuery(should)
	} else {
		b.q = query.NewBooleanQuery(must, should, mustNot)
	}
	return b, nil
}

// scaleBoosts multiplies the boosts of the leaf queries of q by k (bleve
// ignores the boosts of compound queries).
func scaleBoosts(q query.Query, k float64) {
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, c := range []query.Query{q.Must, q.Should, q.MustNot} {
			if c != nil {
				scaleBoosts(c, k)
			}
		}
	case *query.DisjunctionQuery:
		for _, c := range q.Disjuncts {
			scaleBoosts(c, k)
		}
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			scaleBoosts(c, k)
		}
	case boostable:
		q.SetBoost(q.Boost() * k)
	}
}

// boostable is a query whose boost can be read and set.
type boostable interface {
	query.Query
	SetBoost(float64)
	Boost() float64
}

// queryEntities returns the clauses of the entities named in text, the
// display names of those from the gazetteers, the sorted byte spans of
// text inside the names, and those of the numbers among them. It adds the
// entities to named. reading is the likeliest restored reading of text,
// or "": it decides between an entity and the other words its name
// folds to (entityReadings).
func (x *Index) queryEntities(ctx context.Context, r bindex.IndexReader, text, reading string, named map[entityKey]bool) (qs []query.Query, names []string, spans, numSpans []span, err error) {
	n, err := r.DocCount()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	add := func(typ entity.Type, ws []weighted, boost float64) error {
		field := EntityField(typ)
		var keep []weighted
		var dfs []uint64
		for _, w := range ws {
			k := entityKey{typ, w.id}
			if named[k] {
				continue
			}
			named[k] = true
			df, err := docFreq(ctx, r, field, w.id)
			if err != nil {
				return err
			}
			keep = append(keep, w)
			dfs = append(dfs, df)
		}
		if len(keep) > 0 {
			qs = append(qs, entityTerms(field, keep, n, dfs, boost))
		}
		return nil
	}
	for _, m := range x.entityReadings(text, reading) {
		if m.ID == "" || m.Start < 0 || m.End > len(text) || m.Start >= m.End {
			continue
		}
		switch m.Type {
		case entity.Country, entity.Ministry, entity.Province:
		default:
			continue // people and numbers are looked up in the index below
		}
		if !named[entityKey{m.Type, m.ID}] {
			if nm := x.ext.Name(m.Type, m.ID); nm != m.ID && nm != "" {
				names = append(names, nm)
			}
		}
		if err := add(m.Type, []weighted{{m.ID, 1}}, 1); err != nil {
			return nil, nil, nil, nil, err
		}
		spans = append(spans, span{m.Start, m.End})
	}
	words := queryWords(text)
	if len(words) > maxLookupWords {
		words = words[:maxLookupWords]
	}
	ids, ps, err := personMentions(ctx, r, words)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	for i, id := range ids {
		if err := add(entity.Person, []weighted{{id, 1}}, 1); err != nil {
			return nil, nil, nil, nil, err
		}
		spans = append(spans, ps[i])
	}
	nums, ns := numberMentions(words)
	for i, num := range nums {
		for _, typ := range num.types {
			ws, _, err := expandNumber(ctx, r, EntityField(typ), num)
			if err != nil {
				return nil, nil, nil, nil, err
			}
			if err := add(typ, ws, numberBoost); err != nil {
				return nil, nil, nil, nil, err
			}
		}
		spans = append(spans, ns[i])
	}
	return qs, names, mergeSpans(text, spans), ns, nil
}

// entityReadings returns the mentions of text, a query. When text has no
// diacritics and reading restores them, the reading breaks the ties that
// folding makes between a name and other words, as the counts of the
// index say the words are written:
//
//   - a country, ministry or province whose name the reading spells with
//     other diacritics is dropped: "lao dong" read "lao động" is no
//     mention of Lào;
//   - one the reading spells out is added where text has none: "uc" read
//     "úc" is Úc, which two letters without diacritics are too few to tell.
func (x *Index) entityReadings(text, reading string) []entity.Mention {
	ms := x.extract(capitalize(text))
	if reading == "" {
		return ms
	}
	toks := restoreWords.Analyze([]byte(text))
	words := strings.Fields(reading)
	if len(toks) != len(words) {
		return ms
	}
	// the words of text that the byte span [start, end) covers
	cover := func(start, end int) (int, int, bool) {
		i, j := -1, -1
		for k, t := range toks {
			if t.Start >= start && t.End <= end {
				if i < 0 {
					i = k
				}
				j = k
			}
		}
		return i, j, i >= 0
	}
	gazetteer := func(t entity.Type) bool {
		return t == entity.Country || t == entity.Ministry || t == entity.Province
	}
	// whether the words i..j of the reading spell a name of (t, id) (same),
	// or only fold to one (other)
	spelled := func(t entity.Type, id string, i, j int) (same, other bool) {
		got := strings.Join(words[i:j+1], " ")
		for _, n := range x.ext.Names(t, id) {
			var ws []string
			for _, tk := range restoreWords.Analyze([]byte(n)) {
				ws = append(ws, string(tk.Term))
			}
			switch name := strings.Join(ws, " "); {
			case name == got:
				return true, false
			case analyze.Fold(name) == analyze.Fold(got):
				other = true
			}
		}
		return false, other
	}
	used := make([]bool, len(toks))
	out := ms[:0:0]
	for _, m := range ms {
		if i, j, ok := cover(m.Start, m.End); ok && gazetteer(m.Type) {
			if _, other := spelled(m.Type, m.ID, i, j); other {
				continue
			}
			for k := i; k <= j; k++ {
				used[k] = true
			}
		}
		out = append(out, m)
	}
	// the reading's own mentions, on words text has none on
	var offs []int // byte offset of each word in reading
	for i, k := 0, 0; k < len(words); k++ {
		offs = append(offs, i)
		i += len(words[k]) + 1
	}
	for _, m := range x.extract(capitalize(reading)) {
		// the extractor matched the diacritics the reading restored
		if !gazetteer(m.Type) || !analyze.HasDiacritics(m.Text) {
			continue
		}
		i := slices.Index(offs, m.Start)
		j := i
		for j >= 0 && j+1 < len(words) && offs[j+1] < m.End {
			j++
		}
		if i < 0 || slices.Contains(used[i:j+1], true) {
			continue
		}
		if same, _ := spelled(m.Type, m.ID, i, j); !same {
			continue
		}
		out = append(out, entity.Mention{Type: m.Type, ID: m.ID, Start: toks[i].Start, End: toks[j].End, Text: text[toks[i].Start:toks[j].End]})
	}
	slices.SortStableFunc(out, func(a, b entity.Mention) int { return a.Start - b.Start })
	return out
}

// restoreWords splits a query into the words a Restoration reads.
var restoreWords = analyze.NewExactAnalyzer()

// cutSpans returns s without the parts in spans (sorted, as byte
// offsets into s; those past its end are ignored).
func cutSpans(s string, spans []span) string {
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp.start < last || sp.end > len(s) {
			continue
		}
		b.WriteString(s[last:sp.start])
		b.WriteByte(' ')
		last = sp.end
	}
	b.WriteString(s[last:])
	return strings.TrimSpace(b.String())
}

// inSpans reports whether the byte offset i is inside one of the sorted
// spans.
func inSpans(spans []span, i int) bool {
	for _, s := range spans {
		if i < s.start {
			return false
		}
		if i < s.end {
			return true
		}
	}
	return false
}

// termsQuery matches any of the terms in field.
func termsQuery(field string, terms []string) query.Query {
	qs := make([]query.Query, len(terms))
	for i, id := range terms {
		q := query.NewTermQuery(id)
		q.SetField(field)
		qs[i] = q
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// entityTypeOf returns the entity type of an entity field.
func entityTypeOf(field string) entity.Type {
	for _, t := range entity.Types {
		if EntityField(t) == field {
			return t
		}
	}
	return ""
}

// wordsQuery matches plain words: on FieldText (or the folded field of a
// title: or body: prefix), on the exact fields when the words have
// diacritics or as their restored readings say, and on the English fields
// when they have none. The title counts more in the reranking.
func (x *Index) wordsQuery(t *Tuning, text string, readings []analyze.Restoration, sets ...textFields) []query.Query {
	accented := analyze.HasDiacritics(text)
	var qs []query.Query
	if len(sets) == 2 {
		qs = append(qs, match(text, FieldText, analyze.Name, boostBody))
		if _, pairs := wordPairs(text); len(pairs) > 0 && t.LeadPairBoost > 0 {
			var ps []query.Query
			for _, p := range pairs {
				q := query.NewTermQuery(p[0] + " " + p[1])
				q.SetField(FieldLeadPairs)
				q.SetBoost(t.LeadPairBoost)
				ps = append(ps, q)
			}
			qs = append(qs, query.NewDisjunctionQuery(ps))
		}
	} else {
		qs = append(qs, sets[0].limit(match(text, sets[0].folded, analyze.Name, boostBody)))
	}
	for _, f := range sets {
		b := fieldBoost(t, f)
		if accented && t.ExactBoost > 0 {
			qs = append(qs, match(text, f.exact, analyze.ExactName, b*t.ExactBoost))
		}
		for _, r := range readings {
			if t.ExactBoost > 0 {
				qs = append(qs, match(r.Text, f.exact, analyze.ExactName, b*t.ExactBoost*r.Prob))
			}
		}
		if !accented && t.EnglishBoost > 0 && x.english.Load() {
			qs = append(qs, match(text, f.english, en.AnalyzerName, b*t.EnglishBoost))
		}
	}
	return qs
}

// readings returns the likeliest readings of the plain words text with
// their diacritics restored, when the index has a Restorer, text has no
// diacritics and its likeliest reading has some: an English query, or
// words the model never saw with diacritics, is left alone. The readings
// without any diacritic are dropped.
func (x *Index) readings(text string) []analyze.Restoration {
	if (x.cfg.Restorer == nil && x.learn == nil) || analyze.HasDiacritics(text) {
		return nil
	}
	var rs []analyze.Restoration
	if x.learn != nil {
		rs = x.learn.restore(text, MaxReadings)
	} else {
		rs = x.cfg.Restorer.Restore(text, MaxReadings)
	}
	if len(rs) == 0 || !analyze.HasDiacritics(rs[0].Text) {
		return nil
	}
	return slices.DeleteFunc(rs, func(r analyze.Restoration) bool { return !analyze.HasDiacritics(r.Text) })
}

// clauseQuery returns the queries of a phrase, prefix, fuzzy or required
// word clause. For exclusions (not) an accented word is matched on the
// exact fields, so "-hà" does not exclude "hạ".
func (x *Index) clauseQuery(t *Tuning, ex *expander, c clause, not bool) ([]query.Query, error) {
	accented := analyze.HasDiacritics(c.text)
	single := len(strings.FieldsFunc(c.text, func(r rune) bool { return !isWordRune(r) })) == 1
	var qs []query.Query
	sets := x.fieldSets(c)
	switch {
	case c.prefix || c.fuzzy > 0:
		f := textFields{folded: FieldText}
		if len(sets) == 1 {
			f = sets[0]
		}
		q, err := ex.query(f.folded, foldTerm(c.text), c.prefix, c.fuzzy)
		switch {
		case err != nil:
			return nil, err
		case q == nil:
			// a clause all the same: a query of such words alone
			// matches nothing, not everything
			return []query.Query{query.NewMatchNoneQuery()}, nil
		}
		return []query.Query{f.limit(q)}, nil
	}
	for _, f := range sets {
		b := fieldBoost(t, f)
		switch {
		case not && accented && single:
			qs = append(qs, match(c.text, f.exact, analyze.ExactName, b))
		case not:
			qs = append(qs, f.limit(phrase(c.text, f.folded, analyze.Name, b)))
		case c.phrase:
			qs = append(qs, f.limit(phrase(c.text, f.folded, analyze.Name, b*t.PhraseBoost)))
		default: // +word
			qs = append(qs, f.limit(match(c.text, f.folded, analyze.Name, b)))
		}
	}
	return qs, nil
}

// capitalize returns s with the first letter of each word in upper case
// when s has no upper-case letter at all, and s itself otherwise. The
// extractor takes names in lower-case running text for ordinary words
// ("hàn" is also a verb), but a query typed in lower case ("han quoc",
// "bo y te") still names entities. Letters whose upper case has another
// byte length are left alone, so offsets into s stay valid.
func capitalize(s string) string {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return s
		}
	}
	b := []byte(s)
	start := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			if u := unicode.ToUpper(r); start && u != r && utf8.RuneLen(u) == n {
				utf8.EncodeRune(b[i:], u)
			}
			start = false
		} else {
			start = true
		}
		i += n
	}
	return string(b)
}
