package entity

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vnsearch/vnsearch/internal/dataset"

	"github.com/vnsearch/vnsearch/analyze"
	"golang.org/x/text/unicode/norm"
)

// goldPara is one labelled paragraph.
type goldPara struct {
	Doc      string `json:"doc"`
	Text     string `json:"text"`
	Entities []struct {
		Type  string `json:"type"`
		Start int    `json:"start"`
		End   int    `json:"end"`
		Text  string `json:"text"`
		ID    string `json:"id"`
	} `json:"entities"`
}

func (p goldPara) mentions() []Mention {
	var ms []Mention
	for _, e := range p.Entities {
		ms = append(ms, Mention{Type: Type(e.Type), Start: e.Start, End: e.End, Text: e.Text, ID: e.ID})
	}
	return ms
}

func readGold(t *testing.T, path string) []goldPara {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ps []goldPara
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var p goldPara
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		ps = append(ps, p)
	}
	return ps
}

// markupRE finds "[text]{TYPE:ID}" labels in the project's own gold files.
var markupRE = regexp.MustCompile(`\[([^\[\]]+)\]\{([A-Z]+):([^{}]+)\}`)

// readMarkup reads testdata gold: one paragraph a line, "## doc" lines
// starting a document, labels written as [text]{TYPE:ID}.
func readMarkup(t *testing.T, path string) []goldPara {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ps []goldPara
	doc := ""
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "## ") {
			doc = strings.TrimPrefix(line, "## ")
			continue
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := goldPara{Doc: doc}
		var sb strings.Builder
		last := 0
		for _, m := range markupRE.FindAllStringSubmatchIndex(line, -1) {
			sb.WriteString(line[last:m[0]])
			start := sb.Len()
			sb.WriteString(line[m[2]:m[3]])
			p.Entities = append(p.Entities, struct {
				Type  string `json:"type"`
				Start int    `json:"start"`
				End   int    `json:"end"`
				Text  string `json:"text"`
				ID    string `json:"id"`
			}{line[m[4]:m[5]], start, sb.Len(), line[m[2]:m[3]], line[m[6]:m[7]]})
			last = m[1]
		}
		sb.WriteString(line[last:])
		p.Text = sb.String()
		ps = append(ps, p)
	}
	return ps
}

// normID normalizes an ID for comparison as spec/ENTITIES.md "Scoring" says.
func normID(t Type, id string) string {
	id = strings.ToLower(norm.NFC.String(id))
	switch t {
	case Person, Province:
		return strings.Join(strings.Fields(analyze.Fold(id)), " ")
	case Ministry:
		if strings.Contains(id, ":") {
			return strings.Join(strings.Fields(analyze.Fold(id)), " ")
		}
		return id
	case Resolution, Document:
		id = strings.ReplaceAll(id, "tư", "tw")
		id = strings.ReplaceAll(id, "tư", "tw")
		id = strings.NewReplacer(" ", "", "-", "", "/", "", ".", "", "đ", "d").Replace(id)
		return id
	}
	return id
}

// score counts true positives, predictions and gold mentions per type.
type score struct{ tp, pred, gold map[Type]int }

func newScore() *score {
	return &score{tp: map[Type]int{}, pred: map[Type]int{}, gold: map[Type]int{}}
}

// add scores the predictions of one paragraph against its gold mentions.
func (s *score) add(pred, gold []Mention) (fp, fn []Mention) {
	used := make([]bool, len(gold))
	for _, p := range pred {
		s.pred[p.Type]++
		hit := false
		for i, g := range gold {
			if !used[i] && g.Type == p.Type && p.Start < g.End && g.Start < p.End && normID(g.Type, g.ID) == normID(p.Type, p.ID) {
				used[i] = true
				hit = true
				s.tp[p.Type]++
				break
			}
		}
		if !hit {
			fp = append(fp, p)
		}
	}
	for i, g := range gold {
		s.gold[g.Type]++
		if !used[i] {
			fn = append(fn, g)
		}
	}
	return fp, fn
}

var headline = []Type{Person, Ministry, Country, Province, Resolution}

