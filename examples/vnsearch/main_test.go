package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/index"
	"github.com/vnsearch/vnsearch/internal/dataset"
	"github.com/vnsearch/vnsearch/internal/testenv"
)

// cli runs the command line args with stdin and returns the exit status and
// the output.
func cli(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// testDocs is a JSON Lines file with a broken line (3), a document the
// index rejects (5: unknown entity type), a blank line (7) and a document in
// the Dân Trí format (8).
const testDocs = `{"id": "kr1", "title": "Hàn Quốc và Việt Nam ký hiệp định thương mại", "body": "Các doanh nghiệp Hàn Quốc đầu tư vào Hà Nội. Bộ Công Thương cho biết kim ngạch tăng mạnh.", "lang": "vi", "published": "2025-03-01T08:00:00+07:00"}
{"id": "jp1", "title": "Nhật Bản hỗ trợ y tế", "body": "Bộ Y tế tiếp nhận thiết bị từ Nhật Bản cho các bệnh viện ở Đà Nẵng.", "lang": "vi", "published": "2024-11-15"}
{"id": "broken", "title": "thiếu dấu ngoặc"
{"id": "en1", "title": "South Korea and Vietnam sign a trade deal", "body": "Korean companies invest in Hanoi, the ministry said. The deal covers electronics.", "lang": "en", "published": "20250302"}
{"id": "bad-entity", "title": "Hàn Quốc", "body": "tài liệu có thực thể sai", "entities": [{"type": "PLANET", "id": "mars"}]}
{"id": "hn1", "title": "Hà Nội mở rộng đường vành đai", "body": "Thành phố Hà Nội khởi công dự án giao thông mới.", "lang": "vi", "published": "2025-01-10"}

{"id": "dt1", "source": "dantri.com.vn", "category": "business", "url": "https://dantri.com.vn/kinh-doanh/dt1.htm", "date": "20250105", "title": "Doanh nghiệp Hàn Quốc mở nhà máy ở Bắc Ninh", "text": "Một tập đoàn Hàn Quốc khởi công nhà máy điện tử.\nDự án tạo việc làm cho hàng nghìn lao động."}
`

// indexTestDocs writes testDocs and a .txt file to a temp dir, indexes them
// with small batches (so the rejected document shares a batch with good
// ones) and returns the index directory and the outputs.
func indexTestDocs(t *testing.T) (db string, code int, stdout, stderr string, jsonl string) {
	t.Helper()
	dir := t.TempDir()
	jsonl = filepath.Join(dir, "docs.jsonl")
	if err := os.WriteFile(jsonl, []byte(testDocs), 0o644); err != nil {
		t.Fatal(err)
	}
	txt := filepath.Join(dir, "quyet-dinh.txt")
	if err := os.WriteFile(txt, []byte("Nghị quyết 57-NQ/TW về khoa học\nBộ Chính trị ban hành Nghị quyết 57-NQ/TW về phát triển khoa học, công nghệ.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db = filepath.Join(dir, "db")
	code, stdout, stderr = cli(t, "", "index", "-db", db, "-batch", "3", jsonl, txt)
	return db, code, stdout, stderr, jsonl
}

func TestIndexReportsBadLines(t *testing.T) {
	_, code, stdout, stderr, jsonl := indexTestDocs(t)
	if code != exitError {
		t.Errorf("index exit status = %d; want %d (bad lines skipped)", code, exitError)
	}
	for _, want := range []string{
		jsonl + ":3: skipped: bad JSON",
		jsonl + `:5: skipped: document "bad-entity"`,
		"invalid document",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("index stderr does not contain %q:\n%s", want, stderr)
		}
	}
	if n := strings.Count(stderr, "skipped:"); n != 2 {
		t.Errorf("index reported %d bad lines; want 2:\n%s", n, stderr)
	}
	if !strings.Contains(stdout, "indexed 6 documents from 2 files") || !strings.Contains(stdout, "skipped 2 bad inputs") {
		t.Errorf("index summary = %q; want 6 documents indexed and 2 skipped", stdout)
	}
}

func TestIndexInputs(t *testing.T) {
	dir := t.TempDir()
	t.Cleanup(abandoned.Wait) // the opens -timeout gave up on, before dir goes
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	two := "{\"id\": \"a\", \"title\": \"Hà Nội\"}\r\n{\"id\": \"b\", \"title\": \"Huế\"}"
	big := write("big.jsonl", `{"id": "a", "title": "ok"}`+"\n"+`{"id": "big", "body": "`+strings.Repeat("x", 300)+`"}`+"\n")
	empty := write("empty.txt", " \n\n")
	notes := write("ghi-chu.TXT", "\uFEFFTiêu đề\nNội dung.\n")
	bom := write("bom.jsonl", "\uFEFF"+`{"id": "bom1", "title": "Đà Nẵng"}`+"\n"+`{"id": "bom2", "title": "Huế"}`+"\n")
	// "coll\xff" and "coll\xfe" were both decoded to "coll\uFFFD": one
	// document, the first lost
	collide := write("collide.jsonl", "{\"id\": \"coll\xff\", \"title\": \"một\"}\n{\"id\": \"coll\xfe\", \"title\": \"hai\"}\n"+
		`{"id": "ok", "title": "a\ud800"}`+"\n"+`{"id": "pair", "title": "\ud83d\ude00"}`+"\n")
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name   string
		ctx    context.Context
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"stdin", context.Background(), two, []string{"-"}, exitOK, "indexed 2 documents from 1 file", ""},
		{"too large", context.Background(), "", []string{"-max-doc-bytes", "100", big}, exitError, "indexed 1 document from", big + `:2: skipped: document "big": index: document too large`},
		{"empty txt", context.Background(), "", []string{empty}, exitError, "indexed 0 documents from", empty + ": skipped: empty file"},
		{"txt", context.Background(), "", []string{notes}, exitOK, "indexed 1 document from", ""},
		{"directory", context.Background(), "", []string{dir, notes}, exitError, "indexed 1 document from 2 files", dir + ": skipped: rest of the file skipped"},
		{"interrupted", canceled, two, []string{"-"}, exitError, "", "interrupted"},
		{"BOM", context.Background(), "", []string{bom}, exitOK, "indexed 2 documents from", ""},
		{"invalid UTF-8", context.Background(), "", []string{collide}, exitError, "indexed 1 document from",
			collide + ":1: skipped: field id: invalid UTF-8 byte 0xff at byte 12\n" +
				collide + ":2: skipped: field id: invalid UTF-8 byte 0xfe at byte 12\n" +
				collide + `:3: skipped: field title: unpaired surrogate escape \ud800 at byte 24`},
		{"timeout", context.Background(), two, []string{"-timeout", "1ns", "-"}, exitError, "", "deadline exceeded"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			db := filepath.Join(dir, "db"+strconv.Itoa(i))
			args := append([]string{"index", "-db", db}, tt.args...)
			code := run(tt.ctx, args, strings.NewReader(tt.stdin), &out, &errOut)
			if code != tt.code || !strings.Contains(out.String(), tt.stdout) || !strings.Contains(errOut.String(), tt.stderr) {
				t.Errorf("vnsearch %q = %d\nstdout: %s\nstderr: %s\nwant %d, stdout with %q, stderr with %q",
					args, code, out.String(), errOut.String(), tt.code, tt.stdout, tt.stderr)
			}
		})
	}
	ids, res := searchIDs(t, "-db", filepath.Join(dir, "db3"), "tieu de") // the "txt" case
	if !slices.Equal(ids, []string{"ghi-chu"}) || res.Hits[0].Title != "Tiêu đề" {
		t.Errorf(".txt document: hits %q %+v; want ghi-chu titled Tiêu đề", ids, res.Hits)
	}
}

