package index

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFormats runs the same searches on an index of format 1 (the fixture
// made by an earlier build, which indexed the folded body in a field of
// its own) and on a new index of format 2 (the body in FieldText after the
// title): the layout changed, what a search finds and marks did not.
func TestFormats(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		open func(t *testing.T) *Index
		want textFields
	}{
		{"format 1", func(t *testing.T) *Index {
			dir := filepath.Join(t.TempDir(), "idx")
			if err := os.CopyFS(dir, os.DirFS("testdata/v1-index")); err != nil {
				t.Fatal(err)
			}
			x, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}, bodyFields1},
		{"format 2", func(t *testing.T) *Index {
			x, err := Open(filepath.Join(t.TempDir(), "idx"))
			if err != nil {
				t.Fatal(err)
			}
			if err := x.Add(ctx, seedDocs...); err != nil {
				t.Fatal(err)
			}
			return x
		}, bodyFields2},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := c.open(t)
			defer x.Close()
			if x.body != c.want {
				t.Fatalf("body fields %+v; want %+v", x.body, c.want)
			}
			err := x.Add(ctx,
				Document{ID: "t", Title: "Mưa lớn ở Huế", Body: "Người dân sơ tán khỏi vùng trũng."},
				Document{ID: "b", Title: "Tin sáng", Body: "Mưa lớn ở Huế kéo dài."},
				// the title ends with Hàn and the body starts with Quốc:
				// not the phrase "hàn quốc"
				Document{ID: "edge", Title: "Tin về sông Hàn", Body: "Quốc lộ 1 thông xe."},
			)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []struct {
				query string
				want  []string
			}{
				{"body:hue", []string{"b"}},
				{"title:hue", []string{"t"}},
				{"hue", []string{"b", "t"}},
				{`body:"mua lon"`, []string{"b", "seed-1"}},
				{`title:"mua lon"`, []string{"seed-1", "t"}},
				{`"han quoc"`, []string{"seed-3"}},
				{`"hàn quốc"`, []string{"seed-3"}},
				{"body:hu*", []string{"b"}},
				{"body:hueh~1", []string{"b"}},
				{"+body:hue", []string{"b"}},
				{"hue -body:hue", []string{"t"}},
				{`mua -body:"mua lon"`, []string{"t"}},
			} {
				got := allIDs(t, x, Request{Query: q.query})
				slices.Sort(got)
				if !slices.Equal(got, q.want) {
					t.Errorf("Search(%q) = %v; want %v", q.query, got, q.want)
				}
			}
			res, err := x.Search(ctx, Request{Query: "hue", Highlight: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				var want map[string][]string
				switch h.ID {
				case "t":
					want = map[string][]string{"title": {"Mưa lớn ở <mark>Huế</mark>"}}
				case "b":
					want = map[string][]string{"body": {"Mưa lớn ở <mark>Huế</mark> kéo dài."}}
				}
				if !equalHighlights(h.Highlights, want) {
					t.Errorf("Search(hue) highlights of %s = %q; want %q", h.ID, h.Highlights, want)
				}
			}
		})
	}
}

// TestLongTitle: FieldText holds the first bodyBase-2 words of a title,
// and a body's words after them; the title field holds all.
func TestLongTitle(t *testing.T) {
	x := newTestIndex(t)
	words := make([]string, bodyBase+50)
	for i := range words {
		words[i] = "tin"
	}
	words[bodyBase+10] = "hiếm"
	err := x.Add(context.Background(),
		Document{ID: "long", Title: strings.Join(words, " "), Body: "Nội dung ngắn."},
		Document{ID: "other", Title: "Tin khác", Body: "Một tin hiếm hoi."},
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		query string
		want  []string
	}{
		{"title:hiem", []string{"long"}},
		{"body:hiem", []string{"other"}},
		{"noi dung", []string{"long"}},
		{`"noi dung"`, []string{"long"}},
		{`body:"noi dung"`, []string{"long"}},
	} {
		got := allIDs(t, x, Request{Query: q.query})
		slices.Sort(got)
		if !slices.Equal(got, q.want) {
			t.Errorf("Search(%q) = %v; want %v", q.query, got, q.want)
		}
	}
}

func equalHighlights(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}
