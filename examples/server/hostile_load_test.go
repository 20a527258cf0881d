package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vnsearch/vnsearch/index"
)

// hostileQueries are the query strings of the hostile part of the mix:
// expansions past their bounds, a query over MaxQueryBytes, bytes that are
// not UTF-8, stray operators.
var hostileQueries = []string{
	url.Values{"q": {strings.Repeat("ab~2 ", 100)}}.Encode(),
	url.Values{"q": {strings.Repeat("a* b* c* d* e* ", 3)}}.Encode(),
	url.Values{"q": {strings.Repeat("q", 5000) + "~2"}}.Encode(),
	url.Values{"q": {strings.Repeat("hà nội ", index.MaxQueryBytes/len("hà nội ")+1)}}.Encode(),
	"q=%FF%FE+m%C6%B0a",
	url.Values{"q": {strings.Repeat(`+-*~"`, 2000)}}.Encode(),
	url.Values{"q": {"mưa"}, "size": {"100000"}}.Encode(),
	url.Values{"after": {"!!!"}}.Encode(),
}

// hostileMaxRSS is the bound on the peak resident memory of the test
// process through TestHostileLoad, which indexes little: what the bounds
// on bodies, writes in progress and queries keep it under.
const hostileMaxRSS = 1 << 30

// TestHostileLoad runs 8 loopback clients for 3 s (30 s at most), each
// mixing searches, writes, hostile queries, bodies over the limit,
// documents with invalid UTF-8 and gets. Every answer must be a 2xx, a 4xx
// or a 503 or 507 with a JSON error; every acknowledged document must be
// there afterwards; and the process must stay under hostileMaxRSS.
func TestHostileLoad(t *testing.T) {
	idx, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	const maxBody = 64 << 10
	srv := httptest.NewServer(NewServer(idx, Config{MaxBodyBytes: maxBody, WriteBudgetBytes: 4 * maxBody, Timeout: 5 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}))
	defer srv.Close()
	c := newLoadClient(srv, 8)
	c.client.Timeout = 30 * time.Second

	var (
		mu     sync.Mutex
		acked  []string
		counts = map[int]int{}
		bad    []string
	)
	deadline := time.Now().Add(3 * time.Second)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for n := 0; time.Now().Before(deadline); n++ {
				var req *http.Request
				var ids []string
				switch n % 10 {
				case 5:
					req, _ = http.NewRequest("GET", srv.URL+"/search?"+hostileQueries[(g+n)%len(hostileQueries)], nil)
				case 6:
					for i := range 1 + n%3 {
						ids = append(ids, fmt.Sprintf("h-%d-%d-%d", g, n, i))
					}
					var docs []string
					for _, id := range ids {
						docs = append(docs, fmt.Sprintf(`{"id": %q, "title": "Mưa lớn ở Hà Nội", "body": "Bộ Y tế cho biết.", "published": "2025-02-01"}`, id))
					}
					req, _ = http.NewRequest("POST", srv.URL+"/documents", strings.NewReader("["+strings.Join(docs, ",")+"]"))
				case 7: // over the limit, with a length or without one
					body := `[{"id": "big", "body": "` + strings.Repeat("x", maxBody) + `"}]`
					req, _ = http.NewRequest("POST", srv.URL+"/documents", strings.NewReader(body))
					if n%20 == 17 {
						req.ContentLength, req.Body = -1, io.NopCloser(strings.NewReader(body))
					}
				case 8:
					req, _ = http.NewRequest("POST", srv.URL+"/documents", strings.NewReader("[{\"id\": \"coll\xff\", \"title\": \"x\"}]"))
				case 9:
					req, _ = http.NewRequest("GET", srv.URL+"/documents/"+url.PathEscape(fmt.Sprintf("h-%d-%d-0", g, n-3)), nil)
				default:
					req, _ = http.NewRequest("GET", srv.URL+"/search?"+loadQueries[(g+n)%len(loadQueries)], nil)
				}
				resp, err := c.client.Do(req)
				if err != nil {
					mu.Lock()
					bad = append(bad, fmt.Sprintf("%s %.80s: %v", req.Method, req.URL, err))
					mu.Unlock()
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				var e struct{ Error string }
				ok := resp.StatusCode < 300 ||
					(resp.StatusCode < 500 || resp.StatusCode == 503 || resp.StatusCode == 507) &&
						json.Unmarshal(body, &e) == nil && e.Error != ""
				mu.Lock()
				counts[resp.StatusCode]++
				if !ok {
					bad = append(bad, fmt.Sprintf("%s %.80s = %d %.200s", req.Method, req.URL, resp.StatusCode, body))
				}
				if resp.StatusCode == http.StatusOK && req.Method == "POST" {
					acked = append(acked, ids...)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for i, b := range bad {
		if i == 10 {
			t.Errorf("... %d bad answers in all", len(bad))
			break
		}
		t.Error(b)
	}
	t.Logf("answers by status: %v; %d documents acknowledged", counts, len(acked))
	if counts[http.StatusOK] == 0 || counts[http.StatusBadRequest] == 0 || counts[http.StatusRequestEntityTooLarge] == 0 {
		t.Errorf("the mix did not reach every kind of answer: %v", counts)
	}
	for _, id := range acked {
		if _, err := idx.Get(t.Context(), id); err != nil {
			t.Errorf("acknowledged %s: %v", id, err)
		}
	}
	if rss, ok := peakRSS(); ok {
		t.Logf("peak RSS of the test process: %d MB", rss>>20)
		if rss > hostileMaxRSS {
			t.Errorf("peak RSS %d MB; want at most %d MB", rss>>20, hostileMaxRSS>>20)
		}
	}
}
