package eval_test

import (
	"context"
	"fmt"
	"os/exec"
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
	// tune: the size of the samples the rankings were tuned on, each drawn after the
	// reported one in the same draw (disjoint from it); 0 to leave them out.
	tune int
	// esco: the size of the ESCO self-retrieval sample, measured after importing ESCO into
	// the graph the other measures ran on (0: ESCO is not imported).
	esco int
}

type results struct {
	sizes
	similar eval.SimilarResult
	tune    eval.SimilarResult
	// The self-retrievals on their tuning samples: technologies + skills, technologies
	// only, ESCO.
	matchesTune, techsTune, escoTune eval.MatchResult
	matches                          eval.MatchResult // technologies and skills
	techs                            eval.MatchResult // technologies only
	// With ESCO imported: O*NET self-retrieval (technologies and skills) on the whole graph,
	// and ESCO self-retrieval among the O*NET occupations, of escoN candidates.
	matchesAll eval.MatchResult
	esco       eval.MatchResult
	escoN      int
	search     eval.SearchResult
	career     eval.CareerResult
	extract    eval.ExtractResult
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
	matchSample := eval.Sample(withTech, sz.matches, sz.seed)
	if r.matches, err = eval.RoleMatches(ctx, st, truth, matchSample, true); err != nil {
		t.Fatal(err)
	}
	if r.techs, err = eval.RoleMatches(ctx, st, truth, matchSample, false); err != nil {
		t.Fatal(err)
	}
	if sz.tune > 0 {
		tuneSample := eval.SampleAfter(withTech, sz.matches, sz.tune, sz.seed)
		if r.matchesTune, err = eval.RoleMatches(ctx, st, truth, tuneSample, true); err != nil {
			t.Fatal(err)
		}
		if r.techsTune, err = eval.RoleMatches(ctx, st, truth, tuneSample, false); err != nil {
			t.Fatal(err)
		}
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
	if sz.esco > 0 {
		importESCO(t)
		if r.matchesAll, err = eval.RoleMatches(ctx, st, truth, matchSample, true); err != nil {
			t.Fatal(err)
		}
		persons := escoPersons(t)
		r.escoN = len(persons)
		if r.esco, err = eval.SelfRetrieval(ctx, st, eval.Sample(persons, sz.esco, sz.seed), eval.ONETOnly, 10); err != nil {
			t.Fatal(err)
		}
		if sz.tune > 0 {
			if r.escoTune, err = eval.SelfRetrieval(ctx, st, eval.SampleAfter(persons, sz.esco, sz.tune, sz.seed), eval.ONETOnly, 10); err != nil {
				t.Fatal(err)
			}
		}
	}
	return r
}

// importESCO imports the ESCO release the repository carries as the product does
// (scripts/run.sh: skillgraph import esco), into the graph of the test (NEO4J_URI).
func importESCO(t *testing.T) {
	t.Helper()
	cmd := exec.Command("go", "run", ".", "import", "esco", filepath.Join("data", "esco-1.1.1"), "-progress", "off")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("import esco: %v\n%s", err, out)
	}
}

// escoPersons reads the ground truth of ESCO self-retrieval from the graph the import wrote:
// each ESCO occupation's crosswalk matches of its own (MATCHES, which roleMatches never
// reads) and its essential skills and technologies.
func escoPersons(t *testing.T) []eval.Person {
	t.Helper()
	matches := map[string][]string{}
	for _, row := range neo4jtest.MustQuery(t, `
MATCH (a:Role)-[m:MATCHES]->(b:Role)
WHERE a.source STARTS WITH 'ESCO' AND coalesce(m.inheritedFrom, '') = ''
RETURN a.id AS a, collect(b.id) AS codes`, nil) {
		for _, c := range row["codes"].([]any) {
			matches[row["a"].(string)] = append(matches[row["a"].(string)], c.(string))
		}
	}
	essential := map[string]map[string][]string{}
	for _, row := range neo4jtest.MustQuery(t, `
MATCH (a:Role)-[e:REQUIRES|USES]->(x)
WHERE a.source STARTS WITH 'ESCO' AND e.essential
RETURN a.id AS a, labels(x)[0] AS kind, x.id AS x`, nil) {
		a := row["a"].(string)
		if essential[a] == nil {
			essential[a] = map[string][]string{}
		}
		k := row["kind"].(string)
		essential[a][k] = append(essential[a][k], row["x"].(string))
	}
	return eval.ESCOPersons(essential, matches)
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
	selfRows := func(what string, m eval.MatchResult, n string, goal5, goal10 string) {
		row(what+": top 1", n, pct(m.Top1), "")
		row(what+": top 5", n, pct(m.Top5), goal5)
		row(what+": top 10", n, pct(m.Top10), goal10)
		row(what+": mean reciprocal rank", n, fmt.Sprintf("%.3f", m.MeanReciprocalRank), "")
	}
	selfRows(fmt.Sprintf("roleMatches self-retrieval (%d heaviest technologies + %d heaviest skill and knowledge ratings)", eval.PersonSize, eval.PersonSize),
		r.matches, fmt.Sprint(r.matches.N), ">= 90 %", "")
	selfRows(fmt.Sprintf("roleMatches self-retrieval, technologies only (%d heaviest)", eval.PersonSize), r.techs, fmt.Sprint(r.techs.N), "", "")
	tuneRow := func(what string, m eval.MatchResult) {
		if m.N > 0 {
			row(what+" on the tuning sample (disjoint from the above): top 5 / top 10 / MRR", fmt.Sprint(m.N),
				fmt.Sprintf("%s / %s / %.3f", pct(m.Top5), pct(m.Top10), m.MeanReciprocalRank), "")
		}
	}
	tuneRow("roleMatches self-retrieval (technologies + skills)", r.matchesTune)
	tuneRow("roleMatches self-retrieval (technologies only)", r.techsTune)
	if r.esco.N > 0 {
		selfRows("with ESCO imported: roleMatches self-retrieval (technologies + skills), all roles competing", r.matchesAll, fmt.Sprint(r.matchesAll.N), "", "")
		selfRows("ESCO self-retrieval (essential skills and technologies; a crosswalked O*NET occupation, among O*NET's)",
			r.esco, fmt.Sprintf("%d of %d", r.esco.N, r.escoN), "", ">= 80 %")
		tuneRow("ESCO self-retrieval", r.escoTune)
	}
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
	misses("roleMatches self-retrieval (technologies + skills) outside the top 5", r.matches.Missed)
	misses("roleMatches self-retrieval (technologies only) outside the top 5", r.techs.Missed)
	misses("ESCO self-retrieval outside the top 10 (ESCO occupation, its crosswalked O*NET occupations)", r.esco.Missed)
	misses("search misses by name (query, expected, first hit)", r.search.MissedNames)
	misses("search misses by alternate title", r.search.MissedAlt)
	misses("search misses of curated roles", r.search.MissedC)
	misses("careerPath routes that leave the ladder", r.career.Mismatch)
	misses("extractSkills mentions not labelled (wrong)", r.extract.Wrong)
	misses("extractSkills labels not found (missed)", r.extract.Missed)
	return b.String()
}
