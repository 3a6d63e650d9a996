// Package eval measures the ranked answers (similarRoles, roleMatches, search, careerPath,
// extractSkills) against ground truth that the answers do not read: O*NET's Related
// Occupations and Alternate Titles, the occupations' own technologies, the curated seed's
// career ladders, and a labelled set of job ads. `make eval` runs the full measure and
// writes eval/RESULTS.md; `make test` runs a small slice with floors (quick_test.go), so a
// ranking that gets worse fails.
package eval

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/onet"
	"github.com/skillgraph/skillgraph/store"
)

// Truth is what the answers are measured against, read from the O*NET release and the seed.
type Truth struct {
	Data *onet.Dataset
	// Related: each occupation's O*NET Related Occupations of the primary tiers
	// (Primary-Short, Primary-Long): what a careers expert lists first.
	Related map[string]map[string]bool
	// AltTitles: (occupation, title) pairs of Alternate Titles.txt.
	AltTitles []Title
	// ByAltTitle: the occupations that carry a title, lowercased.
	ByAltTitle map[string]map[string]bool
	// Ladders: the curated LEADS_TO chains, each start to end.
	Ladders [][]string
	// Names: every curated role's id and name.
	Curated []Title
}

type Title struct{ Code, Title string }

// ReadTruth reads the ground truth of the release in dir; seed is the curated batch.
func ReadTruth(d *onet.Dataset, dir string, seed *domain.Batch) (*Truth, error) {
	t := &Truth{Data: d, Related: map[string]map[string]bool{}, ByAltTitle: map[string]map[string]bool{}}
	for _, r := range d.Related {
		if r.Tier != "Primary-Short" && r.Tier != "Primary-Long" {
			continue
		}
		if t.Related[r.Code] == nil {
			t.Related[r.Code] = map[string]bool{}
		}
		t.Related[r.Code][r.RelatedCode] = true
	}
	rows, err := readTSV(filepath.Join(dir, onet.AlternateFile))
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		code, title := r["O*NET-SOC Code"], strings.TrimSpace(r["Alternate Title"])
		if title == "" {
			continue
		}
		t.AltTitles = append(t.AltTitles, Title{code, title})
		k := strings.ToLower(title)
		if t.ByAltTitle[k] == nil {
			t.ByAltTitle[k] = map[string]bool{}
		}
		t.ByAltTitle[k][code] = true
	}
	next := map[string][]string{}
	hasPrev := map[string]bool{}
	for _, r := range seed.Rels {
		if r.Type == domain.LeadsTo {
			next[r.FromID] = append(next[r.FromID], r.ToID)
			hasPrev[r.ToID] = true
		}
	}
	var walk func(path []string)
	walk = func(path []string) {
		last := path[len(path)-1]
		if len(next[last]) == 0 {
			if len(path) > 1 {
				t.Ladders = append(t.Ladders, path)
			}
			return
		}
		for _, n := range next[last] {
			walk(append(append([]string(nil), path...), n))
		}
	}
	for from := range next {
		if !hasPrev[from] {
			walk([]string{from})
		}
	}
	sort.Slice(t.Ladders, func(i, j int) bool {
		return strings.Join(t.Ladders[i], ",") < strings.Join(t.Ladders[j], ",")
	})
	for _, n := range seed.Nodes {
		if n.Kind == domain.KindRole {
			t.Curated = append(t.Curated, Title{n.ID, n.Name})
		}
	}
	return t, nil
}

func readTSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var head []string
	var out []map[string]string
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if head == nil {
			head = fields
			continue
		}
		m := make(map[string]string, len(head))
		for i, h := range head {
			if i < len(fields) {
				m[h] = fields[i]
			}
		}
		out = append(out, m)
	}
	return out, sc.Err()
}

// Sample draws n of items (all when n >= len) with a fixed seed, so a run can be repeated.
func Sample[T any](items []T, n int, seed int64) []T { return SampleAfter(items, 0, n, seed) }

// SampleAfter draws the n items that follow the skip first ones of the same draw: a sample
// disjoint from Sample(items, skip, seed) (the similarity weights were tuned on
// SampleAfter(occupations, 250, 250, 18) and are reported on Sample(occupations, 250, 18)).
func SampleAfter[T any](items []T, skip, n int, seed int64) []T {
	idx := rand.New(rand.NewSource(seed)).Perm(len(items))
	skip = min(skip, len(items))
	n = min(n, len(items)-skip)
	out := make([]T, n)
	for i := range out {
		out[i] = items[idx[skip+i]]
	}
	return out
}

