package index

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	crashDirEnv   = "VNSEARCH_CRASH_DIR"
	crashModeEnv  = "VNSEARCH_CRASH_MODE"
	crashLearnEnv = "VNSEARCH_CRASH_LEARN" // "1": the index learns (Config.Learn)

	// crashModeBatch makes the writer add crashBatchLead documents one by
	// one, print "BATCH", then add crashBatchSize documents in one call.
	crashModeBatch = "batch"
	crashBatchLead = 3
	crashBatchSize = 3000

	// crashModeJournal is crashModeBatch with Config.BatchBytes of
	// crashJournalBatch: the large call is written in some thirty
	// batches through a journal, and the writer is killed once the
	// journal is on disk.
	crashModeJournal  = "journal"
	crashJournalBatch = 16 << 10
)

func crashDoc(i int) Document {
	return Document{ID: fmt.Sprintf("doc-%05d", i), Title: fmt.Sprintf("Tin số %d từ Hà Nội", i), Body: strings.Repeat("Hàn Quốc và Việt Nam hợp tác. ", 1+i%7)}
}

func crashBatchID(i int) string { return fmt.Sprintf("batch-%05d", i) }

// TestHelperWriter is the child process of the crash tests: it adds
// documents one per call to the index in $VNSEARCH_CRASH_DIR and prints the
// ID of each after Add returned nil, until it is killed. In
// crashModeBatch it adds a large batch after crashBatchLead documents.
func TestHelperWriter(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("only run as the child of the crash tests")
	}
	mode := os.Getenv(crashModeEnv)
	x, err := Open(dir, func(c *Config) {
		c.Learn = os.Getenv(crashLearnEnv) == "1"
		if mode == crashModeJournal {
			c.BatchBytes = crashJournalBatch
		}
	})
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(2)
	}
	ctx := context.Background()
	for i := 0; i < 100000; i++ {
		if (mode == crashModeBatch || mode == crashModeJournal) && i == crashBatchLead {
			docs := make([]Document, crashBatchSize)
			for j := range docs {
				docs[j] = crashDoc(j)
				docs[j].ID = crashBatchID(j)
			}
			fmt.Println("BATCH")
			if err := x.Add(ctx, docs...); err != nil {
				fmt.Println("ERR", err)
				os.Exit(2)
			}
			for _, d := range docs {
				fmt.Println("ACK", d.ID)
			}
		}
		d := crashDoc(i)
		if err := x.Add(ctx, d); err != nil {
			fmt.Println("ERR", err)
			os.Exit(2)
		}
		fmt.Println("ACK", d.ID)
	}
	os.Exit(0)
}

// runCrashWriter starts TestHelperWriter on dir in mode, learning or
// not, SIGKILLs it once it has acknowledged killAfter documents (in
// crashModeBatch: as soon as the batch is in flight, after the lead; in
// crashModeJournal: once its journal is on disk) and
// returns the IDs it acknowledged and the other lines it printed.
func runCrashWriter(t *testing.T, dir, mode string, learn bool, killAfter int) (acked, other []string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashModeEnv+"="+mode, fmt.Sprintf("%s=%d", crashLearnEnv, b2i(learn)))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(30 * time.Second)
read:
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				break read
			}
			if id, found := strings.CutPrefix(l, "ACK "); found {
				acked = append(acked, id)
				if mode == "" && len(acked) >= killAfter {
					break read
				}
				continue
			}
			if strings.HasPrefix(l, "ERR") {
				cmd.Process.Kill()
				t.Fatalf("writer: %s", l)
			}
			other = append(other, l)
			if l == "BATCH" && mode == crashModeJournal {
				// the call is committed once its journal is there
				for wait := time.Now(); !exists(filepath.Join(dir, journalFile)); time.Sleep(time.Millisecond) {
					if time.Since(wait) > 10*time.Second {
						cmd.Process.Kill()
						t.Fatal("the writer wrote no journal in 10 s")
					}
				}
				break read
			}
			if l == "BATCH" {
				// let the batch get under way: analysis, then the write
				time.Sleep(20 * time.Millisecond)
				break read
			}
		case <-deadline:
			break read
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Lines printed before the kill are acknowledged too.
	for l := range lines {
		if id, found := strings.CutPrefix(l, "ACK "); found {
			acked = append(acked, id)
		} else {
			other = append(other, l)
		}
	}
	cmd.Wait()
	if len(acked) == 0 {
		t.Fatal("the writer acknowledged no document")
	}
	return acked, other
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// checkAcked reopens the index in dir after a crash and checks that it
// holds every acknowledged document and, when it learns, their
// restoration counts. It returns the open index.
func checkAcked(t *testing.T, dir string, learn bool, acked []string) *Index {
	t.Helper()
	x, err := Open(dir, func(c *Config) { c.Learn = learn })
	if err != nil {
		t.Fatalf("reopen after SIGKILL: %v", err)
	}
	ctx := context.Background()
	seen := map[string]uint64{} // acknowledged documents by the words of their title
	for _, id := range acked {
		if _, err := x.Get(ctx, id); err != nil {
			t.Errorf("acknowledged document %s lost: %v", id, err)
		}
		_, num, _ := strings.Cut(id, "-")
		n, _ := strconv.Atoi(num)
		seen[fmt.Sprintf("số %d từ", n)]++ // the title of crashDoc(n)
	}
	if learn {
		lost := 0
		for words, n := range seen {
			if got := x.learn.model.Count(words); got < n {
				lost++
				if lost <= 5 {
					t.Errorf("%q counted %d times after reopening; %d acknowledged documents hold it", words, got, n)
				}
			}
		}
		if lost > 0 {
			t.Errorf("the counts of %d titles of acknowledged documents are lost", lost)
		}
	}
	n, err := x.Count()
	if err != nil {
		t.Fatalf("Count after reopening: %v", err)
	}
	t.Logf("%d documents acknowledged before SIGKILL, %d in the reopened index", len(acked), n)
	if n < uint64(len(acked)) {
		t.Errorf("Count() = %d < %d acknowledged", n, len(acked))
	}
	if _, err := x.Search(ctx, Request{Query: "hà nội"}); err != nil {
		t.Errorf("Search after reopening: %v", err)
	}
	return x
}

// TestCrashDurability kills a writer with SIGKILL while it adds documents
// and checks that every document whose Add returned nil is in the index
// after reopening it. TestCrashDurabilityPoints does the same, at more
// points and with an index that learns.
func TestCrashDurability(t *testing.T) {
	dir := t.TempDir() + "/idx"
	acked, _ := runCrashWriter(t, dir, "", false, 40)
	x := checkAcked(t, dir, false, acked)
	x.Close()
}
