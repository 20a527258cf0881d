package index

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/internal/testenv"
)

var updateFixture = flag.Bool("update-fixture", false, "rewrite testdata/v1-index with the current code")

// seedDocs are the documents every reliability test starts from; the tests
// check that a rejected call loses none of them.
var seedDocs = []Document{
	{ID: "seed-1", Title: "Hà Nội mưa lớn", Body: "Mưa lớn kéo dài ở Hà Nội gây ngập nhiều tuyến phố.", Published: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)},
	{ID: "seed-2", Title: "Đà Nẵng đón khách", Body: "Đà Nẵng đón hơn một triệu lượt khách du lịch.", Published: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)},
	{ID: "seed-3", Title: "Hàn Quốc và Việt Nam hợp tác", Body: "Hàn Quốc và Việt Nam ký thỏa thuận hợp tác kinh tế.", Published: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)},
}

// seeded returns a memory index holding seedDocs.
func seeded(t *testing.T, opts ...Option) *Index {
	t.Helper()
	x, err := NewMemory(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	if err := x.Add(context.Background(), seedDocs...); err != nil {
		t.Fatal(err)
	}
	return x
}

// checkSeeds fails t unless x holds exactly seedDocs plus extra documents.
func checkSeeds(t *testing.T, x *Index, extra int) {
	t.Helper()
	n, err := x.Count()
	if err != nil {
		t.Fatal(err)
	}
	if want := uint64(len(seedDocs) + extra); n != want {
		t.Errorf("Count() = %d; want %d", n, want)
	}
	for _, d := range seedDocs {
		got, err := x.Get(context.Background(), d.ID)
		if err != nil {
			t.Errorf("Get(%q): %v", d.ID, err)
			continue
		}
		if got.Title != d.Title || got.Body != d.Body {
			t.Errorf("Get(%q) = %q / %q; want %q / %q", d.ID, got.Title, got.Body, d.Title, d.Body)
		}
	}
}

func TestAddRejectsBadInput(t *testing.T) {
	ok := Document{ID: "new-ok", Title: "Tin mới", Body: "Nội dung hợp lệ."}
	tests := []struct {
		name    string
		docs    []Document
		wantErr error
		wantMsg string // in the error message
	}{
		{"invalid UTF-8 title", []Document{ok, {ID: "bad", Title: "Hà \xff Nội"}}, ErrInvalidDocument, `document 1 ("bad")`},
		{"invalid UTF-8 title names field", []Document{{ID: "bad", Title: "\xc3\x28"}}, ErrInvalidDocument, "title is not valid UTF-8"},
		{"invalid UTF-8 body", []Document{{ID: "bad", Body: "ok \xed\xa0\x80 surrogate"}}, ErrInvalidDocument, "body is not valid UTF-8"},
		{"invalid UTF-8 ID", []Document{ok, {ID: "bad\xfe", Title: "x"}}, ErrInvalidDocument, "ID is not valid UTF-8"},
		{"invalid UTF-8 URL", []Document{{ID: "bad", URL: "http://x/\x80"}}, ErrInvalidDocument, "URL or language is not valid UTF-8"},
		{"empty ID", []Document{ok, {Title: "không có ID"}}, ErrInvalidDocument, "empty ID"},
		{"ID over MaxIDBytes", []Document{ok, {ID: strings.Repeat("đ", MaxIDBytes/2+1), Title: "x"}}, ErrInvalidDocument, fmt.Sprintf("document 1 (%q… (%d bytes)): index: invalid document: ID of %d bytes, longer than %d", strings.Repeat("đ", 32), MaxIDBytes+2, MaxIDBytes+2, MaxIDBytes)},
		{"1 MB ID", []Document{{ID: strings.Repeat("x", 1<<20), Title: "x"}}, ErrInvalidDocument, "ID of 1048576 bytes"},
		{"duplicate ID in one call", []Document{ok, {ID: "dup", Title: "a"}, {ID: "x"}, {ID: "dup", Title: "b"}}, ErrInvalidDocument, `document 3 ("dup"): index: invalid document: duplicate ID, also document 1`},
		{"duplicate of a stored ID is no duplicate", nil, nil, ""}, // see TestAddReplacesStoredID
		{"unknown entity type", []Document{{ID: "bad", Entities: []Entity{{Type: "BOGUS", ID: "x"}}}}, ErrInvalidDocument, "bad entity BOGUS"},
		{"published before bleve's dates", []Document{ok, {ID: "old", Title: "x", Published: time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC)}}, ErrInvalidDocument, `document 1 ("old"): index: invalid document: published 1500-01-01`},
		{"over the size limit", []Document{ok, {ID: "big", Body: strings.Repeat("a", DefaultMaxDocumentBytes)}}, ErrDocumentTooLarge, fmt.Sprintf("limit %d", DefaultMaxDocumentBytes)},
	}
	for _, tt := range tests {
		if tt.docs == nil {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			x := seeded(t)
			err := x.Add(context.Background(), tt.docs...)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Add = %v; want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("Add error %q does not contain %q", err, tt.wantMsg)
			}
			// atomic: the good documents of the call are not indexed either
			checkSeeds(t, x, 0)
			if _, err := x.Get(context.Background(), ok.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get(%q) after rejected Add = %v; want ErrNotFound", ok.ID, err)
			}
		})
	}
}

