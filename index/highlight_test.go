package index

import (
	"context"
	"html"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/vnsearch/vnsearch/entity"
)

// The title and name of Vietnam's party leader, composed (NFC) and
// decomposed (NFD).
const (
	leaderNFC = "Tổng Bí thư Tô Lâm"
	leaderNFD = "To\u0302\u0309ng Bi\u0301 thu\u031b To\u0302 La\u0302m"
)

// spanOf returns the span of the first sub in text.
func spanOf(text, sub string) span {
	i := strings.Index(text, sub)
	if i < 0 {
		panic("spanOf: " + sub + " not in " + text)
	}
	return span{i, i + len(sub)}
}

// rainNews is a text of several hundred bytes with "Hà Nội" near its start
// and "Đà Nẵng" near its end.
var rainNews = "Sáng nay tại Hà Nội, mưa lớn kéo dài khiến nhiều tuyến phố ngập sâu. " +
	strings.Repeat("Người dân phải dắt xe qua những đoạn đường ngập nước. ", 4) +
	"Chiều cùng ngày, Đà Nẵng cũng có mưa to."

// mergeTests are the cases of TestMergeSpans.
var mergeTests = []struct {
	name  string
	text  string
	spans []span
	want  []span
}{
	{"nfc", leaderNFC, []span{spanOf(leaderNFC, "Tô Lâm")}, []span{spanOf(leaderNFC, "Tô Lâm")}},
	{"nfd", leaderNFD, []span{spanOf(leaderNFD, "To\u0302 La\u0302m")}, []span{spanOf(leaderNFD, "To\u0302 La\u0302m")}},
	{"nfd before mark", leaderNFD, []span{spanOf(leaderNFD, "La")}, []span{spanOf(leaderNFD, "La\u0302m")}},
	{"nfd mark only", leaderNFD, []span{spanOf(leaderNFD, "\u0302\u0309")}, []span{spanOf(leaderNFD, "To\u0302\u0309ng")}},
	{"inside word", leaderNFC, []span{{1, 2}}, []span{spanOf(leaderNFC, "Tổng")}},
	{"inside rune", leaderNFC, []span{{3, 4}}, []span{spanOf(leaderNFC, "Tổng")}},
	{"word end", leaderNFC, []span{{len(leaderNFC) - 1, len(leaderNFC)}}, []span{spanOf(leaderNFC, "Lâm")}},
	{"trimmed", leaderNFC, []span{spanOf(leaderNFC, " Tô ")}, []span{spanOf(leaderNFC, "Tô")}},
	{"no word", "a, b", []span{{1, 3}}, nil},
	{"spaces", leaderNFC, []span{{6, 7}, {10, 11}}, nil},
	{"unsorted", leaderNFC, []span{spanOf(leaderNFC, "Lâm"), spanOf(leaderNFC, "Tổng")}, []span{spanOf(leaderNFC, "Tổng"), spanOf(leaderNFC, "Lâm")}},
	{"duplicated", leaderNFC, []span{spanOf(leaderNFC, "Bí"), spanOf(leaderNFC, "Bí"), spanOf(leaderNFC, "Bí")}, []span{spanOf(leaderNFC, "Bí")}},
	{"overlapping", leaderNFC, []span{spanOf(leaderNFC, "Bí th"), spanOf(leaderNFC, "thư T")}, []span{spanOf(leaderNFC, "Bí thư Tô")}},
	{"nested", leaderNFC, []span{spanOf(leaderNFC, "Bí thư Tô"), spanOf(leaderNFC, "thư")}, []span{spanOf(leaderNFC, "Bí thư Tô")}},
	{"touching", leaderNFC, []span{spanOf(leaderNFC, "Tô"), spanOf(leaderNFC, " Lâm")}, []span{spanOf(leaderNFC, "Tô Lâm")}},
	{"touching when widened", "abc def", []span{{0, 1}, {3, 5}}, []span{{0, 7}}},
	{"apart", leaderNFC, []span{spanOf(leaderNFC, "Tô"), spanOf(leaderNFC, "Lâm")}, []span{spanOf(leaderNFC, "Tô"), spanOf(leaderNFC, "Lâm")}},
	{"out of range", leaderNFC, []span{{-5, 3}, {len(leaderNFC) - 2, 1000}}, []span{spanOf(leaderNFC, "Tổng"), spanOf(leaderNFC, "Lâm")}},
	{"beyond text", leaderNFC, []span{{100, 200}, {-10, -1}}, nil},
	{"reversed", leaderNFC, []span{{8, 2}, {5, 5}}, nil},
	{"invalid utf-8", "ab\xffcd", []span{{0, 5}}, []span{{0, 5}}},
	{"invalid byte only", "ab\xffcd", []span{{2, 3}}, nil},
	{"invalid byte trimmed", "ab\xff\xffcd", []span{{1, 3}}, []span{{0, 2}}},
	{"stray continuation", "a\x80\x80b", []span{{1, 4}}, []span{{3, 4}}},
	{"truncated rune", "xy\xe1\xbbz", []span{{3, 4}}, nil},
	{"empty text", "", []span{{0, 1}}, nil},
	{"no spans", leaderNFC, nil, nil},
}

