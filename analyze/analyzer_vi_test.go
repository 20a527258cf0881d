package analyze_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"

	"github.com/vnsearch/vnsearch/analyze"
)

// analyzers are the package's analyzers, taken through bleve's registry
// once, the way a mapping gets them.
var analyzers = func() map[string]analysis.Analyzer {
	cache := registry.NewCache()
	m := map[string]analysis.Analyzer{}
	for _, name := range []string{analyze.Name, analyze.ExactName} {
		a, err := cache.AnalyzerNamed(name)
		if err != nil {
			panic(err)
		}
		m[name] = a
	}
	return m
}()

type tok struct {
	Term       string
	Start, End int
	Position   int
}

func tokens(name, text string) []tok {
	var out []tok
	for _, t := range analyzers[name].Analyze([]byte(text)) {
		out = append(out, tok{string(t.Term), t.Start, t.End, t.Position})
	}
	return out
}

func TestAnalyzers(t *testing.T) {
	nfd := norm.NFD.String("Hàn Quốc")
	tests := []struct {
		name, analyzer, in string
		want               []tok
	}{
		{"vi nfc", analyze.Name, "Hàn Quốc", []tok{{"han", 0, 4, 1}, {"quoc", 5, 11, 2}}},
		{"vi nfd", analyze.Name, nfd, []tok{{"han", 0, 5, 1}, {"quoc", 6, 14, 2}}},
		{"vi unaccented", analyze.Name, "Han Quoc", []tok{{"han", 0, 3, 1}, {"quoc", 4, 8, 2}}},
		{"vi lower case", analyze.Name, "hàn quốc", []tok{{"han", 0, 4, 1}, {"quoc", 5, 11, 2}}},
		{"vi d with stroke", analyze.Name, "Đà Nẵng", []tok{{"da", 0, 4, 1}, {"nang", 5, 11, 2}}},
		{"vi eth", analyze.Name, "Ðà Nẵng ðường", []tok{{"da", 0, 4, 1}, {"nang", 5, 11, 2}, {"duong", 12, 21, 3}}},
		{"vi keeps stop words", analyze.Name, "đã đến", []tok{{"da", 0, 4, 1}, {"den", 5, 11, 2}}},
		{"vi numbers and codes", analyze.Name, "Nghị quyết 57-NQ/TW", []tok{
			{"nghi", 0, 6, 1}, {"quyet", 7, 14, 2}, {"57", 15, 17, 3}, {"nq", 18, 20, 4}, {"tw", 21, 23, 5}}},
		{"vi soft hyphen", analyze.Name, "Hà\u00adNội", []tok{{"hanoi", 0, 10, 1}}},
		{"vi invalid utf-8 separates words", analyze.Name, "000\xcc\xcc0 hòa\xffbình", []tok{
			{"000", 0, 3, 1}, {"0", 5, 6, 2}, {"hoa", 7, 11, 3}, {"binh", 12, 17, 4}}},
		{"vi dotted capital i", analyze.Name, "İstanbul ẞtraße", []tok{{"istanbul", 0, 9, 1}, {"ßtraße", 10, 19, 2}}},
		{"vi no word begins with a mark", analyze.Name, "a\n\u302f b x\xb5\u302f", []tok{{"a", 0, 1, 1}, {"b", 6, 7, 3}, {"x", 8, 9, 4}}},
		{"vi splits a term that is no longer one word", analyze.Name, "A'\u1885 b 1.000 l'an", []tok{
			{"a", 0, 5, 1}, {"b", 6, 7, 2}, {"1.000", 8, 13, 3}, {"l'an", 14, 18, 4}}},
		{"vi drops a word of marks alone", analyze.Name, "a \u1885 b", []tok{{"a", 0, 1, 1}, {"b", 6, 7, 3}}},
		{"vi english", analyze.Name, "The Ministry of Science", []tok{
			{"the", 0, 3, 1}, {"ministry", 4, 12, 2}, {"of", 13, 15, 3}, {"science", 16, 23, 4}}},
		{"exact nfc", analyze.ExactName, "Hàn Quốc", []tok{{"hàn", 0, 4, 1}, {"quốc", 5, 11, 2}}},
		{"exact nfd", analyze.ExactName, nfd, []tok{{"hàn", 0, 5, 1}, {"quốc", 6, 14, 2}}},
		{"exact unaccented", analyze.ExactName, "Han Quoc", []tok{{"han", 0, 3, 1}, {"quoc", 4, 8, 2}}},
		{"exact tone placement", analyze.ExactName, "Hoà Bình hòa", []tok{{"hòa", 0, 4, 1}, {"bình", 5, 10, 2}, {"hòa", 11, 15, 3}}},
		{"exact thuy", analyze.ExactName, "thuỷ THỦY", []tok{{"thủy", 0, 6, 1}, {"thủy", 7, 13, 2}}},
		{"exact d with stroke", analyze.ExactName, "Đà Nẵng", []tok{{"đà", 0, 4, 1}, {"nẵng", 5, 11, 2}}},
		{"exact eth", analyze.ExactName, "Ðà Nẵng ÐHQG", []tok{{"đà", 0, 4, 1}, {"nẵng", 5, 11, 2}, {"đhqg", 12, 17, 3}}},
		{"exact tone on the wrong vowel", analyze.ExactName, "Hòan khỏang", []tok{{"hoàn", 0, 5, 1}, {"khoảng", 6, 14, 2}}},
		{"exact lower case composes", analyze.ExactName, "T\u0308 Ð", []tok{{"\u1e97", 0, 3, 1}, {"đ", 4, 6, 2}}},
		{"exact zero width joiner", analyze.ExactName, "Hà\u200dNội", []tok{{"hànội", 0, 11, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tokens(tt.analyzer, tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s.Analyze(%+q) =\n\t%v\nwant\n\t%v", tt.analyzer, tt.in, got, tt.want)
			}
		})
	}
}

func TestAnalyzersSpellingsAgree(t *testing.T) {
	sentences := []string{
		"Tổng Bí thư Tô Lâm làm việc với Bộ Khoa học và Công nghệ về Nghị quyết 57-NQ/TW.",
		"Hàn Quốc và Việt Nam đẩy mạnh hợp tác đổi mới sáng tạo tại Đà Nẵng, Khánh Hoà.",
		"Thủ tướng yêu cầu các bộ, ngành khẩn trương hoàn thiện thể chế về chuyển đổi số.",
	}
	for _, s := range sentences {
		want := terms(analyze.Name, s)
		for _, v := range []struct{ name, text string }{
			{"NFD", norm.NFD.String(s)},
			{"unaccented", analyze.Fold(s)},
			{"upper case", norm.NFD.String(upper(s))},
		} {
			if got := terms(analyze.Name, v.text); !reflect.DeepEqual(got, want) {
				t.Errorf("vi terms of the %s form of %q =\n\t%q\nwant\n\t%q", v.name, s, got, want)
			}
		}
		if got, want := terms(analyze.ExactName, norm.NFD.String(s)), terms(analyze.ExactName, s); !reflect.DeepEqual(got, want) {
			t.Errorf("vi_exact terms of the NFD form of %q =\n\t%q\nwant\n\t%q", s, got, want)
		}
	}
}

func TestAnalyzerOffsets(t *testing.T) {
	// Slicing the original text with each token's offsets gives the token's
	// original spelling, for NFC and NFD input alike.
	s := "Ông Nguyễn Mạnh Hùng, Bộ trưởng Bộ KH&CN, thăm Thừa Thiên Huế và Khánh Hoà."
	for _, text := range []string{s, norm.NFD.String(s)} {
		for _, name := range []string{analyze.Name, analyze.ExactName} {
			for _, tk := range analyzers[name].Analyze([]byte(text)) {
				if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End {
					t.Fatalf("%s token %q has offsets [%d,%d) outside %d bytes", name, tk.Term, tk.Start, tk.End, len(text))
				}
				orig := text[tk.Start:tk.End]
				if got := analyze.Fold(normalizeLower(orig)); got != analyze.Fold(string(tk.Term)) {
					t.Errorf("%s token %q at [%d,%d) slices %q from the text", name, tk.Term, tk.Start, tk.End, orig)
				}
			}
		}
	}
}

func TestAnalyzerInMappingJSON(t *testing.T) {
	const js = `{
		"default_mapping": {
			"properties": {
				"body": {"fields": [{"name": "body", "type": "text", "analyzer": "vi"}]}
			}
		},
		"analysis": {
			"analyzers": {
				"vi_custom": {
					"type": "custom",
					"tokenizer": "unicode",
					"token_filters": ["vi_normalize", "to_lower", "vi_fold"]
				}
			}
		}
	}`
	m := mapping.NewIndexMapping()
	if err := json.Unmarshal([]byte(js), m); err != nil {
		t.Fatalf("unmarshal mapping: %v", err)
	}
	if err := m.Validate(); err != nil {
		t.Fatalf("mapping with vi analyzers does not validate: %v", err)
	}
	for _, name := range []string{analyze.Name, "vi_custom"} {
		got := analysisTerms(m.AnalyzerNamed(name), "Hàn Quốc")
		if want := []string{"han", "quoc"}; !reflect.DeepEqual(got, want) {
			t.Errorf("mapping analyzer %q gives %q; want %q", name, got, want)
		}
	}
}

// TestFiltersInAnyOrder builds custom analyzers from the registered
// filters in every order: with vi_fold they all fold Ð and ð to d, and
// without it they all write Đ and đ.
func TestFiltersInAnyOrder(t *testing.T) {
	const text = "Ðà Nẵng ðường ÐHQG Hòan"
	folded := []string{"da", "nang", "duong", "dhqg", "hoan"}
	exact := []string{"đà", "nẵng", "đường", "đhqg", "hoàn"}
	cache := registry.NewCache()
	orders := []struct {
		filters []string
		want    []string
	}{
		{[]string{analyze.NormalizeName, "to_lower", analyze.FoldName}, folded},
		{[]string{analyze.NormalizeName, analyze.FoldName, "to_lower"}, folded},
		{[]string{"to_lower", analyze.NormalizeName, analyze.FoldName}, folded},
		{[]string{"to_lower", analyze.FoldName, analyze.NormalizeName}, folded},
		{[]string{analyze.FoldName, analyze.NormalizeName, "to_lower"}, folded},
		{[]string{analyze.FoldName, "to_lower", analyze.NormalizeName}, folded},
		{[]string{"to_lower", analyze.FoldName}, folded},
		{[]string{analyze.FoldName, "to_lower"}, folded},
		{[]string{analyze.NormalizeName, "to_lower"}, exact},
		{[]string{"to_lower", analyze.NormalizeName}, exact},
		{[]string{analyze.LowerName, analyze.NormalizeName, analyze.FoldName}, folded},
		{[]string{analyze.NormalizeName, analyze.FoldName, analyze.LowerName}, folded},
		{[]string{analyze.FoldName, analyze.LowerName}, folded},
		{[]string{analyze.LowerName, analyze.NormalizeName}, exact},
		{[]string{analyze.NormalizeName, analyze.LowerName}, exact},
	}
	for i, o := range orders {
		filters := make([]any, len(o.filters))
		for j, f := range o.filters {
			filters[j] = f
		}
		name := fmt.Sprintf("order%d", i)
		a, err := cache.DefineAnalyzer(name, map[string]any{
			"type": "custom", "tokenizer": "unicode", "token_filters": filters,
		})
		if err != nil {
			t.Fatalf("define analyzer with filters %q: %v", o.filters, err)
		}
		if got := analysisTerms(a, text); !reflect.DeepEqual(got, o.want) {
			t.Errorf("analyzer with filters %q gives %q; want %q", o.filters, got, o.want)
		}
	}
}

func FuzzAnalyzers(f *testing.F) {
	for _, s := range []string{
		"", "Hàn Quốc", norm.NFD.String("Khánh Hoà"), "Hà\u00adNội", "\xff\xfe", "57-NQ/TW", "\u200b\u200b",
		"Ðà Nẵng ðường", "HÒAN khỏang lựơng", "uY\u0309\u0323", "\u1ee5Y\u0309",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, name := range []string{analyze.Name, analyze.ExactName} {
			// Analyzing the terms again gives the same terms.
			first := terms(name, s)
			if again := terms(name, strings.Join(first, " ")); !reflect.DeepEqual(again, first) {
				t.Fatalf("%s is not idempotent: %s(%+q) = %+q, and %s of those terms = %+q", name, name, s, first, name, again)
			}
			for _, tk := range analyzers[name].Analyze([]byte(s)) {
				if tk.Start < 0 || tk.End > len(s) || tk.Start > tk.End {
					t.Fatalf("%s(%+q): token %+q offsets [%d,%d) out of range", name, s, tk.Term, tk.Start, tk.End)
				}
				if len(tk.Term) == 0 {
					t.Fatalf("%s(%+q): empty token at [%d,%d)", name, s, tk.Start, tk.End)
				}
				if utf8.ValidString(s) && !utf8.Valid(tk.Term) {
					t.Fatalf("%s(%+q): token %+q is not valid UTF-8", name, s, tk.Term)
				}
			}
		}
		if vietnameseOnly(s) {
			folded := terms(analyze.Name, s)
			if again := terms(analyze.Name, analyze.Fold(s)); len(again) != len(folded) {
				t.Fatalf("vi(%+q) gives %d tokens, vi(Fold(s)) gives %d", s, len(folded), len(again))
			}
		}
	})
}

// vietnameseOnly reports whether s is valid UTF-8 made of ASCII, Vietnamese
// letters and the combining marks that spell them in NFD.
func vietnameseOnly(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
		case strings.ContainsRune("\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323", r):
		case unicode.IsLetter(r) && len(analyze.Fold(string(r))) == 1:
		default:
			return false
		}
	}
	return true
}

func terms(name, text string) []string {
	return analysisTerms(analyzers[name], text)
}

func analysisTerms(a analysis.Analyzer, text string) []string {
	var out []string
	for _, t := range a.Analyze([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out
}

func upper(s string) string { return strings.ToUpper(s) }

func normalizeLower(s string) string { return strings.ToLower(analyze.Normalize(s)) }