// searchIDs runs search -json with args and returns the hit IDs.
func searchIDs(t *testing.T, args ...string) (ids []string, res jsonResult) {
	t.Helper()
	code, stdout, stderr := cli(t, "", append([]string{"search", "-json"}, args...)...)
	if code != exitOK {
		t.Fatalf("search %q: exit status %d: %s", args, code, stderr)
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("search %q: bad JSON: %v\n%s", args, err, stdout)
	}
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids, res
}

func TestSearch(t *testing.T) {
	db, _, _, _, _ := indexTestDocs(t)
	tests := []struct {
		name string
		args []string
		want []string // hit IDs, in any order
	}{
		{"all", []string{""}, []string{"kr1", "jp1", "en1", "hn1", "dt1", "quyet-dinh"}},
		{"folded query finds both languages", []string{"han quoc"}, []string{"kr1", "dt1", "en1"}},
		{"english name finds vietnamese", []string{"-lang", "vi", "South Korea"}, []string{"kr1", "dt1"}},
		{"country id", []string{"-country", "KR", ""}, []string{"kr1", "en1", "dt1"}},
		{"country lower case", []string{"-country", "kr", ""}, []string{"kr1", "en1", "dt1"}},
		{"country name", []string{"-country", "Hàn Quốc", "doanh nghiep"}, []string{"kr1", "dt1"}},
		{"country and province", []string{"-country", "KR", "-province", "Hà Nội", ""}, []string{"kr1", "en1"}},
		{"two countries", []string{"-country", "KR", "-country", "JP", ""}, nil},
		{"ministry", []string{"-ministry", "Bộ Y tế", ""}, []string{"jp1"}},
		{"resolution", []string{"-resolution", "57-NQ/TW", ""}, []string{"quyet-dinh"}},
		{"lang", []string{"-lang", "en", ""}, []string{"en1"}},
		{"since", []string{"-since", "2025-01-06", ""}, []string{"kr1", "en1", "hn1"}},
		{"until inclusive", []string{"-until", "2025-01-05", ""}, []string{"jp1", "dt1"}},
		{"since and until", []string{"-since", "2025-01-01", "-until", "2025-01-10", ""}, []string{"hn1", "dt1"}},
		{"rfc3339 until exclusive", []string{"-until", "2025-01-10T00:00:00Z", ""}, []string{"jp1", "dt1"}},
		{"no match", []string{"xyzzy"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, _ := searchIDs(t, append([]string{"-db", db, "-n", "100"}, tt.args...)...)
			slices.Sort(ids)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(ids, want) {
				t.Errorf("search %q = %q; want %q", tt.args, ids, want)
			}
		})
	}
}

