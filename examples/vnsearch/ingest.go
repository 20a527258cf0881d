package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/index"
	"github.com/vnsearch/vnsearch/internal/wire"
)

// maxLineBytes is the longest JSON Lines line, and the largest .txt file,
// that index reads; longer ones are reported and skipped.
const maxLineBytes = 64 << 20

const indexDoc = `Index reads documents from JSON Lines files, one document a line:
  {"id": "...", "title": "...", "body": "...", "lang": "vi", "url": "...",
   "published": "2025-01-31T08:00:00+07:00", "entities": [{"type": "COUNTRY", "id": "KR"}]}
The body may be called "text" and the date "date" (YYYYMMDD), as in the Dân Trí
corpus; "published" also takes YYYY-MM-DD or YYYYMMDD. A .txt file is one
document: first line the title, the rest the body, the file name without
extension the ID. "-" reads JSON Lines from standard input.

Bad lines are reported as FILE:LINE and skipped, and the rest is indexed; the
exit status is then 1. Documents with an existing ID replace the old one.`

func runIndex(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("index", indexDoc, stderr)
	db := fs.String("db", "", "index `directory` (created when absent; required)")
	batch := fs.Int("batch", 500, "documents per index.Add call")
	maxDoc := fs.Int("max-doc-bytes", index.DefaultMaxDocumentBytes, "largest document to accept, in `bytes`")
	timeout := fs.Duration("timeout", 0, "stop indexing after this `duration` (0: no limit); what was added stays")
	learn := fs.Bool("learn", false, "learn diacritic restoration counts from the documents and keep them with the index (index.Config.Learn), for search -learn")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case *db == "":
		return usageError(fs, stderr, "-db is required")
	case fs.NArg() == 0:
		return usageError(fs, stderr, "no input files")
	case *batch < 1:
		return usageError(fs, stderr, "-batch must be at least 1")
	case *maxDoc < 1:
		return usageError(fs, stderr, "-max-doc-bytes must be at least 1")
	case *timeout < 0:
		return usageError(fs, stderr, "-timeout must not be negative")
	}
	ctx, cancel := withTimeout(ctx, *timeout)
	defer cancel()

	idx, err := openIndex(ctx, *db, stderr, false, index.WithMaxDocumentBytes(*maxDoc), func(c *index.Config) { c.Learn = *learn })
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "vnsearch index: interrupted")
		return exitError
	}
	if err != nil {
		fmt.Fprintf(stderr, "vnsearch index: %v\n", err)
		return exitError
	}
	in := &ingester{idx: idx, batch: *batch, stdin: stdin, start: time.Now()}
	in.prog = newProgress(stderr, isTerminal(stderr), totalSize(fs.Args()), &in.added, &in.read)
	err = in.files(ctx, fs.Args())
	in.prog.stop()
	count, cerr := idx.Count()
	if cerr == nil {
		cerr = idx.Close()
	}
	if err == nil {
		err = cerr
	}
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "vnsearch index: interrupted")
	case errors.Is(err, context.DeadlineExceeded) && *timeout > 0:
		fmt.Fprintf(stderr, "vnsearch index: %v (-timeout %v)\n", err, *timeout)
	case err != nil:
		fmt.Fprintf(stderr, "vnsearch index: %v\n", err)
	}
	in.summary(stdout, len(fs.Args()), *db, count, err)
	if err != nil || in.skipped > 0 {
		return exitError
	}
	return exitOK
}

// item is a document with the place it was read from, "FILE:LINE".
type item struct {
	doc index.Document
	loc string
}

// ingester reads input files and adds their documents to an index in
// batches.
type ingester struct {
	idx   *index.Index
	model *analyze.Model // learns the documents instead of indexing them (learn)
	batch int
	stdin io.Reader
	prog  *progress
	start time.Time

	pending []item
	added   atomic.Int64 // documents added
	read    atomic.Int64 // input bytes read
	skipped int          // lines, documents or files skipped
}

// files indexes the named files. It returns an error only when indexing
// cannot go on; bad input is reported and counted in skipped.
func (in *ingester) files(ctx context.Context, names []string) error {
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if name == "-" {
			err = in.jsonl(ctx, "stdin", in.stdin)
		} else {
			err = in.file(ctx, name)
		}
		if err != nil {
			return err
		}
	}
	return in.flush(ctx)
}

func (in *ingester) file(ctx context.Context, name string) error {
	f, err := os.Open(name)
	if err != nil {
		in.skip("", err)
		return nil
	}
	defer f.Close()
	if strings.EqualFold(filepath.Ext(name), ".txt") {
		return in.text(ctx, name, f)
	}
	return in.jsonl(ctx, name, f)
}

