package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vnsearch/vnsearch/entity"
)

func day(d int) time.Time { return time.Date(2024, 3, d, 8, 0, 0, 0, time.UTC) }

var testDocs = []Document{
	{ID: "a1", Title: "Hàn Quốc tăng cường hợp tác khoa học với Việt Nam", Body: "Bộ Khoa học và Công nghệ Việt Nam và Hàn Quốc ký thỏa thuận hợp tác về bán dẫn tại Hà Nội.", URL: "https://example.vn/a1", Published: day(1)},
	{ID: "a2", Title: "Giá bàn ghế tăng mạnh", Body: "Người bán bàn ghế gỗ ở Bình Dương cho biết giá nguyên liệu tăng.", Published: day(2)},
	{ID: "a3", Title: "Bạn đọc hỏi về thuế", Body: "Nhiều bạn đọc gửi câu hỏi về thuế thu nhập cá nhân.", Published: day(3)},
	{ID: "a4", Title: "Ban quản lý dự án họp", Body: "Ban quản lý dự án đường sắt họp tại Đà Nẵng.", Published: day(4)},
	{ID: "e1", Title: "South Korea and Vietnam sign science pact", Body: "The Ministry of Science and Technology of Vietnam signed an agreement with South Korea on semiconductors in Hanoi.", Lang: "en", Published: day(5)},
	{ID: "e2", Title: "Running shoes sales grow", Body: "Sales of running shoes grew in Ho Chi Minh City as runners ran more marathons.", Published: day(6)},
}

func newTestIndex(t testing.TB, docs ...Document) *Index {
	t.Helper()
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	if err := x.Add(context.Background(), docs...); err != nil {
		t.Fatal(err)
	}
	return x
}

func ids(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestAddGetCount(t *testing.T) {
	ctx := context.Background()
	x := newTestIndex(t, testDocs...)
	n, err := x.Count()
	if err != nil || n != uint64(len(testDocs)) {
		t.Fatalf("Count() = %d, %v; want %d", n, err, len(testDocs))
	}
	d, err := x.Get(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	want := testDocs[0]
	if d.Title != want.Title || d.Body != want.Body || d.URL != want.URL || !d.Published.Equal(want.Published) || d.Lang != "vi" {
		t.Errorf("Get(a1) = %+v; want %+v", d, want)
	}
	if d, err := x.Get(ctx, "e1"); err != nil || d.Lang != "en" {
		t.Errorf("Get(e1).Lang = %v, %v; want en", d, err)
	}
	if d, err := x.Get(ctx, "e2"); err != nil || d.Lang != "en" {
		t.Errorf("Get(e2) detected Lang = %v, %v; want en", d, err)
	}
	if _, err := x.Get(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(nope) error = %v; want ErrNotFound", err)
	}
	// Replacing a document keeps the count.
	if err := x.Add(ctx, Document{ID: "a1", Title: "Mới", Body: "nội dung mới"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := x.Count(); n != uint64(len(testDocs)) {
		t.Errorf("Count() after replace = %d; want %d", n, len(testDocs))
	}
}

func TestAddRejects(t *testing.T) {
	ctx := context.Background()
	x, err := NewMemory(WithMaxDocumentBytes(100))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	good := Document{ID: "ok", Title: "tốt", Body: "được"}
	tests := []struct {
		name string
		bad  Document
		want error
	}{
		{"empty ID", Document{Title: "x"}, ErrInvalidDocument},
		{"invalid UTF-8 body", Document{ID: "b", Body: "a\xffb"}, ErrInvalidDocument},
		{"invalid UTF-8 title", Document{ID: "b", Title: "\xc3"}, ErrInvalidDocument},
		{"invalid UTF-8 ID", Document{ID: "\xff"}, ErrInvalidDocument},
		{"oversized", Document{ID: "big", Body: strings.Repeat("x", 101)}, ErrDocumentTooLarge},
		{"bad entity", Document{ID: "b", Entities: []Entity{{Type: "NOPE", ID: "x"}}}, ErrInvalidDocument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := x.Add(ctx, good, tt.bad)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Add error = %v; want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), "document 1") {
				t.Errorf("error %q does not name document 1", err)
			}
			if n, _ := x.Count(); n != 0 {
				t.Errorf("Count() = %d after a failed Add; want 0", n)
			}
		})
	}
}

func TestClosed(t *testing.T) {
	ctx := context.Background()
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	checks := map[string]error{
		"Close":  x.Close(),
		"Add":    x.Add(ctx, Document{ID: "a"}),
		"Search": func() error { _, err := x.Search(ctx, Request{Query: "a"}); return err }(),
		"Get":    func() error { _, err := x.Get(ctx, "a"); return err }(),
		"Count":  func() error { _, err := x.Count(); return err }(),
	}
	for name, err := range checks {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close = %v; want ErrClosed", name, err)
		}
	}
}

func TestOpenReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Add(ctx, testDocs...); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	x, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if n, _ := x.Count(); n != uint64(len(testDocs)) {
		t.Errorf("Count() after reopen = %d; want %d", n, len(testDocs))
	}
	r, err := x.Search(ctx, Request{Query: "han quoc"})
	if err != nil || len(r.Hits) == 0 || r.Hits[0].ID != "a1" {
		t.Errorf("Search(han quoc) after reopen = %v, %v; want a1 first", r, err)
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	x := newTestIndex(t, testDocs...)
	tests := []struct {
		name    string
		req     Request
		first   string   // the expected top hit, "" for no hits
		include []string // IDs that must be among the hits
		exclude []string // IDs that must not be among the hits
	}{
		{name: "unaccented", req: Request{Query: "han quoc"}, first: "a1"},
		{name: "accented", req: Request{Query: "Hàn Quốc"}, first: "a1"},
		{name: "exact diacritics first: bàn", req: Request{Query: "bàn"}, first: "a2", include: []string{"a3", "a4"}},
		{name: "exact diacritics first: bạn", req: Request{Query: "bạn"}, first: "a3"},
		{name: "phrase means the phrase", req: Request{Query: `"quan ly du an" thue`}, first: "a4", exclude: []string{"a1", "a2", "a3"}},
		{name: "required phrase", req: Request{Query: `+"quan ly du an" thue`}, first: "a4", exclude: []string{"a1", "a2", "a3"}},
		{name: "exclusion", req: Request{Query: "ban -thue"}, include: []string{"a2", "a4"}, exclude: []string{"a3"}},
		{name: "accented exclusion keeps other tones", req: Request{Query: "ban -bạn"}, include: []string{"a2", "a4"}, exclude: []string{"a3"}},
		{name: "title field", req: Request{Query: "title:thue"}, first: "a3"},
		{name: "title field excludes body", req: Request{Query: "title:dang"}, exclude: []string{"a2"}},
		{name: "prefix", req: Request{Query: "nguyê*"}, first: "a2"},
		{name: "fuzzy", req: Request{Query: "semiconductor~"}, first: "e1"},
		{name: "english stem", req: Request{Query: "run"}, first: "e2"},
		{name: "lang filter", req: Request{Query: "vietnam", Lang: "en"}, first: "e1", exclude: []string{"a1"}},
		{name: "date filter", req: Request{Query: "ban", Since: day(3), Until: day(4)}, first: "a3", exclude: []string{"a2", "a4"}},
		{name: "entity filter", req: Request{Entities: []Entity{{Type: entity.Country, ID: "XX"}}}, first: "e2"},
		{name: "empty query", req: Request{}, include: []string{"a1", "e2"}},
		{name: "only operators", req: Request{Query: `- + "" * ~`}, include: []string{"a1"}},
		{name: "no match", req: Request{Query: "zzzqqq"}},
	}
	// e2 carries a supplied entity for the entity filter case.
	if err := x.Add(ctx, Document{ID: "e2", Title: testDocs[5].Title, Body: testDocs[5].Body, Published: day(6),
		Entities: []Entity{{Type: entity.Country, ID: "XX"}}}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := x.Search(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			got := ids(r)
			if tt.first == "" && len(tt.include) == 0 && len(got) > 0 {
				t.Errorf("Search(%+v) = %v; want no hits", tt.req, got)
			}
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("Search(%+v) = %v; want %s first", tt.req, got, tt.first)
			}
			for _, id := range tt.include {
				if !slices.Contains(got, id) {
					t.Errorf("Search(%+v) = %v; want %s among them", tt.req, got, id)
				}
			}
			for _, id := range tt.exclude {
				if slices.Contains(got, id) {
					t.Errorf("Search(%+v) = %v; want no %s", tt.req, got, id)
				}
			}
			if r.Total != uint64(len(got)) {
				t.Errorf("Total = %d; want %d", r.Total, len(got))
			}
		})
	}
}

