package main

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vnsearch/vnsearch/index"
)

// Limits of the fuzzed server, small so that each execution stays cheap.
const (
	fuzzMaxBody     = 8 << 10
	fuzzMaxText     = 4 << 10
	fuzzMaxDocBytes = 2 << 10
	// fuzzMaxDocs is the size at which the fuzz index starts afresh, so
	// that searches do not slow down as the fuzzer adds documents.
	fuzzMaxDocs = 500
)

// fuzzState is the server the executions of FuzzRequests share within one
// fuzz worker process: the executions of a worker run one at a time.
var fuzzState struct {
	once sync.Once
	err  error
	idx  *index.Index
	srv  *Server
	docs int // documents acknowledged since the index was created
}

// fuzzServer returns the shared fuzz server, creating it on first use and
// again once it holds fuzzMaxDocs documents.
func fuzzServer(t *testing.T) *Server {
	t.Helper()
	fs := &fuzzState
	fs.once.Do(func() { fs.err = resetFuzzServer() })
	if fs.err == nil && fs.docs >= fuzzMaxDocs {
		fs.idx.Close()
		fs.err = resetFuzzServer()
	}
	if fs.err != nil {
		t.Fatal(fs.err)
	}
	return fs.srv
}

func resetFuzzServer() error {
	fs := &fuzzState
	idx, err := index.NewMemory(index.WithMaxDocumentBytes(fuzzMaxDocBytes))
	if err != nil {
		return err
	}
	fs.idx, fs.docs = idx, 0
	fs.srv = NewServer(idx, Config{
		MaxBodyBytes: fuzzMaxBody,
		MaxTextBytes: fuzzMaxText,
		ErrorLog:     log.New(io.Discard, "", 0),
	})
	r := httptest.NewRequest("POST", "/documents", strings.NewReader(testDocs))
	w := httptest.NewRecorder()
	fs.srv.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		return &fuzzSetupError{w.Code, w.Body.String()}
	}
	fs.docs = len(allIDs)
	return nil
}

type fuzzSetupError struct {
	code int
	body string
}

func (e *fuzzSetupError) Error() string {
	return "seeding the fuzz index: " + http.StatusText(e.code) + ": " + e.body
}

// fuzzServe serves r and checks the invariants every response keeps: the
// status is one of want, the body is JSON, and an error status comes with
// a non-empty "error".
func fuzzServe(t *testing.T, h http.Handler, r *http.Request, want ...int) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	what := r.Method + " " + r.URL.String()
	if !slices.Contains(want, w.Code) {
		t.Fatalf("%s = %d %s; want one of %v", what, w.Code, w.Body, want)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: Content-Type %q; want JSON", what, ct)
	}
	if !json.Valid(w.Body.Bytes()) {
		t.Fatalf("%s: body is not JSON: %q", what, w.Body)
	}
	if w.Code >= 400 {
		var e struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" {
			t.Fatalf("%s = %d %s; want a non-empty \"error\"", what, w.Code, w.Body)
		}
	}
	return w
}

