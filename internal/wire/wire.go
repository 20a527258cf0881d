// Package wire is the JSON form of search results that the example
// programs print and serve, so that the command-line tool's -json output
// and the HTTP service's answers are one format.
package wire

import (
	"time"

	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/index"
)

// Result is the JSON form of an index.Result.
type Result struct {
	Total uint64 `json:"total"`
	// TotalRelation is "eq" when Total counts every match and "gte" when
	// it is a lower bound (index.Result.TotalExact), as in Elasticsearch.
	TotalRelation string             `json:"total_relation"`
	TookMS        float64            `json:"took_ms"`
	Hits          []Hit              `json:"hits"`
	Facets        map[string][]Facet `json:"facets,omitempty"`
	// FacetsExact is set when the facets count every match, not only the
	// best index.FacetWindow.
	FacetsExact bool   `json:"facets_exact,omitempty"`
	Next        string `json:"next,omitempty"`
	// Reading is the restored reading of a query typed without
	// diacritics (index.Result.Reading), for a "showing results for" line.
	Reading string `json:"reading,omitempty"`
}

// Hit is the JSON form of an index.Hit.
type Hit struct {
	ID         string              `json:"id"`
	Score      float64             `json:"score"`
	Title      string              `json:"title"`
	URL        string              `json:"url,omitempty"`
	Lang       string              `json:"lang,omitempty"`
	Published  *time.Time          `json:"published,omitempty"` // absent when unknown
	Entities   []Entity            `json:"entities,omitempty"`
	Highlights map[string][]string `json:"highlights,omitempty"`
}

// Entity is the JSON form of an index.Entity.
type Entity struct {
	Type entity.Type `json:"type"`
	ID   string      `json:"id"`
	Name string      `json:"name,omitempty"`
}

// Facet is the JSON form of an index.FacetValue.
type Facet struct {
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`
	Count int    `json:"count"`
}

// Entities converts index entities.
func Entities(es []index.Entity) []Entity {
	var out []Entity
	for _, e := range es {
		out = append(out, Entity{e.Type, e.ID, e.Name})
	}
	return out
}

// NewResult converts an index result.
func NewResult(res *index.Result) Result {
	out := Result{
		Total:         res.Total,
		TotalRelation: "gte",
		TookMS:        float64(res.Took.Microseconds()) / 1000,
		Hits:          make([]Hit, len(res.Hits)),
		FacetsExact:   res.FacetsExact,
		Next:          res.Next,
		Reading:       res.Reading,
	}
	if res.TotalExact {
		out.TotalRelation = "eq"
	}
	for i, h := range res.Hits {
		jh := Hit{ID: h.ID, Score: h.Score, Title: h.Title, URL: h.URL, Lang: h.Lang,
			Entities: Entities(h.Entities), Highlights: h.Highlights}
		if !h.Published.IsZero() {
			jh.Published = &h.Published
		}
		out.Hits[i] = jh
	}
	if len(res.Facets) > 0 {
		out.Facets = map[string][]Facet{}
		for t, vals := range res.Facets {
			fv := make([]Facet, len(vals))
			for i, v := range vals {
				fv[i] = Facet{v.ID, v.Name, v.Count}
			}
			out.Facets[string(t)] = fv
		}
	}
	return out
}

// Mention is the JSON form of an entity.Mention, with the display name of
// its ID.
type Mention struct {
	Type  entity.Type `json:"type"`
	ID    string      `json:"id"`
	Name  string      `json:"name,omitempty"`
	Text  string      `json:"text"`
	Start int         `json:"start"`
	End   int         `json:"end"`
}

// Mentions converts the mentions ext extracted, naming their IDs.
func Mentions(ext *entity.Extractor, ms []entity.Mention) []Mention {
	out := make([]Mention, len(ms))
	for i, m := range ms {
		out[i] = Mention{m.Type, m.ID, ext.Name(m.Type, m.ID), m.Text, m.Start, m.End}
	}
	return out
}