// socCode: O*NET occupations have their code as id; curated roles do not.
var socCode = regexp.MustCompile(`^\d{2}-\d{4}\.\d{2}$`)

// Occupations lists the codes of the occupations that have primary related occupations
// (the candidates of the similarRoles sample), sorted.
func (t *Truth) Occupations() []string {
	var out []string
	for c := range t.Related {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// SimilarResult is similarRoles against O*NET's primary Related Occupations.
type SimilarResult struct {
	N                     int
	PrecisionAt10         float64 // mean share of the top 10 occupations that O*NET lists
	RecallAt10            float64 // mean share of O*NET's list found in the top 10
	Worst                 []string
	SampleSeed, Candidate int
}

// SimilarRoles measures similarRoles for the occupations in sample. Only occupations count
// in the top 10 (a curated role such as Backend Developer may rank high beside Software
// Developers, rightly, but O*NET cannot list it); the answer is asked for 20 for that.
func SimilarRoles(ctx context.Context, ins domain.Insights, t *Truth, sample []string) (SimilarResult, error) {
	var r SimilarResult
	var pSum, rSum float64
	type worst struct {
		code string
		hits int
	}
	var ws []worst
	for i := 0; i < len(sample); i += 20 {
		batch := sample[i:min(i+20, len(sample))]
		got, err := ins.SimilarRoles(ctx, batch, 20)
		if err != nil {
			return r, err
		}
		for _, code := range batch {
			var top []string
			for _, s := range got[code] {
				if socCode.MatchString(s.Role.ID) && len(top) < 10 {
					top = append(top, s.Role.ID)
				}
			}
			hits := 0
			for _, id := range top {
				if t.Related[code][id] {
					hits++
				}
			}
			pSum += float64(hits) / 10
			rSum += float64(hits) / float64(len(t.Related[code]))
			ws = append(ws, worst{code, hits})
			r.N++
		}
	}
	if r.N > 0 {
		r.PrecisionAt10, r.RecallAt10 = pSum/float64(r.N), rSum/float64(r.N)
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].hits < ws[j].hits })
	for _, w := range ws[:min(5, len(ws))] {
		r.Worst = append(r.Worst, fmt.Sprintf("%s (%d of 10)", w.code, w.hits))
	}
	return r, nil
}

// PersonSize is how many of an occupation's technologies the person of self-retrieval holds.
const PersonSize = 8

// TopTechnologies returns each occupation's PersonSize heaviest technologies: In Demand
// first, then Hot, then by id (O*NET gives no other order), for the occupations with at
// least PersonSize technologies.
func (t *Truth) TopTechnologies() map[string][]string {
	type use struct {
		id            string
		hot, inDemand bool
	}
	by := map[string][]use{}
	for _, u := range t.Data.Uses {
		by[u.Code] = append(by[u.Code], use{u.TechID, u.Hot, u.InDemand})
	}
	out := map[string][]string{}
	for code, us := range by {
		if len(us) < PersonSize {
			continue
		}
		sort.Slice(us, func(i, j int) bool {
			if us[i].inDemand != us[j].inDemand {
				return us[i].inDemand
			}
			if us[i].hot != us[j].hot {
				return us[i].hot
			}
			return us[i].id < us[j].id
		})
		for _, u := range us[:PersonSize] {
			out[code] = append(out[code], u.id)
		}
	}
	return out
}

// TopSkills returns each occupation's PersonSize heaviest skill and knowledge ratings of
// those that count in the rankings (importance at least 3): highest importance first, then
// highest level, then by id.
func (t *Truth) TopSkills() map[string][]string {
	by := map[string][]onet.Rating{}
	for _, r := range t.Data.Ratings {
		if r.Importance != nil && *r.Importance >= 3 {
			by[r.Code] = append(by[r.Code], r)
		}
	}
	level := func(r onet.Rating) float64 {
		if r.Level == nil {
			return 0
		}
		return *r.Level
	}
	out := map[string][]string{}
	for code, rs := range by {
		sort.Slice(rs, func(i, j int) bool {
			if *rs[i].Importance != *rs[j].Importance {
				return *rs[i].Importance > *rs[j].Importance
			}
			if level(rs[i]) != level(rs[j]) {
				return level(rs[i]) > level(rs[j])
			}
			return rs[i].Element < rs[j].Element
		})
		for _, r := range rs[:min(PersonSize, len(rs))] {
			out[code] = append(out[code], r.Element)
		}
	}
	return out
}

// Person is what a person of self-retrieval holds, and the roles that count as found.
type Person struct {
	ID                   string // the role whose items these are
	Skills, Technologies []string
	Want                 map[string]bool // the roles that count as found: the role itself, or its crosswalked ones
}

