package analyze

import (
	"strings"
	"testing"
	"time"

	"github.com/vnsearch/vnsearch/internal/dataset"
	"github.com/vnsearch/vnsearch/internal/testenv"
)

// restoreScore is what restoring held-out titles measured.
type restoreScore struct {
	titles, exact, top3 int
	syllables, right    int
	short, shortExact   int // the first five words of the titles
}

// TestRestoreDantri learns from the bodies of the Dân Trí articles outside
// one fold of five and restores the titles of that fold, typed without
// diacritics: nothing is scored on text it learned from. One fold runs
// by default and every fold with the long suites. It checks the syllables
// restored right and the titles restored exactly, against floors well
// below what it measures, to catch a model that stops working.
func TestRestoreDantri(t *testing.T) {
	articles, ok, err := dataset.Dantri()
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Skipf("%s not found; set %s to the shared data folder", dataset.DantriFile, dataset.Env)
	}
	folds := 1
	if testenv.Long() {
		folds = 5
	}
	var all restoreScore
	for fold := range folds {
		m := NewModel()
		start := time.Now()
		for i, a := range articles {
			if i%5 != fold {
				m.Learn(a.Text)
			}
		}
		learned := time.Since(start)
		var s restoreScore
		start = time.Now()
		for i, a := range articles {
			if i%5 != fold || !HasDiacritics(a.Title) {
				continue
			}
			var want []string
			for _, sent := range sentences(a.Title) {
				want = append(want, sent...)
			}
			rs := m.Restore(Fold(a.Title), 3)
			if len(rs) == 0 {
				continue
			}
			if len(want) >= 5 {
				s.short++
				if rs := m.Restore(Fold(strings.Join(want[:5], " ")), 1); len(rs) > 0 && rs[0].Text == strings.Join(want[:5], " ") {
					s.shortExact++
				}
			}
			got := strings.Fields(rs[0].Text)
			s.titles++
			if rs[0].Text == strings.Join(want, " ") {
				s.exact++
			}
			for _, r := range rs {
				if r.Text == strings.Join(want, " ") {
					s.top3++
					break
				}
			}
			for j := range min(len(got), len(want)) {
				s.syllables++
				if got[j] == want[j] {
					s.right++
				}
			}
		}
		t.Logf("fold %d: learned %d trigrams in %v; %d titles in %v: syllables %.3f, exact %.3f, top 3 %.3f; first five words exact %.3f",
			fold, m.Len(), learned.Round(time.Millisecond), s.titles, time.Since(start).Round(time.Millisecond),
			float64(s.right)/float64(s.syllables), float64(s.exact)/float64(s.titles), float64(s.top3)/float64(s.titles),
			float64(s.shortExact)/float64(s.short))
		all.titles += s.titles
		all.exact += s.exact
		all.top3 += s.top3
		all.syllables += s.syllables
		all.right += s.right
		all.short += s.short
		all.shortExact += s.shortExact
	}
	syl, exact, short := float64(all.right)/float64(all.syllables), float64(all.exact)/float64(all.titles), float64(all.shortExact)/float64(all.short)
	if syl < 0.85 || exact < 0.30 || short < 0.5 {
		t.Errorf("held-out titles: syllables %.3f, exact %.3f, first five words %.3f; want at least 0.85, 0.30 and 0.5", syl, exact, short)
	}
}

// BenchmarkRestore restores the first five words of held-out Dân Trí
// titles, typed without diacritics, with a model of the other bodies.
func BenchmarkRestore(b *testing.B) {
	articles, ok, err := dataset.Dantri()
	if err != nil || !ok {
		b.Skip("no Dân Trí corpus")
	}
	m := NewModel()
	var queries []string
	for i, a := range articles {
		if i%5 != 0 {
			m.Learn(a.Text)
			continue
		}
		if ws := strings.Fields(Fold(strings.ToLower(a.Title))); len(ws) >= 5 {
			queries = append(queries, strings.Join(ws[:5], " "))
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Restore(queries[i%len(queries)], 3)
		i++
	}
}
