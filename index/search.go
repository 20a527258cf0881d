package index

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/vnsearch/vnsearch/entity"
)

// Defaults and limits of a Request.
const (
	DefaultSize      = 10   // hits per page when Request.Size is 0
	MaxSize          = 1000 // the largest Request.Size
	DefaultFacetSize = 10   // values per facet when Request.FacetSize is 0
	// MaxFrom is the largest Request.From; deeper pages use After. It
	// keeps From+Size from overflowing (From near math.MaxInt panicked in
	// bleve with "makeslice: cap out of range").
	MaxFrom = 1 << 30
	// MaxQueryBytes is the longest Request.Query. Longer queries are
	// rejected: each word costs a term searcher per field, and a 1 MB
	// query took seconds of CPU.
	MaxQueryBytes = 128 << 10
)

// Request is a search request. The zero value of every field but Query
// means "no restriction" or the default.
type Request struct {
	// Query is the query string; see the package documentation for its
	// syntax. An empty query matches every document (useful with filters
	// and facets).
	Query string
	// Size is the number of hits to return, DefaultSize when 0, at most
	// MaxSize.
	Size int
	// From is the number of hits to skip. For deep pages use After.
	From int
	// After is the cursor of a previous Result (Result.Next): the page
	// starts after the last hit of that result. From must be 0.
	After string

	// Entities restricts the hits to documents that mention all of these
	// entities. ID is an ID or a name of any spelling and case ("KR",
	// "Hàn Quốc", "han quoc"; "to lam"; "bo y te"); a resolution or
	// document number matches every indexed number it is the start of
	// ("57" is 57-NQ/TW and 57/2024/QH15). One that names nothing known
	// is an ErrInvalidRequest. Name is ignored.
	Entities []Entity
	// Lang restricts the hits to documents in this language ("vi", "en");
	// a language no document has is an ErrInvalidRequest.
	Lang string
	// Since and Until restrict the hits to documents published in
	// [Since, Until). A zero time leaves that side open.
	Since, Until time.Time

	// Facets asks for the most frequent entity IDs of these types among
	// the best FacetWindow matches, or all of them with Exact.
	Facets []entity.Type
	// FacetSize is the number of IDs per facet, DefaultFacetSize when 0.
	FacetSize int

	// Highlight asks for fragments of the title and body with the matched
	// words marked by <mark>…</mark>. The fragments are HTML-escaped.
	Highlight bool
	// Body asks for the whole stored body in Hit.Body.
	Body bool

	// Exact asks for every match to be scored and counted: an exact
	// Result.Total, and facets over all matches. It costs time in step
	// with the number of matches; without it a search skips the
	// documents that cannot enter the top hits.
	Exact bool

	// Tuning, when set, replaces the index's Config.Tuning for this
	// search, to compare settings on one index.
	Tuning *Tuning
}

// Result is the answer to a Request.
type Result struct {
	// Total is the number of matching documents when TotalExact is set,
	// and otherwise a lower bound of it: a search skips the documents
	// that cannot enter the top hits without counting them (Request.Exact
	// counts them all). It is at least the number of hits up to the end
	// of this page.
	Total      uint64
	TotalExact bool
	Hits       []Hit
	// Facets holds one facet per requested entity type. Its counts are
	// over the best FacetWindow matches; FacetsExact is set when these
	// were all the matches (always with Request.Exact).
	Facets      map[entity.Type][]FacetValue
	FacetsExact bool
	// Next is the cursor for the page after this one (Request.After), empty
	// when this page is the last.
	Next string
	Took time.Duration // time spent searching
	// Reading is the likeliest reading of the plain words of a query
	// typed without diacritics ("hàn quốc"), as Config.Restorer restored
	// them, for a "showing results for" line; empty when the query has
	// diacritics or the index has no Restorer.
	Reading string
}

// FacetValue is one entity ID of a facet with the number of matching
// documents that mention it.
type FacetValue struct {
	ID    string
	Name  string // display name (entity.Extractor.Name)
	Count int
}

