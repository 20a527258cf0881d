package index

import (
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
		out = append(out, c)
	}
	return out
}

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

// hasDiacritics reports whether s has characters that folding changes.
func hasDiacritics(s string) bool { return analyze.Fold(s) != s }

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

// textFields lists the fields of one text property: folded, exact and
// English, and the indexing options of the exact field (only the short
// title keeps term vectors there: exact matches are a boost, phrases are
// matched folded).
type textFields struct {
	folded, exact, english string
	exactOptions           bindex.FieldIndexingOptions
}

var (
	titleFields = textFields{FieldTitle, FieldTitleExact, FieldTitleEn, optVectors}
	bodyFields  = textFields{FieldBody, FieldBodyExact, FieldBodyEn, optIndexed}
)

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
func fieldSets(c clause) []textFields {
	switch c.field {
	case FieldTitle:
		return []textFields{titleFields}
	case FieldBody:
		return []textFields{bodyFields}
	}
	return []textFields{titleFields, bodyFields}
}

func fieldBoost(t *Tuning, f textFields) float64 {
	if f.folded == FieldTitle {
		return t.TitleBoost
	}
	return boostBody
}

// buildQuery turns a query string into a bleve query, and returns with it
// the text of its positive words and phrases, whose adjacent pairs rerank
// the top hits. It returns a nil query for a query without any searchable
// term.
func (x *Index) buildQuery(s string, t *Tuning) (q query.Query, words string, highlight query.Query) {
	clauses := parseQuery(s)
	var hl []query.Query // what the highlighter marks
	var must, should, mustNot []query.Query
	var plain []string      // plain words without a field, matched together
	var titleWords []string // plain words with title:
	var bodyWords []string  // plain words with body:
	var free []string       // text for entity recognition
	for _, c := range clauses {
		switch {
		case strings.HasPrefix(c.field, FieldEntities+"."):
			q := query.NewTermQuery(c.text)
			q.SetField(c.field)
			q.SetBoost(t.EntityBoost)
			switch {
			case c.not:
				mustNot = append(mustNot, q)
			default:
				must = append(must, q)
			}
		case c.not:
			mustNot = append(mustNot, x.clauseQuery(t, c, true)...)
		case c.prefix || c.fuzzy > 0:
			qs := x.clauseQuery(t, c, false)
			for _, f := range []string{FieldTitle, FieldBody} {
				hc := c
				hc.field = f
				hl = append(hl, x.clauseQuery(t, hc, false)...)
			}
			if c.must {
				must = append(must, query.NewDisjunctionQuery(qs))
			} else {
				should = append(should, qs...)
			}
		case c.phrase || c.must:
			qs := x.clauseQuery(t, c, false)
			if c.must {
				must = append(must, query.NewDisjunctionQuery(qs))
			} else {
				should = append(should, qs...)
			}
			fallthrough // the words count as plain words too
		default:
			switch c.field {
			case FieldTitle:
				titleWords = append(titleWords, c.text)
			case FieldBody:
				bodyWords = append(bodyWords, c.text)
			default:
				plain = append(plain, c.text)
			}
			free = append(free, c.text)
		}
	}
	if len(plain) > 0 {
		should = append(should, x.wordsQuery(t, strings.Join(plain, " "), titleFields, bodyFields)...)
	}
	if len(titleWords) > 0 {
		should = append(should, x.wordsQuery(t, strings.Join(titleWords, " "), titleFields)...)
	}
	if len(bodyWords) > 0 {
		should = append(should, x.wordsQuery(t, strings.Join(bodyWords, " "), bodyFields)...)
	}

	// Entities named in the query.
	if len(free) > 0 {
		text := strings.Join(free, " ")
		var ents []query.Query
		var names []string // display names of the entities
		covered := make([]bool, len(text))
		seen := map[string]bool{}
		for _, m := range x.extract(capitalize(text)) {
			if m.ID == "" || !knownType(m.Type) || m.Start < 0 || m.End > len(text) || m.Start > m.End {
				continue
			}
			for i := m.Start; i < m.End; i++ {
				covered[i] = true
			}
			key := string(m.Type) + "\x00" + m.ID
			if seen[key] {
				continue
			}
			seen[key] = true
			q := query.NewTermQuery(m.ID)
			q.SetField(EntityField(m.Type))
			ents = append(ents, q)
			if n := x.ext.Name(m.Type, m.ID); n != m.ID && n != "" {
				names = append(names, n)
			}
		}
		if len(ents) > 0 {
			// The share of the query's letters inside entity names sets
			// the weight of the entity clauses: in a long query an entity
			// is one topic among others.
			var in, all int
			for i, r := range text {
				if isWordRune(r) {
					all++
					if covered[i] {
						in++
					}
				}
			}
			if in == all && len(must) == 0 {
				// The query names entities and nothing else: require one,
				// and rank by their display names, so "Japan" puts the
				// articles with "Nhật Bản" in the title first.
				must = append(must, query.NewDisjunctionQuery(ents))
				for _, n := range names {
					should = append(should, match(n, FieldText, analyze.Name, boostBody))
					free = append(free, n)
				}
			} else if share := float64(in) / float64(all); share*t.EntityBoost > 0 {
				for _, q := range ents {
					q.(*query.TermQuery).SetBoost(t.EntityBoost * share)
				}
				should = append(should, ents...)
			}
		}
	}

	text := strings.Join(free, " ")
	if len(must) == 0 && len(should) == 0 {
		if len(mustNot) == 0 {
			return nil, "", nil
		}
		must = append(must, query.NewMatchAllQuery())
	}
	if text != "" {
		hl = append(hl, match(text, FieldTitle, analyze.Name, 1), match(text, FieldBody, analyze.Name, 1))
	}
	if len(hl) > 0 {
		highlight = query.NewDisjunctionQuery(hl)
	}
	if len(must) == 0 && len(mustNot) == 0 {
		return query.NewDisjunctionQuery(should), text, highlight
	}
	return query.NewBooleanQuery(must, should, mustNot), text, highlight
}

