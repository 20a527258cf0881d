package entity

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vnsearch/vnsearch/analyze"
)

// Token states in a document.
const (
	stFree    uint8 = iota
	stMention       // part of an emitted mention
	stTitle         // part of a person title
	stBlock         // part of a blocker or a demonym
	stDocWord       // part of a legal document word
)

// Title kinds in doc.title.
const (
	titleVi   uint8 = 1 + iota // a Vietnamese title
	titleEn                    // an English title, may be followed by "of ..."
	titleWeak                  // a cue such as "Ảnh:" that needs a two-word name
)

// found is a mention under construction, with its token span.
type found struct {
	Mention
	ti, tj int  // token span [ti, tj)
	full   bool // a person's name of two words or more
	titled bool // a person's name found after a title
}

// doc is the per-call state of Extract; it is pooled.
type doc struct {
	e     *Extractor
	s     string
	tz    tokenizer
	st    []uint8
	title []uint8 // per token: 1 when a Vietnamese title ends here, 2 for English
	fs    []found
	buf   []byte
	cand  []candidate
	lang  uint8 // 0 unknown, 1 Vietnamese, 2 other
	acc   uint8 // 0 unknown, 1 accented, 2 not (see accented)
}

func (d *doc) reset() {
	d.lang, d.acc = 0, 0
	d.s = ""
	d.fs = d.fs[:0]
}

func (d *doc) run(s string) []Mention {
	d.s = s
	d.tz.tokenize(s)
	n := len(d.tz.toks)
	d.st = slices0(d.st, n)
	d.title = slices0(d.title, n)
	d.fs = d.fs[:0]
	d.numbers()
	d.gazetteer()
	d.foreignVi()
	d.persons()
	d.resolve()
	if len(d.fs) == 0 {
		return nil
	}
	out := make([]Mention, 0, len(d.fs))
	for _, f := range d.fs {
		if f.ID == "" || f.Start < 0 || f.End > len(s) || f.Start >= f.End {
			continue
		}
		f.Text = s[f.Start:f.End]
		out = append(out, f.Mention)
	}
	sortMentions(out)
	return out
}

func slices0(b []uint8, n int) []uint8 {
	if cap(b) < n {
		return make([]uint8, n)
	}
	b = b[:n]
	clear(b)
	return b
}

func (d *doc) key(k int) string {
	t := &d.tz.toks[k]
	return string(d.tz.arena[t.ks:t.ke])
}

func (d *doc) keyIs(k int, s string) bool {
	if k < 0 || k >= len(d.tz.toks) {
		return false
	}
	t := &d.tz.toks[k]
	return string(d.tz.arena[t.ks:t.ke]) == s
}

func (d *doc) raw(k int) string {
	t := &d.tz.toks[k]
	return d.s[t.start:t.end]
}

// joined reports whether token k follows token k-1 on the same line.
func (d *doc) joined(k int) bool {
	return k > 0 && k < len(d.tz.toks) && d.tz.toks[k].flags&flagNL == 0
}

// adjacent reports whether token k touches token k-1 (no space between).
func (d *doc) adjacent(k int) bool {
	return k > 0 && k < len(d.tz.toks) && d.tz.toks[k].start == d.tz.toks[k-1].end
}

func (d *doc) add(t Type, ti, tj int, id string) *found {
	toks := d.tz.toks
	d.fs = append(d.fs, found{Mention: Mention{Type: t, Start: int(toks[ti].start), End: int(toks[tj-1].end), ID: id}, ti: ti, tj: tj})
	for k := ti; k < tj; k++ {
		d.st[k] = stMention
	}
	return &d.fs[len(d.fs)-1]
}

// candidate is a trie node where a name ends, and the token after it.
type candidate struct {
	node int32
	end  int
}

