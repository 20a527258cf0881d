package analyze

import (
	"bytes"
	"cmp"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// restoreText is news-like text written for the tests: "ban" is bạn after
// "các" and bàn after "cái", "ha noi" is Hà Nội.
const restoreText = `Các bạn trẻ ở Hà Nội tham gia hội chợ việc làm. Cái bàn gỗ được bán với giá cao.
Thủ đô Hà Nội đón khách du lịch. Các bạn sinh viên Hà Nội học tiếng Hàn.
Ông ấy ngồi bên cái bàn nhỏ. Các bạn đến từ Hàn Quốc. Hà Nội mưa lớn.
Doanh nghiệp Hàn Quốc đầu tư vào Việt Nam. Việt Nam và Hàn Quốc hợp tác.`

func restoreModel(t *testing.T) *Model {
	t.Helper()
	m := NewModel()
	for _, line := range strings.Split(restoreText, "\n") {
		m.Learn(line)
	}
	return m
}

func TestRestore(t *testing.T) {
	m := restoreModel(t)
	tests := []struct{ in, want string }{
		{"ha noi", "hà nội"},
		{"Ha Noi", "hà nội"},
		{"cac ban", "các bạn"},
		{"cai ban", "cái bàn"},
		{"han quoc", "hàn quốc"},
		{"doanh nghiep han quoc", "doanh nghiệp hàn quốc"},
		{"viet nam", "việt nam"},
		{"hà noi", "hà nội"},             // an accented word stays, the rest is restored
		{"ha noi xyzzy", "hà nội xyzzy"}, // an unknown word stays as typed
		{"123 ha noi", "123 hà nội"},
	}
	for _, tt := range tests {
		rs := m.Restore(tt.in, 3)
		if len(rs) == 0 || rs[0].Text != tt.want {
			t.Errorf("Restore(%q) = %v; want %q first", tt.in, rs, tt.want)
			continue
		}
		sum := 0.0
		for i, r := range rs {
			sum += r.Prob
			if i > 0 && r.Prob > rs[i-1].Prob {
				t.Errorf("Restore(%q): %v not best first", tt.in, rs)
			}
			if Fold(r.Text) != Fold(strings.ToLower(tt.in)) {
				t.Errorf("Restore(%q) = %q: more than diacritics changed", tt.in, r.Text)
			}
		}
		if sum > 1+1e-9 || rs[0].Prob <= 0 {
			t.Errorf("Restore(%q) probabilities %v", tt.in, rs)
		}
	}
	if rs := m.Restore("", 3); rs != nil {
		t.Errorf("Restore(\"\") = %v; want nil", rs)
	}
	if rs := m.Restore("ban", 5); len(rs) < 2 {
		t.Errorf("Restore(ban) = %v; want the readings bạn, bàn, bán", rs)
	}
}

// TestModelProbabilities checks that the smoothed probabilities of every
// word after a context add up to 1.
func TestModelProbabilities(t *testing.T) {
	m := restoreModel(t)
	for _, ctx := range [][2]string{{"<s>", "<s>"}, {"các", "bạn"}, {"hà", "nội"}, {"xyz", "nội"}, {"<s>", "hàn"}} {
		u, v := m.ids[ctx[0]], m.ids[ctx[1]]
		sum := 0.0
		for w := range m.words {
			if w == bos {
				continue // never predicted
			}
			sum += m.prob(u, v, uint32(w))
		}
		// bos is in the vocabulary of the lowest order but never follows
		sum += m.prob(u, v, bos)
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("after %q the probabilities add up to %v", ctx, sum)
		}
	}
}

