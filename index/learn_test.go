package index

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/entity"
)

// modelBytes returns what the learned model of x writes.
func modelBytes(t *testing.T, x *Index) []byte {
	t.Helper()
	var b bytes.Buffer
	x.learn.mu.RLock()
	defer x.learn.mu.RUnlock()
	if _, err := x.learn.model.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestLearnRestores checks that an index that learns restores queries from
// the documents it indexed, Vietnamese ones only, and adds them to the
// counts of a Restorer.
func TestLearnRestores(t *testing.T) {
	ctx := context.Background()
	x, err := NewMemory(WithLearning())
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	res, err := x.Search(ctx, Request{Query: "cac ban"})
	if err != nil || res.Reading != "" {
		t.Fatalf("an empty index: reading %q, %v; want none", res.Reading, err)
	}
	if err := x.Add(ctx,
		Document{ID: "a", Title: "Các bàn tiệc được bày ra", Body: "Các bàn tiệc được bày ra ở sân. Các bàn gỗ được bán."},
		Document{ID: "b", Title: "Các bạn trẻ tham gia", Body: "Một người bạn."},
		Document{ID: "en", Title: "Ban on imports", Body: "The ban on imports from Hà Nội ends.", Lang: "en"},
	); err != nil {
		t.Fatal(err)
	}
	res, err = x.Search(ctx, Request{Query: "cac ban"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); res.Reading != "các bàn" || len(got) != 3 || got[0] != "a" {
		t.Errorf("cac ban = %v, reading %q; want all three, a first, reading các bàn", got, res.Reading)
	}
	m := x.learn.model
	if m.Count("các bàn") != 3 || m.Count("các bạn") != 1 || m.Count("imports") != 0 {
		t.Errorf("counts: các bàn %d, các bạn %d, imports %d; want 3, 1 and 0 (English is not learned)",
			m.Count("các bàn"), m.Count("các bạn"), m.Count("imports"))
	}

	// with a Restorer: its counts and the index's, and the Restorer itself unchanged
	r := analyze.NewModel()
	for range 10 {
		r.Learn("Các bạn trẻ.")
	}
	y, err := NewMemory(WithLearning(), WithRestorer(r))
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	if err := y.Add(ctx, Document{ID: "a", Title: "Các bàn tiệc"}); err != nil {
		t.Fatal(err)
	}
	if got := y.learn.model.Count("các bạn"); got != 10 || y.learn.model.Count("các bàn") != 1 || r.Count("các bàn") != 0 {
		t.Errorf("counts with a Restorer: các bạn %d, các bàn %d, in the Restorer %d; want 10, 1 and 0",
			got, y.learn.model.Count("các bàn"), r.Count("các bàn"))
	}
}

// learnDocs returns n documents, each with a sentence of its own.
func learnDocs(from, n int) []Document {
	docs := make([]Document, n)
	for i := range docs {
		k := from + i
		docs[i] = Document{ID: fmt.Sprintf("d%d", k), Title: fmt.Sprintf("Tin số %d từ Hà Nội", k),
			Body: strings.Repeat(fmt.Sprintf("Bản tin thứ %d về Hàn Quốc và Việt Nam. ", k), 1+k%3)}
	}
	return docs
}

// TestLearnPersists checks that the counts of an index on disk are the
// same after reopening it, with deltas only and after they were merged
// into a base, and that files of batches that are not on disk are
// ignored.
func TestLearnPersists(t *testing.T) {
	ctx := context.Background()
	for _, compact := range []bool{false, true} {
		t.Run(fmt.Sprintf("compact=%v", compact), func(t *testing.T) {
			if compact {
				old := minCompact
				minCompact = 0
				defer func() { minCompact = old }()
			}
			dir := filepath.Join(t.TempDir(), "idx")
			x, err := Open(dir, WithLearning())
			if err != nil {
				t.Fatal(err)
			}
			for b := range 12 {
				if err := x.Add(ctx, learnDocs(b*5, 5)...); err != nil {
					t.Fatal(err)
				}
			}
			want := modelBytes(t, x)
			if got := x.learn.model.Count("tin số 7"); got != 1 {
				t.Errorf("Count(tin số 7) = %d, want 1", got)
			}
			if err := x.Close(); err != nil {
				t.Fatal(err)
			}
			files, _ := filepath.Glob(filepath.Join(dir, learnDir, "*"))
			bases, _ := filepath.Glob(filepath.Join(dir, learnDir, "base-*"))
			// how many deltas a base replaced depends on when compactions ran
			if compact && (len(bases) != 1 || len(files) > 12) || !compact && (len(bases) != 0 || len(files) != 12) {
				t.Errorf("files %v", files)
			}
			// a delta and a base of batches that never reached the index
			stray := analyze.NewModel()
			stray.Learn("Một câu không có trong chỉ mục.")
			for _, name := range []string{"delta-13", "base-14", ".tmp-delta-13-1"} {
				f, err := os.Create(filepath.Join(dir, learnDir, name))
				if err != nil {
					t.Fatal(err)
				}
				stray.WriteTo(f)
				f.Close()
			}
			x, err = Open(dir, WithLearning())
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			if got := modelBytes(t, x); !bytes.Equal(got, want) {
				t.Errorf("the counts read back differ from the counts written (%d and %d bytes)", len(got), len(want))
			}
			if _, err := os.Stat(filepath.Join(dir, learnDir, ".tmp-delta-13-1")); err == nil {
				t.Error("a temporary file is left after reopening")
			}
			// the next batch is 13: it replaces the stray delta
			if err := x.Add(ctx, learnDocs(60, 1)...); err != nil {
				t.Fatal(err)
			}
			if x.learn.model.Count("không có trong") != 0 {
				t.Error("the counts of a stray file were learned")
			}
			want = modelBytes(t, x)
			x.Close()
			ro, err := OpenReadOnly(dir, WithLearning())
			if err != nil {
				t.Fatal(err)
			}
			defer ro.Close()
			if got := modelBytes(t, ro); !bytes.Equal(got, want) {
				t.Error("the counts read back read-only differ from the counts written")
			}
		})
	}
}

// TestLearnWriteFails checks that the counts of a batch whose file cannot
// be written wait in memory and go to the next file, and that Add does not
// fail: its documents are in.
func TestLearnWriteFails(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Open(dir, WithLearning())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { x.Close() }()
	defer func(w func(string, string, *analyze.Model) (int64, error)) { writeCounts = w }(writeCounts)
	ok := writeCounts
	full := func(string, string, *analyze.Model) (int64, error) { return 0, syscall.ENOSPC }
	for i, w := range []func(string, string, *analyze.Model) (int64, error){ok, full, full, ok, full} {
		writeCounts = w
		if err := x.Add(ctx, learnDocs(i*3, 3)...); err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
	}
	writeCounts = ok
	want := modelBytes(t, x)
	if err := x.Close(); err != nil { // writes the last batch's counts
		t.Fatal(err)
	}
	if x, err = Open(dir, WithLearning()); err != nil {
		t.Fatal(err)
	}
	if got := modelBytes(t, x); !bytes.Equal(got, want) {
		t.Error("the counts read back differ from the counts learned")
	}
	for i := range 15 {
		if n := x.learn.model.Count(fmt.Sprintf("số %d từ", i)); n != 1 {
			t.Errorf("document %d counted %d times, want 1", i, n)
		}
	}
}

// TestLearnBadFile checks that an index whose counts cannot be read says
// so when it opens.
func TestLearnBadFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Open(dir, WithLearning())
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Add(context.Background(), learnDocs(0, 2)...); err != nil {
		t.Fatal(err)
	}
	x.Close()
	if err := os.WriteFile(filepath.Join(dir, learnDir, "delta-1"), []byte("not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	if x, err := Open(dir, WithLearning()); err == nil || !strings.Contains(err.Error(), "delta-1") {
		t.Errorf("Open with a bad counts file: %v; want an error naming it", err)
		if x != nil {
			x.Close()
		}
	}
	// without learning, the index opens
	x, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
}

// TestEntityReadings checks that the restored reading of an unaccented
// query decides between an entity and the other words its name folds to.
func TestEntityReadings(t *testing.T) {
	ctx := context.Background()
	docs := []Document{
		{ID: "au1", Title: "Thủ tướng Úc thăm Việt Nam", Body: "Thủ tướng Úc đến Hà Nội. Doanh nghiệp Úc đầu tư."},
		{ID: "au2", Title: "Sinh viên Việt Nam tại Úc", Body: "Nhiều sinh viên học tập tại Úc."},
		{ID: "lab1", Title: "Thị trường lao động phục hồi", Body: "Người lao động có thêm việc làm. Lao động trẻ tăng."},
		{ID: "lab2", Title: "Lao động tự do", Body: "Bảo hiểm cho người lao động tự do."},
		{ID: "la", Title: "Việt Nam và Lào ký kết hợp tác", Body: "Thủ tướng Lào thăm Việt Nam."},
	}
	named := func(x *Index, q string) map[entityKey]bool {
		t.Helper()
		r, err := x.reader()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		tn := x.cfg.Tuning
		b, err := x.buildQuery(ctx, r, q, &tn)
		if err != nil {
			t.Fatal(err)
		}
		return b.named
	}
	plain := newTestIndex(t, docs...)
	x, err := NewMemory(WithLearning())
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Add(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	au, la := entityKey{entity.Country, "AU"}, entityKey{entity.Country, "LA"}
	for _, tt := range []struct {
		q                string
		key              entityKey
		without, learned bool
	}{
		{"thu tuong uc", au, false, true},   // "úc": two letters the extractor cannot tell alone
		{"lao dong tu do", la, true, false}, // "lao động", not Lào
		{"thu tuong lao", la, true, true},   // "lào"
		{"lao động tự do", la, true, true},  // accented: as the extractor reads it
	} {
		if got := named(plain, tt.q)[tt.key]; got != tt.without {
			t.Errorf("%q names %v: %v without learning, want %v", tt.q, tt.key, got, tt.without)
		}
		if got := named(x, tt.q)[tt.key]; got != tt.learned {
			t.Errorf("%q names %v: %v with learning, want %v", tt.q, tt.key, got, tt.learned)
		}
	}
}