// longest finds the gazetteer names that start at token i, longest first,
// and returns the first one that the text accepts, with its end token.
func (d *doc) longest(i int, accept func(e *entry, i, j int) bool) (*entry, int) {
	g := d.e.g
	toks := d.tz.toks
	d.cand = d.cand[:0]
	if i < len(toks) && !g.first.mayHave(toks[i].hash) {
		return nil, 0
	}
	n := int32(0)
	for j := i; j < len(toks) && j-i < g.maxToks; j++ {
		if d.st[j] != stFree || (j > i && !d.joined(j)) {
			break
		}
		n = g.trie.next(n, d.tz.arena[toks[j].ks:toks[j].ke], toks[j].hash)
		if n == 0 {
			break
		}
		if len(g.trie.nodes[n].ents) > 0 {
			d.cand = append(d.cand, candidate{node: n, end: j + 1})
		}
		if !g.trie.nodes[n].kids {
			break
		}
	}
	for c := len(d.cand) - 1; c >= 0; c-- {
		j := d.cand[c].end
		for _, x := range g.trie.nodes[d.cand[c].node].ents {
			e := &g.entries[x]
			if d.agrees(e, i, j) && (accept == nil || accept(e, i, j)) {
				return e, j
			}
		}
	}
	return nil, 0
}

// agrees checks case and diacritics of tokens [i, j) against entry e.
func (d *doc) agrees(e *entry, i, j int) bool {
	toks := d.tz.toks
	if e.flags&entCase != 0 {
		for k := i; k < j; k++ {
			if d.raw(k) != e.raw[k-i] {
				return false
			}
		}
		return true
	}
	if e.flags&entLower == 0 && toks[i].flags&flagUpper == 0 {
		return false
	}
	marks := false
	for k := i; k < j; k++ {
		if toks[k].flags&flagMarks != 0 {
			marks = true
			break
		}
	}
	if !marks {
		return true
	}
	for k := i; k < j; k++ {
		w := e.words[k-i]
		if toks[k].flags&flagMarks == 0 {
			if w != "" {
				return false
			}
			continue
		}
		if w == "" || canonMarks(d.raw(k)) != w {
			return false
		}
	}
	return true
}

// isFamily reports whether token k is a Vietnamese family name, with
// diacritics that agree when it has any. Without diacritics, names that
// spell common words (Trương/trường) do not count.
func (d *doc) isFamily(k int) bool { return d.family(k, false) }

// family is isFamily; loose accepts the ambiguous names without diacritics.
func (d *doc) family(k int, loose bool) bool {
	if k < 0 || k >= len(d.tz.toks) {
		return false
	}
	t := &d.tz.toks[k]
	if t.kind != kindWord || t.flags&flagUpper == 0 {
		return false
	}
	fam := d.e.g.families
	amb, ok := fam[string(d.tz.arena[t.ks:t.ke])]
	if !ok {
		return false
	}
	if t.flags&flagMarks == 0 {
		return loose || !amb
	}
	_, ok = fam[canonMarks(d.raw(k))]
	return ok
}

// countryCues are words after which an ambiguous country name (Đức, Nga,
// Anh, Nhật) is read as the country.
var countryCues = map[string]bool{
	"nước": true, "tại": true, "ở": true, "sang": true, "đến": true, "tới": true, "từ": true,
	"với": true, "của": true, "giữa": true, "phía": true, "và": true, "thăm": true,
	"chlb": true, "quán": true, "thống": true, "tướng": true, "phủ": true, "giao": true,
	"trưởng": true, "hoàng": true, "tịch": true, "vương": true, "sứ": true, "liên": true,
	"là": true, "đô": true, "la": true,
}

// countryCue reports whether the word before token i is one of
// countryCues (cueBefore). A cue whose diacritics are left out must be
// lower case unless it starts a sentence: "Giao Duc", "Thong Nhat", "lang
// Tu Duc" are names. Cues spelt without diacritics (CHLB) are exempt.
func (d *doc) countryCue(i int) bool {
	if !d.cueBefore(i, countryCues, countryCuesFolded) {
		return false
	}
	k := i - 1
	t := d.tz.toks[k]
	return t.flags&(flagMarks|flagUpper) != flagUpper || countryCues[d.key(k)] || d.sentenceStart(k)
}

// sentenceStart reports whether token k starts a line or follows the end
// of a sentence or an opening quote or bracket.
func (d *doc) sentenceStart(k int) bool {
	if !d.joined(k) {
		return true
	}
	switch d.key(k - 1) {
	case ".", "!", "?", "\"", "(", ":":
		return true
	}
	return false
}

// placeCues are words before a name that make it a place or an organisation
// (đường Nguyễn Trãi, Trường THPT Lê Quý Đôn), not a person.
var placeCues = map[string]bool{
	"đường": true, "phố": true, "quận": true, "huyện": true, "xã": true, "phường": true,
	"thôn": true, "làng": true, "cầu": true, "chùa": true, "đền": true, "sông": true,
	"núi": true, "ngõ": true, "hẻm": true, "thpt": true, "thcs": true, "trường": true,
	"street": true, "road": true, "avenue": true, "thị": true, "ấp": true, "q": true,
	"bản": true, "khu": true, "đảo": true, "cảng": true, "châu": true, "hiệu": true,
	"tp": true, "p": true, "mỹ": true,
}

