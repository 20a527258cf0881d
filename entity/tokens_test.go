package entity

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vnsearch/vnsearch/analyze"

	"golang.org/x/text/unicode/norm"
)

// TestTokenKeys checks each word token's key, marks flag and hash against
// their definitions: the key is the word folded and lower-cased.
func TestTokenKeys(t *testing.T) {
	texts := []string{
		"Tổng Bí thư Tô Lâm thăm Hàn Quốc",
		norm.NFD.String("Đoàn Thị Hương, ĐẠI HỘI Đảng lần thứ XIV"),
		"Straße ǅemal Ωmega Москва naïve ＡＢＣ İstanbul",
		"nghệBộ PhươngTheo McDonald's",
	}
	// random words from Vietnamese letters, marks, other scripts and
	// ASCII, in both normal forms
	pool := []rune("aăâeêioôơuưyđAĂÂĐOƠƯàáảãạằắẳẵặẦẤẨẪẬỳýỷỹỵ\u0300\u0301\u0303\u0309\u0323ßǅΩωЖжİıﬁ")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteRune(pool[rng.IntN(len(pool))])
		}
		w := b.String()
		if rng.IntN(2) == 0 {
			w = norm.NFD.String(w)
		}
		texts = append(texts, w)
	}
	var tz tokenizer
	for _, s := range texts {
		tz.tokenize(s)
		for k, tk := range tz.toks {
			key := string(tz.key(k))
			if tk.hash != hashKey(tz.key(k)) {
				t.Errorf("%q token %d: hash %d, want %d", s, k, tk.hash, hashKey(tz.key(k)))
			}
			if tk.kind != kindWord {
				continue
			}
			raw := s[tk.start:tk.end]
			f := analyze.Fold(raw)
			if want := strings.ToLower(f); key != want {
				t.Errorf("%q: word %q has key %q, want %q", s, raw, key, want)
			}
			if marks := tk.flags&flagMarks != 0; marks != (f != raw) {
				t.Errorf("%q: word %q: marks flag %v, want %v", s, raw, marks, f != raw)
			}
		}
	}
}

// TestDecodeRune compares decodeRune with utf8.DecodeRuneInString on every
// rune and on truncated and invalid sequences.
func TestDecodeRune(t *testing.T) {
	check := func(s string) {
		r, n := decodeRune(s)
		wr, wn := utf8.DecodeRuneInString(s)
		if r != wr || n != wn {
			t.Errorf("decodeRune(%q) = %U, %d; want %U, %d", s, r, n, wr, wn)
		}
	}
	for r := rune(0); r <= utf8.MaxRune; r++ {
		s := string(r)
		check(s)
		check(s + "x")
		check(s[:len(s)-1])
	}
	for _, s := range []string{"\xc0\x80", "\xc1\xbf", "\xe1\xb8", "\xe1\xbb\x00", "\xe1\xbb\xc0", "\xe1\xb7\xbf", "\xe1\xbc\x80", "\xed\xa0\x80"} {
		check(s)
	}
}
