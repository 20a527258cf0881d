package entity

// Type is the kind of entity a Mention names. Its values are the type names
// of the annotation guideline (spec/ENTITIES.md).
type Type string

// The entity types. Resolution and the other legal document numbers are
// kept apart: Document is scored on its own and not in the headline figures.
const (
	Person     Type = "PERSON"     // a named individual; ID is the fullest form of the name in the document
	Ministry   Type = "MINISTRY"   // a ministry of Viet Nam (ID from the gazetteer) or of a foreign government (ID "ISO2:english name")
	Country    Type = "COUNTRY"    // a sovereign state; ID is the ISO 3166-1 alpha-2 code, e.g. "KR"
	Province   Type = "PROVINCE"   // a Vietnamese province or centrally-run city; ID is the folded short name, e.g. "hochiminh"
	Resolution Type = "RESOLUTION" // a resolution (Nghị quyết) named by number; ID is the full number, e.g. "57-NQ/TW"
	Document   Type = "DOCUMENT"   // another legal document number (decree, decision, law, circular); ID as for Resolution
)

// Types lists the entity types in a fixed order.
var Types = []Type{Person, Ministry, Country, Province, Resolution, Document}

// Mention is one entity mention in a text. Like a bleve analysis token it is
// a value with byte offsets: Start and End (exclusive) index the text that
// was passed to Extract, and Text is text[Start:End].
type Mention struct {
	Type       Type
	Start, End int
	Text       string
	ID         string
}
