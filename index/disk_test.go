//go:build linux

package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mountTmpfs mounts a tmpfs of size bytes in a temporary directory, where
// the process can mount one (root on Linux), and skips t otherwise.
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, fmt.Sprintf("size=%d", size)); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, syscall.MNT_DETACH) })
	return mnt
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestFullDisk fills a small file system with writes and checks that
// the write that does not fit is an ErrNoSpace and syscall.ENOSPC, that
// every acknowledged document stays searchable, that the idle index does
// not spin, and that writes succeed again once there is room. With
// precheck the index refuses the write before bleve sees it; without,
// bleve fails it and the index reopens from disk. The index learns
// (Config.Learn): the counts of the acknowledged documents survive too.
func TestFullDisk(t *testing.T) {
	for _, precheck := range []bool{true, false} {
		t.Run(fmt.Sprintf("precheck=%v", precheck), func(t *testing.T) {
			if !precheck {
				defer func(f, b uint64) { spareFactor, spareBytes = f, b }(spareFactor, spareBytes)
				spareFactor, spareBytes = 0, 0
			}
			mnt := mountTmpfs(t, 3<<20)
			dir := filepath.Join(mnt, "vn")
			x, err := Open(dir, WithLearning())
			if err != nil {
				t.Fatal(err)
			}
			defer func() { x.Close() }()
			ctx := context.Background()
			body := strings.Repeat("Mưa lớn kéo dài ở Hà Nội gây ngập nhiều tuyến phố. ", 150)
			var acked []string
			var addErr error
			for i := 0; addErr == nil; i++ {
				if i == 1000 {
					t.Fatal("1000 writes fit in 3 MB")
				}
				id := fmt.Sprintf("d%03d", i)
				addErr = x.Add(ctx, Document{ID: id, Title: "Tin số " + id, Body: body + fmt.Sprint(i*7919)})
				if addErr == nil {
					acked = append(acked, id)
				}
			}
			if !errors.Is(addErr, ErrNoSpace) || !errors.Is(addErr, syscall.ENOSPC) {
				t.Fatalf("write on a full disk = %v; want ErrNoSpace and ENOSPC", addErr)
			}
			t.Logf("%d writes acknowledged, then %v", len(acked), addErr)
			if precheck != strings.Contains(addErr.Error(), "bytes free") {
				t.Errorf("precheck %v, but the error is %v", precheck, addErr)
			}
			check := func(want int) {
				t.Helper()
				res, err := x.Search(ctx, Request{Query: "mua lon ha noi", Size: 5})
				if err != nil || res.Total == 0 {
					t.Fatalf("search on a full disk = %v, %v", res, err)
				}
				for _, id := range acked {
					if _, err := x.Get(ctx, id); err != nil {
						t.Fatalf("Get(%s), acknowledged: %v", id, err)
					}
				}
				if n, err := x.Count(); err != nil || n != uint64(want) {
					t.Fatalf("Count() = %d, %v; want %d", n, err, want)
				}
				// each body says it 150 times
				if n := x.learn.model.Count("mưa lớn kéo"); n < 150*uint64(want) {
					t.Fatalf("the counts hold %d of the %d sentences of the acknowledged documents", n, 150*want)
				}
			}
			check(len(acked))
			// a merge, or the files of the failed write going, may have
			// made room for the next one
			switch err := x.Add(ctx, Document{ID: "again", Title: "x", Body: body}); {
			case err == nil:
				acked = append(acked, "again")
			case !errors.Is(err, ErrNoSpace):
				t.Errorf("a second write on the full disk = %v; want ErrNoSpace or success", err)
			}
			check(len(acked))

			start, cpu := time.Now(), cpuTime()
			time.Sleep(time.Second)
			if used, wall := cpuTime()-cpu, time.Since(start); used > wall/4 {
				t.Errorf("the idle index on a full disk used %v of CPU in %v", used, wall)
			}

			if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT, "size=32m"); err != nil {
				t.Fatal(err)
			}
			if err := x.Add(ctx, Document{ID: "after", Title: "Trời tạnh", Body: body}); err != nil {
				t.Fatalf("write once there is room: %v", err)
			}
			acked = append(acked, "after")
			check(len(acked))
			if err := x.Close(); err != nil {
				t.Fatal(err)
			}
			if x, err = Open(dir, WithLearning()); err != nil {
				t.Fatal(err)
			}
			check(len(acked))
		})
	}
}

// TestFullDiskPending fills a small file system in the middle of a call
// written in batches: Add returns ErrPending with ErrNoSpace, searches go
// on, and once there is room the next Add writes the rest of the call
// before its own documents.
func TestFullDiskPending(t *testing.T) {
	defer func(f, b uint64) { spareFactor, spareBytes = f, b }(spareFactor, spareBytes)
	spareFactor, spareBytes = 0, 0 // let bleve fail the write
	mnt := mountTmpfs(t, 4<<20)
	dir := filepath.Join(mnt, "vn")
	x, err := Open(dir, WithBatchBytes(16<<10))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { x.Close() }()
	ctx := context.Background()
	docs := make([]Document, 1600) // 1.6 MB: the journal fits, the batches do not
	for i := range docs {
		docs[i] = Document{ID: fmt.Sprintf("p%04d", i), Title: fmt.Sprintf("Tin số %d", i),
			Body: strings.Repeat(fmt.Sprintf("Mưa lớn ở Hà Nội, bản tin %d. ", i), 30)}
	}
	err = x.Add(ctx, docs...)
	if !errors.Is(err, ErrPending) || !errors.Is(err, ErrNoSpace) {
		t.Fatalf("a call larger than the disk = %v; want ErrPending and ErrNoSpace", err)
	}
	t.Log(err)
	n, err := x.Count()
	if err != nil || n == 0 || n >= uint64(len(docs)) {
		t.Fatalf("Count() = %d, %v; want part of the %d documents", n, err, len(docs))
	}
	if res, err := x.Search(ctx, Request{Query: "mua lon ha noi"}); err != nil || res.Total == 0 {
		t.Fatalf("search on a full disk = %v, %v", res, err)
	}
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT, "size=64m"); err != nil {
		t.Fatal(err)
	}
	last := Document{ID: docs[len(docs)-1].ID, Title: "Trời tạnh"}
	if err := x.Add(ctx, last); err != nil {
		t.Fatalf("write once there is room: %v", err)
	}
	check := func() {
		t.Helper()
		checkAll(t, x, docs[:len(docs)-1], uint64(len(docs)))
		if d, err := x.Get(ctx, last.ID); err != nil || d.Title != last.Title {
			t.Errorf("Get(%s) = %v, %v; want the later write's title %q", last.ID, d, err, last.Title)
		}
	}
	check()
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if x, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	check()
}

// TestOpenReadOnlyMedia opens an index on a read-only bind mount, where
// the process can make one (root on Linux), and skips otherwise.
func TestOpenReadOnlyMedia(t *testing.T) {
	dir := seededDir(t)
	mnt := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount(dir, mnt, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount here: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, 0) })
	if err := syscall.Mount("", mnt, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only here: %v", err)
	}
	if err := os.WriteFile(filepath.Join(mnt, "probe"), nil, 0o644); err == nil {
		t.Fatal("the read-only mount takes writes")
	}
	x, err := OpenReadOnly(mnt)
	if err != nil {
		t.Fatalf("OpenReadOnly on read-only media: %v", err)
	}
	defer x.Close()
	checkReadOnly(t, x)
}
