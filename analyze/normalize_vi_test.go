package analyze

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii", "Hoa Binh", "Hoa Binh"},
		{"already normal", "Hàn Quốc", "Hàn Quốc"},
		{"nfd to nfc", norm.NFD.String("Nguyễn Mạnh Hùng"), "Nguyễn Mạnh Hùng"},
		// Tone placement (tone_vi_test.go has every vowel cluster): open
		// syllables ending in oa, oe, uy take the tone on the first vowel.
		{"oa grave", "hoà", "hòa"},
		{"oa kept", "hòa", "hòa"},
		{"oa dot", "Thanh Hoá, hoạ", "Thanh Hóa, họa"},
		{"oe hook", "khoẻ", "khỏe"},
		{"oe grave", "choè", "chòe"},
		{"uy hook", "thuỷ", "thủy"},
		{"uy tilde", "Thuỹ", "Thũy"},
		{"uy dot", "luỵ", "lụy"},
		{"upper case", "HOÀ BÌNH, THUỶ", "HÒA BÌNH, THỦY"},
		{"nfd and new style", norm.NFD.String("Khánh Hoà"), "Khánh Hòa"},
		{"final consonant keeps tone", "hoàng thuyền toán", "hoàng thuyền toán"},
		{"final consonant moves tone", "hòan khỏang họăc", "hoàn khoảng hoặc"},
		{"semivowel final", "baì đaị", "bài đại"},
		{"uo with horns", "lựơng", "lượng"},
		{"qu keeps tone", "quý quỳ Quỷ", "quý quỳ Quỷ"},
		{"qu is an onset", "qúy Qủang", "quý Quảng"},
		{"gi is an onset", "gìa giưã gìn", "già giữa gìn"},
		{"three vowels keep tone", "hoài khuỷu", "hoài khuỷu"},
		{"before punctuation", "hoà.", "hòa."},
		{"upper and title case", "HÒAN Hòan", "HOÀN Hoàn"},
		{"not a syllable", "Chloé café", "Chloé café"},
		{"tone twice", "hòà", "hòa"},
		{"two tones kept", "uY\u0309\u0323", "u\u1ef4\u0309"},
		{"two tones precomposed kept", "\u1ee5Y\u0309", "\u1ee5\u1ef6"},
		// Ð and ð, left for Đ and đ by old encodings.
		{"eth", "Ðà Nẵng, ðường", "Đà Nẵng, đường"},
		{"eth outside a syllable", "ÐHQG", "ĐHQG"},
		// Default-ignorable characters.
		{"soft hyphen", "Hà\u00adNội", "HàNội"},
		{"zero width space", "Việt\u200bNam", "ViệtNam"},
		{"zero width joiners", "Hà\u200cNội\u200d", "HàNội"},
		{"byte order mark", "\ufeffHàn Quốc", "Hàn Quốc"},
		{"ignorable inside a syllable", "ho\u200bà", "hòa"},
		{"invalid utf-8 alone kept", "Đồng Nội\xff", "Đồng Nội\xff"},
		{"invalid utf-8 replaced on a tone move", "hòan\xff", "hoàn\uFFFD"},
		{"invalid utf-8 replaced on eth", "Ð\xff", "Đ\uFFFD"},
		{"invalid utf-8 inside a syllable", "ho\xffà", "ho\xffà"},
		{"invalid utf-8 replaced on change", "hoà\xff", "hòa\uFFFD"},
		{"invalid bytes do not join", "A\xcc\u00ad\xa30", "A\uFFFD\uFFFD0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%+q) = %+q; want %+q", tt.in, got, tt.want)
			}
			in := []byte(tt.in)
			if got := string(NormalizeBytes(in)); got != tt.want {
				t.Errorf("NormalizeBytes(%+q) = %+q; want %+q", tt.in, got, tt.want)
			}
			if string(in) != tt.in {
				t.Errorf("NormalizeBytes modified its input to %+q", in)
			}
			if got := string(normalizeTerm(in)); got != tt.want {
				t.Errorf("normalizeTerm(%+q) = %+q; want %+q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeSameAsNFDOfOldStyle(t *testing.T) {
	// Both tone placements, in NFC and NFD, normalize to one spelling.
	for _, pair := range [][2]string{
		{"hoà", "hòa"}, {"thuỷ", "thủy"}, {"choè", "chòe"}, {"Khoá", "Khóa"}, {"tuý", "túy"},
	} {
		want := Normalize(pair[1])
		for _, in := range []string{pair[0], pair[1], norm.NFD.String(pair[0]), norm.NFD.String(pair[1])} {
			if got := Normalize(in); got != want {
				t.Errorf("Normalize(%+q) = %+q; want %+q", in, got, want)
			}
		}
	}
}

func TestNormalizeAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = Normalize("Han Quoc") }); n != 0 {
		t.Errorf("Normalize of ASCII allocates %v times; want 0", n)
	}
	for _, s := range []string{"Hàn Quốc", "Nguyễn Khánh Hòa, thủy lợi", "Chloé", "hòá"} {
		b := []byte(s)
		if n := testing.AllocsPerRun(100, func() { _ = NormalizeBytes(b) }); n != 0 {
			t.Errorf("NormalizeBytes(%q), normal, allocates %v times; want 0", s, n)
		}
	}
}

// normalizeReference is what Normalize does to valid UTF-8, in the order
// the documentation states it: remove ignorables, map Ð and ð, NFC, place
// the tones. Normalize places the tones before NFC so that Vietnamese NFD
// needs no general composition; the result must be the same.
func normalizeReference(s string) string {
	b := mapEth(removeIgnorables([]byte(s)), true)
	return string(placeTones(norm.NFC.Bytes(b)))
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"", "hoà", "thuỷ", "quý", "Hà\u00adNội", norm.NFD.String("Khánh Hoà"), "\xff",
		"hòan khỏang họăc baì đaị lựơng", "HÒAN Hòan", "qúy gìa giưã gìn", "Chloé",
		"Ðà Nẵng ð", "hòà hòá", "a\u0301\u0302n", "uY\u0309\u0323", "\u1ee5Y\u0309",
		"a\u0340", "hòan\xff",
	} {
		f.Add(s)
	}
	for _, sy := range syllables {
		f.Add(sy.spelled)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if again := Normalize(got); again != got {
			t.Fatalf("Normalize is not idempotent: Normalize(%+q) = %+q, Normalize of that = %+q", s, got, again)
		}
		if b := string(NormalizeBytes([]byte(s))); b != got {
			t.Fatalf("NormalizeBytes(%+q) = %+q; Normalize gives %+q", s, b, got)
		}
		if b := string(normalizeTerm([]byte(s))); b != got {
			t.Fatalf("normalizeTerm(%+q) = %+q; Normalize gives %+q", s, b, got)
		}
		if !utf8.ValidString(s) {
			if got != s && !utf8.ValidString(got) {
				t.Fatalf("Normalize(%+q) = %+q changed the text but kept invalid UTF-8", s, got)
			}
			return
		}
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
			t.Fatalf("Normalize(%+q) = %+q, not valid NFC", s, got)
		}
		checkSettled(t, norm.NFC.Bytes([]byte(s)))
		if want := normalizeReference(s); got != want {
			t.Fatalf("Normalize(%+q) = %+q; the reference order gives %+q", s, got, want)
		}
		if Fold(got) != Fold(string(removeIgnorables([]byte(s)))) {
			t.Fatalf("Normalize(%+q) = %+q changed more than diacritics", s, got)
		}
	})
}
