package analyze

import (
	"testing"

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