// FuzzRequests drives the handler with a fuzzed POST /documents body, a
// fuzzed raw query string for GET /search (also used as a document ID) and
// a fuzzed text for GET and POST /entities. A panic in a handler becomes a
// 500, which no request may get.
func FuzzRequests(f *testing.F) {
	good := `{"id": "ok1", "title": "Hàn Quốc"}`
	for _, s := range []struct{ body, query, text string }{
		{testDocs, "q=h%C3%A0n+qu%E1%BB%91c&country=KR", "Thủ tướng Phạm Minh Chính hội kiến Tổng thống Hàn Quốc tại Hà Nội."},
		{`[` + good + `]`, "q=han+quoc&size=100", "Bộ Y tế triển khai Nghị quyết 57-NQ/TW."},
		{`[` + good + `, {"id": "", "title": "x"}]`, "size=0", ""},
		{`[` + good + `, {"id": "bad", "entities": [{"type": "PLANET", "id": "mars"}]}]`, "size=1001", "\xff\xfe"},
		{`[{"id": "big", "body": "` + strings.Repeat("a", 3000) + `"}]`, "from=-1", strings.Repeat("Hà Nội ", 1000)},
		{`[` + good + `, {"id": "x", "txt": "typo"}]`, "since=2025-02-30", `{"text": "Hà Nội"}`},
		{`[` + good + `, {"id": "x", "published": "yesterday"}]`, "until=tomorrow", "TP.HCM"},
		{`[{"id": "d", "published": "2025-03-01T08:00:00+07:00"}]`, "since=2025-02-01&until=2025-01-01", "Ðà Nẵng"},
		{good, "after=%21%21", "Ambassador Marc E. Knapper"},
		{`[` + good, "after=abc&from=3", "12/2023/NĐ-CP"},
		{`[` + good + `] []`, "country=+", "a\u0301\u0323b"},
		{``, "province=H%C3%A0+N%E1%BB%99i&lang=vi&since=2025-01-06", "nq/57"},
		{`[{"id": "nq/57", "title": "Nghị quyết", "entities": [{"type": "province", "id": "hanoi"}]}]`, "resolution=57-NQ%2FTW", "Khánh Hoà"},
		{`[{"id": "\u0048a\u0300", "title": "Ha\u0300 Nô\u0323i"}]`, `q="H%C3%A0+N%E1%BB%99i"+-m%C6%B0a+title:x`, "\u200b\u200b"},
		{`[{"id": "..", "title": "x"}, {"id": ".", "title": "y"}]`, "q=%ff&until=2025-01-05", "\x00"},
		{`[` + strings.Repeat(`{"id": "r", "title": "x"},`, 200) + `{"id": "r"}]`, "size=1000&from=1073741824", "%zz"},
		{"[\"\xff\"]", "q=a*+b~+c~2&ministry=moh&person=T%C3%B4+L%C3%A2m", ""},
	} {
		f.Add([]byte(s.body), s.query, s.text)
	}
	f.Fuzz(func(t *testing.T, body []byte, query, text string) {
		s := fuzzServer(t)

		r := httptest.NewRequest("POST", "/documents", strings.NewReader(string(body)))
		r.Header.Set("Content-Type", "application/json")
		w := fuzzServe(t, s, r, http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge)
		if w.Code == http.StatusOK {
			checkAcknowledged(t, s, body, w.Body.Bytes())
		}

		r = httptest.NewRequest("GET", "/search", nil)
		r.URL.RawQuery = query
		fuzzServe(t, s, r, http.StatusOK, http.StatusBadRequest)

		if id := query; id != "" {
			r = httptest.NewRequest("GET", "/documents/x", nil)
			r.URL.Path, r.URL.RawPath = "/documents/"+id, "/documents/"+url.PathEscape(id)
			fuzzServe(t, s, r, http.StatusOK, http.StatusNotFound)
		}

		r = httptest.NewRequest("GET", "/entities", nil)
		r.URL.RawQuery = "text=" + url.QueryEscape(text)
		fuzzServe(t, s, r, http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge)
		r = httptest.NewRequest("POST", "/entities", strings.NewReader(text))
		r.Header.Set("Content-Type", "text/plain; charset=utf-8")
		fuzzServe(t, s, r, http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge)
		r = httptest.NewRequest("POST", "/entities", strings.NewReader(text))
		r.Header.Set("Content-Type", "application/json")
		fuzzServe(t, s, r, http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge)
	})
}

// checkAcknowledged checks the answer of an accepted POST /documents: it
// counts every document of body, and the first few can be fetched.
func checkAcknowledged(t *testing.T, s *Server, body, resp []byte) {
	t.Helper()
	var ack struct {
		Indexed *int `json:"indexed"`
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(resp, &ack); err != nil || ack.Indexed == nil {
		t.Fatalf("POST /documents = 200 %s; want {\"indexed\": N}", resp)
	}
	if err := json.Unmarshal(body, &raws); err != nil {
		t.Fatalf("POST /documents accepted %q, which is not a JSON array: %v", body, err)
	}
	if *ack.Indexed != len(raws) {
		t.Fatalf("POST /documents of %d documents = %s", len(raws), resp)
	}
	fuzzState.docs += len(raws)
	for _, raw := range raws[:min(len(raws), 3)] {
		var d struct{ ID string }
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatalf("accepted document %s: %v", raw, err)
		}
		r := httptest.NewRequest("GET", "/documents/x", nil)
		r.URL.Path, r.URL.RawPath = "/documents/"+d.ID, "/documents/"+url.PathEscape(d.ID)
		fuzzServe(t, s, r, http.StatusOK)
	}
}
