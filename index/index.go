package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/entity"
)

// Errors returned by the package. They are wrapped with context; test for
// them with errors.Is.
var (
	// ErrClosed is returned by every method of an Index after Close.
	ErrClosed = errors.New("index: closed")
	// ErrNotFound is returned by Get for an ID that is not in the index.
	ErrNotFound = errors.New("index: document not found")
	// ErrInvalidDocument is returned by Add for a document with an empty ID,
	// an ID longer than MaxIDBytes or repeated within one call, or text
	// that is not valid UTF-8.
	ErrInvalidDocument = errors.New("index: invalid document")
	// ErrDocumentTooLarge is returned by Add for a document larger than
	// Config.MaxDocumentBytes.
	ErrDocumentTooLarge = errors.New("index: document too large")
	// ErrInvalidRequest is returned by Search for a request it cannot run,
	// such as a malformed cursor or a negative size.
	ErrInvalidRequest = errors.New("index: invalid request")
	// ErrReadOnly is returned by Add on an index opened with OpenReadOnly.
	ErrReadOnly = errors.New("index: opened read-only")
	// ErrLocked is returned by OpenReadOnly when another Index, in this
	// process or another, has the index open for writing.
	ErrLocked = errors.New("index: open for writing elsewhere")
	// ErrNoSpace is returned by Add when the file system of an on-disk
	// index is full; the error also wraps syscall.ENOSPC.
	ErrNoSpace = errors.New("index: no space left on the device")
	// ErrPending is returned by Add when a call written in several
	// batches (see Config.BatchBytes) failed after its first: its
	// documents are kept on disk, some are indexed, and the next Add or
	// Open indexes the rest before anything else. The error wraps the
	// cause too, ErrNoSpace for a full disk.
	ErrPending = errors.New("index: write pending")
)

// DefaultMaxDocumentBytes is the default of Config.MaxDocumentBytes.
const DefaultMaxDocumentBytes = 4 << 20

// DefaultBatchBytes is the default of Config.BatchBytes.
const DefaultBatchBytes = 4 << 20

// MaxIDBytes is the longest document ID, in bytes: Elasticsearch's limit
// on _id. An ID is a term of the index, a stored field, part of every
// Result.Next cursor and of the URL of a document in a service; 512 bytes
// hold any URL a news site gives an article, and a 1 MB ID is refused
// instead of copied into each of those.
const MaxIDBytes = 512

// Config holds the settings of an Index. The zero value of a field means
// its default; DefaultConfig returns the defaults filled in.
type Config struct {
	// MaxDocumentBytes is the largest document Add accepts, counted as the
	// sum of the byte lengths of ID, Title, Body and URL.
	// Default DefaultMaxDocumentBytes (4 MiB).
	MaxDocumentBytes int
	// BatchBytes is the most text, counted as MaxDocumentBytes counts
	// it, that Add gives bleve in one batch; a batch holds at least one
	// document. bleve keeps the analysis of a whole batch in memory until
	// it has written it, some 65 times its text, and the process grows
	// to about 110 times. Add writes a larger call in batches of about
	// equal size, one after the other, after writing its documents to a
	// journal in the index's directory: the call stays atomic across a
	// crash, as Open completes it, but a search that runs meanwhile may
	// see some of its documents before Add returns. In memory there is no
	// journal. Smaller batches take less memory and more time. A call of
	// 8 MiB of news peaked at 900 MB whole, 780 MB in batches of up to 4
	// MiB, 300 MB of 1 MiB and 150 MB of 256 KiB; but each batch is a
	// segment that bleve merges later, and indexing the Dân Trí articles
	// 500 at a time (2 MiB a call) took about 10% longer in batches of 1
	// MiB than whole. Default DefaultBatchBytes (4 MiB): calls of a few
	// hundred articles are written whole.
	BatchBytes int
	// Extractor finds the entities of documents and queries.
	// Default entity.New().
	Extractor *entity.Extractor
	// Scoring is the scoring model of a new index, ScoringBM25 or
	// ScoringTFIDF. An index reopened from disk keeps the model it was
	// created with. Default ScoringTFIDF, which measured better than
	// bm25 on the relevance tests (see relevance_test.go).
	Scoring string
	// Tuning holds the weights of the query clauses. The zero Tuning
	// means DefaultTuning(); a Request can override it.
	Tuning Tuning
	// Restorer, when set, restores the diacritics of queries typed
	// without them: the likeliest readings of the plain words (up to
	// MaxReadings) add clauses on the exact fields, each weighted by
	// ExactBoost times its probability, so that "han quoc" ranks "Hàn
	// Quốc" as the accented query does, and finds all it found before.
	// Result.Reading names the likeliest. The Model must not learn while
	// the index uses it. Default none.
	Restorer *analyze.Model
	// SearchCacheBytes bounds the memory of what searches keep of the
	// index's segments. Half of it holds the block bounds of the terms
	// they have read and the decoded postings of the common ones, which
	// spare later searches a pass over those postings; the other half the
	// locations of the common words that the rerank and the highlights
	// read, which spare them a walk through their postings for every hit. Searches whose terms
	// outgrow it read their postings again: restoration, whose clauses
	// double the terms of an unaccented query, measured 3.0 ms at p50 on
	// 42,653 articles with 128 MiB for the bounds and postings, and 2.5
	// ms with 512 MiB for them. Default DefaultSearchCacheBytes (256
	// MiB).
	SearchCacheBytes int
	// Learn makes the index learn restoration counts from the accented
	// Vietnamese documents it indexes, keep them with its documents (on
	// disk, in the directory "restore" of its path) and restore queries
	// with them, added to a copy of Restorer's when that is set too. The
	// counts of the documents Add acknowledged survive a crash as the
	// documents do. Calls of Add write their batches one at a time, so
	// that the batches and their counts keep one order. Default false.
	Learn bool
}