// TestModelMergeAndSerialize checks that a model learned in two parts and
// merged writes the same bytes as one learned at once, and that it reads
// back to a model that restores alike and writes the same bytes again.
func TestModelMergeAndSerialize(t *testing.T) {
	lines := strings.Split(restoreText, "\n")
	whole := NewModel()
	for _, l := range lines {
		whole.Learn(l)
	}
	a, b := NewModel(), NewModel()
	for i, l := range lines {
		if i%2 == 0 {
			a.Learn(l)
		} else {
			b.Learn(l)
		}
	}
	a.Merge(b)
	// the IDs differ with the order words were seen in; the readings not
	var wb bytes.Buffer
	if _, err := whole.WriteTo(&wb); err != nil {
		t.Fatal(err)
	}
	back, err := ReadModel(bytes.NewReader(wb.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if _, err := back.WriteTo(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(wb.Bytes(), again.Bytes()) {
		t.Error("a model read back writes other bytes")
	}
	for _, q := range []string{"cac ban", "cai ban", "ha noi mua lon", "ban", "han quoc viet nam"} {
		w, m, r := whole.Restore(q, 4), a.Restore(q, 4), back.Restore(q, 4)
		if !sameRestorations(w, m) || !sameRestorations(w, r) {
			t.Errorf("Restore(%q): whole %v, merged %v, read back %v", q, w, m, r)
		}
	}
	// ReadFrom adds what a model wrote, as Merge adds the model
	c, d := NewModel(), NewModel()
	for i, l := range lines {
		if i%2 == 0 {
			c.Learn(l)
		} else {
			d.Learn(l)
		}
	}
	var db bytes.Buffer
	d.WriteTo(&db)
	if n, err := c.ReadFrom(bytes.NewReader(db.Bytes())); err != nil || n != int64(db.Len()) {
		t.Fatalf("ReadFrom = %d, %v; want %d, nil", n, err, db.Len())
	}
	var cb bytes.Buffer
	c.WriteTo(&cb)
	if !bytes.Equal(cb.Bytes(), wb.Bytes()) {
		t.Error("a model that read another's counts writes other bytes than the model of both")
	}
	if whole.Len() != a.Len() || whole.Len() == 0 {
		t.Errorf("trigrams: whole %d, merged %d", whole.Len(), a.Len())
	}
	t.Logf("%d trigrams in %d bytes", whole.Len(), wb.Len())
}

func sameRestorations(a, b []Restoration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Text != b[i].Text || math.Abs(a[i].Prob-b[i].Prob) > 1e-9 {
			return false
		}
	}
	return true
}

func TestModelCount(t *testing.T) {
	m := restoreModel(t)
	for words, want := range map[string]uint64{
		"hà nội":         4,
		"Hà Nội":         4,
		"các bạn":        3,
		"hàn quốc":       3,
		"các bạn trẻ":    1,
		"bàn":            2,
		"ha noi":         0, // as written: the model saw only Hà Nội
		"hà nội mưa lớn": 0, // four words
		"":               0,
	} {
		if got := m.Count(words); got != want {
			t.Errorf("Count(%q) = %d, want %d", words, got, want)
		}
	}
}

func TestLearnAnalyzed(t *testing.T) {
	learned, analyzed := NewModel(), NewModel()
	for _, l := range strings.Split(restoreText, "\n") {
		learned.Learn(l)
		analyzed.LearnAnalyzed(l, NewExactAnalyzer().Analyze([]byte(l)))
	}
	analyzed.LearnAnalyzed("ha noi", NewExactAnalyzer().Analyze([]byte("ha noi")))
	var a, b bytes.Buffer
	learned.WriteTo(&a)
	analyzed.WriteTo(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) || learned.Len() == 0 {
		t.Errorf("LearnAnalyzed learned other counts than Learn: %d trigrams against %d", analyzed.Len(), learned.Len())
	}
}

func TestModelLearnsOnlyAccentedText(t *testing.T) {
	m := NewModel()
	m.Learn("ha noi mua lon")
	if m.Len() != 0 {
		t.Errorf("a text without diacritics taught %d trigrams", m.Len())
	}
}

// badModels returns inputs that are not models, by name, and a model.
func badModels(t *testing.T) (bad map[string][]byte, good []byte) {
	var b bytes.Buffer
	restoreModel(t).WriteTo(&b)
	return map[string][]byte{
		"empty":     nil,
		"not gzip":  []byte("hello"),
		"truncated": b.Bytes()[:b.Len()/2],
	}, b.Bytes()
}

func TestReadModelRejects(t *testing.T) {
	bad, _ := badModels(t)
	for name, in := range bad {
		if _, err := ReadModel(bytes.NewReader(in)); !errors.Is(err, ErrBadModel) {
			t.Errorf("ReadModel(%s) = %v; want ErrBadModel", name, err)
		}
	}
}

// FuzzRestore checks that Restore takes any input and changes nothing but
// diacritics and case.
func FuzzRestore(f *testing.F) {
	for _, s := range []string{"ha noi", "cac ban", "Hà Nội", "\xff ban", "a b c d e f g h i k", "", "ĐÀ NẴNG", "x\u0301"} {
		f.Add(s)
	}
	m := NewModel()
	for _, line := range strings.Split(restoreText, "\n") {
		m.Learn(line)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want []string
		for _, sent := range sentences(s) {
			want = append(want, sent...)
		}
		for _, r := range m.Restore(s, 3) {
			if Fold(r.Text) != Fold(strings.Join(want, " ")) {
				t.Errorf("Restore(%q) = %q; want the words %q with diacritics", s, r.Text, want)
			}
		}
	})
}

func TestSortCounts(t *testing.T) {
	for _, n := range []int{0, 5, 1 << 10, 5000} {
		cs := make([]count, n)
		x := uint64(12345)
		for i := range cs {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			cs[i] = count{x >> 1, uint64(i)}
			if i%3 == 0 {
				cs[i].t &= 0xffff // keys that share their upper digits
			}
		}
		want := slices.Clone(cs)
		slices.SortStableFunc(want, func(a, b count) int { return cmp.Compare(a.t, b.t) })
		sortCounts(cs)
		if !slices.Equal(cs, want) {
			t.Errorf("sortCounts of %d counts: not in order", n)
		}
	}
}

func TestModelWriteFile(t *testing.T) {
	m := restoreModel(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "m.gz")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := m.WriteFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	m.WriteTo(&want)
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want.Bytes()) || n != int64(len(got)) {
		t.Errorf("WriteFile wrote %d bytes (said %d), %v; want the %d bytes of WriteTo", len(got), n, err, want.Len())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("WriteFile left %d files in its directory, want 1", len(ents))
	}
	if _, err := m.WriteFile(filepath.Join(dir, "no", "such", "dir", "m.gz")); err == nil {
		t.Error("WriteFile into a missing directory: no error")
	}
}

// TestReadModelV1 reads a model of restoreText written in the first
// format (testdata/model-v1.gz, by the package before the second): an
// index's files of either format stay readable.
func TestReadModelV1(t *testing.T) {
	v1, err := os.ReadFile("testdata/model-v1.gz")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadModel(bytes.NewReader(v1))
	if err != nil {
		t.Fatal(err)
	}
	var got, want bytes.Buffer
	m.WriteTo(&got)
	restoreModel(t).WriteTo(&want)
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Error("the model of the first format is not the one of restoreText")
	}
	if bytes.Equal(v1, want.Bytes()) {
		t.Error("the second format writes the bytes of the first")
	}
}