// TestLongestID checks that an ID of MaxIDBytes is stored and found, and
// that a longer one is not looked up at all.
func TestLongestID(t *testing.T) {
	x := seeded(t)
	ctx := context.Background()
	id := strings.Repeat("ư", MaxIDBytes/2) // 2 bytes a rune
	if err := x.Add(ctx, Document{ID: id, Title: "Mã dài nhất"}); err != nil {
		t.Fatalf("Add(%d-byte ID) = %v", len(id), err)
	}
	if d, err := x.Get(ctx, id); err != nil || d.Title != "Mã dài nhất" {
		t.Fatalf("Get(%d-byte ID) = %v, %v", len(id), d, err)
	}
	if _, err := x.Get(ctx, id+"x"); !errors.Is(err, ErrNotFound) || strings.Contains(err.Error(), id) {
		t.Errorf("Get(%d-byte ID) = %v; want ErrNotFound without the ID", len(id)+1, err)
	}
}

// TestAddReplacesStoredID pins that an ID already in the index is replaced,
// not rejected: only duplicates within one call are errors.
func TestAddReplacesStoredID(t *testing.T) {
	x := seeded(t)
	if err := x.Add(context.Background(), Document{ID: "seed-1", Title: "Thay thế"}); err != nil {
		t.Fatal(err)
	}
	d, err := x.Get(context.Background(), "seed-1")
	if err != nil || d.Title != "Thay thế" {
		t.Fatalf("Get(seed-1) = %v, %v; want the replacement", d, err)
	}
	if n, _ := x.Count(); n != uint64(len(seedDocs)) {
		t.Errorf("Count() = %d; want %d", n, len(seedDocs))
	}
}

// TestAddControlCharactersAccepted pins the behaviour for NUL and other C0
// control characters: they are valid UTF-8, so Add accepts them, stores
// them unchanged and the words around them stay searchable. A NUL inside an
// ID is part of the ID: it neither truncates it nor aliases a shorter one.
func TestAddControlCharactersAccepted(t *testing.T) {
	x := seeded(t)
	ctx := context.Background()
	docs := []Document{
		{ID: "ctl\x00one", Title: "Bão\x00số\x01 ba", Body: "Cơn bão\x07 đổ bộ\x1b[31m vào\tQuảng\x7fNinh\r\n."},
		{ID: "ctl", Title: "Không có ký tự điều khiển"},
		{ID: "ctl\x00", Title: "NUL ở cuối"},
	}
	if err := x.Add(ctx, docs...); err != nil {
		t.Fatalf("Add with control characters: %v", err)
	}
	checkSeeds(t, x, len(docs))
	for _, d := range docs {
		got, err := x.Get(ctx, d.ID)
		if err != nil {
			t.Fatalf("Get(%q): %v", d.ID, err)
		}
		if got.ID != d.ID || got.Title != d.Title || got.Body != d.Body {
			t.Errorf("Get(%q) = %q %q %q; want %q %q %q", d.ID, got.ID, got.Title, got.Body, d.ID, d.Title, d.Body)
		}
	}
	if _, err := x.Get(ctx, "ctl\x00o"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(prefix of a NUL ID) = %v; want ErrNotFound", err)
	}
	for _, q := range []string{"bão", "đổ bộ", "quảng"} {
		r, err := x.Search(ctx, Request{Query: q})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if len(r.Hits) == 0 || r.Hits[0].ID != "ctl\x00one" {
			t.Errorf("Search(%q) = %v; want ctl\\x00one first", q, hitIDs(r))
		}
	}
}

