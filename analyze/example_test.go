package analyze_test

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"golang.org/x/text/unicode/norm"

	"github.com/vnsearch/vnsearch/analyze"
)

func ExampleFold() {
	fmt.Println(analyze.Fold("Đà Nẵng"))
	fmt.Println(analyze.Fold("Hàn Quốc") == analyze.Fold("Han Quoc"))
	fmt.Println(analyze.Fold(norm.NFD.String("Hàn Quốc")))
	// Output:
	// Da Nang
	// true
	// Han Quoc
}

func ExampleNormalize() {
	fmt.Println(analyze.Normalize("Khánh Hoà, thuỷ lợi"))
	fmt.Println(analyze.Normalize("Hà\u00adNội") == "HàNội")
	// Output:
	// Khánh Hòa, thủy lợi
	// true
}

func ExampleNewAnalyzer() {
	text := "Bộ trưởng Nguyễn Mạnh Hùng"
	for _, tok := range analyze.NewAnalyzer().Analyze([]byte(text)) {
		fmt.Printf("%s %q\n", tok.Term, text[tok.Start:tok.End])
	}
	for _, tok := range analyze.NewExactAnalyzer().Analyze([]byte("Khánh Hoà")) {
		fmt.Println(string(tok.Term))
	}
	// Output:
	// bo "Bộ"
	// truong "trưởng"
	// nguyen "Nguyễn"
	// manh "Mạnh"
	// hung "Hùng"
	// khánh
	// hòa
}

// A bleve mapping uses the analyzers by name: the folded field finds the
// article whether or not the query has diacritics.
func Example_mapping() {
	body := bleve.NewTextFieldMapping()
	body.Analyzer = analyze.Name
	m := mapping.NewIndexMapping()
	m.DefaultMapping.AddFieldMappingsAt("body", body)

	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		panic(err)
	}
	defer idx.Close()
	idx.Index("a1", map[string]string{"body": "Việt Nam và Hàn Quốc ký kết hợp tác khoa học."})
	idx.Index("a2", map[string]string{"body": "Du lịch sông Hàn ở Đà Nẵng."})

	for _, q := range []string{"Hàn Quốc", "han quoc"} {
		query := bleve.NewMatchPhraseQuery(q)
		query.SetField("body")
		res, err := idx.Search(bleve.NewSearchRequest(query))
		if err != nil {
			panic(err)
		}
		for _, hit := range res.Hits {
			fmt.Println(q, "→", hit.ID)
		}
	}
	// Output:
	// Hàn Quốc → a1
	// han quoc → a1
}
