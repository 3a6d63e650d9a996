package bridge

import (
	"math"
	"testing"
)

// TestBoundedMatchesExhaustive: on the committed releases, the links of ESCOToONET (each
// query term's postings read up to MaxPostings) are those of a matching that reads them all,
// but for a few far down a skill's list.
func TestBoundedMatchesExhaustive(t *testing.T) {
	r := readReleases(t, 1, "")
	// The bound is at work: terms of the committed releases have more postings than it.
	ix := NewIndex(occupationDocs(r.od, r.tasks))
	cut := 0
	for _, p := range ix.post {
		if len(p) > MaxPostings {
			cut++
		}
	}
	if cut == 0 {
		t.Fatalf("no term has more than %d postings: the test compares nothing", MaxPostings)
	}
	all, bounded := escoToONET(r.d, r.od, r.tasks, 0), ESCOToONET(r.d, r.od, r.tasks)
	bySkill := func(ls []Link) map[string][]Link {
		m := map[string][]Link{}
		for _, l := range ls {
			m[l.From] = append(m[l.From], l)
		}
		return m
	}
	want, got := bySkill(all), bySkill(bounded)
	if len(want) != len(got) || len(all) != len(bounded) {
		t.Fatalf("bounded: %d links from %d skills, exhaustive %d from %d", len(bounded), len(got), len(all), len(want))
	}
	var sameSkills, sameLinks, sameTop10 int
	for skill, ws := range want {
		gs := got[skill]
		same := len(gs) == len(ws)
		top10 := true
		in := map[string]bool{}
		for _, g := range gs {
			in[g.To] = true
		}
		for i, w := range ws {
			if in[w.To] {
				sameLinks++
			}
			if i >= len(gs) || gs[i].To != w.To || math.Abs(gs[i].Score-w.Score) > 1e-9 {
				same = false
			}
			if w.Rank <= 10 && (i >= len(gs) || gs[i].To != w.To) {
				top10 = false
			}
		}
		if same {
			sameSkills++
		}
		if top10 {
			sameTop10++
		}
	}
	t.Logf("%d terms with more than %d postings; of %d skills, %d with the same links (occupations, order and shares), %d with the same first 10; %d of %d links the same",
		cut, MaxPostings, len(want), sameSkills, sameTop10, sameLinks, len(all))
	if share := float64(sameSkills) / float64(len(want)); share < 0.99 {
		t.Errorf("%.4f of the skills have the same links, want at least 0.99", share)
	}
	if share := float64(sameTop10) / float64(len(want)); share < 0.999 {
		t.Errorf("%.4f of the skills have the same first 10 links, want at least 0.999", share)
	}
	if share := float64(sameLinks) / float64(len(all)); share < 0.999 {
		t.Errorf("%.5f of the links are the same, want at least 0.999", share)
	}
}
