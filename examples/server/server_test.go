package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vnsearch/vnsearch/index"
)

const testDocs = `[
{"id": "kr1", "title": "Hàn Quốc và Việt Nam ký hiệp định thương mại", "body": "Các doanh nghiệp Hàn Quốc đầu tư vào Hà Nội. Bộ Công Thương cho biết kim ngạch tăng mạnh.", "lang": "vi", "published": "2025-03-01T08:00:00+07:00"},
{"id": "jp1", "title": "Nhật Bản hỗ trợ y tế", "body": "Bộ Y tế tiếp nhận thiết bị từ Nhật Bản cho các bệnh viện ở Đà Nẵng.", "lang": "vi", "published": "2024-11-15T00:00:00Z"},
{"id": "en1", "title": "South Korea and Vietnam sign a trade deal", "body": "Korean companies invest in Hanoi, the ministry said.", "lang": "en", "published": "2025-03-02T00:00:00Z"},
{"id": "hn1", "title": "Hà Nội mở rộng đường vành đai", "body": "Thành phố Hà Nội khởi công dự án giao thông mới.", "lang": "vi", "published": "2025-01-10T00:00:00Z"},
{"id": "dt1", "title": "Doanh nghiệp Hàn Quốc mở nhà máy ở Bắc Ninh", "body": "Một tập đoàn Hàn Quốc khởi công nhà máy điện tử.", "url": "https://dantri.com.vn/dt1.htm", "published": "2025-01-05T00:00:00Z"},
{"id": "nq/57", "title": "Nghị quyết 57-NQ/TW", "body": "Bộ Chính trị ban hành Nghị quyết 57-NQ/TW về khoa học.", "entities": [{"type": "province", "id": "hanoi"}]}
]`

var allIDs = []string{"kr1", "jp1", "en1", "hn1", "dt1", "nq/57"}

// newTestServer returns a Server over a new in-memory index, and the index.
// With seed it first adds testDocs through POST /documents.
func newTestServer(t *testing.T, cfg Config, seed bool, opts ...index.Option) (*Server, *index.Index) {
	t.Helper()
	idx, err := index.NewMemory(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if cfg.ErrorLog == nil {
		cfg.ErrorLog = log.New(io.Discard, "", 0)
	}
	s := NewServer(idx, cfg)
	if seed {
		if code, body := do(t, s, "POST", "/documents", "application/json", testDocs); code != http.StatusOK {
			t.Fatalf("POST /documents: %d %s", code, body)
		}
	}
	return s, idx
}

// do serves one request and returns the status and the body. It checks
// that the body is JSON.
func do(t *testing.T, h http.Handler, method, target, contentType, body string) (int, string) {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type %q; want JSON", method, target, ct)
	}
	if !json.Valid(w.Body.Bytes()) {
		t.Errorf("%s %s: body is not JSON: %s", method, target, w.Body)
	}
	return w.Code, w.Body.String()
}

// errorOf returns the "error" of a JSON error body.
func errorOf(t *testing.T, body string) string {
	t.Helper()
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" {
		t.Errorf("body %s is not a JSON error", body)
	}
	return e.Error
}

func TestDocuments(t *testing.T) {
	s, idx := newTestServer(t, Config{}, true)
	if n, err := idx.Count(); err != nil || n != uint64(len(allIDs)) {
		t.Fatalf("Count() = %d, %v; want %d", n, err, len(allIDs))
	}
	tests := []struct {
		path      string
		code      int
		wantTitle string
		wantEnt   string // "TYPE:ID" among the entities
	}{
		{"/documents/kr1", 200, "Hàn Quốc và Việt Nam ký hiệp định thương mại", "COUNTRY:KR"},
		{"/documents/nq/57", 200, "Nghị quyết 57-NQ/TW", "PROVINCE:hanoi"},
		{"/documents/" + url.PathEscape("nq/57"), 200, "Nghị quyết 57-NQ/TW", "RESOLUTION:57-NQ/TW"},
		{"/documents/missing", 404, "", ""},
		{"/documents/", 404, "", ""},
	}
	for _, tt := range tests {
		code, body := do(t, s, "GET", tt.path, "", "")
		if code != tt.code {
			t.Errorf("GET %s = %d %s; want %d", tt.path, code, body, tt.code)
			continue
		}
		if code != 200 {
			errorOf(t, body)
			continue
		}
		var d jsonDocument
		if err := json.Unmarshal([]byte(body), &d); err != nil {
			t.Fatal(err)
		}
		if d.Title != tt.wantTitle || d.Body == "" {
			t.Errorf("GET %s = title %q, body %q; want title %q and a body", tt.path, d.Title, d.Body, tt.wantTitle)
		}
		if !slices.ContainsFunc(d.Entities, func(e jsonEntity) bool { return string(e.Type)+":"+e.ID == tt.wantEnt }) {
			t.Errorf("GET %s entities = %v; want %s", tt.path, d.Entities, tt.wantEnt)
		}
	}
}

