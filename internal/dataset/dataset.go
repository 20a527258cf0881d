// Package dataset finds and reads the shared data that tests and benchmarks
// use when it is present: the Dân Trí news corpus, the XQuAD retrieval set
// and the entity gold files. None of it ships with the module; callers skip
// the parts that need it when Dir returns "".
package dataset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Env is the environment variable that names the shared data folder. When
// it is unset the folder is ../shared/data beside the module root.
const Env = "VNSEARCH_DATA"

// Dir returns the shared data folder, or "" when there is none.
func Dir() string {
	if d := os.Getenv(Env); d != "" {
		if isDir(d) {
			return d
		}
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			data := filepath.Join(d, "..", "shared", "data")
			if isDir(data) {
				return data
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Path returns the path of name inside the shared data folder, and whether
// that file exists.
func Path(name string) (string, bool) {
	d := Dir()
	if d == "" {
		return "", false
	}
	p := filepath.Join(d, filepath.FromSlash(name))
	_, err := os.Stat(p)
	return p, err == nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// Article is one article of the Dân Trí corpus (vi_news_unc).
type Article struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	URL      string `json:"url"`
	Date     string `json:"date"` // YYYYMMDD
	Title    string `json:"title"`
	Text     string `json:"text"` // paragraphs separated by "\n"
}

// DantriFile is the path of the Dân Trí corpus inside the data folder.
const DantriFile = "vi_news_unc/unc_dantri_2653.jsonl"

// Dantri reads the Dân Trí corpus. It returns ok == false when the shared
// data is absent.
func Dantri() (articles []Article, ok bool, err error) {
	p, ok := Path(DantriFile)
	if !ok {
		return nil, false, nil
	}
	err = ReadJSONL(p, func(line int, raw []byte) error {
		var a Article
		if err := json.Unmarshal(raw, &a); err != nil {
			return err
		}
		articles = append(articles, a)
		return nil
	})
	return articles, true, err
}

// ReadJSONL calls fn with each non-empty line of the JSON Lines file at
// path, numbered from 1, and stops at the first error.
func ReadJSONL(path string, fn func(line int, raw []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		if err := fn(n, sc.Bytes()); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	return sc.Err()
}
