package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vnsearch/vnsearch/internal/dataset"
)

// Doc is a document of a judged set.
type Doc struct {
	ID, Title, Body, Lang, URL string
	Published                  time.Time
}

// Set is a judged set: documents and queries with their relevant IDs.
type Set struct {
	Name    string
	Docs    []Doc
	Queries []Judged
}

// XQuAD returns the sentence-level XQuAD development set of lang ("vi" or
// "en"): each sentence a document, each question a query whose relevant
// document is the sentence that holds its answer. ok is false when the
// shared data is absent.
func XQuAD(lang string) (s Set, ok bool, err error) {
	dir, ok := dataset.Path("xquad-vi-en")
	if !ok {
		return Set{}, false, nil
	}
	s.Name = "xquad-" + lang
	type rec struct {
		ID   string `json:"_id"`
		Text string `json:"text"`
	}
	err = dataset.ReadJSONL(filepath.Join(dir, "corpus_sentences."+lang+".jsonl"), func(_ int, raw []byte) error {
		var r rec
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		s.Docs = append(s.Docs, Doc{ID: r.ID, Body: r.Text, Lang: lang})
		return nil
	})
	if err != nil {
		return Set{}, true, err
	}
	rel, err := readQrels(filepath.Join(dir, "qrels_sentences."+lang+".tsv"))
	if err != nil {
		return Set{}, true, err
	}
	err = dataset.ReadJSONL(filepath.Join(dir, "queries."+lang+".jsonl"), func(_ int, raw []byte) error {
		var r rec
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		if ids := rel[r.ID]; len(ids) > 0 {
			s.Queries = append(s.Queries, Judged{Query: r.Text, Relevant: ids})
		}
		return nil
	})
	return s, true, err
}

// readQrels reads a BEIR qrels file: query-id, corpus-id, score, with a
// header line; rows with score 0 are not relevant.
func readQrels(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rel := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) != 3 || p[0] == "query-id" || p[2] == "0" {
			continue
		}
		rel[p[0]] = append(rel[p[0]], p[1])
	}
	return rel, sc.Err()
}

// DantriTitles returns the Dân Trí corpus as a known-item set: each
// article's body is a document and its title the query that should find
// it. With limit > 0, every n-th article is taken so that limit remain,
// across all categories. ok is false when the shared data is absent.
func DantriTitles(limit int) (s Set, ok bool, err error) {
	articles, ok, err := dataset.Dantri()
	if !ok || err != nil {
		return Set{}, ok, err
	}
	if limit > 0 && limit < len(articles) {
		step := len(articles) / limit
		var some []dataset.Article
		for i := 0; i < len(articles) && len(some) < limit; i += step {
			some = append(some, articles[i])
		}
		articles = some
	}
	s.Name = "dantri-titles"
	for _, a := range articles {
		d := Doc{ID: a.ID, Body: a.Text, Lang: "vi", URL: a.URL}
		d.Published, _ = time.Parse("20060102", a.Date)
		s.Docs = append(s.Docs, d)
		s.Queries = append(s.Queries, Judged{Query: TitleQuery(a.Title), Relevant: []string{a.ID}})
	}
	return s, true, nil
}

// TitleQuery returns a headline as a query of its words: its quotation
// marks become spaces. In a headline they set off a quote or a scare word
// that the article need not repeat; in a query they would ask for that
// exact phrase (see package index).
func TitleQuery(title string) string {
	return strings.Map(func(r rune) rune {
		if r == '"' {
			return ' '
		}
		return r
	}, title)
}

// ReadSet reads a judged set kept as JSON Lines files: docs holds one
// {"id","title","body","lang"} object a line, queries one
// {"query","relevant":[ids]} object a line.
func ReadSet(name, docs, queries string) (Set, error) {
	s := Set{Name: name}
	err := dataset.ReadJSONL(docs, func(_ int, raw []byte) error {
		var d struct{ ID, Title, Body, Lang string }
		if err := json.Unmarshal(raw, &d); err != nil {
			return err
		}
		s.Docs = append(s.Docs, Doc{ID: d.ID, Title: d.Title, Body: d.Body, Lang: d.Lang})
		return nil
	})
	if err != nil {
		return Set{}, err
	}
	err = dataset.ReadJSONL(queries, func(_ int, raw []byte) error {
		var q Judged
		if err := json.Unmarshal(raw, &q); err != nil {
			return err
		}
		if q.Query == "" || len(q.Relevant) == 0 {
			return fmt.Errorf("query %q has no relevant documents", q.Query)
		}
		s.Queries = append(s.Queries, q)
		return nil
	})
	return s, err
}