func TestAddDocumentsAtomic(t *testing.T) {
	good := `{"id": "ok1", "title": "Hàn Quốc"}`
	tests := []struct {
		name string
		body string
		code int
		want string // in the error
	}{
		{"empty id", `[` + good + `, {"id": "", "title": "x"}]`, 400, `document 1 ("")`},
		{"bad entity type", `[` + good + `, {"id": "bad", "entities": [{"type": "PLANET", "id": "mars"}]}]`, 400, `document 1 ("bad")`},
		{"too large", `[` + good + `, {"id": "big", "body": "` + strings.Repeat("a", 600) + `"}]`, 400, `document 1 ("big")`},
		{"unknown field", `[` + good + `, {"id": "x", "txt": "typo"}]`, 400, `document 1: json: unknown field "txt"`},
		{"bad date", `[` + good + `, {"id": "x", "published": "yesterday"}]`, 400, `document 1: published "yesterday" is not an RFC 3339 time or a YYYY-MM-DD date`},
		{"not an array", good, 400, "want a JSON array"},
		{"broken JSON", `[` + good, 400, "want a JSON array"},
		{"data after the array", `[` + good + `] []`, 400, "data after the array"},
		{"empty body", ``, 400, "want a JSON array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, idx := newTestServer(t, Config{}, false, index.WithMaxDocumentBytes(500))
			code, body := do(t, s, "POST", "/documents", "application/json", tt.body)
			if code != tt.code || !strings.Contains(errorOf(t, body), tt.want) {
				t.Errorf("POST /documents = %d %s; want %d with %q", code, body, tt.code, tt.want)
			}
			if n, _ := idx.Count(); n != 0 {
				t.Errorf("after a failed POST the index holds %d documents; want 0", n)
			}
			if code, _ := do(t, s, "GET", "/documents/ok1", "", ""); code != 404 {
				t.Errorf("GET /documents/ok1 after a failed POST = %d; want 404", code)
			}
		})
	}
}

func TestBodyLimits(t *testing.T) {
	s, idx := newTestServer(t, Config{MaxBodyBytes: 200, MaxTextBytes: 50}, false)
	big := `[{"id": "a", "body": "` + strings.Repeat("x", 300) + `"}]`
	small := `[{"id": "a", "body": "x"}]`
	long := strings.Repeat("Hà Nội ", 10)
	tests := []struct {
		method, target, contentType, body string
		code                              int
	}{
		{"POST", "/documents", "application/json", big, 413},
		{"POST", "/documents", "application/json", small, 200},
		{"POST", "/entities", "text/plain", long, 413},
		{"POST", "/entities", "text/plain", "Hà Nội", 200},
		{"GET", "/entities?text=" + url.QueryEscape(long), "", "", 413},
	}
	for _, tt := range tests {
		code, body := do(t, s, tt.method, tt.target, tt.contentType, tt.body)
		if code != tt.code {
			t.Errorf("%s %s (%d bytes) = %d %s; want %d", tt.method, tt.target, len(tt.body), code, body, tt.code)
		}
		if code == 413 && !strings.Contains(errorOf(t, body), "larger than") {
			t.Errorf("%s %s: error %s; want it to give the limit", tt.method, tt.target, body)
		}
	}
	if n, _ := idx.Count(); n != 1 {
		t.Errorf("index holds %d documents; want 1", n)
	}
}

// TestBodyLimitBoundary pins the limits to the byte: a body of exactly
// the limit is read, one byte more is refused with 413.
func TestBodyLimitBoundary(t *testing.T) {
	const maxBody, maxText = 1000, 100
	s, _ := newTestServer(t, Config{MaxBodyBytes: maxBody, MaxTextBytes: maxText}, false)
	// docOfSize returns a POST /documents body of n bytes.
	docOfSize := func(n int) string {
		const head, tail = `[{"id": "a", "body": "`, `"}]`
		return head + strings.Repeat("x", n-len(head)-len(tail)) + tail
	}
	tests := []struct {
		name, method, target, contentType, body string
		code                                    int
	}{
		{"documents at the limit", "POST", "/documents", "application/json", docOfSize(maxBody), 200},
		{"documents over the limit", "POST", "/documents", "application/json", docOfSize(maxBody + 1), 413},
		{"entities at the limit", "POST", "/entities", "text/plain", strings.Repeat("a", maxText), 200},
		{"entities over the limit", "POST", "/entities", "text/plain", strings.Repeat("a", maxText+1), 413},
		{"entities query at the limit", "GET", "/entities?text=" + strings.Repeat("a", maxText), "", "", 200},
		{"entities query over the limit", "GET", "/entities?text=" + strings.Repeat("a", maxText+1), "", "", 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := do(t, s, tt.method, tt.target, tt.contentType, tt.body)
			if code != tt.code {
				t.Errorf("%s %s (%d bytes) = %d %s; want %d", tt.method, tt.target, len(tt.body), code, body, tt.code)
			}
		})
	}
}