// lowerNFC returns the lower-case NFC form of token k (for cue lookups).
func (d *doc) lowerNFC(k int) string {
	r := d.raw(k)
	if d.tz.toks[k].flags&flagMarks == 0 {
		return strings.ToLower(r)
	}
	return strings.ToLower(nfc(r))
}

// foldCues maps the folded keys of a cue set.
func foldCues(m map[string]bool) map[string]bool {
	f := map[string]bool{}
	for k := range m {
		f[analyze.Fold(k)] = true
	}
	return f
}

var (
	countryCuesFolded = foldCues(countryCues)
	placeCuesFolded   = foldCues(placeCues)
)

// cueBefore reports whether the word before token i is in cues, or, when
// that word has no diacritics, whether its key is in folded.
func (d *doc) cueBefore(i int, cues, folded map[string]bool) bool {
	k := i - 1
	if k < 0 || d.tz.toks[k].kind != kindWord || !d.joined(i) {
		return false
	}
	if d.tz.toks[k].flags&flagMarks == 0 {
		return folded[d.key(k)]
	}
	return cues[d.lowerNFC(k)]
}

// marked reports whether a token of [i, j) has diacritics.
func (d *doc) marked(i, j int) bool {
	for k := i; k < j; k++ {
		if d.tz.toks[k].flags&flagMarks != 0 {
			return true
		}
	}
	return false
}

// honorifics are the words before a person's name that say how the
// writer addresses them; folded, those that spell no common word.
var (
	honorifics       = map[string]bool{"ông": true, "bà": true, "anh": true, "chị": true, "cô": true, "chú": true, "bác": true, "em": true, "cụ": true}
	honorificsFolded = map[string]bool{"ong": true, "anh": true, "chi": true}
)

// honorific reports whether token k is an honorific.
func (d *doc) honorific(k int) bool {
	if k < 0 || k >= len(d.tz.toks) || d.tz.toks[k].kind != kindWord {
		return false
	}
	if d.tz.toks[k].flags&flagMarks == 0 {
		return honorificsFolded[string(d.key(k))]
	}
	return honorifics[d.lowerNFC(k)]
}

// vnNameWord reports whether token k is a capitalised Vietnamese
// syllable: a word with diacritics, or one spelt like a syllable.
func (d *doc) vnNameWord(k int) bool {
	if k < 0 || k >= len(d.tz.toks) {
		return false
	}
	t := &d.tz.toks[k]
	return t.kind == kindWord && t.flags&flagUpper != 0 && (t.flags&flagMarks != 0 || vnSyllable(string(d.key(k))))
}

// afterField reports whether token i follows a minister's title and
// its field: "Bộ trưởng Quốc phòng Nga".
func (d *doc) afterField(i int) bool {
	for k := i - 1; k >= 1 && i-k <= d.e.g.maxField; k-- {
		if d.st[k-1] == stTitle && d.ministryField(k) == i {
			return true
		}
	}
	return false
}

// countryNamed reports whether the text named the country id before token
// i by another name ("Nhật Bản" before "Nhật"), and the name [i, j) does
// not start a sentence or follow an honorific, a title, a name word or a
// word that makes it a language or a people.
func (d *doc) countryNamed(id string, i, j int) bool {
	if i == 0 || d.sentenceStart(i) || d.honorific(i-1) || d.st[i-1] == stTitle ||
		d.nameWord(i-1) || d.keyIs(i-1, "tieng") || d.keyIs(i-1, "nguoi") {
		return false // "Anh phải", "Tuấn Anh", "tiếng Anh", "người Nhật"
	}
	for _, f := range d.fs {
		if f.Type == Country && f.ID == id && f.tj <= i && d.spanKey(f.ti, f.tj) != d.spanKey(i, j) {
			return true
		}
	}
	return false
}

