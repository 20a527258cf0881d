package index

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// This file holds the top-k searcher: it finds the k best-scoring
// documents of a bleve query with the scores bleve gives them, without
// scoring every document that matches.
//
// The query tree is compiled into nodes over leaves. A term leaf reads
// its postings decoded from the search cache (topk_dense.go) or from the
// segments that hold the term (topk_postings.go), or, outside a scorch
// snapshot, with a bleve TermFieldReader, and scores a posting as
// bleve's tf-idf does (boost·idf²·sqrt(tf)·norm·queryNorm); any other
// clause (phrase, prefix, fuzzy, date range, match all) is a leaf driven
// by its own bleve searcher. Compound nodes score as bleve's do: a
// disjunction sums its matching children times the share of its children
// that match, a conjunction sums them, a boolean adds its optional part to
// its required part.
//
// Pruning is MaxScore (Turtle and Flood, 1995). Every leaf has an upper
// bound on its score; a term's is boost·idf²·queryNorm, since tf ≤ the
// field length and norm = 1/sqrt(field length). The tree's score is
// monotone in the set of leaves that match and in their scores, so the
// score of a document that matches only a set S of leaves is at most the
// tree evaluated with S at their bounds. Once k documents are held, the
// leaves whose bounds together cannot reach the k-th score are
// non-essential: the documents are enumerated from the postings of the
// other leaves only, and the non-essential ones are advanced to those
// documents. A leaf that every match must have (a required clause, a
// filter) can drive the enumeration on its own. Ties at the k-th score are
// all kept and resolved by document ID at the end, so the top k is the one
// exhaustive scoring sorts by score and then ID.

// errTooManyTies is returned by topK when more documents tie at the k-th
// score than it keeps; the caller searches exhaustively instead.
var errTooManyTies = errors.New("index: too many documents tie at the last score")

// errTooManyLeaves is returned by compileTopK for a query of more than
// maxLeaves leaves; the caller searches exhaustively instead.
var errTooManyLeaves = errors.New("index: too many clauses for the top-k searcher")

// maxLeaves bounds the leaves of a query that compileTopK compiles. The
// work of choosing the essential leaves grows with the square of their
// number, and a long query (a pasted paragraph, MaxQueryBytes of one
// word) gains little from pruning: its bounds add up to far more than
// the k-th score. 256 leaves is a query of about 60 words.
const maxLeaves = 256

// maxTies bounds the documents topK keeps beyond k because they tie with
// the k-th: a query that gives every document the same score (a filter
// alone) is better served by bleve's own collector.
const maxTies = 4096

// nodeOp is the kind of a node.
type nodeOp uint8

const (
	opLeaf nodeOp = iota
	opOr          // bleve disjunction
	opAnd         // bleve conjunction
	opBool        // bleve boolean: must, should, must not
	opNone        // bleve's match-none searcher: matches nothing
)

type node struct {
	op           nodeOp
	leaf         int     // opLeaf: index into topk.leaves
	kids         []*node // opOr, opAnd
	min          int     // opOr: the fewest children that must match
	must, should *node   // opBool; either may be nil
	not          int     // opBool: leaf whose documents are excluded, or -1

	// the node's score and match as of the last evalAll or update
	// (settle)
	parent *node
	v      float64
	ok     bool
}

// leafRole says how a leaf takes part in a match.
type leafRole uint8

const (
	roleScore   leafRole = iota // scores
	roleFilter                  // required, scores nothing
	roleExclude                 // excludes the documents it matches
)

// leaf is one posting stream: a term's postings or a bleve searcher.
type leaf struct {
	role leafRole

	// a term's postings
	term     string
	field    string
	tfr      bindex.TermFieldReader // without block bounds (not a scorch snapshot)
	tfd      bindex.TermFieldDoc
	seg      *segCursor // with block bounds, unless dense holds every posting
	boostIDF float64    // boost·idf, whose square is the weight
	idf      float64
	qw       float64 // boost·idf·queryNorm

	// any other clause
	s    search.Searcher
	sctx *search.SearchContext
	dm   *search.DocumentMatch

	ub    float64 // upper bound of the score
	scale float64 // term: ub = scale × sqrt(tf)·norm bound
	maxTF float64 // term: the largest sqrt(tf)·norm, or its bound 1
	// term: block bounds per segment (topk_bounds.go), nil without them
	bounds []*termBounds
	// term: its decoded postings (topk_dense.go), read instead of tfr
	dense *denseCursor
	cost  uint64  // number of documents, or an estimate
	doc   uint64  // current document number, noMore when done
	score float64 // score at doc

	essential bool
}

const noMore = math.MaxUint64

