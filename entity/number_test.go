package entity

import "testing"

func TestCanonicalID(t *testing.T) {
	tests := []struct {
		typ      Type
		in, want string
	}{
		{Resolution, "57-NQ/TW", "57-NQ/TW"},
		{Resolution, "57/NQ-TW", "57-NQ/TW"},
		{Resolution, "57/NQTW", "57-NQ/TW"},
		{Resolution, "57-nq/tw", "57-NQ/TW"},
		{Resolution, "57/NQ-TƯ", "57-NQ/TW"},
		{Resolution, " 45-KL/TW ", "45-KL/TW"},
		{Resolution, "202/2025/QH15", "202/2025/QH15"},
		{Resolution, "57", "57"},
		{Document, "13/2023/NĐ-CP", "13/2023/NĐ-CP"},
		{Document, "123/QĐ-TTg", "123/QĐ-TTG"},
		{Document, "35-L/CTN", "35-L/CTN"}, // the old state form is not Party
		{Country, "kr", "KR"},
		{Province, "Ha Noi", "hanoi"},
		{Province, "Hà Nội", "hanoi"},
		{Ministry, "MOST", "most"},
		{Ministry, "kr:Ministry of Science and ICT", "KR:ministry of science and ict"},
		{Person, " Tô Lâm ", "Tô Lâm"},
	}
	for _, tt := range tests {
		if got := CanonicalID(tt.typ, tt.in); got != tt.want {
			t.Errorf("CanonicalID(%s, %q) = %q; want %q", tt.typ, tt.in, got, tt.want)
		}
	}
}

func TestResolutionSpellingsShareID(t *testing.T) {
	x := New()
	for _, text := range []string{
		"Nghị quyết 57-NQ/TW của Bộ Chính trị",
		"Nghị quyết số 57/NQ-TW của Bộ Chính trị",
		"Nghi quyet 57/NQTW cua Bo Chinh tri",
		"Resolution No. 57-NQ/TW of the Politburo",
	} {
		var got string
		for _, m := range x.Extract(text) {
			if m.Type == Resolution {
				got = m.ID
			}
		}
		if got != "57-NQ/TW" {
			t.Errorf("Extract(%q) resolution ID = %q; want %q", text, got, "57-NQ/TW")
		}
	}
}

func TestResolve(t *testing.T) {
	x := New()
	tests := []struct {
		typ      Type
		in, want string
	}{
		{Country, "Hàn Quốc", "KR"},
		{Country, "South Korea", "KR"},
		{Country, " kr ", "KR"},
		{Province, "Hà Nội", "hanoi"},
		{Province, "hanoi", "hanoi"},
		{Ministry, "Bộ Khoa học và Công nghệ", "most"},
		{Ministry, "most", "most"},
		{Resolution, "57/NQ-TW", "57-NQ/TW"},
		{Person, "Tô Lâm", "Tô Lâm"},
		{Country, "Hàn Quốc và Nhật Bản", "HÀN QUỐC VÀ NHẬT BẢN"}, // two countries: no single ID
		// names that running text leaves to context are names here
		{Country, "Đức", "DE"},
		{Country, "Nga", "RU"},
		{Country, "Duc", "DE"},
		{Country, "My", "US"},
		{Country, "MY", "MY"}, // a code
		{Country, "Hàn", "HÀN"},
	}
	for _, tt := range tests {
		if got := x.Resolve(tt.typ, tt.in); got != tt.want {
			t.Errorf("Resolve(%s, %q) = %q; want %q", tt.typ, tt.in, got, tt.want)
		}
	}
}
