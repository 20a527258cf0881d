package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/vnsearch/vnsearch/internal/wire"

	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/index"
)

// Defaults of Config.
const (
	// DefaultMaxBodyBytes is half of DefaultWriteBudgetBytes: two writes
	// of the largest body fit at once.
	DefaultMaxBodyBytes     = 8 << 20  // 8 MiB
	DefaultWriteBudgetBytes = 16 << 20 // 16 MiB
	DefaultMaxTextBytes     = 1 << 20  // 1 MiB
	DefaultTimeout          = 10 * time.Second

	// DefaultAnalysisBytes is the default of Config.AnalysisBytes.
	DefaultAnalysisBytes = 2 << 20 // 2 MiB
	// DefaultMaxDocumentBytes is the index.Config.MaxDocumentBytes of the
	// index the server opens: bleve analyses a document whole, at about
	// 110 times its text.
	DefaultMaxDocumentBytes = 1 << 20 // 1 MiB

	// DefaultBatchBytes is the index.Config.BatchBytes of the index the
	// server opens: a POST is written in batches of at most 256 KiB of
	// text, which keeps its memory under 30 times its body (a POST of 8
	// MiB peaked at 158–165 MB) where whole it took 110 times, at the
	// cost of more segments for bleve to merge.
	DefaultBatchBytes = 256 << 10
)

// Config holds the settings of a Server. The zero value of a field means
// its default.
type Config struct {
	// MaxBodyBytes is the largest request body of POST /documents.
	// Default DefaultMaxBodyBytes, and at most WriteBudgetBytes.
	MaxBodyBytes int64
	// WriteBudgetBytes bounds the bodies of the POST /documents requests
	// in progress at once, counted by their Content-Length (MaxBodyBytes
	// when they have none). A write that does not fit is answered 503
	// with Retry-After before its body is read. Indexing takes memory in
	// step with the documents, about 20 times their bytes at the peak
	// with DefaultBatchBytes (see there), so this bounds the memory writes take.
	// Default DefaultWriteBudgetBytes.
	WriteBudgetBytes int64
	// AnalysisBytes bounds the text that the writes in progress have
	// bleve analyse at once, which takes about 110 times its bytes: each
	// write counts its first batch (its text, up to the index's
	// BatchBytes) or its largest document, whichever is larger. A write
	// that does not fit waits for the others; one that outlasts its
	// deadline waiting is a 503 with nothing indexed. A write larger than
	// AnalysisBytes runs alone. Default DefaultAnalysisBytes.
	AnalysisBytes int64
	// MaxTextBytes is the largest text of GET and POST /entities.
	// Default DefaultMaxTextBytes.
	MaxTextBytes int64
	// Timeout bounds the work of each request. Default DefaultTimeout.
	Timeout time.Duration
	// ErrorLog receives internal errors (status 500). Default log.Default().
	ErrorLog *log.Logger
	// WriteToken, when set, is the bearer token POST /documents requires
	// ("Authorization: Bearer TOKEN"); without it the request is a 401.
	// Empty: writes are open to every client.
	WriteToken string
}

