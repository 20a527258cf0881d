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
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/vnsearch/vnsearch/internal/atomicfile"
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
	uni   []uint64          // count by ID
	tri   map[uint64]uint64 // by k3

	// kn holds the derived counts of Kneser–Ney, made from tri when
	// Restore first needs them and kept up to date after; a model that
	// only learns, to be merged or written, never makes them.
	knMu sync.Mutex
	kn   atomic.Pointer[knCounts]
}

// knCounts are the derived counts of Kneser–Ney; bigrams by k2, words by
// ID.
type knCounts struct {
	ctx     map[uint64]ctxCount // of the context u v
	before2 map[uint64]uint32   // N1+(· v w): distinct words before v w
	mid     []uint32            // N1+(· v ·): distinct trigrams with v in the middle
	after1  []uint32            // N1+(v ·) over the bigrams that follow something
	before1 []uint32            // N1+(· w): distinct words before w
	bigrams uint64              // N1+(· ·): distinct bigrams
}

// ctxCount is what Kneser–Ney needs of a context u v: c(u v ·), the
// trigrams after it, and N1+(u v ·), the distinct words after it.
type ctxCount struct {
	n     uint64
	after uint32
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
	m := &Model{ids: map[string]uint32{}, forms: map[string][]uint32{}, tri: map[uint64]uint64{}}
	m.id("<s>")
	m.id("</s>")
	return m
}