func TestSearchOutput(t *testing.T) {
	db, _, _, _, _ := indexTestDocs(t)

	t.Run("json hit", func(t *testing.T) {
		ids, res := searchIDs(t, "-db", db, "-country", "KR", "-facets", "doanh nghiep")
		if len(ids) == 0 {
			t.Fatal("no hits")
		}
		h := res.Hits[0]
		if !slices.ContainsFunc(h.Entities, func(e jsonEntity) bool { return e.Type == "COUNTRY" && e.ID == "KR" }) {
			t.Errorf("hit %s entities = %v; want COUNTRY KR", h.ID, h.Entities)
		}
		if !strings.Contains(strings.Join(h.Highlights["body"], " ")+strings.Join(h.Highlights["title"], " "), "<mark>") {
			t.Errorf("hit %s highlights = %q; want <mark>", h.ID, h.Highlights)
		}
		if h.Published == nil || h.Published.IsZero() {
			t.Errorf("hit %s has no published date", h.ID)
		}
		if f := res.Facets["COUNTRY"]; len(f) == 0 || f[0].ID != "KR" || f[0].Count != len(ids) {
			t.Errorf("COUNTRY facet = %v; want KR first with %d", f, len(ids))
		}
	})

	t.Run("paging", func(t *testing.T) {
		all, _ := searchIDs(t, "-db", db, "-n", "100", "")
		var paged []string
		ids, res := searchIDs(t, "-db", db, "-n", "4", "")
		paged = append(paged, ids...)
		for res.Next != "" {
			ids, res = searchIDs(t, "-db", db, "-n", "4", "-after", res.Next, "")
			paged = append(paged, ids...)
		}
		if !slices.Equal(paged, all) {
			t.Errorf("pages with -after = %q; want %q", paged, all)
		}
		second, _ := searchIDs(t, "-db", db, "-n", "2", "-from", "2", "")
		if !slices.Equal(second, all[2:4]) {
			t.Errorf("-from 2 -n 2 = %q; want %q", second, all[2:4])
		}
	})

	t.Run("text", func(t *testing.T) {
		code, stdout, stderr := cli(t, "", "search", "-db", db, "-country", "KR", "-facets", "han quoc")
		if code != exitOK {
			t.Fatalf("exit status %d: %s", code, stderr)
		}
		for _, want := range []string{"3 hits, 1-3 shown", "1. ", "<mark>Hàn Quốc</mark>", "COUNTRY Hàn Quốc (KR)", "https://dantri.com.vn/kinh-doanh/dt1.htm", "2025-01-05"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("search output does not contain %q:\n%s", want, stdout)
			}
		}
		if strings.Contains(stdout, "\x1b[") {
			t.Errorf("search output to a non-terminal has escape sequences:\n%s", stdout)
		}
	})

	t.Run("exact", func(t *testing.T) {
		code, stdout, stderr := cli(t, "", "search", "-db", db, "-exact", "-json", "han quoc")
		if code != exitOK {
			t.Fatalf("exit status %d: %s", code, stderr)
		}
		if !strings.Contains(stdout, `"total_relation": "eq"`) {
			t.Errorf("-exact: the total is not exact:\n%s", stdout)
		}
	})
}

