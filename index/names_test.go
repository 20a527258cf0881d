package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/internal/dataset"
)

// namedDocs are news items written for these tests: people in both
// languages, resolution and decree numbers, and words that fold like the
// names ("tố làm", "kỹ thuật", "chị", "mình").
var namedDocs = []Document{
	{ID: "r1", Lang: "vi", Title: "Tổng Bí thư Tô Lâm chỉ đạo thực hiện Nghị quyết 57-NQ/TW",
		Body: "Tổng Bí thư Tô Lâm nhấn mạnh việc thực hiện Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia."},
	{ID: "r2", Lang: "vi", Title: "Các bộ triển khai Nghị quyết 57",
		Body: "Bộ Khoa học và Công nghệ hướng dẫn các địa phương triển khai Nghị quyết 57-NQ/TW. Bộ trưởng Nguyễn Mạnh Hùng chủ trì hội nghị."},
	{ID: "r3", Lang: "en", Title: "General Secretary To Lam urges innovation",
		Body: "General Secretary To Lam on Monday called for faster implementation of Resolution 57-NQ/TW on science, technology and innovation. Minister Nguyen Manh Hung attended the meeting."},
	{ID: "r4", Lang: "vi", Title: "Quốc hội thông qua nghị quyết thí điểm",
		Body: "Quốc hội thông qua Nghị quyết số 57/2024/QH15 về thí điểm một số cơ chế đặc thù."},
	{ID: "r5", Lang: "vi", Title: "Nghị định mới về bảo vệ dữ liệu cá nhân",
		Body: "Chính phủ ban hành Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân, có hiệu lực từ tháng 7."},
	{ID: "n1", Lang: "vi", Title: "Thị trường ô tô cuối năm",
		Body: "Giá ô tô giảm mạnh, nhiều khách hàng tố làm ăn gian dối, nhiều đại lý lâm vào cảnh khó khăn."},
	{ID: "n2", Lang: "vi", Title: "Du lịch Đà Nẵng hút khách",
		Body: "Khách du lịch đến Đà Nẵng tăng mạnh, các khách sạn kín phòng dịp lễ."},
	{ID: "n3", Lang: "vi", Title: "Chị Mai mở quán cà phê",
		Body: "Chị Mai cho biết mình mở quán cà phê tại TP.HCM từ năm ngoái, khách chủ yếu là sinh viên kỹ thuật."},
	{ID: "n4", Lang: "vi", Title: "Hoa Kỳ hợp tác đào tạo kỹ thuật",
		Body: "Hoa Kỳ và Việt Nam mở chương trình đào tạo kỹ thuật viên bán dẫn. Đại sứ Hoa Kỳ dự lễ khai giảng."},
	{ID: "n5", Lang: "en", Title: "US and Vietnam open chip training",
		Body: "The United States and Vietnam opened a training programme for semiconductor technicians in Ho Chi Minh City."},
	{ID: "n6", Lang: "vi", Title: "Hàn Quốc đầu tư vào đổi mới sáng tạo",
		Body: "Doanh nghiệp Hàn Quốc tăng đầu tư vào đổi mới sáng tạo tại Bắc Ninh."},
	{ID: "n7", Lang: "vi", Title: "Sáng tạo và đổi mới trong giáo dục",
		Body: "Nhà trường khuyến khích sáng tạo, đổi mới phương pháp dạy học cho học sinh Hàn Quốc và Việt Nam."},
	{ID: "n8", Lang: "vi", Title: "Bộ Y tế cảnh báo sốt xuất huyết",
		Body: "Bộ Y tế đề nghị các địa phương tăng cường phòng chống sốt xuất huyết tại Hà Nội."},
	{ID: "n9", Lang: "vi", Title: "Mùa biển đông khách",
		Body: "Du khách đổ về các bãi biển, giá phòng tăng. Nhiều người chọn du thuyền."},
}

// allIDs returns the IDs of every hit of req (up to MaxSize).
func allIDs(t *testing.T, x *Index, req Request) []string {
	t.Helper()
	req.Size = MaxSize
	r, err := x.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("Search(%+v): %v", req, err)
	}
	return ids(r)
}

func subset(a, b []string) bool {
	for _, id := range a {
		if !slices.Contains(b, id) {
			return false
		}
	}
	return true
}

