package onet

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/skillgraph/skillgraph/internal/topk"
)

// The similarity of two O*NET occupations (see Role.similarRoles in schema/insights.graphqls),
// computed from the release read; the O*NET import keeps on each occupation its
// SimilarTop most similar occupations (r.similar, ids, and r.similarScores, most similar
// first). It reads what the occupations are called (title and alternate, short and reported
// titles), their descriptions, their skill and knowledge ratings, their technologies, their
// O*NET-SOC codes (a taxonomy: 15-1252.00 and 15-1253.00 are both in group 15-12) and their
// job zones; never Related Occupations (RELATED_TO), against which eval/ measures it. The
// weights were tuned on one seeded sample of occupations and reported on another
// (eval/RESULTS.md).
const (
	simTitle       = 0.52 // cosine of the TF-IDF vectors of title and alternate titles
	simDescription = 0.20 // cosine of the TF-IDF vectors of the descriptions
	simRatings     = 0.15 // cosine (if positive) of the standardised importance ratings
	simTechnology  = 0.06 // cosine of the IDF-weighted technology sets
	simFamily      = 0.04 // the share of the 3 O*NET-SOC levels (2, 4, 6 digits) in common
	simJobZone     = 0.03 // 1 - |job zone difference| / 4
	// SimilarTop: how many similar occupations each keeps (the most similarRoles lists).
	SimilarTop = 100
)

// sparse is a vector of a few non-zero entries, sorted by index.
type sparse []struct {
	i int
	v float64
}

// normalized builds a unit sparse vector from weights by index.
func normalized(w map[int]float64) sparse {
	var n float64
	out := make(sparse, 0, len(w))
	for i, v := range w {
		out = append(out, struct {
			i int
			v float64
		}{i, v})
		n += v * v
	}
	if n == 0 {
		return nil
	}
	n = math.Sqrt(n)
	for k := range out {
		out[k].v /= n
	}
	sort.Slice(out, func(x, y int) bool { return out[x].i < out[y].i })
	return out
}

var simStop = map[string]bool{"and": true, "the": true, "for": true, "all": true, "other": true, "with": true,
	"such": true, "may": true, "from": true, "include": true, "includes": true}

// words are the runs of letters a to z of s: what the regular expression [a-z]+ finds, in a
// fraction of its time.
func words(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= 'a' && s[i] <= 'z' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	return out
}

// tfidf gives each text a unit vector: words of 3 letters or more, not stop words, a plural
// s dropped from words of 5 letters or more; weight (1 + ln tf) × ln(texts / texts with it).
func tfidf(texts []string) []sparse {
	vocab := map[string]int{}
	df := map[int]int{}
	tfs := make([]map[int]float64, len(texts))
	for k, t := range texts {
		tf := map[int]float64{}
		for _, w := range words(strings.ToLower(t)) {
			if len(w) < 3 || simStop[w] {
				continue
			}
			if len(w) > 4 && strings.HasSuffix(w, "s") {
				w = w[:len(w)-1]
			}
			id, ok := vocab[w]
			if !ok {
				id = len(vocab)
				vocab[w] = id
			}
			tf[id]++
		}
		for id := range tf {
			df[id]++
		}
		tfs[k] = tf
	}
	n := float64(len(texts))
	out := make([]sparse, len(texts))
	for k, tf := range tfs {
		for id, c := range tf {
			tf[id] = (1 + math.Log(c)) * math.Log(n/float64(df[id]))
		}
		out[k] = normalized(tf)
	}
	return out
}

// Similar returns, for each occupation of d, its SimilarTop most similar others (ties by
// code) and their scores: what the O*NET import keeps on each occupation (store/go).
//
// Scoring every pair grows with the square of the occupations (it dominated the import of
// make bench-scale's 10x synthetic release), so only candidates are scored: for each
// occupation, the occupations sharing its rarest terms (title, description and technology
// words, O*NET-SOC groups), read from an inverted index rarest term first until simBudget
// postings are read, ranked by what those terms add to the score; the best simCandidates of
// them are scored in full. The work per occupation is bounded, so the whole is linear in the
// occupations. What it can miss: a pair sharing only common terms, or only ratings and job
// zone, which ranks in an occupation's top ten only where little shares its rarer terms
// (TestSimilarPruned measures the lists against every pair scored).
func (d *Dataset) Similar() (map[string][]string, map[string][]float64) {
	f := d.simFeatures()
	return f.lists(f.pruned())
}