// next moves l to its next document.
func (l *leaf) next() error {
	if l.dense != nil {
		d, v, ok := l.dense.next()
		l.setDense(d, v, ok)
		return nil
	}
	if l.seg != nil {
		d, err := l.seg.next()
		return l.setPosting(d, err)
	}
	if l.tfr != nil {
		d, err := l.tfr.Next(&l.tfd)
		return l.setTerm(d, err)
	}
	if l.dm != nil {
		l.sctx.DocumentMatchPool.Put(l.dm)
	}
	dm, err := l.s.Next(l.sctx)
	return l.setMatch(dm, err)
}

// advance moves l to its first document at or after id.
func (l *leaf) advance(buf bindex.IndexInternalID) error {
	if l.dense != nil {
		d, v, ok := l.dense.advance(buf.Value())
		l.setDense(d, v, ok)
		return nil
	}
	if l.seg != nil {
		d, err := l.seg.advance(buf.Value())
		return l.setPosting(d, err)
	}
	if l.tfr != nil {
		d, err := l.tfr.Advance(buf, &l.tfd)
		return l.setTerm(d, err)
	}
	if l.dm != nil {
		l.sctx.DocumentMatchPool.Put(l.dm)
	}
	dm, err := l.s.Advance(l.sctx, buf)
	return l.setMatch(dm, err)
}

func (l *leaf) setTerm(d *bindex.TermFieldDoc, err error) error {
	if err != nil {
		return err
	}
	if d == nil {
		l.doc = noMore
		return nil
	}
	l.doc = d.ID.Value()
	if l.role == roleScore {
		// the order of bleve's TermQueryScorer, so that scores are equal
		l.score = math.Sqrt(float64(d.Freq)) * d.Norm * l.idf * l.qw
	}
	return nil
}

// setPosting sets l at document d, the current one of l.seg.
func (l *leaf) setPosting(d uint64, err error) error {
	if err != nil {
		return err
	}
	l.doc = d
	if d != noMore && l.role == roleScore {
		p := l.seg.p // as setTerm
		l.score = math.Sqrt(float64(p.Frequency())) * p.Norm() * l.idf * l.qw
	}
	return nil
}

// setDense sets l at document d, whose sqrt(tf)·norm is v, or at its end.
func (l *leaf) setDense(d uint64, v float64, ok bool) {
	if !ok {
		l.doc = noMore
		return
	}
	l.doc = d
	if l.role == roleScore {
		l.score = v * l.idf * l.qw // as setTerm
	}
}

func (l *leaf) setMatch(dm *search.DocumentMatch, err error) error {
	l.dm = dm
	if err != nil {
		return err
	}
	if dm == nil {
		l.doc = noMore
		return nil
	}
	l.doc = dm.IndexInternalID.Value()
	l.score = dm.Score
	return nil
}

func (l *leaf) close() error {
	switch {
	case l.tfr != nil:
		return l.tfr.Close()
	case l.s != nil:
		return l.s.Close()
	}
	return nil
}

// isTerm reports whether l is a term's postings, read from its decoded
// postings, a segCursor or its TermFieldReader.
func (l *leaf) isTerm() bool { return l.s == nil }

// topk is a compiled query.
type topk struct {
	ctx    context.Context
	r      bindex.IndexReader
	m      mapping.IndexMapping
	q      query.Query
	cache  *boundCache
	segs   *segments // nil without block bounds
	root   *node
	leaves []*leaf
	n      uint64 // documents in the index

	// evaluation state, by leaf
	leafNode []*node
	exclude  bool // settle applies exclusions (evalAll)
	hit      []bool
	val      []float64
	required []bool // no document matches without the leaf
	ess      []int  // the essential leaves
	neOrder  []int  // the other scoring leaves, highest bound first
	lossless bool   // every matching document was scored
	buf      bindex.IndexInternalID
}

// compileTopK compiles q, a query of a tf-idf index, for run on r. A
// query of more than maxLeaves leaves is errTooManyLeaves. The caller
// closes the result.
func compileTopK(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, cache *boundCache, q query.Query) (*topk, error) {
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	t := &topk{ctx: ctx, r: r, m: m, q: q, n: n, cache: cache}
	if cache != nil {
		t.segs = snapshotSegments(r)
	}
	c := &compiler{ctx: ctx, r: r, m: m, t: t}
	if t.root, err = c.compile(q, roleScore); err != nil {
		t.close()
		return nil, err
	}
	t.leafNode = make([]*node, len(t.leaves))
	t.link(t.root, nil)
	// the query norm of bleve's outermost compound searcher
	var sum float64
	for _, l := range t.leaves {
		if l.role != roleScore {
			continue
		}
		if l.isTerm() {
			sum += l.boostIDF * l.boostIDF
		} else {
			sum += l.s.Weight()
		}
	}
	qn := 1.0
	if sum > 0 {
		qn = 1 / math.Sqrt(sum)
	}
	for _, l := range t.leaves {
		switch {
		case l.role != roleScore:
		case l.isTerm():
			l.qw = l.boostIDF * qn
			// the margin covers the rounding of the score
			l.scale = l.idf * l.qw * (1 + 1e-6)
			l.ub = l.scale * l.maxTF
		default:
			l.s.SetQueryNorm(qn)
			l.ub = math.Inf(1)
		}
	}
	t.hit = make([]bool, len(t.leaves))
	t.val = make([]float64, len(t.leaves))
	t.lossless = true
	return t, nil
}

