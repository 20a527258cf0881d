package index

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/vnsearch/vnsearch/entity"
	"github.com/vnsearch/vnsearch/internal/eval"
)

// scaleDocs is the number of recombined articles that BenchmarkScale adds
// to the Dân Trí corpus for its large size.
var scaleDocs = flag.Int("scale.docs", 40000, "recombined articles added for the large size of BenchmarkScale")

// recombine returns n new articles made of the paragraphs of docs: each
// takes three to seven paragraphs of different articles, in a random but
// reproducible order, and its title is the first sentence of its first
// paragraph (at most 16 words). No two are alike and none is a copy of an
// article, so scores do not tie the way copies would make them.
func recombine(docs []Document, n int) []Document {
	var paras []string
	for _, d := range docs {
		for p := range strings.SplitSeq(d.Body, "\n") {
			if p = strings.TrimSpace(p); len(p) > 80 {
				paras = append(paras, p)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]Document, n)
	for i := range out {
		k := 3 + rng.IntN(5)
		body := make([]string, k)
		for j := range body {
			body[j] = paras[rng.IntN(len(paras))]
		}
		title := body[0]
		if e := strings.IndexAny(title, ".?!"); e > 0 {
			title = title[:e]
		}
		if ws := strings.Fields(title); len(ws) > 16 {
			title = strings.Join(ws[:16], " ")
		}
		out[i] = Document{ID: fmt.Sprintf("r%06d", i), Title: title, Body: strings.Join(body, "\n")}
	}
	return out
}

// BenchmarkScale measures how query latency grows with the archive. The
// small size is the Dân Trí corpus; the large one adds -scale.docs
// articles recombined from its paragraphs (recombine). At each size three
// indexes (vnsearch, plain bleve, vnsearch with Config.Learn) are built on
// disk, in batches of 500, one after the other: once at the large size,
// scaleBuilds times in turn at the small one, where the median time of
// each counts. An index's build time runs until its background merges
// are done (settle), so that they neither go uncounted nor slow the next
// index or the queries. The sub-benchmark "build" reports the indexing
// rate and size of the first two: "time-ratio" is that of the build
// times, "add-time-ratio" that of the times until the last Add returned. The sub-benchmark "queries"
// times the first five words of about 400 Dân Trí titles six ways:
//
//	vnsearch          without diacritics, top 10
//	vnsearch-facets   the same with the PERSON and COUNTRY facets and highlights
//	bleve             plain bleve, match query on its default mapping, accented
//	vnsearch-restore  as vnsearch, on a third index built with Config.Learn
//	vnsearch-accented the accented queries on that third index
//	readings          the restoring alone of the queries of vnsearch-restore
//
// interleaved (the six ways search each query one after the other, so
// that what else the machine does falls on all alike), in scalePasses
// passes, and reports each one's p50 and p99 in milliseconds, with
// p50-ratio and p99-ratio those of vnsearch over bleve, facets-p50-ratio
// and restore-p50-ratio those of the next two over vnsearch,
// restore-accented-p50-ratio that of a restored query over its accented
// form, and readings-p50-share the p50 of the restoring over that of
// vnsearch. "build" reports too the time of the index that learns
// over the one that does not (learn-time-ratio) and the size of its
// counts. Run it with
//
//	go test -run '^$' -bench Scale -benchtime 1x ./index
func BenchmarkScale(b *testing.B) {
	docs, _ := benchDocs(b)
	acc, unacc := latencyQueries(docs, 5)
	extra := recombine(docs, *scaleDocs)
	if raceEnabled {
		extra = extra[:min(len(extra), 1000)]
	}
	ctx := context.Background()
	for _, size := range []struct {
		name string
		docs []Document
	}{
		{"small", docs},
		{"large", append(slices.Clip(docs), extra...)},
	} {
		b.Run(fmt.Sprintf("%s-%d", size.name, len(size.docs)), func(b *testing.B) {
			dir := b.TempDir()
			// the small size builds its indexes scaleBuilds times, in
			// turn, and keeps the median time of each: one build of a
			// few seconds moves with whatever else the machine does
			rounds := scaleBuilds
			if size.name == "large" {
				rounds = 1
			}
			var vnAdded, vnTook, plainAdded, plainTook, learnTook []time.Duration
			var x, xl *Index
			var bi *eval.Plain
			for round := range rounds {
				if round > 0 {
					x.Close()
					bi.Close()
					xl.Close()
					for _, name := range []string{"vn", "plain", "vn-learn"} {
						os.RemoveAll(filepath.Join(dir, name))
					}
				}
				st := time.Now()
				var err error
				if x, err = Open(filepath.Join(dir, "vn")); err != nil {
					b.Fatal(err)
				}
				addBatches(b, x, size.docs, 500)
				vnAdded = append(vnAdded, time.Since(st))
				settle(b, x.bi)
				vnTook = append(vnTook, time.Since(st))
				st = time.Now()
				bi = newPlain(b, filepath.Join(dir, "plain"))
				addPlain(b, bi, size.docs, 500)
				plainAdded = append(plainAdded, time.Since(st))
				settle(b, bi.Index)
				plainTook = append(plainTook, time.Since(st))
				st = time.Now()
				if xl, err = Open(filepath.Join(dir, "vn-learn"), WithLearning()); err != nil {
					b.Fatal(err)
				}
				addBatches(b, xl, size.docs, 500)
				settle(b, xl.bi)
				if xl.learn != nil {
					xl.learn.compacting.Wait()
				}
				learnTook = append(learnTook, time.Since(st))
			}
			defer x.Close()
			defer bi.Close()
			defer xl.Close()
			vnSize, plainSize := dirBytes(b, filepath.Join(dir, "vn")), dirBytes(b, filepath.Join(dir, "plain"))
			countsSize := dirBytes(b, filepath.Join(dir, "vn-learn", learnDir))
			ratio := func(a, b []time.Duration) float64 { return median(a).Seconds() / median(b).Seconds() }

			b.Run("build", func(b *testing.B) {
				for b.Loop() {
				}
				docsPerSec := func(d []time.Duration) float64 { return float64(len(size.docs)) / median(d).Seconds() }
				b.ReportMetric(docsPerSec(vnTook), "vnsearch-docs/s")
				b.ReportMetric(docsPerSec(plainTook), "bleve-docs/s")
				b.ReportMetric(ratio(vnTook, plainTook), "time-ratio")
				b.ReportMetric(ratio(vnAdded, plainAdded), "add-time-ratio")
				b.ReportMetric(float64(vnSize)/float64(plainSize), "size-ratio")
				b.ReportMetric(float64(vnSize)/(1<<20), "vnsearch-MB")
				b.ReportMetric(ratio(learnTook, vnTook), "learn-time-ratio")
				b.ReportMetric(float64(countsSize)/(1<<20), "counts-MB")
			})
			b.Run("queries", func(b *testing.B) {
				search := func(x *Index, facets bool) func(string) {
					return func(q string) {
						req := Request{Query: q, Size: 10}
						if facets {
							req.Highlight, req.Facets = true, []entity.Type{entity.Person, entity.Country}
						}
						if _, err := x.Search(ctx, req); err != nil {
							b.Fatal(err)
						}
					}
				}
				lat := interleaved(b, scalePasses, []variant{
					{"vnsearch", unacc, search(x, false)},
					{"vnsearch-facets", unacc, search(x, true)},
					{"bleve", acc, func(q string) { searchPlain(b, bi, q, 10) }},
					// the index that learned restores the queries
					{"vnsearch-restore", unacc, search(xl, false)},
					// the same index on the accented queries, which need
					// no restoring and have the exact clauses it adds
					{"vnsearch-accented", acc, search(xl, false)},
					// the restoring alone
					{"readings", unacc, func(q string) { xl.readings(q) }},
				})
				b.ReportMetric(lat["vnsearch"][0]/lat["bleve"][0], "p50-ratio")
				b.ReportMetric(lat["vnsearch"][1]/lat["bleve"][1], "p99-ratio")
				b.ReportMetric(lat["vnsearch-facets"][0]/lat["vnsearch"][0], "facets-p50-ratio")
				b.ReportMetric(lat["vnsearch-restore"][0]/lat["vnsearch"][0], "restore-p50-ratio")
				b.ReportMetric(lat["vnsearch-restore"][0]/lat["vnsearch-accented"][0], "restore-accented-p50-ratio")
				b.ReportMetric(lat["readings"][0]/lat["vnsearch"][0], "readings-p50-share")
			})
		})
	}
}

// scaleBuilds is the number of times BenchmarkScale builds the indexes of
// its small size.
const scaleBuilds = 3

// median returns the median of ds, the later of the middle two for an
// even number.
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// scalePasses is the number of passes over the queries in one iteration
// of BenchmarkScale's "queries": about 1,300 measurements of each
// variant, of which the p99 is the 14th slowest.
const scalePasses = 3

// A variant is one way of searching that interleaved times.
type variant struct {
	name    string
	queries []string
	search  func(q string)
}

// interleaved runs every query of each variant once to warm up, then b.N
// times passes passes over the queries, in which the variants search
// their i-th query one after the other, first one then the next in turn.
// The variants so run on the machine as it is at that moment, and noise
// from other work falls on them alike. It reports the p50 and p99 latency
// of one query of each variant in milliseconds, and returns them by
// variant name. The variants have as many queries each.
func interleaved(b *testing.B, passes int, vs []variant) map[string][2]float64 {
	for _, v := range vs {
		for _, q := range v.queries {
			v.search(q)
		}
	}
	lat := make([][]time.Duration, len(vs))
	b.ResetTimer()
	for b.Loop() {
		for pass := range passes {
			for i := range vs[0].queries {
				for k := range vs {
					vi := (k + pass + i) % len(vs)
					st := time.Now()
					vs[vi].search(vs[vi].queries[i])
					lat[vi] = append(lat[vi], time.Since(st))
				}
			}
		}
	}
	b.StopTimer()
	out := map[string][2]float64{}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	for vi, v := range vs {
		l := lat[vi]
		slices.Sort(l)
		out[v.name] = [2]float64{ms(l[len(l)/2]), ms(l[len(l)*99/100])}
		b.ReportMetric(out[v.name][0], v.name+"-p50-ms")
		b.ReportMetric(out[v.name][1], v.name+"-p99-ms")
	}
	b.ReportMetric(float64(len(vs[0].queries)), "queries/op")
	return out
}

// settle waits until scorch's merges and persistence of the indexes are
// done, at most a minute.
func settle(b *testing.B, indexes ...bleve.Index) {
	deadline := time.Now().Add(time.Minute)
	for _, bi := range indexes {
		for time.Now().Before(deadline) {
			st, _ := bi.StatsMap()["index"].(map[string]any)
			if active, ok := st["index_bgthreads_active"].(bool); !ok || !active {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// latencies runs every query of qs once to warm up, then b.N times, and
// reports the p50 and p99 latency of one query.
func latencies(b *testing.B, qs []string, search func(q string)) {
	for _, q := range qs {
		search(q)
	}
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		for _, q := range qs {
			st := time.Now()
			search(q)
			lat = append(lat, time.Since(st))
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
	b.ReportMetric(float64(len(qs)), "queries/op")
}