// TestMergeSpans checks mergeSpans on the cases of mergeTests and against
// refMerge.
func TestMergeSpans(t *testing.T) {
	for _, tt := range mergeTests {
		t.Run(tt.name, func(t *testing.T) {
			orig := slices.Clone(tt.spans)
			got := mergeSpans(tt.text, tt.spans)
			if !slices.Equal(got, tt.want) {
				t.Errorf("mergeSpans(%q, %v) = %v; want %v", tt.text, tt.spans, got, tt.want)
			}
			if !slices.Equal(tt.spans, orig) {
				t.Errorf("mergeSpans(%q, %v) changed its argument to %v", tt.text, orig, tt.spans)
			}
			if ref := refMerge(tt.text, tt.spans); !slices.Equal(got, ref) {
				t.Errorf("mergeSpans(%q, %v) = %v; reference gives %v", tt.text, tt.spans, got, ref)
			}
		})
	}
}

// countingText is a text of short words, Vietnamese numbers.
const countingText = "một hai ba bốn năm sáu bảy"

// fragmentTests are the cases of TestFragments.
var fragmentTests = []struct {
	name  string
	text  string
	spans []span
	size  int
	max   int
	want  []string
}{
	{
		name:  "nfc",
		text:  leaderNFC,
		spans: []span{spanOf(leaderNFC, "Tô Lâm")},
		size:  100,
		max:   3,
		want:  []string{"Tổng Bí thư <mark>Tô Lâm</mark>"},
	},
	{
		name:  "nfd",
		text:  leaderNFD,
		spans: []span{spanOf(leaderNFD, "To\u0302 La\u0302m")},
		size:  100,
		max:   3,
		want:  []string{"To\u0302\u0309ng Bi\u0301 thu\u031b <mark>To\u0302 La\u0302m</mark>"},
	},
	{
		name:  "nfd widened over marks",
		text:  leaderNFD,
		spans: []span{spanOf(leaderNFD, "To"), spanOf(leaderNFD, "\u0302m")},
		size:  100,
		max:   3,
		want:  []string{"<mark>To\u0302\u0309ng</mark> Bi\u0301 thu\u031b To\u0302 <mark>La\u0302m</mark>"},
	},
	{
		name:  "whole text at size",
		text:  leaderNFC,
		spans: []span{spanOf(leaderNFC, "Bí")},
		size:  len(leaderNFC),
		max:   1,
		want:  []string{"Tổng <mark>Bí</mark> thư Tô Lâm"},
	},
	{
		name:  "widened",
		text:  leaderNFC,
		spans: []span{{1, 3}, {len(leaderNFC) - 2, len(leaderNFC) - 1}},
		size:  100,
		max:   1,
		want:  []string{"<mark>Tổng</mark> Bí thư Tô <mark>Lâm</mark>"},
	},
	{
		name:  "short fragment",
		text:  leaderNFC,
		spans: []span{spanOf(leaderNFC, "thư")},
		size:  12,
		max:   1,
		want:  []string{"…Bí <mark>thư</mark> Tô…"},
	},
	{
		name:  "both ends",
		text:  rainNews,
		spans: []span{spanOf(rainNews, "Hà Nội"), spanOf(rainNews, "Đà Nẵng")},
		size:  60,
		max:   2,
		want: []string{
			"Sáng nay tại <mark>Hà Nội</mark>, mưa lớn kéo dài khiến…",
			"…nước. Chiều cùng ngày, <mark>Đà Nẵng</mark> cũng có mưa to.",
		},
	},
	{
		name:  "both ends one fragment",
		text:  rainNews,
		spans: []span{spanOf(rainNews, "Hà Nội"), spanOf(rainNews, "Đà Nẵng")},
		size:  60,
		max:   1,
		want:  []string{"Sáng nay tại <mark>Hà Nội</mark>, mưa lớn kéo dài khiến…"},
	},
	{
		name:  "most spans",
		text:  rainNews,
		spans: []span{spanOf(rainNews, "Hà Nội"), spanOf(rainNews, "Chiều"), spanOf(rainNews, "Đà Nẵng"), spanOf(rainNews, "mưa to")},
		size:  40,
		max:   1,
		want:  []string{"…<mark>Chiều</mark> cùng ngày, <mark>Đà Nẵng</mark>…"},
	},
	{
		name:  "most spans first",
		text:  rainNews,
		spans: []span{spanOf(rainNews, "Hà Nội"), spanOf(rainNews, "Chiều"), spanOf(rainNews, "Đà Nẵng"), spanOf(rainNews, "mưa to")},
		size:  40,
		max:   2,
		want: []string{
			"…nay tại <mark>Hà Nội</mark>, mưa lớn…",
			"…<mark>Chiều</mark> cùng ngày, <mark>Đà Nẵng</mark>…",
		},
	},
	{
		name:  "tie goes to the earlier",
		text:  countingText,
		spans: []span{spanOf(countingText, "hai"), spanOf(countingText, "sáu")},
		size:  10,
		max:   1,
		want:  []string{"…<mark>hai</mark> ba…"},
	},
	{
		name:  "window cut short",
		text:  "a xxx b c d",
		spans: []span{{0, 1}, {6, 7}, {8, 9}, {10, 11}},
		size:  7,
		max:   2,
		want:  []string{"<mark>a</mark> xxx…", "…<mark>b</mark> <mark>c</mark> <mark>d</mark>"},
	},
	{
		name:  "html",
		text:  `Tô & Lâm <b>"x'`,
		spans: []span{{0, len("Tô & Lâm")}},
		size:  100,
		max:   1,
		want:  []string{`<mark>Tô &amp; Lâm</mark> &lt;b&gt;&#34;x&#39;`},
	},
	{
		name:  "html cut",
		text:  "a <b>&amp; Tô Lâm <i> z",
		spans: []span{spanOf("a <b>&amp; Tô Lâm <i> z", "Tô")},
		size:  20,
		max:   1,
		want:  []string{"…b&gt;&amp;amp; <mark>Tô</mark> Lâm &lt;i…"},
	},
	{
		name:  "span longer than size",
		text:  countingText,
		spans: []span{spanOf(countingText, "hai ba bốn")},
		size:  4,
		max:   2,
		want:  []string{"…<mark>hai ba bốn</mark>…"},
	},
	{
		name:  "no size",
		text:  countingText,
		spans: []span{spanOf(countingText, "ba"), spanOf(countingText, "sáu")},
		size:  -1,
		max:   5,
		want:  []string{"…<mark>ba</mark>…", "…<mark>sáu</mark>…"},
	},
	{
		name:  "span not cut",
		text:  countingText,
		spans: []span{spanOf(countingText, "một"), spanOf(countingText, "bốn năm")},
		size:  18,
		max:   1,
		want:  []string{"<mark>một</mark> hai ba…"},
	},
	{
		name:  "out of range and reversed",
		text:  leaderNFC,
		spans: []span{{-7, -1}, {9, 3}, {20, 20}, {len(leaderNFC) - 1, 1 << 40}, {math.MinInt, math.MaxInt}},
		size:  100,
		max:   3,
		want:  []string{"<mark>Tổng Bí thư Tô Lâm</mark>"},
	},
	{
		name:  "only bad spans",
		text:  leaderNFC,
		spans: []span{{-7, -1}, {9, 3}, {20, 20}, {1000, 2000}},
		size:  100,
		max:   3,
		want:  nil,
	},
	{
		name:  "empty text",
		text:  "",
		spans: []span{{0, 0}, {0, 5}},
		size:  100,
		max:   3,
		want:  nil,
	},
	{
		name: "no spans",
		text: leaderNFC,
		size: 100,
		max:  3,
		want: nil,
	},
	{
		name:  "no fragments wanted",
		text:  leaderNFC,
		spans: []span{spanOf(leaderNFC, "Tô Lâm")},
		size:  100,
		max:   0,
		want:  nil,
	},
	{
		name:  "huge size and max",
		text:  leaderNFC,
		spans: []span{spanOf(leaderNFC, "Tô Lâm")},
		size:  math.MaxInt,
		max:   math.MaxInt,
		want:  []string{"Tổng Bí thư <mark>Tô Lâm</mark>"},
	},
	{
		name:  "invalid utf-8",
		text:  "\xffab\xfe cd\x80",
		spans: []span{{0, 8}},
		size:  100,
		max:   1,
		want:  []string{"\xff<mark>ab\xfe cd</mark>\x80"},
	},
}