func (t *topk) close() error {
	var err error
	for _, l := range t.leaves {
		if e := l.close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

type compiler struct {
	ctx context.Context
	r   bindex.IndexReader
	m   mapping.IndexMapping
	t   *topk
}

func (c *compiler) add(l *leaf) (*node, error) {
	c.t.leaves = append(c.t.leaves, l)
	if len(c.t.leaves) > maxLeaves {
		return nil, errTooManyLeaves
	}
	return &node{op: opLeaf, leaf: len(c.t.leaves) - 1, not: -1}, nil
}

// compile turns q into a node whose leaves have the given role.
func (c *compiler) compile(q query.Query, role leafRole) (*node, error) {
	if role != roleScore {
		// unscored: bleve's own searcher, which skips scoring
		return c.searcher(q, role, search.SearcherOptions{Score: "none"})
	}
	switch q := q.(type) {
	case *query.TermQuery:
		return c.term(q.Term, c.field(q.FieldVal), q.Boost())
	case *query.MatchQuery:
		if q.Fuzziness != 0 || q.Operator != query.MatchQueryOperatorOr {
			break
		}
		field := c.field(q.FieldVal)
		name := q.Analyzer
		if name == "" {
			name = c.m.AnalyzerNameForPath(field)
		}
		a := c.m.AnalyzerNamed(name)
		if a == nil {
			return nil, fmt.Errorf("no analyzer named %q registered", name)
		}
		toks := a.Analyze([]byte(q.Match))
		if len(toks) == 0 {
			return &node{op: opNone, not: -1}, nil
		}
		or := &node{op: opOr, min: 1, not: -1}
		for _, tok := range toks {
			k, err := c.term(string(tok.Term), field, q.Boost())
			if err != nil {
				return nil, err
			}
			or.kids = append(or.kids, k)
		}
		return or, nil
	case *query.DisjunctionQuery:
		return c.compound(opOr, q.Disjuncts, int(q.Min))
	case *query.ConjunctionQuery:
		return c.compound(opAnd, q.Conjuncts, 0)
	case *query.BooleanQuery:
		return c.boolean(q)
	}
	return c.searcher(q, role, search.SearcherOptions{})
}

func (c *compiler) field(f string) string {
	if f == "" {
		return c.m.DefaultSearchField()
	}
	return f
}

func (c *compiler) term(term, field string, boost float64) (*node, error) {
	// a query of many terms (expanded prefixes) spends long here before
	// the search loop looks at the context
	if err := c.ctx.Err(); err != nil {
		return nil, err
	}
	if len(c.t.leaves) >= maxLeaves {
		return nil, errTooManyLeaves // before any reading
	}
	l := &leaf{role: roleScore, term: term, field: field, maxTF: 1}
	var df uint64
	if c.t.segs != nil {
		var err error
		if l.bounds, err = c.t.cache.bounds(c.t.segs, field, term); err != nil {
			return nil, err
		}
		// sqrt(tf)·norm ≤ 1 since tf ≤ the field length and norm is
		// 1/sqrt(field length); the block bounds are tighter
		l.maxTF = 0
		for _, b := range l.bounds {
			l.maxTF = max(l.maxTF, float64(b.max))
		}
		// a term whose postings are all decoded needs no TermFieldReader,
		// and the others are opened where they are
		if l.dense = newDenseCursor(c.t.segs, l.bounds); l.dense != nil {
			if df, err = l.dense.count(field, term); err != nil {
				return nil, err
			}
		} else {
			if l.seg, err = newSegCursor(c.t.segs, l.bounds, field, term, true, false); err != nil {
				return nil, err
			}
			df = l.seg.count
		}
	} else {
		tfr, err := c.r.TermFieldReader(c.ctx, []byte(term), field, true, true, false)
		if err != nil {
			return nil, err
		}
		l.tfr, df = tfr, tfr.Count()
	}
	l.idf = 1 + math.Log(float64(c.t.n)/float64(df+1))
	l.boostIDF = boost * l.idf
	l.cost = df
	return c.add(l)
}

func (c *compiler) compound(op nodeOp, qs []query.Query, min int) (*node, error) {
	if len(qs) == 0 {
		return &node{op: opNone, not: -1}, nil
	}
	n := &node{op: op, min: min, not: -1}
	for _, q := range qs {
		k, err := c.compile(q, roleScore)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, k)
	}
	return n, nil
}

// boolean compiles a boolean query as bleve's BooleanQuery.Searcher
// builds it: a must or should part that matches nothing is dropped, and
// must not alone matches every other document.
func (c *compiler) boolean(q *query.BooleanQuery) (*node, error) {
	part := func(p query.Query) (*node, error) {
		if p == nil {
			return nil, nil
		}
		n, err := c.compile(p, roleScore)
		if err != nil || n.op == opNone {
			return nil, err
		}
		return n, nil
	}
	must, err := part(q.Must)
	if err != nil {
		return nil, err
	}
	should, err := part(q.Should)
	if err != nil {
		return nil, err
	}
	var not *node
	if q.MustNot != nil {
		if not, err = c.compile(q.MustNot, roleExclude); err != nil {
			return nil, err
		}
		if not.op == opNone {
			not = nil
		}
	}
	var filter *node
	if q.Filter != nil {
		if filter, err = c.compile(q.Filter, roleFilter); err != nil {
			return nil, err
		}
	}
	if must == nil && should == nil {
		if not == nil && filter == nil {
			return &node{op: opNone, not: -1}, nil
		}
		if must, err = c.searcher(query.NewMatchAllQuery(), roleScore, search.SearcherOptions{}); err != nil {
			return nil, err
		}
	}
	b := &node{op: opBool, must: must, should: should, not: -1}
	if not != nil {
		b.not = not.leaf
	}
	if filter == nil {
		return b, nil
	}
	return &node{op: opAnd, kids: []*node{b, filter}, not: -1}, nil
}

// searcher makes a leaf of q's bleve searcher.
func (c *compiler) searcher(q query.Query, role leafRole, opts search.SearcherOptions) (*node, error) {
	s, err := q.Searcher(c.ctx, c.r, c.m, opts)
	if err != nil {
		return nil, err
	}
	if _, ok := s.(*searcher.MatchNoneSearcher); ok {
		s.Close()
		return &node{op: opNone, not: -1}, nil
	}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	return c.add(&leaf{role: role, s: s, sctx: sctx, cost: s.Count()})
}

// The bounds of pruning evaluate the tree once per leaf they change, so
// the tree keeps the score of every node and, when a leaf changes, settles
// only the nodes above it: a query of L leaves costs L times its depth
// instead of L². Scoring a document settles the whole tree (evalAll), by
// the same arithmetic in the same order, so bounds and scores agree to
// the bit.

// link sets the parents of n's subtree, n's to parent, and leafNode.
func (t *topk) link(n, parent *node) {
	n.parent = parent
	switch n.op {
	case opLeaf:
		t.leafNode[n.leaf] = n
	case opOr, opAnd:
		for _, k := range n.kids {
			t.link(k, n)
		}
	case opBool:
		for _, k := range []*node{n.must, n.should} {
			if k != nil {
				t.link(k, n)
			}
		}
	}
}

// settle sets n.v and n.ok from its children's, or from hit and val for a
// leaf: a disjunction sums its matching children times the share of its
// children that match, a conjunction sums them, a boolean adds its
// optional part to its required part and, while t.exclude is set, matches
// nothing where its excluded leaf matches (a bound ignores exclusions).
func (t *topk) settle(n *node) {
	switch n.op {
	case opLeaf:
		n.v, n.ok = t.val[n.leaf], t.hit[n.leaf]
	case opOr:
		var sum float64
		var m int
		for _, k := range n.kids {
			if k.ok {
				sum += k.v
				m++
			}
		}
		if m == 0 || m < n.min {
			n.v, n.ok = 0, false
		} else {
			n.v, n.ok = sum*(float64(m)/float64(len(n.kids))), true
		}
	case opAnd:
		var sum float64
		n.v, n.ok = 0, false
		for _, k := range n.kids {
			if !k.ok {
				return
			}
			sum += k.v
		}
		n.v, n.ok = sum, true
	case opBool:
		var ms, ss float64
		var sok bool
		n.v, n.ok = 0, false
		if t.exclude && n.not >= 0 && t.hit[n.not] {
			return
		}
		if n.must != nil {
			if !n.must.ok {
				return
			}
			ms = n.must.v
		}
		if n.should != nil {
			ss, sok = n.should.v, n.should.ok
		}
		switch {
		case n.must == nil && !sok:
		case n.must != nil && n.should != nil && n.should.op == opOr && n.should.min > 0 && !sok:
		case sok:
			n.v, n.ok = ms+ss, true
		default:
			n.v, n.ok = ms, true
		}
	default:
		n.v, n.ok = 0, false
	}
}

// evalAll settles every node from hit and val and returns the root's
// score and match, with the exclusions when exclude is set. update
// settles further from what it leaves, which a bound (exclude false)
// starts from.
func (t *topk) evalAll(exclude bool) (float64, bool) {
	t.exclude = exclude
	t.settleTree(t.root)
	t.exclude = false
	return t.root.v, t.root.ok
}

func (t *topk) settleTree(n *node) {
	switch n.op {
	case opOr, opAnd:
		for _, k := range n.kids {
			t.settleTree(k)
		}
	case opBool:
		for _, k := range []*node{n.must, n.should} {
			if k != nil {
				t.settleTree(k)
			}
		}
	}
	t.settle(n)
}

// update settles the nodes above leaf i after hit[i] or val[i] changed,
// the tree having been settled before, and returns the root's score and
// match.
func (t *topk) update(i int) (float64, bool) {
	for n := t.leafNode[i]; n != nil; n = n.parent {
		v, ok := n.v, n.ok
		t.settle(n)
		if n.v == v && n.ok == ok {
			break
		}
	}
	return t.root.v, t.root.ok
}

// setBound sets leaf i as bound does: matching when in, at its bound.
func (t *topk) setBound(i int, in bool) {
	l := t.leaves[i]
	t.hit[i] = l.role != roleExclude && in
	t.val[i] = 0
	if l.role == roleScore {
		t.val[i] = l.ub
	}
}

// bound returns the score of the tree when exactly the leaves in set
// match, at their bounds, and whether it matches then.
func (t *topk) bound(set func(i int) bool) (float64, bool) {
	for i := range t.leaves {
		t.setBound(i, set(i))
	}
	return t.evalAll(false)
}

// hitKey is a document of the top k.
type hitKey struct {
	doc   uint64
	score float64
}

// topHeap holds the best k documents with the worst on top.
type topHeap []hitKey

func (h topHeap) Len() int { return len(h) }
func (h topHeap) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	return h[i].doc > h[j].doc
}
func (h topHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *topHeap) Push(x any)   { *h = append(*h, x.(hitKey)) }
func (h *topHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// topHit is a hit of topK.
type topHit struct {
	id    string
	iid   bindex.IndexInternalID
	score float64
}

// topResult is the answer of topK.
type topResult struct {
	hits  []topHit // sorted by score, then ID
	total uint64   // the matching documents counted
	exact bool     // total counts every matching document
}

// afterKey restricts topK to the documents after (score, id) in the
// order of score, then ID: those with a lower score or the same score and
// a greater ID.
type afterKey struct {
	score float64
	id    string
}

// collector holds the best k documents offered to it, and those that tie
// with the k-th.
type collector struct {
	r     bindex.IndexReader
	k     int
	after *afterKey
	h     topHeap
	ties  []hitKey
	theta float64 // the k-th score once k are held
	total uint64  // the matches offered
}

// offer adds a matching document d. It reports whether the k-th score
// rose, or k documents are held for the first time.
func (c *collector) offer(d uint64, score float64) (bool, error) {
	c.total++
	if a := c.after; a != nil && score >= a.score {
		if score > a.score {
			return false, nil
		}
		id, err := c.r.ExternalID(bindex.NewIndexInternalID(nil, d))
		if err != nil {
			return false, err
		}
		if id <= a.id {
			return false, nil
		}
	}
	full := len(c.h) == c.k
	switch {
	case !full:
		c.h = append(c.h, hitKey{d, score})
		heap.Fix(&c.h, len(c.h)-1)
	case score > c.theta:
		// d replaces the worst, on top
		out := c.h[0]
		c.h[0] = hitKey{d, score}
		heap.Fix(&c.h, 0)
		if out.score == c.h[0].score {
			c.ties = append(c.ties, out)
		} else {
			c.ties = c.ties[:0]
		}
	case score == c.theta:
		c.ties = append(c.ties, hitKey{d, score})
	default:
		return false, nil
	}
	if len(c.ties) > maxTies {
		return false, errTooManyTies
	}
	if len(c.h) == c.k && (!full || c.h[0].score > c.theta) {
		c.theta = c.h[0].score
		return true, nil
	}
	return false, nil
}

// hits returns the documents held, at most k, sorted by score and then
// ID. Only the first named of them get their IDs, with the others of
// their scores to sort them by ID; the rest follow by score, then
// document number, without IDs.
func (c *collector) hits(named int) ([]topHit, error) {
	all := append([]hitKey(c.h), c.ties...)
	sort.Slice(all, func(i, j int) bool {
		if all[i].score != all[j].score {
			return all[i].score > all[j].score
		}
		return all[i].doc < all[j].doc
	})
	hits := make([]topHit, len(all))
	var cut int // the hits with IDs
	if named = min(named, len(all)); named > 0 {
		last := all[named-1].score
		for cut < len(all) && all[cut].score >= last {
			cut++
		}
	}
	for i, hk := range all {
		hits[i] = topHit{iid: bindex.NewIndexInternalID(nil, hk.doc), score: hk.score}
		if i < cut {
			id, err := c.r.ExternalID(hits[i].iid)
			if err != nil {
				return nil, err
			}
			hits[i].id = id
		}
	}
	sort.SliceStable(hits[:cut], func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.score != b.score {
			return a.score > b.score
		}
		return a.id < b.id
	})
	return hits[:min(c.k, len(hits))], nil
}