func TestHighlight(t *testing.T) {
	x := newTestIndex(t, testDocs...)
	for _, q := range []string{"han quoc", "Hàn Quốc"} {
		r, err := x.Search(context.Background(), Request{Query: q, Highlight: true, Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) == 0 {
			t.Fatalf("Search(%q): no hits", q)
		}
		h := r.Hits[0].Highlights
		// the country is marked as one name
		if len(h["title"]) == 0 || !strings.Contains(h["title"][0], "<mark>Hàn Quốc</mark>") {
			t.Errorf("Search(%q) title highlights = %q; want <mark>Hàn Quốc</mark>", q, h["title"])
		}
		if len(h["body"]) == 0 || !strings.Contains(h["body"][0], "<mark>Hàn Quốc</mark>") {
			t.Errorf("Search(%q) body highlights = %q", q, h["body"])
		}
	}
}

func TestPaging(t *testing.T) {
	ctx := context.Background()
	var docs []Document
	const n = 75 // past the rerank window
	for i := range n {
		body := strings.Repeat("tin ", i%5+1) + strings.Repeat("tức ", i%3) + strings.Repeat("khác ", i%7)
		docs = append(docs, Document{ID: fmt.Sprintf("d%02d", i), Title: "tin tức", Body: body})
	}
	x := newTestIndex(t, docs...)
	for _, q := range []string{"tin", "tin tuc"} {
		all, err := x.Search(ctx, Request{Query: q, Size: n})
		if err != nil {
			t.Fatal(err)
		}
		if len(all.Hits) != n || all.Next != "" {
			t.Fatalf("Search(%q, size %d) = %d hits, Next %q; want %d hits and no Next", q, n, len(all.Hits), all.Next, n)
		}
		for _, size := range []int{7, 10} {
			var byFrom, byAfter []string
			for from := 0; from < n; from += size {
				r, err := x.Search(ctx, Request{Query: q, Size: size, From: from})
				if err != nil {
					t.Fatal(err)
				}
				byFrom = append(byFrom, ids(r)...)
			}
			after := ""
			for range n {
				r, err := x.Search(ctx, Request{Query: q, Size: size, After: after})
				if err != nil {
					t.Fatal(err)
				}
				byAfter = append(byAfter, ids(r)...)
				if r.Next == "" {
					break
				}
				after = r.Next
			}
			if !slices.Equal(byFrom, ids(all)) || !slices.Equal(byAfter, ids(all)) {
				t.Errorf("paging %q by %d:\nfrom  %v\nafter %v\nall   %v", q, size, byFrom, byAfter, ids(all))
			}
		}
	}
	page, err := x.Search(ctx, Request{Query: "tin", Size: 3})
	if err != nil || page.Next == "" {
		t.Fatalf("Search(size 3) = %v, %v; want a Next cursor", page, err)
	}
	for _, bad := range []Request{{After: "!!"}, {After: "eA"}, {Size: -1}, {From: 2, After: page.Next}} {
		if _, err := x.Search(ctx, bad); !errors.Is(err, ErrInvalidRequest) {
			t.Errorf("Search(%+v) error = %v; want ErrInvalidRequest", bad, err)
		}
	}
}

func TestFacets(t *testing.T) {
	docs := []Document{
		{ID: "1", Body: "x", Entities: []Entity{{Type: entity.Country, ID: "KR"}, {Type: entity.Country, ID: "KR"}, {Type: entity.Country, ID: "JP"}}},
		{ID: "2", Body: "x", Entities: []Entity{{Type: entity.Country, ID: "KR"}}},
		{ID: "3", Body: "x", Entities: []Entity{{Type: entity.Ministry, ID: "most"}}},
	}
	x := newTestIndex(t, docs...)
	r, err := x.Search(context.Background(), Request{Facets: []entity.Type{entity.Country, entity.Ministry, entity.Person}})
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(r.Facets[entity.Country]) + fmt.Sprint(r.Facets[entity.Ministry]) + fmt.Sprint(r.Facets[entity.Person])
	want := fmt.Sprint([]FacetValue{{"KR", x.ext.Name(entity.Country, "KR"), 2}, {"JP", x.ext.Name(entity.Country, "JP"), 1}}) +
		fmt.Sprint([]FacetValue{{"most", x.ext.Name(entity.Ministry, "most"), 1}}) + "[]"
	if got != want {
		t.Errorf("facets = %s; want %s", got, want)
	}
	var h *Hit
	for i := range r.Hits {
		if r.Hits[i].ID == "1" {
			h = &r.Hits[i]
		}
	}
	if h == nil || len(h.Entities) != 2 {
		t.Errorf("hit 1 entities = %+v; want KR and JP once each", h)
	}
}

func TestSearchCanceled(t *testing.T) {
	x := newTestIndex(t, testDocs...)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := x.Search(ctx, Request{Query: "ban"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Search with canceled context = %v; want context.Canceled", err)
	}
	if err := x.Add(ctx, Document{ID: "z"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Add with canceled context = %v; want context.Canceled", err)
	}
}

func TestConcurrent(t *testing.T) {
	ctx := context.Background()
	x := newTestIndex(t, testDocs...)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				if err := x.Add(ctx, Document{ID: fmt.Sprintf("g%d-%d", g, i), Title: "Hà Nội mưa", Body: "trời mưa to ở Hà Nội"}); err != nil {
					t.Error(err)
					return
				}
				if _, err := x.Search(ctx, Request{Query: "ha noi", Highlight: true, Facets: []entity.Type{entity.Province}}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n, _ := x.Count(); n != uint64(len(testDocs)+8*20) {
		t.Errorf("Count() = %d; want %d", n, len(testDocs)+8*20)
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{`han quoc`, `[{han} {quoc}]`},
		{`"bộ y tế" -covid`, `[{bộ y tế phrase} {covid not}]`},
		{`title:"hà nội" +mưa`, `[{hà nội title phrase} {mưa must}]`},
		{`viet* hanoi~ hue~2 x~9`, `[{viet prefix} {hanoi fuzzy1} {hue fuzzy2} {x~9}]`},
		{`country:KR 10:30 http://x`, `[{KR entities.country} {10:30} {http://x}]`},
		{`"unclosed phrase`, `[{unclosed phrase phrase}]`},
		{`- + "" * ~ :`, `[]`},
		{"\xff\xfe ok", `[{ok}]`},
	}
	for _, tt := range tests {
		var parts []string
		for _, c := range parseQuery(tt.in) {
			s := c.text
			if c.field != "" {
				s += " " + c.field
			}
			for _, f := range []struct {
				on   bool
				name string
			}{{c.phrase, "phrase"}, {c.must, "must"}, {c.not, "not"}, {c.prefix, "prefix"}} {
				if f.on {
					s += " " + f.name
				}
			}
			if c.fuzzy > 0 {
				s += fmt.Sprintf(" fuzzy%d", c.fuzzy)
			}
			parts = append(parts, "{"+s+"}")
		}
		if got := "[" + strings.Join(parts, " ") + "]"; got != tt.want {
			t.Errorf("parseQuery(%q) = %s; want %s", tt.in, got, tt.want)
		}
	}
}

func FuzzSearch(f *testing.F) {
	for _, s := range []string{"han quoc", `"Hà Nội" -mưa title:x`, "a* b~ c~2", "\xff", `"`, "country:",
		"Nghị quyết 57", "nghi quyet so 57/NQ-TƯ", "to lam", `person:"tô lâm" resolution:57`, `title:"Hàn Quốc" -"du lịch"`,
		"TP.HCM Hoa Kỳ", "57/", "NQ 5-/-", "country:Atlantis", "Nghị định 13/2023/NĐ-CP"} {
		f.Add(s)
	}
	x := newTestIndex(f, testDocs...)
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := x.Search(context.Background(), Request{Query: q, Highlight: true}); err != nil && !errors.Is(err, ErrInvalidRequest) {
			t.Errorf("Search(%q) = %v", q, err)
		}
	})
}

func TestDetectLang(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"vietnamese", "Hàn Quốc và Việt Nam ký thỏa thuận hợp tác", "vi"},
		{"unaccented vietnamese", "Han Quoc va Viet Nam ky thoa thuan hop tac", "vi"},
		{"english", "South Korea and Vietnam sign a pact on the chips of the future", "en"},
		{"english with a vietnamese name", "The minister of Việt Nam said that the deal is in the interest of both", "en"},
		{"empty", "", "vi"},
		{"invalid UTF-8", "\xff\xfe the of and", "vi"},
	}
	for _, tt := range tests {
		if got := DetectLang(tt.in); got != tt.want {
			t.Errorf("%s: DetectLang(%q) = %q; want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestDetectDocLang: a document's language is that of the first
// detectBytes bytes of its title and body, read without joining them
// whole.
func TestDetectDocLang(t *testing.T) {
	en := strings.Repeat("The minister said that the deal is in the interest of both. ", 40)
	vi := strings.Repeat("Bộ trưởng cho biết thỏa thuận có lợi cho cả hai nước. ", 40)
	for _, c := range []struct{ title, body, want string }{
		{"South Korea and Vietnam", en, "en"},
		{"Hàn Quốc và Việt Nam", vi, "vi"},
		{en, vi, "en"}, // the title fills the bytes read
		{vi, en, "vi"}, // so does this one
		{"A short title", en[:detectBytes-14] + vi, "en"},
		{"A short title", en[:detectBytes-500] + vi, "vi"},
	} {
		want := DetectLang(c.title + "\n" + c.body)
		if got := detectDocLang(c.title, c.body); got != want || got != c.want {
			t.Errorf("detectDocLang(%.20q…, %.20q…) = %q; DetectLang of both %q, want %q", c.title, c.body, got, want, c.want)
		}
	}
}

func TestCursor(t *testing.T) {
	for _, c := range []cursor{{offset: 0}, {offset: RerankWindow - 1}, {score: 1.25, id: "a:b"}, {score: 0, id: "x"}} {
		got, ok := decodeCursor(encodeCursor(c))
		if !ok || got != c {
			t.Errorf("decodeCursor(encodeCursor(%+v)) = %+v, %v", c, got, ok)
		}
	}
	for _, bad := range []string{"", "!", "bw", encodeCursor(cursor{offset: RerankWindow}), "azox"} {
		if c, ok := decodeCursor(bad); ok {
			t.Errorf("decodeCursor(%q) = %+v; want failure", bad, c)
		}
	}
}

// The English analyzer rewrites its input in place; the stored text must
// keep its case all the same.
func TestEnglishTextKeepsCase(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	ctx := context.Background()
	d := Document{ID: "en", Lang: "en", Title: "South Korea Backs Chips", Body: "The Ministry of Science and ICT said so."}
	if err := x.Add(ctx, d); err != nil {
		t.Fatal(err)
	}
	got, err := x.Get(ctx, "en")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != d.Title || got.Body != d.Body {
		t.Errorf("Get = %q, %q; want %q, %q", got.Title, got.Body, d.Title, d.Body)
	}
	res, err := x.Search(ctx, Request{Query: "south korea"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].Title != d.Title {
		t.Errorf("Search hits = %+v; want the title %q", res.Hits, d.Title)
	}
}

// TestSizeEstimate checks the Size that a batch gives scorch for its
// memory statistics against the Size counted after the analysis, over
// two sets of articles: within a factor of 1.5.
func TestSizeEstimate(t *testing.T) {
	x := newTestIndex(t)
	for name, docs := range map[string][]Document{
		"news.jsonl": readJSONL[Document](t, "testdata/news.jsonl"),
		"sentences":  exactnessDocs(t, 300),
	} {
		var counted, estimated int
		for _, d := range docs {
			bd, _, err := x.bleveDocument(&d, x.extract(docText(&d)))
			if err != nil {
				t.Fatal(err)
			}
			est := estimatedSize(bd, &d)
			bd.VisitFields(func(f bleveField) { f.Analyze() })
			counted += bd.Size()
			estimated += est
		}
		if r := float64(estimated) / float64(counted); r < 1/1.5 || r > 1.5 {
			t.Errorf("%s: estimated %d bytes, counted %d: ratio %.2f", name, estimated, counted, r)
		}
	}
}
