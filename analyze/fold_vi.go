package analyze

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// foldTableEnd is the first rune past the range that foldTable covers: Latin,
// Greek, Cyrillic and the other scripts below U+2000, which holds the Latin
// Extended Additional block with the Vietnamese letters.
const foldTableEnd = 0x2000

// foldEntry says what Fold does with one rune below foldTableEnd.
type foldEntry struct {
	kind foldKind
	to   rune // the replacement, for foldMap
}

type foldKind uint8

const (
	foldKeep foldKind = iota // the rune stays as it is
	foldMap                  // the rune becomes to
	foldDrop                 // the rune is a nonspacing mark and goes
	foldSlow                 // the rune needs the whole-string reference chain
)

var foldTable [foldTableEnd]foldEntry

func init() {
	for r := rune(utf8.RuneSelf); r < foldTableEnd; r++ {
		foldTable[r] = classify(r)
	}
}

// classify works out, with the reference chain, what folding does to r when
// it stands alone, and whether that is also what it does inside any string.
func classify(r rune) foldEntry {
	if unicode.Is(unicode.Mn, r) {
		return foldEntry{kind: foldDrop}
	}
	if !norm.NFC.PropertiesString(string(r)).BoundaryBefore() {
		// r can combine with the rune before it (Hangul vowel jamo, some
		// spacing vowel signs); only the whole-string chain gets that right.
		return foldEntry{kind: foldSlow}
	}
	out := foldReference(string(r))
	if out == string(r) {
		return foldEntry{kind: foldKeep}
	}
	to, n := utf8.DecodeRuneInString(out)
	if n != len(out) || utf8.RuneLen(to) > utf8.RuneLen(r) {
		return foldEntry{kind: foldSlow}
	}
	return foldEntry{kind: foldMap, to: to}
}

// lookup returns the entry for any rune, computing it for runes past the table.
func lookup(r rune) foldEntry {
	if r < foldTableEnd {
		return foldTable[r]
	}
	if unicode.Is(unicode.Mn, r) {
		return foldEntry{kind: foldDrop}
	}
	p := norm.NFC.PropertiesString(string(r))
	if !p.BoundaryBefore() || norm.NFD.PropertiesString(string(r)).Decomposition() != nil {
		return foldEntry{kind: foldSlow}
	}
	return foldEntry{kind: foldKeep}
}

// Fold removes diacritics from s and maps đ and ð (U+00F0) to d, Đ and Ð
// (U+00D0) to D.
// It keeps case and every other character. NFC and NFD input give the same
// result. For Vietnamese text the result is plain ASCII letters.
//
// Fold returns s itself, without allocating, when s has nothing to fold.
// Its result equals the reference chain NFD → remove nonspacing marks (Mn)
// → map đ/ð/Đ/Ð → NFC for all valid UTF-8 input. Each run of invalid UTF-8
// bytes becomes U+FFFD, so the result is always valid UTF-8.
func Fold(s string) string {
	i := foldSpan(s)
	if i == len(s) {
		return s
	}
	b := make([]byte, len(s))
	copy(b, s)
	return string(foldFrom(b, i))
}

// FoldBytes folds b in place, as Fold does, and returns the folded prefix
// of b. Folding never makes valid text longer, so no allocation happens
// except for invalid UTF-8 and for rare input outside the Latin-script range
// that needs full normalization; then the result is a new slice.
func FoldBytes(b []byte) []byte {
	return foldFrom(b, 0)
}

// foldFrom folds b from byte i on, in place, and returns the result.
func foldFrom(b []byte, i int) []byte {
	w := i // b[:w] is folded; b[i:] is not read yet
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			b[w] = c
			w++
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		e := lookup(r)
		if n == 1 || e.kind == foldSlow {
			// Invalid UTF-8, or a rune whose folding depends on its
			// neighbours: the reference chain does the rest. Folding the
			// prefix first does not change what the chain gives.
			return []byte(foldReference(string(b[:w]) + string(b[i:])))
		}
		switch e.kind {
		case foldKeep:
			w += copy(b[w:], b[i:i+n])
		case foldMap:
			w += utf8.EncodeRune(b[w:], e.to)
		}
		i += n
	}
	return b[:w]
}

// foldSpan returns the length of the prefix of s that folding leaves as it is.
func foldSpan(s string) int {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if n == 1 || lookup(r).kind != foldKeep { // n == 1: invalid UTF-8
			return i
		}
		i += n
	}
	return len(s)
}

// mapD maps the stroked d letters, which have no decomposition, to d and D.
var mapD = runes.Map(func(r rune) rune {
	switch r {
	case 'đ', 'ð':
		return 'd'
	case 'Đ', 'Ð':
		return 'D'
	}
	return r
})

// foldReference is the x/text chain that defines Fold: NFD, remove
// nonspacing marks, map the stroked d letters, NFC.
func foldReference(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), mapD, norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}
