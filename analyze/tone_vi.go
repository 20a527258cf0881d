package analyze

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Vietnamese tone marks, as combining characters (UAX #15 decomposes the
// precomposed letters into a base letter, an optional vowel mark and one of
// these).
const (
	toneGrave = '\u0300' // huyền
	toneAcute = '\u0301' // sắc
	toneTilde = '\u0303' // ngã
	toneHook  = '\u0309' // hỏi
	toneDot   = '\u0323' // nặng
)

var tones = [...]rune{toneGrave, toneAcute, toneTilde, toneHook, toneDot}

// toned maps a base vowel and a tone to the precomposed letter, and untoned
// maps a precomposed letter back to its base vowel and tone. Only the vowels
// that canonical placement moves tones between are listed: o, a, e, u, y.
var toned, untoned = toneMaps()

func toneMaps() (map[[2]rune]rune, map[rune][2]rune) {
	toned := map[[2]rune]rune{}
	untoned := map[rune][2]rune{}
	for _, base := range "oaeuyOAEUY" {
		for _, t := range tones {
			r, _ := utf8.DecodeRuneInString(norm.NFC.String(string([]rune{base, t})))
			toned[[2]rune{base, t}] = r
			untoned[r] = [2]rune{base, t}
		}
	}
	return toned, untoned
}

// splitTone returns the base vowel and the tone of r; tone is 0 for a plain
// vowel and base is 0 for a rune that is neither.
func splitTone(r rune) (base, tone rune) {
	if bt, ok := untoned[r]; ok {
		return bt[0], bt[1]
	}
	switch r {
	case 'o', 'a', 'e', 'u', 'y', 'O', 'A', 'E', 'U', 'Y':
		return r, 0
	}
	return 0, 0
}

// placeTones rewrites s, which must be NFC, so that the open syllables ending
// in oa, oe and uy carry their tone mark on the first vowel: hoà → hòa,
// thuỷ → thủy, choè → chòe (the placement of most Vietnamese news text).
// Syllables with a final consonant (hoàng, thuyền) and qu+y (quý) keep theirs.
// It returns s itself when nothing moves, and a new slice otherwise.
func placeTones(s []byte) []byte {
	var out []byte // nil until something moves
	last := 0      // bytes of s before last are in out
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		if !unicode.IsLetter(r) {
			i += n
			continue
		}
		// The syllable is the run of letters starting at i.
		j := i
		var prev, a, b rune // the rune before a, and the last two letters
		var aAt, bAt int    // the byte offsets of a and b
		for j < len(s) {
			r, n := utf8.DecodeRune(s[j:])
			if !unicode.IsLetter(r) {
				break
			}
			prev, a, b = a, b, r
			aAt, bAt = bAt, j
			j += n
		}
		if repl, ok := retone(prev, a, b); ok {
			if out == nil {
				out = make([]byte, 0, len(s)+2)
			}
			out = append(out, s[last:aAt]...)
			out = utf8.AppendRune(out, repl[0])
			out = utf8.AppendRune(out, repl[1])
			last = j
		}
		i = j
	}
	if out == nil {
		return s
	}
	return append(out, s[last:]...)
}

// retone returns the canonical spelling of the syllable-final vowel pair a b
// (prev is the letter before a, or 0) when it is oa, oe or uy with the tone
// on the second vowel.
func retone(prev, a, b rune) ([2]rune, bool) {
	ab, at := splitTone(a)
	bb, bt := splitTone(b)
	if ab == 0 || bb == 0 || at != 0 || bt == 0 {
		return [2]rune{}, false
	}
	switch unicode.ToLower(ab) {
	case 'o':
		if lb := unicode.ToLower(bb); lb != 'a' && lb != 'e' {
			return [2]rune{}, false
		}
	case 'u':
		if unicode.ToLower(bb) != 'y' || prev == 'q' || prev == 'Q' {
			return [2]rune{}, false
		}
	default:
		return [2]rune{}, false
	}
	return [2]rune{toned[[2]rune{ab, bt}], bb}, true
}