func prf(tp, pred, gold int) (p, r, f float64) {
	if pred > 0 {
		p = float64(tp) / float64(pred)
	}
	if gold > 0 {
		r = float64(tp) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

// micro returns the micro-averaged F1 over the headline types.
func (s *score) micro() float64 {
	tp, pred, gold := 0, 0, 0
	for _, t := range headline {
		tp += s.tp[t]
		pred += s.pred[t]
		gold += s.gold[t]
	}
	_, _, f := prf(tp, pred, gold)
	return f
}

func (s *score) f1(t Type) float64 {
	_, _, f := prf(s.tp[t], s.pred[t], s.gold[t])
	return f
}

func (s *score) table(title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%-11s %5s %5s %5s %6s %6s %6s\n", title, "type", "tp", "pred", "gold", "P", "R", "F1")
	tp, pred, gold := 0, 0, 0
	for _, t := range append(append([]Type{}, headline...), Document) {
		p, r, f := prf(s.tp[t], s.pred[t], s.gold[t])
		fmt.Fprintf(&b, "%-11s %5d %5d %5d %6.3f %6.3f %6.3f\n", t, s.tp[t], s.pred[t], s.gold[t], p, r, f)
		if t != Document {
			tp += s.tp[t]
			pred += s.pred[t]
			gold += s.gold[t]
		}
	}
	p, r, f := prf(tp, pred, gold)
	fmt.Fprintf(&b, "%-11s %5d %5d %5d %6.3f %6.3f %6.3f\n", "micro(5)", tp, pred, gold, p, r, f)
	return b.String()
}

// foldPara removes diacritics from a paragraph and remaps its gold offsets.
func foldPara(p goldPara) goldPara {
	var sb strings.Builder
	off := make([]int, len(p.Text)+1)
	for i := 0; i < len(p.Text); {
		_, n := utf8.DecodeRuneInString(p.Text[i:])
		for k := 0; k < n; k++ {
			off[i+k] = sb.Len()
		}
		sb.WriteString(analyze.Fold(p.Text[i : i+n]))
		i += n
	}
	off[len(p.Text)] = sb.Len()
	q := goldPara{Doc: p.Doc, Text: sb.String()}
	for _, e := range p.Entities {
		e.Start, e.End = off[e.Start], off[e.End]
		e.Text = q.Text[e.Start:e.End]
		q.Entities = append(q.Entities, e)
	}
	return q
}

// evaluate extracts each document (its paragraphs joined by blank lines)
// and scores the mentions per paragraph.
func evaluate(t *testing.T, ex *Extractor, ps []goldPara, verbose bool) *score {
	s := newScore()
	for i := 0; i < len(ps); {
		j := i
		var sb strings.Builder
		var starts []int
		for j < len(ps) && ps[j].Doc == ps[i].Doc {
			if j > i {
				sb.WriteString("\n\n")
			}
			starts = append(starts, sb.Len())
			sb.WriteString(ps[j].Text)
			j++
		}
		text := sb.String()
		ms := ex.Extract(text)
		for k := i; k < j; k++ {
			lo := starts[k-i]
			hi := lo + len(ps[k].Text)
			var pred []Mention
			for _, m := range ms {
				if m.Type != "" && m.Start >= lo && m.End <= hi {
					m.Start -= lo
					m.End -= lo
					pred = append(pred, m)
				}
			}
			fp, fn := s.add(pred, ps[k].mentions())
			if verbose {
				for _, m := range fp {
					t.Logf("FP %s %s %q id=%q | %s", ps[k].Doc, m.Type, m.Text, m.ID, clip(ps[k].Text, m.Start, m.End))
				}
				for _, m := range fn {
					t.Logf("FN %s %s %q id=%q | %s", ps[k].Doc, m.Type, m.Text, m.ID, clip(ps[k].Text, m.Start, m.End))
				}
			}
		}
		i = j
	}
	return s
}

func clip(s string, a, b int) string {
	lo, hi := max(0, a-40), min(len(s), b+40)
	for lo > 0 && !utf8.RuneStart(s[lo]) {
		lo--
	}
	for hi < len(s) && !utf8.RuneStart(s[hi]) {
		hi++
	}
	return strings.ReplaceAll(s[lo:hi], "\n", " ")
}

// TestGoldShared scores Extract on the shared gold files, as given and with
// diacritics removed, and prints a per-type table (go test -run Gold -v).
// ENTITY_GOLD_VERBOSE=1 also logs every error (=fold: the folded ones too).
func TestGoldShared(t *testing.T) {
	dir := dataset.Dir()
	if dir == "" {
		t.Skip("shared data not found; set VNSEARCH_DATA")
	}
	var ps []goldPara
	for _, f := range []string{"entities_seeds.jsonl", "entities_dantri_dev.jsonl"} {
		p := filepath.Join(dir, "gold", f)
		if _, err := os.Stat(p); err != nil {
			t.Skipf("no gold file %s", p)
		}
		ps = append(ps, readGold(t, p)...)
	}
	ex := New()
	verbose := os.Getenv("ENTITY_GOLD_VERBOSE") != ""
	given := evaluate(t, ex, ps, verbose)
	var folded []goldPara
	for _, p := range ps {
		folded = append(folded, foldPara(p))
	}
	fold := evaluate(t, ex, folded, verbose && os.Getenv("ENTITY_GOLD_VERBOSE") == "fold")
	t.Log("\n" + given.table("shared gold, text as given") + "\n" + fold.table("shared gold, diacritics removed"))
	checkFloors(t, "as given", given, goldFloors{micro: 0.97, perType: 0.90})
	checkFloors(t, "folded", fold, goldFloors{micro: 0.95, perType: 0.85})
}

type goldFloors struct{ micro, perType float64 }

func checkFloors(t *testing.T, name string, s *score, fl goldFloors) {
	t.Helper()
	if m := s.micro(); m < fl.micro {
		t.Errorf("%s: micro F1 = %.3f; want >= %.3f", name, m, fl.micro)
	}
	if fl.perType > 0 {
		for _, ty := range headline {
			if s.gold[ty] > 0 && s.f1(ty) < fl.perType {
				t.Errorf("%s: %s F1 = %.3f; want >= %.3f", name, ty, s.f1(ty), fl.perType)
			}
		}
	}
}

// TestGoldOwn scores Extract on the project's own gold set in testdata.
func TestGoldOwn(t *testing.T) {
	ps := readMarkup(t, filepath.Join("testdata", "gold.txt"))
	ex := New()
	given := evaluate(t, ex, ps, true)
	var folded []goldPara
	for _, p := range ps {
		folded = append(folded, foldPara(p))
	}
	fold := evaluate(t, ex, folded, false)
	t.Log("\n" + given.table("testdata gold, text as given") + "\n" + fold.table("testdata gold, diacritics removed"))
	checkFloors(t, "testdata as given", given, goldFloors{micro: 0.95})
	checkFloors(t, "testdata folded", fold, goldFloors{micro: 0.93})
}
