package vnsearch_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/index"
	"github.com/vnsearch/vnsearch/internal/dataset"
	"github.com/vnsearch/vnsearch/internal/eval"
)

// querySet is one group of judged queries of a set, as the benchmark
// reports them: accented Vietnamese, the same without diacritics, English.
type querySet struct {
	name    string
	queries []eval.Judged
	// accented holds, for a group of queries typed without diacritics,
	// the queries they were folded from, in order
	accented []eval.Judged
}

// folded returns the group name of qs typed without diacritics.
func folded(name string, qs []eval.Judged) querySet {
	return querySet{name: name, queries: eval.Fold(qs), accented: qs}
}

// judgedSet is a document collection with its query groups.
type judgedSet struct {
	name   string
	docs   []eval.Doc
	groups []querySet
}

// ownSet is the project's judged set: the quickstart news items and the
// queries of testdata/queries.jsonl.
func ownSet(tb testing.TB) judgedSet {
	var docs []eval.Doc
	err := dataset.ReadJSONL("examples/quickstart/news.jsonl", func(_ int, raw []byte) error {
		var d index.Document
		if err := json.Unmarshal(raw, &d); err != nil {
			return err
		}
		docs = append(docs, eval.Doc{ID: d.ID, Title: d.Title, Body: d.Body, Lang: d.Lang, Published: d.Published})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	var vi, en []eval.Judged
	err = dataset.ReadJSONL("testdata/queries.jsonl", func(_ int, raw []byte) error {
		var q struct {
			Lang string
			eval.Judged
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			return err
		}
		if q.Lang == "en" {
			en = append(en, q.Judged)
		} else {
			vi = append(vi, q.Judged)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return judgedSet{"own", docs, []querySet{{"vi-accented", vi, nil}, folded("vi-unaccented", vi), {"en", en, nil}}}
}

// sharedSets are the judged sets of the shared data folder, when present.
func sharedSets(tb testing.TB) []judgedSet {
	var sets []judgedSet
	for _, lang := range []string{"vi", "en"} {
		s, ok, err := eval.XQuAD(lang)
		if err != nil {
			tb.Fatal(err)
		}
		if !ok {
			continue
		}
		groups := []querySet{{"en", s.Queries, nil}}
		if lang == "vi" {
			groups = []querySet{{"vi-accented", s.Queries, nil}, folded("vi-unaccented", s.Queries)}
		}
		sets = append(sets, judgedSet{s.Name, s.Docs, groups})
	}
	s, ok, err := eval.DantriTitles(0)
	if err != nil {
		tb.Fatal(err)
	}
	if ok {
		// Every article is indexed; a sample of the titles keeps a run of
		// the whole sweep to minutes (long titles are slow queries).
		qs := eval.Sample(s.Queries, dantriQueries)
		sets = append(sets, judgedSet{s.Name, s.Docs, []querySet{
			{"vi-accented", qs, nil}, folded("vi-unaccented", qs),
		}})
	}
	return sets
}

// dantriQueries is how many Dân Trí titles the benchmark asks.
const dantriQueries = 300

// variant is one configuration of vnsearch that the benchmark measures.
type variant struct {
	name    string
	scoring string // index.ScoringBM25 or index.ScoringTFIDF
	tune    func(*index.Tuning)
	restore bool // with restoration learned from the set's documents (Config.Learn)
}

// defaultScoring is the scoring model of an index made with the defaults.
var defaultScoring = index.DefaultConfig().Scoring

// variants are the settings the relevance benchmark sweeps: the default,
// then one knob at a time.
var variants = []variant{
	{name: "default", scoring: defaultScoring},
	{name: "scoring=bm25", scoring: index.ScoringBM25},
	{name: "scoring=tfidf", scoring: index.ScoringTFIDF},
	{name: "exact=0", scoring: defaultScoring, tune: func(t *index.Tuning) { t.ExactBoost = 0 }},
	{name: "exact=3", scoring: defaultScoring, tune: func(t *index.Tuning) { t.ExactBoost = 3 }},
	{name: "title=1", scoring: defaultScoring, tune: func(t *index.Tuning) { t.TitleBoost = 1 }},
	{name: "title=4", scoring: defaultScoring, tune: func(t *index.Tuning) { t.TitleBoost = 4 }},
	{name: "phrase=0", scoring: defaultScoring, tune: func(t *index.Tuning) { t.PhraseBoost = 0 }},
	{name: "phrase=4", scoring: defaultScoring, tune: func(t *index.Tuning) { t.PhraseBoost = 4 }},
	{name: "pairs=0", scoring: defaultScoring, tune: func(t *index.Tuning) { t.PairBoost = 0 }},
	{name: "leadpairs=0", scoring: defaultScoring, tune: func(t *index.Tuning) { t.LeadPairBoost = 0 }},
	{name: "entity=0", scoring: defaultScoring, tune: func(t *index.Tuning) { t.EntityBoost = 0 }},
	{name: "restore", scoring: defaultScoring, restore: true},
}

// indexes builds each vnsearch index (one per scoring model) and the plain
// bleve baseline of a set once, for all the sub-benchmarks that read them.
type indexes struct {
	once     sync.Once
	err      error
	byMod    map[string]*index.Index
	restored *index.Index // default scoring, learning restoration
	plain    *eval.Plain
}

func (x *indexes) build(docs []eval.Doc) error {
	x.once.Do(func() {
		x.byMod = map[string]*index.Index{}
		for _, model := range []string{index.ScoringBM25, index.ScoringTFIDF} {
			idx, err := index.NewMemory(index.WithScoring(model))
			if err != nil {
				x.err = err
				return
			}
			if err := addAll(idx, docs); err != nil {
				x.err = err
				return
			}
			x.byMod[model] = idx
		}
		// the index learns its restorer from the documents
		if x.restored, x.err = index.NewMemory(index.WithLearning()); x.err != nil {
			return
		}
		if x.err = addAll(x.restored, docs); x.err != nil {
			return
		}
		if x.plain, x.err = eval.NewPlain(""); x.err == nil {
			x.err = x.plain.Add(docs, 500)
		}
	})
	return x.err
}

func (x *indexes) close() {
	for _, idx := range x.byMod {
		idx.Close()
	}
	if x.restored != nil {
		x.restored.Close()
	}
	if x.plain != nil {
		x.plain.Close()
	}
}

func addAll(idx *index.Index, docs []eval.Doc) error {
	for i := 0; i < len(docs); i += 500 {
		var batch []index.Document
		for _, d := range docs[i:min(i+500, len(docs))] {
			batch = append(batch, index.Document{ID: d.ID, Title: d.Title, Body: d.Body, Lang: d.Lang, URL: d.URL, Published: d.Published})
		}
		if err := idx.Add(context.Background(), batch...); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkRelevance reports nDCG@10, MRR@10 and recall@10 of vnsearch,
// under each setting of variants, and of plain bleve, on the project's
// judged set and on the shared ones when present. Run it once:
//
//	go test -run '^$' -bench Relevance -benchtime 1x .
//
// The time per operation is the time to run all queries of a group.
func BenchmarkRelevance(b *testing.B) {
	sets := append([]judgedSet{ownSet(b)}, sharedSets(b)...)
	for _, set := range sets {
		var x indexes
		b.Run(set.name, func(b *testing.B) {
			if err := x.build(set.docs); err != nil {
				b.Fatal(err)
			}
			for _, g := range set.groups {
				b.Run("plain-bleve/"+g.name, func(b *testing.B) {
					report(b, g.queries, func(q string) ([]string, error) { return x.plain.Search(q, 10) })
				})
				for _, v := range variants {
					tuning := index.DefaultTuning()
					if v.tune != nil {
						v.tune(&tuning)
					}
					idx := x.byMod[v.scoring]
					if v.restore {
						idx = x.restored
					}
					b.Run(v.name+"/"+g.name, func(b *testing.B) {
						report(b, g.queries, func(q string) ([]string, error) {
							return searchIDs(idx, index.Request{Query: q, Size: 10, Tuning: &tuning})
						})
						if v.restore && g.accented != nil {
							reportReadings(b, idx, g)
						}
					})
				}
			}
		})
		x.close()
	}
}

// reportReadings reports how often the reading of an unaccented query
// (Result.Reading) is the query as it was written, its words in lower
// case ("reading-exact"), how often the reading has every word of the
// query ("reading-whole"), and the share of the words those readings give
// right ("reading-words"), over the queries written with diacritics. The
// XQuAD questions and the project's queries are not in the documents the
// index learned from; the Dân Trí titles are, as the titles of an archive
// are in its index.
func reportReadings(b *testing.B, idx *index.Index, g querySet) {
	exact := analyze.NewExactAnalyzer()
	var n, right, aligned, nw, rightw int
	for i, q := range g.queries {
		var words []string
		for _, t := range exact.Analyze([]byte(g.accented[i].Query)) {
			words = append(words, string(t.Term))
		}
		want := strings.Join(words, " ")
		if !analyze.HasDiacritics(want) {
			continue
		}
		res, err := idx.Search(context.Background(), index.Request{Query: q.Query, Size: 1})
		if err != nil {
			b.Fatal(err)
		}
		n++
		if res.Reading == want {
			right++
		}
		// a query of operators or field names has a reading of its plain
		// words only, which reading-words leaves out
		if got := strings.Fields(res.Reading); len(got) == len(words) {
			aligned++
			for j, w := range words {
				nw++
				if got[j] == w {
					rightw++
				}
			}
		}
	}
	if n > 0 {
		b.ReportMetric(float64(right)/float64(n), "reading-exact")
		b.ReportMetric(float64(aligned)/float64(n), "reading-whole")
	}
	if nw > 0 {
		b.ReportMetric(float64(rightw)/float64(nw), "reading-words")
	}
}

// report runs the queries b.N times and reports their measures.
func report(b *testing.B, qs []eval.Judged, search func(string) ([]string, error)) {
	var m eval.Metrics
	for b.Loop() {
		var err error
		if m, err = eval.Evaluate(qs, 10, search); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(m.NDCG, "nDCG@10")
	b.ReportMetric(m.MRR, "MRR@10")
	b.ReportMetric(m.Recall, "recall@10")
}

func searchIDs(idx *index.Index, req index.Request) ([]string, error) {
	res, err := idx.Search(context.Background(), req)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}
