package entity

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/vnsearch/vnsearch/analyze"
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
	kind       uint8
	flags      uint8
}

// tokenizer splits text into tokens. Its buffers are reused between calls.
type tokenizer struct {
	toks  []token
	arena []byte
	nl    bool // a line break was seen since the last token
}

// push appends tk, marking it when a line break came before it.
func (t *tokenizer) push(tk token) {
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
func (t *tokenizer) word(s string, i int) int {
	j := i
	ascii := true
	upper, lower := 0, 0
	other := false // a letter neither upper nor lower case
	first := true
	var flags uint8
	prevLower := false
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
			} else {
				break
			}
			first = false
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
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
				other = other || rc&rcLower == 0 // title case, or no case
			}
			first = false
		} else if rc&rcMark == 0 {
			break
		}
		ascii = false
		j += n
	}
	if upper >= 2 && lower == 0 {
		flags |= flagAllCap
	}
	ks := len(t.arena)
	t.arena = append(t.arena, s[i:j]...)
	if !ascii {
		// fold from the first byte that is not ASCII, in place
		fs := ks + firstNonASCII(s[i:j])
		k := analyze.FoldBytes(t.arena[fs:])
		if string(k) != s[fs-ks+i:j] {
			flags |= flagMarks
		}
		if len(k) > 0 && &k[0] == &t.arena[fs] {
			t.arena = t.arena[:fs+len(k)]
		} else {
			t.arena = append(t.arena[:fs], k...)
		}
	}
	if upper > 0 || other {
		// lower-case the key; a word of lower-case letters is lower case
		key := t.arena[ks:]
		simple := true
		for x, c := range key {
			if c >= utf8.RuneSelf {
				simple = false
				break
			}
			if c >= 'A' && c <= 'Z' {
				key[x] = c + 'a' - 'A'
			}
		}
		if !simple {
			low := bytes.ToLower(key)
			t.arena = append(t.arena[:ks], low...)
		}
	}
	t.push(token{start: int32(i), end: int32(j), ks: int32(ks), ke: int32(len(t.arena)), kind: kindWord, flags: flags})
	return j
}

// firstNonASCII returns the index of the first byte of s that is not
// ASCII, or len(s).
func firstNonASCII(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i
		}
	}
	return len(s)
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
