// Package vnsearch is full-text and entity search over Vietnamese and English
// news, built on bleve v2.
//
// A reader types "han quoc", "Hàn Quốc" or "South Korea" and finds the same
// articles; exact-diacritic matches rank first; every article comes back
// tagged with the people, ministries, countries, provinces and resolution
// numbers it mentions.
//
// The work is split into packages, and data flows one way:
//
//	analyze  Vietnamese text analysis for bleve: diacritic folding (Fold),
//	         spelling normalization (Normalize), and the analyzers "vi"
//	         (folded) and "vi_exact" (diacritics kept)
//	entity   extraction of people, ministries, countries, provinces and
//	         resolution numbers with canonical IDs
//	index    the bleve index: ingest with extraction, search with folding,
//	         entity filters and facets, highlighting and paging
//
// This package holds no code: it documents the module and carries the
// benchmarks that compare vnsearch with plain bleve (bench_test.go).
package vnsearch