// withBothForms returns each query as given and with its diacritics
// removed.
func withBothForms(qs ...string) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q)
		if f := analyze.Fold(q); f != q {
			out = append(out, f)
		}
	}
	return out
}

func TestNumbersInQueries(t *testing.T) {
	x := newTestIndex(t, namedDocs...)
	party := []string{"r1", "r2", "r3"} // 57-NQ/TW
	tests := []struct {
		queries []string
		first   []string // the first hits, in any order
		include []string
	}{
		{withBothForms("Nghị quyết 57", "Resolution 57", "NQ 57", "Nghị quyết số 57"), party, []string{"r4"}},
		{withBothForms("thực hiện Nghị quyết 57"), []string{"r1"}, append([]string{"r4"}, party...)},
		{withBothForms("57/NQ", "Nghị quyết 57/NQ-TW", "57/NQ-TƯ"), party, nil},
		{withBothForms("Nghị quyết 57/2024", "Nghị quyết số 57/2024/QH15"), []string{"r4"}, party},
		{withBothForms("Nghị định 13", "Nghị định số 13/2023", "Decree 13"), []string{"r5"}, nil},
	}
	for _, tt := range tests {
		for _, q := range tt.queries {
			got := allIDs(t, x, Request{Query: q})
			if len(got) < len(tt.first) || !subset(got[:len(tt.first)], tt.first) {
				t.Errorf("Search(%q) = %v; want %v first", q, got, tt.first)
			}
			if !subset(tt.include, got) {
				t.Errorf("Search(%q) = %v; want %v among them", q, got, tt.include)
			}
		}
	}
	// The more frequent number first: 57-NQ/TW is in three documents,
	// 57/2024/QH15 in one.
	got := allIDs(t, x, Request{Query: "Nghị quyết 57"})
	if i := slices.Index(got, "r4"); i < len(party) {
		t.Errorf("Search(Nghị quyết 57) = %v; want 57/2024/QH15 (r4) after the 57-NQ/TW documents", got)
	}

	filters := []struct {
		typ  entity.Type
		id   string
		want []string
	}{
		{entity.Resolution, "57", []string{"r1", "r2", "r3", "r4"}},
		{entity.Resolution, "Nghị quyết 57", []string{"r1", "r2", "r3", "r4"}},
		{entity.Resolution, "57/NQ", party},
		{entity.Resolution, "57/NQ-TW", party},
		{entity.Resolution, "57/2024", []string{"r4"}},
		{entity.Document, "13", []string{"r5"}},
		{entity.Document, "nghi dinh 13", []string{"r5"}},
	}
	for _, f := range filters {
		got := allIDs(t, x, Request{Entities: []Entity{{Type: f.typ, ID: f.id}}})
		slices.Sort(got)
		if !slices.Equal(got, f.want) {
			t.Errorf("filter %s %q = %v; want %v", f.typ, f.id, got, f.want)
		}
	}
}

func TestNoEmptyPages(t *testing.T) {
	x := newTestIndex(t, namedDocs...)
	wordsOnly := DefaultTuning()
	wordsOnly.EntityBoost = 0
	// One query or more per entity type, some naming an entity that no
	// document is tagged with (Nhật Bản, Phạm Minh Chính, Nghị quyết 99).
	queries := withBothForms(
		"Tô Lâm", "Nguyễn Mạnh Hùng", "Phạm Minh Chính", "TO LAM",
		"Bộ Y tế", "Bộ Khoa học và Công nghệ", "Bộ Tài chính",
		"Hàn Quốc", "Hoa Kỳ", "Nhật Bản", "South Korea",
		"Đà Nẵng", "TP.HCM", "Hà Nội", "Cần Thơ",
		"Nghị quyết 57", "Nghị quyết 99", "57-NQ/TW",
		"Nghị định 13", "Nghị định 99",
	)
	for _, q := range queries {
		words := allIDs(t, x, Request{Query: q, Tuning: &wordsOnly})
		got := allIDs(t, x, Request{Query: q})
		if !subset(words, got) {
			t.Errorf("Search(%q) = %v; the words alone find %v", q, got, words)
		}
	}
	// a number no document carries: the words decide
	if got := allIDs(t, x, Request{Query: "nghi quyet 99"}); !subset([]string{"r1", "r2", "r4"}, got) {
		t.Errorf("Search(nghi quyet 99) = %v; want the documents with the words", got)
	}
}