// TestFragments checks fragments on the cases of fragmentTests and their
// invariants.
func TestFragments(t *testing.T) {
	for _, tt := range fragmentTests {
		t.Run(tt.name, func(t *testing.T) {
			got := fragments(tt.text, tt.spans, tt.size, tt.max)
			if !slices.Equal(got, tt.want) {
				t.Errorf("fragments(%q, %v, %d, %d) = %q; want %q", tt.text, tt.spans, tt.size, tt.max, got, tt.want)
			}
			checkFragments(t, tt.text, tt.spans, tt.size, tt.max, got)
		})
	}
}

// TestFragmentsLinear runs inputs on which a quadratic algorithm would not
// finish in time: a long word marked at every byte, and many spans close
// together.
func TestFragmentsLinear(t *testing.T) {
	n := 1 << 17
	if testing.Short() {
		n = 1 << 14
	}
	word := strings.Repeat("á", n/2)
	var spans []span
	for i := range len(word) {
		spans = append(spans, span{i, i + 1}, span{i, len(word)})
	}
	if got := fragments(word+" x", spans, 10, n); len(got) != 1 || len(got[0]) != len("<mark></mark>…")+len(word) {
		t.Errorf("fragments(long word) = %d fragments", len(got))
	}

	words := strings.Repeat("ab ", n/3)
	spans = spans[:0]
	for i := 0; i+2 <= len(words); i += 3 {
		spans = append(spans, span{i, i + 2}, span{i + 2, i})
	}
	for _, size := range []int{0, 50, n / 2} {
		got := fragments(words, spans, size, n)
		marks := 0
		for _, f := range got {
			marks += strings.Count(f, "<mark>")
		}
		if marks != n/3 {
			t.Errorf("fragments(%d words, size %d) marked %d words", n/3, size, marks)
		}
	}
}

