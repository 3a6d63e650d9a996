//go:build eval

package eval_test

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/eval"
)

// TestEval is `make eval`: the full samples, written to eval/RESULTS.md (or EVAL_OUT).
func TestEval(t *testing.T) {
	st, truth := mustGraph(t)
	sz := sizes{seed: 18, similar: 250, matches: 250, names: len(truth.Data.Occupations), alts: 500, tune: 250, esco: 250}
	r := measure(t, st, truth, sz)
	var b strings.Builder
	b.WriteString("# Evaluation of the ranked answers\n\n")
	b.WriteString("Written by `make eval` (eval/full_test.go): every ranked answer measured against ground truth\n")
	b.WriteString("that the answer does not read. Do not edit by hand.\n\n")
	fmt.Fprintf(&b, "- date: %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- machine: %s/%s, %d CPUs (%s), %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel(), runtime.Version())
	fmt.Fprintf(&b, "- graph: curated seed + %s with the %s skills and knowledge ratings; then ESCO 1.1.1 imported for the rows that say so\n", truth.Data.Release, truth.Data.SkillsRelease)
	fmt.Fprintf(&b, "- samples drawn with math/rand seed %d: %d of the %d occupations with primary Related Occupations (similarRoles), "+
		"%d of the occupations with at least 8 technologies (roleMatches), %d of the %d ESCO occupations with a crosswalk match of their own and at least %d essential skills and technologies (ESCO self-retrieval), "+
		"%d occupation names, %d of the %d alternate titles, all %d curated roles, every route along the %d curated ladders\n\n",
		sz.seed, r.similar.N, len(truth.Related), r.matches.N, r.esco.N, r.escoN, eval.MinEssential, r.search.NNames, r.search.NAltTitles, len(truth.AltTitles), r.search.NCurated, len(truth.Ladders))
	b.WriteString(r.markdown())
	b.WriteString("\n" + before + "\n" + method)
	out := os.Getenv("EVAL_OUT")
	if out == "" {
		out = "RESULTS.md"
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", b.String())
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// before: the figures of the same run (same samples) before the ranking changes of issue 18,
// kept so the changes can be judged.
const before = `## Before the ranking changes (issue 18)

The same measures on the same samples, at commit e4b3963 (extractSkills: at the same commit,
on the same labelled ads):

| measure | before | after (above) |
|---|---|---|
| similarRoles precision@10 | 0.193 | weighted Jaccard x job zone proximity |
| roleMatches self-retrieval top 1 / top 5 / top 10 / MRR | 8.0 % / 14.4 % / 18.8 % / 0.114 | score = (2 share + profileCoverage) / 3 |
| search by name / alternate title / curated name | 99.6 % / 89.6 % / 95.7 % | exact name, then exact alias, first |
| careerPath along the ladders | 87.5 % | cost first |
| extractSkills precision / recall | 0.941 / 0.731 | short forms, soft skills, titles |

## Second pass (issue 18's remaining goals)

Each step on the same samples; "before" is the figure of the step before. The harness now
imports what the product imports (scripts/run.sh): O*NET 29.2 with the O*NET 29.0 skills and
knowledge ratings (before: without them; extractSkills then also finds the rated skills, e.g.
"monitoring", which the ads do not label: precision 0.988 -> 0.977 from that alone).

| measure | before | after | what changed |
|---|---|---|---|
| similarRoles precision@10 (held-out sample) | 0.206 | 0.564 | O*NET occupations ranked at import by titles and alternate titles, descriptions, ratings, technologies, O*NET-SOC family, job zone (onet/similarity.go) |
| roleMatches self-retrieval top 1 / top 5 / top 10 / MRR | 63.2 % / 81.6 % / 87.2 % / 0.713 (with the ratings imported; 60.4 % / 81.6 % / 86.8 % / 0.698 without) | 70.4 % / 88.4 % / 92.8 % / 0.789 | score = (share + cosine of the person's and the role's IDF-weighted need vectors) / 2, supported skills counting half in the cosine |
| search by name / alternate title / curated name | 100 % / 100 % / 100 % | see above | exact names and aliases found by an index lookup of kept keys (nameKey, aliasKeys) instead of reading the aliases of Lucene's 100 best hits |

## Third pass: skills in self-retrieval, ESCO self-retrieval

Top 1 / top 5 / top 10 / MRR on the reported samples, by this harness at each commit:
57a253b measures the person with the occupation's skills and knowledge too, imports ESCO and
measures ESCO self-retrieval, roleMatches takes where, and ESCO skills reach O*NET skills
through SAME_AS; the commit after it compares the skill and the technology parts
separately (the per-kind cosine). Before 57a253b (15d1c1e), with no bridge, an ESCO person
reaches O*NET occupations only through its essential technologies: 0 / 0 / 0 / 0 (an
offline replica of the score, which reproduces every figure of this harness exactly).

| measure | 57a253b (bridge) | after (per-kind cosine) |
|---|---|---|
| roleMatches self-retrieval, technologies + skills (goal: top 5 >= 90 %) | 84.8 % / 94.0 % / 97.6 % / 0.891 | 82.4 % / 97.2 % / 98.8 % / 0.884 |
| roleMatches self-retrieval, technologies only (15d1c1e's figures) | 70.4 % / 88.4 % / 92.8 % / 0.789 | 66.8 % / 88.4 % / 92.0 % / 0.767 |
| with ESCO imported, technologies + skills, all roles | 84.4 % / 95.2 % / 97.6 % / 0.893 | 84.8 % / 96.8 % / 99.2 % / 0.901 |
| ESCO self-retrieval among O*NET's (goal: top 10 >= 80 %) | 0.8 % / 3.2 % / 4.4 % / 0.024 | 1.2 % / 8.0 % / 13.2 % / 0.054 |

The per-kind cosine: similarity was the cosine of the whole need vectors; it is now the
cosine of the skill parts and that of the technology parts, weighted by the share of the
person's vector in each. An O*NET occupation lists up to a hundred technologies, so the few
O*NET skills an ESCO person reaches weighed nothing beside them. Chosen on the tuning
samples (drawn after the reported ones; full cosine -> per-kind, by the replica): technologies
+ skills top 5 98.0 % -> 98.4 %, technologies only 92.8 % -> 89.2 %, ESCO top 10 4.0 % ->
10.0 % (the mean of the two cosines, also tried: 98.0 %, 90.4 %, 6.4 %). The goals are the
first and the last; the technologies-only person loses a little (top 1 and MRR on the
reported sample, top 5 on the tuning one). Also tried on the ESCO tuning sample, none better by more
than a point: a decay of 0.7 or 1 per BROADER step, 1 to 6 steps, summing the credits of a
skill reached several times instead of taking the largest.

What limits ESCO self-retrieval is the bridge: the 89 reviewed SAME_AS links reach about 5
of O*NET's 68 skills and knowledge areas per ESCO occupation (a welder's 36 essential skills
reach Mechanical, Engineering and Technology, Sales and Marketing, Judgment and Decision
Making, Complex Problem Solving), generic ones every occupation is rated on; the specific
skills (weld metal, operate a welding torch) reach nothing in O*NET, whose occupations need
no ESCO skill. 80 % needs a far denser mapping (ESCO skills to O*NET technologies, tools,
tasks or work activities), not a better score.

## Fourth pass: a text bridge from ESCO skills to O*NET occupations (SUGGESTS)

At import, each ESCO skill's preferred label (weight 2), alternative labels and description
(0.5 each) are matched by BM25 (words by a crude stem, and pairs of neighbouring words)
against each O*NET occupation's title (3), alternate and reported titles, description and
task statements (1 each; O*NET 29.2 Task Statements, now in data/onet-29.2); the skill keeps
its 30 best occupations as SUGGESTS, each with its share of the skill's evidence (squared
scores over their sum). roleMatches sums, for each role, the shares of the given skills
times each skill's IDF squared (work, scaled so the best role has 1); the score is then
0.9 (share + similarity) / 2 + 0.1 work (unchanged for a person without such skills, so the
O*NET rows above do not move). Nothing of it reads the crosswalk, nor which ESCO occupations
need a skill.

| ESCO self-retrieval among O*NET's: top 1 / top 5 / top 10 / MRR | before (third pass) | after |
|---|---|---|
| reported sample (250) | 1.2 % / 8.0 % / 13.2 % / 0.054 | see the table above |
| tuning sample (250): top 5 / top 10 / MRR | 6.0 % / 10.0 % / 0.049 | see the table above |

Chosen offline, on the tuning sample and the 1,422 persons after the reported sample
(` + "`go test -tags eval -run TestBridgeOffline -v .`" + `, the bridge alone, in seconds; top 10 of the
250 tuning persons, or of 1,400 of those after the reported sample where it says so), each
change against the one before:

- the sum of each skill's scores divided by its best (top 20): 72.0 %; its shares of
  evidence (top 50), the scores as they are: 73.2 %, squared: 74.8 %, kept (cubed: 74.8 %);
- each skill weighted by its IDF: 78.8 %; by its IDF squared: 80.0 %, kept (cubed 80.0 %);
- the alternate titles weighing 1 instead of 0.3 (0 loses 5 points); the description of the
  skill 0 or 1 instead of 0.5, its alternative labels 0 or 1, the occupation's title 1 or 6
  instead of 3, tasks 0.5 or 2, BM25's k1 0.8 or 2 and b 0.3, 0.5 or 0.9: within about a
  point either way;
- pairs of neighbouring words besides words: 79.9 % -> 80.9 % on the 1,400, kept;
- how many occupations a skill keeps: 10, 15, 20, 30: 78.9, 79.5, 80.0, 80.9 % (the 1,400;
  30 kept: 415,305 links; 50 without word pairs: 80.1 %);
- no help: O*NET's detailed work activities (Tasks to DWAs, DWA Reference) beside the
  tasks (weights 0.5 to 2: -0.4 to -1.2 points), the occupation's technologies and their
  commodity titles (-0.8 on the 1,400), the labels of the skill's broader concepts or of its related skills
  in the query, weighting skills by reuse level or knowledge/skill type, dividing each
  occupation's evidence by what it gets from all skills (a prior against hub occupations:
  +0.4 at power 0.25, -1.6 at 0.5, -7 at 1), one BM25 query of all the person's skills
  together instead of per-skill links (73.2 %), titles and work in two BM25 indexes summed
  (79.3 % of the 1,422, top 1 -5 to -19 points), a share of the best score among the
  occupation's O*NET-SOC siblings added to its own (0.3 of the broad occupation's: 76.6 %
  of the 1,422);
- in roleMatches (the graph, 800 tuning persons): work alone 80.6 %, with share and
  similarity 0.9 / 0.1: 81.0 % (0.5 / 0.5: 80.9 %).
- not tried, on purpose: the titles of the ESCO occupations that need a skill as part of the
  skill's text. A person's skills would then carry their own occupation's title, and the
  crosswalk (the ground truth) was built largely from titles: the measure would reward the
  leak, not the bridge.

The goal (top 10 >= 80 %) is not met: 76.8 % on the reported sample and 79.6 % on the
tuning one by roleMatches (table above); the bridge alone reaches 80.7 % of the 1,422 persons
after the reported sample, 76.4 % of the reported 250. The text of ESCO's skills and O*NET's
tasks goes that far; the misses are mostly crosswalk matches no text points to (an ESCO
after-sales service technician is O*NET's technical sales representative, an aircraft
maintenance coordinator its aircraft mechanic, a pension scheme manager its financial
manager).

## Fifth pass: the bridge's cost bounded; what else was tried for ESCO self-retrieval

The matching now reads at most 512 postings of each query term (those where it weighs most)
and scores its best 60 candidates in full (package bridge, MaxPostings): its cost grows
about linearly with the releases instead of quadratically (bench/RESULTS.md). On the
committed releases 13,884 of 13,896 skills keep exactly the same links, the other 12 all but
their last few (TestBoundedMatchesExhaustive), and the offline figures do not move: top 10
of 80.0 % (tuning 250), 80.7 % (the 1,422 after the reported sample), 76.4 % (reported 250).

Tried offline on the 1,422 after the reported sample (top 10, against 80.7 %), the links
and their scores as they are, only how a person's skills are summed per occupation:

- each skill's shares over its 50 or 100 best occupations instead of 30: 80.7, 81.1 %; the
  scores cubed instead of squared: 79.2 % (50 best: 79.5 %);
- reciprocal-rank fusion of the skills' rankings, each skill's IDF squared over (k + rank):
  k = 1, 5, 20, 60 over the 30 best: 79.9, 80.9, 80.0, 78.6 %; over the 100 best: 80.0,
  81.3, 80.6, 77.6 %; MRR lower throughout (0.477 to 0.521, against 0.529);
- the sum times the (IDF squared weighted) share of the person's skills pointing to the
  occupation, to the power 0.5, 1, 2: 81.2, 81.2, 80.3 %;
- skill co-occurrence in ESCO (how many ESCO occupations need both of two skills, counts
  only): the person's skills expanded with the 10 skills most often needed beside them
  (over each one's occupations), their evidence weighted 0.3 times their co-occurrence over
  the best's: 83.2 % (10 or 30 skills, weights 0.1, 0.3, 1: 81.9 to 83.2 %, 1 at 30 skills
  78.8 %); on the tuning 250: 80.0 -> 84.8 %; looked at once on the reported 250: 76.4 ->
  77.6 % (MRR 0.491 -> 0.489). The best of these, and still short of 80 % on the reported
  sample; not put into roleMatches (it would need the co-occurrences kept in the graph and
  a second expansion in the query).

Every aggregation of the same links moves the figures by a point or so; the one idea that
adds evidence (co-occurrence) gains 2.5 to 5 points on the tuning samples but 1.2 on the
reported one. The goal (top 10 >= 80 % on the reported sample) is still not met.
`

const method = `## How each figure is measured

- **similarRoles**: for each sampled occupation, its similar roles (20 asked; curated roles
  left out, since O*NET cannot list them; the first 10 occupations kept) against O*NET's
  Related Occupations of the tiers Primary-Short and Primary-Long (about 10 per occupation).
  precision@10 = listed ones in the top 10 / 10; recall@10 = listed ones in the top 10 / size
  of the list. similarRoles never reads RELATED_TO, which holds this ground truth, nor
  anything derived from it. For an O*NET occupation it reads the release's titles and
  alternate titles, descriptions, skill and knowledge ratings, technologies, job zones and
  O*NET-SOC codes: the code's digits are O*NET's taxonomy of occupations (major group,
  minor group, broad occupation), not the Related Occupations list, but they are expert
  knowledge, and we say we use them (weight 0.04 of 1; without them the tuning sample's
  precision@10 drops by about 0.02). O*NET builds its Related Occupations from similar
  evidence (what occupations do, know and are called), then reviews them by hand; the
  titles weigh most. For other roles, it reads only REQUIRES and USES. The weights
  (schema: Role.similarRoles) were tuned on the tuning sample (the 250 occupations drawn
  after the reported 250 in the same seeded draw, eval.SampleAfter) and are reported on
  the first 250, which the tuning never saw.
- **roleMatches self-retrieval**: a person holding an occupation's 8 heaviest technologies
  (In Demand first, then Hot, then by id) and its 8 heaviest skill and knowledge ratings of
  those that count in the rankings (importance at least 3; highest importance first, then
  level, then id) asks roleMatches (top 100, all roles); the figure is where the occupation
  itself ranks. The technologies-only row is the same person without the ratings. The
  person's items are the occupation's own, so this measures whether the ranking puts a
  perfect fit first, not whether it generalises; roleMatches reads nothing else of it.
- **ESCO self-retrieval**: ESCO 1.1.1 imported into the same graph by ` + "`skillgraph import esco`" + `
  (as scripts/run.sh does). A person holding an ESCO occupation's essential skills and
  technologies (its essential REQUIRES and USES; all of them, at least 5) asks
  roleMatches(where: {source: {startsWith: "O*NET"}}) (top 100): found when one of the O*NET
  occupations the crosswalk matches it to (data/crosswalks, Nesta's ESCO-O*NET crosswalk, its
  own matches, not those inherited from a broader occupation) ranks in the top 10. The
  ground truth is MATCHES, which roleMatches never reads; what links the two taxonomies for
  the ranking is the text bridge (SUGGESTS: each ESCO skill's labels and description matched
  at import against each O*NET occupation's titles, description and task statements, its 30
  best kept; package bridge), the reviewed skill mapping (SAME_AS, 89 links from O*NET skills
  and knowledge areas to ESCO skills, groups and ISCED-F fields), ESCO's skill hierarchy
  (BROADER) and the ESCO knowledge concepts resolved to technologies. None reads the
  crosswalk, nor which ESCO occupations need a skill. The row "with ESCO
  imported" repeats the O*NET self-retrieval on that graph, all roles (ESCO's included)
  competing. The tuning samples of both self-retrievals are the 250 drawn after the
  reported 250 in the same seeded draw (eval.SampleAfter).
- **search**: the first role hit for an occupation's exact title, for an O*NET alternate
  title (right when the hit carries that alternate title, or is a role named exactly so), and
  for each curated role's name.
- **extractSkills**: eval/testdata/ads.txt, job ads written for the project (backend, data,
  DevOps, frontend, QA, product, nursing and health, trades, office, logistics, teaching),
  each mention an expert expects marked with the node of the graph it names. A mention is
  right when its offsets, kind and node are exactly the label's; precision = right / found,
  recall = right / labelled.
- **careerPath**: for every pair of roles along a curated LEADS_TO ladder (junior -> mid-level
  -> senior -> architect, ...), the route must be the ladder itself, step by step.
`