func TestPeopleAcrossSpellings(t *testing.T) {
	x := newTestIndex(t, namedDocs...)
	for _, q := range []string{"Tô Lâm", "To Lam", "to lam", "TO LAM", "tô lâm"} {
		got := allIDs(t, x, Request{Query: q})
		if len(got) < 2 || !subset(got[:2], []string{"r1", "r3"}) {
			t.Errorf("Search(%q) = %v; want r1 and r3 (Tô Lâm in Vietnamese and English) first", q, got)
		}
		if !slices.Contains(got, "n1") {
			t.Errorf("Search(%q) = %v; want n1, which holds the words, after them", q, got)
		}
		f := allIDs(t, x, Request{Entities: []Entity{{Type: entity.Person, ID: q}}})
		slices.Sort(f)
		if !slices.Equal(f, []string{"r1", "r3"}) {
			t.Errorf("filter person %q = %v; want [r1 r3]", q, f)
		}
	}
	a := allIDs(t, x, Request{Query: "Nguyễn Mạnh Hùng"})
	b := allIDs(t, x, Request{Query: "nguyen manh hung"})
	if len(a) < 2 || len(b) < 2 || !subset(a[:2], []string{"r2", "r3"}) || !subset(b[:2], []string{"r2", "r3"}) {
		t.Errorf("Nguyễn Mạnh Hùng = %v, nguyen manh hung = %v; want r2 and r3 first in both", a, b)
	}

	r, err := x.Search(context.Background(), Request{Facets: []entity.Type{entity.Person}})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]FacetValue{}
	for _, v := range r.Facets[entity.Person] {
		counts[v.ID] = v
	}
	for id, want := range map[string]FacetValue{
		"to lam":           {ID: "to lam", Name: "Tô Lâm", Count: 2},
		"nguyen manh hung": {ID: "nguyen manh hung", Name: "Nguyễn Mạnh Hùng", Count: 2},
	} {
		if counts[id] != want {
			t.Errorf("PERSON facet %q = %+v; want %+v (all facets %+v)", id, counts[id], want, r.Facets[entity.Person])
		}
	}
	d, err := x.Get(context.Background(), "r3")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(d.Entities, Entity{Type: entity.Person, ID: "to lam", Name: "Tô Lâm"}) {
		t.Errorf("Get(r3).Entities = %+v; want PERSON to lam shown as Tô Lâm", d.Entities)
	}
}

func TestPersonID(t *testing.T) {
	for _, name := range []string{"Tô Lâm", "To Lam", "TO LAM", "tô  lâm", "To\u0302 La\u0302m", "Tô-Lâm"} {
		if got := PersonID(name); got != "to lam" {
			t.Errorf("PersonID(%q) = %q; want %q", name, got, "to lam")
		}
	}
	if got := PersonID("Marc E. Knapper"); got != "marc e knapper" {
		t.Errorf("PersonID(Marc E. Knapper) = %q", got)
	}
}

func TestOperatorsBehaveAsTheyRead(t *testing.T) {
	x := newTestIndex(t, namedDocs...)
	queries := []string{"han quoc", "Hàn Quốc", "du lịch", "Tô Lâm", "Nghị quyết 57", "đổi mới sáng tạo", `"đổi mới"`, "title:du", "ban"}
	exclusions := []string{"-du", `-"du lịch"`, "-lịch", "-bạn", "-country:KR", "-title:ô", `-"đổi mới"`, "-nghị"}
	for _, q := range queries {
		base := allIDs(t, x, Request{Query: q})
		for _, e := range exclusions {
			got := allIDs(t, x, Request{Query: q + " " + e})
			if !subset(got, base) {
				t.Errorf("Search(%q) = %v has hits that Search(%q) = %v has not", q+" "+e, got, q, base)
			}
		}
	}
	// -"du lịch" excludes the phrase, not every word folding to du.
	got := allIDs(t, x, Request{Query: `du -"du lịch"`})
	if !slices.Contains(got, "n9") || slices.Contains(got, "n2") {
		t.Errorf(`Search(du -"du lịch") = %v; want n9 (du khách, du thuyền) and no n2 (du lịch)`, got)
	}
	// title: restricts entity names too
	for _, q := range []string{`title:"Hàn Quốc"`, `title:"han quoc"`} {
		got := allIDs(t, x, Request{Query: q})
		if !slices.Equal(got, []string{"n6"}) {
			t.Errorf("Search(%q) = %v; want [n6], the one title with the name", q, got)
		}
	}
	if got := allIDs(t, x, Request{Query: "body:TP.HCM"}); !slices.Equal(got, []string{"n3"}) {
		t.Errorf("Search(body:TP.HCM) = %v; want [n3]", got)
	}
}