// TestFragmentsRandom checks the invariants of fragments on random texts
// of short words and random spans.
func TestFragmentsRandom(t *testing.T) {
	words := []string{"a", "bb", "ccc", "Tô", "La\u0302m", "\u0301", "<&>", "\xff", "…", "9"}
	seps := []string{" ", " ", ", ", "\n", ""}
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		var b strings.Builder
		var spans []span
		for range r.IntN(30) {
			w := words[r.IntN(len(words))]
			if r.IntN(3) == 0 {
				spans = append(spans, span{b.Len(), b.Len() + len(w)})
			}
			b.WriteString(w)
			b.WriteString(seps[r.IntN(len(seps))])
		}
		text := b.String()
		for range r.IntN(3) {
			start := r.IntN(len(text)+4) - 2
			spans = append(spans, span{start, start + r.IntN(12) - 4})
		}
		size, max := r.IntN(40)-2, r.IntN(6)
		sp := mergeSpans(text, spans)
		if got, want := windows(sp, size, max), refWindows(sp, size, max); size >= 0 && !slices.Equal(got, want) {
			t.Fatalf("windows(%v, %d, %d) = %v; reference gives %v", sp, size, max, got, want)
		}
		checkFragments(t, text, spans, size, max, fragments(text, spans, size, max))
	}
}

