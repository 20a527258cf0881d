package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vnsearch/vnsearch/index"
)

// loadQueries are the query strings of GET /search in the load test:
// accented and unaccented words, phrases and entity filters.
var loadQueries = []string{
	url.Values{"q": {"Hàn Quốc"}}.Encode(),
	url.Values{"q": {"han quoc"}}.Encode(),
	url.Values{"q": {`"Hà Nội"`}}.Encode(),
	url.Values{"q": {"ha noi"}, "lang": {"vi"}}.Encode(),
	url.Values{"q": {"doanh nghiệp"}, "country": {"Hàn Quốc"}}.Encode(),
	url.Values{"country": {"KR"}, "province": {"Hà Nội"}}.Encode(),
	url.Values{"ministry": {"moh"}}.Encode(),
	url.Values{"resolution": {"57-NQ/TW"}}.Encode(),
	url.Values{"q": {"trade deal"}, "lang": {"en"}}.Encode(),
	url.Values{"q": {"nhà máy"}, "since": {"2025-01-01"}, "until": {"2025-03-31"}}.Encode(),
	url.Values{"q": {"tải"}, "size": {"5"}}.Encode(),
	url.Values{"size": {"20"}, "from": {"10"}}.Encode(),
}

// loadClient sends the requests of the load test to one server.
type loadClient struct {
	base   string
	client *http.Client
}

func newLoadClient(srv *httptest.Server, conns int) *loadClient {
	tr := srv.Client().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = conns
	return &loadClient{base: srv.URL, client: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// do sends one request of the mix: the n-th of worker g is a POST of a
// small batch one time in five, else a search. It returns the IDs of the
// documents acknowledged and an error for a transport failure or a status
// other than 200.
func (c *loadClient) do(g, n int) (acked []string, err error) {
	var resp *http.Response
	if n%5 == 4 {
		var docs []string
		for i := range 1 + n%3 {
			id := fmt.Sprintf("load-%d-%d-%d", g, n, i)
			docs = append(docs, fmt.Sprintf(`{"id": %q, "title": "Doanh nghiệp Hàn Quốc số %d", "body": "Nhà máy ở Hà Nội, Bộ Công Thương cho biết.", "published": "2025-02-%02dT00:00:00Z"}`, id, n, 1+n%28))
			acked = append(acked, id)
		}
		resp, err = c.client.Post(c.base+"/documents", "application/json", strings.NewReader("["+strings.Join(docs, ",")+"]"))
	} else {
		resp, err = c.client.Get(c.base + "/search?" + loadQueries[(g+n)%len(loadQueries)])
	}
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s %s = %d %s", resp.Request.Method, resp.Request.URL, resp.StatusCode, body)
	}
	return acked, nil
}

// loadStats is what a load run measured.
type loadStats struct {
	requests  int
	elapsed   time.Duration
	latencies []time.Duration // sorted
	acked     []string
	errs      []error
}

func (s *loadStats) reqPerSec() float64 { return float64(s.requests) / s.elapsed.Seconds() }

func (s *loadStats) percentile(p float64) time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	return s.latencies[min(len(s.latencies)-1, int(p*float64(len(s.latencies))))]
}

// runLoad runs workers concurrent clients until maxRequests requests are
// sent or d has passed, whichever comes first.
func runLoad(c *loadClient, workers, maxRequests int, d time.Duration) *loadStats {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var (
		sent  atomic.Int64
		mu    sync.Mutex
		stats loadStats
		wg    sync.WaitGroup
	)
	start := time.Now()
	for g := range workers {
		wg.Go(func() {
			var lat []time.Duration
			var acked []string
			var errs []error
			for n := 0; ctx.Err() == nil && sent.Add(1) <= int64(maxRequests); n++ {
				t0 := time.Now()
				ids, err := c.do(g, n)
				lat = append(lat, time.Since(t0))
				if err != nil {
					errs = append(errs, err)
				}
				acked = append(acked, ids...)
			}
			mu.Lock()
			defer mu.Unlock()
			stats.latencies = append(stats.latencies, lat...)
			stats.acked = append(stats.acked, acked...)
			stats.errs = append(stats.errs, errs...)
		})
	}
	wg.Wait()
	stats.elapsed = time.Since(start)
	stats.requests = len(stats.latencies)
	slices.Sort(stats.latencies)
	return &stats
}

// newLoadServer starts a loopback server over a new in-memory index that
// holds testDocs.
func newLoadServer(tb testing.TB) *httptest.Server {
	tb.Helper()
	idx, err := index.NewMemory()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	srv := httptest.NewServer(NewServer(idx, Config{ErrorLog: log.New(io.Discard, "", 0)}))
	tb.Cleanup(srv.Close)
	resp, err := http.Post(srv.URL+"/documents", "application/json", strings.NewReader(testDocs))
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("POST /documents = %d", resp.StatusCode)
	}
	return srv
}

// TestLoad runs 8 concurrent clients for at most 2 s or 2,000 requests,
// four searches to one small POST, and checks that every request succeeds
// and every acknowledged document can be fetched afterwards.
func TestLoad(t *testing.T) {
	workers, maxRequests, d := 8, 2000, 2*time.Second
	if testing.Short() {
		maxRequests, d = 200, 500*time.Millisecond
	}
	srv := newLoadServer(t)
	c := newLoadClient(srv, workers)
	st := runLoad(c, workers, maxRequests, d)
	for i, err := range st.errs {
		if i == 10 {
			t.Errorf("... %d errors in all", len(st.errs))
			break
		}
		t.Error(err)
	}
	if st.requests == 0 {
		t.Fatal("no request was sent")
	}
	t.Logf("%d requests (%d documents added) in %v: %.0f req/s, p50 %v, p99 %v",
		st.requests, len(st.acked), st.elapsed.Round(time.Millisecond), st.reqPerSec(),
		st.percentile(0.50).Round(time.Microsecond), st.percentile(0.99).Round(time.Microsecond))

	missing := 0
	for _, id := range st.acked {
		resp, err := c.client.Get(srv.URL + "/documents/" + url.PathEscape(id))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			if missing++; missing <= 5 {
				t.Errorf("GET /documents/%s of an acknowledged document = %d", id, resp.StatusCode)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged documents missing", missing, len(st.acked))
	}
}

// BenchmarkLoad measures the throughput and the tail latency of the load
// mix with 8 concurrent clients over loopback.
func BenchmarkLoad(b *testing.B) {
	const workers = 8
	srv := newLoadServer(b)
	c := newLoadClient(srv, workers)
	b.ResetTimer()
	st := runLoad(c, workers, b.N, time.Hour)
	b.StopTimer()
	if len(st.errs) > 0 {
		b.Fatalf("%d errors, the first: %v", len(st.errs), st.errs[0])
	}
	b.ReportMetric(st.reqPerSec(), "req/s")
	b.ReportMetric(float64(st.percentile(0.99).Microseconds())/1000, "p99-ms")
}
