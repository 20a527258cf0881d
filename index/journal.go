package index

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/internal/atomicfile"
)

// A call of Add with more text than Config.BatchBytes is written to bleve
// in several batches, so that the analysis of one batch at a time is in
// memory: bleve holds the analysis of a whole batch, some 65 times its
// text, until it has built the batch's segment. On disk, such a call stays
// atomic through a journal:
//
//  1. Add writes the call's documents to the file journalFile in the
//     index's directory, synced and renamed into place. From then on the
//     call is committed: it is completed even if the process dies.
//  2. Each batch sets the internal key journalKey to the journal's number
//     and the count of its documents written so far, in the batch itself.
//  3. Add removes the file after the last batch.
//
// Open finds the journal a crash left and writes the documents the key
// says are not yet written. A batch that fails after the first leaves the
// journal too; the next Add, or Open, writes the rest first (see
// ErrPending).

// journalFile is the name of the journal in an index's directory.
const journalFile = "journal"

// journalKey is the bleve internal key of the journal's progress:
// "number count".
var journalKey = []byte("vnsearch.journal")

// journal is what journalFile holds.
type journal struct {
	Seq  uint64 // its number; the first journal of an index is 1
	Docs []Document
}

// docBytes is the size of d as Config.MaxDocumentBytes and
// Config.BatchBytes count it.
func docBytes(d *Document) int { return DocumentBytes(*d) }

// DocumentBytes is the size of d as Config.MaxDocumentBytes and
// Config.BatchBytes count it: the bytes of its ID, Title, Body, URL and
// Lang.
func DocumentBytes(d Document) int {
	return len(d.ID) + len(d.Title) + len(d.Body) + len(d.URL) + len(d.Lang)
}

// split cuts docs into runs of about equal text, as few as keep each
// within Config.BatchBytes, a run holding at least one document.
func (x *Index) split(docs []Document) [][]Document {
	if len(docs) == 0 {
		return nil
	}
	total := 0
	for i := range docs {
		total += docBytes(&docs[i])
	}
	n := (total + x.cfg.BatchBytes - 1) / x.cfg.BatchBytes
	if n <= 1 {
		return [][]Document{docs}
	}
	target := (total + n - 1) / n
	var parts [][]Document
	start, size := 0, 0
	for i := range docs {
		d := docBytes(&docs[i])
		if i > start && size+d > target {
			parts = append(parts, docs[start:i])
			start, size = i, 0
		}
		size += d
	}
	return append(parts, docs[start:])
}

// journalProgress returns the number of the last journal that batches
// recorded, and how many of its documents are written.
func (x *Index) journalProgress() (seq uint64, n int, err error) {
	v, err := x.bi.GetInternal(journalKey)
	if err != nil || v == nil {
		return 0, 0, err
	}
	s, c, ok := bytes.Cut(v, []byte(" "))
	if ok {
		seq, err = strconv.ParseUint(string(s), 10, 64)
	}
	if ok && err == nil {
		n, err = strconv.Atoi(string(c))
	}
	if !ok || err != nil {
		return 0, 0, fmt.Errorf("index: internal key %s holds %q, not a journal's progress", journalKey, v)
	}
	return seq, n, nil
}

func journalMark(seq uint64, n int) []byte {
	return fmt.Appendf(nil, "%d %d", seq, n)
}

// addJournaled writes docs, of mentions ms, in the batches of parts,
// through a journal on disk. It is called with jmu held.
func (x *Index) addJournaled(docs []Document, ms [][]entity.Mention, parts [][]Document) error {
	onDisk := x.path != ""
	if err := x.finishPending(len(docs)); err != nil {
		return err // a call failed since add looked
	}
	x.jseq++
	j := &journal{Seq: x.jseq, Docs: docs}
	if onDisk {
		if err := x.writeJournal(j); err != nil {
			return fmt.Errorf("index: add %d documents: journal: %w", len(docs), diskError(err))
		}
	}
	written, err := x.writeParts(j, 0, ms, parts)
	switch {
	case !onDisk && err != nil:
		return fmt.Errorf("%w; %d of the %d documents are indexed", err, written, len(docs))
	case !onDisk:
		return nil
	case err == nil:
		// A journal left behind is finished by the next Open: its
		// progress says it is all written.
		x.removeJournal()
		return nil
	case written == 0 && x.removeJournal() == nil:
		return err // nothing of the call is written: as if it never was
	}
	x.pending.Store(true)
	return fmt.Errorf("%w: %d of %d documents indexed, the rest are in the journal: %w", ErrPending, written, len(docs), err)
}

