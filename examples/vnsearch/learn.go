package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/vnsearch/vnsearch/analyze"
)

const learnDoc = `Learn reads accented documents, as index does (JSON Lines or .txt), and
writes a diacritic restoration model of their titles and bodies to -o: the
syllable trigram counts that "search -restorer" and the server's -restorer
use to restore queries typed without diacritics ("ha noi" is read "hà nội").
Texts without diacritics teach nothing. The same input gives the same file.`

func runLearn(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("learn", learnDoc, stderr)
	out := fs.String("o", "", "model `file` to write (required)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case *out == "":
		return usageError(fs, stderr, "-o is required")
	case fs.NArg() == 0:
		return usageError(fs, stderr, "no input files")
	}
	in := &ingester{model: analyze.NewModel(), batch: 500, stdin: stdin, start: time.Now()}
	in.prog = newProgress(stderr, isTerminal(stderr), totalSize(fs.Args()), &in.added, &in.read)
	err := in.files(ctx, fs.Args())
	in.prog.stop()
	if err == nil {
		_, err = in.model.WriteFile(*out)
	}
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "vnsearch learn: interrupted")
		return exitError
	case err != nil:
		fmt.Fprintf(stderr, "vnsearch learn: %v\n", err)
		return exitError
	}
	fi, _ := os.Stat(*out)
	var size int64
	if fi != nil {
		size = fi.Size()
	}
	n := in.added.Load()
	fmt.Fprintf(stdout, "learned %d %s in %s: %d trigrams, %d bytes in %s\n", n, plural(int(n), "document", "documents"),
		time.Since(in.start).Round(time.Millisecond), in.model.Len(), size, *out)
	if in.skipped > 0 {
		return exitError
	}
	return exitOK
}