func TestFragment(t *testing.T) {
	tests := []struct {
		in   string
		tty  bool
		want string
	}{
		{"a <mark>Hàn</mark>\n&#34;b&#34;", false, `a <mark>Hàn</mark> "b"`},
		{"a <mark>Hàn</mark>\n&#34;b&#34;", true, "a " + markOn + "Hàn" + markOff + ` "b"`},
		{"&lt;mark&gt; x", true, "<mark> x"},
	}
	for _, tt := range tests {
		if got := fragment(tt.in, tt.tty); got != tt.want {
			t.Errorf("fragment(%q, %v) = %q; want %q", tt.in, tt.tty, got, tt.want)
		}
	}
}

const vietnameseText = "Thủ tướng Phạm Minh Chính hội kiến Tổng thống Hàn Quốc tại Hà Nội. " +
	"Bộ Y tế và Bộ Ngoại giao triển khai Nghị quyết 57-NQ/TW."

func TestEntities(t *testing.T) {
	file := filepath.Join(t.TempDir(), "text.txt")
	if err := os.WriteFile(file, []byte(vietnameseText), 0o644); err != nil {
		t.Fatal(err)
	}
	want := []jsonMention{
		{Type: "PERSON", ID: "Phạm Minh Chính"},
		{Type: "COUNTRY", ID: "KR", Name: "Hàn Quốc"},
		{Type: "PROVINCE", ID: "hanoi"},
		{Type: "MINISTRY", ID: "moh"},
		{Type: "MINISTRY", ID: "mofa"},
		{Type: "RESOLUTION", ID: "57-NQ/TW"},
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"stdin", vietnameseText, nil},
		{"dash", vietnameseText, []string{"-"}},
		{"file", "", []string{file}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := cli(t, tt.stdin, append([]string{"entities", "-json"}, tt.args...)...)
			if code != exitOK {
				t.Fatalf("exit status %d: %s", code, stderr)
			}
			var got []jsonMention
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("bad JSON: %v\n%s", err, stdout)
			}
			for _, w := range want {
				i := slices.IndexFunc(got, func(m jsonMention) bool { return m.Type == w.Type && m.ID == w.ID })
				if i < 0 {
					t.Errorf("entities = %+v; missing %s %q", got, w.Type, w.ID)
					continue
				}
				m := got[i]
				if vietnameseText[m.Start:m.End] != m.Text {
					t.Errorf("%s %q: text[%d:%d] = %q; want %q", m.Type, m.ID, m.Start, m.End, vietnameseText[m.Start:m.End], m.Text)
				}
				if w.Name != "" && m.Name != w.Name {
					t.Errorf("%s %q: name = %q; want %q", m.Type, m.ID, m.Name, w.Name)
				}
			}
		})
	}

	t.Run("table", func(t *testing.T) {
		code, stdout, stderr := cli(t, vietnameseText, "entities")
		if code != exitOK {
			t.Fatalf("exit status %d: %s", code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		if len(lines) < len(want)+1 || !strings.HasPrefix(lines[0], "TYPE") {
			t.Fatalf("table has %d lines; want a header and at least %d rows:\n%s", len(lines), len(want), stdout)
		}
		for _, s := range []string{"COUNTRY", "KR", "Hàn Quốc", "RESOLUTION", "57-NQ/TW"} {
			if !strings.Contains(stdout, s) {
				t.Errorf("table does not contain %q:\n%s", s, stdout)
			}
		}
	})
}

func TestUsageErrors(t *testing.T) {
	db, _, _, _, _ := indexTestDocs(t)
	missing := filepath.Join(t.TempDir(), "none")
	tests := []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"no command", nil, exitUsage, "missing command"},
		{"unknown command", []string{"serve"}, exitUsage, `unknown command "serve"`},
		{"unknown flag", []string{"search", "-db", db, "-bogus", "x"}, exitUsage, "flag provided but not defined: -bogus"},
		{"index without db", []string{"index", "x.jsonl"}, exitUsage, "-db is required"},
		{"index without files", []string{"index", "-db", db}, exitUsage, "no input files"},
		{"index bad batch", []string{"index", "-db", db, "-batch", "0", "x.jsonl"}, exitUsage, "-batch"},
		{"index missing file", []string{"index", "-db", db, missing}, exitError, "skipped: open " + missing},
		{"search without db", []string{"search", "x"}, exitUsage, "-db is required"},
		{"search bad size", []string{"search", "-db", db, "-n", "0", "x"}, exitUsage, "-n must be"},
		{"search size not a number", []string{"search", "-db", db, "-n", "ten", "x"}, exitUsage, `invalid value "ten" for flag -n`},
		{"search negative from", []string{"search", "-db", db, "-from", "-1", "x"}, exitUsage, "-from must not be negative"},
		{"search from and after", []string{"search", "-db", db, "-from", "1", "-after", "abc", "x"}, exitUsage, "cannot be used together"},
		{"search bad cursor", []string{"search", "-db", db, "-after", "!!", "x"}, exitUsage, "bad cursor"},
		{"search bad date", []string{"search", "-db", db, "-since", "2025-13-01", "x"}, exitUsage, `-since: bad date "2025-13-01"`},
		{"search since after until", []string{"search", "-db", db, "-since", "2025-02-01", "-until", "2025-01-01", "x"}, exitUsage, "is not before"},
		{"search two queries", []string{"search", "-db", db, "han", "quoc"}, exitUsage, "more than one query"},
		{"search empty filter", []string{"search", "-db", db, "-country", " ", "x"}, exitUsage, "empty -country"},
		{"search no index", []string{"search", "-db", missing, "x"}, exitError, "no index"},
		{"entities two files", []string{"entities", "a", "b"}, exitUsage, "more than one file"},
		{"entities missing file", []string{"entities", missing}, exitError, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := cli(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("vnsearch %q exit status = %d; want %d", tt.args, code, tt.code)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("vnsearch %q stderr = %q; want it to contain %q", tt.args, stderr, tt.want)
			}
		})
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("search -db %s created an index", missing)
	}
}

