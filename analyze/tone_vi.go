package analyze

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The combining marks that spell Vietnamese letters in NFD (UAX #15), as
// bits: five tones and the three vowel marks of ă, â ê ô and ơ ư.
const (
	markGrave = 1 << iota // U+0300, huyền
	markAcute             // U+0301, sắc
	markHook              // U+0309, hỏi
	markTilde             // U+0303, ngã
	markDot               // U+0323, nặng
	markBreve             // U+0306, ă
	markCirc              // U+0302, â ê ô
	markHorn              // U+031B, ơ ư

	toneMarks  = markGrave | markAcute | markHook | markTilde | markDot
	vowelMarks = markBreve | markCirc | markHorn
)

// markRunes lists the combining marks in the order of their bits.
var markRunes = [...]rune{'\u0300', '\u0301', '\u0309', '\u0303', '\u0323', '\u0306', '\u0302', '\u031B'}

// What a rune is to the syllable parser.
const (
	classSep     = iota // not part of a word: space, punctuation, symbols
	classForeign        // a letter, mark or digit that no Vietnamese syllable has
	classLetter         // a letter of the Vietnamese alphabet, maybe with marks
	classMark           // one of the combining marks above
)

// baseDStroke is the base of đ and Đ, which have no decomposition.
const baseDStroke = 1

// runeInfo describes one rune: its class and, for a letter, its lower-case
// base letter (ASCII or baseDStroke), its marks, its case and whether it is
// a vowel; and the steps of NormalizeBytes it needs (see scanNormal).
type runeInfo struct {
	class uint8
	base  byte
	marks uint8
	upper bool
	vowel uint8 // 0, isVowel, or isVowel|keepsTone
	norm  uint8
}

// Bits of runeInfo.vowel.
const (
	isVowel   = 1 << iota
	keepsTone // ă â ê ô ơ (takesTone)
)

// runeInfos holds the runes below foldTableEnd; every rune past it is
// foreign or a separator.
var runeInfos = func() *[foldTableEnd]runeInfo {
	var t [foldTableEnd]runeInfo
	for r := rune(0); r < foldTableEnd; r++ {
		t[r] = classifyRune(r)
		if info := &t[r]; info.class == classLetter && isVowelBase(info.base) {
			info.vowel = isVowel
			if takesTone(info.base, info.marks) {
				info.vowel |= keepsTone
			}
		}
		if r < utf8.RuneSelf {
			continue
		}
		t[r].norm = normFlags(r)
		if t[r].class == classLetter && t[r].norm != 0 {
			// A letter NFC changes is no Vietnamese letter here, so that
			// a word of Vietnamese letters and marks needs nothing but
			// placement (normalizeTerm relies on it).
			t[r] = runeInfo{class: classForeign, norm: t[r].norm}
		}
		if t[r].class == classLetter && t[r].marks&toneMarks != 0 {
			t[r].norm |= normToned
		}
	}
	t['Ð'].norm |= normEth
	t['ð'].norm |= normEth
	return &t
}()

func classifyRune(r rune) runeInfo {
	switch r {
	case 'đ':
		return runeInfo{class: classLetter, base: baseDStroke}
	case 'Đ':
		return runeInfo{class: classLetter, base: baseDStroke, upper: true}
	}
	for i, m := range markRunes {
		if r == m {
			return runeInfo{class: classMark, marks: 1 << i}
		}
	}
	if r >= 0xD800 && r < 0xE000 {
		return runeInfo{class: classSep}
	}
	d := []rune(norm.NFD.String(string(r)))
	if b := d[0]; b < utf8.RuneSelf && unicode.IsLetter(b) && !isForeignLetter(b) {
		info := runeInfo{class: classLetter, base: byte(unicode.ToLower(b)), upper: unicode.IsUpper(b)}
		for _, m := range d[1:] {
			mi := classifyRune(m)
			if mi.class != classMark {
				return runeInfo{class: classForeign}
			}
			info.marks |= mi.marks
		}
		return info
	}
	return runeInfo{class: wordClass(r)}
}

// isForeignLetter reports whether the ASCII letter b is outside the
// Vietnamese alphabet.
func isForeignLetter(b rune) bool {
	switch unicode.ToLower(b) {
	case 'f', 'j', 'w', 'z':
		return true
	}
	return false
}

// wordClass is the class of a rune that is not Vietnamese.
func wordClass(r rune) uint8 {
	if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r) {
		return classForeign
	}
	return classSep
}

func infoOf(r rune) runeInfo {
	if r < foldTableEnd {
		return runeInfos[r]
	}
	return runeInfo{class: wordClass(r)}
}