// text reads a .txt file as one document.
func (in *ingester) text(ctx context.Context, name string, r io.Reader) error {
	b, err := io.ReadAll(io.LimitReader(r, maxLineBytes+1))
	in.read.Add(int64(len(b)))
	switch {
	case err != nil:
		in.skip(name, err)
		return nil
	case len(b) > maxLineBytes:
		in.skip(name, fmt.Errorf("file longer than %d bytes", maxLineBytes))
		return nil
	}
	title, body, _ := strings.Cut(strings.TrimPrefix(string(b), "\uFEFF"), "\n")
	title, body = strings.TrimSpace(title), strings.TrimSpace(body)
	if title == "" && body == "" {
		in.skip(name, errors.New("empty file"))
		return nil
	}
	base := filepath.Base(name)
	id := strings.TrimSuffix(base, filepath.Ext(base))
	return in.add(ctx, item{index.Document{ID: id, Title: title, Body: body}, name})
}

// jsonl reads a JSON Lines stream.
func (in *ingester) jsonl(ctx context.Context, name string, r io.Reader) error {
	var addErr error
	err := readLines(r, maxLineBytes, func(n int, line []byte, tooLong bool) error {
		in.read.Add(int64(len(line)) + 1)
		loc := fmt.Sprintf("%s:%d", name, n)
		if tooLong {
			in.skip(loc, fmt.Errorf("line longer than %d bytes", maxLineBytes))
			return nil
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			return nil
		}
		doc, err := parseDocument(line)
		if err != nil {
			in.skip(loc, err)
			return nil
		}
		addErr = in.add(ctx, item{doc, loc})
		return addErr
	})
	if err != nil && addErr == nil {
		in.skip(name, fmt.Errorf("rest of the file skipped: %w", err)) // a read error
		return nil
	}
	return err
}

// readLines calls fn with each line of r, numbered from 1, without its line
// ending. A line longer than max is passed empty with tooLong set. It stops
// at the first error of fn or r.
func readLines(r io.Reader, max int, fn func(n int, line []byte, tooLong bool) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		var line []byte
		var err error
		tooLong := false
		for {
			var chunk []byte
			chunk, err = br.ReadSlice('\n')
			full := errors.Is(err, bufio.ErrBufferFull)
			switch {
			case tooLong:
			case line == nil && !full:
				line = chunk // valid until the next read, after fn returns
			default:
				line = append(line, chunk...)
				if len(line) > max+2 { // +2 for "\r\n"
					tooLong, line = true, nil
				}
			}
			if !full {
				break
			}
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if err != nil && len(line) == 0 && !tooLong {
			return nil // end of input after the last line ending
		}
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if len(line) > max {
			tooLong, line = true, nil
		}
		if ferr := fn(n, line, tooLong); ferr != nil {
			return ferr
		}
		if err != nil {
			return nil
		}
	}
}

// record is a JSON Lines document: the fields of index.Document, plus the
// "text" and "date" fields of the Dân Trí corpus.
type record struct {
	ID        flexString `json:"id"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	Text      string     `json:"text"`
	Lang      string     `json:"lang"`
	URL       string     `json:"url"`
	Published string     `json:"published"`
	Date      string     `json:"date"`
	Entities  []struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"entities"`
}

// flexString is a JSON string or number, kept as a string.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '"' {
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return errors.New("id must be a string or a number")
		}
		*s = flexString(n)
		return nil
	}
	return json.Unmarshal(b, (*string)(s))
}

// parseDocument decodes one JSON Lines line.
func parseDocument(line []byte) (index.Document, error) {
	// before decoding, which would turn bad bytes into U+FFFD
	if err := wire.CheckText(line); err != nil {
		return index.Document{}, err
	}
	var r record
	if err := json.Unmarshal(line, &r); err != nil {
		return index.Document{}, fmt.Errorf("bad JSON: %w", err)
	}
	d := index.Document{ID: strings.TrimSpace(string(r.ID)), Title: r.Title, Body: r.Body, Lang: r.Lang, URL: r.URL}
	if d.Body == "" {
		d.Body = r.Text
	}
	if d.ID == "" {
		return d, errors.New(`missing "id"`)
	}
	date, field := r.Published, "published"
	if date == "" {
		date, field = r.Date, "date"
	}
	if date != "" {
		t, err := parseTime(date)
		if err != nil {
			return d, fmt.Errorf("%s: %w", field, err)
		}
		d.Published = t
	}
	for _, e := range r.Entities {
		d.Entities = append(d.Entities, index.Entity{Type: entity.Type(strings.ToUpper(e.Type)), ID: e.ID})
	}
	return d, nil
}

// parseTime parses an RFC 3339 time or a date as YYYY-MM-DD or YYYYMMDD
// (midnight UTC).
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly, "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date %q: want YYYY-MM-DD, YYYYMMDD or RFC 3339", s)
}

// add queues it and adds a batch when one is full.
func (in *ingester) add(ctx context.Context, it item) error {
	in.pending = append(in.pending, it)
	if len(in.pending) < in.batch {
		return nil
	}
	return in.flush(ctx)
}

