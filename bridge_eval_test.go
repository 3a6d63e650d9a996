//go:build eval

package main

import (
	"math"
	"sort"
	"testing"

	"github.com/skillgraph/skillgraph/bridge"
	"github.com/skillgraph/skillgraph/eval"
)

// TestBridgeOffline measures ESCO self-retrieval by the text bridge alone, without Neo4j:
// the ESCO persons and samples of eval (the same draw), each O*NET occupation ranked by
// work (see RoleMatch.Work: the SUGGESTS shares of the person's skills, each times its IDF
// squared, the IDF here among the ESCO occupations). It is how the bridge's settings were
// chosen (on the tuning sample) in seconds; roleMatches adds share and similarity, which
// move the figures by about a point (eval/RESULTS.md). Run it with
// `go test -tags eval -run TestBridgeOffline -v .`.
func TestBridgeOffline(t *testing.T) {
	r := mustReadESCO(t)
	d, od, matches := r.d, r.od, r.matches
	tasks, err := od.ReadTasks(defaultONET)
	if err != nil {
		t.Fatal(err)
	}
	links := map[string][]bridge.Link{}
	for _, l := range bridge.ESCOToONET(d, od, tasks) {
		links[l.From] = append(links[l.From], l)
	}
	// The persons of eval's ESCO self-retrieval, from the release instead of the graph.
	own := map[string][]string{}
	for _, m := range matches {
		if m.InheritedFrom == "" {
			own[m.Occupation] = append(own[m.Occupation], m.Code)
		}
	}
	essential := map[string]map[string][]string{}
	add := func(occ, kind, id string) {
		if essential[occ] == nil {
			essential[occ] = map[string][]string{}
		}
		for _, x := range essential[occ][kind] {
			if x == id {
				return
			}
		}
		essential[occ][kind] = append(essential[occ][kind], id)
	}
	df := map[string]int{}
	for _, r := range d.Requirements {
		df[r.Skill]++
		if r.Essential {
			add(r.Occupation, "Skill", r.Skill)
		}
	}
	for _, u := range d.TechnologyUses {
		if u.Essential {
			add(u.Occupation, "Technology", u.Technology)
		}
	}
	persons := eval.ESCOPersons(essential, own)
	n := float64(len(d.Occupations))
	measure := func(name string, ps []eval.Person) {
		var top1, top10, mrr float64
		for _, p := range ps {
			work := map[string]float64{}
			for _, x := range p.Skills {
				idf := math.Log(n / float64(max(1, df[x])))
				for _, l := range links[x] {
					work[l.To] += l.Score * idf * idf
				}
			}
			codes := make([]string, 0, len(work))
			for c := range work {
				codes = append(codes, c)
			}
			sort.Slice(codes, func(i, j int) bool {
				if work[codes[i]] != work[codes[j]] {
					return work[codes[i]] > work[codes[j]]
				}
				return codes[i] < codes[j]
			})
			for i, c := range codes {
				if p.Want[c] {
					mrr += 1 / float64(i+1)
					if i == 0 {
						top1++
					}
					if i < 10 {
						top10++
					}
					break
				}
			}
		}
		k := float64(len(ps))
		t.Logf("%s (%d persons): top 1 %.1f %%, top 10 %.1f %%, MRR %.3f", name, len(ps), 100*top1/k, 100*top10/k, mrr/k)
	}
	t.Logf("%d ESCO persons, %d skills linked", len(persons), len(links))
	measure("tuning sample", eval.SampleAfter(persons, 250, 250, 18))
	measure("all persons after the reported sample", eval.SampleAfter(persons, 250, len(persons), 18))
	measure("reported sample", eval.Sample(persons, 250, 18))
}
