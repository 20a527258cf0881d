package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/vnsearch/vnsearch/index"
	"github.com/vnsearch/vnsearch/internal/testenv"
)

// helperEnv asks the test binary, run again, to be TestHelperPOST.
const helperEnv = "VNSEARCH_HELPER_POST"

// writePostBody writes a POST /documents body of about size bytes to w:
// documents of about 1 KB of news text, each with its own ID and words.
// It returns the bytes written, and stops at w's first error.
func writePostBody(w io.Writer, size int) int64 {
	cw := &countingWriter{w: w}
	io.WriteString(cw, "[")
	doc := strings.Repeat("Bộ Công Thương cho biết kim ngạch xuất khẩu sang Hàn Quốc tăng mạnh trong quý. ", 12)
	for i := 0; cw.n < int64(size) && cw.err == nil; i++ {
		if i > 0 {
			io.WriteString(cw, ",")
		}
		fmt.Fprintf(cw, `{"id": "m%d", "title": "Hà Nội đón đoàn doanh nghiệp số %d", "body": "%s Mã số %d."}`, i, i, doc, i*7919)
	}
	io.WriteString(cw, "]")
	return cw.n
}

type countingWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// postBody returns a reader of the body writePostBody writes, made as it
// is read, and its length: the helper's own memory stays out of what it
// measures.
func postBody(size int) (io.ReadCloser, int64) {
	n := writePostBody(io.Discard, size)
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriterSize(pw, 64<<10)
		writePostBody(bw, size)
		pw.CloseWithError(bw.Flush())
	}()
	return pr, n
}

// TestHelperPOST is not a test: run by helperPOST in a process of its
// own, it serves one POST /documents of the size and kind helperEnv says
// ("BYTES" or "BYTES,chunked") with the default Config, and prints the
// status and the peak RSS of the process.
func TestHelperPOST(t *testing.T) {
	spec := os.Getenv(helperEnv)
	if spec == "" {
		t.Skip("a helper process of TestPOSTMemory")
	}
	sizeStr, kind, _ := strings.Cut(spec, ",")
	size, err := strconv.Atoi(sizeStr)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := index.Open(t.TempDir()+"/db", index.WithBatchBytes(DefaultBatchBytes))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	s := NewServer(idx, Config{ErrorLog: log.New(io.Discard, "", 0)})
	body, n := postBody(size)
	defer body.Close()
	r := httptest.NewRequest("POST", "/documents", body)
	r.ContentLength = n
	if kind == "chunked" {
		r.ContentLength = -1
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	rss, _ := peakRSS()
	fmt.Printf("RESULT %d %d %.200s\n", w.Code, rss, w.Body)
}

// helperPOST runs TestHelperPOST in a new process and returns the status
// it got and its peak RSS.
func helperPOST(t *testing.T, spec string) (status int, rss int64) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperPOST$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+spec)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper %s: %v\n%s", spec, err, out)
	}
	i := bytes.Index(out, []byte("RESULT "))
	if i < 0 {
		t.Fatalf("helper %s said no result:\n%s", spec, out)
	}
	if _, err := fmt.Sscanf(string(out[i:]), "RESULT %d %d", &status, &rss); err != nil {
		t.Fatalf("helper %s: %v\n%s", spec, err, out)
	}
	return status, rss
}

// TestPOSTMemory sends a 31 MB POST /documents, with a Content-Length and
// without one, to a server with the default Config in a process of its
// own: it is a 413, read no further than DefaultMaxBodyBytes, and the
// process stays under 256 MB (a 31 MB POST once peaked at 9.3 GB; it
// takes 22 MB with a Content-Length, 46 MB without). The helper makes
// the body as the server reads it, so that its own memory is not what
// the test measures. With
// the long suites, a POST of DefaultMaxBodyBytes is indexed in a process
// that stays under 30 times the body (measured: 158–165 MB for 8 MiB,
// 20 times, with DefaultBatchBytes; written whole it took 0.91 GB). The
// race detector takes several times the memory: under it the bounds are
// not checked, and .ci/run runs this test without it too.
func TestPOSTMemory(t *testing.T) {
	if _, ok := peakRSS(); !ok {
		t.Skip("no peak RSS on this system")
	}
	if raceEnabled {
		t.Skip("memory bounds do not hold under the race detector; .ci/run runs this test without it")
	}
	for _, spec := range []string{"31000000", "31000000,chunked"} {
		status, rss := helperPOST(t, spec)
		t.Logf("POST of %s bytes: %d, peak RSS %d MB", spec, status, rss>>20)
		if status != http.StatusRequestEntityTooLarge || rss > 256<<20 {
			t.Errorf("POST of %s bytes: %d, peak RSS %d MB; want 413 under 256 MB", spec, status, rss>>20)
		}
	}
	if !testenv.Long() {
		return
	}
	status, rss := helperPOST(t, strconv.Itoa(DefaultMaxBodyBytes-1024))
	t.Logf("POST of %d bytes: %d, peak RSS %d MB", DefaultMaxBodyBytes-1024, status, rss>>20)
	if status != http.StatusOK || rss > 30*DefaultMaxBodyBytes {
		t.Errorf("POST of %d bytes: %d, peak RSS %d MB; want 200 under %d MB", DefaultMaxBodyBytes-1024, status, rss>>20, 30*DefaultMaxBodyBytes>>20)
	}
}