// listedCountry reports whether token i comes after a country and a
// comma, in a list of countries: "Tiệp Khắc, Nam Tư", "Pháp, Đức".
func (d *doc) listedCountry(i int) bool {
	if i < 2 || !d.keyIs(i-1, ",") || !d.joined(i) || !d.joined(i-1) {
		return false
	}
	for k := len(d.fs) - 1; k >= 0 && d.fs[k].tj >= i-1; k-- {
		if d.fs[k].tj == i-1 {
			return d.fs[k].Type == Country
		}
	}
	return false
}

// gazetteer runs the longest-match gazetteer pass over the free tokens.
func (d *doc) gazetteer() {
	toks := d.tz.toks
	for i := 0; i < len(toks); i++ {
		if d.st[i] != stFree || toks[i].kind == kindNum {
			continue
		}
		e, j := d.longest(i, d.accept)
		if e == nil {
			continue
		}
		switch e.typ {
		case kindTitle:
			for k := i; k < j; k++ {
				d.st[k] = stTitle
			}
			switch e.id {
			case "en":
				d.title[j-1] = titleEn
			case "weak":
				d.title[j-1] = titleWeak
			default:
				d.title[j-1] = titleVi
			}
		case kindBlock:
			for k := i; k < j; k++ {
				d.st[k] = stBlock
			}
		case kindDocWord:
			for k := i; k < j; k++ {
				d.st[k] = stDocWord
			}
		case kindDemonym:
			if jj, ok := d.foreignEn(e.id, i, j); ok {
				j = jj
			} else {
				for k := i; k < j; k++ {
					d.st[k] = stBlock
				}
			}
		case kindForeign:
			continue
		case Country:
			d.add(Country, i, j, e.id)
			// "Korea's Ministry of ..." names a foreign ministry.
			if e.id != "VN" && d.keyIs(j, "'") && d.keyIs(j+1, "s") {
				if jj, ok := d.foreignEn(e.id, j+2, j+2); ok {
					j = jj
				}
			}
		default:
			d.add(e.typ, i, j, e.id)
		}
		i = j - 1
	}
}

// accept applies the context rules to a gazetteer match of tokens [i, j).
func (d *doc) accept(e *entry, i, j int) bool {
	switch e.typ {
	case kindForeign:
		return false
	case kindTitle:
		// a capitalised title word inside a name is a name (Phan Ba Manh)
		if d.tz.toks[i].flags&flagUpper != 0 && d.nameWord(i-1) && d.joined(i) {
			return false
		}
		// a lower-case word of the title written capitalised after a
		// lower-case one starts a name: "cầu Thủ Thiêm", "trưởng Ban Đào tạo"
		for k := i + 1; k < j; k++ {
			w := e.raw[k-i]
			if d.tz.toks[k].flags&flagUpper != 0 && d.tz.toks[k-1].flags&flagUpper == 0 && !unicode.IsUpper([]rune(w)[0]) {
				return false
			}
		}
	case Country:
		if j-i == 1 && d.tz.toks[i].flags&flagMarks != 0 {
			// "Việt-Mỹ", "Việt - Hàn": halves of compounds are optional; skip them.
			if i >= 2 && d.keyIs(i-1, "-") && d.keyIs(i-2, "viet") {
				return false
			}
		}
		if j-i == 1 && e.words[0] != "" && d.tz.toks[i].flags&flagMarks == 0 &&
			len(d.key(i)) < 3 && !d.countryCue(i) && !d.listedCountry(i) {
			return false // "Bi an" is Bí ẩn, not Bỉ; "Han Quoc, My" is Mỹ
		}
		if e.flags&entCtx != 0 {
			// the name's diacritics, if it has any, must be written in
			// accented text (Duc is too many things to be Đức), and a cue
			// or a list of countries must come before it, or the text
			// must have named the country otherwise
			if e.marked() && !d.marked(i, j) && d.accented() || !d.countryCue(i) && !d.listedCountry(i) && !d.afterField(i) && !d.countryNamed(e.id, i, j) {
				return false
			}
			// before a capitalised Vietnamese syllable it is a name
			// (Đức Anh); before a foreign name it is the country (Nga
			// Vladimir Putin)
			if d.joined(j) && d.vnNameWord(j) {
				return false
			}
		}
		if d.isFamily(i-1) && d.joined(i) && d.st[i-1] == stFree {
			return false
		}
		// "bà Mỹ Duyên", "xã Mỹ Lý", "ca sĩ Mỹ Uyên": after an honorific,
		// a place word or a title and before a Vietnamese syllable, a
		// name's first word (after a title, a country of one syllable
		// before a word that is no family name: "Thủ tướng Việt Nam Phạm
		// Minh Chính", "Thủ tướng Campuchia Hun Sen" keep their country)
		if d.vnNameWord(j) && d.joined(j) && !d.adjacent(i) && (d.honorific(i-1) || d.cueBefore(i, placeCues, placeCuesFolded) || j-i == 1 && i > 0 && d.st[i-1] == stTitle && !d.isFamily(j) && vnSyllable(d.key(i))) {
			return false
		}
	case Province, kindBlock:
		if d.isFamily(i-1) && d.joined(i) && d.st[i-1] == stFree {
			return false // Nguyễn Thái Bình, Nguyễn Tân Cương are people
		}
	}
	return true
}