// wordsQuery matches plain words: on FieldText (or the folded field of a
// title: or body: prefix), on the exact fields when the words have
// diacritics, and on the English fields when they have none. The title
// counts more in the reranking.
func (x *Index) wordsQuery(t *Tuning, text string, sets ...textFields) []query.Query {
	accented := hasDiacritics(text)
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
		qs = append(qs, match(text, sets[0].folded, analyze.Name, boostBody))
	}
	for _, f := range sets {
		b := fieldBoost(t, f)
		if accented && t.ExactBoost > 0 {
			qs = append(qs, match(text, f.exact, analyze.ExactName, b*t.ExactBoost))
		}
		if !accented && t.EnglishBoost > 0 && x.english.Load() {
			qs = append(qs, match(text, f.english, en.AnalyzerName, b*t.EnglishBoost))
		}
	}
	return qs
}

// clauseQuery returns the queries of a phrase, prefix, fuzzy or required
// word clause. For exclusions (not) an accented word is matched on the
// exact fields, so "-hà" does not exclude "hạ".
func (x *Index) clauseQuery(t *Tuning, c clause, not bool) []query.Query {
	accented := hasDiacritics(c.text)
	single := len(strings.FieldsFunc(c.text, func(r rune) bool { return !isWordRune(r) })) == 1
	var qs []query.Query
	sets := fieldSets(c)
	switch {
	case c.prefix || c.fuzzy > 0:
		field := FieldText
		if len(sets) == 1 {
			field = sets[0].folded
		}
		if c.prefix {
			q := query.NewPrefixQuery(foldTerm(c.text))
			q.SetField(field)
			qs = append(qs, q)
		} else {
			q := query.NewFuzzyQuery(foldTerm(c.text))
			q.SetField(field)
			q.SetFuzziness(c.fuzzy)
			qs = append(qs, q)
		}
		return qs
	}
	for _, f := range sets {
		b := fieldBoost(t, f)
		switch {
		case not && accented && single:
			qs = append(qs, match(c.text, f.exact, analyze.ExactName, b))
		case not:
			qs = append(qs, phrase(c.text, f.folded, analyze.Name, b))
		case c.phrase:
			qs = append(qs, phrase(c.text, f.folded, analyze.Name, b*t.PhraseBoost))
		default: // +word
			qs = append(qs, match(c.text, f.folded, analyze.Name, b))
		}
	}
	return qs
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
