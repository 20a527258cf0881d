package analyze

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
)

// A Model restores the diacritics of text typed without them ("ha noi" →
// "hà nội"). It holds syllable n-gram counts learned from accented text:
// for each syllable as written (lower case, Normalize) how often it was
// seen, alone, after one syllable and after two. Folding a syllable gives
// the forms it may stand for; the counts, smoothed with interpolated
// Kneser–Ney, say which sequence of forms is the likely one.
//
// Counts add up: a Model can learn in batches, and Merge adds another
// one. The zero value is not usable; call NewModel. A Model is not safe
// for concurrent use while it learns; Restore may run concurrently with
// other calls of Restore.
type Model struct {
	words []string          // syllable by ID; 0 and 1 are the sentence start and end
	ids   map[string]uint32 // ID by syllable
	forms map[string][]uint32

	uni map[uint32]uint64
	tri map[uint64]uint64 // by k3

	// Derived counts of Kneser–Ney, kept as the n-grams are first seen;
	// bigrams by k2.
	ctx2    map[uint64]uint64 // c(u v ·): trigrams after u v
	after2  map[uint64]uint32 // N1+(u v ·): distinct words after u v
	before2 map[uint64]uint32 // N1+(· v w): distinct words before v w
	mid     map[uint32]uint32 // N1+(· v ·): distinct trigrams with v in the middle
	after1  map[uint32]uint32 // N1+(v ·) over the bigrams that follow something
	before1 map[uint32]uint32 // N1+(· w): distinct words before w
	bigrams uint64            // N1+(· ·): distinct bigrams
}

// maxWords bounds the words of a Model, so that three IDs pack into the
// 63 bits of a trigram's key: two million, far more than the syllables
// and names of a language.
const maxWords = 1 << 21

// k2 and k3 are the map keys of a bigram and a trigram; un3 unpacks k3.
func k2(a, b uint32) uint64    { return uint64(a)<<32 | uint64(b) }
func k3(a, b, c uint32) uint64 { return uint64(a)<<42 | uint64(b)<<21 | uint64(c) }
func un3(k uint64) (a, b, c uint32) {
	return uint32(k >> 42), uint32(k>>21) & (maxWords - 1), uint32(k) & (maxWords - 1)
}

// Sentence boundaries, as words.
const (
	bos = 0
	eos = 1
)

// discount is the absolute discount of Kneser–Ney.
const discount = 0.75

// maxForms bounds the forms of a syllable that Restore weighs.
const maxForms = 8

// NewModel returns an empty Model.
func NewModel() *Model {
	m := &Model{
		ids: map[string]uint32{}, forms: map[string][]uint32{},
		uni: map[uint32]uint64{}, tri: map[uint64]uint64{},
		ctx2: map[uint64]uint64{}, after2: map[uint64]uint32{}, before2: map[uint64]uint32{},
		mid: map[uint32]uint32{}, after1: map[uint32]uint32{}, before1: map[uint32]uint32{},
	}
	m.id("<s>")
	m.id("</s>")
	return m
}

// id returns the ID of the word w, adding it, and false when the model is
// full.
func (m *Model) id(w string) (uint32, bool) {
	if id, ok := m.ids[w]; ok {
		return id, true
	}
	if len(m.words) == maxWords {
		return 0, false
	}
	id := uint32(len(m.words))
	m.words = append(m.words, w)
	m.ids[w] = id
	if id > eos {
		f := Fold(w)
		m.forms[f] = append(m.forms[f], id)
	}
	return id, true
}

// restoreAnalyzer splits text into lower-case normalized words.
var restoreAnalyzer = NewExactAnalyzer()

