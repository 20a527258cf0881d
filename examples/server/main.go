// Command server is a small HTTP JSON service over an on-disk vnsearch index.
//
// Usage:
//
//	server -db DIR [-addr 127.0.0.1:8080] [-timeout 10s] [-max-body 8388608] [-write-budget 16777216]
//
// The index in DIR is created when absent. The server listens on the
// loopback interface unless -addr says otherwise (":8080" for every
// interface). When the environment variable VNSEARCH_TOKEN is set,
// POST /documents requires it as a bearer token ("Authorization: Bearer
// TOKEN", 401 without it); when it is not, the server logs at start that
// writes are open. With -read-only the index is opened for searching only
// (index.OpenReadOnly), also on read-only media, and POST /documents is a
// 403. With -restorer MODEL (written by vnsearch learn), or -learn (the
// index learns the counts from the documents it indexes), a query typed
// without diacritics is restored: its likeliest reading ranks first, and
// the answer's "reading" names it. Endpoints:
//
//	POST /documents        add a JSON array of documents, all or none:
//	                       [{"id", "title", "body", "lang", "url",
//	                         "published": RFC 3339 or YYYY-MM-DD, "entities": [{"type", "id"}]}]
//	                       → {"indexed": N}; 400 naming the bad document
//	GET  /documents/{id}   one document with its entities; 404 when absent
//	GET  /search           q, country, ministry, person, province,
//	                       resolution (entity IDs or names, repeatable),
//	                       lang, since, until (YYYY-MM-DD, until inclusive,
//	                       or RFC 3339), size, from, after (the cursor
//	                       "next" of the previous page), exact (true:
//	                       count every match, facets over all of them)
//	                       → {"total", "total_relation" ("eq", or "gte"
//	                         when total is a lower bound), "took_ms",
//	                         "hits": [{"id", "score",
//	                         "title", "url", "lang", "published",
//	                         "entities", "highlights"}], "facets", "next"}
//	GET  /entities?text=   the entity mentions of a text
//	POST /entities         the same for the text in the body
//
// A document's strings must be valid UTF-8: bytes that are not, and
// unpaired surrogate escapes ("\ud800"), are a 400 naming the document and
// the field, and nothing of the request is indexed. A byte order mark
// before the array is skipped. IDs are at most 512 bytes (index.MaxIDBytes)
// and may hold any character; GET /documents/{id} takes the rest of the
// path as the ID, "/../" and "//" included.
//
// Errors are JSON, {"error": "..."}, with status 400 for a bad request,
// 401 for a write without the token, 403 for a write to a read-only
// index, 404, 405, 413 for a body over the limit, 500, 503 when the index
// is closed, the request timed out or the writes in progress fill
// -write-budget (with Retry-After), and 507 when the index's disk is full
// (searches go on; writes succeed again once there is room). The log keeps
// at most the first 200 bytes of an error. The server shuts down
// gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/index"
)

// tokenEnv is the environment variable that holds the write token.
const tokenEnv = "VNSEARCH_TOKEN"

// shutdownTimeout bounds the wait for requests in flight at shutdown.
const shutdownTimeout = 15 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stderr)
	stop()
	os.Exit(code)
}

