package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// journalDocs returns n documents of about 300 bytes each, with distinct
// words in their titles.
func journalDocs(n int) []Document {
	docs := make([]Document, n)
	for i := range docs {
		docs[i] = Document{
			ID:    fmt.Sprintf("j-%03d", i),
			Title: fmt.Sprintf("Bản tin số %d về Hàn Quốc", i),
			Body:  strings.Repeat("Bộ Công Thương cho biết xuất khẩu sang Hàn Quốc tăng. ", 1+i%5) + fmt.Sprintf("Mã %d.", i),
		}
	}
	return docs
}

func TestSplit(t *testing.T) {
	docs := journalDocs(50)
	total := 0
	for i := range docs {
		total += docBytes(&docs[i])
	}
	for _, limit := range []int{1, 200, 1000, 4000, total - 1, total, 10 * total} {
		x := &Index{cfg: Config{BatchBytes: limit}}
		parts := x.split(docs)
		want := max(1, min(len(docs), (total+limit-1)/limit))
		n, largest := 0, 0
		for _, p := range parts {
			if len(p) == 0 {
				t.Fatalf("limit %d: an empty part", limit)
			}
			size := 0
			for i := range p {
				if p[i].ID != docs[n+i].ID {
					t.Fatalf("limit %d: part holds %s where %s was", limit, p[i].ID, docs[n+i].ID)
				}
				size += docBytes(&p[i])
			}
			if len(p) > 1 && size > limit {
				t.Errorf("limit %d: a part of %d documents holds %d bytes", limit, len(p), size)
			}
			n += len(p)
			largest = max(largest, size)
		}
		if n != len(docs) {
			t.Errorf("limit %d: parts hold %d documents, want %d", limit, n, len(docs))
		}
		// as few parts as the limit allows, give or take the rounding of
		// documents into parts of about equal size
		if len(parts) < want || len(parts) > 2*want {
			t.Errorf("limit %d: %d parts, want about %d (total %d bytes, largest part %d)", limit, len(parts), want, total, largest)
		}
	}
	if parts := (&Index{cfg: Config{BatchBytes: 10}}).split(nil); parts != nil {
		t.Errorf("split(nil) = %v", parts)
	}
}

// checkAll checks that x holds every document of docs and nothing more
// than want documents, and that no journal is left.
func checkAll(t *testing.T, x *Index, docs []Document, want uint64) {
	t.Helper()
	for _, d := range docs {
		got, err := x.Get(context.Background(), d.ID)
		if err != nil {
			t.Fatalf("Get(%s): %v", d.ID, err)
		}
		if got.Title != d.Title {
			t.Errorf("Get(%s).Title = %q, want %q", d.ID, got.Title, d.Title)
		}
	}
	if n, err := x.Count(); err != nil || n != want {
		t.Errorf("Count() = %d, %v; want %d", n, err, want)
	}
	if x.path != "" {
		if _, err := os.Stat(x.journalPath()); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("journal left behind: %v", err)
		}
	}
}

