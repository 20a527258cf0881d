package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/vnsearch/vnsearch/internal/wire"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/index"
)

const searchDoc = `Search prints the hits for QUERY, best first, with highlighted fragments.
QUERY takes words, "quoted phrases", -exclusions, prefix* and fuzzy~ words;
with diacritics or without ("han quoc" finds "Hàn Quốc"). An empty QUERY
("") matches every document, useful with filters.

The entity filters take an ID ("KR", "hanoi", "moh", "57-NQ/TW", "Tô Lâm") or
a name the entity extractor recognizes ("Hàn Quốc", "South Korea", "Hà Nội",
"Bộ Y tế"); each can be repeated, and a hit must match all of them.`

// defaultSearchTimeout is the default of search -timeout.
const defaultSearchTimeout = 30 * time.Second

// multiFlag is a flag that can be repeated.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ", ") }

func (m *multiFlag) Set(v string) error {
	*m = append(*m, v)
	return nil
}

// entityFlags are the entity filter flags, in the order of entity.Types.
var entityFlags = []struct {
	name string
	typ  entity.Type
	eg   string
}{
	{"person", entity.Person, `"Tô Lâm"`},
	{"ministry", entity.Ministry, `moh, "Bộ Y tế"`},
	{"country", entity.Country, `KR, "Hàn Quốc"`},
	{"province", entity.Province, `hanoi, "Hà Nội"`},
	{"resolution", entity.Resolution, `57-NQ/TW`},
}

func runSearch(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("search", searchDoc, stderr)
	db := fs.String("db", "", "index `directory` (required)")
	filters := make([]multiFlag, len(entityFlags))
	for i, f := range entityFlags {
		fs.Var(&filters[i], f.name, fmt.Sprintf("only documents mentioning this %s: an `ID` or a name, e.g. %s (repeatable)", strings.ToLower(string(f.typ)), f.eg))
	}
	lang := fs.String("lang", "", "only documents in this `language` (vi or en)")
	since := fs.String("since", "", "only documents published on or after this `date` (YYYY-MM-DD or RFC 3339)")
	until := fs.String("until", "", "only documents published on or before this `date` (YYYY-MM-DD, inclusive, or RFC 3339, exclusive)")
	size := fs.Int("n", 10, fmt.Sprintf("number of hits to show (1-%d)", index.MaxSize))
	from := fs.Int("from", 0, "number of hits to skip")
	after := fs.String("after", "", "show the page after this `cursor` (from a previous page)")
	facets := fs.Bool("facets", false, fmt.Sprintf("also show the most frequent entities among the best %d hits (all of them with -exact)", index.FacetWindow))
	exact := fs.Bool("exact", false, "count every match: an exact total, and facets over all matches (slower on a large index)")
	asJSON := fs.Bool("json", false, "print JSON")
	timeout := fs.Duration("timeout", defaultSearchTimeout, "time limit of the search, opening the index included (0: no limit)")
	restorer := fs.String("restorer", "", "restore the diacritics of a query typed without them with this `model` (from vnsearch learn)")
	learn := fs.Bool("learn", false, "restore the diacritics of a query typed without them with the counts the index learned (index -learn), added to -restorer's")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case *db == "":
		return usageError(fs, stderr, "-db is required")
	case fs.NArg() > 1:
		return usageError(fs, stderr, "more than one query argument: quote the query, or put the flags before it")
	case *size < 1 || *size > index.MaxSize:
		return usageError(fs, stderr, "-n must be between 1 and %d", index.MaxSize)
	case *from < 0:
		return usageError(fs, stderr, "-from must not be negative")
	case *from > 0 && *after != "":
		return usageError(fs, stderr, "-from and -after cannot be used together")
	case *timeout < 0:
		return usageError(fs, stderr, "-timeout must not be negative")
	}
	ctx, cancel := withTimeout(ctx, *timeout)
	defer cancel()
	req := index.Request{Query: fs.Arg(0), Size: *size, From: *from, After: *after, Lang: *lang, Highlight: true}
	var err error
	if req.Since, req.Until, err = parseRange(*since, *until); err != nil {
		return usageError(fs, stderr, "%v", err)
	}
	// The index resolves names and IDs of any spelling, and rejects
	// those it cannot resolve.
	for i, f := range entityFlags {
		for _, v := range filters[i] {
			if strings.TrimSpace(v) == "" {
				return usageError(fs, stderr, "empty -%s", f.name)
			}
			req.Entities = append(req.Entities, index.Entity{Type: f.typ, ID: v})
		}
	}
	if *facets {
		req.Facets = entity.Types
	}
	req.Exact = *exact

	if _, err := os.Stat(*db); err != nil {
		fmt.Fprintf(stderr, "vnsearch search: no index: %v\n", err)
		return exitError
	}
	opts := []index.Option{func(c *index.Config) { c.Learn = *learn }}
	if *restorer != "" {
		m, err := analyze.ReadModelFile(*restorer)
		if err != nil {
			fmt.Fprintf(stderr, "vnsearch search: %v\n", err)
			return exitError
		}
		opts = append(opts, index.WithRestorer(m))
	}
	idx, err := openIndex(ctx, *db, stderr, true, opts...)
	if err == nil {
		defer idx.Close()
	}
	var res *index.Result
	if err == nil {
		res, err = idx.Search(ctx, req)
	}
	if errors.Is(err, context.DeadlineExceeded) && *timeout > 0 {
		fmt.Fprintf(stderr, "vnsearch search: %v (-timeout %v)\n", err, *timeout)
		return exitError
	}
	if err != nil {
		fmt.Fprintf(stderr, "vnsearch search: %v\n", err)
		if errors.Is(err, index.ErrInvalidRequest) {
			return exitUsage
		}
		return exitError
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(newJSONResult(res)); err != nil {
			fmt.Fprintf(stderr, "vnsearch search: %v\n", err)
			return exitError
		}
		return exitOK
	}
	printResult(stdout, isTerminal(stdout), req, res)
	return exitOK
}