// run returns the best k documents, after after when it is not nil, the
// first named of them with their IDs (hits). With prune false it scores
// every match, for tests and exact totals.
func (t *topk) run(ctx context.Context, k, named int, after *afterKey, prune bool) (*topResult, error) {
	c := &collector{r: t.r, k: max(k, 1), after: after, theta: math.Inf(-1)}
	var seeds []uint64
	if prune {
		var err error
		if seeds, err = t.seed(c); err != nil {
			return nil, err
		}
	}
	for _, l := range t.leaves {
		if err := l.next(); err != nil {
			return nil, err
		}
	}
	// required[i]: no document matches without leaf i
	t.required = make([]bool, len(t.leaves))
	t.bound(func(int) bool { return true })
	for i, l := range t.leaves {
		if l.role != roleExclude {
			t.setBound(i, false)
			_, ok := t.update(i)
			t.required[i] = !ok
			t.setBound(i, true)
			t.update(i)
		}
	}
	chosen := c.theta // the k-th score the essential leaves were chosen for
	next := uint64(0) // documents before next are done
	if err := t.choose(prune && len(c.h) == c.k, c.theta, next); err != nil {
		return nil, err
	}
	for steps := 0; ; steps++ {
		if steps&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		d := uint64(noMore)
		for _, i := range t.ess {
			d = min(d, t.leaves[i].doc)
		}
		if d == noMore {
			break
		}
		next = d + 1
		for len(seeds) > 0 && seeds[0] < d {
			seeds = seeds[1:]
		}
		if len(seeds) > 0 && seeds[0] == d {
			// scored already
			if err := t.nextAt(d); err != nil {
				return nil, err
			}
			continue
		}
		if prune && len(c.h) == c.k {
			ok, err := t.refine(d, c.theta)
			if err != nil {
				return nil, err
			}
			if !ok {
				if err := t.nextAt(d); err != nil {
					return nil, err
				}
				continue
			}
		}
		score, ok, err := t.scoreAt(d)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		rose, err := c.offer(d, score)
		if err != nil {
			return nil, err
		}
		// the essential leaves for a lower score stay valid: choose again
		// once the k-th score has grown by a hundredth
		if rose && (chosen == math.Inf(-1) || c.theta > chosen+math.Abs(chosen)/100) {
			chosen = c.theta
			if err := t.choose(prune, c.theta, next); err != nil {
				return nil, err
			}
		}
	}
	res := &topResult{total: c.total, exact: t.lossless}
	var err error
	res.hits, err = c.hits(named)
	return res, err
}

