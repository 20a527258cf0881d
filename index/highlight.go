package index

import (
	"cmp"
	"container/heap"
	"html"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A span is a byte range [start, end) of a text to mark.
type span struct{ start, end int }

// fragments returns up to max HTML fragments of text, in text order and not
// overlapping, with the spans of text marked by <mark>…</mark> and
// everything else escaped as by html.EscapeString. The spans are first
// cleaned by mergeSpans; with none left, or max < 1, fragments returns nil.
//
// When text is at most size bytes, the single fragment is the whole text.
// Otherwise each fragment holds about size bytes of text: it starts at the
// beginning of text or of a word, ends at the end of text or of a word, and
// never cuts a span, so a span longer than size gets a fragment of its own
// length. A fragment that does not start at the beginning of text starts
// with "…", one that does not end at the end of text ends with "…". The
// fragments are chosen one after another, each around the run of spans
// not yet in a fragment that fits in size bytes and holds the most spans,
// the earliest such run on ties.
//
// A word is a run of letters, digits and combining marks (Unicode Mn and
// Mc); an invalid UTF-8 byte is a rune of its own outside any word. The
// time taken is O(n log n) in len(text)+len(spans).
func fragments(text string, spans []span, size, max int) []string {
	if max < 1 {
		return nil
	}
	sp := mergeSpans(text, spans)
	if len(sp) == 0 {
		return nil
	}
	if len(text) <= size {
		return []string{render(text, sp, 0, len(text))}
	}
	if size < 0 {
		size = 0
	}
	ws := windows(sp, size, max)
	frags := make([]string, 0, len(ws))
	from := 0
	for i, w := range ws {
		to := len(text)
		if i+1 < len(ws) {
			to = sp[ws[i+1].first].start
		}
		start, end := frame(text, sp, sp[w.first].start, sp[w.last].end, from, to, size)
		frags = append(frags, render(text, sp, start, end))
		from = end
	}
	return frags
}

// mergeSpans returns the spans of text to mark, cleaned: each span is
// clipped to text and widened to whole words (a span that starts or ends
// inside a word, or inside a rune, takes in the whole word, or rune);
// spans that then overlap or touch are merged; each result is trimmed of
// the runes outside words at its edges, and dropped if it holds no word.
// The result is sorted, its spans are disjoint and separated by at least
// one rune, and each starts at the start of a word and ends at the end of
// one. mergeSpans does not modify spans; it returns nil if no span is left.
func mergeSpans(text string, spans []span) []span {
	var out []span
	for _, s := range spans {
		s.start = max(s.start, 0)
		s.end = min(s.end, len(text))
		if s.start < s.end {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	slices.SortFunc(out, func(a, b span) int { return cmp.Compare(a.start, b.start) })

	// The widened spans are merged into cur while they overlap or touch it;
	// out[:n] holds the merged spans before cur. Every byte of text is
	// scanned a bounded number of times: a widening scans only past cur.
	n := 0
	var cur span
	for i, s := range out {
		if i > 0 && s.start <= cur.end {
			if s.end > cur.end {
				cur.end = widenEnd(text, s.end)
			}
			continue
		}
		start := widenStart(text, s.start)
		if i > 0 && start <= cur.end {
			cur.end = widenEnd(text, s.end)
			continue
		}
		if i > 0 {
			if t, ok := trim(text, cur); ok {
				out[n] = t
				n++
			}
		}
		cur = span{start, widenEnd(text, s.end)}
	}
	if t, ok := trim(text, cur); ok {
		out[n] = t
		n++
	}
	if n == 0 {
		return nil
	}
	return out[:n]
}

// inWord reports whether r is part of a word: a letter, a digit or a
// combining mark, which belongs to the word of the letter before it.
func inWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// runeAt returns the bounds [start, end) of the rune of text that holds
// byte i, 0 <= i < len(text), as a decoder reading text from its
// beginning sees it, and whether the rune is part of a word. An invalid
// byte is a rune of its own.
func runeAt(text string, i int) (start, end int, word bool) {
	// Every byte that is not a continuation byte starts a rune, and a rune
	// is at most utf8.UTFMax bytes long.
	for j := i; j >= 0 && j > i-utf8.UTFMax; j-- {
		if utf8.RuneStart(text[j]) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if j+n > i {
				return j, j + n, inWord(r)
			}
			break
		}
	}
	return i, i + 1, false // a stray continuation byte
}

// wordAt reports whether the rune of text at i, the start of a rune, is
// part of a word; it is false at the end of text.
func wordAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return inWord(r)
}

// wordBefore reports whether the rune of text ending at i is part of a
// word; it is false at the beginning of text.
func wordBefore(text string, i int) bool {
	if i <= 0 {
		return false
	}
	_, _, w := runeAt(text, i-1)
	return w
}

// startOfWord returns the start of the word of text that holds the rune
// starting at i.
func startOfWord(text string, i int) int {
	for i > 0 {
		start, _, w := runeAt(text, i-1)
		if !w {
			break
		}
		i = start
	}
	return i
}

// endOfWord returns the end of the word of text that holds the rune
// ending at i.
func endOfWord(text string, i int) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !inWord(r) {
			break
		}
		i += n
	}
	return i
}