// foreignEn reads "Ministry of X" at token j (after a demonym or a country
// at [i, j)) and adds a foreign ministry; for Viet Nam it adds the ministry
// the gazetteer knows. It returns the end token.
func (d *doc) foreignEn(iso string, i, j int) (int, bool) {
	toks := d.tz.toks
	if !d.keyIs(j, "ministry") || !d.keyIs(j+1, "of") || toks[j].flags&flagUpper == 0 {
		return 0, false
	}
	k := j + 2
	end := k
	for k < len(toks) && k-j < 14 && d.joined(k) && d.st[k] == stFree {
		t := toks[k]
		switch {
		case t.kind == kindWord && t.flags&flagUpper != 0:
			k++
			end = k
		case d.keyIs(k, "and") || d.keyIs(k, "&") || d.keyIs(k, ","):
			k++
		default:
			k = len(toks)
		}
	}
	if end == j+2 {
		return 0, false
	}
	if iso == "VN" {
		return 0, false // the gazetteer knows Viet Nam's ministries
	}
	name := d.s[toks[j].start:toks[end-1].end]
	d.add(Ministry, i, end, iso+":"+foldID(name))
	return end, true
}

// foldID folds diacritics, lower-cases and collapses spaces.
func foldID(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(analyze.Fold(s))), " ")
}

// foreignVi turns a Vietnamese ministry followed by a foreign country
// ("Bộ Y tế Ấn Độ") into that country's ministry; the country stays.
func (d *doc) foreignVi() {
	n := len(d.fs)
	for x := 0; x < n; x++ {
		m := &d.fs[x]
		if m.Type != Ministry || strings.Contains(m.ID, ":") || x+1 >= n {
			continue
		}
		c := d.fs[x+1]
		if c.Type != Country || c.ti != m.tj || c.ID == "VN" || !d.joined(c.ti) {
			continue
		}
		name, ok := d.e.foreign[c.ID+":"+m.ID]
		if !ok {
			name = d.e.englishName(m.ID)
		}
		m.ID = c.ID + ":" + foldID(name)
		m.End = c.End
		m.tj = c.tj
	}
}

// englishName returns the English name of a Vietnamese ministry ID: the
// first "Ministry of" name the gazetteer lists for it, which is the
// official one ("Ministry of National Defence" before "Ministry of
// Defence"), so that a foreign ministry's ID does not depend on the order
// of a map.
func (e *Extractor) englishName(id string) string {
	for i := range e.g.entries {
		en := &e.g.entries[i]
		if en.typ == Ministry && en.id == id && strings.HasPrefix(en.name, "Ministry of") {
			return en.name
		}
	}
	return id
}

// docNumRE matches a document number at the start of a window: the number,
// an optional year, and a code of letters, digits and '&' in segments joined
// by '-' or '/' (57-NQ/TW, 13/2023/NĐ-CP, 123/QĐ-TTg, 57/NQTW).
var docNumRE = regexp.MustCompile(`^\d{1,5}[/-](?:(?:19|20)\d\d[/-])?\p{Lu}[\p{L}\p{M}\d&]*(?:[-/][\p{L}\p{M}\d&]+)*`)

// numYearRE matches a number and a year without a code: 52/2017.
var numYearRE = regexp.MustCompile(`^\d{1,5}/(?:19|20)\d\d`)

