package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/entity"
)

// FieldPersonNames holds, for each person a document mentions, the
// person's ID and the spelling the document gives, as "ID\x1fspelling"
// keywords. The index reads it to show a person under the accented
// spelling that most documents give.
const FieldPersonNames = "person_names"

// nameSep separates a person ID from a spelling in FieldPersonNames.
const nameSep = "\x1f"

// FieldMentions stores where a document mentions its entities, so that
// the highlighter marks them without running the extractor again: one
// record per mention, "start,end\x1ftype\x1fkey\x1e", where start and
// end are byte offsets into the title and body joined by "\n\n" (as the
// extractor reads them) and key is the entity field's value (PersonID for
// a person). Documents indexed before it was added have none.
const FieldMentions = "mentions"

// A storedMention is one record of FieldMentions.
type storedMention struct {
	key        entityKey
	start, end int
}

// appendMention appends the record of m to b; a mention whose key holds
// a separator is left out.
func appendMention(b []byte, m entity.Mention) []byte {
	key := m.ID
	if m.Type == entity.Person {
		key = PersonID(key)
	}
	if key == "" || strings.ContainsAny(key, "\x1e\x1f") || m.Start < 0 || m.End < m.Start {
		return b
	}
	b = strconv.AppendInt(b, int64(m.Start), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(m.End), 10)
	b = append(b, '\x1f')
	b = append(b, m.Type...)
	b = append(b, '\x1f')
	b = append(b, key...)
	return append(b, '\x1e')
}

// parseMentions returns the records of a FieldMentions value, skipping
// any that are malformed.
func parseMentions(s string) []storedMention {
	var out []storedMention
	for rec := range strings.SplitSeq(s, "\x1e") {
		span, rest, ok1 := strings.Cut(rec, "\x1f")
		typ, key, ok2 := strings.Cut(rest, "\x1f")
		a, b, ok3 := strings.Cut(span, ",")
		start, err1 := strconv.Atoi(a)
		end, err2 := strconv.Atoi(b)
		if !ok1 || !ok2 || !ok3 || err1 != nil || err2 != nil || start < 0 || end < start {
			continue
		}
		out = append(out, storedMention{entityKey{entity.Type(typ), key}, start, end})
	}
	return out
}

// PersonID returns the ID under which the index keeps the person named
// name: the name folded (analyze.Fold), lower-cased, its words joined by
// one space, punctuation dropped. "Tô Lâm", "To Lam", "TO LAM" and
// "tô lâm" are all "to lam", in Vietnamese and English documents alike.
//
// The ID depends on the name alone, not on the document or on what else
// the index holds, so it is the same in every document and after
// reindexing. The extractor gives a person the most complete spelling of
// the name in the document (entity.Mention.ID); the index keeps that
// spelling beside the ID and shows the accented spelling that most
// documents give (Hit.Entities, Result.Facets). Two people whose names
// differ only in their diacritics share an ID.
func PersonID(name string) string {
	words := strings.FieldsFunc(foldTerm(name), func(r rune) bool { return !isWordRune(r) })
	return strings.Join(words, " ")
}

// addEntity adds the entity (t, id) to a bleve document: the ID to the
// entity field, and for a person the ID under PersonID with the spelling.
func addEntity(bd *document.Document, t entity.Type, id string) {
	if t != entity.Person {
		addKeyword(bd, EntityField(t), id)
		return
	}
	key := PersonID(id)
	if key == "" {
		return
	}
	addKeyword(bd, EntityField(t), key)
	addIndexedKeyword(bd, FieldPersonNames, key+nameSep+analyze.Normalize(id))
}

// personNames caches the display names of person IDs for one search,
// and in shared for every search of one generation of the index.
type personNames struct {
	r      bindex.IndexReader
	seen   map[string]string
	shared *nameCache
	gen    uint64 // the generation of r
}

// nameCache holds display names of person IDs across searches. A name
// is the most frequent spelling, which documents added later may change:
// the cache holds the names of one generation (Index.gen) only.
type nameCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]string
}

// maxCachedNames bounds a nameCache.
const maxCachedNames = 1 << 14

func (c *nameCache) get(gen uint64, id string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return "", false
	}
	n, ok := c.m[id]
	return n, ok
}

func (c *nameCache) put(gen uint64, id, name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen < c.gen {
		return
	}
	if c.m == nil || c.gen != gen || len(c.m) >= maxCachedNames {
		c.gen, c.m = gen, map[string]string{}
	}
	c.m[id] = name
}

