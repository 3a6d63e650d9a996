//go:build eval

package eval_test

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestEval is `make eval`: the full samples, written to eval/RESULTS.md (or EVAL_OUT).
func TestEval(t *testing.T) {
	st, truth := mustGraph(t)
	sz := sizes{seed: 18, similar: 250, matches: 250, names: len(truth.Data.Occupations), alts: 500}
	r := measure(t, st, truth, sz)
	var b strings.Builder
	b.WriteString("# Evaluation of the ranked answers\n\n")
	b.WriteString("Written by `make eval` (eval/full_test.go): every ranked answer measured against ground truth\n")
	b.WriteString("that the answer does not read. Do not edit by hand.\n\n")
	fmt.Fprintf(&b, "- date: %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- machine: %s/%s, %d CPUs (%s), %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel(), runtime.Version())
	fmt.Fprintf(&b, "- graph: curated seed + %s\n", truth.Data.Release)
	fmt.Fprintf(&b, "- samples drawn with math/rand seed %d: %d of the %d occupations with primary Related Occupations (similarRoles), "+
		"%d of the occupations with at least 8 technologies (roleMatches), %d occupation names, %d of the %d alternate titles, all %d curated roles, every route along the %d curated ladders\n\n",
		sz.seed, r.similar.N, len(truth.Related), r.matches.N, r.search.NNames, r.search.NAltTitles, len(truth.AltTitles), r.search.NCurated, len(truth.Ladders))
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
`

const method = `## How each figure is measured

- **similarRoles**: for each sampled occupation, its similar roles (20 asked; curated roles
  left out, since O*NET cannot list them; the first 10 occupations kept) against O*NET's
  Related Occupations of the tiers Primary-Short and Primary-Long (about 10 per occupation).
  precision@10 = listed ones in the top 10 / 10; recall@10 = listed ones in the top 10 / size
  of the list. similarRoles reads only REQUIRES and USES (and the statistics kept from them),
  never RELATED_TO, which holds this ground truth.
- **roleMatches self-retrieval**: a person holding an occupation's 8 heaviest technologies
  (In Demand first, then Hot, then by id) asks roleMatches (top 100); the figure is where the
  occupation itself ranks.
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
