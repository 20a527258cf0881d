package index

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/internal/atomicfile"
)

// An index with Config.Learn keeps, beside its bleve index, the syllable
// counts of the accented Vietnamese documents it has indexed, in the
// directory "restore" of its path:
//
//	base-G   the counts of every batch up to G (analyze.Model.WriteTo)
//	delta-G  the counts of batch G alone
//
// The bleve batch of a call of Add sets the internal key learnGenKey to
// the batch's number G, so the number on disk is that of the last batch
// whose documents are. The batch's counts are learned and written to
// delta-G, and synced, while bleve writes it, before Add returns.
// Opening the index reads the newest base at or below the number on disk
// and the deltas above the base up to it, and ignores any file above it.
// So the counts of every document Add acknowledged survive a crash, as the
// document does, and a document whose Add did not return may miss them.
// When the deltas outgrow the base, a new base replaces them, written in
// the background from the files (compact).
//
// Counts only grow: a document replaced or deleted keeps the counts it
// gave.
const learnDir = "restore"

// learnGenKey is the bleve internal key of the number of the last batch
// whose counts the index learned.
var learnGenKey = []byte("vnsearch.restore.gen")

// learner holds the restoration model of an index that learns.
type learner struct {
	mu    sync.RWMutex // guards model: Restore reads it, merging writes it
	model *analyze.Model

	dir string // of the files; "" for an index in memory

	wmu     sync.Mutex     // held by Add from numbering a batch to its commit
	pending *analyze.Model // counts of written batches that no file holds

	fmu        sync.Mutex // guards the fields below and the files
	gen        uint64     // the last batch whose counts are written
	baseBytes  int64
	deltaBytes int64 // of the deltas above base
	compacting sync.WaitGroup
	busy       bool // a compaction runs
}

// newLearner returns the learner of an index: start's counts (which it
// copies, and may be nil) and those of the files in path (none for "").
// Unless readOnly, it removes the temporary files of a write that a crash
// cut short.
func newLearner(bi bleve.Index, path string, readOnly bool, start *analyze.Model) (*learner, error) {
	l := &learner{model: analyze.NewModel()}
	if start != nil {
		l.model.Merge(start)
	}
	v, err := bi.GetInternal(learnGenKey)
	if err != nil {
		return nil, fmt.Errorf("read the restoration counts: %w", err)
	}
	if len(v) > 0 {
		if l.gen, err = strconv.ParseUint(string(v), 10, 64); err != nil {
			return nil, fmt.Errorf("read the restoration counts: batch number %q: %w", v, err)
		}
	}
	if path == "" {
		return l, nil
	}
	l.dir = filepath.Join(path, learnDir)
	if !readOnly {
		tmp, _ := filepath.Glob(filepath.Join(l.dir, ".tmp-*"))
		for _, t := range tmp {
			os.Remove(t)
		}
	}
	files, err := l.files(l.gen)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if f.base {
			l.baseBytes = f.size
		} else {
			l.deltaBytes += f.size
		}
		if err := readCounts(l.model, f.path); err != nil {
			return nil, fmt.Errorf("read the restoration counts: %w", err)
		}
	}
	return l, nil
}

// A countsFile is a base or a delta of the restoration counts.
type countsFile struct {
	path string
	gen  uint64
	base bool
	size int64
}

// files returns the files the counts up to batch upTo are made of: the
// newest base at or below it, then the deltas above that base, in order.
func (l *learner) files(upTo uint64) ([]countsFile, error) {
	ents, err := os.ReadDir(l.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the restoration counts: %w", err)
	}
	var bases, deltas []countsFile
	for _, e := range ents {
		kind, num, ok := strings.Cut(e.Name(), "-")
		gen, err := strconv.ParseUint(num, 10, 64)
		if !ok || err != nil || (kind != "base" && kind != "delta") || gen > upTo || gen == 0 {
			continue // a temporary file, or the counts of a batch not on disk
		}
		info, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("read the restoration counts: %w", err)
		}
		f := countsFile{path: filepath.Join(l.dir, e.Name()), gen: gen, base: kind == "base", size: info.Size()}
		if f.base {
			bases = append(bases, f)
		} else {
			deltas = append(deltas, f)
		}
	}
	byGen := func(a, b countsFile) int { return cmp.Compare(a.gen, b.gen) }
	slices.SortFunc(bases, byGen)
	slices.SortFunc(deltas, byGen)
	var out []countsFile
	var from uint64
	if len(bases) > 0 {
		b := bases[len(bases)-1]
		out, from = append(out, b), b.gen
	}
	for _, d := range deltas {
		if d.gen > from {
			out = append(out, d)
		}
	}
	return out, nil
}

// restore returns the n likeliest readings of text.
func (l *learner) restore(text string, n int) []analyze.Restoration {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.model.Restore(text, n)
}

// next returns the number of the next batch, for its learnGenKey.
func (l *learner) next() uint64 {
	l.fmu.Lock()
	defer l.fmu.Unlock()
	return l.gen + 1
}

