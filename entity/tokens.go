package entity

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/vnsearch/vnsearch/analyze"

	"golang.org/x/text/unicode/norm"
)

// Token kinds.
const (
	kindWord  uint8 = iota // letters and combining marks
	kindNum                // ASCII digits
	kindPunct              // any other single rune that is not space
)

// Token flags.
const (
	flagUpper  uint8 = 1 << iota // the first rune is upper-case
	flagAllCap                   // two or more letters, all upper-case
	flagMarks                    // the word has diacritics (its fold differs)
	flagNL                       // a line break comes between this token and the one before
)

// token is one word, number or punctuation rune of the text, with its byte
// span and its key: folded, lower-cased, in the tokenizer's arena.
type token struct {
	start, end int32
	ks, ke     int32
	hash       uint32 // of the key
	kind       uint8
	flags      uint8
}

// tokenizer splits text into tokens. Its buffers are reused between calls.
type tokenizer struct {
	toks  []token
	arena []byte
	nl    bool // a line break was seen since the last token
}

// push appends tk, marking it when a line break came before it. A word
// comes with its hash; push hashes the key of any other token.
func (t *tokenizer) push(tk token) {
	if tk.kind != kindWord {
		tk.hash = hashKey(t.arena[tk.ks:tk.ke])
	}
	if t.nl {
		tk.flags |= flagNL
		t.nl = false
	}
	t.toks = append(t.toks, tk)
}

// dashes and quotes that get one canonical key.
func punctKey(r rune) rune {
	switch r {
	case '–', '—', '‐', '‑', '−':
		return '-'
	case '’', '‘', '`', '´':
		return '\''
	case '“', '”', '„':
		return '"'
	case '＆':
		return '&'
	}
	return r
}

func isMark(r rune) bool {
	if r < classEnd {
		return runeClass[r]&rcMark != 0
	}
	return unicode.In(r, unicode.Mn, unicode.Mc)
}

// Rune classes for the runes below classEnd (Latin, Greek, Cyrillic and the
// Latin Extended Additional block with the Vietnamese letters).
const (
	rcLetter uint8 = 1 << iota
	rcUpper
	rcLower
	rcMark
)

const classEnd = 0x2000

var runeClass [classEnd]uint8

func init() {
	for r := rune(0); r < classEnd; r++ {
		runeClass[r] = computeClass(r)
	}
}

// class returns the rune class bits of r.
func class(r rune) uint8 {
	if r >= 0 && r < classEnd {
		return runeClass[r]
	}
	return computeClass(r)
}

func computeClass(r rune) uint8 {
	var c uint8
	if unicode.IsLetter(r) {
		c |= rcLetter
	}
	if unicode.IsUpper(r) {
		c |= rcUpper
	}
	if unicode.IsLower(r) {
		c |= rcLower
	}
	if unicode.In(r, unicode.Mn, unicode.Mc) {
		c |= rcMark
	}
	return c
}

// tokenize fills t.toks with the tokens of s. It runs in time linear in len(s).
func (t *tokenizer) tokenize(s string) {
	t.toks = t.toks[:0]
	t.arena = t.arena[:0]
	t.nl = false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= '0' && c <= '9':
				j := i + 1
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
				ks := len(t.arena)
				t.arena = append(t.arena, s[i:j]...)
				t.push(token{start: int32(i), end: int32(j), ks: int32(ks), ke: int32(len(t.arena)), kind: kindNum})
				i = j
				continue
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
				i = t.word(s, i)
				continue
			case c == '\n' || c == '\r':
				t.nl = true
				i++
				continue
			case c == ' ' || c == '\t' || c == '\f' || c == '\v':
				i++
				continue
			default:
				ks := len(t.arena)
				t.arena = append(t.arena, c)
				t.push(token{start: int32(i), end: int32(i + 1), ks: int32(ks), ke: int32(ks + 1), kind: kindPunct})
				i++
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			i++
		case class(r)&rcLetter != 0:
			i = t.word(s, i)
		case r == '\u2028' || r == '\u2029' || r == '\u0085':
			t.nl = true
			i += n
		case unicode.IsSpace(r) || isMark(r) || unicode.Is(unicode.Cf, r):
			i += n
		default:
			ks := len(t.arena)
			t.arena = utf8.AppendRune(t.arena, punctKey(r))
			t.push(token{start: int32(i), end: int32(i + n), ks: int32(ks), ke: int32(len(t.arena)), kind: kindPunct})
			i += n
		}
	}
}

