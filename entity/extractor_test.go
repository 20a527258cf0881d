package entity

import (
	"bufio"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vnsearch/vnsearch/internal/dataset"

	"golang.org/x/text/unicode/norm"
)

// has reports whether ms holds a mention of type t with text and id.
func has(ms []Mention, t Type, text, id string) bool {
	for _, m := range ms {
		if m.Type == t && m.Text == text && normID(t, m.ID) == normID(t, id) {
			return true
		}
	}
	return false
}

func TestExtract(t *testing.T) {
	type want struct {
		typ      Type
		text, id string
	}
	tests := []struct {
		name string
		text string
		want []want
		not  []string // texts that must not be tagged
	}{
		{"country aliases", "Hàn Quốc, Han Quoc, South Korea và RoK.", []want{
			{Country, "Hàn Quốc", "KR"}, {Country, "Han Quoc", "KR"}, {Country, "South Korea", "KR"}, {Country, "RoK", "KR"}}, nil},
		{"not a country", "Ngành thẩm mỹ bên sông Hàn ở Mỹ Tho và Lào Cai.", []want{{Province, "Lào Cai", "laocai"}},
			[]string{"mỹ", "Hàn", "Mỹ Tho", "Lào"}},
		{"not a ministry", "Bộ Chính trị và Bộ trưởng Bộ Y tế bàn về Bộ luật.", []want{{Ministry, "Bộ Y tế", "moh"}},
			[]string{"Bộ Chính trị", "Bộ luật"}},
		{"ministry short forms", "Bộ KH&CN (MoST) và Ministry of Finance.", []want{
			{Ministry, "Bộ KH&CN", "most"}, {Ministry, "MoST", "most"}, {Ministry, "Ministry of Finance", "mof"}}, nil},
		{"foreign ministry vi", "Theo Bộ Y tế Ấn Độ, số ca tăng.", []want{
			{Ministry, "Bộ Y tế Ấn Độ", "IN:ministry of health and family welfare"}, {Country, "Ấn Độ", "IN"}}, nil},
		{"foreign ministry en", "the Korean Ministry of Science and ICT said", []want{
			{Ministry, "Korean Ministry of Science and ICT", "KR:ministry of science and ict"}}, nil},
		{"resolutions", "Nghị quyết 57/NQTW, Resolution No. 57-NQ/TW và Nghị quyết số 202/2025/QH15.", []want{
			{Resolution, "Nghị quyết 57/NQTW", "57-NQ/TW"}, {Resolution, "Resolution No. 57-NQ/TW", "57-NQ/TW"},
			{Resolution, "Nghị quyết số 202/2025/QH15", "202/2025/QH15"}}, nil},
		{"bare resolution", "Nghị quyết 57-NQ/TW ra đời. Nghị quyết 57 là đột phá.", []want{
			{Resolution, "Nghị quyết 57", "57-NQ/TW"}}, nil},
		{"documents", "Theo Nghị định 13/2023/NĐ-CP và Quyết định 123/QĐ-TTg.", []want{
			{Document, "Nghị định 13/2023/NĐ-CP", "13/2023/NĐ-CP"}, {Document, "Quyết định 123/QĐ-TTg", "123/QĐ-TTG"}}, nil},
		{"person after title", "Tổng Bí thư Tô Lâm phát biểu. Ông Lâm nhấn mạnh.", []want{
			{Person, "Tô Lâm", "Tô Lâm"}, {Person, "Lâm", "Tô Lâm"}}, nil},
		{"english person", "Ambassador Marc E. Knapper met Deputy Minister Bui The Duy. Knapper said so.", []want{
			{Person, "Marc E. Knapper", "Marc E. Knapper"}, {Person, "Bui The Duy", "Bui The Duy"},
			{Person, "Knapper", "Marc E. Knapper"}}, nil},
		{"family name", "Danh sách gồm Nguyễn Văn Dũng, Trần Thị Mai.", []want{
			{Person, "Nguyễn Văn Dũng", "Nguyễn Văn Dũng"}, {Person, "Trần Thị Mai", "Trần Thị Mai"}}, nil},
		{"not a person", "Trường THPT Lê Quý Đôn trên đường Nguyễn Trãi, anh H. và bà N.T.H.", nil,
			[]string{"Lê Quý Đôn", "Nguyễn Trãi", "H.", "N.T.H"}},
		{"provinces", "TP.HCM, Sài Gòn, HCM City, Hanoi, Thừa Thiên Huế và Đà Lạt.", []want{
			{Province, "TP.HCM", "hochiminh"}, {Province, "Sài Gòn", "hochiminh"}, {Province, "HCM City", "hochiminh"},
			{Province, "Hanoi", "hanoi"}, {Province, "Thừa Thiên Huế", "hue"}, {Province, "Đà Lạt", "dalat"}}, nil},
		{"former states", "Ông từng du học ở Liên Xô và Đông Đức, làm việc ở Tiệp Khắc, Nam Tư, rồi về Việt Nam Dân chủ Cộng hòa.", []want{
			{Country, "Liên Xô", "SU"}, {Country, "Đông Đức", "DD"}, {Country, "Tiệp Khắc", "CS"},
			{Country, "Nam Tư", "YU"}, {Country, "Việt Nam Dân chủ Cộng hòa", "VN"}}, nil},
		{"former states en", "He studied in the Soviet Union and East Germany, then in Czechoslovakia, Yugoslavia and the USSR.", []want{
			{Country, "Soviet Union", "SU"}, {Country, "East Germany", "DD"}, {Country, "Czechoslovakia", "CS"},
			{Country, "Yugoslavia", "YU"}, {Country, "USSR", "SU"}}, nil},
		{"former states need context", "Ông Nguyễn Đông Đức dự hội nghị của Hội Nam Tư pháp, chính quyền Việt Nam Cộng hòa (VNCH) khi đó đã sụp đổ.", []want{
			{Person, "Nguyễn Đông Đức", "Nguyễn Đông Đức"}, {Country, "Việt Nam Cộng hòa", "VN"}, {Country, "VNCH", "VN"}},
			[]string{"Đông Đức", "Nam Tư"}},
		{"ambiguous country in a list", "Đoàn sẽ thăm Pháp, Đức, Nga và Nhật; ông Đức dẫn đầu.", []want{
			{Country, "Pháp", "FR"}, {Country, "Đức", "DE"}, {Country, "Nga", "RU"}, {Country, "Nhật", "JP"}}, nil},
		{"ambiguous country after a cue", "Tổng thống Nga sang Nhật, rồi tới Anh. Anh ấy nói ông Đức và chị Nga sẽ đi cùng.", []want{
			{Country, "Nga", "RU"}, {Country, "Nhật", "JP"}, {Country, "Anh", "GB"}, {Person, "Đức", "Đức"}}, nil},
		{"country before a name", "Tổng thống Mỹ Joe Biden gặp Thủ tướng Đức Angela Merkel; Tổng thống Nga Putin vắng mặt.", []want{
			{Country, "Mỹ", "US"}, {Person, "Joe Biden", "Joe Biden"}, {Country, "Đức", "DE"},
			{Person, "Angela Merkel", "Angela Merkel"}, {Country, "Nga", "RU"}, {Person, "Putin", "Putin"}},
			[]string{"Mỹ Joe Biden", "Đức Angela Merkel", "Nga Putin"}},
		{"foreign ministry after the country", "Người phát ngôn Bộ Ngoại giao Nga Maria Zakharova cho biết.", []want{
			{Ministry, "Bộ Ngoại giao Nga", "RU:ministry of foreign affairs"}, {Person, "Maria Zakharova", "Maria Zakharova"}},
			[]string{"Nga Maria Zakharova"}},
		{"vietnamese name with a country word", "Ông Nguyễn Đức Anh và bà Trần Thị Nga dự họp.", []want{
			{Person, "Nguyễn Đức Anh", "Nguyễn Đức Anh"}, {Person, "Trần Thị Nga", "Trần Thị Nga"}}, []string{"Đức", "Anh", "Nga"}},
		{"companies are not people", "Hãng AstraZeneca, Vinamilk Group, Bamboo Airways, Lotte Mart và công ty Thái Hòa; Ngân hàng Standard Chartered dự báo.", nil,
			[]string{"AstraZeneca", "Vinamilk Group", "Bamboo Airways", "Lotte Mart", "Thái Hòa", "Standard Chartered"}},
		{"ministry spellings", "Bộ GD-ĐT, Bộ LĐ-TB-XH và Bộ Thông tin truyền thông.", []want{
			{Ministry, "Bộ GD-ĐT", "moet"}, {Ministry, "Bộ LĐ-TB-XH", "molisa"}, {Ministry, "Bộ Thông tin truyền thông", "mic"}}, nil},
		{"number and year", "Theo Nghị quyết 52/2017, ngày 12/2017 và Nghị quyết số 18/2023/QH15.", []want{
			{Resolution, "Nghị quyết 52/2017", "52/2017"}, {Resolution, "Nghị quyết số 18/2023/QH15", "18/2023/QH15"}}, []string{"12/2017"}},
		{"country words in names", "Bà Mỹ Duyên ở xã Mỹ Lý gặp Bộ trưởng Ngoại giao Hàn Quốc.", []want{
			{Person, "Mỹ Duyên", "Mỹ Duyên"}, {Country, "Hàn Quốc", "KR"}}, []string{"Mỹ", "Ngoại"}},
		{"minister of a field and a country", "Bộ trưởng Tài chính Anh Rishi Sunak và Bộ trưởng Quốc phòng Nga phát biểu.", []want{
			{Country, "Anh", "GB"}, {Person, "Rishi Sunak", "Rishi Sunak"}, {Country, "Nga", "RU"}}, []string{"Anh Rishi Sunak", "Tài"}},
		{"hyphens and apostrophes in names", "Ông Moon Jae-in gặp bà Sinéad O'Connor và ông Conan O’Brien.", []want{
			{Person, "Moon Jae-in", "Moon Jae-in"}, {Person, "Sinéad O'Connor", "Sinéad O'Connor"}, {Person, "Conan O’Brien", "Conan O’Brien"}}, nil},
		{"surname with an apostrophe", "Ông Jean-Luc O'Neill đến Huế. O'Neill cho biết, và bà D'Souza gặp ông O'Neill.", []want{
			{Person, "Jean-Luc O'Neill", "Jean-Luc O'Neill"}, {Person, "O'Neill", "Jean-Luc O'Neill"}}, []string{"Neill"}},
		{"foreign surname alone", "Thủ tướng Ấn Độ Narendra Modi gặp ông Lee Jae-myung. Modi và Lee ký kết; nhóm Pink Floyd hát, Floyd và Modi vỗ tay.", []want{
			{Person, "Narendra Modi", "Narendra Modi"}, {Person, "Modi", "Narendra Modi"}, {Person, "Lee Jae-myung", "Lee Jae-myung"}},
			[]string{"Lee Jae", "Floyd"}},
		{"brand before a name", "Chủ tịch Vinasun Đặng Phước Thành phát biểu. Ông Thành cho biết.", []want{
			{Person, "Đặng Phước Thành", "Đặng Phước Thành"}, {Person, "Thành", "Đặng Phước Thành"}}, []string{"Vinasun Đặng Phước Thành"}},
		{"a place everywhere once a cue names it", "Quán ở phố Lý Thường Kiệt đông khách; Lý Thường Kiệt là phố chính. Cậu bé lạc quan Lâm Hữu Tài cười, Lâm Hữu Tài chạy.", []want{
			{Person, "Lâm Hữu Tài", "Lâm Hữu Tài"}}, []string{"Lý Thường Kiệt"}},
		{"unaccented ambiguous countries", "Ong Hoang Van Nam sang Duc cong tac roi toi Nhat; doi tac gom Han Quoc, My. Tai My, gia tang.", []want{
			{Country, "Duc", "DE"}, {Country, "Nhat", "JP"}, {Country, "My", "US"}, {Person, "Hoang Van Nam", "Hoang Van Nam"}}, nil},
		{"unaccented names with country words", "Cong ty Giao Duc Sao Mai o lang Tu Duc gan benh vien Thong Nhat.", nil, []string{"Duc", "Nhat"}},
		{"sports and arts titles", "HLV Kim Sang-sik gọi tiền đạo Nguyễn Văn Toàn; ca sĩ Mỹ Uyên và đạo diễn Victor Vũ dự trận đấu. Chinese Foreign Minister Wang Yi met his counterpart Sugiono.", []want{
			{Person, "Kim Sang-sik", "Kim Sang-sik"}, {Person, "Nguyễn Văn Toàn", "Nguyễn Văn Toàn"}, {Person, "Mỹ Uyên", "Mỹ Uyên"},
			{Person, "Victor Vũ", "Victor Vũ"}, {Person, "Wang Yi", "Wang Yi"}, {Person, "Sugiono", "Sugiono"}}, []string{"Mỹ"}},
		{"title words in names", "Xe qua cầu Thủ Thiêm; Phó trưởng Ban Đào tạo phát biểu. Cầu thủ Man Utd và các cầu thủ Đông Nam Á dự.", nil,
			[]string{"Thiêm", "Đào", "Man Utd", "Đông Nam Á", "Nam Mỹ"}},
		{"field before a family name", "Minister of Science and Technology Nguyen Manh Hung said so. Hung added that", []want{
			{Person, "Nguyen Manh Hung", "Nguyen Manh Hung"}, {Person, "Hung", "Nguyen Manh Hung"}}, nil},
		{"fields of foreign ministers", "Bộ trưởng Môi trường Nhật Bản Ito Shintaro gặp Trưởng phòng Kinh tế thành phố và Bộ trưởng An ninh Nội địa Mỹ.", []want{
			{Person, "Ito Shintaro", "Ito Shintaro"}, {Country, "Nhật Bản", "JP"}, {Country, "Mỹ", "US"}}, []string{"Môi", "Kinh", "An"}},
		{"given names as a reference", "Tiền đạo Nguyễn Tiến Linh ghi bàn. Tiến Linh nói cả đội vui. Từ Phú Quốc, đoàn bay ra Hà Nội; Phú Quốc đón khách.", []want{
			{Person, "Tiến Linh", "Nguyễn Tiến Linh"}}, []string{"Phú Quốc"}},
		{"a short name after the full one", "Phái đoàn Nhật Bản và Vương quốc Anh tới. Ông Sato nói Nhật cần hợp tác, còn bạn Tuấn Anh học tiếng Anh.", []want{
			{Country, "Nhật Bản", "JP"}, {Country, "Nhật", "JP"}, {Country, "Vương quốc Anh", "GB"}}, []string{"Anh"}},
		{"places after titles", "Hiệu trưởng Trường THPT Trần Phú, Chủ tịch TP Hội An và Chủ tịch UBND TP Nguyễn Thành Phong dự họp.", []want{
			{Person, "Nguyễn Thành Phong", "Nguyễn Thành Phong"}}, []string{"Trần Phú", "Hội An"}},
		{"places and clubs are not people", "Real Madrid gặp Bayern Munich ở Champions League; Thống đốc California Gavin Newsom xem ở New Delhi, ông Nguyễn Tân Cương ở Bệnh viện Bạch Mai.", []want{
			{Person, "Gavin Newsom", "Gavin Newsom"}, {Person, "Nguyễn Tân Cương", "Nguyễn Tân Cương"}},
			[]string{"Real Madrid", "Bayern Munich", "Champions League", "New Delhi", "Bạch Mai", "California Gavin Newsom"}},
		{"empty", "", nil, nil},
		{"no letters", "12/3 ... --- 4/5 !!!", nil, nil},
	}
	ex := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, text := range []string{tc.text, norm.NFD.String(tc.text)} {
				ms := ex.Extract(text)
				for _, w := range tc.want {
					wt := w.text
					if text != tc.text {
						wt = norm.NFD.String(wt)
					}
					if !has(ms, w.typ, wt, w.id) {
						t.Errorf("Extract(%q) = %v; want %s %q %s", text, ms, w.typ, wt, w.id)
					}
				}
				for _, n := range tc.not {
					for _, m := range ms {
						if norm.NFC.String(m.Text) == n {
							t.Errorf("Extract(%q) tagged %q as %s; want nothing", text, m.Text, m.Type)
						}
					}
				}
			}
		})
	}
}

