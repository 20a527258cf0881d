// Package index is the search index of vnsearch: a bleve scorch index that
// a Go service opens, fills with Vietnamese and English news articles and
// searches, so that "han quoc", "Hàn Quốc" and "South Korea" find the same
// articles, exact-diacritic matches rank first, and every hit carries the
// entities (people, ministries, countries, provinces, resolution numbers)
// found in it by package entity.
//
//	x, err := index.Open("news.idx") // or index.NewMemory()
//	err = x.Add(ctx, index.Document{ID: "1", Title: "…", Body: "…"})
//	res, err := x.Search(ctx, index.Request{Query: "han quoc", Highlight: true})
//
// # Indexing
//
// Add validates every document first (ID, UTF-8, Config.MaxDocumentBytes),
// extracts its entities once, detects its language when Lang is empty, and
// writes the whole call as one scorch batch: either all documents of a call
// are indexed or none is. On disk, Add returns only after the batch is
// persisted, so acknowledged documents survive a crash of the process.
//
// The title and the body are tokenized once (Unicode word boundaries,
// UAX #29) and normalized once (NFC, UAX #15, with one tone-mark placement:
// analyze.Normalize); the folded form (analyze.Fold) is derived from that
// stream. The fields of a bleve document are:
//
//	text         folded title and body together, with term vectors: the main match
//	             (analyze.Name terms), and phrases, body: and highlighting in the body;
//	             the body's words start at position 1024 (bodyBase), after the title's
//	lead_pairs   folded word pairs ("han quoc") of the first 64 words of the title and the body
//	title        folded, stored, with term vectors: title:, phrases and highlighting in the title
//	body         stored
//	title_exact  lower-cased with diacritics (analyze.ExactName terms), term vectors
//	body_exact   lower-cased with diacritics
//	title_en, body_en  English stemming (bleve "en"), English documents only
//	lang         "vi" or "en", keyword
//	url          stored only
//	published    date, stored, doc values
//	entities.person, entities.ministry, entities.country, entities.province,
//	entities.resolution, entities.document
//	             entity IDs as keywords, stored, with doc values for facets:
//	             entities.country holds "KR" for "Hàn Quốc" and "South Korea",
//	             entities.person "to lam" for "Tô Lâm" and "To Lam" (PersonID)
//	person_names a person's ID and the document's spelling, "to lam\x1fTô Lâm"
//
// This is format 2 of the fields. In format 1 the folded body had a field
// of its own, body, with term vectors, and text had none; indexing took a
// third more time and space. An index keeps the format it was made with
// (it is recorded in the index), and Open reads both. The first 1022 words
// of a title go into text; title holds all of them.
//
// There is no _all field. The mapping stored with the index describes these
// fields with the registered analyzers, so that other bleve tools can read
// it. Scoring is bleve's tf-idf, which did better than its bm25 on the
// relevance tests (Config.Scoring chooses for new indexes).
//
// # Query syntax
//
// Request.Query accepts:
//
//	han quoc          words, with or without diacritics; any of them may match
//	"bộ y tế"         a phrase: only documents with these words in this order
//	                  (folded, so "bo y te" is the same phrase)
//	+word, +"phrase"  required
//	-word, -"phrase"  excluded; an accented word excludes only that spelling ("-bạn" keeps "bàn");
//	                  -"du lịch" excludes the phrase, -du every word that folds to du
//	title:word        in the title only (also title:"phrase"); body: likewise
//	country:KR        an entity by type and a name or ID of any spelling (person:, ministry:,
//	                  province:, resolution:, document:), required; one that names nothing
//	                  known is an error
//	viet*             prefix
//	hanoi~ hanoi~2    fuzzy, edit distance 1 (default) or 2; a word longer than
//	                  MaxFuzzyRunes is matched as it is
//
// Prefix and fuzzy words are folded, then expanded by the package to terms
// of the index: a prefix to the MaxExpansions (50) terms in the most
// documents, a fuzzy word to the 50 nearest. A query may hold
// MaxExpandedWords (10) distinct ones; more are an ErrInvalidRequest, as
// is a fuzzy word bleve cannot build an automaton for. A repeated prefix or
// fuzzy word counts once. Any input is accepted: unbalanced quotes and
// stray operators are ignored. Words are matched on the folded text; when
// the query has diacritics, matches on the exact fields add to the score,
// so "bàn" ranks "bàn" above "bạn" and "ban". An exclusion only removes
// hits: the hits of "q -x" are among those of "q".
//
// Entities named by the words of a query (not those under title: or
// body:, which only match that field) add clauses on the entity fields,
// so "Bộ Y tế" and "Ministry of Health" find Vietnamese and English
// articles about the ministry. These clauses rank, they never require: a
// query finds at least what its words alone find, so a name the documents
// were not tagged with, or a number no document carries, still finds the
// documents by their words. A query that is only entity names ranks the
// documents that mention one of them first (by the words and the
// entities' display names), then those that merely hold the words.
// The names are found by the extractor, and two more ways in the index
// itself:
//
//   - People: runs of two to five words whose PersonID the index holds,
//     so "Tô Lâm", "To Lam", "to lam" and "TO LAM" are one person.
//   - Resolution and document numbers: a number after "Nghị quyết",
//     "Resolution", "NQ", "Nghị định", "Decree" and the like (with "số"
//     or "No." between), or a number with a code ("57/NQ"), matches every
//     indexed number it is the start of: "Nghị quyết 57" finds 57-NQ/TW
//     and 57/2024/QH15, the number as typed first, then the more
//     frequent; "Nghị định 13" finds 13/2023/NĐ-CP. A bare number ("57")
//     is a word.
//
// Request.Entities filters resolve names and IDs the same way.
//
// # How a search runs
//
// A search reads one snapshot of the index from its first step to its
// last, so a concurrent Add never shows half of itself in one result:
//
//  1. plan (search.go) checks the request, resolves its entity filters
//     and language, and has buildQuery (query.go) turn the query string
//     into a bleve query: words on the folded fields, exact-diacritic and
//     English clauses, word pairs of the title and lead, the entities the
//     query names, phrases, exclusions; the filters join it as a bleve
//     filter, which matches without scoring. With Config.Restorer or
//     Config.Learn (learn.go), a query typed without diacritics gets the
//     exact-diacritic clauses of its likeliest reading too, weighted by
//     its probability, and the reading decides between an entity and the
//     other words its name folds to (Result.Reading names it).
//  2. rank (rank.go) finds the best hits with the top-k searcher
//     (topk.go): the same scores and order as bleve's exhaustive search,
//     without scoring the documents that cannot enter them (MaxScore over
//     per-block score bounds, topk_bounds.go; the exactness test is
//     topk_test.go). The postings of common terms are read decoded from
//     a cache, where skipping costs a search instead of a read of every
//     posting skipped (topk_dense.go; Config.SearchCacheBytes). It stops
//     counting the matches it skips, so Result.Total is then a lower
//     bound (Result.TotalExact), and facets count the entities of the best
//     FacetWindow matches (facets.go; Result.FacetsExact). Request.Exact, a BM25 index, and queries the
//     top-k searcher leaves to bleve (more than 256 clauses, thousands of
//     equal scores) are ranked by bleve's own search, which scores and
//     counts every match.
//  3. rerank (search.go) reorders the best RerankWindow hits with two
//     signals read from the term vectors of those documents only: how
//     many of the query's adjacent word pairs appear next to each other
//     in the title or body, and how many query words the title holds.
//     The positions of the common words come decoded from the search
//     cache (positions.go), the others from the segments of those hits.
//     Pairs win back most of what folding loses (bán/bàn/bạn all fold to
//     ban, but "ban ghe" does not).
//  4. load (search.go) reads the stored fields of the page's hits and,
//     for highlights, the locations of the matched words in them, those
//     of the common words decoded from the search cache too.
//
// # Requests and results
//
// A Request also filters by entities (all must match; each given by a name
// or an ID of any spelling), language and publication date range; asks for
// entity facets (top IDs per type with counts and display names); asks for
// highlighted fragments, HTML with <mark> around what the query matched in
// the original text, accents intact even for unaccented queries: its words,
// its phrases, and the hit's own mentions of the entities it named, however
// the hit writes them ("South Korea" for the query "Hàn Quốc"); marks and
// fragments start and end at word boundaries. It pages with From/Size or,
// for deep pages, with the opaque cursor Result.Next passed as
// Request.After.
//
// # People
//
// A person's ID is PersonID of the name: folded, lower-cased, one space
// between words ("to lam"). It depends on the name alone, so it is the same
// in every document, in both languages, and after reindexing; facets count
// one person in one bucket. The index keeps each document's spelling beside
// the ID (FieldPersonNames) and shows the accented spelling that most
// documents give ("Tô Lâm") in Hit.Entities, Get and Result.Facets.
//
// # Limits
//
// Add rejects a document larger than Config.MaxDocumentBytes (default
// DefaultMaxDocumentBytes, 4 MiB) with ErrDocumentTooLarge; indexing takes
// memory linear in the document, about a hundred times its size at peak.
// Search rejects with ErrInvalidRequest a query longer than MaxQueryBytes,
// a negative Size or From, a From past MaxFrom (use After for deep pages),
// an unknown entity type in a filter or facet, an entity filter or an
// entity clause of the query that names nothing the extractor or the index
// knows, a language that no document has (other than "vi" and "en"), and
// Since after Until; the error names what was wrong. A Size above MaxSize
// is cut to MaxSize.
//
// The cache of score bounds and common terms' decoded postings and
// locations takes up to 256 MiB per open index (Config.SearchCacheBytes).
//
// All methods are safe for concurrent use. Search honors the cancellation
// of its context. After Close every method returns ErrClosed.
package index