// sentences returns the words of text, lower case and normalized, cut into
// sentences at the punctuation that ends one.
func sentences(text string) [][]string {
	var out [][]string
	var cur []string
	prev := 0
	for _, t := range restoreAnalyzer.Analyze([]byte(text)) {
		if len(cur) > 0 && strings.ContainsAny(text[prev:t.Start], ".!?;:\n()[]\"“”") {
			out = append(out, cur)
			cur = nil
		}
		cur = append(cur, string(t.Term))
		prev = t.End
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// Learn adds the syllable counts of text, which should be written with its
// diacritics: a text without any teaches nothing and is skipped.
func (m *Model) Learn(text string) {
	if !HasDiacritics(text) {
		return
	}
	for _, s := range sentences(text) {
		ids := make([]uint32, 0, len(s)+3)
		ids = append(ids, bos, bos)
		for _, w := range s {
			id, ok := m.id(w)
			if !ok {
				break // a full model learns the sentence up to the new word
			}
			ids = append(ids, id)
		}
		ids = append(ids, eos)
		for i := 2; i < len(ids); i++ {
			m.add(ids[i-2], ids[i-1], ids[i], 1)
		}
	}
}

// add counts n occurrences of the trigram u v w, and of w.
func (m *Model) add(u, v, w uint32, n uint64) {
	m.uni[w] += n
	b := k2(v, w)
	m.ctx2[k2(u, v)] += n
	t := k3(u, v, w)
	if m.tri[t] == 0 {
		m.after2[k2(u, v)]++
		m.mid[v]++
		if m.before2[b] == 0 {
			m.after1[v]++
			m.before1[w]++
			m.bigrams++
		}
		m.before2[b]++
	}
	m.tri[t] += n
}

// Merge adds the counts of o to m, but for the trigrams of words m has
// no room for.
func (m *Model) Merge(o *Model) {
	for _, t := range o.sortedTrigrams() {
		a, b, c := un3(t)
		u, ok1 := m.id(o.words[a])
		v, ok2 := m.id(o.words[b])
		w, ok3 := m.id(o.words[c])
		if ok1 && ok2 && ok3 {
			m.add(u, v, w, o.tri[t])
		}
	}
}

// sortedTrigrams returns the trigram keys of m in order: by first word,
// then second, then third.
func (m *Model) sortedTrigrams() []uint64 {
	ts := make([]uint64, 0, len(m.tri))
	for t := range m.tri {
		ts = append(ts, t)
	}
	slices.Sort(ts)
	return ts
}

// Len returns the number of distinct trigrams m holds.
func (m *Model) Len() int { return len(m.tri) }

// prob returns the Kneser–Ney probability of w after u v. Restore
// computes the same, sharing the lower orders between readings.
func (m *Model) prob(u, v, w uint32) float64 { return m.prob3(u, v, w, m.prob2(v, w)) }

// prob1 returns the probability of w of the lowest order: continuation
// counts, with one more for every word so that none has probability 0.
func (m *Model) prob1(w uint32) float64 {
	return (float64(m.before1[w]) + 1) / (float64(m.bigrams) + float64(len(m.words)))
}

// prob2 returns the probability of w after v, of the middle order.
func (m *Model) prob2(v, w uint32) float64 {
	return interpolate(float64(m.before2[k2(v, w)]), float64(m.mid[v]), float64(m.after1[v]), m.prob1(w))
}

// prob3 returns the probability of w after u v, given p2 = prob2(v, w).
func (m *Model) prob3(u, v, w uint32, p2 float64) float64 {
	ctx := k2(u, v)
	return interpolate(float64(m.tri[k3(u, v, w)]), float64(m.ctx2[ctx]), float64(m.after2[ctx]), p2)
}

// interpolate is one order of interpolated Kneser–Ney: the discounted
// count of a word in a context, of total count n and of distinct words
// types, plus the discounted mass times lower, the probability of the
// order below; lower itself for a context never seen.
func interpolate(count, n, types, lower float64) float64 {
	if n == 0 {
		return lower
	}
	return (max(count-discount, 0) + discount*types*lower) / n
}

// A Restoration is a reading of a text with its diacritics restored.
type Restoration struct {
	Text string  // the words of the text, lower case, with their diacritics
	Prob float64 // its probability among the readings Restore weighed
}

// Bounds of Restore: the partial readings it keeps after each word, and
// the longest text it restores.
const (
	beamWidth = 16
	// MaxRestoreWords is the most words Restore reads; a longer text has
	// no restoration. Queries are short, and the cost of a text grows
	// with its words.
	MaxRestoreWords = 64
)

// Restore returns the n likeliest readings of text, best first, its words
// lower case and each word that has no diacritics given the ones that
// Model saw it with most likely in its context. Words with diacritics,
// and words the model never saw, stay as they are. The probabilities are
// those of the readings among all that Restore kept, so they add up to at
// most 1. Restore returns nil for a text without words or with more than
// MaxRestoreWords.
func (m *Model) Restore(text string, n int) []Restoration {
	// a partial reading: its last word, the one before, and the reading
	// it extends, in the beam of the word before
	type hyp struct {
		w, u   uint32 // the last two words for the model; bos after a word kept as typed
		id     uint32 // the word chosen, or keep for the word as typed
		parent int
		logp   float64
	}
	const keep = math.MaxUint32
	var words []string
	for _, s := range sentences(text) {
		words = append(words, s...)
	}
	if len(words) == 0 || len(words) > MaxRestoreWords || n < 1 {
		return nil
	}
	steps := make([][]hyp, 0, len(words)+1)
	beam := []hyp{{w: bos, u: bos, parent: -1}}
	for _, w := range words {
		cands := m.candidates(w)
		next := make([]hyp, 0, len(beam)*max(len(cands), 1))
		// the lowest order of each candidate, and the middle one by the
		// word before, are shared by the readings
		p1 := make([]float64, len(cands))
		for j, c := range cands {
			p1[j] = m.prob1(c)
		}
		p2 := map[uint32][]float64{}
		for pi, h := range beam {
			if len(cands) == 0 {
				next = append(next, hyp{w: bos, u: bos, id: keep, parent: pi, logp: h.logp})
				continue
			}
			ps, ok := p2[h.w]
			if !ok {
				ps = make([]float64, len(cands))
				mid, after := float64(m.mid[h.w]), float64(m.after1[h.w])
				for j, c := range cands {
					ps[j] = interpolate(float64(m.before2[k2(h.w, c)]), mid, after, p1[j])
				}
				p2[h.w] = ps
			}
			ctx := k2(h.u, h.w)
			n, after := float64(m.ctx2[ctx]), float64(m.after2[ctx])
			for j, c := range cands {
				p := interpolate(float64(m.tri[k3(h.u, h.w, c)]), n, after, ps[j])
				next = append(next, hyp{w: c, u: h.w, id: c, parent: pi, logp: h.logp + math.Log(p)})
			}
		}
		// best first; equal ones in the order they were made
		slices.SortFunc(next, func(a, b hyp) int {
			return cmp.Or(cmp.Compare(b.logp, a.logp), cmp.Compare(a.parent, b.parent), cmp.Compare(a.id, b.id))
		})
		steps = append(steps, beam)
		beam = next[:min(len(next), beamWidth)]
	}
	for i := range beam {
		beam[i].logp += math.Log(m.prob(beam[i].u, beam[i].w, eos))
	}
	order := make([]int, len(beam))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(beam[b].logp, beam[a].logp) })
	best := beam[order[0]].logp
	total := 0.0
	for _, h := range beam {
		total += math.Exp(h.logp - best)
	}
	out := make([]Restoration, 0, min(n, len(beam)))
	for _, bi := range order[:min(n, len(order))] {
		parts := make([]string, len(words))
		h := beam[bi]
		for k := len(words) - 1; k >= 0; k-- {
			if h.id == keep {
				parts[k] = words[k]
			} else {
				parts[k] = m.words[h.id]
			}
			if k > 0 {
				h = steps[k][h.parent]
			}
		}
		out = append(out, Restoration{Text: strings.Join(parts, " "), Prob: math.Exp(beam[bi].logp-best) / total})
	}
	return out
}

