package index

import (
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
)

// TestSharedTextReleased checks that once bleve has analyzed every
// indexed field of a document, as its batch does, the shared analyses of
// its title and body hold no token streams, and that the fields got the
// streams they should: the body in FieldText from bodyBase on.
func TestSharedTextReleased(t *testing.T) {
	for _, learn := range []bool{false, true} {
		x, err := NewMemory(func(c *Config) { c.Learn = learn })
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		d := Document{ID: "a", Title: "Hà Nội mưa lớn", Body: "Mưa lớn kéo dài ở Hà Nội. Nhiều tuyến phố ngập."}
		bd, texts, err := x.bleveDocument(&d, x.extract(docText(&d)))
		if err != nil {
			t.Fatal(err)
		}
		shared := map[*sharedText]bool{}
		bd.VisitFields(func(f bindex.Field) {
			if tf, ok := f.(*document.TextField); ok {
				switch a := tf.Analyzer().(type) {
				case sharedView:
					shared[a.s] = true
				case joinedView:
					shared[a.title], shared[a.body] = true, true
				}
			}
		})
		var text []uint64
		bd.VisitFields(func(f bindex.Field) {
			if !f.Options().IsIndexed() {
				return
			}
			f.Analyze()
			if f.Name() == FieldText {
				for _, tf := range f.AnalyzedTokenFrequencies() {
					for _, l := range tf.Locations {
						text = append(text, uint64(l.Position))
					}
				}
			}
		})
		if len(texts) > 0 != learn {
			t.Fatalf("learn %v: %d texts to learn from", learn, len(texts))
		}
		learnTexts([][]*sharedText{texts})
		if len(shared) != 2 {
			t.Fatalf("learn %v: %d shared texts, want the title's and the body's", learn, len(shared))
		}
		for s := range shared {
			if s.exact != nil || s.folded != nil || s.users != 0 {
				t.Errorf("learn %v: %.20q keeps its streams after every field read them (%d readers left)", learn, s.text, s.users)
			}
		}
		title, body := 0, 0
		for _, p := range text {
			switch {
			case p >= bodyBase:
				body++
			case p >= 1:
				title++
			}
		}
		if title != 4 || body != 11 {
			t.Errorf("learn %v: FieldText has %d title and %d body positions, want 4 and 11", learn, title, body)
		}
	}
}
