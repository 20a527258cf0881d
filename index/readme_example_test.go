package index_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/index"
)

// The library snippet of the README, which readme_test.go at the module
// root keeps equal to the text between the README markers below.
func Example_readme() {
	// README begin
	ctx := context.Background()
	idx, err := index.NewMemory() // or index.Open("news.db") on disk
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()

	err = idx.Add(ctx,
		index.Document{ID: "1", Lang: "vi", Title: "Hàn Quốc và Việt Nam hợp tác bán dẫn",
			Body:      "Bộ Khoa học và Công nghệ ký thỏa thuận đào tạo kỹ sư bán dẫn với Hàn Quốc.",
			Published: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)},
		index.Document{ID: "2", Lang: "en", Title: "South Korea backs chip training",
			Body:      "South Korea will fund semiconductor courses in Hanoi, the Ministry of Science and Technology said.",
			Published: time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)},
		index.Document{ID: "3", Lang: "vi", Title: "Du lịch Hàn Quốc hút khách Việt",
			Body: "Các công ty du lịch mở thêm tour sang Hàn Quốc."},
	) // atomic: all documents or none; the error names the bad one
	if err != nil {
		log.Fatal(err)
	}

	res, err := idx.Search(ctx, index.Request{
		Query:     `han quoc -"du lịch"`,                                  // words, "phrases", exclusions, title:/body:
		Entities:  []index.Entity{{Type: entity.Country, ID: "Hàn Quốc"}}, // a name or an ID
		Since:     time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),            // drops undated documents
		Facets:    []entity.Type{entity.Ministry},
		Highlight: true,
		Size:      10,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range res.Hits {
		fmt.Println(h.ID, h.Highlights["title"])
	}
	for _, f := range res.Facets[entity.Ministry] {
		fmt.Println(f.Name, f.Count)
	}
	// res.Next is a cursor for the next page: Request{After: res.Next}
	// README end

	// Output:
	// 1 [<mark>Hàn Quốc</mark> và Việt Nam hợp tác bán dẫn]
	// 2 [<mark>South Korea</mark> backs chip training]
	// Bộ Khoa học và Công nghệ 2
}
