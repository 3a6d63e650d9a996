// Package bridge links the skills of one taxonomy to the occupations of another by what
// their texts say: each ESCO skill (its labels and description) is matched by BM25 against
// each O*NET occupation's text (titles, description, task statements; the detailed work
// activities were tried and did not help, eval/RESULTS.md), and its best few occupations
// are kept with their score. The links are
// evidence, not equivalences (SAME_AS stays for reviewed pairs): a person holding "operate
// jackhammer" does the work of the occupations whose tasks say "operate jackhammers".
package bridge

import (
	"math"
	"slices"
	"strings"

	"github.com/skillgraph/skillgraph/esco"
	"github.com/skillgraph/skillgraph/internal/topk"
	"github.com/skillgraph/skillgraph/onet"
)

// The weights of ESCOToONET, chosen on the tuning sample of ESCO self-retrieval
// (eval/RESULTS.md): how much each word of a field counts, in an occupation's text and in a
// skill's; and how many occupations each skill keeps.
const (
	wTitle, wAlias, wDescription, wTask = 3.0, 1.0, 1.0, 1.0
	qLabel, qAlias, qDescription        = 2.0, 0.5, 0.5
	// Top: how many occupations each skill keeps.
	Top = 30
)

// Source is the provenance of the links of ESCOToONET between two releases.
func Source(escoRelease, onetRelease string) string {
	return "skillgraph text match (BM25) of " + escoRelease + " skills to " + onetRelease + " occupations"
}

// ESCOToONET links each ESCO skill of d to the Top O*NET occupations of od whose text
// (title, alternate titles, description, task statements: tasks by O*NET-SOC code) best
// matches the skill's (preferred and alternative labels, description). Each link's Score is
// the share of the skill's evidence the occupation has: its BM25 score squared, divided by
// the sum of those of the skill's Top (so a skill's scores sum to 1, and a skill whose text
// fits many occupations alike says little about each). In skill order, then by rank.
func ESCOToONET(d *esco.Dataset, od *onet.Dataset, tasks map[string][]string) []Link {
	return escoToONET(d, od, tasks, MaxPostings)
}

// escoToONET is ESCOToONET reading at most limit postings per query term (0: all).
func escoToONET(d *esco.Dataset, od *onet.Dataset, tasks map[string][]string, limit int) []Link {
	ix := NewIndex(occupationDocs(od, tasks))
	ix.Limit = limit
	var out []Link
	for _, sk := range d.Skills {
		q := []Field{{sk.Label, qLabel}, {sk.Description, qDescription}}
		for _, a := range sk.Aliases {
			q = append(q, Field{a, qAlias})
		}
		out = append(out, shares(ix.Match(sk.ID, q, Top))...)
	}
	return out
}

// occupationDocs are the texts of od's occupations, with their tasks.
func occupationDocs(od *onet.Dataset, tasks map[string][]string) []Doc {
	docs := make([]Doc, 0, len(od.Occupations))
	for _, o := range od.Occupations {
		fs := []Field{{o.Title, wTitle}, {o.Description, wDescription}}
		for _, a := range o.Aliases {
			fs = append(fs, Field{a, wAlias})
		}
		for _, t := range tasks[o.Code] {
			fs = append(fs, Field{t, wTask})
		}
		docs = append(docs, Doc{ID: o.Code, Fields: fs})
	}
	return docs
}

// shares turns one skill's scores into its shares of evidence: squared, over their sum.
func shares(ls []Link) []Link {
	var sum float64
	for _, l := range ls {
		sum += l.Score * l.Score
	}
	for i := range ls {
		ls[i].Score = ls[i].Score * ls[i].Score / sum
	}
	return ls
}

// Doc is a text to match against: an occupation, its fields each with a weight (how many
// times each word of the field counts).
type Doc struct {
	ID     string
	Fields []Field
}

// Field is a part of a text and its weight.
type Field struct {
	Text   string
	Weight float64
}

// Link is one skill's match to one occupation: Score is the BM25 score divided by the
// skill's best (so the best is 1; ESCOToONET makes it a share), Rank its place among the
// skill's matches (1 the best).
type Link struct {
	From, To string
	Score    float64
	Rank     int
}

// BM25's parameters: term frequency saturation and length normalisation.
const (
	k1 = 1.2
	b  = 0.75
)

// Index is a BM25 index of docs. Terms are words (by stem) and pairs of neighbouring
// words, kept as ids: a pair is looked up by its two words' ids, so matching a query
// allocates no strings beyond its words. Match reuses a buffer: an Index is not safe for
// concurrent use.
type Index struct {
	ids   []string
	words map[string]int32
	pairs map[uint64]int32
	// post: for each term, the docs holding it and its weighted frequency there, those
	// where the term weighs most (its BM25 impact) first.
	post [][]posting
	idf  []float64
	norm []float64 // k1 * (1 - b + b * length / average length), per doc
	// fwd: for each doc, its terms (by id) and their weighted frequency, to add to the
	// candidates of a bounded Match what was not read.
	fwd [][]termTF
	// Limit: how many postings of each query term Match reads (0: all of them).
	Limit   int
	scores  []float64 // Match's buffers
	touched []int32
}

