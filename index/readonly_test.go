package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"testing"
)

// seededDir returns the directory of a closed on-disk index holding
// seedDocs.
func seededDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vn")
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Add(context.Background(), seedDocs...); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// listing describes every file under dir: name, size and modification
// time.
func listing(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%s %v %d", p, fi.ModTime(), fi.Size()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkReadOnly checks that x answers searches and refuses writes.
func checkReadOnly(t *testing.T, x *Index) {
	t.Helper()
	checkSeeds(t, x, 0)
	res, err := x.Search(context.Background(), Request{Query: "ha noi", Highlight: true})
	if err != nil || len(res.Hits) == 0 || res.Hits[0].ID != "seed-1" {
		t.Errorf("Search(ha noi) = %v, %v; want seed-1 first", res, err)
	}
	if err := x.Add(context.Background(), Document{ID: "new", Title: "x"}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Add on a read-only index = %v; want ErrReadOnly", err)
	}
}

// TestOpenReadOnly checks that a read-only index searches, refuses writes
// and changes no file, that readers share an index, and that a reader
// beside a writer is refused with ErrLocked.
func TestOpenReadOnly(t *testing.T) {
	dir := seededDir(t)
	before := listing(t, dir)
	x, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkReadOnly(t, x)
	y, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatalf("a second reader: %v", err)
	}
	checkReadOnly(t, y)
	y.Close()
	x.Close()
	if after := listing(t, dir); !slices.Equal(before, after) {
		t.Errorf("a read-only open changed the files:\n%q\nwant\n%q", after, before)
	}

	w, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenReadOnly(dir); !errors.Is(err, ErrLocked) {
		t.Errorf("OpenReadOnly beside a writer = %v; want ErrLocked", err)
	}
	w.Close()

	if _, err := OpenReadOnly(filepath.Join(t.TempDir(), "none")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("OpenReadOnly of no index = %v; want fs.ErrNotExist", err)
	}
}