// TestIndexInUse checks that search says why it waits when another
// process has the index open, and gives up when its context ends.
func TestIndexInUse(t *testing.T) {
	db, _, _, _, _ := indexTestDocs(t)
	idx, err := index.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		idx.Close()
		abandoned.Wait() // the open search gave up on, before the temp dir goes
	}()
	defer func(d time.Duration) { lockHint = d }(lockHint)
	lockHint = 10 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"search", "-db", db, "x"}, strings.NewReader(""), &out, &errOut)
	if code != exitError || !strings.Contains(errOut.String(), "another process has the index open") || !strings.Contains(errOut.String(), "deadline exceeded") {
		t.Errorf("search on an index in use = %d, %q; want %d, a hint and the context error", code, errOut.String(), exitError)
	}
}

func TestHelp(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"-h"}, []string{"index", "search", "entities"}},
		{[]string{"index", "-h"}, []string{"Usage: vnsearch index", "-db", "-batch", "-max-doc-bytes", "Commands:"}},
		{[]string{"search", "-h"}, []string{"Usage: vnsearch search", "-country", "-person", "-ministry", "-province", "-resolution", "-lang", "-since", "-until", "-n", "-from", "-after", "-json", "-facets", "-exact", "Commands:"}},
		{[]string{"entities", "-h"}, []string{"Usage: vnsearch entities", "-json", "Commands:"}},
	}
	for _, tt := range tests {
		code, stdout, stderr := cli(t, "", tt.args...)
		if code != exitOK {
			t.Errorf("vnsearch %q exit status = %d; want 0", tt.args, code)
		}
		for _, w := range tt.want {
			if !strings.Contains(stdout+stderr, w) {
				t.Errorf("vnsearch %q help does not mention %q:\n%s%s", tt.args, w, stdout, stderr)
			}
		}
	}
}