// idBytes is id for a word given as bytes, which it copies only when the
// word is new.
func (m *Model) idBytes(w []byte) (uint32, bool) {
	if id, ok := m.ids[string(w)]; ok {
		return id, true
	}
	return m.id(string(w))
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
	m.uni = append(m.uni, 0)
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
		if len(cur) > 0 && strings.ContainsAny(text[prev:t.Start], sentenceEnds) {
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
	m.learn(text, restoreAnalyzer.Analyze([]byte(text)))
}

// LearnAnalyzed is Learn for a text that the exact analyzer
// (NewExactAnalyzer) has split already: toks are its tokens, in order, with
// their offsets in text. An indexer that analyzes the text anyway learns
// from it without analyzing it twice.
func (m *Model) LearnAnalyzed(text string, toks analysis.TokenStream) {
	if !HasDiacritics(text) {
		return
	}
	m.learn(text, toks)
}

// sentenceEnds are the characters between two words that end a sentence
// for the model.
const sentenceEnds = ".!?;:\n()[]\"“”"

func (m *Model) learn(text string, toks analysis.TokenStream) {
	ids := make([]uint32, 2, 64)
	full := false // the model has no room for a word of the sentence
	end := func() {
		if len(ids) > 2 {
			ids = append(ids, eos)
			for i := 2; i < len(ids); i++ {
				m.add(ids[i-2], ids[i-1], ids[i], 1)
			}
		}
		ids, full = ids[:2], false
	}
	prev := 0
	for _, t := range toks {
		if t.Start >= prev && t.Start <= len(text) && strings.ContainsAny(text[prev:t.Start], sentenceEnds) {
			end()
		}
		prev = max(prev, min(t.End, len(text)))
		if full {
			continue // a full model learns the sentence up to the new word
		}
		id, ok := m.idBytes(t.Term)
		if !ok {
			full = true
			continue
		}
		ids = append(ids, id)
	}
	end()
}

// add counts n occurrences of the trigram u v w, and of w.
func (m *Model) add(u, v, w uint32, n uint64) {
	m.uni[w] += n
	t := k3(u, v, w)
	kn := m.kn.Load()
	if kn == nil {
		m.tri[t] += n // one lookup where two tell a new trigram
		return
	}
	old := m.tri[t]
	m.tri[t] = old + n
	kn.add(u, v, w, n, old == 0)
}

// add counts n more occurrences of the trigram u v w, new when it was
// not seen before.
func (kn *knCounts) add(u, v, w uint32, n uint64, isNew bool) {
	ctx := k2(u, v)
	c := kn.ctx[ctx]
	c.n += n
	if isNew {
		c.after++
		kn.mid = grow(kn.mid, v)
		kn.mid[v]++
		b := k2(v, w)
		if kn.before2[b] == 0 {
			kn.after1 = grow(kn.after1, v)
			kn.before1 = grow(kn.before1, w)
			kn.after1[v]++
			kn.before1[w]++
			kn.bigrams++
		}
		kn.before2[b]++
	}
	kn.ctx[ctx] = c
}

// grow returns s with room for the index i.
func grow(s []uint32, i uint32) []uint32 {
	if int(i) < len(s) {
		return s
	}
	return append(s, make([]uint32, int(i)+1-len(s))...)
}

// counts returns the derived counts of m, making them on first use.
func (m *Model) counts() *knCounts {
	if kn := m.kn.Load(); kn != nil {
		return kn
	}
	m.knMu.Lock()
	defer m.knMu.Unlock()
	if kn := m.kn.Load(); kn != nil {
		return kn
	}
	kn := &knCounts{
		ctx: make(map[uint64]ctxCount, len(m.tri)/2), before2: make(map[uint64]uint32, len(m.tri)/2),
		mid: make([]uint32, len(m.words)), after1: make([]uint32, len(m.words)), before1: make([]uint32, len(m.words)),
	}
	for t, n := range m.tri {
		u, v, w := un3(t)
		kn.add(u, v, w, n, true)
	}
	m.kn.Store(kn)
	return kn
}

// at returns s[i], 0 past its end.
func at(s []uint32, i uint32) float64 {
	if int(i) < len(s) {
		return float64(s[i])
	}
	return 0
}

// Merge adds the counts of o to m, but for the trigrams of words m has
// no room for.
func (m *Model) Merge(o *Model) {
	ids := make([]uint32, len(o.words))
	room := make([]bool, len(o.words))
	for i, w := range o.words {
		ids[i], room[i] = m.id(w)
	}
	for t, n := range o.tri {
		a, b, c := un3(t)
		if room[a] && room[b] && room[c] {
			m.add(ids[a], ids[b], ids[c], n)
		}
	}
}

// Count returns how many times m saw words, one to three words as
// written (lower case, Normalize), in one sentence; 0 for more words. The
// count of two words is one of the tables Restore makes on first use, so
// Count makes them too.
func (m *Model) Count(words string) uint64 {
	var ids []uint32
	for _, s := range sentences(words) {
		for _, w := range s {
			id, ok := m.ids[w]
			if !ok {
				return 0
			}
			ids = append(ids, id)
		}
	}
	switch len(ids) {
	case 1:
		return m.uni[ids[0]]
	case 2:
		return m.counts().ctx[k2(ids[0], ids[1])].n
	case 3:
		return m.tri[k3(ids[0], ids[1], ids[2])]
	}
	return 0
}

// Len returns the number of distinct trigrams m holds.
func (m *Model) Len() int { return len(m.tri) }

// prob returns the Kneser–Ney probability of w after u v. Restore
// computes the same, sharing the lower orders between readings.
func (m *Model) prob(u, v, w uint32) float64 {
	kn := m.counts()
	return m.prob3(kn, u, v, w, kn.prob2(v, w, kn.prob1(w, len(m.words))))
}

// prob1 returns the probability of w of the lowest order: continuation
// counts, with one more for every word so that none has probability 0.
func (kn *knCounts) prob1(w uint32, words int) float64 {
	return (at(kn.before1, w) + 1) / (float64(kn.bigrams) + float64(words))
}

// prob2 returns the probability of w after v, of the middle order, given
// p1 = prob1(w).
func (kn *knCounts) prob2(v, w uint32, p1 float64) float64 {
	return interpolate(float64(kn.before2[k2(v, w)]), at(kn.mid, v), at(kn.after1, v), p1)
}

// prob3 returns the probability of w after u v, given p2 = prob2(v, w).
func (m *Model) prob3(kn *knCounts, u, v, w uint32, p2 float64) float64 {
	c := kn.ctx[k2(u, v)]
	return interpolate(float64(m.tri[k3(u, v, w)]), float64(c.n), float64(c.after), p2)
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
	kn := m.counts()
	steps := make([][]hyp, 0, len(words)+1)
	beam := []hyp{{w: bos, u: bos, parent: -1}}
	// before orders the readings of a step, best first; equal ones by
	// reading, then by word, so that the order does not depend on the IDs
	before := func(a, b *hyp) bool {
		if a.logp != b.logp {
			return a.logp > b.logp
		}
		if a.parent != b.parent {
			return a.parent < b.parent
		}
		return m.compareWords(a.id, b.id) < 0
	}
	for _, w := range words {
		cands := m.candidates(w)
		// the best beamWidth of the readings extended by w
		top := make([]hyp, 0, beamWidth)
		offer := func(h hyp) {
			if len(top) == beamWidth && !before(&h, &top[beamWidth-1]) {
				return
			}
			j := len(top)
			if j < beamWidth {
				top = append(top, h)
			} else {
				j--
			}
			for ; j > 0 && before(&h, &top[j-1]); j-- {
				top[j] = top[j-1]
			}
			top[j] = h
		}
		// the lowest order of each candidate, and the middle one by the
		// word before, are shared by the readings
		p1 := make([]float64, len(cands))
		for j, c := range cands {
			p1[j] = kn.prob1(c, len(m.words))
		}
		type mid struct {
			p    float64 // prob2
			seen bool    // the pair was seen
		}
		p2 := map[uint32][]mid{}
		for pi, h := range beam {
			// The beam is best first, and a word's probability is at most
			// 1: once the beam of w is full, a reading below its last
			// cannot extend into it, nor can the ones after it.
			if len(top) == beamWidth && h.logp < top[beamWidth-1].logp-1e-9 {
				break
			}
			if len(cands) == 0 {
				offer(hyp{w: bos, u: bos, id: keep, parent: pi, logp: h.logp})
				continue
			}
			ps, ok := p2[h.w]
			if !ok {
				ps = make([]mid, len(cands))
				for j, c := range cands {
					seen := kn.before2[k2(h.w, c)]
					ps[j] = mid{interpolate(float64(seen), at(kn.mid, h.w), at(kn.after1, h.w), p1[j]), seen > 0}
				}
				p2[h.w] = ps
			}
			ctx := kn.ctx[k2(h.u, h.w)]
			n, after := float64(ctx.n), float64(ctx.after)
			for j, c := range cands {
				// no trigram ends in a pair never seen, nor follows a
				// context never seen: the lookup is skipped
				var tri uint64
				if ps[j].seen && ctx.n > 0 {
					tri = m.tri[k3(h.u, h.w, c)]
				}
				p := interpolate(float64(tri), n, after, ps[j].p)
				offer(hyp{w: c, u: h.w, id: c, parent: pi, logp: h.logp + math.Log(p)})
			}
		}
		steps = append(steps, beam)
		beam = top
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
		slices.SortFunc(cands, func(a, b uint32) int { return cmp.Or(cmp.Compare(m.uni[b], m.uni[a]), m.compareWords(a, b)) })
		cands = cands[:maxForms]
	}
	return cands
}

// compareWords compares the words of two IDs, or two IDs of words kept as
// typed, which are equal.
func (m *Model) compareWords(a, b uint32) int {
	if int(a) >= len(m.words) || int(b) >= len(m.words) {
		return cmp.Compare(a, b)
	}
	return strings.Compare(m.words[a], m.words[b])
}

// HasDiacritics reports whether s has a letter that Fold changes: a
// diacritic, or đ.
func HasDiacritics(s string) bool { return Fold(s) != s }

// modelMagic starts a serialized Model; modelMagic1 one of the first
// format, which wrote the three words of each trigram where the second
// writes how much its key grows from the one before.
const (
	modelMagic  = "vnsearch-restore-2\n"
	modelMagic1 = "vnsearch-restore-1\n"
)

// WriteTo writes m to w, gzipped: its words in order and its trigram
// counts, so that models of equal counts write equal bytes, whatever the
// order they learned them in.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	// the words in order, numbered from 2 as they are written
	order := make([]uint32, len(m.words)-2)
	for i := range order {
		order[i] = uint32(i + 2)
	}
	slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(m.words[a], m.words[b]) })
	renum := make([]uint32, len(m.words))
	renum[bos], renum[eos] = bos, eos
	words := make([]string, len(order))
	for i, id := range order {
		renum[id] = uint32(i + 2)
		words[i] = m.words[id]
	}
	ts := make([]count, 0, len(m.tri))
	for t, n := range m.tri {
		a, b, c := un3(t)
		ts = append(ts, count{k3(renum[a], renum[b], renum[c]), n})
	}
	sortCounts(ts)
	return writeModel(w, words, ts)
}

