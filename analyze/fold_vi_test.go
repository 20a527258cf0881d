package analyze

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// vietnameseLetters lists the 67 precomposed Vietnamese letters of each case
// with the ASCII letter each folds to.
var vietnameseLetters = []struct {
	base, lower, upper string
}{
	{"a", "àáảãạăằắẳẵặâầấẩẫậ", "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
	{"e", "èéẻẽẹêềếểễệ", "ÈÉẺẼẸÊỀẾỂỄỆ"},
	{"i", "ìíỉĩị", "ÌÍỈĨỊ"},
	{"o", "òóỏõọôồốổỗộơờớởỡợ", "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
	{"u", "ùúủũụưừứửữự", "ÙÚỦŨỤƯỪỨỬỮỰ"},
	{"y", "ỳýỷỹỵ", "ỲÝỶỸỴ"},
	{"d", "đ", "Đ"},
}

func TestFoldEveryLetter(t *testing.T) {
	var nLower, nUpper int
	for _, l := range vietnameseLetters {
		for _, c := range []struct{ letters, want string }{
			{l.lower, l.base},
			{l.upper, strings.ToUpper(l.base)},
		} {
			for _, r := range c.letters {
				nfc := string(r)
				nfd := norm.NFD.String(nfc)
				if !norm.NFC.IsNormalString(nfc) {
					t.Fatalf("test table: %q is not NFC", nfc)
				}
				for _, in := range []string{nfc, nfd} {
					if got := Fold(in); got != c.want {
						t.Errorf("Fold(%+q) = %q; want %q", in, got, c.want)
					}
					if got := string(FoldBytes([]byte(in))); got != c.want {
						t.Errorf("FoldBytes(%+q) = %q; want %q", in, got, c.want)
					}
				}
			}
		}
		nLower += utf8.RuneCountInString(l.lower)
		nUpper += utf8.RuneCountInString(l.upper)
	}
	if nLower != 67 || nUpper != 67 {
		t.Errorf("test table has %d lower-case and %d upper-case letters; want 67 and 67", nLower, nUpper)
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii", "Han Quoc 2025!", "Han Quoc 2025!"},
		{"nfc", "Hàn Quốc", "Han Quoc"},
		{"nfd", norm.NFD.String("Hàn Quốc"), "Han Quoc"},
		{"d with stroke", "Đà Nẵng, đường", "Da Nang, duong"},
		{"eth", "Ðà Nẵng", "Da Nang"},
		{"lower-case eth", "ðà nẵng, ÐHQG", "da nang, DHQG"},
		{"keeps case", "BỘ KHOA HỌC VÀ CÔNG NGHỆ", "BO KHOA HOC VA CONG NGHE"},
		{"keeps punctuation", "“Việt Nam” – 57-NQ/TW…", "“Viet Nam” – 57-NQ/TW…"},
		{"other latin", "Café, naïve, Øresund, straße", "Cafe, naive, Øresund, straße"},
		{"non-latin kept", "中国 한국 Россия", "中国 한국 Россия"},
		{"cyrillic with mark", "Йошкар", "Иошкар"},
		{"stray marks", "a\u0301\u0323b\u0300", "ab"},
		{"mark first", "\u0301a", "a"},
		{"angstrom sign", "\u212B", "A"},
		{"hangul jamo compose", "\u1100\u1161", "\uAC00"},
		{"invalid utf-8 replaced", "Hà\xffNội", "Ha\uFFFDNoi"},
		{"invalid bytes do not join", "\xcc\u030a\x8e", "\uFFFD\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%+q) = %+q; want %+q", tt.in, got, tt.want)
			}
			if got := string(FoldBytes([]byte(tt.in))); got != tt.want {
				t.Errorf("FoldBytes(%+q) = %+q; want %+q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFoldBytesInPlace(t *testing.T) {
	b := []byte("Thủ tướng")
	got := FoldBytes(b)
	if string(got) != "Thu tuong" {
		t.Fatalf("FoldBytes = %q; want %q", got, "Thu tuong")
	}
	if &got[0] != &b[0] {
		t.Errorf("FoldBytes allocated a new slice; want the input folded in place")
	}
}

func TestFoldAllocs(t *testing.T) {
	for _, s := range []string{"han quoc", "Han Quoc 2025", "Øresund 中国", ""} {
		if n := testing.AllocsPerRun(100, func() { _ = Fold(s) }); n != 0 {
			t.Errorf("Fold(%q) allocates %v times; want 0", s, n)
		}
		b := []byte(s)
		if n := testing.AllocsPerRun(100, func() { _ = FoldBytes(b) }); n != 0 {
			t.Errorf("FoldBytes(%q) allocates %v times; want 0", s, n)
		}
	}
	// Folding in place: the buffer is refilled each run, outside the count.
	src := []byte("Nguyễn Mạnh Hùng, Bộ Khoa học và Công nghệ")
	buf := make([]byte, len(src))
	n := testing.AllocsPerRun(100, func() {
		copy(buf, src)
		_ = FoldBytes(buf)
	})
	if n != 0 {
		t.Errorf("FoldBytes(%q) allocates %v times; want 0", src, n)
	}
}

func TestFoldMatchesReference(t *testing.T) {
	// Every rune of the table range and a sample beyond, alone and after a
	// base letter, must fold as the reference chain does.
	for r := rune(0); r < 0x3000; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r) + "b"} {
			if got, want := Fold(s), foldReference(s); got != want {
				t.Errorf("Fold(%+q) = %+q; want %+q (reference)", s, got, want)
			}
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, l := range vietnameseLetters {
		f.Add(l.lower)
		f.Add(norm.NFD.String(l.upper))
	}
	for _, s := range []string{"", "Hàn Quốc", "Ðà Nẵng", "a\u0301\u0323b", "\u1100\u1161", "\xff\xfe", "thuỷ hoà", "ðà", "uY\u0309\u0323"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if b := string(FoldBytes([]byte(s))); b != got {
			t.Fatalf("FoldBytes(%+q) = %+q; Fold gives %+q", s, b, got)
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold is not idempotent: Fold(%+q) = %+q, Fold of that = %+q", s, got, again)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%+q) = %+q, not valid UTF-8", s, got)
		}
		if want := foldReference(s); got != want {
			t.Fatalf("Fold(%+q) = %+q; reference gives %+q", s, got, want)
		}
	})
}