// search runs GET /search?query and returns the result.
func search(t *testing.T, h http.Handler, query string) jsonResult {
	t.Helper()
	code, body := do(t, h, "GET", "/search?"+query, "", "")
	if code != 200 {
		t.Fatalf("GET /search?%s = %d %s", query, code, body)
	}
	var res jsonResult
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

func ids(res jsonResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestSearch(t *testing.T) {
	s, _ := newTestServer(t, Config{}, true)
	tests := []struct {
		name  string
		query url.Values
		want  []string // in any order
	}{
		{"all", url.Values{}, allIDs},
		{"folded", url.Values{"q": {"han quoc"}}, []string{"kr1", "dt1", "en1"}},
		{"country", url.Values{"country": {"KR"}}, []string{"kr1", "en1", "dt1"}},
		{"country name", url.Values{"country": {"Hàn Quốc"}, "q": {"doanh nghiệp"}}, []string{"kr1", "dt1"}},
		{"country and province", url.Values{"country": {"kr"}, "province": {"Hà Nội"}}, []string{"kr1", "en1"}},
		{"ministry", url.Values{"ministry": {"moh"}}, []string{"jp1"}},
		{"resolution", url.Values{"resolution": {"57-NQ/TW"}}, []string{"nq/57"}},
		{"given entity", url.Values{"province": {"hanoi"}, "lang": {"vi"}}, []string{"kr1", "hn1", "nq/57"}},
		{"lang", url.Values{"lang": {"en"}}, []string{"en1"}},
		{"since", url.Values{"since": {"2025-01-06"}}, []string{"kr1", "en1", "hn1"}},
		{"until inclusive", url.Values{"until": {"2025-01-05"}}, []string{"jp1", "dt1"}},
		{"since and until", url.Values{"since": {"2025-01-01"}, "until": {"2025-01-10"}}, []string{"hn1", "dt1"}},
		{"no match", url.Values{"q": {"xyzzy"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.query.Set("size", "100")
			got := ids(search(t, s, tt.query.Encode()))
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("GET /search?%s = %q; want %q", tt.query.Encode(), got, want)
			}
		})
	}

	t.Run("hits", func(t *testing.T) {
		res := search(t, s, "q=h%C3%A0n+qu%E1%BB%91c&country=KR")
		// The two Vietnamese articles match the words; the English one
		// matches the country the query names.
		if res.Total != 3 || len(res.Hits) != 3 {
			t.Fatalf("total %d, %d hits; want 3", res.Total, len(res.Hits))
		}
		for _, h := range res.Hits {
			if h.Lang == "vi" && !strings.Contains(strings.Join(h.Highlights["title"], "")+strings.Join(h.Highlights["body"], ""), "<mark>") {
				t.Errorf("hit %s highlights = %q; want <mark>", h.ID, h.Highlights)
			}
			if h.Published == nil || h.Title == "" {
				t.Errorf("hit %s lacks title or date: %+v", h.ID, h)
			}
		}
		if f := res.Facets["COUNTRY"]; len(f) == 0 || f[0].ID != "KR" || f[0].Count != 3 || f[0].Name != "Hàn Quốc" {
			t.Errorf("COUNTRY facet = %+v; want KR (Hàn Quốc) 3 first", f)
		}
		if _, ok := res.Facets["PERSON"]; !ok {
			t.Errorf("facets = %v; want every entity type", res.Facets)
		}
	})

	t.Run("paging", func(t *testing.T) {
		all := ids(search(t, s, "size=100"))
		var paged []string
		res := search(t, s, "size=4")
		paged = append(paged, ids(res)...)
		for res.Next != "" {
			res = search(t, s, "size=4&after="+url.QueryEscape(res.Next))
			paged = append(paged, ids(res)...)
		}
		if !slices.Equal(paged, all) {
			t.Errorf("pages with after = %q; want %q", paged, all)
		}
		if got := ids(search(t, s, "size=2&from=2")); !slices.Equal(got, all[2:4]) {
			t.Errorf("size=2&from=2 = %q; want %q", got, all[2:4])
		}
	})
}

func TestSearchBadRequest(t *testing.T) {
	s, _ := newTestServer(t, Config{}, true)
	tests := []struct {
		query, want string
	}{
		{"size=0", "bad size"},
		{"size=ten", "bad size"},
		{"size=1001", "bad size"},
		{"from=-1", "bad from"},
		{"from=x", "bad from"},
		{"since=2025-02-30", "bad since"},
		{"until=tomorrow", "bad until"},
		{"since=0000-01-10", "bad since"},
		{"until=9999-12-31T00:00:00Z", "bad until"},
		{"since=2025-02-01&until=2025-01-01", "not before until"},
		{"after=%21%21", "bad cursor"},
		{"after=abc&from=3", "cannot be used together"},
		{"country=+", "empty country"},
		{"country=Atlantis", "Atlantis"},
		{"ministry=bo+khong+co", "bo khong co"},
		{"resolution=999", "999"},
		{"lang=xx", "xx"},
		{"exact=maybe", "bad exact"},
	}
	for _, tt := range tests {
		code, body := do(t, s, "GET", "/search?"+tt.query, "", "")
		if code != 400 || !strings.Contains(errorOf(t, body), tt.want) {
			t.Errorf("GET /search?%s = %d %s; want 400 with %q", tt.query, code, body, tt.want)
		}
	}
}

func TestEntities(t *testing.T) {
	s, _ := newTestServer(t, Config{}, false)
	const text = "Thủ tướng Phạm Minh Chính hội kiến Tổng thống Hàn Quốc tại Hà Nội. Bộ Y tế triển khai Nghị quyết 57-NQ/TW."
	want := []string{"PERSON:Phạm Minh Chính", "COUNTRY:KR", "PROVINCE:hanoi", "MINISTRY:moh", "RESOLUTION:57-NQ/TW"}
	tests := []struct {
		name, method, target, contentType, body string
	}{
		{"get", "GET", "/entities?text=" + url.QueryEscape(text), "", ""},
		{"post text", "POST", "/entities", "text/plain; charset=utf-8", text},
		{"post without type", "POST", "/entities", "", text},
		{"post json", "POST", "/entities", "application/json", `{"text": "` + text + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := do(t, s, tt.method, tt.target, tt.contentType, tt.body)
			if code != 200 {
				t.Fatalf("%s %s = %d %s", tt.method, tt.target, code, body)
			}
			var res struct{ Entities []jsonMention }
			if err := json.Unmarshal([]byte(body), &res); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range res.Entities {
				got = append(got, string(m.Type)+":"+m.ID)
				if text[m.Start:m.End] != m.Text {
					t.Errorf("mention %+v: text[%d:%d] = %q", m, m.Start, m.End, text[m.Start:m.End])
				}
			}
			for _, w := range want {
				if !slices.Contains(got, w) {
					t.Errorf("entities = %q; missing %s", got, w)
				}
			}
		})
	}

	bad := []struct{ method, target, contentType, body string }{
		{"GET", "/entities", "", ""},
		{"POST", "/entities", "application/json", `{"txt": "x"}`},
		{"POST", "/entities", "application/json", `"x"`},
	}
	for _, tt := range bad {
		if code, body := do(t, s, tt.method, tt.target, tt.contentType, tt.body); code != 400 {
			t.Errorf("%s %s %s = %d %s; want 400", tt.method, tt.target, tt.body, code, body)
		}
	}
}

func TestMethodsAndPaths(t *testing.T) {
	s, _ := newTestServer(t, Config{}, false)
	tests := []struct {
		method, target string
		code           int
		allow          string
	}{
		{"GET", "/documents", 405, "POST"},
		{"PUT", "/documents/x", 405, "GET, HEAD"},
		{"DELETE", "/documents/x", 405, "GET, HEAD"},
		{"POST", "/search", 405, "GET, HEAD"},
		{"DELETE", "/entities", 405, "GET, HEAD, POST"},
		{"GET", "/", 404, ""},
		{"GET", "/searches", 404, ""},
		{"POST", "/nope", 404, ""},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, tt.target, nil)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != tt.code || w.Header().Get("Allow") != tt.allow {
			t.Errorf("%s %s = %d, Allow %q; want %d, Allow %q", tt.method, tt.target, w.Code, w.Header().Get("Allow"), tt.code, tt.allow)
		}
		errorOf(t, w.Body.String())
	}
}

