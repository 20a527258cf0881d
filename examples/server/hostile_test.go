package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vnsearch/vnsearch/index"
)

// TestInvalidTextRejected checks that POST /documents refuses a document
// whose JSON strings hold bytes that are not UTF-8 or unpaired surrogate
// escapes, naming the document and the field, and indexes none of the
// request. encoding/json alone made "coll\xff" and "coll\xfe" both
// "coll\uFFFD": one document, the first one lost.
func TestInvalidTextRejected(t *testing.T) {
	s, idx := newTestServer(t, Config{}, false)
	good := `{"id": "ok", "title": "Hà Nội"}`
	tests := []struct {
		body string
		want string // in the error
	}{
		{"[{\"id\": \"coll\xff\", \"title\": \"một\"}]", "document 0: field id: invalid UTF-8 byte 0xff"},
		{"[" + good + ", {\"id\": \"coll\xfe\", \"title\": \"hai\"}]", "document 1: field id: invalid UTF-8 byte 0xfe"},
		{"[" + good + `, {"id": "s", "title": "a\ud800b"}]`, `document 1: field title: unpaired surrogate escape \ud800`},
		{"[" + good + `, {"id": "s", "body": "\udc00"}]`, `document 1: field body: unpaired surrogate escape \udc00`},
		{"[" + good + `, {"id": "e", "entities": [{"type": "country", "id": "K\ud83dR"}]}]`, `document 1: field entities[0].id: unpaired surrogate`},
		{"[{\"id\": \"e\", \"ur\xc3l\": \"x\"}]", "document 0: field a field name: invalid UTF-8 byte 0xc3"},
	}
	for _, tt := range tests {
		code, body := do(t, s, "POST", "/documents", "application/json", tt.body)
		if msg := errorOf(t, body); code != http.StatusBadRequest || !strings.Contains(msg, tt.want) {
			t.Errorf("POST %q = %d %s; want 400 with %q", tt.body, code, body, tt.want)
		}
	}
	if n, err := idx.Count(); err != nil || n != 0 {
		t.Errorf("after rejected writes the index holds %d documents (%v); want 0", n, err)
	}
	// a valid surrogate pair and an escaped U+FFFD are text
	code, body := do(t, s, "POST", "/documents", "application/json", `[{"id": "\ud83d\ude00", "title": "\ufffd"}]`)
	if code != http.StatusOK {
		t.Errorf("POST of a surrogate pair = %d %s; want 200", code, body)
	}
	code, body = do(t, s, "POST", "/entities", "application/json", `{"text": "H\ud800"}`)
	if msg := errorOf(t, body); code != http.StatusBadRequest || !strings.Contains(msg, "field text: unpaired surrogate") {
		t.Errorf("POST /entities with a lone surrogate = %d %s; want 400 naming the field", code, body)
	}
	code, body = do(t, s, "GET", "/entities?text=H%FF", "", "")
	if code != http.StatusBadRequest {
		t.Errorf("GET /entities?text=H%%FF = %d %s; want 400", code, body)
	}
}

// TestBOMAccepted checks that a byte order mark before the array is
// skipped, not an error.
func TestBOMAccepted(t *testing.T) {
	s, idx := newTestServer(t, Config{}, false)
	code, body := do(t, s, "POST", "/documents", "application/json", "\uFEFF"+`[{"id": "bom", "title": "Đà Nẵng"}]`)
	if code != http.StatusOK {
		t.Fatalf("POST with a BOM = %d %s; want 200", code, body)
	}
	if d, err := idx.Get(context.Background(), "bom"); err != nil || d.Title != "Đà Nẵng" {
		t.Errorf("Get(bom) = %v, %v", d, err)
	}
}