func TestQuotedPhrasesMeanThePhrase(t *testing.T) {
	x := newTestIndex(t, namedDocs...)
	for _, q := range []string{`"đổi mới sáng tạo"`, `"doi moi sang tao"`, `"Đổi mới sáng tạo" hàn quốc`} {
		got := allIDs(t, x, Request{Query: q})
		slices.Sort(got)
		if !slices.Equal(got, []string{"n6", "r1"}) {
			t.Errorf("Search(%q) = %v; want [n6 r1], the documents with the phrase (not n7, sáng tạo, đổi mới)", q, got)
		}
	}
	// unquoted, the words may be anywhere
	if got := allIDs(t, x, Request{Query: "đổi mới sáng tạo"}); !slices.Contains(got, "n7") {
		t.Errorf("Search(đổi mới sáng tạo) = %v; want n7 too", got)
	}
}

func TestFiltersFailLoudly(t *testing.T) {
	x := newTestIndex(t, namedDocs...)
	bad := []Request{
		{Entities: []Entity{{Type: entity.Country, ID: "Atlantis"}}},
		{Entities: []Entity{{Type: entity.Person, ID: "Phạm Minh Chính"}}},
		{Entities: []Entity{{Type: entity.Resolution, ID: "99"}}},
		{Entities: []Entity{{Type: entity.Ministry, ID: "bo khong co"}}},
		{Entities: []Entity{{Type: entity.Province, ID: "   "}}},
		{Lang: "xx"},
		{Query: "country:Atlantis"},
	}
	for _, req := range bad {
		_, err := x.Search(context.Background(), req)
		name := req.Lang
		if len(req.Entities) > 0 {
			name = strings.TrimSpace(req.Entities[0].ID)
		}
		if req.Query != "" {
			name = "Atlantis"
		}
		if !errors.Is(err, ErrInvalidRequest) || !strings.Contains(err.Error(), name) {
			t.Errorf("Search(%+v) error = %v; want ErrInvalidRequest naming %q", req, err, name)
		}
	}
	good := []struct {
		e    Entity
		want string
	}{
		{Entity{Type: entity.Ministry, ID: "bo y te"}, "n8"},
		{Entity{Type: entity.Ministry, ID: "Bộ Y tế"}, "n8"},
		{Entity{Type: entity.Ministry, ID: "BỘ Y TẾ"}, "n8"},
		{Entity{Type: entity.Ministry, ID: "moh"}, "n8"},
		{Entity{Type: entity.Province, ID: "ha noi"}, "n8"},
		{Entity{Type: entity.Province, ID: "Hà Nội"}, "n8"},
		{Entity{Type: entity.Country, ID: "han quoc"}, "n6"},
		{Entity{Type: entity.Country, ID: "kr"}, "n6"},
		{Entity{Type: entity.Country, ID: "South Korea"}, "n6"},
		{Entity{Type: entity.Person, ID: "NGUYEN MANH HUNG"}, "r2"},
	}
	for _, g := range good {
		got := allIDs(t, x, Request{Entities: []Entity{g.e}})
		if !slices.Contains(got, g.want) {
			t.Errorf("filter %s %q = %v; want %s among them", g.e.Type, g.e.ID, got, g.want)
		}
	}
	// a known country that no document mentions is no mistake
	if got := allIDs(t, x, Request{Entities: []Entity{{Type: entity.Country, ID: "Nhật Bản"}}}); len(got) != 0 {
		t.Errorf("filter country Nhật Bản = %v; want no hits", got)
	}
}