func TestUnavailable(t *testing.T) {
	t.Run("closed", func(t *testing.T) {
		s, idx := newTestServer(t, Config{}, true)
		idx.Close()
		for _, r := range []struct{ method, target, body string }{
			{"GET", "/search?q=x", ""},
			{"GET", "/documents/kr1", ""},
			{"POST", "/documents", `[{"id": "a"}]`},
		} {
			if code, body := do(t, s, r.method, r.target, "application/json", r.body); code != 503 {
				t.Errorf("%s %s on a closed index = %d %s; want 503", r.method, r.target, code, body)
			}
		}
	})
	t.Run("timeout", func(t *testing.T) {
		s, _ := newTestServer(t, Config{Timeout: time.Nanosecond}, false)
		time.Sleep(time.Millisecond)
		for _, r := range []struct{ method, target, body string }{
			{"GET", "/search?q=x", ""},
			{"GET", "/documents/kr1", ""},
			{"POST", "/documents", `[{"id": "a", "title": "Hà Nội"}]`},
		} {
			if code, body := do(t, s, r.method, r.target, "application/json", r.body); code != 503 || !strings.Contains(errorOf(t, body), "timed out") {
				t.Errorf("%s %s past the timeout = %d %s; want 503", r.method, r.target, code, body)
			}
		}
	})
	t.Run("client deadline", func(t *testing.T) {
		// The server's own timeout is long; the request's context, as
		// when the client has gone, has already run out.
		s, idx := newTestServer(t, Config{Timeout: time.Hour}, true)
		ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
		defer cancel()
		<-ctx.Done()
		for _, r := range []struct{ method, target, body string }{
			{"GET", "/search?q=han+quoc", ""},
			{"GET", "/documents/kr1", ""},
			{"POST", "/documents", `[{"id": "late", "title": "Hà Nội"}]`},
		} {
			req := httptest.NewRequestWithContext(ctx, r.method, r.target, strings.NewReader(r.body))
			w := httptest.NewRecorder()
			done := make(chan struct{})
			go func() { s.ServeHTTP(w, req); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("%s %s with an expired context did not return", r.method, r.target)
			}
			if w.Code != 503 || !strings.Contains(errorOf(t, w.Body.String()), "timed out") {
				t.Errorf("%s %s with an expired context = %d %s; want 503", r.method, r.target, w.Code, w.Body)
			}
		}
		if _, err := idx.Get(context.Background(), "late"); err == nil {
			t.Error("a POST with an expired context added its document")
		}
	})
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestRun(t *testing.T) {
	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{{}, {"-bogus"}, {"-db", "x", "extra"}, {"-db", "x", "-timeout", "0s"}} {
			var stderr syncBuffer
			if code := run(context.Background(), args, &stderr); code != 2 || stderr.String() == "" {
				t.Errorf("run(%q) = %d, %q; want 2 and a message", args, code, stderr.String())
			}
		}
	})

	t.Run("serve and shut down", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var stderr syncBuffer
		done := make(chan int)
		db := filepath.Join(t.TempDir(), "db")
		go func() { done <- run(ctx, []string{"-db", db, "-addr", "127.0.0.1:0"}, &stderr) }()
		addrRE := regexp.MustCompile(`on (http://\S+)`)
		var base string
		for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); {
			if m := addrRE.FindStringSubmatch(stderr.String()); m != nil {
				base = m[1]
			}
			time.Sleep(10 * time.Millisecond)
		}
		if base == "" {
			t.Fatalf("server did not start: %s", stderr.String())
		}
		resp, err := http.Post(base+"/documents", "application/json", strings.NewReader(testDocs))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("POST /documents = %d", resp.StatusCode)
		}
		resp, err = http.Get(base + "/search?country=KR")
		if err != nil {
			t.Fatal(err)
		}
		var res jsonResult
		err = json.NewDecoder(resp.Body).Decode(&res)
		resp.Body.Close()
		if err != nil || res.Total != 3 {
			t.Errorf("GET /search?country=KR: total %d, %v; want 3", res.Total, err)
		}
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("run after cancel = %d; want 0\n%s", code, stderr.String())
			}
		case <-time.After(20 * time.Second):
			t.Fatal("server did not shut down")
		}
		// The index was closed and persisted: it reopens with the documents.
		idx, err := index.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		defer idx.Close()
		if n, _ := idx.Count(); n != uint64(len(allIDs)) {
			t.Errorf("reopened index holds %d documents; want %d", n, len(allIDs))
		}
	})
}
