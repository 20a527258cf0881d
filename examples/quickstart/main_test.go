package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/index"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatalf("run: %v", err)
	}
	s := out.String()
	for _, want := range []string{
		"indexed 40 news items",
		"<mark>Hàn Quốc</mark>", // accents intact in highlights
		"facet COUNTRY: KR",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("quickstart output lacks %q:\n%s", want, s)
		}
	}
}

// The same country, typed three ways, finds Vietnamese and English items.
func TestCountryQueriesFindBothLanguages(t *testing.T) {
	ctx := context.Background()
	docs, err := readDocuments(news)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Add(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"han quoc", "Hàn Quốc", "South Korea"} {
		res, err := idx.Search(ctx, index.Request{Query: q, Size: 20, Highlight: true, Facets: []entity.Type{entity.Country}})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		langs := map[string]int{}
		for _, h := range res.Hits {
			langs[h.Lang]++
		}
		if langs["vi"] == 0 || langs["en"] == 0 {
			t.Errorf("Search(%q) hits by language = %v; want both vi and en", q, langs)
		}
		if f := res.Facets[entity.Country]; len(f) == 0 || f[0].ID != "KR" {
			t.Errorf("Search(%q) country facet = %v; want KR first", q, f)
		}
	}
}

// The README shows the start of the quickstart's output; it must be what
// the quickstart prints.
func TestReadmeShowsTheOutput(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i := strings.Index(s, "The quickstart prints")
	if i < 0 {
		t.Fatal("README: no quickstart output")
	}
	start := strings.Index(s[i:], "```\n")
	end := strings.Index(s[i:], "\n...\n```")
	if start < 0 || end < start {
		t.Fatal("README: the quickstart output block is not a fenced block ending in ...")
	}
	shown := s[i+start+len("```\n") : i+end+1]
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), shown) {
		t.Errorf("README shows\n%s\nbut the quickstart prints\n%s", shown, out.String())
	}
}