// names returns the person names of a search on r, a snapshot taken
// after the generation gen began.
func (x *Index) names(r bindex.IndexReader, gen uint64) *personNames {
	return &personNames{r: r, shared: &x.nameCache, gen: gen}
}

// name returns the spelling of the person id that the most documents
// give, preferring spellings with diacritics, or id itself when the index
// has none.
func (p *personNames) name(id string) string {
	if n, ok := p.seen[id]; ok {
		return n
	}
	if p.seen == nil {
		p.seen = map[string]string{}
	}
	if p.shared != nil {
		if n, ok := p.shared.get(p.gen, id); ok {
			p.seen[id] = n
			return n
		}
	}
	best, bestN, bestMarked := id, uint64(0), false
	if p.r != nil {
		if d, err := p.r.FieldDictPrefix(FieldPersonNames, []byte(id+nameSep)); err == nil {
			for {
				e, err := d.Next()
				if err != nil || e == nil {
					break
				}
				n := e.Term[len(id)+len(nameSep):]
				marked := analyze.HasDiacritics(n)
				if marked && !bestMarked || marked == bestMarked && (e.Count > bestN || e.Count == bestN && n < best) {
					best, bestN, bestMarked = n, e.Count, marked
				}
			}
			d.Close()
		}
	}
	p.seen[id] = best
	if p.shared != nil {
		p.shared.put(p.gen, id, best)
	}
	return best
}

// displayName returns the name under which the index shows the entity
// (t, id).
func (x *Index) displayName(p *personNames, t entity.Type, id string) string {
	if t == entity.Person {
		return p.name(id)
	}
	return x.ext.Name(t, id)
}

// docFreq returns the number of documents whose field holds term.
func docFreq(ctx context.Context, r bindex.IndexReader, field, term string) (uint64, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0, err
	}
	defer tfr.Close()
	return tfr.Count(), nil
}

// weighted is an entity ID with the weight of its clause.
type weighted struct {
	id     string
	weight float64
}

// entityTerms returns the query clause that matches any of the terms of
// field, each with its weight. When there are several, the weights are
// divided by idf²: bleve's tf-idf scores a keyword match in proportion to
// boost × idf², and the weights, not the rarity of the IDs, are to decide
// their order.
func entityTerms(field string, ids []weighted, n uint64, dfs []uint64, boost float64) query.Query {
	qs := make([]query.Query, 0, len(ids))
	for i, w := range ids {
		q := query.NewTermQuery(w.id)
		q.SetField(field)
		b := boost * w.weight
		if len(ids) > 1 {
			idf := 1 + math.Log(float64(n)/float64(dfs[i]+1))
			b /= max(idf*idf, 0.01)
		}
		q.SetBoost(b)
		qs = append(qs, q)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// A document number as typed in a query, "57", "57/NQ", "13/2023/NĐ-CP",
// split into its upper-case, folded segments.
type typedNumber struct {
	segs  []string
	types []entity.Type // the fields to look in
	code  string        // the type code the words before it give ("ND" for Nghị định), or ""
}

// numberWords are the words that make a number after them a resolution or
// document number, folded and lower-cased, with the type code they imply.
var numberWords = []struct {
	words []string
	typ   entity.Type
	code  string
}{
	{[]string{"nghi", "quyet"}, entity.Resolution, ""},
	{[]string{"resolution"}, entity.Resolution, ""},
	{[]string{"nq"}, entity.Resolution, ""},
	{[]string{"nghi", "dinh"}, entity.Document, "ND"},
	{[]string{"decree"}, entity.Document, "ND"},
	{[]string{"nd"}, entity.Document, "ND"},
	{[]string{"quyet", "dinh"}, entity.Document, "QD"},
	{[]string{"decision"}, entity.Document, "QD"},
	{[]string{"qd"}, entity.Document, "QD"},
	{[]string{"thong", "tu"}, entity.Document, "TT"},
	{[]string{"circular"}, entity.Document, "TT"},
	{[]string{"chi", "thi"}, entity.Document, "CT"},
	{[]string{"directive"}, entity.Document, "CT"},
	{[]string{"ket", "luan"}, entity.Document, "KL"},
	{[]string{"conclusion"}, entity.Document, "KL"},
	{[]string{"luat"}, entity.Document, ""},
	{[]string{"law"}, entity.Document, ""},
}

// numberSegments splits a folded, upper-case number into its segments:
// "57-NQ/TW" is 57, NQ, TW.
func numberSegments(s string) []string {
	s = entity.CanonicalID(entity.Resolution, s) // TƯ is TW, 57/NQ-TW is 57-NQ/TW
	return strings.FieldsFunc(analyze.Fold(s), func(r rune) bool { return !isWordRune(r) })
}

// isNumberToken reports whether w starts with a digit and holds digits,
// letters and the separators of document numbers only.
func isNumberToken(w string) bool {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return false
	}
	for _, r := range w {
		if !isWordRune(r) && r != '-' && r != '/' && r != '.' {
			return false
		}
	}
	return true
}

// queryWord is a word of a query with its byte offsets.
type queryWord struct {
	text       string // as typed, trimmed of surrounding punctuation
	folded     string // lower-case, folded
	start, end int
}

// queryWords splits s at spaces and trims the punctuation around each
// word, keeping the separators inside numbers ("57/NQ-TW").
func queryWords(s string) []queryWord {
	var out []queryWord
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' {
			j++
		}
		if j > i {
			w := s[i:j]
			lead := len(w) - len(strings.TrimLeftFunc(w, func(r rune) bool { return !isWordRune(r) }))
			w = strings.TrimFunc(w, func(r rune) bool { return !isWordRune(r) })
			if w != "" {
				out = append(out, queryWord{text: w, folded: foldTerm(w), start: i + lead, end: i + lead + len(w)})
			}
		}
		i = j + 1
	}
	return out
}

