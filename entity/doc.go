// Package entity tags the people, ministries, countries, provinces and
// resolution numbers that a Vietnamese or English news text mentions, with
// canonical IDs: "Hàn Quốc", "Han Quoc", "South Korea" and "RoK" are all
// Country "KR"; "Nghị quyết 57/NQTW" and "Resolution No. 57-NQ/TW" are one
// Resolution "57-NQ/TW". The types, spans and IDs follow spec/ENTITIES.md.
//
// # Pipeline
//
// Extract works on one whole document in a few linear passes:
//
//  1. Tokenize once into words, numbers and punctuation runes with byte
//     offsets. Each word gets a key, folded with analyze.Fold (diacritics
//     removed, đ → d, NFC and NFD alike) and lower-cased, and flags: a capital
//     first letter, all capitals, has diacritics, follows a line break.
//  2. Numbers: at a number followed by '/' or '-' one anchored pattern
//     (docNumRE) reads a document number (57-NQ/TW, 13/2023/NĐ-CP,
//     123/QĐ-TTg, 57/NQTW). A code starting with NQ, or the words "Nghị
//     quyết"/"Resolution (No.)" before it, make a Resolution; other numbers
//     are Documents. "Nghị quyết (số) 57" without a code is a Resolution too.
//  3. Gazetteer: the joined keys of 1..n tokens are looked up in one hash map,
//     longest match first. Where the text has diacritics they must agree with
//     the name (tone-mark placement aside, hoà = hòa); named entries need a
//     capital first letter; abbreviations (US, RoK, MoST) match case exactly.
//     The same pass finds person titles, demonyms, legal document words and
//     blockers (phrases such as "thẩm mỹ", "sông Hàn", "Mỹ Tho" that are no
//     entity though they contain a name). Context rules keep ambiguous
//     countries (Đức, Nga, Anh, Nhật) to places with a cue word before them.
//  4. Foreign ministries: a Vietnamese ministry name followed by a foreign
//     country ("Bộ Y tế Ấn Độ") or "Korean Ministry of ..." becomes
//     "ISO2:" + the English name, lower-case ASCII.
//  5. People: names after titles and honorifics in both languages (skipping
//     the organisation between "Bộ trưởng Bộ KH&CN" and the name), runs of
//     capitalised syllables that start with a Vietnamese family name, and
//     runs of non-Vietnamese capitalised words in Vietnamese text.
//  6. References: one-word references ("Lâm said", "ông Hùng", "Nguyen
//     said") get the fullest form of the name in the document as ID, and a
//     bare resolution number gets the full number the document states.
//
// # Data
//
// The gazetteers are TSV files under data/ loaded with go:embed: one
// TYPE<TAB>ID<TAB>NAME[<TAB>FLAGS] a line. countries.tsv (ISO 3166-1
// alpha-2, Vietnamese and English names from Unicode CLDR as exposed by
// golang.org/x/text/language/display, and news aliases), provinces.tsv (the
// 63 former and 34 current provinces), ministries.tsv (the 2025 structure
// and the bodies it replaced), extras.tsv (aliases, blockers, titles,
// demonyms, foreign ministry names, document words) and families.txt
// (common Vietnamese family names). NewWith adds a caller's entries and
// files in the same format, e.g. their own officials, without a fork.
//
// An Extractor is immutable once built and safe for concurrent use.
package entity