// FuzzFragments checks that runeAt, mergeSpans and windows agree with
// their slow references and that fragments keeps its invariants, seeded
// from the table tests.
func FuzzFragments(f *testing.F) {
	for _, tt := range fragmentTests {
		f.Add(tt.text, encodeSpans(tt.spans), int16(min(tt.size, math.MaxInt16)), int8(min(tt.max, math.MaxInt8)))
	}
	for _, tt := range mergeTests {
		f.Add(tt.text, encodeSpans(tt.spans), int16(10), int8(2))
	}
	f.Fuzz(func(t *testing.T, text string, b []byte, size16 int16, n8 int8) {
		size, n := int(size16), int(n8)
		if len(text) > 1<<10 {
			// Only check that nothing panics: the references are slow.
			fragments(text, decodeSpans(b), size, n)
			return
		}
		rs := refRunes(text)
		for _, r := range rs {
			for i := r.start; i < r.end; i++ {
				if start, end, w := runeAt(text, i); start != r.start || end != r.end || w != r.word {
					t.Fatalf("runeAt(%q, %d) = %d, %d, %v; want %d, %d, %v", text, i, start, end, w, r.start, r.end, r.word)
				}
			}
		}
		// The spans of b, and every word of text, each by its first byte.
		var words []span
		for i, r := range rs {
			if r.word && (i == 0 || !rs[i-1].word) {
				words = append(words, span{r.start, r.start + 1})
			}
		}
		for _, spans := range [][]span{decodeSpans(b), words} {
			sp := mergeSpans(text, spans)
			if want := refMerge(text, spans); !slices.Equal(sp, want) {
				t.Fatalf("mergeSpans(%q, %v) = %v; reference gives %v", text, spans, sp, want)
			}
			if got, want := windows(sp, max(size, 0), n), refWindows(sp, max(size, 0), n); !slices.Equal(got, want) {
				t.Fatalf("windows(%v, %d, %d) = %v; reference gives %v", sp, size, n, got, want)
			}
			checkFragments(t, text, spans, size, n, fragments(text, spans, size, n))
		}
	})
}

// encodeSpans encodes spans for FuzzFragments, two bytes a span: the
// start, clamped to [-8, 247], plus 8, and the length, clamped to
// [-128, 127].
func encodeSpans(spans []span) []byte {
	var b []byte
	for _, s := range spans {
		start := min(max(s.start, -8), 247)
		b = append(b, byte(start+8), byte(int8(min(max(s.end-start, -128), 127))))
	}
	return b
}

// decodeSpans decodes the spans encoded by encodeSpans.
func decodeSpans(b []byte) []span {
	var spans []span
	for ; len(b) >= 2; b = b[2:] {
		start := int(b[0]) - 8
		spans = append(spans, span{start, start + int(int8(b[1]))})
	}
	return spans
}

// A refRune is a rune of a text: its bounds and whether it is part of a
// word.
type refRune struct {
	start, end int
	word       bool
}

// refRunes returns the runes of text, decoded from its start.
func refRunes(text string) []refRune {
	var rs []refRune
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		rs = append(rs, refRune{i, i + n, inWord(r)})
		i += n
	}
	return rs
}

// refMerge is mergeSpans done rune by rune: mark the runes the spans
// touch, then the whole words they touch, and take the runs of marked
// runes without their edges outside words.
func refMerge(text string, spans []span) []span {
	rs := refRunes(text)
	marked := make([]bool, len(rs))
	for _, s := range spans {
		s.start, s.end = max(s.start, 0), min(s.end, len(text))
		if s.start >= s.end {
			continue
		}
		for i, r := range rs {
			if r.start < s.end && s.start < r.end {
				marked[i] = true
			}
		}
	}
	for i := 0; i < len(rs); {
		j := i + 1
		for rs[i].word && j < len(rs) && rs[j].word {
			j++
		}
		if slices.Contains(marked[i:j], true) {
			for k := i; k < j; k++ {
				marked[k] = true
			}
		}
		i = j
	}
	var out []span
	for i := 0; i < len(rs); {
		if !marked[i] {
			i++
			continue
		}
		j := i
		for j < len(rs) && marked[j] {
			j++
		}
		first, last := i, j-1
		for first <= last && !rs[first].word {
			first++
		}
		for last >= first && !rs[last].word {
			last--
		}
		if first <= last {
			out = append(out, span{rs[first].start, rs[last].end})
		}
		i = j
	}
	return out
}

// refWindows is windows done the slow way: n times, take the window of
// spans not yet taken that holds the most, the earliest of those.
func refWindows(sp []span, size, n int) []window {
	taken := make([]bool, len(sp))
	var ws []window
	for len(ws) < n {
		best := window{-1, -1}
		for i := range sp {
			if taken[i] {
				continue
			}
			j := i
			for j+1 < len(sp) && !taken[j+1] && sp[j+1].end-sp[i].start <= size {
				j++
			}
			if best.first < 0 || j-i > best.last-best.first {
				best = window{i, j}
			}
		}
		if best.first < 0 {
			break
		}
		for i := best.first; i <= best.last; i++ {
			taken[i] = true
		}
		ws = append(ws, best)
	}
	slices.SortFunc(ws, func(a, b window) int { return a.first - b.first })
	return ws
}

