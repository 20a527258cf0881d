// Package eval measures retrieval quality: nDCG@k, MRR@k and recall@k over
// judged queries, the judged sets the project measures on, and the plain
// bleve baseline that vnsearch is compared with.
package eval

import (
	"math"

	"github.com/vnsearch/vnsearch/analyze"
)

// Judged is a query with the IDs of its relevant documents (binary
// relevance: every other document counts as not relevant).
type Judged struct {
	Query    string   `json:"query"`
	Relevant []string `json:"relevant"`
}

// Metrics are averages over queries of the three measures at one depth k.
type Metrics struct {
	NDCG   float64 // normalized discounted cumulative gain
	MRR    float64 // reciprocal rank of the first relevant hit
	Recall float64 // share of the relevant documents found
}

// Evaluate runs every query through search, which returns ranked document
// IDs, and averages the measures over the top k of each ranking. It stops
// at the first error of search.
func Evaluate(qs []Judged, k int, search func(query string) ([]string, error)) (Metrics, error) {
	var sum Metrics
	for _, q := range qs {
		got, err := search(q.Query)
		if err != nil {
			return Metrics{}, err
		}
		m := Score(q.Relevant, got, k)
		sum.NDCG += m.NDCG
		sum.MRR += m.MRR
		sum.Recall += m.Recall
	}
	n := float64(max(len(qs), 1))
	return Metrics{sum.NDCG / n, sum.MRR / n, sum.Recall / n}, nil
}

// Score returns the measures of one ranking at depth k.
func Score(relevant, ranked []string, k int) Metrics {
	rel := make(map[string]bool, len(relevant))
	for _, id := range relevant {
		rel[id] = true
	}
	if len(rel) == 0 {
		return Metrics{}
	}
	var m Metrics
	var dcg, idcg float64
	found := 0
	for i, id := range ranked[:min(k, len(ranked))] {
		if !rel[id] {
			continue
		}
		dcg += 1 / math.Log2(float64(i+2))
		found++
		if m.MRR == 0 {
			m.MRR = 1 / float64(i+1)
		}
	}
	for i := range min(k, len(rel)) {
		idcg += 1 / math.Log2(float64(i+2))
	}
	m.NDCG = dcg / idcg
	m.Recall = float64(found) / float64(len(rel))
	return m
}

// Fold returns qs with the diacritics of every query removed: the same
// questions as typed without accents.
func Fold(qs []Judged) []Judged {
	out := make([]Judged, len(qs))
	for i, q := range qs {
		out[i] = Judged{Query: analyze.Fold(q.Query), Relevant: q.Relevant}
	}
	return out
}

// Sample returns n of qs, evenly spaced, or qs itself when it has no more
// than n.
func Sample(qs []Judged, n int) []Judged {
	if n <= 0 || len(qs) <= n {
		return qs
	}
	out := make([]Judged, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, qs[i*len(qs)/n])
	}
	return out
}