// TestDocumentIDsAnyCharacters checks that GET /documents/{id} finds IDs
// the mux would clean and redirect (307): "/../", "//", "." and the rest.
func TestDocumentIDsAnyCharacters(t *testing.T) {
	s, _ := newTestServer(t, Config{}, false)
	ids := []string{"a/../b", "..", ".", "a//b", "/lead", "trail/", "a/./b", "x?y#z", "100%", "sp ace", "Hà Nội/2025", `back\slash`}
	var docs []jsonDocument
	for i, id := range ids {
		docs = append(docs, jsonDocument{ID: id, Title: "tin " + string(rune('a'+i))})
	}
	b, _ := json.Marshal(docs)
	if code, body := do(t, s, "POST", "/documents", "application/json", string(b)); code != http.StatusOK {
		t.Fatalf("POST = %d %s", code, body)
	}
	for i, id := range ids {
		r := httptest.NewRequest("GET", "/documents/x", nil)
		r.URL.Path = "/documents/" + id // as the server decodes it
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		var d jsonDocument
		if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &d) != nil || d.ID != id || d.Title != docs[i].Title {
			t.Errorf("GET /documents/%s = %d %s; want 200 with that document", id, w.Code, w.Body)
		}
	}
	// the raw request line, as a client sends it, through a real server
	ts := httptest.NewServer(s)
	defer ts.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, raw := range []string{"/documents/a/../b", "/documents/a%2F..%2Fb", "/documents/a//b"} {
		req, _ := http.NewRequest("GET", ts.URL+raw, nil)
		req.URL.Opaque = raw // sent as is, not cleaned by the client
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var d jsonDocument
		err = json.NewDecoder(resp.Body).Decode(&d)
		resp.Body.Close()
		if want := strings.ReplaceAll(strings.TrimPrefix(raw, "/documents/"), "%2F", "/"); resp.StatusCode != http.StatusOK || err != nil || d.ID != want {
			t.Errorf("GET %s = %d, ID %q; want 200 and %q", raw, resp.StatusCode, d.ID, want)
		}
	}
}

// TestWriteToken checks that with a WriteToken, POST /documents needs it
// and searching does not.
func TestWriteToken(t *testing.T) {
	s, idx := newTestServer(t, Config{WriteToken: "s3cret"}, false)
	post := func(auth string) (int, http.Header, string) {
		r := httptest.NewRequest("POST", "/documents", strings.NewReader(`[{"id": "t", "title": "Huế"}]`))
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w.Code, w.Header(), w.Body.String()
	}
	for _, auth := range []string{"", "Bearer wrong", "Bearer s3cre", "Basic s3cret", "bearer s3cret", "Bearer s3cret "} {
		code, h, body := post(auth)
		if code != http.StatusUnauthorized || !strings.HasPrefix(h.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("POST with Authorization %q = %d, WWW-Authenticate %q; want 401", auth, code, h.Get("WWW-Authenticate"))
		}
		errorOf(t, body)
	}
	if n, _ := idx.Count(); n != 0 {
		t.Fatalf("unauthorized writes indexed %d documents", n)
	}
	if code, _, body := post("Bearer s3cret"); code != http.StatusOK {
		t.Fatalf("POST with the token = %d %s", code, body)
	}
	if res := search(t, s, "q=hue"); res.Total != 1 {
		t.Errorf("search without a token: total %d; want 1", res.Total)
	}
}

// TestLogClipped checks that an internal error quoting a long query keeps
// at most maxLogBytes of it in the log.
func TestLogClipped(t *testing.T) {
	var buf bytes.Buffer
	s, _ := newTestServer(t, Config{ErrorLog: log.New(&buf, "", 0)}, false)
	w := httptest.NewRecorder()
	s.fail(w, errors.New("search "+strings.Repeat("ă", 5000)))
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("fail = %d", w.Code)
	}
	line := strings.TrimSuffix(buf.String(), "\n")
	if len(line) > maxLogBytes+64 || !strings.HasSuffix(line, "… (10007 bytes)") {
		t.Errorf("logged %d bytes: %.300q; want at most %d of the error and its length", len(line), line, maxLogBytes)
	}
	if strings.Contains(w.Body.String(), "ă") {
		t.Errorf("the response quotes the internal error: %s", w.Body)
	}
}

// TestDefaults checks that the server listens on the loopback interface
// unless told otherwise, and says that writes are open without a token.
func TestDefaults(t *testing.T) {
	t.Setenv(tokenEnv, "")
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan int)
	go func() { done <- run(ctx, []string{"-db", filepath.Join(t.TempDir(), "db")}, &stderr) }()
	// serving, or failing because the port is taken: either names the address
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(stderr.String(), "127.0.0.1:8080") {
			break
		}
	}
	cancel()
	<-done
	out := stderr.String()
	if !strings.Contains(out, "127.0.0.1:8080") {
		t.Errorf("server without -addr logged\n%s\nwant it on 127.0.0.1:8080", out)
	}
	if !strings.Contains(out, "writes are open") {
		t.Errorf("server without %s logged\n%s\nwant a warning that writes are open", tokenEnv, out)
	}
}

