package eval_test

import "testing"

// TestEvalQuick is the slice of `make eval` that `make test` runs: small samples, and floors
// the current rankings meet, so a change that makes an answer worse fails here.
func TestEvalQuick(t *testing.T) {
	st, truth := mustGraph(t)
	r := measure(t, st, truth, sizes{seed: 18, similar: 40, matches: 40, names: 100, alts: 100, esco: 60})
	t.Logf("\n%s", r.markdown())
	floors := []struct {
		what       string
		got, floor float64
	}{
		{"similarRoles precision@10", r.similar.PrecisionAt10, 0.53},
		{"roleMatches top 5 (technologies + skills)", r.matches.Top5, 0.95},
		{"roleMatches top 10 (technologies + skills)", r.matches.Top10, 0.975},
		{"roleMatches top 5 (technologies only)", r.techs.Top5, 0.875},
		{"roleMatches top 10 (technologies only)", r.techs.Top10, 0.95},
		{"search by name", r.search.Names, 1},
		{"search by alternate title", r.search.AltTitles, 0.98},
		{"search of curated roles", r.search.Curated, 1},
		{"careerPath on ladders", r.career.Share, 1},
		{"extractSkills precision", r.extract.Precision, 0.97},
		{"extractSkills recall", r.extract.Recall, 0.95},
		// With ESCO imported (the text bridge, SUGGESTS): the O*NET person is unaffected, the
		// ESCO person finds its crosswalked O*NET occupation.
		{"roleMatches top 5 (technologies + skills), all roles", r.matchesAll.Top5, 0.95},
		{"ESCO self-retrieval top 10", r.esco.Top10, 0.7},
	}
	for _, f := range floors {
		if f.got < f.floor {
			t.Errorf("%s = %.3f, below its floor %.3f", f.what, f.got, f.floor)
		}
	}
}