// candidates returns the forms Restore weighs for the word w: those of a
// word without diacritics, the likeliest maxForms of them; w itself when
// it has diacritics and the model knows it; none for a word it does not.
func (m *Model) candidates(w string) []uint32 {
	if HasDiacritics(w) {
		if id, ok := m.ids[w]; ok {
			return []uint32{id}
		}
		return nil
	}
	cands := m.forms[w]
	if len(cands) > maxForms {
		cands = slices.Clone(cands)
		slices.SortStableFunc(cands, func(a, b uint32) int { return cmp.Compare(m.uni[b], m.uni[a]) })
		cands = cands[:maxForms]
	}
	return cands
}

// HasDiacritics reports whether s has a letter that Fold changes: a
// diacritic, or đ.
func HasDiacritics(s string) bool { return Fold(s) != s }

// modelMagic starts a serialized Model.
const modelMagic = "vnsearch-restore-1\n"

// WriteTo writes m to w, gzipped: its words and trigram counts, in a fixed
// order, so that equal models write equal bytes.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	zw, err := gzip.NewWriterLevel(cw, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(modelMagic)
	var buf [binary.MaxVarintLen64]byte
	put := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	put(uint64(len(m.words) - 2))
	for _, wd := range m.words[2:] {
		put(uint64(len(wd)))
		bw.WriteString(wd)
	}
	ts := m.sortedTrigrams()
	put(uint64(len(ts)))
	for _, t := range ts {
		a, b, c := un3(t)
		put(uint64(a))
		put(uint64(b))
		put(uint64(c))
		put(m.tri[t])
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	if err := zw.Close(); err != nil {
		return cw.n, err
	}
	return cw.n, cw.err
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// ErrBadModel is returned by ReadModel for input that is not a model
// WriteTo wrote.
var ErrBadModel = errors.New("analyze: not a restoration model")

// ReadModelFile reads the Model that WriteTo wrote to the file at path.
func ReadModelFile(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := ReadModel(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// ReadModel reads a Model written by WriteTo.
func ReadModel(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadModel, err)
	}
	br := bufio.NewReader(zr)
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != modelMagic {
		return nil, fmt.Errorf("%w: no header", ErrBadModel)
	}
	get := func(what string, limit uint64) (uint64, error) {
		v, err := binary.ReadUvarint(br)
		if err != nil {
			return 0, fmt.Errorf("%w: %s: %v", ErrBadModel, what, err)
		}
		if v > limit {
			return 0, fmt.Errorf("%w: %s %d out of range", ErrBadModel, what, v)
		}
		return v, nil
	}
	m := NewModel()
	nw, err := get("word count", maxWords-2)
	if err != nil {
		return nil, err
	}
	for range nw {
		l, err := get("word length", 1<<10)
		if err != nil {
			return nil, err
		}
		b := make([]byte, l)
		if _, err := io.ReadFull(br, b); err != nil {
			return nil, fmt.Errorf("%w: word: %v", ErrBadModel, err)
		}
		if _, dup := m.ids[string(b)]; dup {
			return nil, fmt.Errorf("%w: word %q twice", ErrBadModel, b)
		}
		m.id(string(b))
	}
	nt, err := get("trigram count", math.MaxInt32)
	if err != nil {
		return nil, err
	}
	last := uint64(len(m.words) - 1)
	for range nt {
		var t [3]uint32
		for j := range t {
			v, err := get("trigram word", last)
			if err != nil {
				return nil, err
			}
			t[j] = uint32(v)
		}
		c, err := get("trigram count", math.MaxUint32)
		if err != nil {
			return nil, err
		}
		if c == 0 || m.tri[k3(t[0], t[1], t[2])] != 0 {
			return nil, fmt.Errorf("%w: trigram %v counted %d", ErrBadModel, t, c)
		}
		m.add(t[0], t[1], t[2], c)
	}
	return m, nil
}