type termTF struct {
	term int32
	tf   float32
}

type posting struct {
	doc int32
	tf  float32
}

func pairKey(a, b int32) uint64 { return uint64(a)<<32 | uint64(uint32(b)) }

// terms appends the term ids of text to out, adding unknown terms when add is set (else
// skipping them).
func (ix *Index) terms(text string, add bool, out []int32) []int32 {
	prev := int32(-1)
	for _, w := range words(text) {
		id, ok := ix.words[w]
		if !ok && add {
			id, ok = int32(len(ix.post)), true
			ix.words[w] = id
			ix.post = append(ix.post, nil)
		}
		if !ok {
			prev = -1
			continue
		}
		out = append(out, id)
		if prev >= 0 {
			k := pairKey(prev, id)
			p, ok := ix.pairs[k]
			if !ok && add {
				p, ok = int32(len(ix.post)), true
				ix.pairs[k] = p
				ix.post = append(ix.post, nil)
			}
			if ok {
				out = append(out, p)
			}
		}
		prev = id
	}
	return out
}

// NewIndex indexes docs.
func NewIndex(docs []Doc) *Index {
	ix := &Index{words: map[string]int32{}, pairs: map[uint64]int32{}, scores: make([]float64, len(docs))}
	lengths := make([]float64, len(docs))
	var total float64
	tf := map[int32]float64{}
	var buf []int32
	for d, doc := range docs {
		ix.ids = append(ix.ids, doc.ID)
		clear(tf)
		for _, f := range doc.Fields {
			buf = ix.terms(f.Text, true, buf[:0])
			for _, id := range buf {
				tf[id] += f.Weight
				lengths[d] += f.Weight
			}
		}
		total += lengths[d]
		fwd := make([]termTF, 0, len(tf))
		for id, v := range tf {
			ix.post[id] = append(ix.post[id], posting{int32(d), float32(v)})
			fwd = append(fwd, termTF{id, float32(v)})
		}
		slices.SortFunc(fwd, func(x, y termTF) int { return int(x.term - y.term) })
		ix.fwd = append(ix.fwd, fwd)
	}
	avg := total / math.Max(1, float64(len(docs)))
	ix.norm = make([]float64, len(docs))
	for d := range docs {
		ix.norm[d] = k1 * (1 - b + b*lengths[d]/math.Max(avg, 1e-9))
	}
	ix.idf = make([]float64, len(ix.post))
	n := float64(len(docs))
	for id, p := range ix.post {
		df := float64(len(p))
		ix.idf[id] = math.Log(1 + (n-df+0.5)/(df+0.5))
		// By impact, so that a bounded Match reads the postings where the term weighs most.
		slices.SortFunc(p, func(x, y posting) int { return byImpact(ix.norm, x, y) })
	}
	ix.Limit = MaxPostings
	return ix
}

// MaxPostings is how many postings of each query term Match reads by default: the docs
// where the term weighs most. A common term ("operate", "ensure") is in a share of all the
// docs, so reading all of its postings for every query makes matching every skill cost
// skills x docs, quadratic in the size of the releases; bounded, it costs skills x terms x
// MaxPostings. A doc further down such a list gets little from that term (its low impact,
// and the term's low IDF), so the best few of a query barely move (bridge tests compare
// the two on the committed releases).
const MaxPostings = 512