// maxSeeds bounds the documents that seed scores before the enumeration:
// enough for the k-th score to be a good one, a small part of the index.
func maxSeeds(k int, n uint64) int { return min(max(4*k, 256), int(n/16)) }

// seed scores, with a twin of t, the documents of the leaves with the
// highest bounds, and returns them sorted. The k-th score that they give
// prunes the enumeration from its start, where it would otherwise score
// every document until k good ones are held.
func (t *topk) seed(c *collector) ([]uint64, error) {
	var ls []*leaf
	for _, l := range t.leaves {
		if l.role == roleScore && l.isTerm() && l.cost > 0 {
			ls = append(ls, l)
		}
	}
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].ub > ls[j].ub })
	budget := maxSeeds(c.k, t.n)
	var docs []uint64
	for _, l := range ls {
		if l.cost > uint64(budget-len(docs)) {
			continue
		}
		err := t.eachDoc(l, func(d uint64) bool {
			docs = append(docs, d)
			return len(docs) < budget
		})
		if err != nil {
			return nil, err
		}
	}
	if len(docs) == 0 {
		return nil, nil
	}
	slices.Sort(docs)
	docs = slices.Compact(docs)
	twin := t.twin()
	if twin == nil {
		var err error
		if twin, err = compileTopK(t.ctx, t.r, t.m, t.cache, t.q); err != nil {
			return nil, err
		}
	}
	defer twin.close()
	for _, l := range twin.leaves {
		if err := l.next(); err != nil {
			return nil, err
		}
	}
	// once k are held, a seed is scored only if its bound reaches the
	// k-th score, all leaves of the twin being at their block bounds
	for i, l := range twin.leaves {
		if l.role == roleScore {
			twin.neOrder = append(twin.neOrder, i)
		}
	}
	sort.SliceStable(twin.neOrder, func(a, b int) bool { return twin.leaves[twin.neOrder[a]].ub > twin.leaves[twin.neOrder[b]].ub })
	for _, d := range docs {
		if len(c.h) == c.k {
			ok, err := twin.refine(d, c.theta)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		score, ok, err := twin.scoreAt(d)
		if err != nil {
			return nil, err
		}
		if ok {
			if _, err := c.offer(d, score); err != nil {
				return nil, err
			}
		}
	}
	if !twin.lossless {
		t.lossless = false // seeds skipped by their bounds are not counted
	}
	return docs, nil
}

