package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/vnsearch/vnsearch/analyze"
	"github.com/vnsearch/vnsearch/entity"
)

// Field names of the bleve documents. Each text property of a Document is
// indexed under several fields; see the package documentation.
const (
	FieldText       = "text"        // folded title and body together, term vectors: the main match
	FieldLeadPairs  = "lead_pairs"  // folded word pairs of the title and the body's lead
	FieldTitle      = "title"       // folded title (analyze.Name), stored, term vectors
	FieldTitleExact = "title_exact" // title with diacritics (analyze.ExactName), term vectors
	FieldTitleEn    = "title_en"    // English-stemmed title, English documents only
	FieldBody       = "body"        // the body, stored (in format 1 also folded, with term vectors)
	FieldBodyExact  = "body_exact"  // body with diacritics
	FieldBodyEn     = "body_en"     // English-stemmed body, English documents only
	FieldLang       = "lang"        // language code, keyword
	FieldURL        = "url"         // stored only
	FieldPublished  = "published"   // date
	// FieldEntities is the prefix of the entity keyword fields: an entity of
	// type entity.Country is in "entities.country".
	FieldEntities = "entities"
)

// Scoring models accepted by Config.Scoring.
const (
	ScoringBM25  = "bm25"
	ScoringTFIDF = "tf-idf"
)

// EntityField returns the name of the keyword field that holds the IDs of
// entities of type t, e.g. "entities.country".
func EntityField(t entity.Type) string {
	return FieldEntities + "." + strings.ToLower(string(t))
}

// newMapping builds the index mapping; see the package documentation for
// the fields.
func newMapping(scoring string) (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	im.ScoringModel = scoring
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.DefaultAnalyzer = analyze.Name

	text := func(name, analyzer string, store, vectors bool) *mapping.FieldMapping {
		return &mapping.FieldMapping{
			Name:               name,
			Type:               "text",
			Analyzer:           analyzer,
			Store:              store,
			Index:              true,
			IncludeTermVectors: vectors,
		}
	}
	doc := bleve.NewDocumentStaticMapping()

	joined := bleve.NewDocumentStaticMapping()
	joined.AddFieldMapping(text(FieldText, analyze.Name, false, true))
	doc.AddSubDocumentMapping(FieldText, joined)
	pairs := bleve.NewDocumentStaticMapping()
	pairs.AddFieldMapping(text(FieldLeadPairs, keyword.Name, false, false))
	doc.AddSubDocumentMapping(FieldLeadPairs, pairs)

	title := bleve.NewDocumentStaticMapping()
	title.AddFieldMapping(text(FieldTitle, analyze.Name, true, true))
	title.AddFieldMapping(text(FieldTitleExact, analyze.ExactName, false, true))
	doc.AddSubDocumentMapping(FieldTitle, title)

	body := bleve.NewDocumentStaticMapping()
	stored := text(FieldBody, analyze.Name, true, false)
	stored.Index = false
	body.AddFieldMapping(stored)
	body.AddFieldMapping(text(FieldBodyExact, analyze.ExactName, false, false))
	doc.AddSubDocumentMapping(FieldBody, body)

	titleEn := bleve.NewDocumentStaticMapping()
	titleEn.AddFieldMapping(text(FieldTitleEn, en.AnalyzerName, false, false))
	doc.AddSubDocumentMapping(FieldTitleEn, titleEn)
	bodyEn := bleve.NewDocumentStaticMapping()
	bodyEn.AddFieldMapping(text(FieldBodyEn, en.AnalyzerName, false, false))
	doc.AddSubDocumentMapping(FieldBodyEn, bodyEn)

	lang := bleve.NewDocumentStaticMapping()
	lang.AddFieldMapping(&mapping.FieldMapping{
		Name: FieldLang, Type: "text", Analyzer: keyword.Name,
		Store: true, Index: true, DocValues: true,
	})
	doc.AddSubDocumentMapping(FieldLang, lang)

	url := bleve.NewDocumentStaticMapping()
	url.AddFieldMapping(&mapping.FieldMapping{Name: FieldURL, Type: "text", Analyzer: keyword.Name, Store: true})
	doc.AddSubDocumentMapping(FieldURL, url)

	pub := bleve.NewDocumentStaticMapping()
	pub.AddFieldMapping(&mapping.FieldMapping{
		Name: FieldPublished, Type: "datetime", Store: true, Index: true, DocValues: true,
	})
	doc.AddSubDocumentMapping(FieldPublished, pub)

	ents := bleve.NewDocumentStaticMapping()
	for _, t := range entity.Types {
		name := strings.ToLower(string(t))
		m := bleve.NewDocumentStaticMapping()
		m.AddFieldMapping(&mapping.FieldMapping{
			Name: name, Type: "text", Analyzer: keyword.Name,
			Store: true, Index: true, DocValues: true,
		})
		ents.AddSubDocumentMapping(name, m)
	}
	doc.AddSubDocumentMapping(FieldEntities, ents)

	names := bleve.NewDocumentStaticMapping()
	names.AddFieldMapping(&mapping.FieldMapping{Name: FieldPersonNames, Type: "text", Analyzer: keyword.Name, Index: true})
	doc.AddSubDocumentMapping(FieldPersonNames, names)

	// No _all field: queries name their fields.
	all := bleve.NewDocumentDisabledMapping()
	doc.AddSubDocumentMapping("_all", all)

	im.DefaultMapping = doc
	if err := im.Validate(); err != nil {
		return nil, err
	}
	return im, nil
}
