package index_test

import (
	"context"
	"fmt"
	"log"

	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/index"
)

func exampleIndex() *index.Index {
	x, err := index.NewMemory()
	if err != nil {
		log.Fatal(err)
	}
	err = x.Add(context.Background(),
		index.Document{ID: "1", Title: "Giá bàn ghế gỗ tăng mạnh", Body: "Người bán bàn ghế ở Bình Dương cho biết giá nguyên liệu tăng."},
		index.Document{ID: "2", Title: "Bạn đọc hỏi về thuế", Body: "Nhiều bạn đọc hỏi về thuế thu nhập cá nhân."},
		index.Document{ID: "3", Title: "Ban quản lý dự án họp", Body: "Ban quản lý dự án đường sắt họp tại Đà Nẵng."},
	)
	if err != nil {
		log.Fatal(err)
	}
	return x
}

// Unaccented queries find accented text; accented queries rank the exact
// spelling first.
func ExampleIndex_Search() {
	x := exampleIndex()
	defer x.Close()
	for _, q := range []string{"bạn đọc", "ban doc"} {
		res, err := x.Search(context.Background(), index.Request{Query: q, Size: 1})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %s\n", q, res.Hits[0].Title)
	}
	// Output:
	// bạn đọc: Bạn đọc hỏi về thuế
	// ban doc: Bạn đọc hỏi về thuế
}

// Highlights mark the original text, accents intact, also for an
// unaccented query.
func ExampleIndex_Search_highlight() {
	x := exampleIndex()
	defer x.Close()
	res, err := x.Search(context.Background(), index.Request{Query: "ban ghe", Highlight: true, Size: 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Hits[0].Highlights["title"][0])
	// Output:
	// Giá <mark>bàn</mark> <mark>ghế</mark> gỗ tăng mạnh
}

// Query syntax: phrases, exclusions and field prefixes.
func ExampleIndex_Search_syntax() {
	x := exampleIndex()
	defer x.Close()
	for _, q := range []string{`+"quan ly" ban`, `ban -thue -"ban ghe"`, `title:ban`} {
		res, err := x.Search(context.Background(), index.Request{Query: q})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-22s", q)
		for _, h := range res.Hits {
			fmt.Print(" ", h.ID)
		}
		fmt.Println()
	}
	// Output:
	// +"quan ly" ban         3
	// ban -thue -"ban ghe"   3
	// title:ban              2 1 3
}

// Entities are extracted when documents are added; requests filter and
// count them.
func ExampleIndex_Search_facets() {
	x, err := index.NewMemory()
	if err != nil {
		log.Fatal(err)
	}
	defer x.Close()
	err = x.Add(context.Background(),
		index.Document{ID: "a", Body: "x", Entities: []index.Entity{{Type: entity.Country, ID: "KR"}, {Type: entity.Country, ID: "JP"}}},
		index.Document{ID: "b", Body: "x", Entities: []index.Entity{{Type: entity.Country, ID: "KR"}}},
	)
	if err != nil {
		log.Fatal(err)
	}
	res, err := x.Search(context.Background(), index.Request{
		Entities: []index.Entity{{Type: entity.Country, ID: "KR"}},
		Facets:   []entity.Type{entity.Country},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("hits:", res.Total)
	for _, v := range res.Facets[entity.Country] {
		fmt.Println(v.ID, v.Count)
	}
	// Output:
	// hits: 2
	// KR 2
	// JP 1
}

// Get returns a stored document; a missing one is index.ErrNotFound.
func ExampleIndex_Get() {
	x := exampleIndex()
	defer x.Close()
	d, err := x.Get(context.Background(), "3")
	fmt.Println(d.Title, d.Lang, err)
	_, err = x.Get(context.Background(), "nope")
	fmt.Println(err)
	// Output:
	// Ban quản lý dự án họp vi <nil>
	// index: get "nope": index: document not found
}
