package index

import (
	"context"
	"slices"
	"testing"

	"github.com/vnsearch/vnsearch/analyze"
)

// TestRestorer checks that with a Restorer an unaccented query ranks the
// likely reading first and says which it used, finds every document it
// found without, and that accented and English queries are left alone.
func TestRestorer(t *testing.T) {
	m := analyze.NewModel()
	for range 3 {
		m.Learn("Các bàn tiệc đã kê xong. Các bàn gỗ được bán. Bạn tôi.")
	}
	docs := []Document{
		{ID: "ban-table", Title: "Các bàn tiệc được bày ra", Body: "Các bàn tiệc được bày ra ở sân."},
		{ID: "ban-friend", Title: "Các bạn trẻ tham gia", Body: "Các bạn trẻ tham gia ngày hội."},
		{ID: "en", Title: "Friends join the fair", Body: "Young friends join the fair.", Lang: "en"},
	}
	plain := newTestIndex(t, docs...)
	x, err := NewMemory(WithRestorer(m))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Add(context.Background(), docs...); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := x.Search(ctx, Request{Query: "cac ban"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); len(got) == 0 || got[0] != "ban-table" || res.Reading != "các bàn" {
		t.Errorf("cac ban with a restorer = %v, reading %q; want ban-table first, reading các bàn", got, res.Reading)
	}
	without, err := plain.Search(ctx, Request{Query: "cac ban"})
	if err != nil {
		t.Fatal(err)
	}
	a, b := ids(res), ids(without)
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) || without.Reading != "" {
		t.Errorf("hits with a restorer %v, without %v (reading %q); want the same documents", a, b, without.Reading)
	}
	if got := ids(without); len(got) == 0 || got[0] != "ban-friend" {
		t.Fatalf("cac ban without a restorer = %v; the test wants ban-friend first there", got)
	}
	for _, q := range []string{"các bạn", "friends join"} {
		r, err := x.Search(ctx, Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		w, err := plain.Search(ctx, Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if r.Reading != "" || !slices.Equal(ids(r), ids(w)) {
			t.Errorf("%q with a restorer = %v, reading %q; want %v as without", q, ids(r), r.Reading, ids(w))
		}
	}
}
