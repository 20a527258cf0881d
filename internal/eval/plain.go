package eval

import (
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Plain is the baseline vnsearch is measured against: plain bleve with its
// default mapping (the standard analyzer over every field, an _all field),
// a scorch index, and match queries.
type Plain struct {
	bleve.Index
}

type plainDoc struct {
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Lang      string    `json:"lang"`
	URL       string    `json:"url"`
	Published time.Time `json:"published"`
}

// NewPlain creates the baseline index at path, or in memory when path is "".
func NewPlain(path string) (*Plain, error) {
	bi, err := bleve.NewUsing(path, bleve.NewIndexMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	return &Plain{bi}, nil
}

// Add indexes docs in batches of batchSize.
func (p *Plain) Add(docs []Doc, batchSize int) error {
	for i := 0; i < len(docs); i += batchSize {
		b := p.NewBatch()
		for _, d := range docs[i:min(i+batchSize, len(docs))] {
			err := b.Index(d.ID, plainDoc{Title: d.Title, Body: d.Body, Lang: d.Lang, URL: d.URL, Published: d.Published})
			if err != nil {
				return err
			}
		}
		if err := p.Batch(b); err != nil {
			return err
		}
	}
	return nil
}

// Search returns the IDs of the top k documents for a match query on q.
func (p *Plain) Search(q string, k int) ([]string, error) {
	res, err := p.Index.Search(bleve.NewSearchRequestOptions(bleve.NewMatchQuery(q), k, 0, false))
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}