// MatchResult is roleMatches' self-retrieval: a person holding a role's heaviest items, and
// where the role (or one of those that count as it) ranks.
type MatchResult struct {
	N                  int
	Top1, Top5, Top10  float64  // share found at rank 1, in the top 5, in the top 10
	MeanReciprocalRank float64  // over the top 100 (0 beyond)
	Missed             []string // a few persons whose role ranks beyond missAfter, with its rank and the first match
}

// RoleMatches measures self-retrieval for the occupations in sample: the person holds the
// occupation's PersonSize heaviest technologies and, with skills set, its PersonSize heaviest
// skill and knowledge ratings.
func RoleMatches(ctx context.Context, ins domain.Insights, t *Truth, sample []string, skills bool) (MatchResult, error) {
	techs, top := t.TopTechnologies(), t.TopSkills()
	var ps []Person
	for _, code := range sample {
		p := Person{ID: code, Technologies: techs[code], Want: map[string]bool{code: true}}
		if p.Technologies == nil {
			continue
		}
		if skills {
			p.Skills = top[code]
		}
		ps = append(ps, p)
	}
	return SelfRetrieval(ctx, ins, ps, nil, 5)
}

// SelfRetrieval asks roleMatches (top 100, among the roles where lets through) for each
// person and ranks the first role of p.Want found; Missed lists a few persons whose role is
// not within missAfter.
func SelfRetrieval(ctx context.Context, ins domain.Insights, ps []Person, where *domain.Filter, missAfter int) (MatchResult, error) {
	var r MatchResult
	for _, p := range ps {
		got, err := ins.RoleMatches(ctx, p.Skills, p.Technologies, where, 100)
		if err != nil {
			return r, err
		}
		r.N++
		rank := 0
		for i, m := range got {
			if p.Want[m.Role.ID] {
				rank = i + 1
				break
			}
		}
		if rank > 0 {
			r.MeanReciprocalRank += 1 / float64(rank)
			if rank == 1 {
				r.Top1++
			}
			if rank <= 5 {
				r.Top5++
			}
			if rank <= 10 {
				r.Top10++
			}
		}
		if (rank == 0 || rank > missAfter) && len(r.Missed) < 8 {
			first := "nothing"
			if len(got) > 0 {
				first = got[0].Role.ID
			}
			want := make([]string, 0, len(p.Want))
			for id := range p.Want {
				if id != p.ID {
					want = append(want, id)
				}
			}
			sort.Strings(want)
			who, has := p.ID, fmt.Sprintf("technologies %v", p.Technologies)
			if len(want) > 0 {
				who += " (wanted: " + strings.Join(want, ", ") + ")"
			}
			if len(p.Skills) > 0 {
				has = fmt.Sprintf("%d skills %v and %s", len(p.Skills), head(p.Skills, 8), has)
			}
			r.Missed = append(r.Missed, fmt.Sprintf("%s ranks %d (0: not in the top 100) for %s; first: %s", who, rank, has, first))
		}
	}
	if r.N > 0 {
		n := float64(r.N)
		r.Top1, r.Top5, r.Top10, r.MeanReciprocalRank = r.Top1/n, r.Top5/n, r.Top10/n, r.MeanReciprocalRank/n
	}
	return r, nil
}

// head is the first n of l, with "..." when there are more.
func head(l []string, n int) []string {
	if len(l) <= n {
		return l
	}
	return append(append([]string(nil), l[:n]...), "...")
}

// Searcher is the store's search.
type Searcher interface {
	Search(ctx context.Context, text string, kinds []domain.Kind, first int, props []string) ([]*domain.SearchHit, error)
}

var _ Searcher = (*store.Store)(nil)

// SearchResult: the share of queries whose first hit is right.
type SearchResult struct {
	Names, AltTitles, Curated       float64
	NNames, NAltTitles, NCurated    int
	MissedNames, MissedAlt, MissedC []string // a few misses, to look at
}