func (c *Config) fill() {
	if c.WriteBudgetBytes <= 0 {
		c.WriteBudgetBytes = DefaultWriteBudgetBytes
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	c.MaxBodyBytes = min(c.MaxBodyBytes, c.WriteBudgetBytes)
	if c.MaxTextBytes <= 0 {
		c.MaxTextBytes = DefaultMaxTextBytes
	}
	if c.AnalysisBytes <= 0 {
		c.AnalysisBytes = DefaultAnalysisBytes
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.ErrorLog == nil {
		c.ErrorLog = log.Default()
	}
}

// Server is the HTTP JSON service over an index. It is an http.Handler;
// the index stays owned by the caller, who closes it after the server has
// shut down. Requests after that are answered with 503.
type Server struct {
	idx *index.Index
	ext *entity.Extractor
	cfg Config
	mux *http.ServeMux

	mu      sync.Mutex
	writing int64 // bytes of the writes in progress, at most cfg.WriteBudgetBytes

	analysing weighted // of cfg.AnalysisBytes
}

// weighted is a semaphore of a number of units, taken and given back
// several at a time.
type weighted struct {
	mu    sync.Mutex
	used  int64
	limit int64
	freed chan struct{} // closed when units are given back
}

// acquire takes n units, waiting until they fit or ctx ends. n units that
// never fit are taken when none are in use.
func (s *weighted) acquire(ctx context.Context, n int64) error {
	for {
		s.mu.Lock()
		if s.used == 0 || s.used+n <= s.limit {
			s.used += n
			s.mu.Unlock()
			return nil
		}
		if s.freed == nil {
			s.freed = make(chan struct{})
		}
		freed := s.freed
		s.mu.Unlock()
		select {
		case <-freed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// release gives back n units.
func (s *weighted) release(n int64) {
	s.mu.Lock()
	s.used -= n
	if s.freed != nil {
		close(s.freed)
		s.freed = nil
	}
	s.mu.Unlock()
}

// reserve takes n bytes of the write budget, or reports that they do not
// fit; release gives them back.
func (s *Server) reserve(n int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.writing+n > s.cfg.WriteBudgetBytes {
		return false
	}
	s.writing += n
	return true
}

func (s *Server) release(n int64) {
	s.mu.Lock()
	s.writing -= n
	s.mu.Unlock()
}

// NewServer returns a Server that serves idx with the settings of cfg.
func NewServer(idx *index.Index, cfg Config) *Server {
	cfg.fill()
	s := &Server{idx: idx, ext: entity.New(), cfg: cfg, mux: http.NewServeMux()}
	s.analysing.limit = cfg.AnalysisBytes
	s.mux.HandleFunc("POST /documents", s.addDocuments)
	s.mux.HandleFunc("GET /search", s.search)
	s.mux.HandleFunc("GET /entities", s.entities)
	s.mux.HandleFunc("POST /entities", s.entities)
	// The same paths with any other method: 405 with a JSON body (the
	// mux's own 405 is plain text).
	s.mux.Handle("/documents", methodNotAllowed("POST"))
	s.mux.Handle("/search", methodNotAllowed("GET, HEAD"))
	s.mux.Handle("/entities", methodNotAllowed("GET, HEAD, POST"))
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.URL.Path)
	})
	return s
}

// ServeHTTP serves one request with a deadline of Config.Timeout. A panic
// in a handler becomes a 500 response. The paths /documents/{id} are
// served here, not by the mux, which would clean an ID holding "/../" or
// "//" and redirect to another one.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.cfg.ErrorLog.Printf("panic serving %s %s: %s", r.Method, clip(r.URL.Path, maxLogBytes), clip(fmt.Sprint(v), maxLogBytes))
			writeError(w, http.StatusInternalServerError, "internal error")
		}
	}()
	r = r.WithContext(ctx)
	if id, ok := strings.CutPrefix(r.URL.Path, "/documents/"); ok {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			methodNotAllowed("GET, HEAD").ServeHTTP(w, r)
			return
		}
		s.getDocument(w, r, id)
		return
	}
	s.mux.ServeHTTP(w, r)
}

func methodNotAllowed(allow string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("method %s not allowed; use %s", r.Method, allow))
	})
}