// twin returns a copy of t, as compileTopK would compile it again, whose
// leaves start from their first documents while t's stay where they are;
// nil when a leaf cannot start anew but compiled again (a bleve searcher,
// a TermFieldReader).
func (t *topk) twin() *topk {
	for _, l := range t.leaves {
		if l.dense == nil && l.seg == nil {
			return nil
		}
	}
	tw := &topk{ctx: t.ctx, r: t.r, m: t.m, q: t.q, cache: t.cache, segs: t.segs, n: t.n, lossless: true}
	tw.leaves = make([]*leaf, len(t.leaves))
	for i, l := range t.leaves {
		c := &leaf{role: l.role, term: l.term, field: l.field, boostIDF: l.boostIDF, idf: l.idf, qw: l.qw,
			ub: l.ub, scale: l.scale, maxTF: l.maxTF, bounds: l.bounds, cost: l.cost}
		if l.dense != nil {
			c.dense = l.dense.fresh()
		} else {
			c.seg = l.seg.fresh()
		}
		tw.leaves[i] = c
	}
	tw.root = copyNode(t.root)
	tw.leafNode = make([]*node, len(tw.leaves))
	tw.link(tw.root, nil)
	tw.hit = make([]bool, len(tw.leaves))
	tw.val = make([]float64, len(tw.leaves))
	return tw
}