// MaxReadings is the most restored readings of a query that add clauses.
// Each reading adds a clause per word and field, as many as the accented
// query's exact clauses and as costly. On the relevance benchmark a second
// and third reading moved nDCG@10 by at most 0.003 either way and added
// half again to the time of a query.
const MaxReadings = 1

// DefaultConfig returns the default configuration.
func DefaultConfig() Config {
	var c Config
	c.fill()
	return c
}

func (c *Config) fill() {
	if c.MaxDocumentBytes <= 0 {
		c.MaxDocumentBytes = DefaultMaxDocumentBytes
	}
	if c.SearchCacheBytes <= 0 {
		c.SearchCacheBytes = DefaultSearchCacheBytes
	}
	if c.BatchBytes <= 0 {
		c.BatchBytes = DefaultBatchBytes
	}
	if c.Extractor == nil {
		c.Extractor = entity.New()
	}
	if c.Tuning == (Tuning{}) {
		c.Tuning = DefaultTuning()
	}
	if c.Scoring == "" {
		c.Scoring = ScoringTFIDF
	}
}

// Option changes the Config of Open and NewMemory. Any func(*Config) is an
// Option; the With functions cover the common cases.
type Option func(*Config)

// WithMaxDocumentBytes sets Config.MaxDocumentBytes.
func WithMaxDocumentBytes(n int) Option { return func(c *Config) { c.MaxDocumentBytes = n } }

// WithBatchBytes sets Config.BatchBytes.
func WithBatchBytes(n int) Option { return func(c *Config) { c.BatchBytes = n } }

// WithExtractor sets Config.Extractor.
func WithExtractor(x *entity.Extractor) Option { return func(c *Config) { c.Extractor = x } }

// WithScoring sets Config.Scoring.
func WithScoring(model string) Option { return func(c *Config) { c.Scoring = model } }

// WithRestorer sets Config.Restorer.
func WithRestorer(m *analyze.Model) Option { return func(c *Config) { c.Restorer = m } }

// WithLearning sets Config.Learn.
func WithLearning() Option { return func(c *Config) { c.Learn = true } }

// WithTuning sets Config.Tuning.
func WithTuning(t Tuning) Option { return func(c *Config) { c.Tuning = t } }

// WithConfig replaces the whole Config; its zero fields take their defaults.
func WithConfig(cfg Config) Option { return func(c *Config) { *c = cfg } }

// Index is a searchable collection of news articles, stored in a bleve
// scorch index on disk or in memory. All methods are safe for concurrent
// use by multiple goroutines.
type Index struct {
	cfg Config
	ext *entity.Extractor

	mu       sync.RWMutex // guards closed; held for reading by every operation
	closed   bool
	readOnly bool // opened with OpenReadOnly
	bi       bleve.Index
	path     string      // of an on-disk index; "" in memory
	broken   atomic.Bool // a write failed on disk: bi needs reopening (disk.go)

	// jmu is held by a call of Add that writes several batches, one at a
	// time (journal.go); jseq is the number of the last journal, pending
	// says one is left to finish
	jmu     sync.Mutex
	jseq    uint64
	pending atomic.Bool

	// english is set once the index may hold English documents; queries
	// skip the English fields before that.
	english atomic.Bool

	// body is how the index lays out the body: bodyFields1 for an index
	// of format 1, bodyFields2 for format 2 (formatKey)
	body textFields

	// learn holds the restoration counts of an index with Config.Learn;
	// nil without
	learn *learner

	bounds    boundCache  // block bounds of the top-k searcher
	positions posCache    // decoded locations of the rerank and the highlights
	columns   columnCache // entity columns of the facets

	// gen counts the batches written; nameCache holds the person names
	// of the current one
	gen       atomic.Uint64
	nameCache nameCache
}