func TestNewWith(t *testing.T) {
	ex, err := NewWith(Config{
		Entries: []Entry{{Type: Person, ID: "Lê Văn An", Names: []string{"Lê Văn An", "An Lê"}}},
		Files:   []io.Reader{strings.NewReader("PROVINCE\tphuquoc\tPhú Quốc\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	ms := ex.Extract("An Lê đến Phú Quốc.")
	if !has(ms, Person, "An Lê", "Lê Văn An") || !has(ms, Province, "Phú Quốc", "phuquoc") {
		t.Errorf("Extract = %v; want the added person and province", ms)
	}
	if _, err := NewWith(Config{Files: []io.Reader{strings.NewReader("NOPE\tx\ty\n")}}); err == nil {
		t.Errorf("NewWith(bad file) = nil error; want an error")
	}
	if got := New().Name(Country, "KR"); got != "Hàn Quốc" {
		t.Errorf("Name(Country, KR) = %q; want %q", got, "Hàn Quốc")
	}
}

// TestObservedDocNumbers checks the number parser against the real document
// numbers in the shared regression list.
func TestObservedDocNumbers(t *testing.T) {
	dir := dataset.Dir()
	if dir == "" {
		t.Skip("shared data not found")
	}
	f, err := os.Open(filepath.Join(dir, "legal_doc_numbers", "observed_doc_numbers.tsv"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	ex := New()
	sc := bufio.NewScanner(f)
	total, ok := 0, 0
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 5 || cols[0] == "doc_number" {
			continue
		}
		num, prefix := cols[0], cols[4]
		text := strings.TrimSpace(prefix + " " + num + " ngày 1/1")
		total++
		found := false
		for _, m := range ex.Extract(text) {
			if (m.Type == Resolution || m.Type == Document) && normID(m.Type, m.ID) == normID(m.Type, num) {
				found = true
			}
		}
		if found {
			ok++
		} else {
			t.Logf("not parsed: %q", text)
		}
	}
	t.Logf("parsed %d of %d observed document numbers", ok, total)
	if total > 0 && float64(ok) < 0.95*float64(total) {
		t.Errorf("parsed %d of %d observed numbers; want >= 95%%", ok, total)
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{"", "Hàn Quốc", "Nghị quyết 57-NQ/TW", "Tổng Bí thư Tô Lâm", "\xff\xfeBộ Y tế",
		"Ambassador Marc E. Knapper", "12/2023/NĐ-CP", "TP.HCM", norm.NFD.String("Việt Nam và Mỹ"), "A. B. C.", "ông"} {
		f.Add(s)
	}
	ex := New()
	f.Fuzz(func(t *testing.T, s string) {
		ms := ex.Extract(s)
		valid := utf8.ValidString(s)
		for _, m := range ms {
			if m.Start < 0 || m.Start >= m.End || m.End > len(s) {
				t.Fatalf("Extract(%q): mention %+v out of range", s, m)
			}
			if m.Text != s[m.Start:m.End] {
				t.Fatalf("Extract(%q): Text %q != text[%d:%d]", s, m.Text, m.Start, m.End)
			}
			if valid && (!utf8.RuneStart(s[m.Start]) || m.End < len(s) && !utf8.RuneStart(s[m.End])) {
				t.Fatalf("Extract(%q): mention %+v not on rune boundaries", s, m)
			}
		}
	})
}

func TestExtractLong(t *testing.T) {
	if testing.Short() {
		t.Skip("long input")
	}
	s := strings.Repeat("Tổng Bí thư Tô Lâm thăm Hàn Quốc theo Nghị quyết 57-NQ/TW. ", 20000) + strings.Repeat("A", 1<<20)
	ms := New().Extract(s)
	if len(ms) < 20000*3 {
		t.Errorf("Extract(long) found %d mentions; want >= %d", len(ms), 60000)
	}
}

// TestCanonMarks checks the table of canonMarks against canonMarksSlow on
// every letter of the ranges it covers, alone and in words, and on words
// with combining marks and letters it leaves to the slow path.
func TestCanonMarks(t *testing.T) {
	var letters []string
	for _, rg := range [][2]rune{{0x20, 0x300}, {0x1E00, 0x1F00}} {
		for r := rg[0]; r < rg[1]; r++ {
			letters = append(letters, string(r))
		}
	}
	letters = append(letters, "\u0300", "\u0301", "\u0302", "\u0303", "\u0309", "\u0323", "İ", "ẞ", "Ω", "\xff", "đ", "Đ")
	check := func(s string) {
		if got, want := canonMarks(s), canonMarksSlow(s); got != want {
			t.Fatalf("canonMarks(%q) = %q; want %q", s, got, want)
		}
	}
	for _, l := range letters {
		check(l)
		check("Ng" + l + "uyễn")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		var b strings.Builder
		for j := 1 + rng.IntN(8); j > 0; j-- {
			b.WriteString(letters[rng.IntN(len(letters))])
		}
		check(b.String())
	}
	for _, w := range []string{"Hòa", "hoà", "Khỏe", "TRƯỜNG", "Nguyễn", "Lý", "Ðặng", "Chloé"} {
		check(w)
	}
	if canonMarks("hoà") != canonMarks("hòa") || canonMarks("Hàn") == canonMarks("Hán") {
		t.Error("canonMarks does not compare tone placements alike and tones apart")
	}
}

// TestForeignMinistryIDStable: a foreign ministry named after a Vietnamese
// one takes that ministry's official English name in its ID, every time
// (the name was once drawn from a map, and varied).
func TestForeignMinistryIDStable(t *testing.T) {
	ex := New()
	for range 50 {
		var got []string
		for _, m := range ex.Extract("Bộ Quốc phòng Trung Quốc cho biết.") {
			if m.Type == Ministry {
				got = append(got, m.ID)
			}
		}
		if len(got) != 1 || got[0] != "CN:ministry of national defence" {
			t.Fatalf("ministries of %q = %q; want [CN:ministry of national defence]", "Bộ Quốc phòng Trung Quốc cho biết.", got)
		}
	}
}

// TestVnSyllable checks vnSyllable against the regular expression it
// implements, on every string of up to four letters from a set that
// covers the onsets, vowels and finals, and on real syllables.
func TestVnSyllable(t *testing.T) {
	re := regexp.MustCompile(`^(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$`)
	letters := "aeiouybcdghkmnpqrtxzw"
	var gen func(prefix string, n int)
	count := 0
	gen = func(prefix string, n int) {
		if got, want := vnSyllable(prefix), re.MatchString(prefix); got != want {
			t.Fatalf("vnSyllable(%q) = %v; want %v", prefix, got, want)
		}
		count++
		if n == 0 {
			return
		}
		for i := range len(letters) {
			gen(prefix+letters[i:i+1], n-1)
		}
	}
	gen("", 4)
	for _, w := range []string{"nguyen", "nghiem", "quang", "giang", "truong", "khuyen", "thuong", "vladimir", "putin", "merkel", "angela", "joe", "park"} {
		if got, want := vnSyllable(w), re.MatchString(w); got != want {
			t.Errorf("vnSyllable(%q) = %v; want %v", w, got, want)
		}
	}
}

func TestNames(t *testing.T) {
	e := New()
	if got := e.Names(Country, "KR"); len(got) < 3 || got[0] != e.Name(Country, "KR") || !slices.Contains(got, "Hàn Quốc") || !slices.Contains(got, "RoK") {
		t.Errorf("Names(COUNTRY, KR) = %q; want the display name first, Hàn Quốc and RoK among them", got)
	}
	if got := e.Names(Province, "hanoi"); !slices.Contains(got, "Hà Nội") {
		t.Errorf("Names(PROVINCE, hanoi) = %q; want Hà Nội among them", got)
	}
	for _, tt := range []struct {
		t  Type
		id string
	}{{Country, "XX"}, {Person, "to-lam"}, {Resolution, "57-NQ/TW"}} {
		if got := e.Names(tt.t, tt.id); got != nil {
			t.Errorf("Names(%s, %s) = %q; want nil", tt.t, tt.id, got)
		}
	}
	// a copy: changing it changes no later answer
	e.Names(Country, "KR")[0] = "x"
	if e.Names(Country, "KR")[0] == "x" {
		t.Error("Names returned the gazetteer's own slice")
	}
}
