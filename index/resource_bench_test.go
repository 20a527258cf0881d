package index

import (
	"io/fs"
	"path/filepath"
	"runtime"
	"testing"
)

// dirBytes returns the total size of the files under dir.
func dirBytes(tb testing.TB, dir string) int64 {
	tb.Helper()
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		n += fi.Size()
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// BenchmarkIndexResources indexes the Dân Trí corpus to disk in batches of
// 500, like BenchmarkIndexDantri, and reports the resources it takes: the
// peak growth of the heap in use while indexing (sampled every 5 ms) and the size
// of the closed index per MB of text (title and body).
func BenchmarkIndexResources(b *testing.B) {
	docs, n := benchDocs(b)
	textMB := float64(n) / (1 << 20)
	run := func(b *testing.B, index func(dir string)) {
		var peak, disk float64
		for b.Loop() {
			dir := filepath.Join(b.TempDir(), "idx")
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			stop := peakHeap()
			index(dir)
			p := stop()
			peak += float64(p-min(before.HeapInuse, p)) / (1 << 20)
			disk += float64(dirBytes(b, dir))
		}
		b.ReportMetric(peak/float64(b.N), "peak-heap-MB")
		b.ReportMetric(disk/float64(b.N)/textMB, "disk-B/text-MB")
	}
	b.Run("vnsearch", func(b *testing.B) {
		run(b, func(dir string) {
			x, err := Open(dir)
			if err != nil {
				b.Fatal(err)
			}
			addBatches(b, x, docs, 500)
			if err := x.Close(); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("bleve", func(b *testing.B) {
		run(b, func(dir string) {
			bi := newPlain(b, dir)
			addPlain(b, bi, docs, 500)
			if err := bi.Close(); err != nil {
				b.Fatal(err)
			}
		})
	})
}