func newConfig(opts []Option) (Config, error) {
	var c Config
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	c.fill()
	if c.Scoring != ScoringBM25 && c.Scoring != ScoringTFIDF {
		return c, fmt.Errorf("index: unknown scoring model %q", c.Scoring)
	}
	return c, nil
}

// Open opens the index stored in the directory path, or creates it there
// when path does not exist. Writes are durable: once Add returns nil its
// documents survive a crash of the process.
func Open(path string, opts ...Option) (*Index, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	bi, err := bleve.OpenUsing(path, scorchConfig())
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		var im mapping.IndexMapping
		im, err = newMapping(cfg.Scoring)
		if err != nil {
			return nil, fmt.Errorf("index: open %q: %w", path, err)
		}
		bi, err = bleve.NewUsing(path, im, scorch.Name, scorch.Name, scorchConfig())
	}
	if err != nil {
		return nil, fmt.Errorf("index: open %q: %w", path, err)
	}
	x, err := newIndex(cfg, bi, path, false)
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("index: open %q: %w", path, err)
	}
	return x, nil
}

// lockWait is how long OpenReadOnly waits for a writer's lock to go.
const lockWait = time.Second

// OpenReadOnly opens the index stored in the directory path for Search,
// Get and Count only; Add returns ErrReadOnly. It writes nothing, so it
// opens an index on read-only media. It sees the index as it was when it
// was opened; that includes the part written of a call of Add that a
// crash cut short in several batches, which the next Open completes.
//
// bleve lets readers share an index only with other readers: while an
// Index opened with Open (in this process or another) has it, OpenReadOnly
// waits a second and then returns an error wrapping ErrLocked. A second
// process that searches beside a writer goes through the writer, for
// instance its HTTP service.
func OpenReadOnly(path string, opts ...Option) (*Index, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("index: open %q read-only: %w", path, err)
	}
	bi, err := bleve.OpenUsing(path, map[string]any{"read_only": true, "bolt_timeout": lockWait.String()})
	if errors.Is(err, bolterrors.ErrTimeout) {
		err = fmt.Errorf("%w: waited %v for its lock", ErrLocked, lockWait)
	}
	if err != nil {
		return nil, fmt.Errorf("index: open %q read-only: %w", path, err)
	}
	x, err := newIndex(cfg, bi, path, true)
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("index: open %q read-only: %w", path, err)
	}
	return x, nil
}

// NewMemory returns a new, empty index held in memory. It is a scorch
// index, like the ones on disk, so it scores the same way.
func NewMemory(opts ...Option) (*Index, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	im, err := newMapping(cfg.Scoring)
	if err != nil {
		return nil, fmt.Errorf("index: new memory index: %w", err)
	}
	bi, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("index: new memory index: %w", err)
	}
	x, err := newIndex(cfg, bi, "", false)
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("index: new memory index: %w", err)
	}
	return x, nil
}

// formatKey is the bleve internal key that holds the format of an index's
// fields, "2" for the current one. An index without it is of format 1,
// which indexed the folded body in a field of its own, FieldBody; format 2
// indexes it only in FieldText after the title (bodyBase), which takes a
// third less time and space. An index keeps its format: documents added
// to it are laid out the way it was made.
var formatKey = []byte("vnsearch.format")

// format returns the fields of the body in the format of bi, writing the
// current format into an empty index that has none unless readOnly.
func format(bi bleve.Index, readOnly bool) (textFields, error) {
	v, err := bi.GetInternal(formatKey)
	if err != nil {
		return textFields{}, fmt.Errorf("read format: %w", err)
	}
	switch string(v) {
	case "2":
		return bodyFields2, nil
	case "":
		n, err := bi.DocCount()
		if err != nil {
			return textFields{}, fmt.Errorf("read format: %w", err)
		}
		if n > 0 {
			return bodyFields1, nil
		}
		if readOnly {
			return bodyFields2, nil
		}
		if err := bi.SetInternal(formatKey, []byte("2")); err != nil {
			return textFields{}, fmt.Errorf("write format: %w", err)
		}
		return bodyFields2, nil
	}
	return textFields{}, fmt.Errorf("format %q is not one this version reads (1 or 2)", v)
}

// newIndex returns the Index of bi, stored at path ("" in memory).
func newIndex(cfg Config, bi bleve.Index, path string, readOnly bool) (*Index, error) {
	body, err := format(bi, readOnly)
	if err != nil {
		return nil, err
	}
	x := &Index{cfg: cfg, ext: cfg.Extractor, bi: bi, readOnly: readOnly, body: body, columns: newColumnCache()}
	x.bounds, x.positions = newSearchCaches(cfg.SearchCacheBytes)
	if !readOnly {
		x.path = path
	}
	if cfg.Learn {
		if x.learn, err = newLearner(bi, path, readOnly, cfg.Restorer); err != nil {
			return nil, err
		}
	}
	if !readOnly && path != "" {
		if err := x.openJournal(); err != nil {
			if x.learn != nil {
				x.learn.close()
			}
			return nil, err
		}
	}
	q := query.NewTermQuery("en")
	q.SetField(FieldLang)
	if res, err := bi.Search(bleve.NewSearchRequestOptions(q, 0, 0, false)); err != nil || res.Total > 0 {
		x.english.Store(true)
	}
	return x, nil
}