// Match scores the query's fields against every doc and returns the best top (ties by id),
// scores divided by the best; none when no doc shares a term with the query.
//
// When a query term has more than Limit postings, only its Limit best are read: the docs
// they reach are the candidates, the best few of them (by what was read) get what the
// term's other postings give them, and the best top of those are returned. A doc the
// bounded reading ranks low, or does not reach, may be missing (bridge tests measure how
// often, on the committed releases); the scores returned are the exhaustive ones, but for
// the order of the sum.
func (ix *Index) Match(from string, query []Field, top int) []Link {
	q := map[int32]float64{}
	var buf []int32
	for _, f := range query {
		buf = ix.terms(f.Text, false, buf[:0])
		for _, id := range buf {
			q[id] += f.Weight
		}
	}
	terms := make([]queryTerm, 0, len(q))
	for id, qw := range q {
		// A term repeated in the query counts with diminishing weight.
		terms = append(terms, queryTerm{id, math.Min(qw, 1+math.Log(math.Max(qw, 1)))})
	}
	// In a fixed order, so that the sums, and so the links, are the same on every run.
	slices.SortFunc(terms, func(x, y queryTerm) int { return int(x.id - y.id) })
	// Only the docs touched are read and cleared afterwards, so that a query costs what its
	// terms' postings do, not the number of docs.
	scores, touched := ix.scores, ix.touched[:0]
	var cut []queryTerm // the terms whose postings were not all read
	for _, t := range terms {
		ps := ix.post[t.id]
		if ix.Limit > 0 && len(ps) > ix.Limit {
			ps = ps[:ix.Limit]
			cut = append(cut, t)
		}
		for _, p := range ps {
			if scores[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			scores[p.doc] += ix.weight(t, p.doc, p.tf)
		}
	}
	ix.touched = touched
	best := top
	if len(cut) > 0 {
		best = max(top, rescored)
	}
	order := ix.best(touched, best, scores)
	if len(cut) > 0 {
		for _, d := range order {
			scores[d] += ix.unread(cut, d)
		}
		order = ix.best(order, top, scores)
	}
	out := make([]Link, len(order))
	for i, d := range order {
		out[i] = Link{From: from, To: ix.ids[d], Score: scores[d] / scores[order[0]], Rank: i + 1}
	}
	for _, d := range touched {
		scores[d] = 0
	}
	return out
}

// rescored is how many candidates of a bounded Match get what they were not read: twice
// the links a skill keeps, so that a doc the bounded reading underrates still gets its
// place.
const rescored = 2 * Top

type queryTerm struct {
	id int32
	qw float64
}

// weight is a query term's BM25 contribution to a doc where it has frequency tf.
func (ix *Index) weight(t queryTerm, doc int32, tf32 float32) float64 {
	tf := float64(tf32)
	return t.qw * ix.idf[t.id] * tf * (k1 + 1) / (tf + ix.norm[doc])
}

// unread is what the terms cut give doc from their postings beyond the Limit read.
func (ix *Index) unread(cut []queryTerm, doc int32) float64 {
	var s float64
	fwd := ix.fwd[doc]
	for _, t := range cut {
		// fwd[lo:] are the terms from t on (a binary search, by hand: it is most of the cost).
		lo, hi := 0, len(fwd)
		for lo < hi {
			if m := int(uint(lo+hi) >> 1); fwd[m].term < t.id {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo < len(fwd) && fwd[lo].term == t.id && byImpact(ix.norm, posting{doc, fwd[lo].tf}, ix.post[t.id][ix.Limit-1]) > 0 {
			s += ix.weight(t, doc, fwd[lo].tf)
		}
	}
	return s
}

// byImpact orders postings of one term by the term's weight in the doc, highest first,
// then by doc: the term's BM25 weight is idf * tf (k1 + 1) / (tf + norm), and idf is the
// term's, so tf / (tf + norm) orders them.
func byImpact(norm []float64, x, y posting) int {
	ix, iy := float64(x.tf)/(float64(x.tf)+norm[x.doc]), float64(y.tf)/(float64(y.tf)+norm[y.doc])
	switch {
	case ix > iy:
		return -1
	case ix < iy:
		return 1
	}
	return int(x.doc - y.doc)
}

// best returns the n docs of ds with the highest scores, best first, ties by id, in a new
// slice (a bounded heap: len(ds) log n).
func (ix *Index) best(ds []int32, n int, scores []float64) []int32 {
	better := func(x, y int32) bool {
		if scores[x] != scores[y] {
			return scores[x] > scores[y]
		}
		return ix.ids[x] < ix.ids[y]
	}
	h := make(topk.Heap[int32], 0, min(n, len(ds)))
	for _, d := range ds {
		h.Add(d, n, better)
	}
	return h.Sorted(better)
}

// stop words: function words, and words every occupation's text uses.
var stop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an and are as at be by for from in into is it its of on or
	other such that the their them they this to use used using with within without all any
	may can will not than these those which who whom how what when where while also more most
	e g eg i e ie etc via per`) {
		stop[w] = true
	}
}

// words splits text into lowercase words of two letters or more, not stop words, each
// reduced to a stem (see stem). The index adds each pair of neighbours among them
// ("heavi_equip"): a phrase says more than its words apart (measured: about one point of
// ESCO self-retrieval).
func words(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return r < 'a' || r > 'z' }) {
		if len(w) < 2 || stop[w] {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

// suffixes stem removes, longest first, with what replaces them; a stem keeps at least 3
// letters.
var suffixes = []struct{ from, to string }{
	{"ational", "ate"}, {"ization", "ize"}, {"isation", "ize"}, {"ations", "ate"}, {"ation", "ate"},
	{"ators", "ate"}, {"ator", "ate"}, {"itions", "it"}, {"ition", "it"}, {"ements", ""}, {"ement", ""},
	{"ments", ""}, {"ment", ""}, {"ness", ""}, {"ings", ""}, {"ing", ""}, {"ies", "y"}, {"ied", "y"},
	{"ers", ""}, {"er", ""}, {"ors", ""}, {"ed", ""}, {"es", ""}, {"s", ""},
}

// stem reduces a word to a crude stem, so that "operate", "operates", "operating",
// "operation" and "operator" meet ("operat"), as "weld", "welding" and "welder" do.
func stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	for _, s := range suffixes {
		if strings.HasSuffix(w, s.from) && len(w)-len(s.from)+len(s.to) >= 3 {
			if s.from == "s" && (strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is")) {
				continue
			}
			w = w[:len(w)-len(s.from)] + s.to
			break
		}
	}
	w = strings.TrimSuffix(w, "e")
	// A doubled final consonant (planning -> plann) is one.
	if n := len(w); n > 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
		w = w[:n-1]
	}
	return w
}
