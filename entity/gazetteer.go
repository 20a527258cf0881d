package entity

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:embed data/*.tsv data/families.txt
var dataFS embed.FS

// Internal gazetteer kinds besides the public types.
const (
	kindTitle   Type = "TITLE"   // a person title or honorific; ID "vi" or "en"
	kindBlock   Type = "BLOCK"   // a phrase that is no entity, though it contains a name
	kindDemonym Type = "DEMONYM" // an adjective naming a country; ID is ISO2
	kindForeign Type = "FOREIGN" // the official English name of a foreign ministry; ID "ISO2:vn-ministry-id"
	kindDocWord Type = "DOCWORD" // a legal document word; ID RESOLUTION or DOCUMENT
)

// Entry flags.
const (
	entCase  uint8 = 1 << iota // the text must have the name's exact letters and case
	entCtx                     // an ambiguous country name that needs a cue before it
	entLower                   // matches in any case (titles, blockers, document words)
)

// entry is one name of the gazetteer.
type entry struct {
	typ   Type
	id    string
	name  string
	words []string // per token: the canonical diacritic form, "" when the token has no diacritics
	raw   []string // per token: the name's own text
	flags uint8
}

// keyInfo is what the gazetteer knows about one joined key: the entries
// with that key, and whether it is the start of a longer key.
type keyInfo struct {
	ents   []int32
	prefix bool
}

// gazetteer maps the joined token keys of every name to its entries.
type gazetteer struct {
	entries  []entry
	byKey    map[string]keyInfo
	maxToks  int
	display  map[Type]map[string]string
	families map[string]bool // key → ambiguous without diacritics
}

func newGazetteer() *gazetteer {
	return &gazetteer{
		byKey:    map[string]keyInfo{},
		display:  map[Type]map[string]string{},
		families: map[string]bool{},
	}
}

// add puts one name into the gazetteer.
func (g *gazetteer) add(t Type, id, name string, flags uint8) error {
	name = strings.TrimSpace(name)
	if name == "" || id == "" {
		return fmt.Errorf("entity: empty name or id for %s %q", t, id)
	}
	if !utf8.ValidString(name) {
		return fmt.Errorf("entity: invalid UTF-8 in name %q", name)
	}
	var tz tokenizer
	tz.tokenize(name)
	if len(tz.toks) == 0 {
		return fmt.Errorf("entity: name %q has no words", name)
	}
	e := entry{typ: t, id: id, name: name, flags: flags}
	var key []byte
	for k := range tz.toks {
		if k > 0 {
			ki := g.byKey[string(key)]
			ki.prefix = true
			g.byKey[string(key)] = ki
			key = append(key, ' ')
		}
		key = append(key, tz.key(k)...)
		tk := tz.toks[k]
		raw := name[tk.start:tk.end]
		e.raw = append(e.raw, raw)
		if tk.flags&flagMarks != 0 {
			e.words = append(e.words, canonMarks(raw))
		} else {
			e.words = append(e.words, "")
		}
	}
	if len(tz.toks) > g.maxToks {
		g.maxToks = len(tz.toks)
	}
	g.entries = append(g.entries, e)
	ki := g.byKey[string(key)]
	ki.ents = append(ki.ents, int32(len(g.entries)-1))
	g.byKey[string(key)] = ki
	switch t {
	case Person, Ministry, Country, Province:
		d := g.display[t]
		if d == nil {
			d = map[string]string{}
			g.display[t] = d
		}
		if _, ok := d[id]; !ok {
			d[id] = name
		}
	}
	return nil
}

// load reads entries in the TSV format of the data files:
// TYPE<TAB>ID<TAB>NAME[<TAB>FLAGS], '#' starts a comment line.
func (g *gazetteer) load(r io.Reader, src string) error {
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if s == "" || s[0] == '#' {
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) < 3 {
			return fmt.Errorf("entity: %s:%d: want TYPE, ID and NAME separated by tabs", src, line)
		}
		var flags uint8
		if len(f) > 3 {
			for _, fl := range strings.Split(f[3], ",") {
				switch strings.TrimSpace(fl) {
				case "case":
					flags |= entCase
				case "ctx":
					flags |= entCtx
				case "lower":
					flags |= entLower
				case "":
				default:
					return fmt.Errorf("entity: %s:%d: unknown flag %q", src, line, fl)
				}
			}
		}
		t := Type(strings.TrimSpace(f[0]))
		switch t {
		case Person, Ministry, Country, Province:
		case kindTitle, kindBlock, kindDocWord:
			flags |= entLower
		case kindDemonym, kindForeign:
		default:
			return fmt.Errorf("entity: %s:%d: unknown type %q", src, line, t)
		}
		if err := g.add(t, strings.TrimSpace(f[1]), f[2], flags); err != nil {
			return fmt.Errorf("%s:%d: %w", src, line, err)
		}
	}
	return sc.Err()
}

// isTone reports whether r is one of the five Vietnamese tone marks.
func isTone(r rune) bool {
	switch r {
	case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
		return true
	}
	return false
}

// canonMarks returns s lower-cased and decomposed with the tone marks moved to
// the end, so that spellings that differ only in where the tone mark sits
// (hoà, hòa) compare equal while different diacritics (Hàn, Hán) do not.
func canonMarks(s string) string {
	d := norm.NFD.String(strings.ToLower(s))
	var base, tones []rune
	for _, r := range d {
		if isTone(r) {
			tones = append(tones, r)
		} else if r == 'đ' {
			base = append(base, 'đ')
		} else {
			base = append(base, r)
		}
	}
	return string(base) + string(tones)
}

// hasUpper reports whether s starts with an upper-case letter.
func hasUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
