package onet

import (
	"math"
	"regexp"
	"sort"
	"strings"
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

func (a sparse) dot(b sparse) float64 {
	var s float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].i < b[j].i:
			i++
		case a[i].i > b[j].i:
			j++
		default:
			s += a[i].v * b[j].v
			i, j = i+1, j+1
		}
	}
	return s
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

var (
	simWord = regexp.MustCompile(`[a-z]+`)
	simStop = map[string]bool{"and": true, "the": true, "for": true, "all": true, "other": true, "with": true,
		"such": true, "may": true, "from": true, "include": true, "includes": true}
)

// tfidf gives each text a unit vector: words of 3 letters or more, not stop words, a plural
// s dropped from words of 5 letters or more; weight (1 + ln tf) × ln(texts / texts with it).
func tfidf(texts []string) []sparse {
	vocab := map[string]int{}
	df := map[int]int{}
	tfs := make([]map[int]float64, len(texts))
	for k, t := range texts {
		tf := map[int]float64{}
		for _, w := range simWord.FindAllString(strings.ToLower(t), -1) {
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
func (d *Dataset) Similar() (map[string][]string, map[string][]float64) {
	occ := d.Occupations
	n := len(occ)
	index := make(map[string]int, n)
	titles, descriptions := make([]string, n), make([]string, n)
	for k, o := range occ {
		index[o.Code] = k
		titles[k] = o.Title + " " + strings.Join(o.Aliases, " ")
		descriptions[k] = o.Description
	}
	title, desc := tfidf(titles), tfidf(descriptions)

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
	ratings := standardised(raw, len(elem))

	// Every pair is scored once; each occupation keeps only its SimilarTop best so far, so
	// memory grows with the occupations, not with the pairs (a list of every pair took
	// gigabytes on the 10x synthetic release of make bench-scale).
	lists := make([]topK, n)
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			s := simTitle*title[a].dot(title[b]) + simDescription*desc[a].dot(desc[b]) +
				simTechnology*tech[a].dot(tech[b]) + simFamily*socFamily(occ[a].Code, occ[b].Code)
			if ratings[a] != nil && ratings[b] != nil {
				s += simRatings * max(0, cosine(ratings[a], ratings[b]))
			}
			if occ[a].JobZone != nil && occ[b].JobZone != nil {
				s += simJobZone * (1 - math.Abs(float64(*occ[a].JobZone-*occ[b].JobZone))/4)
			}
			lists[a].add(scored{occ[b].Code, s}, SimilarTop)
			lists[b].add(scored{occ[a].Code, s}, SimilarTop)
		}
	}
	ids, scores := make(map[string][]string, n), make(map[string][]float64, n)
	for k := range lists {
		for _, p := range lists[k].sorted() {
			ids[occ[k].Code] = append(ids[occ[k].Code], p.code)
			scores[occ[k].Code] = append(scores[occ[k].Code], p.score)
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

func cosine(a, b []float64) float64 {
	var d, na, nb float64
	for i := range a {
		d, na, nb = d+a[i]*b[i], na+a[i]*a[i], nb+b[i]*b[i]
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return d / math.Sqrt(na*nb)
}

// socFamily is the share of the O*NET-SOC code's levels two codes have in common: the major
// group (15-), the minor group (15-12), the broad occupation (15-125); in steps of 1/3.
func socFamily(a, b string) float64 {
	s := 0.0
	for _, k := range []int{2, 5, 6} {
		if len(a) >= k && len(b) >= k && a[:k] == b[:k] {
			s += 1.0 / 3
		}
	}
	return s
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

// topK keeps the k best scored it is given: a heap whose root is the worst kept.
type topK []scored

func (t *topK) add(p scored, k int) {
	h := *t
	switch {
	case len(h) < k:
		h = append(h, p)
		for i := len(h) - 1; i > 0; { // sift up
			parent := (i - 1) / 2
			if !h[parent].better(h[i]) {
				break
			}
			h[parent], h[i] = h[i], h[parent]
			i = parent
		}
	case k > 0 && p.better(h[0]):
		h[0] = p
		for i := 0; ; { // sift down
			worst, l, r := i, 2*i+1, 2*i+2
			if l < len(h) && h[worst].better(h[l]) {
				worst = l
			}
			if r < len(h) && h[worst].better(h[r]) {
				worst = r
			}
			if worst == i {
				break
			}
			h[i], h[worst] = h[worst], h[i]
			i = worst
		}
	}
	*t = h
}

// sorted returns what t kept, best first.
func (t topK) sorted() []scored {
	out := append([]scored(nil), t...)
	sort.Slice(out, func(i, j int) bool { return out[i].better(out[j]) })
	return out
}
