package onet_test

import (
	"os"
	"strconv"
	"testing"

	"github.com/skillgraph/skillgraph/onet"
)

// TestSimilarPruned: on the real release, the lists Similar keeps (candidates only) against
// every pair scored: the top ten nearly the same, and as good against O*NET's primary Related
// Occupations (which eval/ measures through the graph). SIM_TEST_SCALE measures a synthetic
// release of that factor instead (package synth; slow: every pair is scored).
func TestSimilarPruned(t *testing.T) {
	d, err := onet.ReadWith(releaseDir, onet.Options{SkillsDir: skillsDir})
	if err != nil {
		t.Fatal(err)
	}
	if s := os.Getenv("SIM_TEST_SCALE"); s != "" {
		scale, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		d = benchRelease(t, scale)
	}
	pruned, prunedScores := d.Similar()
	exact, _ := d.SimilarExact()

	related := map[string]map[string]bool{}
	for _, r := range d.Related {
		if r.Tier == "Primary-Short" || r.Tier == "Primary-Long" {
			if related[r.Code] == nil {
				related[r.Code] = map[string]bool{}
			}
			related[r.Code][r.RelatedCode] = true
		}
	}
	var overlap10, overlap100, short float64
	var hitsExact, hitsPruned, asked int
	for _, o := range d.Occupations {
		p, e := pruned[o.Code], exact[o.Code]
		overlap10 += overlap(p, e, 10)
		overlap100 += overlap(p, e, onet.SimilarTop)
		if len(p) < len(e) {
			short++
		}
		for i := 1; i < len(p); i++ {
			if prunedScores[o.Code][i] > prunedScores[o.Code][i-1] {
				t.Fatalf("%s: scores not in order: %v", o.Code, prunedScores[o.Code])
			}
		}
		if rel := related[o.Code]; len(rel) > 0 {
			asked += 10
			hitsExact += hits(e, rel, 10)
			hitsPruned += hits(p, rel, 10)
		}
	}
	n := float64(len(d.Occupations))
	pe, pp := float64(hitsExact)/float64(asked), float64(hitsPruned)/float64(asked)
	t.Logf("%d occupations: top-10 overlap %.4f, top-%d overlap %.4f, %.0f lists shorter; precision@10 vs primary Related Occupations: every pair %.4f, pruned %.4f",
		len(d.Occupations), overlap10/n, onet.SimilarTop, overlap100/n, short, pe, pp)
	if overlap10/n < 0.98 {
		t.Errorf("top-10 overlap %.4f, want >= 0.98", overlap10/n)
	}
	if overlap100/n < 0.85 {
		t.Errorf("top-%d overlap %.4f, want >= 0.85", onet.SimilarTop, overlap100/n)
	}
	if pp < pe-0.005 {
		t.Errorf("precision@10 pruned %.4f, every pair %.4f", pp, pe)
	}
}

// overlap is the share of b's first k that a's first k hold.
func overlap(a, b []string, k int) float64 {
	k = min(k, len(b))
	if k == 0 {
		return 1
	}
	in := map[string]bool{}
	for _, x := range a[:min(k, len(a))] {
		in[x] = true
	}
	c := 0
	for _, x := range b[:k] {
		if in[x] {
			c++
		}
	}
	return float64(c) / float64(k)
}

func hits(list []string, rel map[string]bool, k int) int {
	c := 0
	for _, x := range list[:min(k, len(list))] {
		if rel[x] {
			c++
		}
	}
	return c
}
