package analyze

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// syllables spell every vowel cluster of Vietnamese, open and closed, after
// several onsets, with a backquote after the vowel that carries the tone
// mark. The position is stated here, by hand, for each syllable; the test
// derives the inputs (the tone on any other vowel, twice, NFD, upper and
// title case) and the expected spelling from it.
var syllables = []struct {
	cluster, spelled string
}{
	// Single vowels.
	{"a", "ba`"}, {"a+", "ba`n"}, {"ă+", "nă`ng"}, {"â+", "câ`m"}, {"e", "me`"},
	{"e+", "xe`m"}, {"ê", "kê`"}, {"ê+", "bê`nh"}, {"i", "ti`"}, {"i+", "ti`nh"},
	{"o", "to`"}, {"o+", "co`n"}, {"ô", "cô`"}, {"ô+", "đô`ng"}, {"ơ", "mơ`"},
	{"ơ+", "lơ`p"}, {"u", "tu`"}, {"u+", "cu`c"}, {"ư", "tư`"}, {"ư+", "mư`c"},
	{"y", "ky`"}, {"y alone", "y`"}, {"a alone", "a`"}, {"k final", "Đă`k"},

	// A vowel and a final semivowel: the vowel.
	{"ai", "ha`i"}, {"ao", "sa`o"}, {"au", "sa`u"}, {"ay", "ma`y"}, {"âu", "câ`u"},
	{"ây", "mâ`y"}, {"eo", "me`o"}, {"êu", "kê`u"}, {"iu", "di`u"}, {"oi", "do`i"},
	{"ôi", "tô`i"}, {"ơi", "mơ`i"}, {"ui", "tu`i"}, {"ưi", "gư`i"}, {"ưu", "hư`u"},

	// ia, ua, ưa open; iê, yê, uô, ươ closed.
	{"ia", "mi`a"}, {"ua", "mu`a"}, {"ưa", "mư`a"}, {"iê+", "tiê`n"},
	{"iê+ng", "nghiê`ng"}, {"yê+", "yê`n"}, {"uô+", "muô`n"}, {"uô+c", "cuô`c"},
	{"ươ+", "lươ`ng"}, {"ươ+c", "đươ`c"},

	// A glide and a vowel.
	{"oa open", "ho`a"}, {"oa+n", "hoa`n"}, {"oa+ng", "khoa`ng"}, {"oă+", "hoă`c"},
	{"oe open", "kho`e"}, {"oe+", "khoe`t"}, {"uy open", "thu`y"}, {"uy+nh", "huy`nh"},
	{"uy+t", "huy`t"}, {"uâ+", "tuâ`n"}, {"uê open", "huê`"}, {"uê+", "khuê`ch"},
	{"uơ", "thuơ`"}, {"oo+", "xoo`ng"},

	// Three vowels.
	{"iêu", "tiê`u"}, {"yêu", "yê`u"}, {"oai", "ngoa`i"}, {"oay", "xoa`y"},
	{"oao", "ngoa`o"}, {"oeo", "ngoe`o"}, {"uây", "khuâ`y"}, {"uôi", "tuô`i"},
	{"ươi", "ngươ`i"}, {"ươu", "rươ`u"}, {"uya", "khuy`a"}, {"uyu", "khuy`u"},
	{"uêu", "nguê`u"}, {"uyê+", "chuyê`n"}, {"uyê+n", "nguyê`n"}, {"uyê+t", "khuyê`t"},

	// qu and gi are onsets before a vowel.
	{"qu y", "quy`"}, {"qu y+", "quy`nh"}, {"qu a", "qua`"}, {"qu a+", "qua`ng"},
	{"qu ă+", "quă`ng"}, {"qu â+", "quâ`n"}, {"qu e", "que`"}, {"qu ê", "quê`"},
	{"qu ơ", "quơ`"}, {"qu ô+", "quô`c"}, {"qu yê+", "quyê`t"}, {"qu ây", "quâ`y"},
	{"qu ai", "qua`i"}, {"qu eo", "que`o"}, {"gi a", "gia`"}, {"gi ưa", "giư`a"},
	{"gi ươ+", "giươ`ng"}, {"gi ê+", "giê`ng"}, {"gi uô+", "giuô`c"}, {"gi oi", "gio`i"},
	{"gi u+", "giu`p"}, {"gi ă+", "giă`c"}, {"gi eo", "gie`o"}, {"gi ao", "gia`o"},
	{"g i", "gi`"}, {"g i+", "gi`n"}, {"gh i", "ghi`"}, {"ngh ê", "nghê`"},
}