// Hit is one matching document.
type Hit struct {
	ID        string
	Score     float64
	Title     string
	URL       string
	Lang      string
	Published time.Time
	Body      string   // only with Request.Body
	Entities  []Entity // the entities the document mentions
	// Highlights maps "title" and "body" to HTML fragments of the original
	// text with the matched words in <mark>…</mark> (Request.Highlight).
	Highlights map[string][]string
}

// RerankWindow is the number of top hits that Search reorders by how many
// adjacent word pairs of the query they contain (see the package
// documentation). Pages that start past the window keep the first ranking.
const RerankWindow = 20

// minPairIDF is the inverse document frequency below which the reranking
// does not look for a word in bodies: ln 2.5, a word in two thirds of them or
// more ("của", "và"), whose pairs weigh little and whose positions are many.
const minPairIDF = 0.9162907318741551 // ln 2.5

// Search runs req. It stops early with the context's error when ctx is
// canceled.
func (x *Index) Search(ctx context.Context, req Request) (_ *Result, err error) {
	defer x.recoverBroken(&err)
	start := time.Now()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkRequest(req); err != nil {
		return nil, err
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return nil, ErrClosed
	}
	gen := x.gen.Load() // before the snapshot, which holds at least this generation
	r, err := x.reader()
	if err != nil {
		return nil, fmt.Errorf("index: search %q: %w", req.Query, err)
	}
	defer r.Close()
	p, err := x.plan(ctx, r, req)
	if p != nil {
		p.gen = gen
	}
	if err == nil {
		var out *Result
		if out, err = x.run(ctx, r, req, p); err == nil {
			out.Took = time.Since(start)
			return out, nil
		}
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, ctxErr
	}
	if errors.Is(err, ErrInvalidRequest) {
		return nil, err
	}
	return nil, fmt.Errorf("index: search %q: %w", req.Query, err)
}