// widenStart returns the start of the word of text that holds byte i,
// 0 <= i < len(text), or of the rune if it is not part of a word.
func widenStart(text string, i int) int {
	start, _, w := runeAt(text, i)
	if w {
		start = startOfWord(text, start)
	}
	return start
}

// widenEnd returns the end of the word of text that holds byte i-1,
// 0 < i <= len(text), or of the rune if it is not part of a word.
func widenEnd(text string, i int) int {
	_, end, w := runeAt(text, i-1)
	if w {
		end = endOfWord(text, end)
	}
	return end
}

// trim returns s, whose bounds are rune boundaries of text, without the
// runes outside words at its start and end, and whether anything is left.
func trim(text string, s span) (span, bool) {
	for s.start < s.end {
		r, n := utf8.DecodeRuneInString(text[s.start:])
		if inWord(r) {
			break
		}
		s.start += n
	}
	for s.end > s.start {
		start, _, w := runeAt(text, s.end-1)
		if w {
			break
		}
		s.end = start
	}
	return s, s.start < s.end
}

// nextWordStart returns the first start of a word of text at or after
// byte i, or len(text) if there is none.
func nextWordStart(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	start, end, w := runeAt(text, i)
	if start == i && w && !wordBefore(text, i) {
		return i
	}
	if w {
		end = endOfWord(text, end)
	}
	for end < len(text) {
		r, n := utf8.DecodeRuneInString(text[end:])
		if inWord(r) {
			break
		}
		end += n
	}
	return end
}

// prevWordEnd returns the last end of a word of text at or before byte
// i, or 0 if there is none.
func prevWordEnd(text string, i int) int {
	if i <= 0 {
		return 0
	}
	start, end, w := runeAt(text, i-1)
	if end == i && w && !wordAt(text, i) {
		return i
	}
	if w {
		start = startOfWord(text, start)
	}
	for start > 0 {
		s, _, w := runeAt(text, start-1)
		if w {
			break
		}
		start = s
	}
	return start
}

// spanAt returns the index of the span of sp, sorted and disjoint, that
// holds byte offset i strictly inside it, or -1.
func spanAt(sp []span, i int) int {
	j := sort.Search(len(sp), func(j int) bool { return sp[j].end > i })
	if j < len(sp) && sp[j].start < i {
		return j
	}
	return -1
}

// A window is a run sp[first:last+1] of the spans of a text, the ones a
// fragment is built around.
type window struct{ first, last int }

// windowHeap orders windows by the number of spans they hold, most first,
// then by position, earliest first. It implements heap.Interface.
type windowHeap []window

// Len returns the number of windows in h.
func (h windowHeap) Len() int { return len(h) }