// numberMentions finds the document numbers of a query: a number after
// one of numberWords (with "số" or "No." between them allowed), or a
// number with a code ("57/NQ", "13/2023/NĐ-CP"). A bare number ("57")
// is a plain word. It returns the numbers and the byte spans they cover.
func numberMentions(words []queryWord) (nums []typedNumber, spans []span) {
	for i := 0; i < len(words); i++ {
		w := words[i]
		if !isNumberToken(w.text) {
			continue
		}
		n := typedNumber{segs: numberSegments(w.text)}
		start := w.start
		// the words before it
		k := i
		if k > 0 && (words[k-1].folded == "so" || words[k-1].folded == "no") {
			k--
		}
		for _, nw := range numberWords {
			m := len(nw.words)
			if k < m {
				continue
			}
			ok := true
			for j, word := range nw.words {
				if words[k-m+j].folded != word {
					ok = false
					break
				}
			}
			if ok {
				n.types, n.code = []entity.Type{nw.typ}, nw.code
				start = words[k-m].start
				break
			}
		}
		if n.types == nil {
			if len(n.segs) < 2 {
				continue // a bare number
			}
			n.types = []entity.Type{entity.Resolution, entity.Document}
		}
		nums = append(nums, n)
		spans = append(spans, span{start, w.end})
	}
	return nums, spans
}

// maxNumberExpansion bounds the indexed numbers one typed number matches.
const maxNumberExpansion = 32

// expandNumber returns the indexed IDs of field that n is the start of,
// with their document frequencies: the IDs whose segments begin with n's,
// those equal to n first, then the more frequent.
func expandNumber(ctx context.Context, r bindex.IndexReader, field string, n typedNumber) ([]weighted, []uint64, error) {
	if len(n.segs) == 0 {
		return nil, nil, nil
	}
	d, err := r.FieldDictPrefix(field, []byte(n.segs[0]))
	if err != nil {
		return nil, nil, err
	}
	defer d.Close()
	type cand struct {
		id    string
		exact bool
		df    uint64
	}
	var cs []cand
	for {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		e, err := d.Next()
		if err != nil {
			return nil, nil, err
		}
		if e == nil {
			break
		}
		segs := numberSegments(e.Term)
		if len(segs) < len(n.segs) || !slices.Equal(segs[:len(n.segs)], n.segs) {
			continue
		}
		if n.code != "" && len(segs) > len(n.segs) && !slices.Contains(segs, n.code) {
			continue
		}
		cs = append(cs, cand{e.Term, len(segs) == len(n.segs), e.Count})
	}
	slices.SortFunc(cs, func(a, b cand) int {
		switch {
		case a.exact != b.exact:
			if a.exact {
				return -1
			}
			return 1
		case a.df != b.df:
			if a.df > b.df {
				return -1
			}
			return 1
		}
		return strings.Compare(a.id, b.id)
	})
	if len(cs) > maxNumberExpansion {
		cs = cs[:maxNumberExpansion]
	}
	var maxDF uint64 = 1
	for _, c := range cs {
		maxDF = max(maxDF, c.df)
	}
	ws := make([]weighted, len(cs))
	dfs := make([]uint64, len(cs))
	for i, c := range cs {
		// the exact ID weighs most, then the frequent ones
		w := 0.25 + 0.5*float64(c.df)/float64(maxDF)
		if c.exact {
			w = 1
		}
		ws[i], dfs[i] = weighted{c.id, w}, c.df
	}
	return ws, dfs, nil
}