// flush adds the pending documents.
func (in *ingester) flush(ctx context.Context) error {
	items := in.pending
	in.pending = in.pending[:0]
	return in.addItems(ctx, items)
}

// addItems adds items with one index.Add. Add is atomic and fails as a
// whole when one document is invalid, so on such an error addItems splits
// the batch in halves and adds each, until the bad documents are alone:
// they are reported, and everything else is indexed.
func (in *ingester) addItems(ctx context.Context, items []item) error {
	if len(items) == 0 {
		return nil
	}
	docs := make([]index.Document, len(items))
	for i := range items {
		docs[i] = items[i].doc
	}
	if in.model != nil {
		for _, d := range docs {
			in.model.Learn(d.Title + "\n" + d.Body)
		}
		in.added.Add(int64(len(items)))
		return ctx.Err()
	}
	err := in.idx.Add(ctx, docs...)
	switch {
	case err == nil:
		in.added.Add(int64(len(items)))
		return nil
	case !errors.Is(err, index.ErrInvalidDocument) && !errors.Is(err, index.ErrDocumentTooLarge):
		return err
	case len(items) == 1:
		// Add names the document by its position in the call, always 0
		// here: report the cause alone with the document's ID.
		if u := errors.Unwrap(err); u != nil && (errors.Is(u, index.ErrInvalidDocument) || errors.Is(u, index.ErrDocumentTooLarge)) {
			err = u
		}
		in.skip(items[0].loc, fmt.Errorf("document %q: %w", items[0].doc.ID, err))
		return nil
	}
	mid := len(items) / 2
	if err := in.addItems(ctx, items[:mid]); err != nil {
		return err
	}
	return in.addItems(ctx, items[mid:])
}

// skip reports bad input at loc and counts it.
func (in *ingester) skip(loc string, err error) {
	in.skipped++
	if loc == "" {
		in.prog.printf("skipped: %v\n", err)
		return
	}
	in.prog.printf("%s: skipped: %v\n", loc, err)
}

// summary prints what was indexed; count is the size of the index.
func (in *ingester) summary(w io.Writer, files int, db string, count uint64, err error) {
	elapsed := time.Since(in.start)
	n := in.added.Load()
	status := "indexed"
	if err != nil {
		status = "stopped after indexing"
	}
	fmt.Fprintf(w, "%s %d %s from %d %s in %s (%.0f docs/s)", status, n, plural(int(n), "document", "documents"),
		files, plural(files, "file", "files"), elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds())
	if in.skipped > 0 {
		fmt.Fprintf(w, "; skipped %d bad %s (reported above)", in.skipped, plural(in.skipped, "input", "inputs"))
	}
	fmt.Fprintf(w, "\nthe index in %s holds %d %s\n", db, count, plural(int(count), "document", "documents"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// totalSize returns the total size of the named regular files, or 0 when
// it is unknown (standard input, a file that cannot be read).
func totalSize(names []string) int64 {
	var total int64
	for _, n := range names {
		fi, err := os.Stat(n)
		if n == "-" || err != nil || !fi.Mode().IsRegular() {
			return 0
		}
		total += fi.Size()
	}
	return total
}

// progress draws a progress line on a terminal: a bar of the input read
// (when its size is known), the documents indexed and the rate. Without a
// terminal it only passes printf through.
type progress struct {
	mu     sync.Mutex // guards w and drawn
	w      io.Writer
	drawn  bool
	total  int64
	added  *atomic.Int64
	read   *atomic.Int64
	start  time.Time
	done   chan struct{}
	exited chan struct{}
}

func newProgress(w io.Writer, tty bool, total int64, added, read *atomic.Int64) *progress {
	p := &progress{w: w, total: total, added: added, read: read, start: time.Now()}
	if !tty {
		return p
	}
	p.done, p.exited = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.exited)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
				p.mu.Lock()
				p.draw()
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// draw writes the progress line; p.mu is held.
func (p *progress) draw() {
	n := p.added.Load()
	rate := float64(n) / time.Since(p.start).Seconds()
	line := "\r\x1b[K"
	if p.total > 0 {
		frac := min(float64(p.read.Load())/float64(p.total), 1)
		const width = 30
		full := int(frac * width)
		line += "[" + strings.Repeat("=", full) + strings.Repeat(" ", width-full) + "] " +
			strconv.Itoa(int(frac*100)) + "% "
	}
	line += fmt.Sprintf("%d docs, %.0f docs/s", n, rate)
	io.WriteString(p.w, line)
	p.drawn = true
}

// printf prints a message, clearing the progress line first.
func (p *progress) printf(format string, a ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		io.WriteString(p.w, "\r\x1b[K")
		p.drawn = false
	}
	fmt.Fprintf(p.w, format, a...)
}

// stop ends the progress line.
func (p *progress) stop() {
	if p.done == nil {
		return
	}
	close(p.done)
	<-p.exited
	p.printf("")
}