// TestWriteBudget checks that a write that does not fit in the budget of
// the writes in progress is refused with 503 and Retry-After before it is
// read, and fits again once they are done.
func TestWriteBudget(t *testing.T) {
	s, idx := newTestServer(t, Config{WriteBudgetBytes: 1000, MaxBodyBytes: 800}, false)
	body := `[{"id": "w", "title": "Cần Thơ"}]`
	post := func(length int64) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/documents", strings.NewReader(body))
		r.ContentLength = length
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w
	}
	if !s.reserve(1000 - int64(len(body)) + 1) { // a write in progress
		t.Fatal("reserve within the budget failed")
	}
	if w := post(int64(len(body))); w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("POST past the budget = %d, Retry-After %q; want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
	s.release(1000 - int64(len(body)) + 1)
	if !s.reserve(300) {
		t.Fatal("reserve within the budget failed")
	}
	// no Content-Length: it may be as large as MaxBodyBytes, which does not fit
	if w := post(-1); w.Code != http.StatusServiceUnavailable {
		t.Errorf("POST without a length past the budget = %d; want 503", w.Code)
	}
	if w := post(int64(len(body))); w.Code != http.StatusOK {
		t.Errorf("POST within the budget = %d %s; want 200", w.Code, w.Body)
	}
	s.release(300)
	if w := post(801); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("POST of a Content-Length over MaxBodyBytes = %d; want 413", w.Code)
	}
	if n, _ := idx.Count(); n != 1 || s.writing != 0 {
		t.Errorf("after the writes: %d documents, %d bytes reserved; want 1 and 0", n, s.writing)
	}
}

// TestWriteTimedOut checks that a write whose deadline ends before it is
// applied is a 503 and indexes nothing, so that a client never sees an
// error for a write that happened.
func TestWriteTimedOut(t *testing.T) {
	s, idx := newTestServer(t, Config{Timeout: time.Nanosecond}, false)
	code, body := do(t, s, "POST", "/documents", "application/json", testDocs)
	if code != http.StatusServiceUnavailable {
		t.Errorf("POST past its deadline = %d %s; want 503", code, body)
	}
	if n, _ := idx.Count(); n != 0 {
		t.Errorf("a timed-out write indexed %d documents", n)
	}
}

// TestReadOnly checks a server over a read-only index: searches and gets
// work, writes are a 403.
func TestReadOnly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "db")
	w, err := index.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(context.Background(), index.Document{ID: "ro", Title: "Quảng Ninh"}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	idx, err := index.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	s := NewServer(idx, Config{ErrorLog: log.New(io.Discard, "", 0)})
	if res := search(t, s, "q=quang+ninh"); res.Total != 1 {
		t.Errorf("search of a read-only index: total %d; want 1", res.Total)
	}
	if code, body := do(t, s, "GET", "/documents/ro", "", ""); code != http.StatusOK {
		t.Errorf("GET /documents/ro = %d %s", code, body)
	}
	if code, body := do(t, s, "POST", "/documents", "application/json", `[{"id": "x", "title": "y"}]`); code != http.StatusForbidden {
		t.Errorf("POST to a read-only index = %d %s; want 403", code, body)
	}
}

// TestFullDiskStatus checks that a write refused for a full disk is a 507
// naming it; index.TestFullDisk fills a real file system.
func TestFullDiskStatus(t *testing.T) {
	s, _ := newTestServer(t, Config{}, false)
	w := httptest.NewRecorder()
	s.fail(w, fmt.Errorf("index: add 3 documents: %w", index.ErrNoSpace))
	if msg := errorOf(t, w.Body.String()); w.Code != http.StatusInsufficientStorage || !strings.Contains(msg, "no space") {
		t.Errorf("a full disk = %d %s; want 507 saying so", w.Code, w.Body)
	}
}