// reader returns a snapshot of the index for reading its dictionaries and
// postings; the caller closes it.
func (x *Index) reader() (bindex.IndexReader, error) {
	adv, err := x.bi.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// plan is a checked request turned into bleve terms.
type plan struct {
	q         query.Query        // the query with the filters
	highlight query.Query        // matches the words to mark in title and body
	named     map[entityKey]bool // the entities the query names
	reading   string             // Result.Reading
	terms     []string           // folded words of the query
	pairs     [][2]string        // adjacent folded word pairs of the query
	size      int
	from      int       // offset of the page in the ranking, for From and window cursors
	afterKey  *afterKey // the key of the page's start (Request.After)
	facets    []entity.Type
	facetSize int
	tuning    Tuning
	gen       uint64 // the generation of the index the search reads
}

// checkRequest checks what a request says on its own, before the index
// is read.
func checkRequest(req Request) error {
	switch {
	case req.Size < 0 || req.From < 0:
		return fmt.Errorf("%w: negative size or offset", ErrInvalidRequest)
	case req.From > MaxFrom:
		return fmt.Errorf("%w: offset %d, limit %d (use After)", ErrInvalidRequest, req.From, MaxFrom)
	case len(req.Query) > MaxQueryBytes:
		return fmt.Errorf("%w: query of %d bytes, limit %d", ErrInvalidRequest, len(req.Query), MaxQueryBytes)
	}
	for _, e := range req.Entities {
		if !knownType(e.Type) {
			return fmt.Errorf("%w: unknown entity type %q in filter", ErrInvalidRequest, e.Type)
		}
	}
	for _, t := range req.Facets {
		if !knownType(t) {
			return fmt.Errorf("%w: unknown entity type %q", ErrInvalidRequest, t)
		}
	}
	if !req.Since.IsZero() && !req.Until.IsZero() && req.Since.After(req.Until) {
		return fmt.Errorf("%w: since %s is after until %s", ErrInvalidRequest,
			req.Since.Format(time.RFC3339), req.Until.Format(time.RFC3339))
	}
	return nil
}

func (x *Index) plan(ctx context.Context, r bindex.IndexReader, req Request) (*plan, error) {
	p := &plan{size: req.Size, from: req.From}
	switch {
	case p.size == 0:
		p.size = DefaultSize
	case p.size > MaxSize:
		p.size = MaxSize
	}
	// Filters that can match nothing are mistakes of the caller: say so
	// rather than return no hits.
	var filters []query.Query
	for _, e := range req.Entities {
		ids, err := x.resolveFilter(ctx, r, e)
		if err != nil {
			return nil, err
		}
		filters = append(filters, termsQuery(EntityField(e.Type), ids))
	}
	lang, err := checkLang(ctx, r, req.Lang)
	if err != nil {
		return nil, err
	}
	if lang != "" {
		q := query.NewTermQuery(lang)
		q.SetField(FieldLang)
		filters = append(filters, q)
	}
	if !req.Since.IsZero() || !req.Until.IsZero() {
		inclusive, exclusive := true, false
		q := query.NewDateRangeInclusiveQuery(req.Since, req.Until, &inclusive, &exclusive)
		q.SetField(FieldPublished)
		filters = append(filters, q)
	}
	p.tuning = x.cfg.Tuning
	if req.Tuning != nil {
		p.tuning = *req.Tuning
	}
	b, err := x.buildQuery(ctx, r, req.Query, &p.tuning)
	if err != nil {
		return nil, err
	}
	p.highlight, p.named, p.reading = b.highlight, b.named, b.reading
	q := b.q
	if q == nil {
		q = query.NewMatchAllQuery()
	}
	if len(filters) > 0 {
		bq := query.NewBooleanQuery([]query.Query{q}, nil, nil)
		if len(filters) == 1 {
			bq.AddFilter(filters[0])
		} else {
			bq.AddFilter(query.NewConjunctionQuery(filters))
		}
		q = bq
	}
	p.q = q
	p.terms, p.pairs = wordPairs(b.words)
	if req.After != "" {
		if req.From != 0 {
			return nil, fmt.Errorf("%w: both From and After set", ErrInvalidRequest)
		}
		c, ok := decodeCursor(req.After)
		if !ok {
			return nil, fmt.Errorf("%w: bad cursor", ErrInvalidRequest)
		}
		if c.id == "" {
			p.from = c.offset
		} else {
			p.afterKey = &afterKey{score: c.score, id: c.id}
		}
	}
	p.facetSize = req.FacetSize
	if p.facetSize <= 0 {
		p.facetSize = DefaultFacetSize
	}
	p.facets = req.Facets
	return p, nil
}

// run searches in up to three steps: the ranking (with facets), the
// reranking of the window by word pairs, and the loading of the page's
// stored fields and highlights.
func (x *Index) run(ctx context.Context, r bindex.IndexReader, req Request, p *plan) (*Result, error) {
	names := x.names(r, p.gen)
	end := p.from + p.size
	rerank := len(p.terms) > 0 && p.afterKey == nil && p.from < RerankWindow
	n := end
	if rerank {
		n = max(end, RerankWindow)
	}
	rk, err := x.rank(ctx, r, req, p, n)
	if err != nil {
		return nil, err
	}
	out := &Result{Total: rk.total, TotalExact: rk.exact, Reading: p.reading}
	if len(p.facets) > 0 {
		out.FacetsExact = rk.facetsExact
		out.Facets = map[entity.Type][]FacetValue{}
		for _, t := range p.facets {
			vals := []FacetValue{}
			for _, fc := range rk.facets[t] {
				vals = append(vals, FacetValue{ID: fc.Term, Name: x.displayName(names, t, fc.Term), Count: fc.Count})
			}
			out.Facets[t] = vals
		}
	}
	hits := rk.hits
	more := rk.more || len(hits) > end // matches follow the page
	var boundary cursor                // the first ranking's key of the page's last hit
	var read *vectors                  // what the rerank read, for the highlights
	if rerank {
		if k := min(end, len(hits)); k > 0 {
			boundary = cursor{score: hits[k-1].Score, id: hits[k-1].ID}
		}
		w := min(RerankWindow, len(hits))
		var top []*search.DocumentMatch
		top, read, err = x.rerank(ctx, r, &p.tuning, hits[:w], p.terms, p.pairs, rk.df, req.Highlight && p.highlight != nil)
		if err != nil {
			return nil, err
		}
		hits = append(top, hits[w:]...)
	}
	hits = hits[min(p.from, len(hits)):min(end, len(hits))]
	if len(hits) == 0 {
		return out, nil
	}

	// Next: within the window an offset, past it the sort key of the first
	// ranking, which is the order there.
	last := hits[len(hits)-1]
	switch {
	case !more:
	case rerank && end < RerankWindow:
		out.Next = encodeCursor(cursor{offset: end})
	case rerank:
		// past the window the first ranking holds; it was sorted by ID
		// among equal scores, as the search-after of the next page is
		out.Next = encodeCursor(boundary)
	default:
		out.Next = encodeCursor(cursor{score: last.Score, id: last.ID})
	}

	out.Hits, err = x.load(ctx, r, req, p, hits, names, read)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// load returns the hits with their stored fields and, with
// req.Highlight, their highlights, read from the search's snapshot r
// (with the term vectors in read).
func (x *Index) load(ctx context.Context, r bindex.IndexReader, req Request, p *plan, hits []*search.DocumentMatch, names *personNames, read *vectors) ([]Hit, error) {
	var locs map[string]*search.DocumentMatch // by ID: the locations of the marked words
	if req.Highlight && p.highlight != nil {
		var err error
		if locs, err = x.locations(ctx, r, p.highlight, hits, read); err != nil {
			return nil, err
		}
	}
	segs := snapshotSegments(r)
	withBody := req.Body || req.Highlight
	out := make([]Hit, 0, len(hits))
	for _, h := range hits {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hit := Hit{ID: h.ID, Score: h.Score}
		st, err := hitFields(r, segs, h, withBody)
		if err != nil {
			return nil, err
		}
		if st != nil {
			hit.Title, hit.URL, hit.Lang, hit.Published, hit.Body = st.title, st.url, st.lang, st.published, st.body
			hit.Entities = x.entitiesFrom(st, names)
			if req.Highlight {
				dm := locs[h.ID]
				if dm == nil {
					dm = &search.DocumentMatch{}
				}
				// the named entities the hit mentions: none, and its text
				// need not be searched for mentions
				var named map[entityKey]bool
				for _, e := range hit.Entities {
					if k := (entityKey{e.Type, e.ID}); p.named[k] {
						if named == nil {
							named = map[entityKey]bool{}
						}
						named[k] = true
					}
				}
				var mentions []storedMention
				if named != nil {
					mentions = x.mentions(st)
				}
				hit.Highlights = x.highlights(hit.Title, hit.Body, dm, named, mentions)
			}
			if !req.Body {
				hit.Body = ""
			}
		}
		out = append(out, hit)
	}
	return out, nil
}

// hitFields returns the stored fields of a hit, without the body and the
// mentions unless withBody, or nil when the document is gone. With the
// segments of r it reads them from the hit's segment, decoding only what
// it returns.
func hitFields(r bindex.IndexReader, segs *segments, h *search.DocumentMatch, withBody bool) (*stored, error) {
	if segs == nil || h.IndexInternalID == nil {
		d, err := r.Document(h.ID)
		if d == nil || err != nil {
			return nil, err
		}
		st := storedOf(d)
		return &st, nil
	}
	si, local := segs.locate(h.IndexInternalID.Value())
	st := &stored{}
	err := segs.ss[si].VisitDocument(local, func(field string, typ byte, value []byte, pos []uint64) bool {
		switch {
		case (field == FieldBody || field == FieldMentions) && !withBody:
		case typ == 't':
			st.addText(field, string(value))
		case typ == 'd' && field == FieldPublished:
			if t, _, err := document.NewDateTimeFieldFromBytes(field, pos, value).DateTime(); err == nil {
				st.published = t
			}
		}
		return true
	})
	return st, err
}

// Highlight fragments: the title whole, the body in one fragment of about
// highlightSize bytes around the most marks.
const highlightSize = 200

// mentions returns the entity mentions of a hit: those stored in its
// FieldMentions, or, for a document indexed without them, those the
// extractor finds in its title and body.
func (x *Index) mentions(st *stored) []storedMention {
	if st.mentions != "" {
		return parseMentions(st.mentions)
	}
	text := st.title
	if st.body != "" {
		text += "\n\n" + st.body
	}
	var out []storedMention
	for _, m := range x.extract(text) {
		id := m.ID
		if m.Type == entity.Person {
			id = PersonID(id)
		}
		out = append(out, storedMention{entityKey{m.Type, id}, m.Start, m.End})
	}
	return out
}

// highlights returns the fragments of a hit's title and body with what the
// query matched marked: the locations of its words and phrases in d, and
// the hit's own mentions of the entities the query named, however the hit
// writes them ("South Korea" for "Hàn Quốc").
func (x *Index) highlights(title, body string, d *search.DocumentMatch, named map[entityKey]bool, mentions []storedMention) map[string][]string {
	marks := map[string][]span{}
	for _, f := range [2]textFields{titleFields, x.body} {
		for _, locs := range d.Locations[f.folded] {
			for _, l := range locs {
				if l.Pos >= f.base {
					marks[f.stored] = append(marks[f.stored], span{int(l.Start), int(l.End)})
				}
			}
		}
	}
	for _, m := range mentions {
		if !named[m.key] {
			continue
		}
		switch {
		case m.end <= len(title):
			marks[FieldTitle] = append(marks[FieldTitle], span{m.start, m.end})
		case m.start >= len(title)+2 && m.end <= len(title)+2+len(body):
			marks[FieldBody] = append(marks[FieldBody], span{m.start - len(title) - 2, m.end - len(title) - 2})
		}
	}
	out := map[string][]string{}
	if fs := fragments(title, marks[FieldTitle], max(len(title), highlightSize), 1); len(fs) > 0 {
		out["title"] = fs
	}
	if fs := fragments(body, marks[FieldBody], highlightSize, 1); len(fs) > 0 {
		out["body"] = fs
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// wordPairs returns the distinct folded words of text and their distinct
// adjacent pairs.
func wordPairs(text string) (terms []string, pairs [][2]string) {
	if text == "" {
		return nil, nil
	}
	toks := (&sharedText{text: text}).get(true)
	seen := map[string]bool{}
	seenPair := map[[2]string]bool{}
	for i, t := range toks {
		if !seen[string(t.Term)] {
			seen[string(t.Term)] = true
			terms = append(terms, string(t.Term))
		}
		if i == 0 || t.Position != toks[i-1].Position+1 {
			continue
		}
		k := [2]string{string(toks[i-1].Term), string(t.Term)}
		if !seenPair[k] {
			seenPair[k] = true
			pairs = append(pairs, k)
		}
	}
	return terms, pairs
}

// rerank reorders the top hits by two signals that are too costly to
// compute for every match: the adjacent word pairs of the query found next
// to each other in the title or body, and the query words found in the
// title. The score of a hit is multiplied by
//
//	(1 + PairBoost × pair share) × (1 + InTitleBoost × title share)
//
// where a share is the part of the query's pairs (words) a hit has, each
// weighted by its (rarer word's) inverse document frequency, pairs also by
// the boost of their field. The positions come from the term vectors of
// the folded fields, read for these documents only; with keep, rerank
// returns them too.
func (x *Index) rerank(ctx context.Context, r bindex.IndexReader, t *Tuning, hits []*search.DocumentMatch, terms []string, pairs [][2]string, df map[fieldTerm]uint64, keep bool) ([]*search.DocumentMatch, *vectors, error) {
	if len(hits) < 2 {
		return hits, nil, nil
	}

	type doc struct {
		iid bindex.IndexInternalID
		hit int
	}
	docs := make([]doc, 0, len(hits))
	for i, h := range hits {
		iid := h.IndexInternalID // r's number for the hit, set by rank
		if iid == nil {
			var err error
			if iid, err = r.InternalID(h.ID); err != nil {
				return nil, nil, err
			}
		}
		if iid != nil {
			docs = append(docs, doc{iid, i})
		}
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].iid.Compare(docs[j].iid) < 0 })
	iids := make([]bindex.IndexInternalID, len(docs))
	for i, d := range docs {
		iids[i] = d.iid
	}
	n, err := r.DocCount()
	if err != nil {
		return nil, nil, err
	}

	termIdx := make(map[string]int, len(terms))
	for i, t := range terms {
		termIdx[t] = i
	}
	sets := [2]textFields{titleFields, x.body}
	// pos[f][t][d] are the positions of terms[t] in the text of sets[f]
	// of docs[d]
	var read *vectors
	if keep {
		read = newVectors(iids)
	}
	pos, idf, err := x.rerankPositions(ctx, r, terms, termIdx, pairs, iids, n, df, read)
	if err != nil {
		return nil, nil, err
	}

	var pairTotal, termTotal float64
	for _, pr := range pairs {
		pairTotal += pairWeight(idf[termIdx[pr[0]]], idf[termIdx[pr[1]]])
	}
	pairTotal *= t.TitleBoost + boostBody
	for _, w := range idf {
		termTotal += w
	}
	out := make([]*search.DocumentMatch, len(hits))
	copy(out, hits)
	for di, d := range docs {
		var pairSum, titleSum float64
		for ti := range terms {
			if len(pos[0][ti][di]) > 0 {
				titleSum += idf[ti]
			}
		}
		for fi, f := range sets {
			if pos[fi] == nil {
				continue
			}
			for _, pr := range pairs {
				a, b := termIdx[pr[0]], termIdx[pr[1]]
				if c := adjacent(pos[fi][a][di], pos[fi][b][di]); c > 0 {
					pairSum += fieldBoost(t, f) * pairWeight(idf[a], idf[b]) * satur(c)
				}
			}
		}
		m := 1.0
		if pairTotal > 0 {
			m *= 1 + t.PairBoost*pairSum/pairTotal
		}
		if termTotal > 0 {
			m *= 1 + t.InTitleBoost*titleSum/termTotal
		}
		out[d.hit].Score *= m
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	return out, read, nil
}

// rerankPositions returns, for the rerank, the positions of each of
// terms in each of docs: pos[0] in the title, pos[1] in the body (nil
// without pairs), and the terms' inverse document frequencies in the
// folded body field (in the title without pairs). In the body a word in
// most bodies is left out: its pairs weigh little and its positions are
// many. So is a word whose every pair has such a word: its positions would
// count nothing. Where one field holds the folded title and body
// (format 2), the positions of the other words come from it, for both,
// and only those left out are read from the title's field. The term
// vectors it reads go to keep (nil: dropped); with keep, every word is
// read from FieldText in format 2.
func (x *Index) rerankPositions(ctx context.Context, r bindex.IndexReader, terms []string, termIdx map[string]int, pairs [][2]string, docs []bindex.IndexInternalID, n uint64, df map[fieldTerm]uint64, keep *vectors) (pos [2][][][]uint64, idf []float64, err error) {
	segs := snapshotSegments(r)
	inDocs := segs.holding(docs)
	type reader struct {
		*termReader
		k     fieldTerm
		count uint64
	}
	var opened []*termReader
	defer func() {
		for _, t := range opened {
			t.close()
		}
	}()
	// open opens a term for docs; its count comes from df, the top-k
	// searcher's, where that read it
	open := func(field, term string) (reader, error) {
		t, err := x.openTerm(ctx, r, segs, field, term, inDocs)
		if err != nil {
			return reader{}, err
		}
		opened = append(opened, t)
		k := fieldTerm{field, term}
		count, known := df[k]
		if !known {
			count, err = t.count()
		}
		return reader{t, k, count}, err
	}
	// read calls add with the positions of the reader's term in each of
	// docs
	read := func(rd reader, add func(di int, p uint64)) error {
		keep.start(rd.k)
		return rd.each(ctx, docs, func(di int, ls []loc) {
			keep.set(rd.k, di, ls)
			for _, l := range ls {
				add(di, l.pos)
			}
		})
	}
	idf = make([]float64, len(terms))
	for f := range pos {
		if f == 1 && len(pairs) == 0 {
			break
		}
		pos[f] = make([][][]uint64, len(terms))
		for ti := range terms {
			pos[f][ti] = make([][]uint64, len(docs))
		}
	}
	inTitle := func(ti int) func(int, uint64) {
		return func(di int, p uint64) {
			if p >= titleFields.base {
				pos[0][ti][di] = append(pos[0][ti][di], p)
			}
		}
	}
	if len(pairs) == 0 {
		for ti, t := range terms {
			tfr, err := open(titleFields.folded, t)
			if err != nil {
				return pos, nil, err
			}
			idf[ti] = math.Log(1 + float64(n)/float64(tfr.count+1))
			if err := read(tfr, inTitle(ti)); err != nil {
				return pos, nil, err
			}
		}
		return pos, idf, nil
	}

	body := make([]reader, len(terms))
	for ti, t := range terms {
		if body[ti], err = open(x.body.folded, t); err != nil {
			return pos, nil, err
		}
		idf[ti] = math.Log(1 + float64(n)/float64(body[ti].count+1))
	}
	inBody := make([]bool, len(terms))
	for _, pr := range pairs {
		a, b := termIdx[pr[0]], termIdx[pr[1]]
		if idf[a] >= minPairIDF && idf[b] >= minPairIDF {
			inBody[a], inBody[b] = true, true
		}
	}
	joined := x.joined()
	for ti, t := range terms {
		// for the highlights every word's vectors are kept, and FieldText
		// has both title and body
		if inBody[ti] || (joined && keep != nil) {
			err := read(body[ti], func(di int, p uint64) {
				switch {
				case p < x.body.base:
					if joined {
						pos[0][ti][di] = append(pos[0][ti][di], p)
					}
				case inBody[ti]:
					pos[1][ti][di] = append(pos[1][ti][di], p)
				}
			})
			if err != nil {
				return pos, nil, err
			}
			if joined {
				continue
			}
		}
		tfr, err := open(titleFields.folded, t)
		if err != nil {
			return pos, nil, err
		}
		if err := read(tfr, inTitle(ti)); err != nil {
			return pos, nil, err
		}
	}
	return pos, idf, nil
}

// adjacent returns how often a position in a is right before one in b.
func adjacent(a, b []uint64) int {
	n := 0
	for _, pa := range a {
		for _, pb := range b {
			if pb == pa+1 {
				n++
			}
		}
	}
	return n
}

// pairWeight is the weight of a word pair: the inverse document frequency
// of its rarer word.
func pairWeight(a, b float64) float64 { return min(a, b) }

// satur is the weight of a pair seen c times: it grows and saturates like
// the term frequency of BM25 (k1 = 1.2).
func satur(c int) float64 { return float64(c) * 2.2 / (float64(c) + 1.2) }

// joined reports whether FieldText holds the folded title before the
// body (format 2), so that a title's positions and locations are those
// of FieldText before bodyBase.
func (x *Index) joined() bool { return x.body.folded == FieldText && x.body.base > 0 }

// textFieldsOf returns the fields of the title or the body (FieldTitle,
// FieldBody).
func (x *Index) textFieldsOf(field string) textFields {
	if field == FieldTitle {
		return titleFields
	}
	return x.body
}

// cursor is a position in a ranking: an offset inside the rerank window,
// or the sort key (score, ID) of the last hit of a page past it.
type cursor struct {
	offset int
	score  float64
	id     string
}

// encodeCursor and decodeCursor turn a cursor into an opaque string and
// back.
func encodeCursor(c cursor) string {
	var b []byte
	if c.id == "" {
		b = append([]byte("o"), strconv.Itoa(c.offset)...)
	} else {
		b = append([]byte("k"), strconv.FormatUint(math.Float64bits(c.score), 16)...)
		b = append(b, ':')
		b = append(b, c.id...)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 2 {
		return cursor{}, false
	}
	switch b[0] {
	case 'o':
		n, err := strconv.Atoi(string(b[1:]))
		if err != nil || n < 0 || n >= RerankWindow {
			return cursor{}, false
		}
		return cursor{offset: n}, true
	case 'k':
		bits, id, found := strings.Cut(string(b[1:]), ":")
		if !found || id == "" {
			return cursor{}, false
		}
		u, err := strconv.ParseUint(bits, 16, 64)
		if err != nil {
			return cursor{}, false
		}
		score := math.Float64frombits(u)
		if math.IsNaN(score) || math.IsInf(score, 0) {
			return cursor{}, false
		}
		return cursor{score: score, id: id}, true
	}
	return cursor{}, false
}