// Search measures search over roles: exact occupation names (the first hit must be the
// occupation, or a role of exactly that name), alternate titles (an occupation carrying
// the title, or a role of exactly that name) and the curated roles by their names.
func Search(ctx context.Context, s Searcher, t *Truth, names []Title, alts []Title) (SearchResult, error) {
	var r SearchResult
	first := func(q string) (*domain.SearchHit, error) {
		hits, err := s.Search(ctx, q, []domain.Kind{domain.KindRole}, 1, []string{"id", "name"})
		if err != nil || len(hits) == 0 {
			return nil, err
		}
		return hits[0], nil
	}
	sameName := func(h *domain.SearchHit, q string) bool {
		ro, ok := h.Node.(*domain.Role)
		return ok && strings.EqualFold(ro.Name, q)
	}
	run := func(list []Title, ok func(Title, *domain.SearchHit) bool, share *float64, n *int, missed *[]string) error {
		for _, x := range list {
			h, err := first(x.Title)
			if err != nil {
				return err
			}
			*n++
			if h != nil && ok(x, h) {
				*share++
			} else if len(*missed) < 5 {
				got := "nothing"
				if h != nil {
					got = domain.IDOf(h.Node)
				}
				*missed = append(*missed, fmt.Sprintf("%q (%s) -> %s", x.Title, x.Code, got))
			}
		}
		if *n > 0 {
			*share /= float64(*n)
		}
		return nil
	}
	byID := func(x Title, h *domain.SearchHit) bool { return domain.IDOf(h.Node) == x.Code || sameName(h, x.Title) }
	if err := run(names, byID, &r.Names, &r.NNames, &r.MissedNames); err != nil {
		return r, err
	}
	if err := run(alts, func(x Title, h *domain.SearchHit) bool {
		return t.ByAltTitle[strings.ToLower(x.Title)][domain.IDOf(h.Node)] || sameName(h, x.Title)
	}, &r.AltTitles, &r.NAltTitles, &r.MissedAlt); err != nil {
		return r, err
	}
	err := run(t.Curated, byID, &r.Curated, &r.NCurated, &r.MissedC)
	return r, err
}

// CareerResult: of the routes between two roles of a curated ladder (each role to each
// later one), the share answered by exactly the ladder's LEADS_TO steps.
type CareerResult struct {
	N        int
	Share    float64
	Mismatch []string
}

// CareerPaths measures careerPath on the curated ladders.
func CareerPaths(ctx context.Context, ins domain.Insights, t *Truth) (CareerResult, error) {
	var r CareerResult
	seen := map[string]bool{}
	for _, l := range t.Ladders {
		for i := range l {
			for j := i + 1; j < len(l) && j-i <= store.MaxCareerSteps; j++ {
				want := strings.Join(l[i:j+1], " -> ")
				if seen[want] {
					continue
				}
				seen[want] = true
				p, err := ins.CareerPath(ctx, l[i], l[j], min(store.MaxCareerSteps, max(4, j-i)))
				if err != nil {
					return r, err
				}
				r.N++
				got := []string{l[i]}
				for _, s := range p.Steps {
					if s.Via != "LEADS_TO" || !s.Forward {
						got = append(got, s.Via+"?")
					}
					got = append(got, s.To.ID)
				}
				if strings.Join(got, " -> ") == want {
					r.Share++
				} else if len(r.Mismatch) < 5 {
					r.Mismatch = append(r.Mismatch, fmt.Sprintf("%s: got %s", want, strings.Join(got, " -> ")))
				}
			}
		}
	}
	if r.N > 0 {
		r.Share /= float64(r.N)
	}
	return r, nil
}

// ONETOnly lets through the O*NET occupations: the candidates of ESCO self-retrieval, as a
// client asks for them (roleMatches(where: {source: {startsWith: "O*NET"}})).
var ONETOnly = &domain.Filter{Conds: []domain.Cond{{Prop: "source", Op: domain.OpStartsWith, Value: "O*NET"}}}

// MinEssential: an ESCO occupation is in the ESCO self-retrieval sample when it has at
// least this many essential skills and technologies.
const MinEssential = 5

// ESCOPersons are the persons of ESCO self-retrieval: for each ESCO occupation with a
// crosswalk match of its own (not inherited from a broader occupation) and at least
// MinEssential essential items, its essential skills and technologies, wanting any of its
// crosswalked O*NET occupations. essential: occupation -> kind ("Skill", "Technology") -> ids;
// matches: occupation -> O*NET codes. Sorted by occupation id, to be sampled.
func ESCOPersons(essential map[string]map[string][]string, matches map[string][]string) []Person {
	var out []Person
	for id, codes := range matches {
		e := essential[id]
		if len(e["Skill"])+len(e["Technology"]) < MinEssential {
			continue
		}
		p := Person{ID: id, Skills: sorted(e["Skill"]), Technologies: sorted(e["Technology"]), Want: map[string]bool{}}
		for _, c := range codes {
			p.Want[c] = true
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func sorted(l []string) []string {
	l = append([]string(nil), l...)
	sort.Strings(l)
	return l
}