// How many postings each occupation reads, and how many candidates it scores in full.
const (
	simBudget     = 6000
	simCandidates = 250
)

// simFeatures is what the score of a pair of occupations (by index in occ) reads.
type simFeatures struct {
	occ []Occupation
	// The terms: title, description and technology words and the three O*NET-SOC levels,
	// numbered from the rarest. postings[t]: the occupations having term t, with its weight
	// in their vector; terms[k]: occupation k's terms, rarest first, with their weight in its
	// vector; weight[t]: the weight in the score of t's kind (O*NET-SOC levels: a third of
	// simFamily each). The sum over shared terms of the product of the three weights is that
	// part of the score.
	postings, terms [][]posting
	weight          []float64
	ratings         [][]float64 // standardised importance ratings scaled to length 1; nil: not rated
}

// posting is an occupation having a term, or a term an occupation has; and a weight.
type posting struct {
	id int32
	w  float64
}

func (d *Dataset) simFeatures() *simFeatures {
	occ := d.Occupations
	n := len(occ)
	index := make(map[string]int, n)
	titles, descriptions := make([]string, n), make([]string, n)
	for k, o := range occ {
		index[o.Code] = k
		titles[k] = o.Title + " " + strings.Join(o.Aliases, " ")
		descriptions[k] = o.Description
	}

	// Technologies: IDF over the release's occupations.
	techID := map[string]int{}
	techDF := map[int]int{}
	techs := make([]map[int]float64, n)
	for _, u := range d.Uses {
		k := index[u.Code]
		id, ok := techID[u.TechID]
		if !ok {
			id = len(techID)
			techID[u.TechID] = id
		}
		if techs[k] == nil {
			techs[k] = map[int]float64{}
		}
		if _, dup := techs[k][id]; !dup {
			techs[k][id] = 1
			techDF[id]++
		}
	}
	tech := make([]sparse, n)
	for k, m := range techs {
		for id := range m {
			m[id] = math.Log(float64(n) / float64(techDF[id]))
		}
		tech[k] = normalized(m)
	}

	// The O*NET-SOC levels as terms of weight 1, the major group (15-), the minor group
	// (15-12), the broad occupation (15-125): a pair's part is simFamily times the share of
	// the levels in common.
	groups := map[string]int{}
	family := make([]sparse, n)
	for k, o := range occ {
		for _, l := range []int{2, 5, 6} {
			if len(o.Code) < l {
				continue
			}
			g := o.Code[:l]
			if _, ok := groups[g]; !ok {
				groups[g] = len(groups)
			}
			family[k] = append(family[k], struct {
				i int
				v float64
			}{groups[g], 1})
		}
	}

	// One index over every kind of term, numbered by kind then renumbered from the rarest.
	var postings [][]posting
	var kindWeight []float64
	for _, kind := range []struct {
		vectors []sparse
		weight  float64
	}{{tfidf(titles), simTitle}, {tfidf(descriptions), simDescription}, {tech, simTechnology}, {family, simFamily / 3}} {
		base := len(postings)
		for k, v := range kind.vectors {
			for _, e := range v {
				t := base + e.i
				for t >= len(postings) {
					postings = append(postings, nil)
					kindWeight = append(kindWeight, kind.weight)
				}
				postings[t] = append(postings[t], posting{int32(k), e.v})
			}
		}
	}
	order := make([]int, len(postings))
	for t := range order {
		order[t] = t
	}
	sort.SliceStable(order, func(x, y int) bool { return len(postings[order[x]]) < len(postings[order[y]]) })
	f := &simFeatures{occ: occ, postings: make([][]posting, len(order)), terms: make([][]posting, n), weight: make([]float64, len(order))}
	for t, old := range order {
		f.postings[t], f.weight[t] = postings[old], kindWeight[old]
		for _, p := range postings[old] {
			f.terms[p.id] = append(f.terms[p.id], posting{int32(t), p.w})
		}
	}

	// Ratings: each element's importance standardised over the rated occupations, so that
	// what every occupation rates alike (Active Listening) does not make them all similar.
	elem := map[string]int{}
	for _, e := range d.Elements {
		elem[e.ID] = len(elem)
	}
	raw := make([][]float64, n)
	for _, r := range d.Ratings {
		k, ok := index[r.Code]
		e, ok2 := elem[r.Element]
		if !ok || !ok2 || r.Importance == nil {
			continue
		}
		if raw[k] == nil {
			raw[k] = make([]float64, len(elem))
		}
		raw[k][e] = *r.Importance
	}
	f.ratings = standardised(raw, len(elem))
	for _, v := range f.ratings {
		var norm float64
		for _, x := range v {
			norm += x * x
		}
		for i := range v {
			if norm > 0 {
				v[i] /= math.Sqrt(norm)
			}
		}
	}
	return f
}

