// Package analyze is Vietnamese text analysis for bleve: diacritic folding,
// spelling normalization, and the token filters and analyzers built on them.
//
// Vietnamese writes one syllable per space-separated word and marks vowels
// with up to two diacritics (ă â ê ô ơ ư and five tones), so one word has
// several spellings in the wild: with and without diacritics, precomposed
// (NFC) or decomposed (NFD), with the tone of hoà/hòa or thuỷ/thủy placed on
// either vowel, sometimes with invisible characters inside. This package
// makes them compare equal:
//
//   - Fold removes every diacritic and maps đ/Đ (and Ð U+00D0) to d/D, so
//     "Hàn Quốc", its NFD spelling and "Han Quoc" all fold to "Han Quoc".
//   - Normalize returns Normalization Form C (UAX #15) with one tone-mark
//     placement for oa, oe and uy and without default-ignorable characters,
//     keeping diacritics.
//
// # bleve components
//
// Importing the package registers these names in bleve's registry, so they
// can be used in a mapping, also from mapping JSON:
//
//	analyzer      vi            unicode tokenizer (UAX #29) → vi_normalize → to_lower → vi_fold
//	analyzer      vi_exact      unicode tokenizer (UAX #29) → vi_normalize → to_lower
//	token filter  vi_normalize  NormalizeBytes on each token
//	token filter  vi_fold       FoldBytes on each token, in place
//
// None of them reads configuration keys. Every step that can change the
// length of the text is a token filter, never a char filter, so the Start
// and End of each token stay byte offsets into the caller's original text,
// NFC or NFD, and highlighting marks the right characters. The filters hold
// no state and are safe for concurrent use.
//
// The analyzers keep stop words: after folding, the function word "đã"
// becomes "da", which would also delete "Đà" of "Đà Nẵng".
package analyze