// peakHeap samples HeapInuse every few milliseconds until stop is called
// and returns the largest value seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
	}
	sample()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tk := time.NewTicker(5 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-done:
				return
			case <-tk.C:
				sample()
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		sample()
		return peak.Load()
	}
}

// TestAddLargeBodyUnderRaisedLimit indexes a 10 MB body without a line
// break under a 16 MiB limit and bounds the heap it takes: a quadratic step
// in analysis or extraction would blow the bound. It needs about 1.2 GB.
func TestAddLargeBodyUnderRaisedLimit(t *testing.T) {
	testenv.SkipUnlessLong(t)
	if raceEnabled {
		t.Skip("too slow and memory-hungry under the race detector")
	}
	const size = 10 << 20
	x := seeded(t, WithMaxDocumentBytes(16<<20))
	unit := "Hàn Quốc và Việt Nam hợp tác kinh tế, Hà Nội đón đoàn doanh nghiệp; "
	body := strings.Repeat(unit, size/len(unit)+1)[:size]
	for !utfValid(body) {
		body = body[:len(body)-1]
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := peakHeap()
	start := time.Now()
	err := x.Add(context.Background(), Document{ID: "huge", Title: "Bài rất dài", Body: body})
	took := time.Since(start)
	peak := stop()
	if err != nil {
		t.Fatalf("Add(10 MB body) = %v", err)
	}
	growth := int64(peak) - int64(before.HeapInuse)
	t.Logf("10 MB body: Add took %v, heap in use %d MB before, peak %d MB (+%d MB, %.1f× the body)",
		took, before.HeapInuse>>20, peak>>20, growth>>20, float64(growth)/size)
	// Measured 113-116× at 1, 4 and 10 MB alike: linear, but heavy (every
	// token is kept in the folded, exact, English and joined fields with
	// its term vectors until the segment is built). 200× leaves room for
	// GC timing; a quadratic step would be ten times more at 10 MB.
	if limit := int64(200 * size); growth > limit {
		t.Errorf("heap grew by %d MB indexing a 10 MB body; want < %d MB", growth>>20, limit>>20)
	}
	checkSeeds(t, x, 1)
	r, err := x.Search(context.Background(), Request{Query: "bài rất dài"})
	if err != nil || len(r.Hits) == 0 || r.Hits[0].ID != "huge" {
		t.Errorf("Search(bài rất dài) = %v, %v; want huge first", r, err)
	}
}

func utfValid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// TestSearchHostileQueries sends queries built to be slow or to confuse the
// parser. Each must return within the deadline, without panicking, with
// results or an error wrapping ErrInvalidRequest.
func TestSearchHostileQueries(t *testing.T) {
	x := seeded(t)
	words := make([]string, 10000)
	for i := range words {
		words[i] = fmt.Sprintf("từ%d", i)
	}
	words[5000] = "mưa"
	tests := []struct {
		name    string
		query   string
		invalid bool   // want ErrInvalidRequest
		wantHit string // a document that must be found, if any
	}{
		{"5000 unbalanced quotes", strings.Repeat(`"a `, 5000), false, ""},
		{"5000 quotes, no spaces", strings.Repeat(`"mưa`, 5000), false, ""},
		{"10000 distinct words", strings.Join(words, " "), false, "seed-1"},
		{"words and colons", strings.Repeat("title: body:x person: ", 2000), false, ""},
		{"operators only", strings.Repeat(`+-*~"`, 5000), false, ""},
		{"128 KiB of one word", strings.Repeat("mưa ", MaxQueryBytes/len("mưa ")), false, "seed-1"},
		{"1 MB query", strings.Repeat("hà nội ", 1<<20/len("hà nội ")+1), true, ""},
		{"1 MB without spaces", strings.Repeat("a", 1<<20), true, ""},
		{"NUL and control characters", "hà\x00nội\x01 \x1b[0m mưa\x7f", false, "seed-1"},
		{"invalid UTF-8", "m\xffưa \xfe\xfe đà \xc3", false, ""},
		{"invalid UTF-8 in field prefix", "title\xff:mưa person:\xfe", false, ""},
		{"lone fuzzy and prefix", "~ * ~2 *~ mưa~9 hà*", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			type answer struct {
				r   *Result
				err error
			}
			done := make(chan answer, 1)
			go func() {
				r, err := x.Search(ctx, Request{Query: tt.query})
				done <- answer{r, err}
			}()
			var a answer
			select {
			case a = <-done:
			case <-time.After(15 * time.Second):
				t.Fatalf("Search(%.40q…) did not return within 15 s", tt.query)
			}
			switch {
			case tt.invalid:
				if !errors.Is(a.err, ErrInvalidRequest) || !strings.Contains(a.err.Error(), "query of") {
					t.Fatalf("Search(%.40q…) = %v; want ErrInvalidRequest naming the query length", tt.query, a.err)
				}
				return
			case a.err != nil:
				t.Fatalf("Search(%.40q…) = %v; want results", tt.query, a.err)
			}
			if tt.wantHit != "" && !contains(hitIDs(a.r), tt.wantHit) {
				t.Errorf("Search(%.40q…) = %v; want %s among the hits", tt.query, hitIDs(a.r), tt.wantHit)
			}
		})
	}
	checkSeeds(t, x, 0)
}