// TestPendingStatus checks that a write left half indexed, which the
// index completes before the next one, is a 202 saying so, also when a
// full disk is the cause.
func TestPendingStatus(t *testing.T) {
	s, _ := newTestServer(t, Config{}, false)
	w := httptest.NewRecorder()
	s.fail(w, fmt.Errorf("%w: 10 of 40 documents indexed: %w", index.ErrPending, index.ErrNoSpace))
	var got struct {
		Pending bool
		Message string
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != http.StatusAccepted || !got.Pending || !strings.Contains(got.Message, "10 of 40") {
		t.Errorf("a pending write = %d %s (%v); want 202, pending, with the counts", w.Code, w.Body, err)
	}
}

// TestPublishedFormats checks that published takes RFC 3339 or a date,
// and comes back as RFC 3339.
func TestPublishedFormats(t *testing.T) {
	s, _ := newTestServer(t, Config{}, false)
	body := `[{"id": "a", "title": "x", "published": "2025-03-01"}, {"id": "b", "title": "y", "published": "2025-03-01T08:00:00+07:00"}]`
	if code, body := do(t, s, "POST", "/documents", "application/json", body); code != http.StatusOK {
		t.Fatalf("POST = %d %s", code, body)
	}
	for id, want := range map[string]string{"a": "2025-03-01T00:00:00Z", "b": "2025-03-01T01:00:00Z"} {
		_, body := do(t, s, "GET", "/documents/"+id, "", "")
		var d struct{ Published time.Time }
		if err := json.Unmarshal([]byte(body), &d); err != nil || !d.Published.Equal(mustTime(t, want)) {
			t.Errorf("GET /documents/%s: published %v (%v); want %s", id, d.Published, err, want)
		}
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestAnalysisBudget checks that a write waits while other writes hold
// the analysis budget, is a 503 with nothing indexed when its deadline
// ends first, and runs once they are done.
func TestAnalysisBudget(t *testing.T) {
	s, idx := newTestServer(t, Config{AnalysisBytes: 1000}, false)
	body := `[{"id": "a", "title": "Cần Thơ"}]`
	if err := s.analysing.acquire(context.Background(), 1000); err != nil { // a write in progress
		t.Fatal(err)
	}
	// the request's own deadline ends while it waits
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	r := httptest.NewRequest("POST", "/documents", strings.NewReader(body)).WithContext(ctx)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("POST while the budget is taken = %d %s, Retry-After %q; want 503 with Retry-After", w.Code, w.Body, w.Header().Get("Retry-After"))
	}
	if n, _ := idx.Count(); n != 0 {
		t.Errorf("a write refused for the analysis budget indexed %d documents", n)
	}
	// a document over the index's limit is a 400 at once, not a wait
	s2, _ := newTestServer(t, Config{AnalysisBytes: 1000}, false, index.WithMaxDocumentBytes(20))
	if err := s2.analysing.acquire(context.Background(), 1000); err != nil {
		t.Fatal(err)
	}
	if code, resp := do(t, s2, "POST", "/documents", "application/json", `[{"id": "big", "title": "a title longer than twenty bytes"}]`); code != http.StatusBadRequest {
		t.Errorf("POST of a document over the limit while the budget is taken = %d %s; want 400", code, resp)
	}
	s.analysing.release(1000)
	if code, resp := do(t, s, "POST", "/documents", "application/json", body); code != http.StatusOK {
		t.Errorf("POST once the budget is free = %d %s; want 200", code, resp)
	}
	if n, _ := idx.Count(); n != 1 || s.analysing.used != 0 {
		t.Errorf("after the writes: %d documents, %d bytes of analysis held; want 1 and 0", n, s.analysing.used)
	}
}

// TestAnalysisBytes checks what a write counts of the analysis budget:
// its text up to the index's batch, or its largest document.
func TestAnalysisBytes(t *testing.T) {
	s, _ := newTestServer(t, Config{}, false, index.WithBatchBytes(100))
	doc := func(n int) index.Document { return index.Document{ID: "d", Body: strings.Repeat("a", n-1)} }
	for _, tc := range []struct {
		docs []index.Document
		want int64
	}{
		{[]index.Document{doc(10), doc(20)}, 30},
		{[]index.Document{doc(60), doc(60)}, 100},
		{[]index.Document{doc(10), doc(250)}, 250},
	} {
		if got := s.analysisBytes(tc.docs); got != tc.want {
			t.Errorf("analysisBytes of %d documents = %d; want %d", len(tc.docs), got, tc.want)
		}
	}
}

// TestWeighted checks the semaphore of the analysis budget: units that
// fit are taken at once, others wait for a release or their context, and
// a request larger than the limit runs when nothing else holds units.
func TestWeighted(t *testing.T) {
	ctx := context.Background()
	s := weighted{limit: 10}
	if err := s.acquire(ctx, 6); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if err := s.acquire(short, 5); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("acquire past the limit = %v; want the context's deadline", err)
	}
	got := make(chan error)
	go func() { got <- s.acquire(ctx, 25) }() // larger than the limit
	select {
	case err := <-got:
		t.Fatalf("acquire of 25 while 6 are held returned %v; want it to wait", err)
	case <-time.After(10 * time.Millisecond):
	}
	s.release(6)
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("acquire was not woken by release")
	}
	if s.used != 25 {
		t.Errorf("used = %d; want 25", s.used)
	}
	s.release(25)
	if err := s.acquire(ctx, 4); err != nil || s.used != 4 {
		t.Errorf("acquire after the releases = %v, used %d; want nil and 4", err, s.used)
	}
}