// learned is what learn returns: the counts of a batch and how writing
// them went.
type learned struct {
	delta   *analyze.Model // the counts of the batch, which the model has
	written *analyze.Model // what its file holds: delta, and pending if any
	size    int64          // of the file
	err     error          // of writing it
}

// learn counts the texts of batch gen, writes their file and adds them to
// the model. It runs while bleve writes the batch: a file of a batch that
// does not reach the disk is above the number there, ignored when the
// index opens and replaced by the next batch's. Add holds wmu, so pending
// is its own.
func (l *learner) learn(gen uint64, texts [][]*sharedText) learned {
	r := learned{delta: learnTexts(texts)}
	r.written = r.delta
	if l.pending != nil {
		r.written = analyze.NewModel()
		r.written.Merge(l.pending)
		r.written.Merge(r.delta)
	}
	if l.dir != "" && r.written.Len() > 0 {
		r.size, r.err = writeCounts(l.dir, fmt.Sprintf("delta-%d", gen), r.written)
	}
	// The model learns the batch now, beside bleve, whether or not the
	// batch then reaches the index: text that an Add failed to index
	// teaches how the language is written all the same. The files count
	// only the batches on disk.
	l.mu.Lock()
	l.model.Merge(r.delta)
	l.mu.Unlock()
	return r
}

// learnTexts returns the restoration counts of the texts.
func learnTexts(texts [][]*sharedText) *analyze.Model {
	m := analyze.NewModel()
	for _, ts := range texts {
		for _, t := range ts {
			m.LearnAnalyzed(t.text, t.get(false))
			t.done()
		}
	}
	return m
}

// commit records r, the counts of batch gen, which bleve has written. When
// their file could not be written (a full disk), the counts wait in
// pending, to go to the file of the next batch or of Close: the documents
// are in, so Add does not fail, and a crash before then loses their
// counts, not them.
func (l *learner) commit(gen uint64, r learned) {
	l.fmu.Lock()
	defer l.fmu.Unlock()
	l.gen = gen
	if r.err != nil {
		l.pending = r.written
		return
	}
	l.pending = nil
	l.deltaBytes += r.size
	if l.dir != "" && !l.busy && l.deltaBytes > max(4*l.baseBytes, minCompact) {
		l.busy = true
		l.compacting.Go(func() { l.compact(gen) })
	}
}

// The deltas are merged into a new base once they are larger than four
// times the base and than minCompact: opening the index then reads at most
// about five times the size of its counts. The deltas of a large archive
// repeat the base's trigrams far more than they add to them (in the
// scale benchmark, 0.5 MB of deltas per 500 articles add 0.3% to a 5 MB
// base), so merging them more often costs the writer more than it saves
// the reader.
var minCompact int64 = 8 << 20

// compact writes the base of batch gen from the files and removes the
// ones it replaces. It runs beside Add; an error leaves the files as they
// were, to be merged at a later batch.
func (l *learner) compact(gen uint64) {
	defer func() {
		l.fmu.Lock()
		l.busy = false
		l.fmu.Unlock()
	}()
	l.fmu.Lock()
	files, err := l.files(gen)
	l.fmu.Unlock()
	if err != nil || len(files) < 2 {
		return
	}
	n, err := mergeCounts(filepath.Join(l.dir, fmt.Sprintf("base-%d", gen)), files)
	if err != nil {
		return
	}
	l.fmu.Lock()
	defer l.fmu.Unlock()
	l.baseBytes = n
	for _, f := range files {
		if !f.base {
			l.deltaBytes -= f.size
		}
		os.Remove(f.path)
	}
}

// close writes the counts that wait in pending, if it can, and waits for
// a compaction to end.
func (l *learner) close() {
	l.wmu.Lock()
	defer l.wmu.Unlock()
	if l.pending != nil && l.dir != "" {
		if _, err := writeCounts(l.dir, fmt.Sprintf("delta-%d", l.gen), l.pending); err == nil {
			l.pending = nil
		}
	}
	l.compacting.Wait()
}

// readCounts adds the counts in the file at path to m.
func readCounts(m *analyze.Model, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := m.ReadFrom(bufio.NewReaderSize(f, 1<<16)); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// mergeCounts writes to the file at path the counts of files, merged as
// they are read (analyze.MergeModels), and returns its size: once it
// returns nil the file is on disk whole.
func mergeCounts(path string, files []countsFile) (int64, error) {
	rs := make([]io.Reader, len(files))
	for i, f := range files {
		fd, err := os.Open(f.path)
		if err != nil {
			return 0, err
		}
		defer fd.Close()
		rs[i] = bufio.NewReaderSize(fd, 1<<16)
	}
	var n int64
	err := atomicfile.Write(path, func(w io.Writer) (err error) {
		n, err = analyze.MergeModels(w, rs...)
		return err
	})
	return n, err
}

// writeCounts is writeFileSync; tests replace it to fail writes.
var writeCounts = writeFileSync

// writeFileSync writes m to the file name in dir, making dir, with
// Model.WriteFile: once it returns nil the file is on disk whole.
func writeFileSync(dir, name string, m *analyze.Model) (int64, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	return m.WriteFile(filepath.Join(dir, name))
}
