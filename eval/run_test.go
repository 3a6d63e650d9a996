package eval_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/eval"
	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/onet"
	"github.com/skillgraph/skillgraph/seed"
	"github.com/skillgraph/skillgraph/store"
)

// mustGraph loads the seed and the O*NET release, with its skills and knowledge ratings,
// into the test database.
func mustGraph(t *testing.T) (*store.Store, *eval.Truth) {
	t.Helper()
	ctx := context.Background()
	st := neo4jtest.MustSeed(t)
	dir := neo4jtest.MustONetDir(t)
	known, err := st.KnownTechnologies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// As the product imports it (scripts/run.sh): with the skills and knowledge ratings.
	d, err := onet.ReadWith(dir, onet.Options{Known: known, SkillsDir: filepath.Join(dir, "..", "onet-29.0-skills-knowledge")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportONET(ctx, d, 10000, nil); err != nil {
		t.Fatal(err)
	}
	b, err := seed.Load(seed.Files)
	if err != nil {
		t.Fatal(err)
	}
	truth, err := eval.ReadTruth(d, dir, b)
	if err != nil {
		t.Fatal(err)
	}
	return st, truth
}

// sizes of the samples of one run, and the seed they are drawn with.
type sizes struct {
	seed                          int64
	similar, matches, names, alts int
	// tune: the size of the sample the similarity weights were tuned on, drawn after the
	// similar first (disjoint from it); 0 to leave it out.
	tune int
}

type results struct {
	sizes
	similar eval.SimilarResult
	tune    eval.SimilarResult
	matches eval.MatchResult
	search  eval.SearchResult
	career  eval.CareerResult
	extract eval.ExtractResult
}

func measure(t *testing.T, st *store.Store, truth *eval.Truth, sz sizes) results {
	t.Helper()
	ctx := context.Background()
	r := results{sizes: sz}
	var err error
	occ := truth.Occupations()
	if r.similar, err = eval.SimilarRoles(ctx, st, truth, eval.Sample(occ, sz.similar, sz.seed)); err != nil {
		t.Fatal(err)
	}
	if sz.tune > 0 {
		if r.tune, err = eval.SimilarRoles(ctx, st, truth, eval.SampleAfter(occ, sz.similar, sz.tune, sz.seed)); err != nil {
			t.Fatal(err)
		}
	}
	var withTech []string
	techs := truth.TopTechnologies()
	for _, o := range truth.Data.Occupations {
		if techs[o.Code] != nil {
			withTech = append(withTech, o.Code)
		}
	}
	if r.matches, err = eval.RoleMatches(ctx, st, truth, eval.Sample(withTech, sz.matches, sz.seed)); err != nil {
		t.Fatal(err)
	}
	var names []eval.Title
	for _, o := range truth.Data.Occupations {
		names = append(names, eval.Title{Code: o.Code, Title: o.Title})
	}
	if r.search, err = eval.Search(ctx, st, truth, eval.Sample(names, sz.names, sz.seed), eval.Sample(truth.AltTitles, sz.alts, sz.seed)); err != nil {
		t.Fatal(err)
	}
	if r.career, err = eval.CareerPaths(ctx, st, truth); err != nil {
		t.Fatal(err)
	}
	ads, err := eval.ReadAds(filepath.Join("testdata", "ads.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if r.extract, err = eval.Extract(ctx, &extract.Extractor{Store: st}, ads); err != nil {
		t.Fatal(err)
	}
	return r
}

func pct(x float64) string { return fmt.Sprintf("%.1f %%", 100*x) }

// markdown is the table of RESULTS.md.
func (r results) markdown() string {
	var b strings.Builder
	row := func(what, n, figure, goal string) { fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", what, n, figure, goal) }
	b.WriteString("| measure | sample | figure | goal |\n|---|---|---|---|\n")
	row("similarRoles precision@10 vs O*NET Related Occupations (Primary-Short + Primary-Long)", fmt.Sprint(r.similar.N), fmt.Sprintf("%.3f", r.similar.PrecisionAt10), ">= 0.5")
	row("similarRoles recall@10 (same)", fmt.Sprint(r.similar.N), fmt.Sprintf("%.3f", r.similar.RecallAt10), "")
	if r.tune.N > 0 {
		row("similarRoles precision@10 on the tuning sample (disjoint from the above)", fmt.Sprint(r.tune.N), fmt.Sprintf("%.3f", r.tune.PrecisionAt10), "")
	}
	row(fmt.Sprintf("roleMatches self-retrieval (%d heaviest technologies): top 1", eval.PersonSize), fmt.Sprint(r.matches.N), pct(r.matches.Top1), "")
	row("roleMatches self-retrieval: top 5", fmt.Sprint(r.matches.N), pct(r.matches.Top5), ">= 90 %")
	row("roleMatches self-retrieval: top 10", fmt.Sprint(r.matches.N), pct(r.matches.Top10), "")
	row("roleMatches self-retrieval: mean reciprocal rank", fmt.Sprint(r.matches.N), fmt.Sprintf("%.3f", r.matches.MeanReciprocalRank), "")
	row("search: occupation by its exact name, first", fmt.Sprint(r.search.NNames), pct(r.search.Names), "100 %")
	row("search: occupation by an O*NET alternate title, first", fmt.Sprint(r.search.NAltTitles), pct(r.search.AltTitles), ">= 98 %")
	row("search: curated role by its name, first", fmt.Sprint(r.search.NCurated), pct(r.search.Curated), "100 %")
	row("careerPath: routes along a curated ladder answered by the ladder", fmt.Sprint(r.career.N), pct(r.career.Share), "100 %")
	ads := fmt.Sprintf("%d ads, %d labels", r.extract.Ads, r.extract.Want)
	row("extractSkills precision (offsets, kind and node exact)", ads, fmt.Sprintf("%.3f", r.extract.Precision), ">= 0.9")
	row("extractSkills recall (same)", ads, fmt.Sprintf("%.3f", r.extract.Recall), ">= 0.85")
	misses := func(title string, l []string) {
		if len(l) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n\n", title)
		for _, x := range l {
			fmt.Fprintf(&b, "- %s\n", x)
		}
	}
	misses("similarRoles, the worst of the sample (occupations of O*NET's list in the top 10)", r.similar.Worst)
	misses("roleMatches self-retrieval outside the top 5", r.matches.Missed)
	misses("search misses by name (query, expected, first hit)", r.search.MissedNames)
	misses("search misses by alternate title", r.search.MissedAlt)
	misses("search misses of curated roles", r.search.MissedC)
	misses("careerPath routes that leave the ladder", r.career.Mismatch)
	misses("extractSkills mentions not labelled (wrong)", r.extract.Wrong)
	misses("extractSkills labels not found (missed)", r.extract.Missed)
	return b.String()
}