// scorer scores the pairs of one occupation a with others.
type scorer struct {
	f *simFeatures
	a int
	// weights: a's weight of each term times its kind's (the rest 0), so that the terms'
	// part of the score of a pair reads b's terms only.
	weights []float64
}

func (f *simFeatures) scorer() *scorer {
	return &scorer{f: f, a: -1, weights: make([]float64, len(f.postings))}
}

// of sets the occupation scored.
func (s *scorer) of(a int) {
	if s.a >= 0 {
		for _, t := range s.f.terms[s.a] {
			s.weights[t.id] = 0
		}
	}
	s.a = a
	for _, t := range s.f.terms[a] {
		s.weights[t.id] = s.f.weight[t.id] * t.w
	}
}

// score is the similarity of the occupation scored with b.
func (s *scorer) score(b int) float64 {
	f := s.f
	var sc float64
	for _, t := range f.terms[b] {
		sc += s.weights[t.id] * t.w
	}
	if ra, rb := f.ratings[s.a], f.ratings[b]; ra != nil && rb != nil {
		var cos float64
		for i := range ra {
			cos += ra[i] * rb[i]
		}
		sc += simRatings * max(0, cos)
	}
	if za, zb := f.occ[s.a].JobZone, f.occ[b].JobZone; za != nil && zb != nil {
		sc += simJobZone * (1 - math.Abs(float64(*za-*zb))/4)
	}
	return sc
}

// add scores the pair of the occupation scored and b into both their lists.
func (s *scorer) add(lists []topK, b int) {
	sc := s.score(b)
	lists[s.a].add(scored{s.f.occ[b].Code, sc}, SimilarTop)
	lists[b].add(scored{s.f.occ[s.a].Code, sc}, SimilarTop)
}

// exact scores every pair once; each occupation keeps only its SimilarTop best so far, so
// memory grows with the occupations, not with the pairs. What pruned is measured against.
func (f *simFeatures) exact() []topK {
	n := len(f.occ)
	lists := make([]topK, n)
	s := f.scorer()
	for a := range n {
		s.of(a)
		for b := a + 1; b < n; b++ {
			s.add(lists, b)
		}
	}
	return lists
}

