package analyze

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/vnsearch/vnsearch/internal/dataset"
)

// checkMerge writes each model, merges what they wrote with MergeModels
// and checks the bytes against those of a model that read them all.
func checkMerge(t *testing.T, models ...*Model) {
	t.Helper()
	var files [][]byte
	all := NewModel()
	for _, m := range models {
		var b bytes.Buffer
		if _, err := m.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		files = append(files, b.Bytes())
		if _, err := all.ReadFrom(bytes.NewReader(b.Bytes())); err != nil {
			t.Fatal(err)
		}
	}
	var want, got bytes.Buffer
	all.WriteTo(&want)
	rs := make([]io.Reader, len(files))
	for i, f := range files {
		rs[i] = bytes.NewReader(f)
	}
	n, err := MergeModels(&got, rs...)
	if err != nil || n != int64(got.Len()) {
		t.Fatalf("MergeModels = %d, %v; wrote %d bytes", n, err, got.Len())
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("MergeModels of %d models wrote %d bytes; reading them into one model writes %d other ones", len(models), got.Len(), want.Len())
	}
}

func TestMergeModels(t *testing.T) {
	lines := strings.Split(restoreText, "\n")
	var parts []*Model
	for i := range lines {
		m := NewModel()
		m.Learn(lines[i])
		m.Learn(lines[(i+1)%len(lines)]) // each line in two models
		parts = append(parts, m)
	}
	other := NewModel()
	other.Learn("Đà Nẵng đón khách quốc tế.")
	checkMerge(t, parts...)
	checkMerge(t, append(parts, other, NewModel())...)
	checkMerge(t, parts[0])
	checkMerge(t)

	articles, ok, err := dataset.Dantri()
	if err != nil || !ok {
		t.Log("no Dân Trí corpus: the merge of larger models is not checked")
		return
	}
	var big []*Model
	for i := 0; i < 300; i += 60 {
		m := NewModel()
		for _, a := range articles[i : i+60] {
			m.Learn(a.Text)
		}
		big = append(big, m)
	}
	checkMerge(t, big...)
}

func TestMergeModelsRejects(t *testing.T) {
	bad, good := badModels(t)
	for name, in := range bad {
		_, err := MergeModels(io.Discard, bytes.NewReader(good), bytes.NewReader(in))
		if !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), "model 1") {
			t.Errorf("MergeModels(good, %s) = %v; want ErrBadModel naming model 1", name, err)
		}
	}
}

// TestMergeModelsV1 merges a model of each format.
func TestMergeModelsV1(t *testing.T) {
	v1, err := os.ReadFile("testdata/model-v1.gz")
	if err != nil {
		t.Fatal(err)
	}
	var v2, merged, twice bytes.Buffer
	restoreModel(t).WriteTo(&v2)
	if _, err := MergeModels(&merged, bytes.NewReader(v1), bytes.NewReader(v2.Bytes())); err != nil {
		t.Fatal(err)
	}
	both := restoreModel(t)
	both.Merge(restoreModel(t))
	both.WriteTo(&twice)
	if !bytes.Equal(merged.Bytes(), twice.Bytes()) {
		t.Error("merging a model of each format does not write the model of both")
	}
}