// copyNode returns a copy of the tree n, without its evaluation state.
func copyNode(n *node) *node {
	if n == nil {
		return nil
	}
	c := &node{op: n.op, leaf: n.leaf, min: n.min, not: n.not, must: copyNode(n.must), should: copyNode(n.should)}
	for _, k := range n.kids {
		c.kids = append(c.kids, copyNode(k))
	}
	return c
}

// eachDoc calls f with the documents of the term leaf l, from the first,
// until f returns false, without moving l.
func (t *topk) eachDoc(l *leaf, f func(uint64) bool) error {
	if l.bounds != nil {
		c, err := newSegCursor(t.segs, l.bounds, l.field, l.term, false, false)
		for err == nil {
			var d uint64
			if d, err = c.next(); err == nil && (d == noMore || !f(d)) {
				break
			}
		}
		return err
	}
	tfr, err := t.r.TermFieldReader(t.ctx, []byte(l.term), l.field, false, false, false)
	if err != nil {
		return err
	}
	var tfd bindex.TermFieldDoc
	for {
		d, err := tfr.Next(&tfd)
		if err != nil || d == nil || !f(d.ID.Value()) {
			tfr.Close()
			return err
		}
	}
}

// choose picks the essential leaves, those whose documents are
// enumerated, for the k-th score theta (maxScore true once k documents
// are held), and moves those that were not essential to next.
func (t *topk) choose(maxScore bool, theta float64, next uint64) error {
	// the cheapest required leaf alone finds every match
	best, bestCost := -1, uint64(math.MaxUint64)
	for i, l := range t.leaves {
		if t.required[i] && l.cost < bestCost {
			best, bestCost = i, l.cost
		}
	}
	var ne []bool
	var essCost uint64
	if maxScore {
		// MaxScore: the costliest leaves whose bounds together stay
		// below theta are non-essential
		order := make([]int, 0, len(t.leaves))
		for i, l := range t.leaves {
			if l.role != roleExclude {
				order = append(order, i)
			}
		}
		sort.SliceStable(order, func(a, b int) bool { return t.leaves[order[a]].cost > t.leaves[order[b]].cost })
		ne = make([]bool, len(t.leaves))
		t.bound(func(int) bool { return false })
		for _, i := range order {
			ne[i] = true
			t.setBound(i, true)
			if s, ok := t.update(i); ok && s >= theta {
				ne[i] = false
				t.setBound(i, false)
				t.update(i)
			}
		}
		for i, l := range t.leaves {
			if l.role != roleExclude && !ne[i] {
				essCost += l.cost
			}
		}
	}
	t.ess = t.ess[:0]
	switch {
	case ne != nil && (best < 0 || essCost < bestCost):
		for i, l := range t.leaves {
			if l.role != roleExclude && !ne[i] {
				t.ess = append(t.ess, i)
			}
		}
	case best >= 0:
		t.ess = append(t.ess, best)
	default:
		for i, l := range t.leaves {
			if l.role == roleScore {
				t.ess = append(t.ess, i)
			}
		}
	}
	// every match has a scoring leaf, and every one has each required
	// leaf: otherwise documents that match only non-essential leaves
	// are not seen
	all := true
	for i, l := range t.leaves {
		ess := slices.Contains(t.ess, i)
		if ess && t.required[i] {
			all = true
			break
		}
		if l.role == roleScore && !ess {
			all = false
		}
	}
	if !all {
		t.lossless = false
	}
	t.neOrder = t.neOrder[:0]
	for i, l := range t.leaves {
		if l.role == roleScore && !slices.Contains(t.ess, i) {
			t.neOrder = append(t.neOrder, i)
		}
	}
	sort.SliceStable(t.neOrder, func(a, b int) bool { return t.leaves[t.neOrder[a]].ub > t.leaves[t.neOrder[b]].ub })
	for i, l := range t.leaves {
		was := l.essential
		l.essential = slices.Contains(t.ess, i)
		if l.essential && !was {
			if err := t.advance(l, next); err != nil {
				return err
			}
		}
	}
	return nil
}

