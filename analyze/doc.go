// Package analyze is Vietnamese text analysis for bleve: diacritic folding,
// spelling normalization, and the token filters and analyzers built on them.
//
// Vietnamese writes one syllable per space-separated word and marks vowels
// with up to two diacritics (ă â ê ô ơ ư and five tones), so one word has
// several spellings in the wild: with and without diacritics, precomposed
// (NFC) or decomposed (NFD), with the tone mark typed on another vowel of
// the syllable (hoà/hòa, thuỷ/thủy, hòan for hoàn, lựơng for lượng),
// sometimes with invisible characters inside. This package makes them
// compare equal:
//
//   - Fold removes every diacritic and maps đ/Đ (and ð U+00F0, Ð U+00D0)
//     to d/D, so "Hàn Quốc", its NFD spelling and "Han Quoc" all fold to
//     "Han Quoc".
//   - Normalize returns Normalization Form C (UAX #15) with the tone mark of
//     each Vietnamese syllable on the vowel where the orthography puts it,
//     Ð/ð as Đ/đ, and without default-ignorable characters, keeping
//     diacritics.
//
// # Tone placement
//
// Normalize splits each word into onset (including gi and qu before a
// vowel), vowel nucleus and final consonant (c ch m n ng nh p t, and the k of
// Đắk Lắk) and puts the tone on the vowel the nucleus calls for: the vowel
// with a diacritic where there is one (hoặc, tuấn, thuở, lượng, tiền,
// muốn); the first vowel of ia, ua, ưa and of a vowel before a final
// semivowel (mía, mùa, mưa, bài, cháu); the second of a two-vowel nucleus
// before a final consonant (hoàn, khoảng, thuyền); the middle one of three
// (ngoài, khuỷu). The open oa, oe and uy take it on the first vowel (hòa,
// khỏe, thủy), the spelling most Vietnamese news text uses. Words that are
// not Vietnamese syllables (Chloé, café) keep their marks where they are.
//
// # bleve components
//
// Importing the package registers these names in bleve's registry, so they
// can be used in a mapping, also from mapping JSON:
//
//	analyzer      vi            vi_unicode → vi_lower → vi_normalize → vi_fold
//	analyzer      vi_exact      vi_unicode → vi_lower → vi_normalize
//	tokenizer     vi_unicode    bleve's unicode tokenizer (UAX #29), invalid UTF-8 separating words
//	token filter  vi_normalize  NormalizeBytes on each token
//	token filter  vi_fold       FoldBytes on each token, in place
//	token filter  vi_lower      lower case, as bleve's to_lower without its bug (LowerFilter)
//
// None of them reads configuration keys. Every step that can change the
// length of the text is a token filter, never a char filter, so the Start
// and End of each token stay byte offsets into the caller's original text,
// NFC or NFD, and highlighting marks the right characters. The filters hold
// no state and are safe for concurrent use. Analyzing the terms of vi or
// vi_exact again gives the same terms.
//
// The analyzers keep stop words: after folding, the function word "đã"
// becomes "da", which would also delete "Đà" of "Đà Nẵng".
package analyze
