// Quickstart builds an in-memory vnsearch index from about forty short news
// items in Vietnamese and English, then runs a few queries and prints the
// hits with highlighted fragments and the entity facets.
//
//	go run ./examples/quickstart
package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/index"
)

// news holds the sample items, one JSON document per line, written for this
// example.
//
//go:embed news.jsonl
var news []byte

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// queries are the searches the quickstart shows: the same country accented,
// unaccented and in English, a phrase, and an entity filter.
var queries = []struct {
	title string
	req   index.Request
}{
	{"unaccented", index.Request{Query: "han quoc"}},
	{"accented", index.Request{Query: "Hàn Quốc"}},
	{"English entity name", index.Request{Query: "South Korea"}},
	{"phrase", index.Request{Query: `"đổi mới sáng tạo"`}},
	{"entity filter: Japan", index.Request{Query: "hop tac", Entities: []index.Entity{{Type: entity.Country, ID: "JP"}}}},
}

func run(ctx context.Context, w io.Writer) error {
	docs, err := readDocuments(news)
	if err != nil {
		return err
	}
	idx, err := index.NewMemory()
	if err != nil {
		return err
	}
	defer idx.Close()
	if err := idx.Add(ctx, docs...); err != nil {
		return err
	}
	fmt.Fprintf(w, "indexed %d news items\n", len(docs))

	for _, q := range queries {
		req := q.req
		req.Size = 10
		req.Highlight = true
		req.Facets = []entity.Type{entity.Country, entity.Ministry, entity.Person}
		req.FacetSize = 3
		res, err := idx.Search(ctx, req)
		if err != nil {
			return fmt.Errorf("search %q: %w", req.Query, err)
		}
		printResult(w, q.title, req, res)
	}
	return nil
}

func readDocuments(data []byte) ([]index.Document, error) {
	var docs []index.Document
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		var d index.Document
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("news.jsonl:%d: %w", line, err)
		}
		docs = append(docs, d)
	}
	return docs, sc.Err()
}

func printResult(w io.Writer, title string, req index.Request, res *index.Result) {
	fmt.Fprintf(w, "\n== %s: %s", title, req.Query)
	for _, e := range req.Entities {
		fmt.Fprintf(w, " [%s=%s]", e.Type, e.ID)
	}
	if res.TotalExact {
		fmt.Fprintf(w, "  (%d hits)\n", res.Total)
	} else {
		fmt.Fprintf(w, "  (at least %d hits)\n", res.Total)
	}
	for i, h := range res.Hits {
		fmt.Fprintf(w, "%2d. [%s] %s  %s\n", i+1, h.Lang, h.ID, h.Title)
		if i >= 3 { // fragments for the top three hits
			continue
		}
		if frags := h.Highlights["body"]; len(frags) > 0 {
			fmt.Fprintf(w, "    %s\n", frags[0])
		} else if frags := h.Highlights["title"]; len(frags) > 0 {
			fmt.Fprintf(w, "    %s\n", frags[0])
		}
	}
	for _, t := range []entity.Type{entity.Country, entity.Ministry, entity.Person} {
		var parts []string
		for _, v := range res.Facets[t] {
			parts = append(parts, fmt.Sprintf("%s %q %d", v.ID, v.Name, v.Count))
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "    facet %s: %s\n", t, strings.Join(parts, ", "))
		}
	}
}