// TestAddInBatches adds a call larger than Config.BatchBytes, on disk
// and in memory, and checks that it is all indexed, with the restoration
// counts of writing it whole.
func TestAddInBatches(t *testing.T) {
	docs := journalDocs(60)
	ctx := context.Background()
	whole, err := NewMemory(WithLearning())
	if err != nil {
		t.Fatal(err)
	}
	defer whole.Close()
	if err := whole.Add(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	opts := []Option{WithBatchBytes(2000), WithLearning()}
	disk, err := Open(filepath.Join(t.TempDir(), "idx"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	mem, err := NewMemory(opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if n := len(disk.split(docs)); n < 5 {
		t.Fatalf("the call is %d batches; want several", n)
	}
	for _, x := range []*Index{disk, mem} {
		if err := x.Add(ctx, docs...); err != nil {
			t.Fatal(err)
		}
		checkAll(t, x, docs, uint64(len(docs)))
		for _, words := range []string{"bản tin", "số 17 về", "hàn quốc", "bộ công thương"} {
			if got, want := x.learn.model.Count(words), whole.learn.model.Count(words); got != want {
				t.Errorf("%q counted %d times, %d when written whole", words, got, want)
			}
		}
	}
	seq, n, err := disk.journalProgress()
	if err != nil || seq != 1 || n != len(docs) {
		t.Errorf("journal progress = %d %d, %v; want 1 %d", seq, n, err, len(docs))
	}
	// A second call is the next journal; replacing documents counts once.
	if err := disk.Add(ctx, docs[:40]...); err != nil {
		t.Fatal(err)
	}
	checkAll(t, disk, docs, uint64(len(docs)))
	if seq, n, _ := disk.journalProgress(); seq != 2 || n != 40 {
		t.Errorf("journal progress = %d %d; want 2 40", seq, n)
	}
}

// leaveJournal makes the state a crash leaves in the middle of a call of
// Add written in batches: the journal of docs on disk and the first
// written batches of it.
func leaveJournal(t *testing.T, x *Index, docs []Document, written int) {
	t.Helper()
	x.jseq++
	j := &journal{Seq: x.jseq, Docs: docs}
	if err := x.writeJournal(j); err != nil {
		t.Fatal(err)
	}
	parts := x.split(docs)
	if written > len(parts) {
		t.Fatalf("%d batches written of %d", written, len(parts))
	}
	n, err := x.writeParts(j, 0, nil, parts[:written])
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d of %d documents written in %d of %d batches", n, len(docs), written, len(parts))
}

// TestJournalRecovery leaves a journal as a crash would, before the first
// batch of its call, in the middle and after the last, and checks that
// Open completes the call, each document once.
func TestJournalRecovery(t *testing.T) {
	docs := journalDocs(60)
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		written int // batches written before the crash; -1: all
	}{{"before the first batch", 0}, {"after two batches", 2}, {"after the last batch", -1}} {
		t.Run(tt.name, func(t *testing.T) {
			written := tt.written
			dir := filepath.Join(t.TempDir(), "idx")
			opts := []Option{WithBatchBytes(2000), WithLearning()}
			x, err := Open(dir, opts...)
			if err != nil {
				t.Fatal(err)
			}
			lead := Document{ID: "lead", Title: "Tin đầu"}
			if err := x.Add(ctx, lead); err != nil {
				t.Fatal(err)
			}
			if written < 0 {
				written = len(x.split(docs))
			}
			leaveJournal(t, x, docs, written)
			if err := x.Close(); err != nil {
				t.Fatal(err)
			}
			// and the temporary file of a journal cut short
			stray := filepath.Join(dir, ".tmp-"+journalFile+"-1")
			if err := os.WriteFile(stray, []byte("cut"), 0o644); err != nil {
				t.Fatal(err)
			}
			x, err = Open(dir, opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			checkAll(t, x, append([]Document{lead}, docs...), uint64(len(docs)+1))
			if exists(stray) {
				t.Error("the temporary file of a journal is left")
			}
			if got := x.learn.model.Count("bản tin"); got != uint64(len(docs)) {
				t.Errorf(`"bản tin" counted %d times; want %d, once a document`, got, len(docs))
			}
			// the next call gets the next number
			if err := x.Add(ctx, docs...); err != nil {
				t.Fatal(err)
			}
			if seq, n, _ := x.journalProgress(); seq != 2 || n != len(docs) {
				t.Errorf("journal progress = %d %d; want 2 %d", seq, n, len(docs))
			}
		})
	}
}

// TestJournalPending checks that a call left half written in a running
// index (ErrPending) is completed by the next Add, before its documents.
func TestJournalPending(t *testing.T) {
	docs := journalDocs(60)
	ctx := context.Background()
	x, err := Open(filepath.Join(t.TempDir(), "idx"), WithBatchBytes(2000))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	leaveJournal(t, x, docs, 1)
	x.pending.Store(true)
	// the next call replaces a document the pending one holds: it is
	// written after it
	next := docs[50]
	next.Title = "Bản tin mới"
	if err := x.Add(ctx, next); err != nil {
		t.Fatal(err)
	}
	if x.pending.Load() {
		t.Error("still pending")
	}
	checkAll(t, x, docs[:50], uint64(len(docs)))
	if got, err := x.Get(ctx, next.ID); err != nil || got.Title != next.Title {
		t.Errorf("Get(%s) = %v, %v; want the title %q of the later call", next.ID, got, err, next.Title)
	}
}

// TestJournalCorrupt checks that Open refuses an index whose journal it
// cannot read, naming the file, and opens it once the file is gone.
func TestJournalCorrupt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, journalFile)
	if err := os.WriteFile(path, []byte("not a journal"), 0o644); err != nil {
		t.Fatal(err)
	}
	if x, err := Open(dir); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Open with a corrupt journal: %v; want an error naming %s", err, path)
		if x != nil {
			x.Close()
		}
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	x, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
}

// TestAddInBatchesConcurrent runs calls written in batches beside each
// other, a call of one batch and searches: every document ends indexed.
func TestAddInBatchesConcurrent(t *testing.T) {
	ctx := context.Background()
	x, err := Open(filepath.Join(t.TempDir(), "idx"), WithBatchBytes(2000), WithLearning())
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var all []Document
	calls := make([][]Document, 3)
	for c := range calls {
		calls[c] = journalDocs(40)
		for i := range calls[c] {
			calls[c][i].ID = fmt.Sprintf("c%d-%s", c, calls[c][i].ID)
		}
		all = append(all, calls[c]...)
	}
	calls[2] = calls[2][:1] // one batch
	all = all[:len(all)-39]
	errs := make(chan error, len(calls)+1)
	for _, docs := range calls {
		go func() { errs <- x.Add(ctx, docs...) }()
	}
	go func() {
		for range 20 {
			if _, err := x.Search(ctx, Request{Query: "han quoc"}); err != nil {
				errs <- err
				return
			}
		}
		errs <- nil
	}()
	for range len(calls) + 1 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	checkAll(t, x, all, uint64(len(all)))
}