// Config returns the configuration of the index, its defaults filled in.
func (x *Index) Config() Config { return x.cfg }

// Close closes the index. Later calls of any method, Close included,
// return ErrClosed.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return ErrClosed
	}
	x.closed = true
	if x.learn != nil {
		x.learn.close()
	}
	if err := x.bi.Close(); err != nil {
		return fmt.Errorf("index: close: %w", err)
	}
	return nil
}

// Count returns the number of documents in the index.
func (x *Index) Count() (uint64, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return 0, ErrClosed
	}
	n, err := x.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("index: count: %w", err)
	}
	return n, nil
}

// Get returns the stored document with the given ID, with the entities
// found in it, or an error wrapping ErrNotFound.
func (x *Index) Get(ctx context.Context, id string) (_ *Document, err error) {
	defer x.recoverBroken(&err)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return nil, ErrClosed
	}
	if len(id) > MaxIDBytes {
		return nil, fmt.Errorf("index: get a %d-byte ID (at most %d): %w", len(id), MaxIDBytes, ErrNotFound)
	}
	d, err := x.bi.Document(id)
	if err != nil {
		return nil, fmt.Errorf("index: get %q: %w", id, err)
	}
	if d == nil {
		return nil, fmt.Errorf("index: get %q: %w", id, ErrNotFound)
	}
	st := storedOf(d)
	doc := &Document{ID: id}
	doc.Title, doc.Body, doc.URL, doc.Lang = st.title, st.body, st.url, st.lang
	doc.Published = st.published
	r, err := x.reader()
	if err != nil {
		return nil, fmt.Errorf("index: get %q: %w", id, err)
	}
	defer r.Close()
	doc.Entities = x.entitiesFrom(&st, &personNames{r: r})
	return doc, nil
}

// stored is the displayable part of a bleve document, as its stored
// fields hold it.
type stored struct {
	title, body, url, lang string
	published              time.Time
	mentions               string     // FieldMentions, "" when the document has none
	entities               [][]string // the stored IDs by the index of their type in entity.Types
}

// entityTypeAt maps the name of each entity field to the index of its type
// in entity.Types.
var entityTypeAt = func() map[string]int {
	m := make(map[string]int, len(entity.Types))
	for i, t := range entity.Types {
		m[EntityField(t)] = i
	}
	return m
}()

// addText sets the stored text field named field to v, or adds v to the
// IDs of an entity field.
func (s *stored) addText(field, v string) {
	switch field {
	case FieldTitle:
		s.title = v
	case FieldBody:
		s.body = v
	case FieldURL:
		s.url = v
	case FieldLang:
		s.lang = v
	case FieldMentions:
		s.mentions = v
	default:
		if i, ok := entityTypeAt[field]; ok {
			if s.entities == nil {
				s.entities = make([][]string, len(entity.Types))
			}
			s.entities[i] = append(s.entities[i], v)
		}
	}
}

// storedOf returns the stored fields of d.
func storedOf(d bindex.Document) stored {
	var s stored
	d.VisitFields(func(f bleveField) {
		switch v := f.(type) {
		case bindex.DateTimeField:
			if t, _, err := v.DateTime(); err == nil && f.Name() == FieldPublished {
				s.published = t
			}
		case bindex.TextField:
			s.addText(f.Name(), v.Text())
		}
	})
	return s
}

// entitiesFrom returns the entities of a stored document, one per type and
// ID, in the order of entity.Types. It removes the repeated IDs from
// s.entities, which holds one per mention.
func (x *Index) entitiesFrom(s *stored, names *personNames) []Entity {
	n := 0
	var seen map[string]bool // for long lists
	for i, ids := range s.entities {
		clear(seen)
		u := ids[:0]
		for _, id := range ids {
			if len(ids) <= 16 {
				if slices.Contains(u, id) {
					continue
				}
			} else {
				if seen == nil {
					seen = map[string]bool{}
				}
				if seen[id] {
					continue
				}
				seen[id] = true
			}
			u = append(u, id)
		}
		s.entities[i] = u
		n += len(u)
	}
	if n == 0 {
		return nil
	}
	out := make([]Entity, 0, n)
	for i, ids := range s.entities {
		t := entity.Types[i]
		for _, id := range ids {
			out = append(out, Entity{Type: t, ID: id, Name: x.displayName(names, t, id)})
		}
	}
	return out
}