// writeParts writes parts, the documents of j from from on, a batch each,
// recording the progress in each. ms are their mentions, nil to extract
// them here. It returns how many of j's documents are written. The next
// batch is prepared while bleve writes one: its persisting waits on the
// disk, and its segment takes one core.
func (x *Index) writeParts(j *journal, from int, ms [][]entity.Mention, parts [][]Document) (int, error) {
	if len(parts) == 0 {
		return from, nil
	}
	ctx := context.Background()
	next := make(chan prepared, 1)
	start := from
	prepare := func(p []Document) {
		var pms [][]entity.Mention
		if ms != nil {
			pms = ms[start-from : start-from+len(p)]
		}
		start += len(p)
		mark := journalMark(j.Seq, start)
		go func() { next <- x.prepare(ctx, p, pms, mark) }()
	}
	prepare(parts[0])
	written := from
	for i, p := range parts {
		b := <-next
		if i+1 < len(parts) {
			prepare(parts[i+1])
		}
		if err := x.commit(b); err != nil {
			if i+1 < len(parts) {
				<-next
			}
			return written, err
		}
		written += len(p)
	}
	return written, nil
}

// finishPending finishes what a failed call left in the journal, if it
// did, before a call of n documents. It is called with jmu held.
func (x *Index) finishPending(n int) error {
	if !x.pending.Load() {
		return nil
	}
	if err := x.finishJournal(); err != nil {
		return fmt.Errorf("index: add %d documents: an earlier call is not completed: %w", n, diskError(err))
	}
	return nil
}

// openJournal reads the number of the last journal and finishes the one a
// crash left. When writing it fails, the index opens all the same, for
// reads, and the next Add tries again.
func (x *Index) openJournal() error {
	// the temporary file of a journal that a crash cut short
	tmp, _ := filepath.Glob(filepath.Join(x.path, ".tmp-"+journalFile+"-*"))
	for _, f := range tmp {
		os.Remove(f)
	}
	seq, _, err := x.journalProgress()
	if err != nil {
		return err
	}
	x.jseq = seq
	if err := x.finishJournal(); err != nil && !x.pending.Load() {
		return err
	}
	if x.broken.Load() {
		return x.reopen()
	}
	return nil
}

// finishJournal writes what a journal left on disk holds and is not yet
// written, and removes it. It is called with jmu held, or by Open.
func (x *Index) finishJournal() error {
	j, err := x.readJournal()
	if j == nil {
		return err
	}
	seq, n, err := x.journalProgress()
	if err != nil {
		return err
	}
	switch {
	case seq != j.Seq:
		n = 0 // none of it was written
	case n > len(j.Docs):
		return fmt.Errorf("index: journal %d holds %d documents, and %d of them are written", j.Seq, len(j.Docs), n)
	}
	x.jseq = max(x.jseq, j.Seq)
	if _, err := x.writeParts(j, n, nil, x.split(j.Docs[n:])); err != nil {
		x.pending.Store(true)
		return err
	}
	if err := x.removeJournal(); err != nil {
		return err
	}
	x.pending.Store(false)
	return nil
}

func (x *Index) journalPath() string { return filepath.Join(x.path, journalFile) }

func (x *Index) writeJournal(j *journal) error {
	return atomicfile.Write(x.journalPath(), func(w io.Writer) error {
		return gob.NewEncoder(w).Encode(j)
	})
}

// readJournal returns the journal on disk, nil when there is none.
func (x *Index) readJournal() (*journal, error) {
	f, err := os.Open(x.journalPath())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("index: journal: %w", err)
	}
	defer f.Close()
	j := new(journal)
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 1<<16)).Decode(j); err != nil {
		return nil, fmt.Errorf("index: journal %s: %w; it holds a call of Add that cannot be completed: remove the file to open the index without it", x.journalPath(), err)
	}
	return j, nil
}

func (x *Index) removeJournal() error {
	if err := os.Remove(x.journalPath()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("index: remove journal: %w", err)
	}
	return nil
}