// The vowel letters, numbered from 1 so that 0 means none; W stands for the
// breve and the horn, a doubled letter for the circumflex (as in Telex).
const (
	vA = 1 + iota
	vAW
	vAA
	vE
	vEE
	vI
	vO
	vOO
	vOW
	vU
	vUW
	vY
	nVowels
)

// vowelOf returns the number of the vowel spelled by the base letter and the
// vowel marks, or 0 when they spell no Vietnamese vowel.
func vowelOf(base byte, marks uint8) int {
	switch base {
	case 'a':
		switch marks & vowelMarks {
		case 0:
			return vA
		case markBreve:
			return vAW
		case markCirc:
			return vAA
		}
	case 'e':
		switch marks & vowelMarks {
		case 0:
			return vE
		case markCirc:
			return vEE
		}
	case 'o':
		switch marks & vowelMarks {
		case 0:
			return vO
		case markCirc:
			return vOO
		case markHorn:
			return vOW
		}
	case 'u':
		switch marks & vowelMarks {
		case 0:
			return vU
		case markHorn:
			return vUW
		}
	case 'i':
		if marks&vowelMarks == 0 {
			return vI
		}
	case 'y':
		if marks&vowelMarks == 0 {
			return vY
		}
	}
	return 0
}

func isVowelBase(b byte) bool {
	switch b {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// vowelRunes holds the precomposed letter of each vowel, tone (0 for none,
// then the tone bits in order) and case.
var vowelRunes = func() *[nVowels][6][2]rune {
	var t [nVowels][6][2]rune
	spell := [nVowels]string{vA: "a", vAW: "a\u0306", vAA: "a\u0302", vE: "e", vEE: "e\u0302", vI: "i",
		vO: "o", vOO: "o\u0302", vOW: "o\u031B", vU: "u", vUW: "u\u031B", vY: "y"}
	for v := vA; v < nVowels; v++ {
		for tone := 0; tone < 6; tone++ {
			s := spell[v]
			if tone > 0 {
				s += string(markRunes[tone-1])
			}
			for c, cs := range []string{s, string(unicode.ToUpper(rune(s[0]))) + s[1:]} {
				nfc := []rune(norm.NFC.String(cs))
				if len(nfc) != 1 {
					panic("analyze: no precomposed letter for " + cs)
				}
				t[v][tone][c] = nfc[0]
			}
		}
	}
	return &t
}()

// nuclei lists the vowel clusters of Vietnamese syllables with the vowel
// that takes the tone mark, counted from 0: open where the syllable ends in
// the cluster, closed where a final consonant follows; -1 where the cluster
// does not occur. The open oa, oe and uy take it on the first vowel (hòa,
// khỏe, thủy), as most Vietnamese news text writes them.
var nuclei = []struct {
	cluster      string
	open, closed int8
}{
	// One vowel; ă and â only before a final consonant.
	{"a", 0, 0}, {"ă", -1, 0}, {"â", -1, 0}, {"e", 0, 0}, {"ê", 0, 0}, {"i", 0, 0},
	{"o", 0, 0}, {"ô", 0, 0}, {"ơ", 0, 0}, {"u", 0, 0}, {"ư", 0, 0}, {"y", 0, 0},

	// A vowel and a final semivowel i, y, o or u: the vowel.
	{"ai", 0, -1}, {"ao", 0, -1}, {"au", 0, -1}, {"ay", 0, -1}, {"âu", 0, -1},
	{"ây", 0, -1}, {"eo", 0, -1}, {"êu", 0, -1}, {"iu", 0, -1}, {"oi", 0, -1},
	{"ôi", 0, -1}, {"ơi", 0, -1}, {"ui", 0, -1}, {"ưi", 0, -1}, {"ưu", 0, -1},
	// The open diphthongs ia, ua, ưa: the first vowel (mía, mùa, mưa).
	{"ia", 0, -1}, {"ua", 0, -1}, {"ưa", 0, -1},
	// Their closed spellings iê, yê, uô, ươ: the second (tiền, yên, muốn, lượng).
	{"iê", -1, 1}, {"yê", -1, 1}, {"uô", -1, 1}, {"ươ", -1, 1},
	// A glide o or u and a vowel: the vowel, except in open oa, oe, uy.
	{"oa", 0, 1}, {"oe", 0, 1}, {"uy", 0, 1}, {"oă", -1, 1}, {"uâ", -1, 1},
	{"uê", 1, 1}, {"uơ", 1, -1},
	// The long oo of xoong, soóc: the second.
	{"oo", -1, 1},

	// Three vowels: the middle one, but the ê of uyê.
	{"iêu", 1, -1}, {"yêu", 1, -1}, {"oai", 1, -1}, {"oay", 1, -1}, {"oao", 1, -1},
	{"oeo", 1, -1}, {"uây", 1, -1}, {"uôi", 1, -1}, {"ươi", 1, -1}, {"ươu", 1, -1},
	{"uya", 1, -1}, {"uyu", 1, -1}, {"uêu", 1, -1}, {"uyê", -1, 2},
}

// nucleusTone holds, for a cluster of up to three vowels (the vowel numbers
// four bits each, first vowel highest), the tone position plus one for open
// syllables in the low four bits and for closed ones in the high four; 0
// means the cluster does not occur.
var nucleusTone = func() *[1 << 12]uint8 {
	var t [1 << 12]uint8
	for _, n := range nuclei {
		var key uint16
		for _, r := range n.cluster {
			info := classifyRune(r)
			key = key<<4 | uint16(vowelOf(info.base, info.marks))
		}
		t[key] = uint8(n.open+1) | uint8(n.closed+1)<<4
	}
	return &t
}()

// maxLetters is the length of the longest Vietnamese syllable in letters
// (nghiêng has 7; ngh + uyê + ch would have 8).
const maxLetters = 8

// syllable is one word of text split into letters, each with the marks
// written on it in any form, precomposed or combining.
type syllable struct {
	n       int
	base    [maxLetters]byte
	marks   [maxLetters]uint8
	upper   [maxLetters]bool
	combine bool // the word has combining marks
	tones   uint8
}

// scan reads the word that starts at s[i] and returns its end. It reports
// whether the word is made of Vietnamese letters and marks alone and has
// something placement may change: a tone or a combining mark.
func (w *syllable) scan(s []byte, i int) (end int, ok bool) {
	*w = syllable{}
	ok = true
	for i < len(s) {
		var info runeInfo
		n := 1
		if c := s[i]; c < utf8.RuneSelf {
			info = runeInfos[c]
		} else {
			var r rune
			r, n = utf8.DecodeRune(s[i:])
			if n == 1 { // invalid UTF-8 ends a word
				break
			}
			info = infoOf(r)
		}
		if info.class == classSep {
			break
		}
		if ok {
			ok = w.add(info)
		}
		i += n
	}
	return i, ok && (w.tones != 0 || w.combine)
}

// add appends a letter, or a mark to the last letter, and reports whether
// the word can still be a syllable.
func (w *syllable) add(info runeInfo) bool {
	switch info.class {
	case classLetter:
		if w.n == maxLetters {
			return false
		}
		w.base[w.n] = info.base
		w.marks[w.n] = info.marks
		w.upper[w.n] = info.upper
		w.tones |= info.marks & toneMarks
		w.n++
		return true
	case classMark:
		if w.n == 0 {
			return false
		}
		w.marks[w.n-1] |= info.marks
		w.tones |= info.marks & toneMarks
		w.combine = true
		return true
	}
	return false
}

// settled reports, without parsing, that placement leaves the word as it
// is: it has no combining marks and at most one toned letter, and that
// letter is its only vowel or one of ă â ê ô ơ, which take the tone in
// every nucleus that has them. (A word that is not a syllable stays as it
// is too.)
func (w *syllable) settled() bool {
	if w.combine {
		return false
	}
	vowels, toned := 0, -1
	for i := 0; i < w.n; i++ {
		if isVowelBase(w.base[i]) {
			vowels++
		}
		if w.marks[i]&toneMarks != 0 {
			if toned >= 0 {
				return false
			}
			toned = i
		}
	}
	if toned < 0 || vowels == 1 {
		return true
	}
	return takesTone(w.base[toned], w.marks[toned])
}

// takesTone reports whether the vowel is ă, â, ê, ô or ơ: the vowels that
// take the tone in every nucleus that has them (ư gives it to the ơ of ươ).
func takesTone(base byte, marks uint8) bool {
	return marks&(markBreve|markCirc) != 0 || marks&markHorn != 0 && base == 'o'
}

// place parses the word as onset, vowel nucleus and final consonant and
// returns the letter that takes the tone, and whether the word is a
// Vietnamese syllable with at most one tone (written once or more).
func (w *syllable) place() (at int, ok bool) {
	if w.tones&(w.tones-1) != 0 { // two different tones
		return 0, false
	}
	n := w.n
	k := 0
	for k < n && !isVowelBase(w.base[k]) {
		if w.marks[k] != 0 {
			return 0, false
		}
		k++
	}
	if !isOnset(w.base[:k]) {
		return 0, false
	}
	// qu and gi before a vowel are onsets: quý, giữa, già (but gìn).
	if k == 1 && w.base[0] == 'q' {
		if k == n || w.base[k] != 'u' || w.marks[k]&vowelMarks != 0 {
			return 0, false
		}
		k++
	} else if k == 1 && w.base[0] == 'g' && k+1 < n && w.base[k] == 'i' &&
		w.marks[k]&vowelMarks == 0 && isVowelBase(w.base[k+1]) {
		k++
	}
	start := k
	var key uint16
	for k < n && isVowelBase(w.base[k]) {
		v := vowelOf(w.base[k], w.marks[k])
		if v == 0 || k-start == 3 {
			return 0, false
		}
		key = key<<4 | uint16(v)
		k++
	}
	if k == start {
		return 0, false
	}
	for i := k; i < n; i++ {
		if w.marks[i] != 0 || isVowelBase(w.base[i]) {
			return 0, false
		}
	}
	if !isFinal(w.base[k:n]) {
		return 0, false
	}
	pos := nucleusTone[key]
	if k < n {
		pos >>= 4
	}
	pos &= 0xF
	if pos == 0 {
		return 0, false
	}
	return start + int(pos) - 1, true
}

// isOnset reports whether the consonants b begin Vietnamese syllables.
func isOnset(b []byte) bool {
	switch string(b) {
	case "", "b", "c", "ch", "d", "\x01", "g", "gh", "h", "k", "kh", "l", "m", "n",
		"ng", "ngh", "nh", "p", "ph", "q", "r", "s", "t", "th", "tr", "v", "x":
		return true
	}
	return false
}

// isFinal reports whether the consonants b end Vietnamese syllables. The k
// of the Central Highlands names (Đắk Lắk) counts as a final.
func isFinal(b []byte) bool {
	switch string(b) {
	case "", "c", "ch", "k", "m", "n", "ng", "nh", "p", "t":
		return true
	}
	return false
}

// appendCanonical appends the word with the tone on letter at, every letter
// precomposed (NFC).
func (w *syllable) appendCanonical(out []byte, at int) []byte {
	tone := 0
	if w.tones != 0 {
		for tone = 1; w.tones&(1<<(tone-1)) == 0; tone++ {
		}
	}
	for i := 0; i < w.n; i++ {
		b, c := w.base[i], 0
		if w.upper[i] {
			c = 1
		}
		switch {
		case b == baseDStroke:
			out = utf8.AppendRune(out, [2]rune{'đ', 'Đ'}[c])
		case !isVowelBase(b):
			out = append(out, b-byte(c*('a'-'A')))
		default:
			t := 0
			if i == at {
				t = tone
			}
			out = utf8.AppendRune(out, vowelRunes[vowelOf(b, w.marks[i])][t][c])
		}
	}
	return out
}

// canonical reports whether the word, which scan read, is already written
// as appendCanonical would write it.
func (w *syllable) canonical(at int) bool {
	if w.combine {
		return false
	}
	for i := 0; i < w.n; i++ {
		if (w.marks[i]&toneMarks != 0) != (i == at && w.tones != 0) {
			return false
		}
	}
	return true
}

// placeTones rewrites s so that every Vietnamese syllable in it carries its
// tone mark on the vowel where it belongs and is precomposed: hòan → hoàn,
// lựơng → lượng, hoà → hòa, qủa → quả, and a syllable in NFD or with its
// tone written twice becomes one NFC spelling. A word is a run of letters,
// combining marks and digits; words that are not Vietnamese syllables,
// and syllables with two different tones, are left as they are. Each letter
// keeps its case. s may hold NFD text and invalid UTF-8, which separates
// words. placeTones returns s itself when nothing changes, and a new slice
// otherwise.
func placeTones(s []byte) []byte {
	var out []byte // nil until something changes
	last := 0      // bytes of s before last are in out
	var w syllable
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if runeInfos[c].class == classSep {
				i++
				continue
			}
		} else if r, n := utf8.DecodeRune(s[i:]); n == 1 || infoOf(r).class == classSep {
			i += n
			continue
		}
		j, ok := w.scan(s, i)
		if ok && !w.settled() {
			if at, ok := w.place(); ok && !w.canonical(at) {
				if out == nil {
					out = make([]byte, 0, len(s)+4)
				}
				out = append(out, s[last:i]...)
				out = w.appendCanonical(out, at)
				last = j
			}
		}
		i = j
	}
	if out == nil {
		return s
	}
	return append(out, s[last:]...)
}