// parseFragment returns the text of a fragment, unescaped and without its
// marks, and the spans of that text that were marked. It reports false if
// the fragment is not escaped text and balanced, unnested, non-empty marks.
func parseFragment(f string) (text string, marks []span, ok bool) {
	var b strings.Builder
	open := false
	start := 0
	for f != "" {
		i := strings.IndexByte(f, '<')
		if i < 0 {
			i = len(f)
		}
		s := html.UnescapeString(f[:i])
		if html.EscapeString(s) != f[:i] {
			return "", nil, false
		}
		b.WriteString(s)
		f = f[i:]
		switch {
		case f == "":
		case strings.HasPrefix(f, "<mark>") && !open:
			open, start = true, b.Len()
			f = f[len("<mark>"):]
		case strings.HasPrefix(f, "</mark>") && open && b.Len() > start:
			open = false
			marks = append(marks, span{start, b.Len()})
			f = f[len("</mark>"):]
		default:
			return "", nil, false
		}
	}
	return b.String(), marks, !open
}

// checkFragments checks the invariants of frags = fragments(text, spans,
// size, n): each is a run of whole words of text, escaped, with "…"
// where it cuts text, marking exactly the spans of mergeSpans within it,
// and cutting none; they come in text order without overlapping; there
// are at most n; each is at most size bytes of text, or a single span,
// or the whole text if that is at most size bytes; one holds at least as
// many spans as the best window of size bytes; and all spans are marked
// if n is at least their number.
func checkFragments(t *testing.T, text string, spans []span, size, n int, frags []string) {
	t.Helper()
	sp := mergeSpans(text, spans)
	if n < 1 || len(sp) == 0 {
		if frags != nil {
			t.Fatalf("fragments(%q, %v, %d, %d) = %q; want nil", text, spans, size, n, frags)
		}
		return
	}
	if len(frags) == 0 || len(frags) > n || len(text) <= size && len(frags) != 1 {
		t.Fatalf("fragments(%q, %v, %d, %d) = %d fragments", text, spans, size, n, len(frags))
	}
	rs := refRunes(text)
	wordStart := make([]bool, len(text)+1)
	wordEnd := make([]bool, len(text)+1)
	for i, r := range rs {
		wordStart[r.start] = r.word && (i == 0 || !rs[i-1].word)
		wordEnd[r.end] = r.word && (i == len(rs)-1 || !rs[i+1].word)
	}

	from, most, all := 0, 0, 0
	for _, f := range frags {
		u, marks, ok := parseFragment(f)
		if !ok {
			t.Fatalf("fragments(%q, %v, %d, %d): bad fragment %q", text, spans, size, n, f)
		}
		most = max(most, len(marks))
		all += len(marks)
		// place reports where u, without the "…" of lead and trail,
		// ends if it is text[pos:] as a fragment, with its marks on
		// exactly the spans in it.
		place := func(pos int, lead, trail bool) (end int, ok bool) {
			c, shift := u, pos
			if lead {
				c, ok = strings.CutPrefix(c, "…")
				if !ok {
					return 0, false
				}
				shift -= len("…")
			}
			if trail {
				c, ok = strings.CutSuffix(c, "…")
				if !ok {
					return 0, false
				}
			}
			end = pos + len(c)
			switch {
			case !strings.HasPrefix(text[pos:], c):
				return 0, false
			case lead != (pos > 0), lead && !wordStart[pos]:
				return 0, false
			case trail != (end < len(text)), trail && !wordEnd[end]:
				return 0, false
			case len(text) <= size && (pos > 0 || end < len(text)):
				return 0, false
			case len(c) > max(size, 0) && !(len(marks) == 1 && marks[0].end-marks[0].start == len(c)):
				return 0, false
			}
			var in []span
			for _, s := range sp {
				if s.start < end && pos < s.end {
					if s.start < pos || s.end > end {
						return 0, false // cut
					}
					in = append(in, span{s.start - shift, s.end - shift})
				}
			}
			return end, slices.Equal(in, marks)
		}
		placed := false
	search:
		for pos := from; pos <= len(text); pos++ {
			for _, lead := range []bool{false, true} {
				for _, trail := range []bool{false, true} {
					if end, ok := place(pos, lead, trail); ok {
						from, placed = end, true
						break search
					}
				}
			}
		}
		if !placed {
			t.Fatalf("fragments(%q, %v, %d, %d): fragment %q is not a fragment of text after byte %d (all: %q)", text, spans, size, n, f, from, frags)
		}
	}

	if n >= len(sp) && all != len(sp) {
		t.Errorf("fragments(%q, %v, %d, %d) = %q: %d spans marked; want all %d", text, spans, size, n, frags, all, len(sp))
	}
	best := 0
	for i := range sp {
		j := i
		for j+1 < len(sp) && sp[j+1].end-sp[i].start <= size {
			j++
		}
		best = max(best, j-i+1)
	}
	if len(text) <= size {
		best = len(sp)
	}
	if most < best {
		t.Errorf("fragments(%q, %v, %d, %d) = %q: %d spans at most in a fragment; a window holds %d", text, spans, size, n, frags, most, best)
	}
}