// marked returns the texts inside <mark>…</mark> of fragments, and checks
// that each mark starts and ends at a word boundary.
func marked(t *testing.T, fragments []string) []string {
	t.Helper()
	var out []string
	for _, f := range fragments {
		for rest := f; ; {
			i := strings.Index(rest, "<mark>")
			if i < 0 {
				break
			}
			j := strings.Index(rest[i:], "</mark>")
			if j < 0 {
				t.Errorf("unclosed mark in %q", f)
				break
			}
			before, _ := utf8.DecodeLastRuneInString(rest[:i])
			after, _ := utf8.DecodeRuneInString(rest[i+j+len("</mark>"):])
			if isWordRune(before) || isWordRune(after) || unicode.Is(unicode.Mn, after) {
				t.Errorf("mark not at a word boundary in %q", f)
			}
			out = append(out, rest[i+len("<mark>"):i+j])
			rest = rest[i+j+len("</mark>"):]
		}
	}
	return out
}

func TestHighlightsMarkWhatMatched(t *testing.T) {
	x := newTestIndex(t, namedDocs...)
	tests := []struct {
		query  string
		doc    string
		want   []string // marked, in any order
		reject []string // never marked
	}{
		{"TP.HCM", "n3", []string{"TP.HCM"}, []string{"Chị", "mình", "chị"}},
		{"Hoa Kỳ", "n4", []string{"Hoa Kỳ"}, []string{"kỹ", "kỹ thuật"}},
		{"Hoa Kỳ", "n5", []string{"United States"}, nil},
		{"hoa ky", "n5", []string{"United States"}, nil},
		{"Tô Lâm", "r3", []string{"To Lam"}, nil},
		{`"đổi mới sáng tạo"`, "n6", []string{"đổi mới sáng tạo"}, nil},
		{"Nghị quyết 57", "r1", []string{"Nghị quyết 57-NQ/TW"}, nil},
		{"cà phê", "n3", []string{"cà", "phê"}, []string{"TP.HCM"}},
	}
	for _, tt := range tests {
		r, err := x.Search(context.Background(), Request{Query: tt.query, Highlight: true, Size: MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		var h Hit
		for _, hit := range r.Hits {
			if hit.ID == tt.doc {
				h = hit
			}
		}
		if h.ID == "" {
			t.Errorf("Search(%q): no hit %s", tt.query, tt.doc)
			continue
		}
		marks := marked(t, append(append([]string(nil), h.Highlights["title"]...), h.Highlights["body"]...))
		joined := " " + strings.Join(marks, " ") + " "
		for _, w := range tt.want {
			if !strings.Contains(joined, " "+w+" ") {
				t.Errorf("Search(%q) %s marks %q; want %q marked", tt.query, tt.doc, marks, w)
			}
		}
		for _, w := range tt.reject {
			if slices.Contains(marks, w) {
				t.Errorf("Search(%q) %s marks %q; want no %q", tt.query, tt.doc, marks, w)
			}
		}
	}
}

// seedDocuments reads the seed articles of the shared data as documents:
// the first line is the title, the rest the body.
func seedDocuments(t *testing.T) []Document {
	t.Helper()
	dir, ok := dataset.Path("seeds")
	if !ok {
		t.Skip("shared data absent; set " + dataset.Env)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed articles in %s: %v", dir, err)
	}
	var docs []Document
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		title, body, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
		docs = append(docs, Document{ID: filepath.Base(f), Title: title, Body: body})
	}
	return docs
}

// TestSeedQueries asks the seed articles the queries a new reader types
// for Resolution 57 and for the officials, with and without accents.
func TestSeedQueries(t *testing.T) {
	docs := seedDocuments(t)
	x := newTestIndex(t, docs...)
	with := func(typ entity.Type, id string) []string {
		got := allIDs(t, x, Request{Entities: []Entity{{Type: typ, ID: id}}})
		slices.Sort(got)
		return got
	}
	res57 := with(entity.Resolution, "57-NQ/TW")
	if len(res57) < 2 {
		t.Fatalf("the seeds hold 57-NQ/TW in %v; want at least two articles", res57)
	}
	for _, q := range withBothForms("Nghị quyết 57", "Resolution 57", "NQ 57", "57", "thực hiện Nghị quyết 57", "Nghị quyết số 57", "57/NQ") {
		got := allIDs(t, x, Request{Query: q})
		if !subset(res57, got) {
			t.Errorf("Search(%q) = %v; want every article with 57-NQ/TW %v", q, got, res57)
		}
	}
	if got := with(entity.Resolution, "57"); !slices.Equal(got, res57) {
		t.Errorf("filter resolution 57 = %v; want %v", got, res57)
	}

	for _, person := range []string{"Tô Lâm", "Nguyễn Mạnh Hùng"} {
		want := with(entity.Person, person)
		langs := map[string]bool{}
		for _, id := range want {
			d, err := x.Get(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			langs[d.Lang] = true
		}
		if !langs["vi"] || !langs["en"] {
			t.Errorf("filter person %q = %v; want articles in both languages", person, want)
		}
		for _, q := range []string{person, analyze.Fold(person), strings.ToLower(analyze.Fold(person)), strings.ToUpper(person)} {
			if got := with(entity.Person, q); !slices.Equal(got, want) {
				t.Errorf("filter person %q = %v; want %v", q, got, want)
			}
			got := allIDs(t, x, Request{Query: q})
			if len(got) < len(want) || !subset(got[:len(want)], want) {
				t.Errorf("Search(%q) = %v; want %v first", q, got, want)
			}
		}
		r, err := x.Search(context.Background(), Request{Query: person, Facets: []entity.Type{entity.Person}})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, v := range r.Facets[entity.Person] {
			if v.ID == PersonID(person) {
				n++
				if v.Name != person || v.Count != len(want) {
					t.Errorf("PERSON facet %+v; want %q with %d", v, person, len(want))
				}
			}
		}
		if n != 1 {
			t.Errorf("PERSON facets %+v; want one bucket for %q", r.Facets[entity.Person], person)
		}
	}
}

func TestEntityClausesResolveNames(t *testing.T) {
	x := newTestIndex(t, namedDocs...)
	for q, want := range map[string][]string{
		`person:"to lam"`:         {"r1", "r3"},
		`person:"Tô Lâm"`:         {"r1", "r3"},
		`resolution:57`:           {"r1", "r2", "r3", "r4"},
		`resolution:57/NQ-TW`:     {"r1", "r2", "r3"},
		`country:"han quoc"`:      {"n6", "n7"},
		`ministry:"bo y te"`:      {"n8"},
		`han quoc -country:KR`:    {"r1", "r4"}, // quốc gia, Quốc hội
		`document:"Nghị định 13"`: {"r5"},
	} {
		got := allIDs(t, x, Request{Query: q})
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("Search(%q) = %v; want %v", q, got, want)
		}
	}
}

// A long fuzzy word is matched as a plain word: bleve's automaton for it
// would fail.
func TestLongFuzzyWord(t *testing.T) {
	x := newTestIndex(t, namedDocs...)
	for _, q := range []string{strings.Repeat("q", 1000) + "~2", strings.Repeat("ă", MaxFuzzyRunes+1) + "~"} {
		if _, err := x.Search(context.Background(), Request{Query: q}); err != nil {
			t.Errorf("Search(%.20q…) = %v", q, err)
		}
	}
	if got := allIDs(t, x, Request{Query: "khach~"}); !slices.Contains(got, "n2") {
		t.Errorf("Search(khach~) = %v; want n2 (khách)", got)
	}
}

// TestCountryFilterLikeQuery: a country filter written in lower case
// names the country the same word names in a query ("my" is Mỹ, the
// United States), and one in capitals may be a code ("MY" is Malaysia).
func TestCountryFilterLikeQuery(t *testing.T) {
	x := newTestIndex(t,
		Document{ID: "us", Title: "Mỹ công bố gói hỗ trợ", Body: "Chính phủ Mỹ công bố gói hỗ trợ mới."},
		Document{ID: "my", Title: "Malaysia mở cửa du lịch", Body: "Malaysia mở cửa đón khách quốc tế."},
	)
	for _, c := range []struct {
		req  Request
		want []string
	}{
		{Request{Query: "my"}, []string{"us"}},
		{Request{Query: "country:my"}, []string{"us"}},
		{Request{Query: "cong bo -country:my"}, nil},
		{Request{Query: "country:MY"}, []string{"my"}},
		{Request{Entities: []Entity{{Type: entity.Country, ID: "my"}}}, []string{"us"}},
		{Request{Entities: []Entity{{Type: entity.Country, ID: "MY"}}}, []string{"my"}},
	} {
		got := allIDs(t, x, c.req)
		if !slices.Equal(got, c.want) {
			t.Errorf("Search(%+v) = %v; want %v", c.req, got, c.want)
		}
	}
}
