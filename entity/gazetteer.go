package entity

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"slices"
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
	kindField   Type = "FIELD"   // a minister's field that names no Vietnamese ministry ("Môi trường"); ID "-"
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

// keyTrie holds the gazetteer's names as paths of word keys from the root,
// node 0. A node's children are found by the hash of their word (the
// token's hash) in one map, and the word is then compared, so a hash
// collision costs a comparison, not a wrong match.
type keyTrie struct {
	nodes []trieNode
	child map[uint64]int32 // parent<<32 | word hash → a child, the first of a chain
}

type trieNode struct {
	word string  // the key of the node's word
	ents []int32 // the entries whose names end here
	next int32   // another child of the same parent with the same word hash, or 0
	kids bool    // some name goes on past this node
}

func newKeyTrie() keyTrie {
	return keyTrie{nodes: make([]trieNode, 1), child: map[uint64]int32{}}
}

// next returns the child of node n for the word key with hash h, or 0.
func (t *keyTrie) next(n int32, key []byte, h uint32) int32 {
	for c := t.child[uint64(n)<<32|uint64(h)]; c != 0; c = t.nodes[c].next {
		if t.nodes[c].word == string(key) {
			return c
		}
	}
	return 0
}

// add returns the child of node n for the word key with hash h, adding it
// if there is none.
func (t *keyTrie) add(n int32, key []byte, h uint32) int32 {
	if c := t.next(n, key, h); c != 0 {
		return c
	}
	c := int32(len(t.nodes))
	k := uint64(n)<<32 | uint64(h)
	t.nodes = append(t.nodes, trieNode{word: string(key), next: t.child[k]})
	t.child[k] = c
	t.nodes[n].kids = true
	return c
}

// gazetteer maps the joined token keys of every name to its entries.
type gazetteer struct {
	entries []entry
	trie    keyTrie
	maxToks int
	first   firstKeys // the keys of the first words of the names
	// fields holds the keys of Vietnamese ministries' names after "Bộ"
	// ("ngoai giao"), which follow a minister's title ("Bộ trưởng
	// Ngoại giao"); maxField is the most words of one
	fields   map[string]bool
	maxField int
	display  map[Type]map[string]string
	names    map[Type]map[string][]string // every name of an ID, in order
	families map[string]bool              // key → ambiguous without diacritics
}

func newGazetteer() *gazetteer {
	return &gazetteer{
		trie:     newKeyTrie(),
		display:  map[Type]map[string]string{},
		names:    map[Type]map[string][]string{},
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
	g.first.add(tz.toks[0].hash)
	var key []byte
	n := int32(0)
	for k := range tz.toks {
		if k > 0 {
			key = append(key, ' ')
		}
		key = append(key, tz.key(k)...)
		tk := tz.toks[k]
		n = g.trie.add(n, tz.key(k), tk.hash)
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
	if t == Ministry && len(tz.toks) > 1 && string(tz.key(0)) == "bo" && !abbreviated(tz.toks[1:]) {
		g.setField(string(key[len("bo "):]), len(tz.toks)-1)
	}
	g.entries = append(g.entries, e)
	g.trie.nodes[n].ents = append(g.trie.nodes[n].ents, int32(len(g.entries)-1))
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
	switch t {
	case Ministry, Country, Province:
		ns := g.names[t]
		if ns == nil {
			ns = map[string][]string{}
			g.names[t] = ns
		}
		if !slices.Contains(ns[id], name) {
			ns[id] = append(ns[id], name)
		}
	}
	return nil
}

// setField records the key of a minister's field of n words.
func (g *gazetteer) setField(key string, n int) {
	if g.fields == nil {
		g.fields = map[string]bool{}
	}
	g.fields[key] = true
	g.maxField = max(g.maxField, n)
}

// addField records a minister's field that no ministry's name gives.
func (g *gazetteer) addField(name string) error {
	var tz tokenizer
	tz.tokenize(name)
	if len(tz.toks) == 0 {
		return fmt.Errorf("entity: field %q has no words", name)
	}
	keys := make([]string, len(tz.toks))
	for k := range tz.toks {
		keys[k] = string(tz.key(k))
	}
	g.setField(strings.Join(keys, " "), len(keys))
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
		case kindField:
			if err := g.addField(strings.TrimSpace(f[2])); err != nil {
				return fmt.Errorf("%s:%d: %w", src, line, err)
			}
			continue
		default:
			return fmt.Errorf("entity: %s:%d: unknown type %q", src, line, t)
		}
		names := []string{f[2]}
		if t == Ministry {
			names = ministrySpellings(strings.TrimSpace(f[2]))
		}
		for _, name := range names {
			if err := g.add(t, strings.TrimSpace(f[1]), name, flags); err != nil {
				return fmt.Errorf("%s:%d: %w", src, line, err)
			}
		}
	}
	return sc.Err()
}