// writeModel writes, as WriteTo does, the model of words, in order and
// numbered from 2, and of the trigram counts ts, by key.
func writeModel(w io.Writer, words []string, ts []count) (int64, error) {
	cw := &countWriter{w: w}
	zw, err := gzip.NewWriterLevel(cw, gzip.BestSpeed)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(modelMagic)
	var buf [binary.MaxVarintLen64]byte
	put := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	put(uint64(len(words)))
	for _, w := range words {
		put(uint64(len(w)))
		bw.WriteString(w)
	}
	put(uint64(len(ts)))
	prev := uint64(0)
	for _, t := range ts {
		put(t.t - prev)
		put(t.n)
		prev = t.t
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	if err := zw.Close(); err != nil {
		return cw.n, err
	}
	return cw.n, cw.err
}

// count is a trigram's key and its count.
type count struct{ t, n uint64 }

// sortCounts sorts cs by key: a radix sort, 16 bits at a time, for the
// many trigrams of a model.
func sortCounts(cs []count) {
	if len(cs) < 1<<10 {
		slices.SortFunc(cs, func(a, b count) int { return cmp.Compare(a.t, b.t) })
		return
	}
	src, dst := cs, make([]count, len(cs))
	pos := make([]int, 1<<16)
	for shift := 0; shift < 64; shift += 16 {
		clear(pos)
		for _, c := range src {
			pos[c.t>>shift&0xffff]++
		}
		if pos[src[0].t>>shift&0xffff] == len(src) {
			continue // one digit for all: the order stays
		}
		sum := 0
		for i, n := range pos {
			pos[i], sum = sum, sum+n
		}
		for _, c := range src {
			d := c.t >> shift & 0xffff
			dst[pos[d]] = c
			pos[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &cs[0] {
		copy(cs, src)
	}
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

// WriteFile writes m to the file at path, through a temporary file beside
// it (named .tmp-*) that it syncs and renames, then syncs the directory:
// path holds the old file or the whole new one, and once WriteFile
// returns nil the new one is on disk. It returns the file's size.
func (m *Model) WriteFile(path string) (int64, error) {
	var n int64
	err := atomicfile.Write(path, func(w io.Writer) (err error) {
		n, err = m.WriteTo(w)
		return err
	})
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
	m := NewModel()
	if _, err := m.ReadFrom(r); err != nil {
		return nil, err
	}
	return m, nil
}

// ReadFrom adds to m the counts of a Model written by WriteTo, as Merge
// would add the Model, without making it. It returns the bytes it read
// and, for input that is not such a Model, an error wrapping ErrBadModel;
// m then holds part of the counts.
func (m *Model) ReadFrom(r io.Reader) (int64, error) {
	mr, err := openModel(r)
	if err != nil {
		return mr.cr.n, err
	}
	// the IDs in m of the words of the input, and whether m has room
	ids := []uint32{bos, eos}
	room := []bool{true, true}
	for _, w := range mr.words {
		id, ok := m.id(w)
		if ok && id <= eos {
			return mr.cr.n, fmt.Errorf("%w: word %q", ErrBadModel, w)
		}
		ids, room = append(ids, id), append(room, ok)
	}
	for {
		t, ok, err := mr.next()
		if err != nil || !ok {
			return mr.cr.n, err
		}
		a, b, c := un3(t.t)
		if room[a] && room[b] && room[c] {
			m.add(ids[a], ids[b], ids[c], t.n)
		}
	}
}

// A modelReader reads a Model that WriteTo wrote: openModel reads its
// words, and next its trigrams one by one.
type modelReader struct {
	cr    *countReader
	br    *bufio.Reader
	words []string // in order, numbered from 2
	left  uint64   // the trigrams not yet read
	prev  uint64   // the key of the last one
	read  bool     // a trigram was read
	v1    bool     // of the first format
}

// openModel reads the header and the words of a Model that WriteTo wrote.
// Its errors wrap ErrBadModel, but those of r.
func openModel(r io.Reader) (*modelReader, error) {
	mr := &modelReader{cr: &countReader{r: r}}
	zr, err := gzip.NewReader(mr.cr)
	if err != nil {
		return mr, fmt.Errorf("%w: %v", ErrBadModel, err)
	}
	mr.br = bufio.NewReader(zr)
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(mr.br, magic); err != nil || string(magic) != modelMagic && string(magic) != modelMagic1 {
		return mr, fmt.Errorf("%w: no header", ErrBadModel)
	}
	mr.v1 = string(magic) == modelMagic1
	nw, err := mr.get("word count", maxWords-2)
	if err != nil {
		return mr, err
	}
	mr.words = make([]string, 0, nw)
	var b []byte
	for range nw {
		l, err := mr.get("word length", 1<<10)
		if err != nil {
			return mr, err
		}
		b = slices.Grow(b[:0], int(l))[:l]
		if _, err := io.ReadFull(mr.br, b); err != nil {
			return mr, fmt.Errorf("%w: word: %v", ErrBadModel, err)
		}
		// WriteTo writes each word once, in order
		if n := len(mr.words); n > 0 && string(b) <= mr.words[n-1] {
			return mr, fmt.Errorf("%w: word %q twice, or out of order", ErrBadModel, b)
		}
		mr.words = append(mr.words, string(b))
	}
	mr.left, err = mr.get("trigram count", math.MaxInt32)
	return mr, err
}

func (mr *modelReader) get(what string, limit uint64) (uint64, error) {
	v, err := binary.ReadUvarint(mr.br)
	if err != nil {
		return 0, fmt.Errorf("%w: %s: %v", ErrBadModel, what, err)
	}
	if v > limit {
		return 0, fmt.Errorf("%w: %s %d out of range", ErrBadModel, what, v)
	}
	return v, nil
}

// next returns the next trigram, its words numbered as mr.words are from
// 2, and false after the last.
func (mr *modelReader) next() (count, bool, error) {
	if mr.left == 0 {
		return count{}, false, nil
	}
	last := uint32(len(mr.words) + 1)
	var key uint64
	if mr.v1 {
		var t [3]uint32
		for j := range t {
			v, err := mr.get("trigram word", uint64(last))
			if err != nil {
				return count{}, false, err
			}
			t[j] = uint32(v)
		}
		key = k3(t[0], t[1], t[2])
	} else {
		top := k3(last, last, last)
		d, err := mr.get("trigram key", top-mr.prev)
		if err != nil {
			return count{}, false, err
		}
		key = mr.prev + d
		if a, b, c := un3(key); a > last || b > last || c > last {
			return count{}, false, fmt.Errorf("%w: trigram word out of range", ErrBadModel)
		}
	}
	c, err := mr.get("trigram count", math.MaxUint32)
	if err != nil {
		return count{}, false, err
	}
	// WriteTo writes each trigram once, in order
	if c == 0 || mr.read && key <= mr.prev {
		return count{}, false, fmt.Errorf("%w: trigram %v counted %d, or out of order", ErrBadModel, key, c)
	}
	mr.prev, mr.read = key, true
	mr.left--
	return count{key, c}, true, nil
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
