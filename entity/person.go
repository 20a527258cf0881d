package entity

import (
	"errors"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var errNotNum = errors.New("entity: not a number")

func isLetterSlow(r rune) bool { return unicode.IsLetter(r) }

func nfc(s string) string { return norm.NFC.String(s) }

// notNames are capitalised words that start organisations and common
// phrases, not names, when they follow a title ("Chủ tịch Hội", "Thủ tướng
// Chính phủ"). Vietnamese words are matched with their diacritics, or by
// their folded key when the text has none.
var notNames = map[string]bool{
	"chính": true, "hội": true, "ban": true, "sở": true, "bộ": true, "ủy": true, "uỷ": true,
	"trung": true, "nhà": true, "quốc": true, "đảng": true, "tỉnh": true, "thành": true,
	"huyện": true, "xã": true, "phường": true, "viện": true, "trường": true, "công": true,
	"tổng": true, "cục": true, "vụ": true, "tổ": true, "đoàn": true, "mặt": true, "liên": true,
	"các": true, "những": true, "tập": true, "ngân": true, "bệnh": true, "trong": true,
	"theo": true, "tại": true, "khi": true, "nếu": true, "sau": true, "ngày": true, "tháng": true,
	"văn": true, "học": true, "đại": true, "hãng": true, "quỹ": true, "câu": true, "tờ": true,
	"the": true, "a": true, "an": true, "of": true, "and": true, "in": true, "on": true,
	"for": true, "at": true, "this": true, "that": true, "he": true, "she": true, "it": true,
	"we": true, "they": true, "his": true, "her": true, "said": true, "also": true,
	"department": true, "ministry": true, "government": true, "committee": true,
	"state": true, "party": true, "national": true, "office": true, "general": true,
}

var notNamesFolded = foldCues(notNames)

// notName reports whether token k is in notNames.
func (d *doc) notName(k int) bool {
	if d.tz.toks[k].flags&flagMarks == 0 {
		return notNamesFolded[d.key(k)]
	}
	return notNames[d.lowerNFC(k)]
}

// reportVerbs may follow a one-word reference that is also a common English
// word ("To said", "To also reaffirmed").
var reportVerbs = map[string]bool{
	"said": true, "says": true, "also": true, "stressed": true, "noted": true, "added": true,
	"urged": true, "called": true, "welcomed": true, "proposed": true, "emphasised": true,
	"emphasized": true, "reaffirmed": true, "asserted": true, "told": true, "highlighted": true,
	"affirmed": true, "expressed": true, "suggested": true, "praised": true, "requested": true,
	"asked": true, "announced": true, "underlined": true, "pointed": true, "stated": true,
	"noi": true, "cho": true, "khang": true, "nhan": true, "chia": true, "de": true,
}

// functionWords are English words that a one-word reference may spell.
var functionWords = map[string]bool{
	"to": true, "do": true, "the": true, "a": true, "an": true, "in": true, "on": true,
	"at": true, "by": true, "for": true, "of": true, "and": true, "but": true, "so": true,
	"as": true, "if": true, "it": true, "he": true, "we": true, "may": true, "will": true,
	"can": true, "le": true, "la": true, "ha": true, "ho": true, "long": true, "van": true,
}

// nameWord reports whether token k can be part of a name.
func (d *doc) nameWord(k int) bool {
	if k < 0 || k >= len(d.tz.toks) || d.st[k] != stFree {
		return false
	}
	t := &d.tz.toks[k]
	if t.kind != kindWord || t.flags&flagUpper == 0 {
		return false
	}
	if t.flags&flagAllCap != 0 && t.end-t.start > 1 {
		return false
	}
	return true
}

// initial reports whether token k is a one-letter initial followed by ".".
func (d *doc) initial(k int) bool {
	t := &d.tz.toks[k]
	return t.end-t.start == 1 && d.keyIs(k+1, ".") && d.adjacent(k+1)
}

// namePart reports whether token k is a short lower-case word that may
// end a hyphenated name (the "in" of Jae-in, the "myung" of Jae-myung).
func (d *doc) namePart(k int) bool {
	if k >= len(d.tz.toks) || d.st[k] != stFree {
		return false
	}
	t := d.tz.toks[k]
	return t.kind == kindWord && t.flags&flagUpper == 0 && t.end-t.start <= 5
}

// nameRun returns the end of the run of name words that starts at token i,
// and the number of words in it that are not initials.
func (d *doc) nameRun(i int) (int, int) {
	k, words := i, 0
	for k < len(d.tz.toks) && k-i < 8 && d.nameWord(k) && (k == i || d.joined(k)) {
		// an apostrophe inside a name: O'Connor, D'Angelo
		if e := d.wordEnd(k); e > k+1 && d.nameWord(k+2) {
			words++
			k = e
			continue
		}
		if d.initial(k) {
			k += 2
			continue
		}
		if t := d.tz.toks[k]; t.end-t.start == 1 {
			k++ // a lone capital letter: an initial without its dot
			continue
		}
		words++
		k++
		// hyphenated given names: Jean-Pierre, and Korean ones with a
		// short lower-case part: Moon Jae-in
		if d.keyIs(k, "-") && d.adjacent(k) && d.adjacent(k+1) && (d.nameWord(k+1) || d.namePart(k+1)) {
			k += 2
		}
		if words == 5 {
			break
		}
	}
	if words == 0 {
		return i, 0
	}
	// do not end on an initial's dot
	return k, words
}

// wordEnd returns the end of the name word at token k: after the
// apostrophe and the word after it when they join it (O'Neill, D'Angelo),
// else k+1.
func (d *doc) wordEnd(k int) int {
	if d.keyIs(k+1, "'") && d.adjacent(k+1) && d.adjacent(k+2) && k+2 < len(d.tz.toks) {
		if t := d.tz.toks[k+2]; t.kind == kindWord && t.flags&flagUpper != 0 {
			return k + 3
		}
	}
	return k + 1
}

// namingCues are the place words before a name that make it a place
// wherever else the text has it: "đường Lê Lợi", "trường THPT Trần Phú".
var namingCues = map[string]bool{
	"đường": true, "phố": true, "quận": true, "huyện": true, "xã": true, "phường": true,
	"thôn": true, "làng": true, "ngõ": true, "hẻm": true, "trường": true, "ấp": true,
	"thpt": true, "thcs": true, "tp": true, "street": true, "road": true, "avenue": true,
}

// namingCue reports whether one of namingCues comes before token i. The
// cue must have its diacritics unless the text has next to none: in
// accented text an unaccented word is another word ("quan", "xa").
func (d *doc) namingCue(i int) bool {
	k := i - 1
	if k < 0 || !d.joined(i) || d.tz.toks[k].kind != kindWord {
		return false
	}
	w := d.lowerNFC(k)
	if d.tz.toks[k].flags&flagMarks != 0 || namingCues[w] {
		return namingCues[w] // a cue with its diacritics, or an ASCII one
	}
	return namingCuesFolded[w] && !d.accented()
}

var namingCuesFolded = foldCues(namingCues)

// accented reports whether more than a tenth of the text's words have
// diacritics.
func (d *doc) accented() bool {
	if d.acc != 0 {
		return d.acc == 1
	}
	words, marked := 0, 0
	for _, t := range d.tz.toks {
		if t.kind == kindWord {
			words++
			if t.flags&flagMarks != 0 {
				marked++
			}
		}
	}
	d.acc = 2
	if marked*10 > words {
		d.acc = 1
	}
	return d.acc == 1
}

// spanKey returns the keys of tokens [i, j) run together, without spaces.
func (d *doc) spanKey(i, j int) string {
	return string(d.tz.arena[d.tz.toks[i].ks:d.tz.toks[j-1].ke])
}

// persons finds people: names after titles, Vietnamese full names that
// start with a family name, and user entries (found by the gazetteer pass).
func (d *doc) persons() {
	toks := d.tz.toks
	var placed map[string]bool // the keys of names that are places or companies
	place := func(i, j int) {
		if placed == nil {
			placed = map[string]bool{}
		}
		placed[d.spanKey(i, j)] = true
	}
	for i := 0; i < len(toks); i++ {
		if d.title[i] != 0 {
			d.afterTitle(i)
		}
	}
	for i := 0; i < len(toks); i++ {
		if !d.nameWord(i) || (i > 0 && d.nameWord(i-1) && d.joined(i)) {
			continue
		}
		if !d.isFamily(i) {
			// "Minister of Science and Technology Nguyen Manh Hung": the
			// words before a family name may end a field or a company
			end, _ := d.nameRun(i)
			k := d.familyAfterBrand(i, end)
			if k == i {
				d.western(i)
				continue
			}
			i = k
		}
		end, words := d.nameRun(i)
		if words < 2 {
			continue
		}
		if d.cueBefore(i, placeCues, placeCuesFolded) {
			if d.namingCue(i) {
				place(i, end)
			}
			i = end - 1
			continue
		}
		f := d.add(Person, i, end, d.s[toks[i].start:toks[end-1].end])
		f.full = true
		i = end - 1
	}
	// companies are not people, nor is a name that a place or company
	// word introduced elsewhere in the text, unless a title introduced it
	for _, f := range d.fs {
		if f.Type == Person && d.organisation(f.ti, f.tj) {
			place(f.ti, f.tj)
		}
	}
	d.fs = slices.DeleteFunc(d.fs, func(f found) bool {
		return f.Type == Person && (d.organisation(f.ti, f.tj) || !f.titled && placed[d.spanKey(f.ti, f.tj)])
	})
}

// Words before the name of a place, which may be a person's name:
// schools and streets are named after people ("Trường THPT Trần Phú",
// "phố Đinh Tiên Hoàng"); administrative units are not, and the name of
// one is a person's when it reads as a full name ("Chủ tịch UBND TP
// Nguyễn Thành Phong", not "Chủ tịch TP Hội An").
var (
	streetCues       = map[string]bool{"thpt": true, "thcs": true, "trường": true, "đường": true, "phố": true}
	streetCuesFolded = foldCues(streetCues)
	unitCues         = map[string]bool{"tp": true, "quận": true, "huyện": true, "phường": true, "xã": true, "tỉnh": true, "thôn": true, "ấp": true}
	unitCuesFolded   = foldCues(unitCues)
)

// namedPlace reports whether the name of words words at token k, after a
// title, is the name of a place rather than a person.
func (d *doc) namedPlace(k, words int) bool {
	city := d.keyIs(k-1, "pho") && d.keyIs(k-2, "thanh") // thành phố
	if !city && d.cueBefore(k, streetCues, streetCuesFolded) {
		return true
	}
	if !city && !d.cueBefore(k, unitCues, unitCuesFolded) || d.keyIs(k-1, "xa") && d.honorific(k-2) { // "ông xã": a husband
		return false
	}
	return !(words >= 3 && (d.family(k, true) || middleNames[string(d.key(k+1))]))
}

// middleNames are common middle names, folded: a run of three words with
// one in second place reads as a full name.
var middleNames = map[string]bool{
	"van": true, "thi": true, "huu": true, "duc": true, "xuan": true, "ngoc": true, "minh": true,
	"thanh": true, "quoc": true, "hong": true, "kim": true, "cong": true, "trong": true, "dinh": true,
	"quang": true, "anh": true, "tien": true, "hoang": true,
}

// companySuffixes end the names of companies, clubs and events, which
// are not people: "Vinamilk Group", "Vietjet Air", "Premier League".
var companySuffixes = map[string]bool{
	"group": true, "corp": true, "corporation": true, "air": true, "airways": true,
	"airlines": true, "mart": true, "retail": true, "jsc": true, "ltd": true, "inc": true,
	"holdings": true, "bank": true, "motors": true, "securities": true, "company": true,
	"league": true, "cup": true, "fc": true, "club": true, "championship": true,
	"championships": true, "awards": true, "festival": true,
}

// orgPrefixes are the words before the name of a company, a brand or a
// hospital, as folded pairs: "công ty", "tập đoàn", "bệnh viện".
var orgPrefixes = map[string]bool{
	"cong ty": true, "tap doan": true, "ngan hang": true, "nhan hang": true,
	"thuong hieu": true, "sieu thi": true, "cua hang": true, "chuoi": true,
	"benh vien": true, "khach san": true, "nha hang": true,
}

// organisation reports whether the capitalised run [i, j) names a company
// rather than a person: it ends with a company suffix, or a company word
// comes before it ("công ty", "hãng").
func (d *doc) organisation(i, j int) bool {
	if j > i && companySuffixes[string(d.key(j-1))] {
		return true
	}
	if i >= 1 && d.joined(i) && d.tz.toks[i-1].kind == kindWord {
		if d.tz.toks[i-1].flags&flagMarks != 0 && d.lowerNFC(i-1) == "hãng" || orgPrefixes[string(d.key(i-1))] {
			return true
		}
		if i >= 2 && d.joined(i-1) && orgPrefixes[string(d.key(i-2))+" "+string(d.key(i-1))] {
			return true
		}
	}
	return false
}

// western tags a run of two or three capitalised words that are not
// Vietnamese syllables ("Hans Kluge", "Matt Sibson") in a Vietnamese text
// when a Vietnamese word with diacritics follows it ("Hans Kluge cảnh báo").
func (d *doc) western(i int) {
	if !d.vietnamese() {
		return
	}
	end, words := d.nameRun(i)
	if words < 2 || words > 3 || end >= len(d.tz.toks) || !d.joined(end) {
		return
	}
	for k := i; k < end; k++ {
		t := d.tz.toks[k]
		if t.kind != kindWord {
			continue
		}
		if t.flags&flagMarks != 0 || vnSyllable(d.key(k)) {
			return
		}
		for _, r := range d.raw(k)[1:] {
			if unicode.IsUpper(r) {
				return // VinFuture: a brand
			}
		}
	}
	n := d.tz.toks[end]
	if n.kind != kindWord || n.flags&flagMarks == 0 || n.flags&flagUpper != 0 {
		return
	}
	f := d.add(Person, i, end, d.s[d.tz.toks[i].start:d.tz.toks[end-1].end])
	f.full = true
}

// vnSyllable reports whether key, folded and lower case, is spelt like
// one Vietnamese syllable without diacritics: an optional onset (ngh, ng,
// nh, ch, gh, gi, kh, ph, th, tr, qu or one of bcdghklmnpqrstvx), one to
// three vowels (aeiouy), an optional final (ng, nh, ch, c, m, n, p, t).
func vnSyllable(key string) bool {
	s := key
	for _, on := range [...]string{"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu"} {
		if strings.HasPrefix(s, on) {
			// the onset may also be a shorter one: "gi" + "a", or "g" + "ia"
			if vnRhyme(s[len(on):]) {
				return true
			}
			break
		}
	}
	if s != "" && strings.IndexByte("bcdghklmnpqrstvx", s[0]) >= 0 {
		s = s[1:]
	}
	return vnRhyme(s)
}

// vnRhyme reports whether s is one to three vowels and an optional final.
func vnRhyme(s string) bool {
	n := 0
	for n < len(s) && n < 4 && strings.IndexByte("aeiouy", s[n]) >= 0 {
		n++
	}
	if n == 0 || n > 3 {
		return false
	}
	switch s[n:] {
	case "", "ng", "nh", "ch", "c", "m", "n", "p", "t":
		return true
	}
	return false
}

// vietnamese reports whether the text reads as Vietnamese: it has words with
// diacritics, or more Vietnamese than English function words.
func (d *doc) vietnamese() bool {
	if d.lang != 0 {
		return d.lang == 1
	}
	vi, en := 0, 0
	toks := d.tz.toks
	for k, t := range toks {
		if vi > en+len(toks)-k {
			break // the rest cannot make en catch up
		}
		if t.kind != kindWord {
			continue
		}
		if t.flags&flagMarks != 0 {
			vi += 3
			continue
		}
		switch d.key(k) {
		case "va", "cua", "la", "cac", "nhung", "trong", "duoc", "cho", "voi", "nguoi", "mot", "nay", "da", "khong", "co", "tai", "ve", "theo", "den", "tu":
			vi++
		case "the", "and", "of", "to", "in", "is", "was", "for", "on", "with", "that", "are", "by":
			en++
		}
	}
	d.lang = 2
	if vi > en {
		d.lang = 1
	}
	return d.lang == 1
}

// ministryField returns the end of the longest ministry field ("Ngoại
// giao", "Tài chính") of free tokens that starts at token q, or q.
func (d *doc) ministryField(q int) int {
	g := d.e.g
	end := q
	d.buf = d.buf[:0]
	for k := q; k < len(d.tz.toks) && k-q < g.maxField && d.st[k] == stFree && d.tz.toks[k].kind == kindWord; k++ {
		if k > q {
			if !d.joined(k) {
				break
			}
			d.buf = append(d.buf, ' ')
		}
		d.buf = append(d.buf, d.key(k)...)
		if g.fields[string(d.buf)] {
			end = k + 1
		}
	}
	return end
}

// mentionAt returns the mention found so far that starts at token k, or nil.
func (d *doc) mentionAt(k int) *found {
	for i := range d.fs {
		if d.fs[i].ti == k {
			return &d.fs[i]
		}
	}
	return nil
}

// familyAfterBrand returns where a Vietnamese full name of three words
// starts inside the name run [i, end), when the words before it are not
// Vietnamese: the company of "Tổng giám đốc Habeco Trần Đình Thanh", the
// field of "Minister of Science and Technology Nguyen Manh Hung".
// Otherwise it returns i.
func (d *doc) familyAfterBrand(i, end int) int {
	for k := i; k < end-2; k++ {
		t := d.tz.toks[k]
		if t.kind != kindWord || t.flags&flagMarks != 0 || vnSyllable(d.key(k)) || d.wordEnd(k) != k+1 {
			return i
		}
		if d.isFamily(k+1) && end-(k+1) >= 3 {
			return k + 1
		}
	}
	return i
}

// afterTitle looks for a name after the title that ends at token p.
func (d *doc) afterTitle(p int) {
	toks := d.tz.toks
	q := p + 1
	if q >= len(toks) || !d.joined(q) {
		return
	}
	// "Bộ trưởng Ngoại giao (Hàn Quốc)": a ministry's field is part of
	// the title
	if e := d.ministryField(q); e > q {
		if q = e; q >= len(toks) || !d.joined(q) {
			return
		}
	}
	if d.nameWord(q) && !d.notName(q) {
		end, words := d.nameRun(q)
		if words == 0 || words == 1 && d.title[p] == titleWeak {
			return
		}
		if k := d.familyAfterBrand(q, end); k > q {
			q, words = k, words-(k-q)
		}
		f := d.add(Person, q, end, d.s[toks[q].start:toks[end-1].end])
		f.full, f.titled = words >= 2, true
		return
	}
	// a country between the title and a name: "Tổng thống Nga Putin"
	if c := d.mentionAt(q); c != nil && c.Type == Country && d.title[p] != titleWeak {
		r := c.tj
		if r < len(toks) && d.joined(r) && d.nameWord(r) && !d.notName(r) {
			if end, words := d.nameRun(r); words > 0 {
				f := d.add(Person, r, end, d.s[toks[r].start:toks[end-1].end])
				f.full, f.titled = words >= 2, true
				return
			}
		}
	}
	// skip an organisation between the title and the name:
	// "Bộ trưởng Bộ KH&CN Việt Nam Nguyễn Mạnh Hùng",
	// "Director of the Department of International Cooperation Nguyen Thien Nghia".
	en := d.title[p] == titleEn
	prevOrg := false
	for k := q; k < len(toks) && k-q < 14 && d.joined(k); k++ {
		t := toks[k]
		switch {
		case d.st[k] == stMention || d.st[k] == stBlock:
			prevOrg = true
			continue
		case t.kind == kindWord && t.flags&flagAllCap != 0:
			prevOrg = true
			continue
		case d.keyIs(k, "(") || d.keyIs(k, ")"):
			continue
		}
		if d.nameWord(k) {
			end, words := d.nameRun(k)
			if d.namedPlace(k, words) {
				words = 0
			}
			if d.family(k, true) && words >= 2 || prevOrg && words >= 2 {
				f := d.add(Person, k, end, d.s[toks[k].start:toks[end-1].end])
				f.full, f.titled = true, true
				return
			}
			prevOrg = false
			if end > k {
				k = end - 1
			}
			continue
		}
		if !en && t.kind == kindWord {
			prevOrg = false
			continue
		}
		if en && t.kind == kindWord {
			switch d.key(k) {
			case "of", "to", "the", "for", "and", "in", "'", "s":
				prevOrg = false
				continue
			}
		}
		if en && (d.keyIs(k, "'") || d.keyIs(k, "s")) {
			continue
		}
		return
	}
}

// resolve gives every person the fullest form of the name in the document,
// tags one-word references to a full name ("Lâm said", "ông Hùng"), and
// gives bare resolution numbers the full number the document states.
func (d *doc) resolve() {
	toks := d.tz.toks
	type full struct {
		keys      []string // folded keys of the words
		first     string   // first word key, when the name has no diacritics
		lastCanon string   // the last word's canonical diacritics
		id        string
		start     int
		titled    bool // the name, or a reference to it, follows a title
		family    bool // the name starts with a Vietnamese family name, not a sentence
	}
	var fulls []full
	for _, f := range d.fs {
		if f.Type != Person || !f.full {
			continue
		}
		var ks []string
		for k := f.ti; k < f.tj; k++ {
			if toks[k].kind == kindWord && !d.initial(k) {
				e := min(d.wordEnd(k), f.tj)
				ks = append(ks, d.spanKey(k, e))
				k = e - 1
			}
		}
		if len(ks) < 2 {
			continue
		}
		fl := full{keys: ks, id: f.ID, start: f.Start, lastCanon: canonMarks(d.raw(f.tj - 1)), titled: f.titled, family: d.isFamily(f.ti) && !d.sentenceStart(f.ti)}
		if !hasMarks(f.ID) || !d.isFamily(f.ti) {
			fl.first = ks[0]
		}
		fulls = append(fulls, fl)
	}
	// the fullest form: a full name that is the end of a longer one
	if len(fulls) > 1 {
		folded := make([]string, len(fulls))
		for x, o := range fulls {
			folded[x] = " " + strings.Join(o.keys, " ")
		}
		for x := range d.fs {
			f := &d.fs[x]
			if f.Type != Person || !f.full {
				continue
			}
			me := " " + foldID(f.ID)
			for y, o := range fulls {
				if len(o.id) > len(f.ID) && strings.HasSuffix(folded[y], me) {
					f.ID = o.id
				}
			}
		}
	}
	if len(fulls) > 0 {
		byWord := map[string][]int{}
		for x, o := range fulls {
			byWord[o.keys[len(o.keys)-1]] = append(byWord[o.keys[len(o.keys)-1]], x)
			if o.first != "" && o.first != o.keys[len(o.keys)-1] {
				byWord[o.first] = append(byWord[o.first], x)
			}
		}
		// nearest returns the one of fulls[xs] that ok accepts and that
		// comes nearest before token k (after it, if none is before), or -1
		nearest := func(k int, xs []int, ok func(o *full) bool) int {
			best, bestDist := -1, -1
			for _, x := range xs {
				o := &fulls[x]
				if !ok(o) {
					continue
				}
				dist := int(toks[k].start) - o.start
				if dist < 0 {
					dist = 1<<30 - dist
				}
				if bestDist < 0 || dist < bestDist {
					best, bestDist = x, dist
				}
			}
			return best
		}
		// find returns the index in fulls of the full name that the one
		// word [k, end) refers to, or -1
		find := func(k, end int) int {
			key := d.spanKey(k, end)
			canon := ""
			return nearest(k, byWord[key], func(o *full) bool {
				if o.first == key {
					return true
				}
				if o.keys[len(o.keys)-1] != key {
					return false
				}
				if toks[k].flags&flagMarks != 0 && hasMarks(o.lastCanon) {
					if canon == "" {
						canon = canonMarks(d.s[toks[k].start:toks[end-1].end])
					}
					return canon == o.lastCanon // Đồng is not Hà Đông
				}
				return true
			})
		}
		// givenNames returns the index in fulls of the Vietnamese full
		// name of three words or more whose last two words are tokens k
		// and k+1, with the same diacritics where they have any, or -1
		givenNames := func(k int) int {
			return nearest(k, byWord[d.key(k+1)], func(o *full) bool {
				n := len(o.keys)
				if n < 3 || !o.family || o.keys[n-2] != d.key(k) || o.keys[n-1] != d.key(k+1) {
					return false
				}
				w := strings.Fields(o.id)
				return !d.marked(k, k+2) || len(w) >= 2 &&
					canonMarks(d.raw(k)) == canonMarks(w[len(w)-2]) && canonMarks(d.raw(k+1)) == canonMarks(w[len(w)-1])
			})
		}
		// one-word persons after titles
		for x := range d.fs {
			f := &d.fs[x]
			if f.Type == Person && !f.full && f.tj == d.wordEnd(f.ti) {
				if x := find(f.ti, f.tj); x >= 0 {
					f.ID = fulls[x].id
					fulls[x].titled = fulls[x].titled || f.titled
				}
			}
		}
		for k := 0; k < len(toks); k++ {
			if !d.nameWord(k) || (d.nameWord(k-1) && d.joined(k)) {
				continue
			}
			end, words := d.nameRun(k)
			if words == 2 && end == k+2 {
				// "Tiến Linh" for Nguyễn Tiến Linh
				if x := givenNames(k); x >= 0 {
					d.add(Person, k, end, fulls[x].id)
					k = end - 1
				}
				continue
			}
			if words != 1 || end != d.wordEnd(k) {
				continue
			}
			x := find(k, end)
			if x < 0 {
				continue
			}
			verb := end < len(toks) && reportVerbs[d.key(end)]
			if end == k+1 && functionWords[d.key(k)] && !verb {
				continue
			}
			if toks[k].flags&flagMarks == 0 && !verb && d.vietnamese() && (vnSyllable(d.key(k)) || !fulls[x].titled) {
				// without diacritics a Vietnamese word is too ambiguous, and
				// a foreign one needs a name that a title introduced
				continue
			}
			d.add(Person, k, end, fulls[x].id)
		}
	}
	// bare resolution numbers take the full number the document states
	for x := range d.fs {
		f := &d.fs[x]
		if f.Type != Resolution || strings.ContainsAny(f.ID, "/-") {
			continue
		}
		for _, o := range d.fs {
			if o.Type == Resolution && strings.ContainsAny(o.ID, "/-") && leadingNum(o.ID) == f.ID {
				f.ID = o.ID
				break
			}
		}
	}
}

func leadingNum(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

func hasMarks(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}