// TestStoredMentions: the mentions the index stores with a document are
// those the extractor finds in it, so highlights marked from them are
// those marked by running the extractor again (what documents indexed
// without them get).
func TestStoredMentions(t *testing.T) {
	docs := append(readJSONL[Document](t, "testdata/news.jsonl"), testDocs...)
	x := newTestIndex(t, docs...)
	r, err := x.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	segs := snapshotSegments(r)
	n := 0
	for _, d := range docs {
		iid, err := r.InternalID(d.ID)
		if err != nil || iid == nil {
			t.Fatalf("InternalID(%q) = %v, %v", d.ID, iid, err)
		}
		st, err := hitFields(r, segs, &search.DocumentMatch{ID: d.ID, IndexInternalID: iid}, true)
		if err != nil {
			t.Fatal(err)
		}
		if st.mentions == "" {
			continue
		}
		n++
		stored := x.mentions(st)
		st.mentions = ""
		var extracted []storedMention
		for _, m := range x.mentions(st) {
			if knownType(m.key.t) && m.key.id != "" {
				extracted = append(extracted, m)
			}
		}
		if !slices.Equal(stored, extracted) {
			t.Errorf("%s: stored mentions %v; the extractor finds %v", d.ID, stored, extracted)
		}
	}
	if n < len(docs)/2 {
		t.Errorf("%d of %d documents have stored mentions; want most", n, len(docs))
	}
}

func TestParseMentions(t *testing.T) {
	var b []byte
	b = appendMention(b, entity.Mention{Type: entity.Country, ID: "KR", Start: 0, End: 8})
	b = appendMention(b, entity.Mention{Type: entity.Person, ID: "Tô Lâm", Start: 20, End: 27})
	b = appendMention(b, entity.Mention{Type: entity.Ministry, ID: "bad\x1ekey", Start: 30, End: 35})
	s := string(b) + "garbage\x1e1,x\x1fCOUNTRY\x1fVN\x1e5,3\x1fCOUNTRY\x1fVN\x1e"
	want := []storedMention{
		{entityKey{entity.Country, "KR"}, 0, 8},
		{entityKey{entity.Person, "to lam"}, 20, 27},
	}
	if got := parseMentions(s); !slices.Equal(got, want) {
		t.Errorf("parseMentions(%q) = %v; want %v", s, got, want)
	}
}

// TestLongTitleHighlight marks a title: word past the positions that
// FieldText keeps of a title, from the title's own term vectors, after
// searches have filled the search cache with its bounds.
func TestLongTitleHighlight(t *testing.T) {
	ctx := context.Background()
	title := strings.Repeat("tin tức ", 550) + "xylophon"
	x := newTestIndex(t, Document{ID: "long", Title: title, Body: "Bài viết về tin tức."},
		Document{ID: "short", Title: "tin tức xylophon", Body: "Tin tức."})
	for range 2 {
		res, err := x.Search(ctx, Request{Query: "title:xylophon", Highlight: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if !strings.Contains(strings.Join(h.Highlights["title"], " "), "<mark>xylophon</mark>") {
				t.Errorf("%s: title highlights %q lack xylophon", h.ID, h.Highlights["title"])
			}
		}
	}
}