// spellTone returns the syllable spelled with tone after the vowels at the
// given rune indexes (of the spelling without the backquote), in NFC.
func spellTone(letters []rune, tone rune, at ...int) string {
	var b strings.Builder
	for i, r := range letters {
		b.WriteString(norm.NFD.String(string(r)))
		for _, a := range at {
			if a == i {
				b.WriteRune(tone)
			}
		}
	}
	return norm.NFC.String(b.String())
}

func isVowelRune(r rune) bool {
	d, _ := utf8.DecodeRuneInString(norm.NFD.String(string(unicode.ToLower(r))))
	return strings.ContainsRune("aeiouy", d)
}

func title(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

var toneNames = []struct {
	name string
	mark rune
}{{"huyền", '\u0300'}, {"sắc", '\u0301'}, {"hỏi", '\u0309'}, {"ngã", '\u0303'}, {"nặng", '\u0323'}}

func TestToneEveryCluster(t *testing.T) {
	for _, sy := range syllables {
		at := strings.IndexRune(sy.spelled, '`')
		if at < 0 || strings.Count(sy.spelled, "`") != 1 {
			t.Fatalf("test table: %q needs one backquote", sy.spelled)
		}
		target := utf8.RuneCountInString(sy.spelled[:at]) - 1
		letters := []rune(strings.Replace(sy.spelled, "`", "", 1))
		var vowels []int
		for i, r := range letters {
			if isVowelRune(r) {
				vowels = append(vowels, i)
			}
		}
		for _, tn := range toneNames {
			want := spellTone(letters, tn.mark, target)
			inputs := map[string]string{}
			for _, v := range vowels {
				inputs["on letter "+string(letters[v])] = spellTone(letters, tn.mark, v)
				if v != target {
					inputs["twice"] = spellTone(letters, tn.mark, v, target)
				}
			}
			inputs["on every vowel"] = spellTone(letters, tn.mark, vowels...)
			for how, in := range inputs {
				for _, c := range []struct {
					form    string
					in, out string
				}{
					{"NFC", in, want},
					{"NFD", norm.NFD.String(in), want},
					{"upper case", strings.ToUpper(in), strings.ToUpper(want)},
					{"upper case NFD", norm.NFD.String(strings.ToUpper(in)), strings.ToUpper(want)},
					{"title case", title(in), title(want)},
					{"in a sentence", "Xem " + in + ", " + in + ".", "Xem " + want + ", " + want + "."},
				} {
					if got := Normalize(c.in); got != c.out {
						t.Errorf("%s, %s, tone %s %s, %s: Normalize(%+q) = %q; want %q",
							sy.cluster, sy.spelled, tn.name, how, c.form, c.in, got, c.out)
					}
					if got := string(normalizeTerm([]byte(c.in))); got != c.out {
						t.Errorf("%s, %s, tone %s %s, %s: normalizeTerm(%+q) = %q; want %q",
							sy.cluster, sy.spelled, tn.name, how, c.form, c.in, got, c.out)
					}
				}
			}
		}
	}
}

func TestToneKeepsUntoned(t *testing.T) {
	// Every syllable without a tone is normal already, in NFC; NFD gives it
	// back in NFC.
	for _, sy := range syllables {
		s := strings.Replace(sy.spelled, "`", "", 1)
		if got := Normalize(s); got != s {
			t.Errorf("Normalize(%q) = %q; want it unchanged", s, got)
		}
		if got := Normalize(norm.NFD.String(s)); got != s {
			t.Errorf("Normalize(%+q) = %q; want %q", norm.NFD.String(s), got, s)
		}
	}
}

func TestToneExamples(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hòan", "hoàn"}, {"khỏang", "khoảng"}, {"họăc", "hoặc"}, {"baì", "bài"},
		{"đaị", "đại"}, {"lựơng", "lượng"}, {"HÒAN", "HOÀN"}, {"Hòan", "Hoàn"},
		{"hoà", "hòa"}, {"thuỷ", "thủy"}, {"choè", "chòe"}, {"quý", "quý"}, {"qúy", "quý"},
		{"giữa", "giữa"}, {"gìa", "già"}, {"gìn", "gìn"}, {"mía", "mía"}, {"miá", "mía"},
		{"muà", "mùa"}, {"mưà", "mừa"}, {"ngừơi", "người"}, {"Nguỹên", "Nguyễn"},
		{"tuổi", "tuổi"}, {"tủôi", "tuổi"}, {"khủyu", "khuỷu"}, {"Thưà Thiên Huê", "Thừa Thiên Huê"},
		{"hOàn", "hOàn"}, {"hÒan", "hOàn"}, {"QÙA", "QUÀ"},
		// Marks typed in another order, or twice.
		{"a\u0301\u0302n", "ấn"}, {"o\u031b\u0323", "ợ"}, {"hoa\u0300\u0300", "hòa"},
		{"ho\u0300a\u0300", "hòa"}, {"u\u0303\u0303", "ũ"},
		// Not Vietnamese syllables: left as they are (in NFC).
		{"Chloé", "Chloé"}, {"café", "café"}, {"José", "José"}, {"André", "André"},
		{"Zoé", "Zoé"}, {"naïve", "naïve"}, {"hoà2", "hoà2"}, {"Hué", "Hué"},
		{"ñandú", "ñandú"}, {"hoànga", "hoànga"}, {"Mùnchen", "Mùnchen"},
		{norm.NFD.String("Chloé"), "Chloé"},
		// Two different tones: not a syllable either.
		{"hòá", "hòá"}, {"uY\u0309\u0323", "u\u1ef4\u0309"}, {"\u1ee5Y\u0309", "\u1ee5\u1ef6"},
		// Marks on consonants, marks without a base.
		{"h\u0300oa", "h\u0300oa"}, {"\u0300hoa", "\u0300hoa"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%+q) = %+q; want %+q", tt.in, got, tt.want)
		}
	}
}

