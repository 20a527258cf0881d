package index

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/vnsearch/vnsearch/entity"
)

// Document is a news article.
type Document struct {
	ID    string // unique key; required
	Title string
	Body  string
	// Lang is the language code, "vi" or "en". When empty, Add detects it
	// from the text; Get returns the code that was stored.
	Lang      string
	URL       string
	Published time.Time // zero when unknown
	// Entities are the entities of the document. Add indexes the ones it
	// extracts from Title and Body together with any given here; Get
	// returns them all, one per type and ID.
	Entities []Entity
}

// Entity is an entity a document mentions, or one a request filters on.
type Entity struct {
	Type entity.Type
	ID   string // the canonical ID, as in entity.Mention
	Name string // a display name; ignored in requests
}

type bleveField = bindex.Field

// Add indexes docs, replacing documents with the same IDs. It is atomic:
// either every document is indexed or, when it returns an error, none is,
// except for ErrPending below.
// A document with an empty ID, an ID used twice in docs, or invalid UTF-8
// is rejected with an error wrapping ErrInvalidDocument, one larger than
// Config.MaxDocumentBytes with ErrDocumentTooLarge; the error names the
// document by position and ID.
// Entities are extracted once per document. When Add returns nil on an
// on-disk index, the documents have been persisted.
//
// Add looks at ctx while it extracts entities and tokenizes, most of its
// work, and returns ctx's error, with nothing indexed, when ctx ends
// there. After that it applies the batch, which it cannot stop: counting
// the tokens, building and persisting the segment, more than half of the
// time of a large call (of 4.6 s for 8 MiB of news here, 2.6 s or more).
// A call with more text than Config.BatchBytes is written in several
// batches, which take a fraction of the memory one would: Add looks at
// ctx while it extracts the entities, and then writes the call to a
// journal, from which the call is completed even if the process dies.
// When one of its batches but the first fails, Add returns an error
// wrapping ErrPending and the cause: the call is neither lost nor whole.
//
// On a full disk Add returns an error wrapping ErrNoSpace and
// syscall.ENOSPC, before it writes anything when the file system has
// clearly no room for docs; searches go on, and writes succeed again once
// there is room.
func (x *Index) Add(ctx context.Context, docs ...Document) error {
	err := x.add(ctx, docs)
	if x.broken.Load() {
		err = errors.Join(err, x.reopen())
	}
	return err
}