func TestParseDocument(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		want    string // ID|Title|Body|published date
		wantErr string
	}{
		{"index fields", `{"id":"a","title":"T","body":"B","published":"2025-01-02T03:04:05Z"}`, "a|T|B|2025-01-02", ""},
		{"dantri", `{"id":"news_1","source":"dantri.com.vn","category":"x","url":"u","date":"20201001","title":"T","text":"B"}`, "news_1|T|B|2020-10-01", ""},
		{"date only", `{"id":"a","published":"2024-02-29"}`, "a|||2024-02-29", ""},
		{"numeric id", `{"id":42,"title":"T"}`, "42|T||", ""},
		{"body before text", `{"id":"a","body":"B","text":"X"}`, "a||B|", ""},
		{"missing id", `{"title":"T"}`, "", `missing "id"`},
		{"bad id", `{"id":true}`, "", "bad JSON"},
		{"bad date", `{"id":"a","date":"2020-1-1"}`, "", `date: bad date "2020-1-1"`},
		{"bad published", `{"id":"a","published":"soon"}`, "", "published: bad date"},
		{"not an object", `[1,2]`, "", "bad JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := parseDocument([]byte(tt.line))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("parseDocument(%s) error = %v; want %q", tt.line, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseDocument(%s): %v", tt.line, err)
			}
			date := ""
			if !d.Published.IsZero() {
				date = d.Published.Format(time.DateOnly)
			}
			if got := strings.Join([]string{d.ID, d.Title, d.Body, date}, "|"); got != tt.want {
				t.Errorf("parseDocument(%s) = %q; want %q", tt.line, got, tt.want)
			}
		})
	}
}

func TestReadLines(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want []string // "N:line", "N:TOO LONG"
	}{
		{"empty", "", 10, nil},
		{"no final newline", "a\nb", 10, []string{"1:a", "2:b"}},
		{"crlf and blank", "a\r\n\r\nb\r\n", 10, []string{"1:a", "2:", "3:b"}},
		{"too long", "short\n" + strings.Repeat("x", 11) + "\nok\n", 10, []string{"1:short", "2:TOO LONG", "3:ok"}},
		{"at the limit", strings.Repeat("y", 10) + "\n", 10, []string{"1:" + strings.Repeat("y", 10)}},
		{"longer than the buffer", strings.Repeat("z", 200<<10) + "\nend", 300 << 10, []string{"1:" + strings.Repeat("z", 200<<10), "2:end"}},
		{"too long past the buffer", strings.Repeat("z", 200<<10) + "\nend", 100 << 10, []string{"1:TOO LONG", "2:end"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := readLines(strings.NewReader(tt.in), tt.max, func(n int, line []byte, tooLong bool) error {
				s := string(line)
				if tooLong {
					s = "TOO LONG"
				}
				got = append(got, strconv.Itoa(n)+":"+s)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("readLines = %.80q; want %.80q", got, tt.want)
			}
		})
	}
}

