package eval

import (
	"math"
	"testing"
)

func TestScore(t *testing.T) {
	tests := []struct {
		name     string
		relevant []string
		ranked   []string
		want     Metrics
	}{
		{"first", []string{"a"}, []string{"a", "b"}, Metrics{1, 1, 1}},
		{"second", []string{"a"}, []string{"b", "a"}, Metrics{1 / math.Log2(3), 0.5, 1}},
		{"missing", []string{"a"}, []string{"b", "c"}, Metrics{0, 0, 0}},
		{"beyond k", []string{"a"}, []string{"b", "c", "a"}, Metrics{0, 0, 0}},
		{"two of two", []string{"a", "b"}, []string{"b", "a"}, Metrics{1, 1, 1}},
		{"one of two", []string{"a", "b"}, []string{"a", "c"}, Metrics{1 / (1 + 1/math.Log2(3)), 1, 0.5}},
		{"no judgments", nil, []string{"a"}, Metrics{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(tt.relevant, tt.ranked, 2)
			if math.Abs(got.NDCG-tt.want.NDCG) > 1e-9 || math.Abs(got.MRR-tt.want.MRR) > 1e-9 || math.Abs(got.Recall-tt.want.Recall) > 1e-9 {
				t.Errorf("Score(%q, %q, 2) = %+v; want %+v", tt.relevant, tt.ranked, got, tt.want)
			}
		})
	}
}

func TestPlainBaseline(t *testing.T) {
	p, err := NewPlain("")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	docs := []Doc{
		{ID: "1", Title: "Hàn Quốc", Body: "Hợp tác với Hàn Quốc"},
		{ID: "2", Title: "Nhật Bản", Body: "Hợp tác với Nhật Bản"},
	}
	if err := p.Add(docs, 1); err != nil {
		t.Fatal(err)
	}
	qs := []Judged{{Query: "Hàn Quốc", Relevant: []string{"1"}}, {Query: "han quoc", Relevant: []string{"1"}}}
	m, err := Evaluate(qs, 10, func(q string) ([]string, error) { return p.Search(q, 10) })
	if err != nil {
		t.Fatal(err)
	}
	// Plain bleve finds the accented query and misses the unaccented one.
	if m.NDCG != 0.5 || m.Recall != 0.5 {
		t.Errorf("plain bleve on accented and unaccented queries: %+v; want nDCG 0.5, recall 0.5", m)
	}
}

func TestSample(t *testing.T) {
	qs := make([]Judged, 10)
	for i := range qs {
		qs[i].Query = string(rune('a' + i))
	}
	got := Sample(qs, 3)
	if len(got) != 3 || got[0].Query != "a" || got[1].Query != "d" || got[2].Query != "g" {
		t.Errorf("Sample(10 queries, 3) = %v; want a, d, g", got)
	}
	if got := Sample(qs, 20); len(got) != 10 {
		t.Errorf("Sample(10 queries, 20) has %d; want all 10", len(got))
	}
}
