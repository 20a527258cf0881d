package index

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// A write that fails on disk, after bleve has applied its batch in memory,
// leaves bleve's in-memory index broken: bleve closes the batch's segment
// while its snapshot still holds it, so that every later search, get and
// write panics ("assignment to entry in nil map"), and its persister
// retries the write in a busy loop until space comes back. An Index then
// reopens bleve's index from disk, which holds every acknowledged
// document and none of the failed write; and it refuses a write the
// file system has clearly no room for before bleve sees it.

// asyncErrorPause is how long bleve's merger and persister wait after a
// failure before they try again; without it they retry at once, and an
// idle index on a full disk kept more than a core busy.
const asyncErrorPause = 500 * time.Millisecond

// asyncErrorCallback names asyncError in scorch's registry.
const asyncErrorCallback = "vnsearch.pause"

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncErrorCallback] = asyncError
}

// asyncError is called by the merger or the persister after a failed
// merge or write, in its own goroutine.
func asyncError(error, string) { time.Sleep(asyncErrorPause) }

// scorchConfig is the configuration of the on-disk indexes.
func scorchConfig() map[string]any {
	return map[string]any{"asyncErrorCallbackName": asyncErrorCallback}
}

// spareFactor and spareBytes are the free space a write asks for: its
// bytes times spareFactor, for the segment and a merge of it, plus
// spareBytes. Variables for the test of a write that bleve fails.
var (
	spareFactor uint64 = 4
	spareBytes  uint64 = 1 << 20
)

// checkSpace returns an error wrapping ErrNoSpace when the file system of
// an on-disk index has less room than a write of n bytes asks for.
func (x *Index) checkSpace(n int) error {
	if x.path == "" {
		return nil
	}
	free, ok := freeBytes(x.path)
	if need := uint64(n)*spareFactor + spareBytes; ok && free < need {
		return fmt.Errorf("%w (%w): %d bytes free at %s, a write of %d bytes asks for %d", ErrNoSpace, syscall.ENOSPC, free, x.path, n, need)
	}
	return nil
}

// diskError returns err wrapped with ErrNoSpace and syscall.ENOSPC when it
// says the device is full: bleve formats the errors of the file system
// into its own, losing them.
func diskError(err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("%w: %w", ErrNoSpace, err)
	}
	if strings.Contains(err.Error(), syscall.ENOSPC.Error()) {
		return fmt.Errorf("%w (%w): %v", ErrNoSpace, syscall.ENOSPC, err)
	}
	return err
}

// reopen replaces a broken bleve index by the one on disk. When that
// fails too, the Index is closed and the error says why.
func (x *Index) reopen() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed || !x.broken.Load() {
		return nil // closed, or reopened by another call
	}
	x.bi.Close() // its error is the failed write's
	bi, err := bleve.OpenUsing(x.path, scorchConfig())
	if err != nil {
		x.closed = true
		return fmt.Errorf("index: reopen %s after a failed write: %w; the index is closed", x.path, err)
	}
	x.bi = bi
	x.bounds, x.positions = newSearchCaches(x.cfg.SearchCacheBytes)
	x.columns = newColumnCache()
	x.gen.Add(1)
	x.broken.Store(false)
	return nil
}

// recoverBroken turns a panic of a read that raced with a failed write
// into an error, and lets any other panic go on.
func (x *Index) recoverBroken(err *error) {
	if !x.broken.Load() {
		return
	}
	if v := recover(); v != nil {
		*err = fmt.Errorf("index: read during a failed write (%v); retry", v)
	}
}
