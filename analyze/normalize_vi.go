package analyze

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in Unicode Normalization Form C (UAX #15) with every
// Vietnamese syllable spelled one way and without the default-ignorable
// characters (soft hyphen, zero-width space and joiners, byte order mark,
// bidirectional controls, variation selectors).
//
// One spelling per syllable means: the tone mark sits on the vowel where
// Vietnamese orthography puts it, whichever vowel it was typed on (hòan and
// hoàn become hoàn, lựơng becomes lượng, qủa becomes quả), with the open
// syllables in oa, oe and uy written hòa, khỏe, thủy (hoà becomes hòa); a
// tone typed twice is written once; marks typed in any order compose. Each
// letter keeps its case. Words that do not parse as a Vietnamese syllable
// (onset, vowel nucleus, final consonant), and syllables with two different
// tones, keep their letters and marks and are only put in NFC. Ð (U+00D0)
// and ð (U+00F0), which old encodings leave in Vietnamese text for Đ and đ,
// become Đ and đ.
//
// Invalid UTF-8 is kept as it is when nothing else changes, and otherwise
// each run of invalid bytes becomes U+FFFD.
//
// Normalize returns s itself when s is already normal, and does so without
// allocating when s is plain ASCII. Normalize(Normalize(s)) == Normalize(s)
// for every s.
func Normalize(s string) string {
	if isASCII(s) {
		return s
	}
	in := []byte(s)
	out := NormalizeBytes(in)
	if same(out, in) {
		return s
	}
	return string(out)
}

// NormalizeBytes is Normalize for a byte slice. It returns b itself when b
// is already normal, and a new slice otherwise; b is never modified.
func NormalizeBytes(b []byte) []byte {
	flags := scanNormal(b)
	if flags&^normInvalid == 0 {
		return b
	}
	out := b
	invalid := flags&normInvalid != 0
	if flags&normIgnorable != 0 {
		// Once anything is removed, stray bytes could join into a rune
		// that was not there; replace them first.
		if invalid {
			out = bytes.ToValidUTF8(out, replacement)
			invalid = false
		}
		out = removeIgnorables(out)
	}
	if flags&normEth != 0 {
		out = mapEth(out, same(out, b))
	}
	// Syllable placement reads NFD as well as NFC, so it runs first: most
	// Vietnamese text is then NFC without the general algorithm.
	if flags&(normNotNFC|normToned) != 0 {
		out = placeTones(out)
	}
	if flags&normNotNFC != 0 && !norm.NFC.IsNormal(out) {
		if invalid {
			out = bytes.ToValidUTF8(out, replacement)
			invalid = false
		}
		// Composition can make a word a Vietnamese syllable (U+0340 is
		// U+0300), so place the tones again.
		out = placeTones(norm.NFC.Bytes(out))
	}
	if invalid && !same(out, b) {
		out = bytes.ToValidUTF8(out, replacement)
	}
	return out
}

// normalizeTerm is NormalizeBytes for the NormalizeFilter, with the same
// result. It may rewrite term in place. A term that is one Vietnamese
// syllable, the common case, is read once: the scan that finds what needs
// doing also finds whether the syllable is settled (see syllable.settled).
func normalizeTerm(term []byte) []byte {
	var flags uint8
	word := true // term is one word of Vietnamese letters and marks
	letters, vowels, toned := 0, 0, 0
	var tonedVowel uint8 // the vowel bits of the last toned letter
	for i := 0; i < len(term); {
		var info *runeInfo
		if c := term[i]; c < utf8.RuneSelf {
			info = &runeInfos[c]
			i++
		} else {
			r, n := utf8.DecodeRune(term[i:])
			i += n
			switch {
			case n == 1:
				flags |= normInvalid
				word = false
				continue
			case r >= foldTableEnd:
				flags |= normFlags(r)
				word = false
				continue
			}
			info = &runeInfos[r]
			flags |= info.norm
		}
		switch info.class {
		case classLetter:
			letters++
			vowels += int(info.vowel & isVowel)
			if info.marks&toneMarks != 0 {
				toned++
				tonedVowel = info.vowel
			}
		case classMark:
			// Combining marks: the syllable must be spelled anew, and
			// scan reads all it needs.
			if word {
				return normalizeWord(term)
			}
		default:
			word = false
		}
	}
	if flags&^normInvalid == 0 {
		return term
	}
	if !word || letters > maxLetters || flags&^normToned != 0 {
		return NormalizeBytes(term)
	}
	if toned == 0 || toned == 1 && (vowels == 1 || tonedVowel&keepsTone != 0) {
		return term // settled
	}
	return normalizeWord(term)
}

// normalizeWord is normalizeTerm for a term that begins with Vietnamese
// letters.
func normalizeWord(term []byte) []byte {
	var w syllable
	if end, ok := w.scan(term, 0); end < len(term) || !ok {
		return NormalizeBytes(term)
	}
	// term is one word of Vietnamese letters and marks alone.
	at, ok := w.place()
	switch {
	case ok && w.canonical(at):
		return term
	case ok:
		// A syllable of Vietnamese letters and marks: its canonical
		// spelling is its NFC.
		var buf [3 * maxLetters]byte
		c := w.appendCanonical(buf[:0], at)
		if len(c) <= len(term) {
			return term[:copy(term, c)]
		}
		return append([]byte(nil), c...)
	case !w.combine:
		// Not a syllable, and precomposed letters alone: normal.
		return term
	}
	return NormalizeBytes(term)
}

var replacement = []byte("\uFFFD")

// same reports whether a and b are the same slice of memory.
func same(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// mapEth returns b with Ð and ð replaced by Đ and đ, in a copy when clone is
// set and in place otherwise. The letters have the same length in UTF-8.
func mapEth(b []byte, clone bool) []byte {
	if clone {
		b = append([]byte(nil), b...)
	}
	for i := 0; i+1 < len(b); i++ {
		if b[i] == 0xC3 && (b[i+1] == 0x90 || b[i+1] == 0xB0) {
			// U+00D0 is C3 90 and U+0110 is C4 90; U+00F0 is C3 B0 and
			// U+0111 is C4 91.
			b[i] = 0xC4
			if b[i+1] == 0xB0 {
				b[i+1] = 0x91
			}
			i++
		}
	}
	return b
}

// What scanNormal finds in a text: the steps of NormalizeBytes it needs.
const (
	normNotNFC    = 1 << iota // a rune that NFC may change or combine
	normIgnorable             // a default-ignorable rune
	normToned                 // a letter with a tone, which placeTones may move
	normEth                   // Ð or ð
	normInvalid               // invalid UTF-8
)

func normFlags(r rune) uint8 {
	var f uint8
	if isIgnorable(r) {
		f |= normIgnorable
	}
	p := norm.NFC.PropertiesString(string(r))
	if p.CCC() != 0 || !p.BoundaryBefore() || !norm.NFC.IsNormalString(string(r)) {
		f |= normNotNFC
	}
	return f
}

// scanNormal returns the union of the flags of the runes of b; 0 means b is
// already normal. Invalid bytes flag normInvalid alone.
func scanNormal(b []byte) uint8 {
	var flags uint8
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		i += n
		if r < foldTableEnd && n > 1 {
			flags |= runeInfos[r].norm
			continue
		}
		if n == 1 { // invalid UTF-8
			flags |= normInvalid
			continue
		}
		flags |= normFlags(r)
	}
	return flags
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isIgnorable reports whether r has the Unicode property
// Default_Ignorable_Code_Point (DerivedCoreProperties.txt), which text
// processing should drop rather than show.
func isIgnorable(r rune) bool {
	switch {
	case r < 0xAD:
		return false
	case r == 0xAD, r == 0x34F, r == 0x61C, r == 0x115F, r == 0x1160,
		r == 0x17B4, r == 0x17B5, r == 0x3164, r == 0xFEFF, r == 0xFFA0:
		return true
	case 0x180B <= r && r <= 0x180F,
		0x200B <= r && r <= 0x200F,
		0x202A <= r && r <= 0x202E,
		0x2060 <= r && r <= 0x206F,
		0xFE00 <= r && r <= 0xFE0F,
		0xFFF0 <= r && r <= 0xFFF8,
		0x1BCA0 <= r && r <= 0x1BCA3,
		0x1D173 <= r && r <= 0x1D17A,
		0xE0000 <= r && r <= 0xE0FFF:
		return true
	}
	return false
}

// removeIgnorables returns a copy of b without its default-ignorable runes.
func removeIgnorables(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if !isIgnorable(r) {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}