// advance moves l to its first document at or after doc.
func (t *topk) advance(l *leaf, doc uint64) error {
	if l.doc >= doc {
		return nil
	}
	if l.isTerm() {
		t.buf = bindex.NewIndexInternalID(t.buf, doc)
		return l.advance(t.buf)
	}
	return l.advance(bindex.NewIndexInternalID(nil, doc))
}

// boundAt returns the bound of the score of document d from the
// essential leaves, as they are at d, and the others at their bounds.
func (t *topk) boundAt(d uint64) (float64, bool) {
	si, local := -1, uint64(0)
	if t.segs != nil {
		si, local = t.segs.locate(d)
	}
	for i, l := range t.leaves {
		switch {
		case l.role == roleExclude:
			t.hit[i], t.val[i] = false, 0
		case l.essential:
			t.hit[i], t.val[i] = l.doc == d, 0
			if l.role == roleScore && l.doc == d {
				t.val[i] = l.score
			}
		case l.role != roleScore:
			t.hit[i], t.val[i] = true, 0
		case l.bounds != nil:
			b := l.bounds[si].at(local)
			t.hit[i], t.val[i] = b > 0, l.scale*float64(b)
		default:
			t.hit[i], t.val[i] = true, l.ub
		}
	}
	return t.evalAll(false)
}

// refine reports whether document d may score theta or more: it bounds
// its score with the essential leaves as they are at d and the others at
// their block bounds, then moves the others to d one at a time, the
// highest bound first, until the bound falls below theta or they are all
// at d.
func (t *topk) refine(d uint64, theta float64) (bool, error) {
	s, ok := t.boundAt(d)
	if !ok {
		return false, nil // no match, whatever the others hold
	}
	for _, i := range t.neOrder {
		if s < theta {
			break
		}
		l := t.leaves[i]
		if !t.hit[i] {
			continue // absent from d's block
		}
		if err := t.advance(l, d); err != nil {
			return false, err
		}
		t.hit[i], t.val[i] = l.doc == d, 0
		if t.hit[i] {
			t.val[i] = l.score
		}
		if s, ok = t.update(i); !ok {
			return false, nil
		}
	}
	if s < theta {
		t.lossless = false
		return false, nil
	}
	return true, nil
}

// scoreAt moves every leaf to d and returns the score of d, whether it
// matches, and moves the essential leaves past it.
func (t *topk) scoreAt(d uint64) (float64, bool, error) {
	for i, l := range t.leaves {
		if err := t.advance(l, d); err != nil {
			return 0, false, err
		}
		t.hit[i] = l.doc == d
		t.val[i] = 0
		if l.role == roleScore && t.hit[i] {
			t.val[i] = l.score
		}
	}
	score, ok := t.evalAll(true)
	return score, ok, t.nextAt(d)
}

// nextAt moves the essential leaves that are at d past it.
func (t *topk) nextAt(d uint64) error {
	for _, i := range t.ess {
		if l := t.leaves[i]; l.doc == d {
			if err := l.next(); err != nil {
				return err
			}
		}
	}
	return nil
}
