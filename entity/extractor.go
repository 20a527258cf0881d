package entity

import (
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

// Extractor finds entity mentions in text. Build one with New or NewWith; it
// is immutable afterwards and safe for concurrent use by multiple goroutines.
type Extractor struct {
	g       *gazetteer
	foreign map[string]string // "ISO2:vn-id" → official English name
	pool    sync.Pool         // *doc
}

// Entry is a name a user adds to the gazetteers: a Type, the canonical ID
// that mentions of the name get, and the name's spellings. Names match as the
// embedded ones do: on folded keys, with diacritics that must agree where the
// text has them, and with a capital first letter.
//
// Person entries let callers tag their own officials by name, without a
// title before the name; for Country, Province and Ministry the ID should
// follow spec/ENTITIES.md (ISO2, short name, ministry id) so that it meets the
// embedded IDs.
type Entry struct {
	Type  Type
	ID    string
	Names []string
}

// Config adds entries to the embedded gazetteers. The zero Config gives the
// same Extractor as New.
type Config struct {
	// Entries are added after the embedded gazetteers.
	Entries []Entry
	// Files are read in the TSV format of the embedded data files:
	// one TYPE<TAB>ID<TAB>NAME[<TAB>FLAGS] a line, '#' starting a comment.
	// TYPE is PERSON, MINISTRY, COUNTRY or PROVINCE (or TITLE with ID "vi"
	// or "en" for a person title, BLOCK with ID "-" for a phrase that must
	// not be tagged); FLAGS is a comma list of "case" (exact letters and
	// case), "ctx" (an ambiguous country name that needs a cue before it)
	// and "lower" (any case).
	Files []io.Reader
}

var (
	defaultOnce sync.Once
	defaultExt  *Extractor
)

// New returns an Extractor built from the embedded gazetteers. It is built
// once and shared: New returns the same Extractor every time.
func New() *Extractor {
	defaultOnce.Do(func() {
		e, err := NewWith(Config{})
		if err != nil {
			panic(err) // the embedded data is checked by the tests
		}
		defaultExt = e
	})
	return defaultExt
}

// NewWith returns an Extractor built from the embedded gazetteers and the
// entries and files of c. It returns an error for a malformed entry or file.
func NewWith(c Config) (*Extractor, error) {
	g := newGazetteer()
	files, err := dataFS.ReadDir("data")
	if err != nil {
		return nil, err
	}
	// The lists of names come before extras.tsv, so that the first name of
	// an ID, its display name, is the list's ("Hà Nội", not "Hanoi").
	last := func(f fs.DirEntry) int {
		if f.Name() == "extras.tsv" {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(files, func(a, b fs.DirEntry) int { return last(a) - last(b) })
	for _, f := range files {
		name := "data/" + f.Name()
		b, err := dataFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(name, ".txt") {
			for _, line := range strings.Split(string(b), "\n") {
				line = strings.TrimSpace(line)
				if line == "" || line[0] == '#' {
					continue
				}
				name, amb := strings.CutSuffix(line, "*")
				name = strings.TrimSpace(name)
				g.families[canonMarks(name)] = false
				var tz tokenizer
				tz.tokenize(name)
				if len(tz.toks) == 1 {
					k := string(tz.key(0))
					g.families[k] = g.families[k] || amb
				}
			}
			continue
		}
		if err := g.load(strings.NewReader(string(b)), name); err != nil {
			return nil, err
		}
	}
	for i, r := range c.Files {
		if err := g.load(r, fmt.Sprintf("Config.Files[%d]", i)); err != nil {
			return nil, err
		}
	}
	for _, en := range c.Entries {
		switch en.Type {
		case Person, Ministry, Country, Province:
		default:
			return nil, fmt.Errorf("entity: cannot add entries of type %q", en.Type)
		}
		for _, n := range en.Names {
			if err := g.add(en.Type, en.ID, n, 0); err != nil {
				return nil, err
			}
		}
	}
	e := &Extractor{g: g, foreign: map[string]string{}}
	for _, en := range g.entries {
		if en.typ == kindForeign {
			e.foreign[en.id] = en.name
		}
	}
	e.pool.New = func() any { return &doc{e: e} }
	return e, nil
}

// Name returns a display name for an entity ID: the first gazetteer name of
// the ID, which is the Vietnamese name for the embedded entries (Country "KR"
// → "Hàn Quốc", Ministry "most" → "Bộ Khoa học và Công nghệ", Province
// "hochiminh" → "Hồ Chí Minh"). For a foreign ministry ("KR:ministry of
// science and ict"), a person, a resolution or an unknown ID it returns id.
func (e *Extractor) Name(t Type, id string) string {
	if n, ok := e.g.display[t][id]; ok {
		return n
	}
	return id
}

// Names returns the gazetteer names of a country, ministry or province,
// the display name first, as the gazetteers spell them; nil for another
// type or an unknown ID.
func (e *Extractor) Names(t Type, id string) []string {
	return slices.Clone(e.g.names[t][id])
}

// Extract returns the mentions in text, one whole document, ordered by Start
// (a country inside a foreign ministry's name comes after the ministry).
// Start and End are byte offsets into text as given, NFC or NFD; Text is
// text[Start:End]. Any input is accepted: for invalid UTF-8, empty text or
// text without letters Extract returns what it finds, never panics, and
// takes time linear in len(text).
func (e *Extractor) Extract(text string) []Mention {
	d := e.pool.Get().(*doc)
	ms := d.run(text)
	d.reset()
	e.pool.Put(d)
	return ms
}

// sortMentions orders mentions by Start, longer first.
func sortMentions(ms []Mention) {
	slices.SortStableFunc(ms, func(a, b Mention) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
}