// Less reports whether window i comes before window j.
func (h windowHeap) Less(i, j int) bool {
	ni, nj := h[i].last-h[i].first, h[j].last-h[j].first
	if ni != nj {
		return ni > nj
	}
	return h[i].first < h[j].first
}

// Swap swaps windows i and j.
func (h windowHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }

// Push adds x, a window, to h.
func (h *windowHeap) Push(x any) { *h = append(*h, x.(window)) }

// Pop removes and returns the last window of h.
func (h *windowHeap) Pop() any {
	old := *h
	w := old[len(old)-1]
	*h = old[:len(old)-1]
	return w
}

// windows returns up to n disjoint windows of sp, sorted and disjoint
// spans, in text order: each is a run of spans that fit in size bytes
// (or a single span), chosen greedily to hold the most spans, earlier
// windows first on ties.
func windows(sp []span, size, n int) []window {
	// last[i] is the last span of the window starting at span i. It only
	// decreases, when a window taken after span i cuts its window short;
	// the heap holds a window for each value it takes.
	last := make([]int, len(sp))
	h := make(windowHeap, len(sp))
	j := 0
	for i := range sp {
		j = max(j, i)
		for j+1 < len(sp) && sp[j+1].end-sp[i].start <= size {
			j++
		}
		last[i] = j
		h[i] = window{i, j}
	}
	heap.Init(&h)
	taken := make([]bool, len(sp))
	var ws []window
	for len(ws) < n && h.Len() > 0 {
		w := heap.Pop(&h).(window)
		if taken[w.first] || last[w.first] != w.last {
			continue // a window cut short since it was pushed
		}
		ws = append(ws, w)
		for i := w.first; i <= w.last; i++ {
			taken[i] = true
		}
		// The windows before w that reach into it now end before it.
		// They hold fewer spans than w, so there are fewer of them than
		// spans in w, and the work done stays linear in len(sp).
		for i := w.first - 1; i >= 0 && !taken[i] && last[i] >= w.first; i-- {
			last[i] = w.first - 1
			heap.Push(&h, window{i, last[i]})
		}
	}
	slices.SortFunc(ws, func(a, b window) int { return cmp.Compare(a.first, b.first) })
	return ws
}

// frame returns the bounds [start, end) of the fragment of text around
// text[first:last], whose spans sp hold: about size bytes of text within
// text[from:to], split evenly before and after, starting at the beginning
// of text or of a word, ending at the end of text or of a word, and
// cutting no span.
func frame(text string, sp []span, first, last, from, to, size int) (start, end int) {
	pad := max(size-(last-first), 0)
	before, after := pad/2, pad-pad/2
	if room := first - from; before > room {
		after += before - room
		before = room
	}
	if room := to - last; after > room {
		before = min(before+after-room, first-from)
		after = room
	}
	start, end = first-before, last+after
	if start > 0 {
		start = nextWordStart(text, start)
		if i := spanAt(sp, start); i >= 0 {
			start = nextWordStart(text, sp[i].end)
		}
	}
	if end < len(text) {
		end = prevWordEnd(text, end)
		if i := spanAt(sp, end); i >= 0 {
			end = prevWordEnd(text, sp[i].start)
		}
	}
	return start, end
}

// render returns text[start:end] as HTML, escaped, with the spans of sp
// inside it marked and "…" where it cuts text.
func render(text string, sp []span, start, end int) string {
	var b strings.Builder
	b.Grow(end - start + 32)
	if start > 0 {
		b.WriteString("…")
	}
	at := start
	for i := sort.Search(len(sp), func(i int) bool { return sp[i].start >= start }); i < len(sp) && sp[i].end <= end; i++ {
		b.WriteString(html.EscapeString(text[at:sp[i].start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[sp[i].start:sp[i].end]))
		b.WriteString("</mark>")
		at = sp[i].end
	}
	b.WriteString(html.EscapeString(text[at:end]))
	if end < len(text) {
		b.WriteString("…")
	}
	return b.String()
}