func TestResolveEntity(t *testing.T) {
	tests := []struct{ typ, in, want string }{
		{"COUNTRY", "KR", "KR"},
		{"COUNTRY", "kr", "KR"},
		{"COUNTRY", "Hàn Quốc", "KR"},
		{"COUNTRY", "South Korea", "KR"},
		{"PROVINCE", "Hà Nội", "hanoi"},
		{"PROVINCE", "hanoi", "hanoi"},
		{"MINISTRY", "Bộ Y tế", "moh"},
		{"RESOLUTION", "Nghị quyết 57-NQ/TW", "57-NQ/TW"},
		{"PERSON", " Tô Lâm ", "Tô Lâm"},
	}
	for _, tt := range tests {
		if got := entity.New().Resolve(entity.Type(tt.typ), tt.in); got != tt.want {
			t.Errorf("Resolve(%s, %q) = %q; want %q", tt.typ, tt.in, got, tt.want)
		}
	}
}

// TestDantri indexes the Dân Trí corpus, when present, and searches it with
// a country filter.
func TestDantri(t *testing.T) {
	testenv.SkipUnlessLong(t)
	if raceEnabled {
		t.Skip("indexing the whole corpus is too slow under the race detector")
	}
	path, ok := dataset.Path(dataset.DantriFile)
	if !ok {
		t.Skipf("%s not found; set %s to the shared data folder", dataset.DantriFile, dataset.Env)
	}
	db := filepath.Join(t.TempDir(), "db")
	code, stdout, stderr := cli(t, "", "index", "-db", db, path)
	if code != exitOK {
		t.Fatalf("index %s: exit status %d\n%s%s", path, code, stdout, stderr)
	}
	if !strings.HasPrefix(stdout, "indexed 2653 documents") {
		t.Errorf("index summary = %q; want 2653 documents", stdout)
	}
	ids, res := searchIDs(t, "-db", db, "-country", "KR", "doanh nghiep")
	if len(ids) == 0 {
		t.Fatal(`search -country KR "doanh nghiep": no hits`)
	}
	for _, h := range res.Hits {
		if !slices.ContainsFunc(h.Entities, func(e jsonEntity) bool { return e.Type == "COUNTRY" && e.ID == "KR" }) {
			t.Errorf("hit %s does not mention KR: %v", h.ID, h.Entities)
		}
	}
}

// Filters resolve names of any spelling, partial numbers match the numbers
// they start, and a filter that names nothing known is a usage error.
func TestSearchFilterNames(t *testing.T) {
	db, _, _, _, _ := indexTestDocs(t)
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"-ministry", "bo y te", ""}, []string{"jp1"}},
		{[]string{"-ministry", "BỘ Y TẾ", ""}, []string{"jp1"}},
		{[]string{"-province", "ha noi", "-country", "han quoc", ""}, []string{"en1", "kr1"}},
		{[]string{"-resolution", "57", ""}, []string{"quyet-dinh"}},
		{[]string{"-resolution", "Nghị quyết 57", ""}, []string{"quyet-dinh"}},
	} {
		ids, _ := searchIDs(t, append([]string{"-db", db, "-n", "100"}, tt.args...)...)
		slices.Sort(ids)
		if !slices.Equal(ids, tt.want) {
			t.Errorf("search %q = %q; want %q", tt.args, ids, tt.want)
		}
	}
	for _, tt := range []struct{ args []string }{
		{[]string{"-country", "Atlantis", "x"}},
		{[]string{"-resolution", "999", "x"}},
		{[]string{"-lang", "xx", "x"}},
	} {
		code, _, stderr := cli(t, "", append([]string{"search", "-db", db}, tt.args...)...)
		if code != exitUsage || !strings.Contains(stderr, tt.args[1]) {
			t.Errorf("search %q = %d, %q; want %d naming %q", tt.args, code, stderr, exitUsage, tt.args[1])
		}
	}
}