// maxPersonWords is the longest person name, in words, that a query is
// looked up for.
const maxPersonWords = 5

// personMentions finds the people of the index that a query names: runs
// of two to maxPersonWords words whose PersonID the index holds, longest
// first, in any spelling ("to lam", "TÔ LÂM").
func personMentions(ctx context.Context, r bindex.IndexReader, words []queryWord) (ids []string, spans []span, err error) {
	field := EntityField(entity.Person)
	for i := 0; i < len(words); {
		found := 0
		for n := min(maxPersonWords, len(words)-i); n >= 2; n-- {
			parts := make([]string, n)
			for j := range n {
				parts[j] = words[i+j].folded
			}
			if !allLetters(parts) {
				continue
			}
			id := PersonID(strings.Join(parts, " "))
			df, err := docFreq(ctx, r, field, id)
			if err != nil {
				return nil, nil, err
			}
			if df > 0 {
				ids = append(ids, id)
				spans = append(spans, span{words[i].start, words[i+n-1].end})
				found = n
				break
			}
		}
		if found > 0 {
			i += found
		} else {
			i++
		}
	}
	return ids, spans, nil
}

func allLetters(words []string) bool {
	for _, w := range words {
		if w == "" || strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) {
			return false
		}
	}
	return true
}

// resolveFilter turns a filter of a request, a name or an ID of any
// spelling, into the indexed IDs it stands for. It returns an error
// wrapping ErrInvalidRequest, naming the filter, when it stands for
// nothing the extractor or the index knows.
func (x *Index) resolveFilter(ctx context.Context, r bindex.IndexReader, e Entity) ([]string, error) {
	s := strings.TrimSpace(e.ID)
	if s == "" {
		return nil, fmt.Errorf("%w: empty %s filter", ErrInvalidRequest, e.Type)
	}
	field := EntityField(e.Type)
	indexed := func(id string) (bool, error) {
		df, err := docFreq(ctx, r, field, id)
		return df > 0, err
	}
	switch e.Type {
	case entity.Person:
		id := PersonID(s)
		ok, err := indexed(id)
		if err != nil || ok {
			return []string{id}, err
		}
	case entity.Resolution, entity.Document:
		n := typedNumber{segs: numberSegments(x.ext.Resolve(e.Type, s))}
		if words := queryWords(s); len(words) > 1 {
			// "Nghị quyết 57": the words before the number say no more
			// than the filter's type does
			if nums, _ := numberMentions(words); len(nums) == 1 {
				n.segs, n.code = nums[0].segs, nums[0].code
			}
		}
		ws, _, err := expandNumber(ctx, r, field, n)
		if err != nil {
			return nil, err
		}
		if len(ws) > 0 {
			ids := make([]string, len(ws))
			for i, w := range ws {
				ids[i] = w.id
			}
			return ids, nil
		}
	default:
		// a filter in lower case is a name, as the same word in a query
		// is ("my" is Mỹ); as given first, it may be an ID ("MY")
		cs := []string{s, capitalize(strings.ToLower(s))}
		if s == strings.ToLower(s) {
			cs[0], cs[1] = cs[1], cs[0]
		}
		for _, c := range cs {
			id := x.ext.Resolve(e.Type, c)
			if x.ext.Name(e.Type, id) != id {
				return []string{id}, nil // a gazetteer entity
			}
			ok, err := indexed(id)
			if err != nil {
				return nil, err
			}
			if ok {
				return []string{id}, nil
			}
		}
	}
	return nil, fmt.Errorf("%w: %s filter %q names no known entity", ErrInvalidRequest, e.Type, e.ID)
}

// checkLang returns the language code of a filter, or an error wrapping
// ErrInvalidRequest when no document of the index has that language and
// it is not one the index detects.
func checkLang(ctx context.Context, r bindex.IndexReader, lang string) (string, error) {
	l := strings.ToLower(strings.TrimSpace(lang))
	if l == "" || l == "vi" || l == "en" {
		return l, nil
	}
	df, err := docFreq(ctx, r, FieldLang, l)
	if err != nil {
		return "", err
	}
	if df == 0 {
		return "", fmt.Errorf("%w: unknown language %q", ErrInvalidRequest, lang)
	}
	return l, nil
}