func contains(s []string, v string) bool {
	for _, e := range s {
		if e == v {
			return true
		}
	}
	return false
}

func TestSearchRejectsBadRequest(t *testing.T) {
	x := seeded(t)
	good, err := x.Search(context.Background(), Request{Size: 1})
	if err != nil || good.Next == "" {
		t.Fatalf("Search(Size 1) = %v, %v; want a Next cursor", good, err)
	}
	may := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		req     Request
		wantMsg string
	}{
		{"negative size", Request{Size: -1}, "negative size"},
		{"negative from", Request{From: -5}, "negative size or offset"},
		{"from 1<<40", Request{Query: "mưa", From: 1 << 40}, "offset 1099511627776"},
		{"from MaxInt", Request{From: math.MaxInt}, "limit 1073741824"},
		{"size and from huge", Request{Size: 1 << 40, From: 1 << 40}, "offset"},
		{"unknown entity type in filter", Request{Entities: []Entity{{Type: "BOGUS", ID: "x"}}}, `unknown entity type "BOGUS"`},
		{"unknown facet type", Request{Facets: []entity.Type{"BOGUS"}}, `unknown entity type "BOGUS"`},
		{"since after until", Request{Since: may.AddDate(0, 1, 0), Until: may}, "since 2024-06-01T00:00:00Z is after until 2024-05-01T00:00:00Z"},
		{"cursor not base64", Request{After: "!!!"}, "bad cursor"},
		{"cursor base64 of junk", Request{After: "aGVsbG8"}, "bad cursor"},
		{"cursor offset out of window", Request{After: encodeCursor(cursor{offset: RerankWindow})}, "bad cursor"},
		{"cursor NaN score", Request{After: encodeCursor(cursor{score: math.NaN(), id: "x"})}, "bad cursor"},
		{"cursor truncated", Request{After: good.Next[:len(good.Next)/2]}, "bad cursor"},
		{"cursor with from", Request{After: good.Next, From: 1}, "both From and After"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r *Result
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("Search panicked: %v", p)
					}
				}()
				r, err = x.Search(context.Background(), tt.req)
			}()
			if !errors.Is(err, ErrInvalidRequest) {
				t.Fatalf("Search(%+v) = %v, %v; want ErrInvalidRequest", tt.req, r, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("Search error %q does not contain %q", err, tt.wantMsg)
			}
		})
	}
	// Valid edge cases: huge Size is clamped, an empty range is empty.
	r, err := x.Search(context.Background(), Request{Size: 1 << 40})
	if err != nil || len(r.Hits) != len(seedDocs) {
		t.Errorf("Search(Size 1<<40) = %v, %v; want all %d documents", r, err, len(seedDocs))
	}
	r, err = x.Search(context.Background(), Request{Since: may, Until: may})
	if err != nil || r.Total != 0 {
		t.Errorf("Search(Since == Until) = %v, %v; want no hits and no error", r, err)
	}
	checkSeeds(t, x, 0)
}

