package entity

import (
	"strings"

	"github.com/vnsearch/vnsearch/analyze"
)

// partyTypes are the document-type codes of Party documents, longest first
// where one is a prefix of another.
var partyTypes = []string{"QĐI", "NQ", "KL", "QĐ", "CT", "HD", "TB", "QC"}

// partyIssuers are the issuer codes that make a number without a year a
// Party document: the Central Committee (TW; TƯ is the same) and its
// bodies, provincial and other Party committees.
var partyIssuers = map[string]bool{
	"TW": true, "VPTW": true, "BCT": true, "BBT": true,
	"TU": true, "ĐU": true, "QU": true, "HU": true, "BCSĐ": true,
}

// canonicalNumber returns the canonical ID of a resolution or document
// number: upper case, TƯ read as TW, and the Party form number-TYPE/ISSUER
// for the spellings of a Party number (57/NQ-TW, 57/NQTW and 57-NQ/TW are
// all 57-NQ/TW). State numbers (202/2025/QH15, 13/2023/NĐ-CP,
// 123/QĐ-TTg) keep their separators.
func canonicalNumber(s string) string {
	s = strings.ToUpper(analyze.Normalize(strings.TrimSpace(s)))
	s = strings.ReplaceAll(s, "TƯ", "TW")
	num, code, ok := cutNumber(s)
	if !ok || hasYear(code) {
		return s
	}
	letters := strings.NewReplacer("-", "", "/", "", " ", "").Replace(code)
	for _, t := range partyTypes {
		if issuer, ok := strings.CutPrefix(letters, t); ok && partyIssuers[issuer] {
			return num + "-" + t + "/" + issuer
		}
	}
	return s
}

// cutNumber splits "57-NQ/TW" into "57" and "NQ/TW".
func cutNumber(s string) (num, code string, ok bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i == len(s) || (s[i] != '-' && s[i] != '/') {
		return "", "", false
	}
	return s[:i], s[i+1:], true
}

// hasYear reports whether code starts with a four-digit year segment
// ("2025/QH15").
func hasYear(code string) bool {
	return len(code) > 4 && code[4] == '/' && strings.Trim(code[:4], "0123456789") == ""
}

// CanonicalID returns id in the form Extract gives IDs of type t, so that
// IDs a user types can be compared with extracted ones: country codes in
// upper case ("kr" → "KR"); Vietnamese ministry IDs in lower case;
// provinces lower-cased, folded and without spaces ("Ha Noi" → "hanoi");
// resolution and document numbers canonicalized ("57/NQ-TW" → "57-NQ/TW").
// Person names are returned trimmed and in NFC.
func CanonicalID(t Type, id string) string {
	id = strings.TrimSpace(id)
	switch t {
	case Country:
		return strings.ToUpper(id)
	case Ministry:
		if len(id) > 3 && id[2] == ':' { // a foreign ministry, "KR:ministry of …"
			return strings.ToUpper(id[:2]) + ":" + strings.ToLower(analyze.Fold(id[3:]))
		}
		return strings.ToLower(id)
	case Province:
		return strings.ReplaceAll(strings.ToLower(analyze.Fold(id)), " ", "")
	case Resolution, Document:
		return canonicalNumber(id)
	}
	return analyze.Normalize(id)
}

// Resolve returns the ID that s, a name or an ID a user typed for an entity
// of type t, stands for: the ID of the one entity of type t that Extract
// finds in s ("Hàn Quốc" and "South Korea" are KR); else, unless s is a
// country code, the entity whose name s is, which Extract may leave to
// context in running text ("Đức" is DE); or else CanonicalID(t, s) ("kr"
// is KR, "MY" is MY, "57/NQ-TW" is 57-NQ/TW).
func (e *Extractor) Resolve(t Type, s string) string {
	id := ""
	for _, m := range e.Extract(strings.TrimSpace(s)) {
		if m.Type != t || m.ID == "" || m.ID == id {
			continue
		}
		if id != "" {
			return CanonicalID(t, s) // two different entities: s is no name
		}
		id = m.ID
	}
	if id != "" {
		return id
	}
	if t == Country && isCode(s) {
		return CanonicalID(t, s) // "MY" is Malaysia, though "My" is Mỹ
	}
	if id := e.name(t, s); id != "" {
		return id
	}
	return CanonicalID(t, s)
}

// isCode reports whether s is two upper-case ASCII letters, an ISO 3166
// code.
func isCode(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z'
}

// name returns the ID of the gazetteer entity of type t whose name is all
// of s, with the diacritics s has, whatever the context rules of Extract
// say of it on its own: a filter "Đức" or "my" is a name, where the same
// word in running text may be a person or a pronoun.
func (e *Extractor) name(t Type, s string) string {
	d := e.pool.Get().(*doc)
	defer func() {
		d.reset()
		e.pool.Put(d)
	}()
	d.s = s
	d.tz.tokenize(s)
	n := len(d.tz.toks)
	if n == 0 {
		return ""
	}
	d.st = slices0(d.st, n)
	d.title = slices0(d.title, n)
	en, j := d.longest(0, func(en *entry, i, j int) bool { return en.typ == t && j == n })
	if en == nil || j != n {
		return ""
	}
	return en.id
}