// parseRange parses the -since and -until flags. A date-only until
// includes that whole day.
func parseRange(since, until string) (s, u time.Time, err error) {
	if since != "" {
		if s, err = parseTime(since); err != nil {
			return s, u, fmt.Errorf("-since: %w", err)
		}
	}
	if until != "" {
		if u, err = parseTime(until); err != nil {
			return s, u, fmt.Errorf("-until: %w", err)
		}
		if _, derr := time.Parse(time.RFC3339Nano, strings.TrimSpace(until)); derr != nil {
			u = u.AddDate(0, 0, 1) // a date: include the day
		}
	}
	if !s.IsZero() && !u.IsZero() && !s.Before(u) {
		return s, u, fmt.Errorf("-since %s is not before -until %s", since, until)
	}
	return s, u, nil
}

// Terminal attributes for highlighted words.
const (
	markOn  = "\x1b[1;7m"
	markOff = "\x1b[0m"
)

// printResult prints res as text. On a terminal the matched words are
// bold and reversed; otherwise they stay marked by <mark>…</mark>.
func printResult(w io.Writer, tty bool, req index.Request, res *index.Result) {
	shown := ""
	if len(res.Hits) > 0 {
		shown = fmt.Sprintf(", %d-%d shown", req.From+1, req.From+len(res.Hits))
	}
	atLeast := ""
	if !res.TotalExact {
		atLeast = "at least "
	}
	if res.Reading != "" {
		fmt.Fprintf(w, "showing results for: %s\n", res.Reading)
	}
	fmt.Fprintf(w, "%s%d %s%s (%s)\n", atLeast, res.Total, plural(int(min(res.Total, 2)), "hit", "hits"), shown, res.Took.Round(time.Microsecond))
	for i, h := range res.Hits {
		title := h.Title
		if f := h.Highlights["title"]; len(f) > 0 {
			title = fragment(f[0], tty)
		}
		fmt.Fprintf(w, "\n%d. %s\n", req.From+i+1, title)
		meta := []string{h.ID}
		if h.Lang != "" {
			meta = append(meta, h.Lang)
		}
		if !h.Published.IsZero() {
			meta = append(meta, h.Published.Format(time.DateOnly))
		}
		meta = append(meta, "score "+strconv.FormatFloat(h.Score, 'f', 3, 64))
		fmt.Fprintf(w, "   %s\n", strings.Join(meta, " · "))
		if h.URL != "" {
			fmt.Fprintf(w, "   %s\n", h.URL)
		}
		for j, f := range h.Highlights["body"] {
			if j == 2 {
				break
			}
			fmt.Fprintf(w, "   %s\n", fragment(f, tty))
		}
		if len(h.Entities) > 0 {
			fmt.Fprintf(w, "   %s\n", entityList(h.Entities))
		}
	}
	for _, t := range req.Facets {
		vals := res.Facets[t]
		if len(vals) == 0 {
			continue
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = fmt.Sprintf("%s %d", displayName(v.ID, v.Name), v.Count)
		}
		fmt.Fprintf(w, "\n%s: %s", t, strings.Join(parts, ", "))
	}
	if len(req.Facets) > 0 {
		fmt.Fprintln(w)
	}
	if res.Next != "" {
		fmt.Fprintf(w, "\nnext page: -from %d, or -after %s\n", req.From+len(res.Hits), res.Next)
	}
}

// fragment turns a highlighted HTML fragment into display text on one line.
func fragment(f string, tty bool) string {
	if tty {
		f = strings.ReplaceAll(strings.ReplaceAll(f, "<mark>", markOn), "</mark>", markOff)
	}
	return strings.Join(strings.Fields(html.UnescapeString(f)), " ")
}

// entityList formats entities as "COUNTRY Hàn Quốc (KR), …".
func entityList(es []index.Entity) string {
	var b strings.Builder
	var last entity.Type
	for i, e := range es {
		switch {
		case i == 0:
		case e.Type == last:
			b.WriteString(", ")
		default:
			b.WriteString("; ")
		}
		if e.Type != last {
			b.WriteString(string(e.Type) + " ")
			last = e.Type
		}
		b.WriteString(displayName(e.ID, e.Name))
	}
	return b.String()
}

func displayName(id, name string) string {
	if name == "" || name == id {
		return id
	}
	return name + " (" + id + ")"
}

// The JSON forms of results, shared with the other example program.
type (
	jsonResult = wire.Result
	jsonEntity = wire.Entity
)

var newJSONResult = wire.NewResult

var _ flag.Value = (*multiFlag)(nil)