// TestConcurrentAddSearch runs writers and searchers on one index; run it
// with -race.
func TestConcurrentAddSearch(t *testing.T) {
	x := seeded(t)
	ctx := context.Background()
	const writers, perWriter, batch = 4, 50, 5
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errc := make(chan error, 64)
	for w := range writers {
		wg.Go(func() {
			for i := 0; i < perWriter; i += batch {
				var docs []Document
				for j := i; j < i+batch; j++ {
					docs = append(docs, Document{
						ID:    fmt.Sprintf("w%d-%03d", w, j),
						Title: fmt.Sprintf("Tin %d của người viết %d", j, w),
						Body:  "Hà Nội và Đà Nẵng hợp tác phát triển du lịch.",
					})
				}
				if err := x.Add(ctx, docs...); err != nil {
					errc <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
			}
		})
	}
	var sg sync.WaitGroup
	var searches atomic.Int64
	for s := range 4 {
		sg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				req := Request{Query: []string{"hà nội", "du lịch", "tin", ""}[s], Facets: []entity.Type{entity.Province}, Highlight: s%2 == 0}
				if _, err := x.Search(ctx, req); err != nil {
					errc <- fmt.Errorf("searcher %d: %w", s, err)
					return
				}
				if _, err := x.Get(ctx, "seed-2"); err != nil {
					errc <- fmt.Errorf("searcher %d: Get: %w", s, err)
					return
				}
				searches.Add(1)
			}
		})
	}
	wg.Wait()
	close(stop)
	sg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	t.Logf("%d searches while %d writers added %d documents each", searches.Load(), writers, perWriter)
	checkSeeds(t, x, writers*perWriter)
}

// TestCloseDuringSearch closes the index while searchers and a writer loop:
// every error they see must be ErrClosed, and after Close every method
// returns ErrClosed.
func TestCloseDuringSearch(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := x.Add(ctx, seedDocs...); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var running atomic.Int64
	started := make(chan struct{}, 6)
	errc := make(chan error, 6)
	loop := func(name string, op func(i int) error) {
		wg.Go(func() {
			defer func() {
				if p := recover(); p != nil {
					errc <- fmt.Errorf("%s panicked: %v", name, p)
				}
			}()
			started <- struct{}{}
			for i := 0; ; i++ {
				if err := op(i); err != nil {
					if !errors.Is(err, ErrClosed) {
						errc <- fmt.Errorf("%s: %w; want ErrClosed", name, err)
					}
					return
				}
				running.Add(1)
			}
		})
	}
	for s := range 4 {
		loop(fmt.Sprintf("searcher %d", s), func(int) error {
			_, err := x.Search(ctx, Request{Query: "hà nội mưa", Highlight: true, Facets: []entity.Type{entity.Province}})
			return err
		})
	}
	loop("getter", func(int) error { _, err := x.Get(ctx, "seed-1"); return err })
	loop("writer", func(i int) error {
		return x.Add(ctx, Document{ID: fmt.Sprintf("late-%d", i), Title: "Tin muộn"})
	})
	for range 6 {
		<-started
	}
	for running.Load() < 50 {
		time.Sleep(time.Millisecond)
	}
	if err := x.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	if err := x.Add(ctx, Document{ID: "after"}); !errors.Is(err, ErrClosed) {
		t.Errorf("Add after Close = %v; want ErrClosed", err)
	}
	if _, err := x.Search(ctx, Request{Query: "mưa"}); !errors.Is(err, ErrClosed) {
		t.Errorf("Search after Close = %v; want ErrClosed", err)
	}
	if _, err := x.Get(ctx, "seed-1"); !errors.Is(err, ErrClosed) {
		t.Errorf("Get after Close = %v; want ErrClosed", err)
	}
	if _, err := x.Count(); !errors.Is(err, ErrClosed) {
		t.Errorf("Count after Close = %v; want ErrClosed", err)
	}
	if err := x.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close = %v; want ErrClosed", err)
	}
}