func (x *Index) add(ctx context.Context, docs []Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	seen := make(map[string]int, len(docs))
	size := 0
	for i := range docs {
		size += len(docs[i].Title) + len(docs[i].Body)
		if err := x.validate(&docs[i]); err != nil {
			return fmt.Errorf("index: document %d (%s): %w", i, quoteID(docs[i].ID), err)
		}
		// Two documents with one ID in a call: bleve's batch silently
		// kept the last one. Reject the call instead.
		if j, dup := seen[docs[i].ID]; dup {
			return fmt.Errorf("index: document %d (%s): %w: duplicate ID, also document %d", i, quoteID(docs[i].ID), ErrInvalidDocument, j)
		}
		seen[docs[i].ID] = i
	}
	if len(docs) == 0 {
		return nil
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	switch {
	case x.closed:
		return ErrClosed
	case x.readOnly:
		return ErrReadOnly
	}
	if x.pending.Load() {
		x.jmu.Lock()
		err := x.finishPending(len(docs))
		x.jmu.Unlock()
		if err != nil {
			return err
		}
	}
	if err := x.checkSpace(size); err != nil {
		return fmt.Errorf("index: add %d documents: %w", len(docs), err)
	}
	parts := x.split(docs)
	if len(parts) == 1 {
		return x.write(ctx, docs, nil, nil)
	}
	// Extract the entities first, most of the work and the part that ctx
	// can stop: once the journal is written the call is committed.
	ms := make([][]entity.Mention, len(docs))
	x.parallel(len(docs), func(i int) {
		if ctx.Err() == nil {
			// kept until the document's batch: without their text, which
			// would keep the document's alive, and their spare room
			m := slices.Clone(x.extract(docText(&docs[i])))
			for k := range m {
				m[k].Text = ""
				m[k].ID = strings.Clone(m[k].ID)
			}
			ms[i] = m
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	x.jmu.Lock()
	defer x.jmu.Unlock()
	return x.addJournaled(docs, ms, parts)
}

// write writes docs in one bleve batch, which records mark as the
// journal's progress when it is not nil. ms are the mentions of docs, nil
// to extract them here. When ctx ends before the batch is written, write
// returns its error and nothing is written.
func (x *Index) write(ctx context.Context, docs []Document, ms [][]entity.Mention, mark []byte) error {
	return x.commit(x.prepare(ctx, docs, ms, mark))
}

// prepared is a batch that prepare has made and commit writes.
type prepared struct {
	b     *bindex.Batch
	n     int             // documents in b
	texts [][]*sharedText // to learn from
	err   error           // of prepare: nothing to write
}

// prepare makes the batch of write: it analyses docs but for the counting
// that bleve's batch does.
func (x *Index) prepare(ctx context.Context, docs []Document, ms [][]entity.Mention, mark []byte) prepared {
	bdocs := make([]*document.Document, len(docs))
	texts := make([][]*sharedText, len(docs))
	errs := make([]error, len(docs))
	x.parallel(len(docs), func(i int) {
		if ctx.Err() != nil {
			return
		}
		var m []entity.Mention
		if ms != nil {
			m = ms[i]
		} else {
			m = x.extract(docText(&docs[i]))
		}
		bdocs[i], texts[i], errs[i] = x.bleveDocument(&docs[i], m)
	})
	if err := ctx.Err(); err != nil {
		return prepared{err: err}
	}
	b := bindex.NewBatch()
	for i, d := range bdocs {
		if errs[i] != nil {
			return prepared{err: fmt.Errorf("index: document %s: %w", quoteID(docs[i].ID), errs[i])}
		}
		b.Update(sizedDocument{d, estimatedSize(d, &docs[i])})
	}
	if mark != nil {
		b.SetInternal(journalKey, mark)
	}
	return prepared{b: b, n: len(docs), texts: texts}
}

// commit writes the batch that prepare made.
func (x *Index) commit(p prepared) error {
	if p.err != nil {
		return p.err
	}
	if x.learn == nil {
		return x.batch(p.b, p.n)
	}
	// The counts are learned while bleve writes the batch, and recorded
	// once it has (learn.go).
	x.learn.wmu.Lock()
	defer x.learn.wmu.Unlock()
	gen := x.learn.next()
	p.b.SetInternal(learnGenKey, strconv.AppendUint(nil, gen, 10))
	done := make(chan learned, 1)
	go func() { done <- x.learn.learn(gen, p.texts) }()
	err := x.batch(p.b, p.n)
	r := <-done
	if err == nil {
		x.learn.commit(gen, r)
	}
	return err
}

// sizedDocument is a document whose Size, which scorch counts in its
// memory statistics alone (Scorch.MemoryUsed), is estimated instead of
// counted. Document.Size after the analysis visits every token frequency
// and location of every field, one document after another in the
// goroutine of the batch: 5% of the time of indexing.
type sizedDocument struct {
	*document.Document
	size int
}

func (d sizedDocument) Size() int { return d.size }

// estimatedSize is about the Size of bd, the document of d, once it is
// analysed: the analysis adds some 7.5 kB to a document and 28 bytes for
// each byte of its title and body (on the Dân Trí articles and the test
// articles), most of it in the locations of term vectors.
func estimatedSize(bd *document.Document, d *Document) int {
	return bd.Size() + 7500 + 28*(len(d.Title)+len(d.Body))
}

// batch applies b, of n documents.
func (x *Index) batch(b *bindex.Batch, n int) error {
	adv, err := x.bi.Advanced()
	if err == nil {
		err = adv.Batch(b)
	}
	x.gen.Add(1) // even on error: part of the batch may be visible
	if err != nil {
		if x.path != "" {
			x.broken.Store(true) // see disk.go
		}
		return fmt.Errorf("index: add %d documents: %w", n, diskError(err))
	}
	return nil
}

// parallel calls f(0) … f(n-1) on up to GOMAXPROCS goroutines.
func (x *Index) parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/4+1)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// quoteID quotes id for an error message, cut to its first 64 bytes.
func quoteID(id string) string {
	const n = 64
	if len(id) <= n {
		return strconv.Quote(id)
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(id[cut]) {
		cut--
	}
	return strconv.Quote(id[:cut]) + fmt.Sprintf("… (%d bytes)", len(id))
}

func (x *Index) validate(d *Document) error {
	switch {
	case d.ID == "":
		return fmt.Errorf("%w: empty ID", ErrInvalidDocument)
	case len(d.ID) > MaxIDBytes:
		return fmt.Errorf("%w: ID of %d bytes, longer than %d", ErrInvalidDocument, len(d.ID), MaxIDBytes)
	case !utf8.ValidString(d.ID):
		return fmt.Errorf("%w: ID is not valid UTF-8", ErrInvalidDocument)
	case !utf8.ValidString(d.Title):
		return fmt.Errorf("%w: title is not valid UTF-8", ErrInvalidDocument)
	case !utf8.ValidString(d.Body):
		return fmt.Errorf("%w: body is not valid UTF-8", ErrInvalidDocument)
	case !utf8.ValidString(d.URL) || !utf8.ValidString(d.Lang):
		return fmt.Errorf("%w: URL or language is not valid UTF-8", ErrInvalidDocument)
	}
	if t := d.Published; !t.IsZero() && (t.Before(document.MinTimeRepresentable) || t.After(document.MaxTimeRepresentable)) {
		return fmt.Errorf("%w: published %s is out of the range an index holds", ErrInvalidDocument, t)
	}
	if n := docBytes(d); n > x.cfg.MaxDocumentBytes {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrDocumentTooLarge, n, x.cfg.MaxDocumentBytes)
	}
	for _, e := range d.Entities {
		if e.ID == "" || e.Type == "" || !utf8.ValidString(e.ID) || !knownType(e.Type) {
			return fmt.Errorf("%w: bad entity %s %q", ErrInvalidDocument, e.Type, e.ID)
		}
	}
	return nil
}

func knownType(t entity.Type) bool {
	for _, k := range entity.Types {
		if k == t {
			return true
		}
	}
	return false
}

// bleveDocument maps d to a bleve document, extracting its entities. It
// returns too the texts of d to learn restoration counts from: its title
// and body, when the index learns and d is not English.
func (x *Index) bleveDocument(d *Document, ms []entity.Mention) (*document.Document, []*sharedText, error) {
	lang := strings.ToLower(strings.TrimSpace(d.Lang))
	if lang == "" {
		lang = detectDocLang(d.Title, d.Body)
	}
	bd := document.NewDocument(d.ID)
	english := lang == "en"
	if english {
		x.english.Store(true) // before the batch, so no query misses them
	}
	title := addText(bd, titleFields, d.Title, english)
	body := addText(bd, x.body, d.Body, english)
	addJoined(bd, title, body, x.body.base)
	// Tokenize now, the larger part of the analysis, so that Add can still
	// give up at its context's end; bleve's batch, which Add cannot stop,
	// then only counts the tokens.
	var learn []*sharedText
	for _, t := range []*sharedText{title, body} {
		if t != nil {
			t.get(true)
			if x.learn != nil && !english {
				t.use() // done in learnTexts
				learn = append(learn, t)
			}
		}
	}
	addKeyword(bd, FieldLang, lang)
	if d.URL != "" {
		addStored(bd, FieldURL, d.URL)
	}
	if !d.Published.IsZero() {
		if err := addDate(bd, FieldPublished, d.Published); err != nil {
			return nil, nil, fmt.Errorf("%w: published: %w", ErrInvalidDocument, err)
		}
	}
	var mentions []byte
	for _, mt := range ms {
		if mt.ID != "" && knownType(mt.Type) && utf8.ValidString(mt.ID) {
			addEntity(bd, mt.Type, mt.ID)
			mentions = appendMention(mentions, mt)
		}
	}
	if len(mentions) > 0 {
		addStored(bd, FieldMentions, string(mentions))
	}
	for _, e := range d.Entities {
		addEntity(bd, e.Type, e.ID)
	}
	return bd, learn, nil
}

// docText is the text of d that entities are extracted from.
func docText(d *Document) string {
	if d.Body == "" {
		return d.Title
	}
	return d.Title + "\n\n" + d.Body
}

// extract runs the extractor, turning a panic in it into no mentions so
// that one bad document cannot take the process down.
func (x *Index) extract(text string) (ms []entity.Mention) {
	defer func() {
		if recover() != nil {
			ms = nil
		}
	}()
	return x.ext.Extract(text)
}

// DetectLang guesses the language of text: "en" for English, "vi" for
// anything else. It looks at the share of Vietnamese letters with
// diacritics and of common English function words in the first
// detectBytes bytes.
func DetectLang(text string) string {
	if len(text) > detectBytes {
		text = text[:detectBytes] // a cut rune counts as a marked letter
	}
	var letters, marked, words, english int
	var lower [4]byte // a word of ASCII letters, lower-cased, if it is short
	n := 0            // the letters of the current word; 0 between words
	ascii := true
	end := func() {
		if n == 0 {
			return
		}
		words++
		if ascii && n <= len(lower) {
			switch string(lower[:n]) {
			case "the", "of", "and", "to", "in", "is", "was", "for", "that", "with", "on", "are", "by", "as", "it":
				english++
			}
		}
		n, ascii = 0, true
	}
	for _, r := range text {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			if n < len(lower) {
				lower[n] = byte(r) | 0x20
			}
		case r >= utf8.RuneSelf:
			marked++
			ascii = false
		default:
			end()
			continue
		}
		letters++
		n++
	}
	end()
	if words == 0 {
		return "vi"
	}
	if marked*50 < letters && english*20 >= words {
		return "en"
	}
	return "vi"
}

// detectBytes is the length of the prefix of a text that DetectLang reads.
const detectBytes = 1500

// detectDocLang is DetectLang of title + "\n" + body, without building
// more of that string than DetectLang reads.
func detectDocLang(title, body string) string {
	if n := detectBytes - len(title) - 1; n < len(body) {
		body = body[:max(n, 0)]
	}
	return DetectLang(title + "\n" + body)
}
