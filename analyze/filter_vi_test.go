package analyze

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"golang.org/x/text/unicode/norm"
)

func TestFoldFilterAllocs(t *testing.T) {
	f := NewFoldFilter()
	stream := analysis.TokenStream{
		{Term: []byte("han"), Start: 0, End: 3, Position: 1},
		{Term: []byte("quoc"), Start: 4, End: 8, Position: 2},
	}
	if n := testing.AllocsPerRun(100, func() { f.Filter(stream) }); n != 0 {
		t.Errorf("FoldFilter on folded tokens allocates %v times; want 0", n)
	}
	src := [][]byte{[]byte("hàn"), []byte("quốc"), []byte("đà")}
	bufs := make([][]byte, len(src))
	for i := range src {
		bufs[i] = make([]byte, len(src[i]))
	}
	stream = make(analysis.TokenStream, len(src))
	for i := range stream {
		stream[i] = &analysis.Token{}
	}
	n := testing.AllocsPerRun(100, func() {
		for i := range src {
			stream[i].Term = bufs[i][:copy(bufs[i], src[i])]
		}
		f.Filter(stream)
	})
	if n != 0 {
		t.Errorf("FoldFilter on accented tokens allocates %v times; want 0 (in place)", n)
	}
	for i, want := range []string{"han", "quoc", "da"} {
		if got := string(stream[i].Term); got != want {
			t.Errorf("FoldFilter token %d = %q; want %q", i, got, want)
		}
	}
}

func TestNormalizeFilterDropsEmptyTokens(t *testing.T) {
	stream := analysis.TokenStream{
		{Term: []byte("ho\u200bà"), Start: 0, End: 8, Position: 1},
		{Term: []byte("\u200b\u200d"), Start: 9, End: 15, Position: 2},
		{Term: []byte("thuỷ"), Start: 16, End: 22, Position: 3},
	}
	got := NewNormalizeFilter().Filter(stream)
	if len(got) != 2 || string(got[0].Term) != "hòa" || string(got[1].Term) != "thủy" || got[1].Position != 3 {
		var terms []string
		for _, tk := range got {
			terms = append(terms, string(tk.Term))
		}
		t.Errorf("NormalizeFilter terms = %q; want [\"hòa\" \"thủy\"] with positions kept", terms)
	}
}

func TestNormalizeFilterInPlace(t *testing.T) {
	// An NFD syllable becomes shorter in NFC and a moved tone keeps the
	// length: both are rewritten in place, without allocating.
	src := [][]byte{[]byte(norm.NFD.String("Nguyễn")), []byte("hòan"), []byte("Hàn")}
	bufs := make([][]byte, len(src))
	for i := range src {
		bufs[i] = make([]byte, len(src[i]))
	}
	stream := make(analysis.TokenStream, len(src))
	for i := range stream {
		stream[i] = &analysis.Token{}
	}
	f := NewNormalizeFilter()
	n := testing.AllocsPerRun(100, func() {
		for i := range src {
			stream[i].Term = bufs[i][:copy(bufs[i], src[i])]
		}
		f.Filter(stream)
	})
	if n != 0 {
		t.Errorf("NormalizeFilter allocates %v times; want 0 (in place)", n)
	}
	for i, want := range []string{"Nguyễn", "hoàn", "Hàn"} {
		if got := string(stream[i].Term); got != want {
			t.Errorf("NormalizeFilter token %d = %q; want %q", i, got, want)
		}
	}
}

func TestLowerFilter(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ascii", "Han QUOC", "han quoc"},
		{"vietnamese", "ĐÀ NẴNG Thủy", "đà nẵng thủy"},
		{"nfd", norm.NFD.String("HOÀ"), norm.NFD.String("hoà")},
		{"dotted capital i", "İstanbul", "istanbul"},
		{"capital sharp s", "ẞtraße", "ßtraße"},
		{"kelvin sign", "\u212Aelvin", "kelvin"},
		{"shorter in the middle", "aⱿb", "aɀb"},
		{"longer", "Ⱥb", "ⱥb"},
		{"final sigma", "ΟΔΟΣ", "οδος"},
		{"sigma inside", "ΣΑ", "σα"},
		{"invalid utf-8 kept", "A\xffB", "a\xffb"},
	}
	f := NewLowerFilter()
	for _, tt := range tests {
		got := f.Filter(analysis.TokenStream{{Term: []byte(tt.in)}})
		if string(got[0].Term) != tt.want {
			t.Errorf("%s: LowerFilter(%+q) = %+q; want %+q", tt.name, tt.in, got[0].Term, tt.want)
		}
	}
	if got := lowerReference("ΟΔΟΣ"); got != "οδος" {
		t.Errorf("lowerReference(ΟΔΟΣ) = %q", got)
	}
}

func TestLowerFilterAllocs(t *testing.T) {
	src := []byte("İSTANBUL ĐÀ NẴNG")
	buf := make([]byte, len(src))
	f := NewLowerFilter()
	stream := analysis.TokenStream{{}}
	n := testing.AllocsPerRun(100, func() {
		stream[0].Term = buf[:copy(buf, src)]
		f.Filter(stream)
	})
	if n != 0 {
		t.Errorf("LowerFilter allocates %v times; want 0 (in place)", n)
	}
}

// lowerReference lower-cases s rune by rune, with unicode.ToLower and a
// final Σ as ς.
func lowerReference(s string) string {
	var b []byte
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		l := unicode.ToLower(r)
		if r == 'Σ' && i+n == len(s) {
			l = 'ς'
		}
		if l == r {
			b = append(b, s[i:i+n]...)
		} else {
			b = utf8.AppendRune(b, l)
		}
		i += n
	}
	return string(b)
}

func FuzzLower(f *testing.F) {
	for _, s := range []string{"", "Hàn Quốc", "İstanbul", "ẞ", "Ⱥb", "aⱿb", "ΟΔΟΣ", "A\xffB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := string(lowerBytes([]byte(s)))
		if want := lowerReference(s); got != want {
			t.Fatalf("lowerBytes(%+q) = %+q; want %+q", s, got, want)
		}
		if again := string(lowerBytes([]byte(got))); again != got {
			t.Fatalf("lowerBytes is not idempotent: lowerBytes(%+q) = %+q, lowerBytes of that = %+q", s, got, again)
		}
	})
}