// numbers finds resolution and document numbers around number tokens.
func (d *doc) numbers() {
	toks := d.tz.toks
	s := d.s
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != kindNum || t.end-t.start > 5 {
			continue
		}
		if t.start > 0 {
			c, _ := utf8.DecodeLastRuneInString(s[:t.start])
			if c == '/' || c == '-' || c == '.' || c == ',' || isLetter(c) {
				continue
			}
		}
		end := int(t.end)
		if end < len(s) && (s[end] == '/' || s[end] == '-') {
			w := s[t.start:min(len(s), int(t.start)+64)]
			if loc := docNumRE.FindStringIndex(w); loc != nil {
				code := w[:loc[1]]
				j := i + 1
				for j < len(toks) && int(toks[j].end) <= int(t.start)+loc[1] {
					j++
				}
				d.docNumber(i, j, code)
				i = j - 1
				continue
			}
		}
		// a number and a year without a code after a document word:
		// "Nghị quyết 52/2017"
		if loc := numYearRE.FindStringIndex(s[t.start:min(len(s), int(t.start)+16)]); loc != nil && d.maybeResolutionWord(i) {
			e := int(t.start) + loc[1]
			if e == len(s) || !strings.ContainsRune("/-", rune(s[e])) && !isLetter(rune(s[e])) && (s[e] < '0' || s[e] > '9') {
				if ws, class := d.docWordBefore(i); class == Resolution || class == Document {
					j := i + 1
					for j < len(toks) && int(toks[j].end) <= e {
						j++
					}
					d.addNumber(class, ws, i, j, s[t.start:e])
					i = j - 1
					continue
				}
			}
		}
		// a bare number after "Nghị quyết (số)" or "Resolution (No.)"
		if end < len(s) && (s[end] == '/' || s[end] == '-' || s[end] == '.' || s[end] == ',') && end+1 < len(s) && s[end+1] >= '0' && s[end+1] <= '9' {
			continue
		}
		if !d.maybeResolutionWord(i) {
			continue
		}
		if ws, class := d.docWordBefore(i); class == Resolution {
			d.addNumber(Resolution, ws, i, i+1, s[t.start:t.end])
		}
	}
}

func isLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0x80 && r != utf8.RuneError && isLetterSlow(r)
}

// docNumber adds the number of tokens [i, j) with code text.
func (d *doc) docNumber(i, j int, code string) {
	id := canonicalNumber(code)
	typ := Document
	// the code's first letters name the kind of document: NQ for resolutions
	rest := id[strings.IndexAny(id, "/-")+1:]
	if len(rest) > 5 && rest[4] == '/' || len(rest) > 5 && rest[4] == '-' {
		if _, err := atoi4(rest[:4]); err == nil {
			rest = rest[5:]
		}
	}
	ws, class := d.docWordBefore(i)
	switch {
	case strings.HasPrefix(rest, "NQ"):
		typ = Resolution
	case class == Resolution:
		typ = Resolution
	}
	d.addNumber(typ, ws, i, j, id)
}

// addNumber adds the number of tokens [i, j) with its document word from
// token ws on ("Nghị quyết 57"), or without one when ws < 0.
func (d *doc) addNumber(typ Type, ws, i, j int, id string) {
	f := d.add(typ, i, j, id)
	if ws < 0 {
		return
	}
	f.Start = int(d.tz.toks[ws].start)
	f.ti = ws
	for k := ws; k < i; k++ {
		d.st[k] = stMention
	}
}

func atoi4(s string) (int, error) {
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, errNotNum
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

// maybeResolutionWord is a quick test for a resolution word before token i.
func (d *doc) maybeResolutionWord(i int) bool {
	p := i - 1
	if d.keyIs(p, ".") {
		p -= 2
	} else if d.keyIs(p, "so") || d.keyIs(p, "no") {
		p--
	}
	return d.keyIs(p, "quyet") || d.keyIs(p, "resolution") || d.keyIs(p, "tich")
}

// docWordBefore finds a legal document word ending right before token i,
// allowing "số", "No." or "No" between; it returns its first token and class.
func (d *doc) docWordBefore(i int) (int, Type) {
	p := i - 1
	if d.keyIs(p, ".") && d.keyIs(p-1, "no") {
		p -= 2
	} else if d.keyIs(p, "so") || d.keyIs(p, "no") {
		p--
	}
	if p < 0 {
		return -1, ""
	}
	for start := max(0, p-3); start <= p; start++ {
		if d.st[start] != stFree {
			continue
		}
		e, j := d.longest(start, nil)
		if e != nil && e.typ == kindDocWord && j == p+1 {
			return start, Type(e.id)
		}
	}
	return -1, ""
}