// TestCrashDurabilityPoints kills the writer child (see TestHelperWriter) at
// several points and checks that every acknowledged document survives,
// with its restoration counts: the child learns (Config.Learn).
func TestCrashDurabilityPoints(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes; skipped with -short")
	}
	tests := []struct {
		name      string
		mode      string // crashModeEnv of the child
		killAfter int    // acknowledged documents before the kill
	}{
		{"after 1 ack", "", 1},
		{"after 7 acks", "", 7},
		{"after 25 acks", "", 25},
		{"during a large batch", crashModeBatch, crashBatchLead},
		{"during a large call written in batches", crashModeJournal, crashBatchLead},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "idx")
			acked, lines := runCrashWriter(t, dir, tt.mode, true, tt.killAfter)
			if tt.mode == crashModeJournal {
				t.Logf("journal left by the kill: %v", exists(filepath.Join(dir, journalFile)))
			}
			x := checkAcked(t, dir, true, acked)
			defer x.Close()
			if tt.mode == "" {
				return
			}
			// Add is atomic: after the crash the batch is all in or all out.
			found := 0
			for i := range crashBatchSize {
				if _, err := x.Get(context.Background(), crashBatchID(i)); err == nil {
					found++
				}
			}
			t.Logf("%d of the %d documents of the batch in flight survived (child said %q)", found, crashBatchSize, lines)
			if found != 0 && found != crashBatchSize {
				t.Errorf("%d of %d documents of the batch in flight found; want all or none", found, crashBatchSize)
			}
			// killed once the journal was on disk: the call is committed
			if tt.mode == crashModeJournal && found != crashBatchSize {
				t.Errorf("%d of %d documents of the journaled call found; want all", found, crashBatchSize)
			}
		})
	}
}

// TestOpenFixture opens an index written to disk by an earlier build of the
// package (testdata/v1-index, made by this test with -update-fixture) and
// reads its documents: an index on disk must stay readable across
// versions of the library.
func TestOpenFixture(t *testing.T) {
	const fixture = "testdata/v1-index"
	docs := seedDocs
	if *updateFixture {
		if err := os.RemoveAll(fixture); err != nil {
			t.Fatal(err)
		}
		x, err := Open(fixture)
		if err != nil {
			t.Fatal(err)
		}
		if err := x.Add(context.Background(), docs...); err != nil {
			t.Fatal(err)
		}
		if err := x.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(fixture); err != nil {
		t.Skipf("fixture absent (%v); make it with -update-fixture", err)
	}
	dir := filepath.Join(t.TempDir(), "idx")
	if err := os.CopyFS(dir, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	var size int64
	filepath.WalkDir(fixture, func(_ string, d fs.DirEntry, _ error) error {
		if fi, err := d.Info(); err == nil && !d.IsDir() {
			size += fi.Size()
		}
		return nil
	})
	if size > 200<<10 {
		t.Errorf("fixture is %d KB; keep it under 200 KB", size>>10)
	}
	x, err := Open(dir)
	if err != nil {
		t.Fatalf("Open(fixture copy): %v", err)
	}
	defer x.Close()
	ctx := context.Background()
	for _, d := range docs {
		got, err := x.Get(ctx, d.ID)
		if err != nil {
			t.Errorf("Get(%q): %v", d.ID, err)
			continue
		}
		if got.Title != d.Title || got.Body != d.Body || !got.Published.Equal(d.Published) {
			t.Errorf("Get(%q) = %q %q %v; want %q %q %v", d.ID, got.Title, got.Body, got.Published, d.Title, d.Body, d.Published)
		}
	}
	if n, err := x.Count(); err != nil || n != uint64(len(docs)) {
		t.Errorf("Count() = %d, %v; want %d", n, err, len(docs))
	}
	for _, c := range []struct{ q, want string }{{"ha noi", "seed-1"}, {"Đà Nẵng", "seed-2"}, {"Korea", "seed-3"}} {
		r, err := x.Search(ctx, Request{Query: c.q})
		if err != nil || len(r.Hits) == 0 || r.Hits[0].ID != c.want {
			t.Errorf("Search(%q) = %v, %v; want %s first", c.q, hitIDs(r), err, c.want)
		}
	}
	r, err := x.Search(ctx, Request{Entities: []Entity{{Type: entity.Country, ID: "KR"}}})
	if err != nil || len(r.Hits) != 1 || r.Hits[0].ID != "seed-3" {
		t.Errorf("Search(entity KR) = %v, %v; want [seed-3]", hitIDs(r), err)
	}
	// the reopened index takes new documents
	if err := x.Add(ctx, Document{ID: "new", Title: "Tin mới sau khi mở lại"}); err != nil {
		t.Errorf("Add to reopened fixture: %v", err)
	}
}

// hitIDs is ids that accepts a nil Result.
func hitIDs(r *Result) []string {
	if r == nil {
		return nil
	}
	return ids(r)
}
