package index

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

const crashDirEnv = "VNSEARCH_CRASH_DIR"

// TestHelperWriter is the child process of TestCrashDurability: it adds
// documents one per call to the index in $VNSEARCH_CRASH_DIR and prints the
// ID of each after Add returned nil, until it is killed.
func TestHelperWriter(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("only run as the child of TestCrashDurability")
	}
	x, err := Open(dir)
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(2)
	}
	ctx := context.Background()
	for i := 0; i < 100000; i++ {
		id := fmt.Sprintf("doc-%05d", i)
		d := Document{ID: id, Title: fmt.Sprintf("Tin số %d từ Hà Nội", i), Body: strings.Repeat("Hàn Quốc và Việt Nam hợp tác. ", 1+i%7)}
		if err := x.Add(ctx, d); err != nil {
			fmt.Println("ERR", err)
			os.Exit(2)
		}
		fmt.Println("ACK", id)
	}
	os.Exit(0)
}

// TestCrashDurability kills a writer with SIGKILL while it adds documents
// and checks that every document whose Add returned nil is in the index
// after reopening it.
func TestCrashDurability(t *testing.T) {
	dir := t.TempDir() + "/idx"
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(30 * time.Second)
	want := 40
read:
	for len(acked) < want {
		select {
		case l, ok := <-lines:
			if !ok {
				break read
			}
			if id, found := strings.CutPrefix(l, "ACK "); found {
				acked = append(acked, id)
			} else if strings.HasPrefix(l, "ERR") {
				t.Fatalf("writer: %s", l)
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
		}
	}
	cmd.Wait()
	if len(acked) == 0 {
		t.Fatal("the writer acknowledged no document")
	}

	x, err := Open(dir)
	if err != nil {
		t.Fatalf("reopen after SIGKILL: %v", err)
	}
	defer x.Close()
	ctx := context.Background()
	for _, id := range acked {
		if _, err := x.Get(ctx, id); err != nil {
			t.Errorf("acknowledged document %s lost: %v", id, err)
		}
	}
	n, _ := x.Count()
	t.Logf("%d documents acknowledged before SIGKILL, %d in the reopened index", len(acked), n)
	if n < uint64(len(acked)) {
		t.Errorf("Count() = %d < %d acknowledged", n, len(acked))
	}
}
