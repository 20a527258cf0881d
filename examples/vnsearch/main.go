// Command vnsearch indexes and searches Vietnamese and English news from the
// command line, and shows the entities of a text.
//
// Usage:
//
//	vnsearch index -db DIR [-batch 500] FILE...
//	vnsearch search -db DIR [filters] [-n 10] [-from 0] [-after CURSOR] [-json] QUERY
//	vnsearch entities [-json] [FILE]
//	vnsearch learn -o MODEL FILE...
//
// index reads JSON Lines files, one document a line with the fields of
// index.Document ({"id", "title", "body", "lang", "url", "published"}), or
// the Dân Trí corpus format, where the body is "text" and the date "date"
// (YYYYMMDD). A .txt file is one document: its first line is the title, the
// rest the body, and its name without extension the ID. "-" reads JSON Lines
// from standard input. Lines that cannot be read or indexed are reported with
// their file and line number and skipped; the rest is indexed in batches. A
// line whose strings hold bytes that are not UTF-8, or unpaired surrogate
// escapes ("\ud800"), is one of them, named with the field; a byte order
// mark before the first line is skipped. On a terminal a progress bar shows
// the rate in documents per second.
//
// search prints the ranked hits with highlighted fragments, or JSON with
// -json. The filters -country, -person, -ministry, -province and -resolution
// take an entity ID ("KR", "hanoi", "moh", "57-NQ/TW") or a name the entity
// extractor recognizes ("Hàn Quốc", "Hà Nội", "Bộ Y tế") and can be repeated;
// -lang, -since and -until restrict language and publication date
// (YYYY-MM-DD, -until inclusive, or RFC 3339). A search gives up after
// -timeout (30s by default), and index stops after its -timeout when given.
//
// learn writes a diacritic restoration model of accented documents (read as
// index reads them); search -restorer MODEL restores the queries typed
// without diacritics with it, shows the reading it used, and ranks the
// hits of that reading first.
//
// entities prints the people, ministries, countries, provinces and resolution
// numbers of a text read from FILE or standard input, as a table or JSON.
//
// The exit status is 0 on success, 1 on an error or when index skipped any
// input, and 2 for a usage error. Run "vnsearch COMMAND -h" for the flags of a
// command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/vnsearch/vnsearch/index"
)

// Exit statuses of run.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand of vnsearch.
type command struct {
	name, args, summary string
	run                 func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands lists the subcommands; init fills it, since their Usage
// functions refer back to it.
var commands []command

func init() {
	commands = []command{
		{"index", "-db DIR [flags] FILE...", "add JSON Lines or .txt documents to an index", runIndex},
		{"search", "-db DIR [flags] QUERY", "search an index", runSearch},
		{"entities", "[-json] [FILE]", "print the entities of a text (standard input by default)", runEntities},
		{"learn", "-o FILE FILE...", "write a diacritic restoration model of accented documents", runLearn},
	}
}

// run runs the vnsearch command line args (without the program name) and
// returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "vnsearch: missing command")
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "vnsearch: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: vnsearch COMMAND [flags] [args]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"vnsearch COMMAND -h\" for the flags of a command.")
}

// newFlagSet returns the flag set of the named command, with a Usage that
// shows the command line, doc, the flags and the list of commands.
func newFlagSet(name, doc string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("vnsearch "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		w := fs.Output()
		for _, c := range commands {
			if c.name == name {
				fmt.Fprintf(w, "Usage: vnsearch %s %s\n\n", c.name, c.args)
			}
		}
		fmt.Fprintf(w, "%s\n\nFlags:\n", doc)
		fs.PrintDefaults()
		fmt.Fprintln(w)
		usage(w)
	}
	return fs
}

// parseFlags parses args with fs. It returns the exit status to end with,
// and ok == false, when the command should not go on: -h or a bad flag.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false // the flag package has printed the error and usage
	}
	return 0, true
}

// usageError reports a usage error of the command of fs and returns
// exitUsage.
func usageError(fs *flag.FlagSet, stderr io.Writer, format string, a ...any) int {
	fmt.Fprintf(stderr, "%s: %s\n", fs.Name(), fmt.Sprintf(format, a...))
	fmt.Fprintf(stderr, "Run \"%s -h\" for usage.\n", fs.Name())
	return exitUsage
}

// withTimeout returns ctx with a deadline d from now, the -timeout of a
// command; ctx itself when d is 0.
func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d == 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, d)
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// lockHint is how long openIndex waits before it says why it is waiting.
var lockHint = 2 * time.Second

// abandoned tracks the opens that openIndex gave up on; each closes its
// index once index.Open returns.
var abandoned sync.WaitGroup

// openIndex opens the index in dir, read-only with readOnly. A writer has
// an index to itself, and readers share it only with readers: index.Open
// waits for the others to close it, and openIndex retries
// index.OpenReadOnly while a writer has it. It says so on stderr when the
// wait is long, and gives up when ctx is done.
func openIndex(ctx context.Context, dir string, stderr io.Writer, readOnly bool, opts ...index.Option) (*index.Index, error) {
	type opened struct {
		idx *index.Index
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		for {
			open := index.Open
			if readOnly {
				open = index.OpenReadOnly
			}
			idx, err := open(dir, opts...)
			if errors.Is(err, index.ErrLocked) && ctx.Err() == nil {
				continue // OpenReadOnly has waited a while
			}
			ch <- opened{idx, err}
			return
		}
	}()
	hint := time.NewTimer(lockHint)
	defer hint.Stop()
	for {
		select {
		case o := <-ch:
			return o.idx, o.err
		case <-hint.C:
			fmt.Fprintf(stderr, "vnsearch: waiting for %s: another process has the index open\n", dir)
		case <-ctx.Done():
			abandoned.Go(func() {
				if o := <-ch; o.err == nil {
					o.idx.Close()
				}
			})
			return nil, fmt.Errorf("open %s: %w", dir, ctx.Err())
		}
	}
}