// TestNucleusTableAgrees checks the package's cluster table against the
// test's: every cluster the test spells is in the table with the same tone
// position, and the table has no cluster the test does not spell.
func TestNucleusTableAgrees(t *testing.T) {
	spelled := map[string]bool{}
	for _, sy := range syllables {
		at := strings.IndexRune(sy.spelled, '`')
		letters := []rune(strings.Replace(sy.spelled, "`", "", 1))
		var w syllable
		s := []byte(spellTone(letters, '\u0301', utf8.RuneCountInString(sy.spelled[:at])-1))
		if _, ok := w.scan(s, 0); !ok {
			t.Fatalf("scan(%q) is not ok", s)
		}
		if _, ok := w.place(); !ok {
			t.Fatalf("place(%q) is not ok", s)
		}
		var nucleus []rune
		for i, r := range letters {
			onsetVowel := i == 1 && (letters[0] == 'q' ||
				letters[0] == 'g' && letters[1] == 'i' && len(letters) > 2 && isVowelRune(letters[2]))
			if isVowelRune(r) && !onsetVowel {
				nucleus = append(nucleus, r)
			}
		}
		closed := !isVowelRune(letters[len(letters)-1])
		spelled[string(nucleus)+map[bool]string{true: "+"}[closed]] = true
	}
	for _, n := range nuclei {
		if n.open >= 0 && !spelled[n.cluster] {
			t.Errorf("open cluster %q is not in the test table", n.cluster)
		}
		if n.closed >= 0 && !spelled[n.cluster+"+"] {
			t.Errorf("closed cluster %q is not in the test table", n.cluster)
		}
	}
}

// checkSettled fails t when a word of s that settled says placement leaves
// as it is would in fact change.
func checkSettled(t *testing.T, s []byte) {
	t.Helper()
	var w syllable
	for i := 0; i < len(s); {
		j, ok := w.scan(s, i)
		if j == i {
			_, n := utf8.DecodeRune(s[i:])
			i += n
			continue
		}
		if ok && w.settled() {
			if at, ok := w.place(); ok && !w.canonical(at) {
				t.Errorf("settled(%q) but the tone moves to letter %d", s[i:j], at)
			}
		}
		i = j
	}
}

func TestSettledAgreesWithPlace(t *testing.T) {
	for _, sy := range syllables {
		letters := []rune(strings.Replace(sy.spelled, "`", "", 1))
		for i := range letters {
			for _, tn := range toneNames {
				s := spellTone(letters, tn.mark, i)
				checkSettled(t, []byte(s))
				checkSettled(t, []byte(strings.ToUpper(s)))
			}
		}
	}
}