// word reads the word that starts at s[i] and returns the offset after it.
// It writes the word's key as it reads: each rune is ASCII or folds alone
// to one ASCII letter or to nothing (keyByte) for nearly every word of
// Vietnamese and English text; a word with any other rune is keyed again
// by slowKey.
func (t *tokenizer) word(s string, i int) int {
	j := i
	upper, lower := 0, 0
	first := true
	var flags uint8
	prevLower := false
	fast := true // every rune so far has a key byte
	ks := len(t.arena)
	h := uint32(fnvOffset)
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' {
				lower++
				prevLower = true
			} else if c >= 'A' && c <= 'Z' {
				if prevLower && j-i >= 2 && lowerAfter(s, j) {
					break // "nghệBộ", "PhươngTheo": two words glued together
				}
				upper++
				prevLower = false
				if first {
					flags |= flagUpper
				}
				c += 'a' - 'A'
			} else {
				break
			}
			first = false
			t.arena = append(t.arena, c)
			h = (h ^ uint32(c)) * fnvPrime
			j++
			continue
		}
		r, n := decodeRune(s[j:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		rc := class(r)
		if rc&rcLetter != 0 {
			if rc&rcUpper != 0 && prevLower && j-i >= 2 && lowerAfter(s, j) {
				break
			}
			prevLower = rc&rcLower != 0
			if rc&rcUpper != 0 {
				upper++
				if first {
					flags |= flagUpper
				}
			} else {
				lower++
			}
			first = false
		} else if rc&rcMark == 0 {
			break
		}
		if fast {
			switch b := keyByte(r); b {
			case noKeyByte:
				fast = false
			case 0: // a mark that folding drops
				flags |= flagMarks
			default:
				flags |= flagMarks
				t.arena = append(t.arena, b)
				h = (h ^ uint32(b)) * fnvPrime
			}
		}
		j += n
	}
	if upper >= 2 && lower == 0 {
		flags |= flagAllCap
	}
	if !fast {
		var marks bool
		t.arena, marks = slowKey(t.arena[:ks], s[i:j])
		if marks {
			flags |= flagMarks
		}
		h = hashKey(t.arena[ks:])
	}
	t.push(token{start: int32(i), end: int32(j), ks: int32(ks), ke: int32(len(t.arena)), hash: h, kind: kindWord, flags: flags})
	return j
}

// slowKey appends to dst the key of word w, folded and lower-cased, and
// reports whether folding changed w.
func slowKey(dst []byte, w string) ([]byte, bool) {
	ks := len(dst)
	dst = append(dst, w...)
	k := analyze.FoldBytes(dst[ks:])
	marks := string(k) != w
	if len(k) > 0 && &k[0] == &dst[ks] {
		dst = dst[:ks+len(k)]
	} else {
		dst = append(dst[:ks], k...)
	}
	low := bytes.ToLower(dst[ks:])
	return append(dst[:ks], low...), marks
}

// FNV-1a, 32 bits: the hash of a token's key.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// hashKey returns the FNV-1a hash of key.
func hashKey(key []byte) uint32 {
	h := uint32(fnvOffset)
	for _, c := range key {
		h = (h ^ uint32(c)) * fnvPrime
	}
	return h
}

// noKeyByte is what keyByte returns for a rune that does not fold alone
// to one ASCII letter or to nothing.
const noKeyByte = 0xff

// keyBytes holds, for each rune from utf8.RuneSelf below classEnd, the
// lower-case ASCII letter it folds to, 0 for a nonspacing mark that
// folding drops, or noKeyByte.
var keyBytes [classEnd - utf8.RuneSelf]uint8

func init() {
	for r := rune(utf8.RuneSelf); r < classEnd; r++ {
		keyBytes[r-utf8.RuneSelf] = computeKeyByte(r)
	}
}

// keyByte returns the key byte of a rune that is not ASCII.
func keyByte(r rune) uint8 {
	if r < classEnd {
		return keyBytes[r-utf8.RuneSelf]
	}
	return noKeyByte
}

func computeKeyByte(r rune) uint8 {
	f := analyze.Fold(string(r))
	switch {
	case f == "" && unicode.Is(unicode.Mn, r):
		return 0
	case len(f) == 1 && class(r)&rcLetter != 0 && norm.NFC.PropertiesString(string(r)).BoundaryBefore():
		c := f[0]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 'a' && c <= 'z' {
			return c
		}
	}
	return noKeyByte
}

// decodeRune is utf8.DecodeRuneInString, with the two-byte runes and the
// Latin Extended Additional block (U+1E00–U+1EFF) decoded inline.
func decodeRune(s string) (rune, int) {
	if len(s) >= 2 && s[0]&0xe0 == 0xc0 && s[0] >= 0xc2 && s[1]&0xc0 == 0x80 {
		return rune(s[0]&0x1f)<<6 | rune(s[1]&0x3f), 2
	}
	if len(s) >= 3 && s[0] == 0xe1 && s[1]&0xfc == 0xb8 && s[2]&0xc0 == 0x80 {
		return 0x1000 | rune(s[1]&0x3f)<<6 | rune(s[2]&0x3f), 3
	}
	return utf8.DecodeRuneInString(s)
}

// lowerAfter reports whether the rune after the one that ends at s[j] is a
// lower-case letter.
func lowerAfter(s string, j int) bool {
	_, n := utf8.DecodeRuneInString(s[j:])
	r, _ := utf8.DecodeRuneInString(s[j+n:])
	return class(r)&rcLower != 0
}

// key returns the key of token k.
func (t *tokenizer) key(k int) []byte {
	tk := &t.toks[k]
	return t.arena[tk.ks:tk.ke]
}
