package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/vnsearch/vnsearch/internal/wire"

	"github.com/vnsearch/vnsearch/entity"
)

// maxTextBytes is the largest text the entities command reads.
const maxTextBytes = 64 << 20

const entitiesDoc = `Entities prints the entity mentions of a text, read from FILE or from
standard input: the people, ministries, countries, provinces, resolution and
other legal document numbers, with their canonical IDs and byte offsets.`

func runEntities(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("entities", entitiesDoc, stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return usageError(fs, stderr, "more than one file")
	}
	r, name := stdin, "standard input"
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			fmt.Fprintf(stderr, "vnsearch entities: %v\n", err)
			return exitError
		}
		defer f.Close()
		r, name = f, fs.Arg(0)
	}
	b, err := io.ReadAll(io.LimitReader(r, maxTextBytes+1))
	if err != nil {
		fmt.Fprintf(stderr, "vnsearch entities: read %s: %v\n", name, err)
		return exitError
	}
	if len(b) > maxTextBytes {
		fmt.Fprintf(stderr, "vnsearch entities: %s is longer than %d bytes\n", name, maxTextBytes)
		return exitError
	}
	ext := entity.New()
	ms := ext.Extract(string(b))
	if *asJSON {
		out := wire.Mentions(ext, ms)
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "vnsearch entities: %v\n", err)
			return exitError
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tID\tNAME\tTEXT\tOFFSET")
	for _, m := range ms {
		name := ext.Name(m.Type, m.ID)
		if name == m.ID {
			name = ""
		}
		text := strings.Join(strings.Fields(m.Text), " ")
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d-%d\n", m.Type, m.ID, name, text, m.Start, m.End)
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(stderr, "vnsearch entities: %v\n", err)
		return exitError
	}
	return exitOK
}

// jsonMention is the JSON form of an entity.Mention.
type jsonMention = wire.Mention