// run serves until ctx is done and returns the exit status.
func run(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "", "index `directory` (created when absent; required)")
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (\":8080\": every interface)")
	timeout := fs.Duration("timeout", DefaultTimeout, "time limit of each request")
	maxBody := fs.Int64("max-body", DefaultMaxBodyBytes, "largest POST /documents body, in `bytes`")
	restorer := fs.String("restorer", "", "restore the diacritics of queries typed without them with this `model` (from vnsearch learn)")
	learn := fs.Bool("learn", false, "learn diacritic restoration counts from the documents indexed, keep them with the index and restore queries with them (index.Config.Learn)")
	readOnly := fs.Bool("read-only", false, "open the index read-only (it must exist): search and get only, for read-only media; not beside a writer")
	budget := fs.Int64("write-budget", DefaultWriteBudgetBytes, "`bytes` of POST /documents bodies in progress at once; a write past it is a 503")
	batch := fs.Int("batch", DefaultBatchBytes, "`bytes` of text indexed in one batch: more is faster and takes more memory (index.Config.BatchBytes)")
	maxDoc := fs.Int("max-doc", DefaultMaxDocumentBytes, "largest document, in `bytes` (index.Config.MaxDocumentBytes)")
	analysis := fs.Int64("analysis", DefaultAnalysisBytes, "`bytes` of text the writes in progress analyse at once, at about 110 times their size in memory")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: server -db DIR [-addr 127.0.0.1:8080] [-timeout 10s] [-max-body BYTES]\n\nServes a vnsearch index over HTTP: POST /documents, GET /documents/{id},\nGET /search, GET and POST /entities. With "+tokenEnv+" set, POST /documents\nrequires it as a bearer token.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	switch {
	case *db == "":
		fmt.Fprintln(stderr, "server: -db is required")
		return 2
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "server: unexpected arguments %q\n", fs.Args())
		return 2
	case *timeout <= 0 || *maxBody <= 0 || *budget <= 0 || *batch <= 0 || *maxDoc <= 0 || *analysis <= 0:
		fmt.Fprintln(stderr, "server: -timeout, -max-body, -write-budget, -batch, -max-doc and -analysis must be positive")
		return 2
	case *maxBody > *budget:
		fmt.Fprintln(stderr, "server: -max-body must not exceed -write-budget")
		return 2
	}
	logger := log.New(stderr, "server: ", log.LstdFlags)
	cfg := Config{MaxBodyBytes: *maxBody, WriteBudgetBytes: *budget, AnalysisBytes: *analysis, Timeout: *timeout, ErrorLog: logger, WriteToken: os.Getenv(tokenEnv)}
	if cfg.WriteToken == "" && !*readOnly {
		logger.Printf("writes are open: POST /documents needs no token; set %s to require one", tokenEnv)
	}
	opts := []index.Option{index.WithBatchBytes(*batch), index.WithMaxDocumentBytes(*maxDoc), func(c *index.Config) { c.Learn = *learn }}
	if *restorer != "" {
		m, err := analyze.ReadModelFile(*restorer)
		if err != nil {
			logger.Print(err)
			return 1
		}
		opts = append(opts, index.WithRestorer(m))
	}
	if err := serve(ctx, *db, *addr, *readOnly, cfg, logger, opts...); err != nil {
		logger.Print(err)
		return 1
	}
	return 0
}

// serve opens the index at db and serves it on addr until ctx is done, then
// shuts down and closes the index.
func serve(ctx context.Context, db, addr string, readOnly bool, cfg Config, logger *log.Logger, opts ...index.Option) (err error) {
	var idx *index.Index
	if readOnly {
		idx, err = index.OpenReadOnly(db, opts...)
	} else {
		idx, err = openIndex(ctx, db, logger, opts...)
	}
	if err != nil {
		return err
	}
	defer func() {
		if cerr := idx.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           NewServer(idx, cfg),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       cfg.Timeout + time.Minute,
		WriteTimeout:      cfg.Timeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          logger,
	}
	logger.Printf("serving %s on http://%s", db, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Print("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// openIndex opens the index in dir. Only one process at a time can have an
// index open, and index.Open waits for the other one to close it: openIndex
// logs why it waits when the wait is long, and gives up when ctx is done.
func openIndex(ctx context.Context, dir string, logger *log.Logger, opts ...index.Option) (*index.Index, error) {
	type opened struct {
		idx *index.Index
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		idx, err := index.Open(dir, opts...)
		ch <- opened{idx, err}
	}()
	hint := time.NewTimer(2 * time.Second)
	defer hint.Stop()
	for {
		select {
		case o := <-ch:
			return o.idx, o.err
		case <-hint.C:
			logger.Printf("waiting for %s: another process has the index open", dir)
		case <-ctx.Done():
			return nil, fmt.Errorf("open %s: %w", dir, ctx.Err())
		}
	}
}