// pruned scores each occupation's candidates (see Similar); a pair that is a candidate of
// both is scored once.
func (f *simFeatures) pruned() []topK {
	n := len(f.occ)
	lists := make([]topK, n)
	cands := make([][]int32, n)
	acc := make([]float64, n)
	seen := make([]int32, n) // a+1 once a's walk reached it
	var touched []int32
	s := f.scorer()
	for a := range n {
		touched = touched[:0]
		walked := 0
		for _, t := range f.terms[a] {
			p := f.postings[t.id]
			if walked += len(p); walked > simBudget {
				break
			}
			w := f.weight[t.id] * t.w
			for _, q := range p {
				if int(q.id) == a {
					continue
				}
				if seen[q.id] != int32(a+1) {
					seen[q.id] = int32(a + 1)
					acc[q.id] = 0
					touched = append(touched, q.id)
				}
				acc[q.id] += w * q.w
			}
		}
		best(touched, acc, simCandidates)
		c := append([]int32(nil), touched[:min(simCandidates, len(touched))]...)
		slices.Sort(c)
		cands[a] = c
		s.of(a)
		for _, b := range c {
			// b before a, with a among its candidates: scored already.
			if int(b) < a {
				if _, found := slices.BinarySearch(cands[b], int32(a)); found {
					continue
				}
			}
			s.add(lists, int(b))
		}
	}
	return lists
}

// best moves the k items of xs with the highest acc (ties: the lower item) to its front, in
// no particular order: a quickselect, linear on average.
func best(xs []int32, acc []float64, k int) {
	before := func(x, y int32) bool { return acc[x] > acc[y] || acc[x] == acc[y] && x < y }
	lo, hi := 0, len(xs)
	for hi-lo > 1 && k > lo && k < hi {
		m := lo + (hi-lo)/2
		// Median of three as the pivot, moved to the end.
		if before(xs[m], xs[lo]) {
			xs[m], xs[lo] = xs[lo], xs[m]
		}
		if before(xs[hi-1], xs[lo]) {
			xs[hi-1], xs[lo] = xs[lo], xs[hi-1]
		}
		if before(xs[m], xs[hi-1]) {
			xs[m], xs[hi-1] = xs[hi-1], xs[m]
		}
		pivot := xs[hi-1]
		i := lo
		for j := lo; j < hi-1; j++ {
			if before(xs[j], pivot) {
				xs[i], xs[j] = xs[j], xs[i]
				i++
			}
		}
		xs[i], xs[hi-1] = xs[hi-1], xs[i]
		// xs[lo:i] come before the pivot, now at i, xs[i+1:hi] after it.
		switch {
		case k <= i:
			hi = i
		default:
			lo = i + 1
		}
	}
}

// lists gives each occupation's kept similar occupations, best first, and their scores.
func (f *simFeatures) lists(lists []topK) (map[string][]string, map[string][]float64) {
	n := len(f.occ)
	ids, scores := make(map[string][]string, n), make(map[string][]float64, n)
	for k := range lists {
		code := f.occ[k].Code
		for _, p := range lists[k].sorted() {
			ids[code] = append(ids[code], p.code)
			scores[code] = append(scores[code], p.score)
		}
	}
	return ids, scores
}

// standardised gives each vector of raw (nil: not rated) its z-scores over the rated ones.
func standardised(raw [][]float64, dim int) [][]float64 {
	mean, sd := make([]float64, dim), make([]float64, dim)
	rated := 0.0
	for _, v := range raw {
		if v == nil {
			continue
		}
		rated++
		for i, x := range v {
			mean[i] += x
		}
	}
	if rated == 0 {
		return raw
	}
	for i := range mean {
		mean[i] /= rated
	}
	for _, v := range raw {
		for i, x := range v {
			sd[i] += (x - mean[i]) * (x - mean[i])
		}
	}
	out := make([][]float64, len(raw))
	for k, v := range raw {
		if v == nil {
			continue
		}
		out[k] = make([]float64, dim)
		for i, x := range v {
			if s := math.Sqrt(sd[i] / rated); s > 0 {
				out[k][i] = (x - mean[i]) / s
			}
		}
	}
	return out
}

// scored is a similar occupation and its score.
type scored struct {
	code  string
	score float64
}

// better orders similar occupations: higher score first, then code.
func (p scored) better(q scored) bool {
	return p.score > q.score || p.score == q.score && p.code < q.code
}

// topK keeps the k best scored it is given (topk.Heap, by better).
type topK struct{ h topk.Heap[scored] }

func (t *topK) add(p scored, k int) { t.h.Add(p, k, scored.better) }

// sorted returns what t kept, best first.
func (t topK) sorted() []scored { return t.h.Sorted(scored.better) }
