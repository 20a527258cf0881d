package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := Write(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "one")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// A write that fails leaves the old file whole, and no temporary one.
	bad := errors.New("bad")
	if err := Write(path, func(w io.Writer) error {
		io.WriteString(w, "tw")
		return bad
	}); !errors.Is(err, bad) {
		t.Errorf("Write = %v; want the writer's error", err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "one" {
		t.Errorf("after a failed write the file holds %q, %v; want \"one\"", b, err)
	}
	if err := Write(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "two")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "two" {
		t.Errorf("the file holds %q; want \"two\"", b)
	}
	names, _ := os.ReadDir(dir)
	if len(names) != 1 {
		t.Errorf("the directory holds %d files; want 1", len(names))
	}
	if err := Write(filepath.Join(dir, "none", "f"), func(io.Writer) error { return nil }); err == nil {
		t.Error("Write into a missing directory succeeded")
	}
}