// TestSearchTimeout checks that search gives up at its -timeout.
func TestSearchTimeout(t *testing.T) {
	db, _, _, _, _ := indexTestDocs(t)
	t.Cleanup(abandoned.Wait)
	code, _, stderr := cli(t, "", "search", "-db", db, "-timeout", "1ns", "han quoc")
	if code != exitError || !strings.Contains(stderr, "deadline exceeded (-timeout 1ns)") {
		t.Errorf("search -timeout 1ns = %d, %q; want %d and the deadline", code, stderr, exitError)
	}
	if code, _, stderr := cli(t, "", "search", "-db", db, "-timeout", "-1s", "x"); code != exitUsage {
		t.Errorf("search -timeout -1s = %d, %q; want %d", code, stderr, exitUsage)
	}
}

// TestLearnAndRestore checks that learn writes the same model for the same
// input, and that search -restorer shows the reading it restored and ranks
// its hits first.
func TestLearnAndRestore(t *testing.T) {
	db, _, _, _, jsonl := indexTestDocs(t)
	dir := t.TempDir()
	var models [2][]byte
	for i := range models {
		p := filepath.Join(dir, fmt.Sprintf("m%d.gz", i))
		code, stdout, stderr := cli(t, "", "learn", "-o", p, jsonl)
		// the broken line 3 is skipped, and the exit status says so
		if code != exitError || !strings.Contains(stdout, "learned 6 documents") || !strings.Contains(stderr, ":3: skipped") {
			t.Fatalf("learn = %d\n%s\n%s", code, stdout, stderr)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		models[i] = b
	}
	if !bytes.Equal(models[0], models[1]) {
		t.Error("learn wrote two models of one input")
	}
	p := filepath.Join(dir, "m0.gz")
	code, stdout, stderr := cli(t, "", "search", "-db", db, "-restorer", p, "han quoc")
	if code != exitOK || !strings.Contains(stdout, "showing results for: hàn quốc") {
		t.Errorf("search -restorer = %d\n%s\n%s", code, stdout, stderr)
	}
	_, res := searchIDs(t, "-db", db, "-restorer", p, "han quoc")
	if res.Reading != "hàn quốc" {
		t.Errorf("search -json -restorer: reading %q; want hàn quốc", res.Reading)
	}
	if code, _, stderr := cli(t, "", "search", "-db", db, "-restorer", filepath.Join(dir, "none"), "x"); code != exitError || stderr == "" {
		t.Errorf("search -restorer of no file = %d %q", code, stderr)
	}
	if code, _, _ := cli(t, "", "learn", jsonl); code != exitUsage {
		t.Errorf("learn without -o = %d; want %d", code, exitUsage)
	}

	// index -learn keeps the counts with the index; search -learn reads them
	ldb := filepath.Join(dir, "learned.db")
	if code, stdout, stderr := cli(t, "", "index", "-db", ldb, "-learn", jsonl); code != exitError || !strings.Contains(stderr, ":3: skipped") {
		t.Fatalf("index -learn = %d\n%s\n%s", code, stdout, stderr)
	}
	if _, res := searchIDs(t, "-db", ldb, "-learn", "han quoc"); res.Reading != "hàn quốc" {
		t.Errorf("search -learn: reading %q; want hàn quốc", res.Reading)
	}
	if _, res := searchIDs(t, "-db", ldb, "han quoc"); res.Reading != "" {
		t.Errorf("search without -learn: reading %q; want none", res.Reading)
	}
}