// ministrySpellings returns a ministry's name and the other ways news
// writes it: the abbreviations joined by "-" for "&" ("Bộ GD-ĐT" for "Bộ
// GD&ĐT"), and the full name without its "và" ("Bộ Thông tin Truyền
// thông"). Lower-case words match already: keys are folded.
func ministrySpellings(name string) []string {
	out := []string{name}
	if strings.Contains(name, "&") {
		out = append(out, strings.ReplaceAll(name, "&", "-"))
	}
	if strings.HasPrefix(name, "Bộ ") && strings.Contains(name, " và ") {
		out = append(out, strings.ReplaceAll(name, " và ", " "))
	}
	return out
}

// abbreviated reports whether a token of toks is an abbreviation in
// capitals (the KH of Bộ KH&CN).
func abbreviated(toks []token) bool {
	for _, t := range toks {
		if t.flags&flagAllCap != 0 {
			return true
		}
	}
	return false
}

// marked reports whether the name of e has diacritics.
func (e *entry) marked() bool {
	for _, w := range e.words {
		if w != "" {
			return true
		}
	}
	return false
}

// firstKeys is a set of word keys that may answer "maybe" for a key it
// does not hold (about 3% of them for the embedded names) and never "no"
// for one it holds: most words of a text start no name, and the set says
// so faster than the map of keys.
type firstKeys [1 << 14 / 64]uint64

// add adds the key with the given hash (token.hash).
func (f *firstKeys) add(hash uint32) {
	h := hash % (1 << 14)
	f[h/64] |= 1 << (h % 64)
}

// mayHave reports whether the key with the given hash may be in the set.
func (f *firstKeys) mayHave(hash uint32) bool {
	h := hash % (1 << 14)
	return f[h/64]&(1<<(h%64)) != 0
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
// Words of ASCII and precomposed Latin letters, which is nearly all of
// them, take a table of the letters' decompositions; the rest take
// canonMarksSlow, which gives the same result for all.
func canonMarks(s string) string {
	var buf [64]byte
	base := buf[:0]
	var tbuf [16]byte
	tones := tbuf[:0]
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			base = append(base, byte(r))
			continue
		}
		c := canonOf(r)
		if c == nil {
			return canonMarksSlow(s)
		}
		base = append(base, c.base...)
		tones = append(tones, c.tones...)
	}
	return string(append(base, tones...))
}

// canonMarksSlow is canonMarks for any string.
func canonMarksSlow(s string) string {
	d := norm.NFD.String(strings.ToLower(s))
	var base, tones []rune
	for _, r := range d {
		if isTone(r) {
			tones = append(tones, r)
		} else {
			base = append(base, r)
		}
	}
	return string(base) + string(tones)
}

// A canonLetter is what canonMarks makes of one precomposed letter: the
// lower-cased decomposition without its tone marks, and the tone marks.
type canonLetter struct{ base, tones string }

// canonLetters holds the canonLetter of each rune from U+0080 to U+024F
// (Latin-1, Latin Extended-A and -B) and from U+1E00 to U+1EFF (Latin
// Extended Additional, the Vietnamese letters with tones), nil for those
// canonMarksSlow must handle: combining marks, and letters whose
// decomposition does not start with a base or whose lower case is more
// than one rune.
var canonLetters = func() (t [2][]*canonLetter) {
	for i, rg := range [2][2]rune{{0x80, 0x250}, {0x1E00, 0x1F00}} {
		t[i] = make([]*canonLetter, rg[1]-rg[0])
		for r := rg[0]; r < rg[1]; r++ {
			lower := strings.ToLower(string(r))
			if utf8.RuneCountInString(lower) != 1 || norm.NFD.PropertiesString(lower).CCC() != 0 {
				continue
			}
			d := norm.NFD.String(lower)
			if norm.NFD.PropertiesString(d).CCC() != 0 {
				continue
			}
			var c canonLetter
			for _, m := range d {
				if isTone(m) {
					c.tones += string(m)
				} else {
					c.base += string(m)
				}
			}
			t[i][r-rg[0]] = &c
		}
	}
	return t
}()

// canonOf returns the canonLetter of r, or nil.
func canonOf(r rune) *canonLetter {
	switch {
	case r >= 0x80 && r < 0x250:
		return canonLetters[0][r-0x80]
	case r >= 0x1E00 && r < 0x1F00:
		return canonLetters[1][r-0x1E00]
	}
	return nil
}

// hasUpper reports whether s starts with an upper-case letter.
func hasUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
