package wire

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// A TextError reports a JSON string that holds no valid text: bytes that
// are not UTF-8, or an escaped surrogate half (\ud800) without its other
// half. encoding/json turns either into U+FFFD without a word, so that two
// document IDs that differ only there would become one.
type TextError struct {
	Field  string // where the string is: "id", "entities[1].type"; "" for the whole value
	Offset int    // the byte offset of the bad sequence in the value
	What   string // what is wrong there
}

func (e *TextError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s at byte %d", e.What, e.Offset)
	}
	return fmt.Sprintf("field %s: %s at byte %d", e.Field, e.What, e.Offset)
}

// CheckText returns a *TextError for the first string of the JSON value v
// (object keys included) that holds no valid text, and nil when every
// string is valid. A syntax error is left to the decoder: CheckText stops
// at it and returns nil.
func CheckText(v []byte) error {
	s := textScanner{b: v}
	s.value("")
	return s.err
}

// textScanner walks a JSON value, naming where it is.
type textScanner struct {
	b   []byte
	i   int
	err error
}

func (s *textScanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// more reports whether the scan goes on at byte c.
func (s *textScanner) more(c byte) bool {
	s.space()
	return s.err == nil && s.i < len(s.b) && s.b[s.i] == c
}

func (s *textScanner) value(path string) {
	s.space()
	if s.err != nil || s.i >= len(s.b) {
		return
	}
	switch s.b[s.i] {
	case '{':
		s.i++
		for !s.more('}') && s.err == nil && s.i < len(s.b) {
			start := s.i
			if s.str(join(path, "a field name")); s.err != nil || !s.more(':') {
				return
			}
			var key string
			if json.Unmarshal(s.b[start:s.i], &key) != nil {
				return
			}
			s.i++
			s.value(join(path, fieldName(key)))
			if !s.more(',') {
				break
			}
			s.i++
		}
		s.i++
	case '[':
		s.i++
		for n := 0; !s.more(']') && s.err == nil && s.i < len(s.b); n++ {
			s.value(fmt.Sprintf("%s[%d]", path, n))
			if !s.more(',') {
				break
			}
			s.i++
		}
		s.i++
	case '"':
		s.str(path)
	default: // a number, true, false or null
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case ',', ']', '}', ' ', '\t', '\n', '\r':
				return
			}
			s.i++
		}
	}
}

// fieldName is key as a path names it: bare when it is a word of ASCII
// letters, digits and underscores, quoted otherwise.
func fieldName(key string) string {
	for i, c := range key {
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return strconv.Quote(key)
		}
	}
	if key == "" {
		return `""`
	}
	return key
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// str scans the string at s.i, which starts with a quote, up to the byte
// after its closing quote.
func (s *textScanner) str(path string) {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		s.i = len(s.b) // not JSON: the decoder says why
		return
	}
	fail := func(at int, format string, args ...any) {
		s.err = &TextError{Field: path, Offset: at, What: fmt.Sprintf(format, args...)}
	}
	for s.i++; s.i < len(s.b); {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return
		case c == '\\' && s.i+1 < len(s.b) && s.b[s.i+1] == 'u':
			r, ok := hex4(s.b, s.i+2)
			switch {
			case !ok:
				s.i = len(s.b)
				return
			case r >= 0xDC00 && r <= 0xDFFF:
				fail(s.i, `unpaired surrogate escape \u%04x`, r)
				return
			case r >= 0xD800 && r <= 0xDBFF:
				lo, ok := rune(0), s.i+7 < len(s.b) && s.b[s.i+6] == '\\' && s.b[s.i+7] == 'u'
				if ok {
					lo, ok = hex4(s.b, s.i+8)
				}
				if !ok || lo < 0xDC00 || lo > 0xDFFF {
					fail(s.i, `unpaired surrogate escape \u%04x`, r)
					return
				}
				s.i += 12
			default:
				s.i += 6
			}
		case c == '\\':
			s.i += 2
		case c < utf8.RuneSelf:
			s.i++
		default:
			r, n := utf8.DecodeRune(s.b[s.i:])
			if r == utf8.RuneError && n == 1 {
				fail(s.i, "invalid UTF-8 byte %#02x", c)
				return
			}
			s.i += n
		}
	}
}

// hex4 decodes the four hex digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[i:i+4]), 16, 16)
	return rune(n), err == nil
}