// addDocuments handles POST /documents: a JSON array of documents, added
// atomically.
func (s *Server) addDocuments(w http.ResponseWriter, r *http.Request) {
	if s.cfg.WriteToken != "" {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(token), []byte(s.cfg.WriteToken)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="vnsearch"`)
			writeError(w, http.StatusUnauthorized, "POST /documents needs the write token: Authorization: Bearer TOKEN")
			return
		}
	}
	size := r.ContentLength
	switch {
	case size > s.cfg.MaxBodyBytes:
		s.fail(w, &http.MaxBytesError{Limit: s.cfg.MaxBodyBytes})
		return
	case size < 0: // unknown: as large as it may be
		size = s.cfg.MaxBodyBytes
	}
	if !s.reserve(size) {
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, "too many writes in progress; retry later")
		return
	}
	defer s.release(size)
	body := bufio.NewReader(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if bom, _ := body.Peek(len(utf8BOM)); string(bom) == utf8BOM {
		body.Discard(len(utf8BOM))
	}
	dec := json.NewDecoder(body)
	var raws []json.RawMessage
	if err := dec.Decode(&raws); err != nil {
		s.fail(w, fmt.Errorf("%w: want a JSON array of documents: %w", errBadRequest, err))
		return
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err == nil {
			err = errors.New("data after the array")
		}
		s.fail(w, fmt.Errorf("%w: want a JSON array of documents: %w", errBadRequest, err))
		return
	}
	docs := make([]index.Document, len(raws))
	for i, raw := range raws {
		// before decoding, which would turn bad bytes into U+FFFD
		if err := wire.CheckText(raw); err != nil {
			s.fail(w, fmt.Errorf("%w: document %d: %w", errBadRequest, i, err))
			return
		}
		d, err := decodeDocument(raw)
		if err != nil {
			s.fail(w, fmt.Errorf("%w: document %d: %w", errBadRequest, i, err))
			return
		}
		docs[i] = d
	}
	// a document the index refuses for its size is a 400, not a wait
	for i, d := range docs {
		if n, limit := index.DocumentBytes(d), s.idx.Config().MaxDocumentBytes; n > limit {
			s.fail(w, fmt.Errorf("document %d (%q): %w: %d bytes, limit %d", i, clip(d.ID, maxLogBytes), index.ErrDocumentTooLarge, n, limit))
			return
		}
	}
	need := s.analysisBytes(docs)
	if err := s.analysing.acquire(r.Context(), need); err != nil {
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, "too much text in analysis by other writes; nothing was indexed; retry later")
		return
	}
	defer s.analysing.release(need)
	if err := s.idx.Add(r.Context(), docs...); err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"indexed": len(docs)})
}

// analysisBytes is what a write of docs counts of Config.AnalysisBytes:
// the text of its first batch or its largest document, whichever is
// larger.
func (s *Server) analysisBytes(docs []index.Document) int64 {
	var total, largest int64
	for _, d := range docs {
		n := int64(index.DocumentBytes(d))
		total += n
		largest = max(largest, n)
	}
	return max(min(total, int64(s.idx.Config().BatchBytes)), largest)
}

// jsonDocument is the JSON form of an index.Document.
type jsonDocument struct {
	ID        string       `json:"id"`
	Title     string       `json:"title"`
	Body      string       `json:"body,omitempty"`
	Lang      string       `json:"lang,omitempty"`
	URL       string       `json:"url,omitempty"`
	Published *jsonTime    `json:"published,omitempty"`
	Entities  []jsonEntity `json:"entities,omitempty"`
}

// jsonTime is a time in JSON: RFC 3339 out, and in RFC 3339 or a date
// (YYYY-MM-DD, midnight UTC).
type jsonTime struct{ time.Time }

func (t *jsonTime) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("published: want a string, an RFC 3339 time or a YYYY-MM-DD date")
	}
	v, err := timeParam(s, false) // as /search's since and until
	if err != nil {
		return fmt.Errorf("published %q is not an RFC 3339 time or a YYYY-MM-DD date between %s and %s", s, minTime.Format(time.DateOnly), maxTime.Format(time.DateOnly))
	}
	t.Time = v
	return nil
}

// decodeDocument decodes one document of POST /documents. Unknown fields
// are an error, so that a misspelled field does not go unnoticed.
func decodeDocument(raw []byte) (index.Document, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var jd jsonDocument
	if err := dec.Decode(&jd); err != nil {
		return index.Document{}, err
	}
	d := index.Document{ID: jd.ID, Title: jd.Title, Body: jd.Body, Lang: jd.Lang, URL: jd.URL}
	if jd.Published != nil {
		d.Published = jd.Published.Time
	}
	for _, e := range jd.Entities {
		d.Entities = append(d.Entities, index.Entity{Type: entity.Type(strings.ToUpper(string(e.Type))), ID: e.ID})
	}
	return d, nil
}

// utf8BOM is the byte order mark some editors put before UTF-8 text.
const utf8BOM = "\uFEFF"

// getDocument handles GET /documents/{id}.
func (s *Server) getDocument(w http.ResponseWriter, r *http.Request, id string) {
	d, err := s.idx.Get(r.Context(), id)
	if err != nil {
		s.fail(w, err)
		return
	}
	jd := jsonDocument{ID: d.ID, Title: d.Title, Body: d.Body, Lang: d.Lang, URL: d.URL, Entities: jsonEntities(d.Entities)}
	if !d.Published.IsZero() {
		jd.Published = &jsonTime{d.Published}
	}
	writeJSON(w, http.StatusOK, jd)
}

// entityParams are the query parameters of /search that filter on
// entities.
var entityParams = []struct {
	name string
	typ  entity.Type
}{
	{"person", entity.Person},
	{"ministry", entity.Ministry},
	{"country", entity.Country},
	{"province", entity.Province},
	{"resolution", entity.Resolution},
}

// search handles GET /search.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	req, err := s.searchRequest(r)
	if err != nil {
		s.fail(w, fmt.Errorf("%w: %w", errBadRequest, err))
		return
	}
	res, err := s.idx.Search(r.Context(), req)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, newJSONResult(res))
}

// searchRequest maps the query parameters of /search to an index.Request.
func (s *Server) searchRequest(r *http.Request) (index.Request, error) {
	p := r.URL.Query()
	req := index.Request{
		Query:     p.Get("q"),
		After:     p.Get("after"),
		Lang:      p.Get("lang"),
		Highlight: true,
		Facets:    entity.Types,
	}
	var err error
	if req.Size, err = intParam(p.Get("size"), index.DefaultSize, 1, index.MaxSize); err != nil {
		return req, fmt.Errorf("bad size: %w", err)
	}
	if req.From, err = intParam(p.Get("from"), 0, 0, 1<<30); err != nil {
		return req, fmt.Errorf("bad from: %w", err)
	}
	if v := p.Get("exact"); v != "" {
		if req.Exact, err = strconv.ParseBool(v); err != nil {
			return req, fmt.Errorf("bad exact %q: want true or false", v)
		}
	}
	if req.From > 0 && req.After != "" {
		return req, errors.New("from and after cannot be used together")
	}
	if req.Since, err = timeParam(p.Get("since"), false); err != nil {
		return req, fmt.Errorf("bad since: %w", err)
	}
	if req.Until, err = timeParam(p.Get("until"), true); err != nil {
		return req, fmt.Errorf("bad until: %w", err)
	}
	if !req.Since.IsZero() && !req.Until.IsZero() && !req.Since.Before(req.Until) {
		return req, fmt.Errorf("since %s is not before until %s", p.Get("since"), p.Get("until"))
	}
	for _, ep := range entityParams {
		for _, v := range p[ep.name] {
			// the index resolves names and IDs of any spelling
			if strings.TrimSpace(v) == "" {
				return req, fmt.Errorf("empty %s", ep.name)
			}
			req.Entities = append(req.Entities, index.Entity{Type: ep.typ, ID: v})
		}
	}
	return req, nil
}

// intParam parses an integer parameter in [lo, hi], def when empty.
func intParam(v string, def, lo, hi int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not an integer", v)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("%d is not between %d and %d", n, lo, hi)
	}
	return n, nil
}

// The range of times a date filter can hold: the index stores dates as
// int64 nanoseconds since 1970, and rejects a range query outside these.
var (
	minTime = time.Date(1677, 12, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(2262, 4, 11, 11, 59, 59, 0, time.UTC)
)

// timeParam parses a date (YYYY-MM-DD, UTC) or an RFC 3339 time between
// minTime and maxTime. A date given as until includes that whole day.
func timeParam(v string, until bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		if t, err = time.Parse(time.DateOnly, v); err != nil {
			return time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD) or an RFC 3339 time", v)
		}
		if until {
			t = t.AddDate(0, 0, 1)
		}
	}
	if t.Before(minTime) || t.After(maxTime) {
		return time.Time{}, fmt.Errorf("%q is not between %s and %s", v, minTime.Format(time.DateOnly), maxTime.Format(time.DateOnly))
	}
	return t, nil
}

// entities handles GET /entities?text= and POST /entities with the text as
// the body (any content type but application/json, which is read as
// {"text": "..."}).
func (s *Server) entities(w http.ResponseWriter, r *http.Request) {
	var text string
	if r.Method == http.MethodPost {
		body := http.MaxBytesReader(w, r.Body, s.cfg.MaxTextBytes)
		b, err := io.ReadAll(body)
		if err != nil {
			s.fail(w, fmt.Errorf("%w: read body: %w", errBadRequest, err))
			return
		}
		text = string(b)
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json" {
			var v struct {
				Text *string `json:"text"`
			}
			if err := wire.CheckText(b); err != nil {
				s.fail(w, fmt.Errorf("%w: %w", errBadRequest, err))
				return
			}
			if err := json.Unmarshal(b, &v); err != nil || v.Text == nil {
				s.fail(w, fmt.Errorf(`%w: want {"text": "..."}`, errBadRequest))
				return
			}
			text = *v.Text
		}
	} else {
		p := r.URL.Query()
		if !p.Has("text") {
			s.fail(w, fmt.Errorf("%w: missing text parameter", errBadRequest))
			return
		}
		text = p.Get("text")
		if int64(len(text)) > s.cfg.MaxTextBytes {
			s.fail(w, &http.MaxBytesError{Limit: s.cfg.MaxTextBytes})
			return
		}
	}
	if !utf8.ValidString(text) {
		s.fail(w, fmt.Errorf("%w: text is not valid UTF-8", errBadRequest))
		return
	}
	ms := s.ext.Extract(text)
	out := wire.Mentions(s.ext, ms)
	writeJSON(w, http.StatusOK, map[string]any{"entities": out})
}

// jsonMention is the JSON form of an entity.Mention.
type jsonMention = wire.Mention

// errBadRequest marks errors in the request itself (status 400).
var errBadRequest = errors.New("bad request")

// fail writes err as a JSON error with the status it calls for.
func (s *Server) fail(w http.ResponseWriter, err error) {
	var tooLarge *http.MaxBytesError
	status := http.StatusInternalServerError
	switch {
	case errors.As(err, &tooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request larger than %d bytes", tooLarge.Limit))
		return
	case errors.Is(err, errBadRequest),
		errors.Is(err, index.ErrInvalidDocument),
		errors.Is(err, index.ErrDocumentTooLarge),
		errors.Is(err, index.ErrInvalidRequest):
		status = http.StatusBadRequest
	case errors.Is(err, index.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, index.ErrReadOnly):
		status = http.StatusForbidden
	case errors.Is(err, index.ErrPending):
		writeJSON(w, http.StatusAccepted, map[string]any{"pending": true, "message": "the documents are saved and some are indexed; the rest are indexed before the next write: " + clip(err.Error(), maxLogBytes)})
		return
	case errors.Is(err, index.ErrNoSpace):
		writeError(w, http.StatusInsufficientStorage, "no space left on the index's device; nothing of this write was indexed")
		return
	case errors.Is(err, index.ErrClosed):
		status = http.StatusServiceUnavailable
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		writeError(w, http.StatusServiceUnavailable, "request timed out or canceled")
		return
	default:
		s.cfg.ErrorLog.Printf("internal error: %s", clip(err.Error(), maxLogBytes))
		writeError(w, status, "internal error")
		return
	}
	writeError(w, status, strings.TrimPrefix(err.Error(), errBadRequest.Error()+": "))
}

// maxLogBytes bounds what the log keeps of an error, which can quote a
// query or a document ID of any length.
const maxLogBytes = 200

// clip returns s cut to its first n bytes, at a rune boundary, with the
// length it had.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:n], len(s))
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) // the status is sent; a write error has nowhere to go
}

// The JSON forms of results, shared with the other example program.
type (
	jsonResult = wire.Result
	jsonEntity = wire.Entity
)

var (
	newJSONResult = wire.NewResult
	jsonEntities  = wire.Entities
)
