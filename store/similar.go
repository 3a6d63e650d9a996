package store

import (
	"context"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The profile ranking of similarRoles, kept. A role without an import-ranked list (every
// ESCO occupation, the curated roles) was ranked by similarRolesQuery's profile branch on
// every call: a weighted Jaccard index over the roles sharing an item of its profile, which
// on the whole graph visits thousands of relationships per call (an ESCO occupation's
// profile items are each needed by up to maxDf roles). The imports now run the same ranking
// once for all of them, in Go over one read of every profile, and keep the result as the
// O*NET import keeps its own (r.similar, r.similarScores), marked r.similarBy = 'profile' so
// that the next import ranks them again with the statistics it changed. A write drops the
// written role's list (dropSimilarQuery), which is then ranked live until the next import.

// profilesQuery reads every role's similarity profile: the items it needs that are not hubs
// and weigh at least its cut (what similarRolesQuery's profile branch visits), with the
// need weight and the item's IDF; target says whether the role's list is the profile
// ranking's to (re)write.
const profilesQuery = `
CALL { MATCH (r:Role) RETURN count(r) AS n }
WITH n, CASE WHEN $hubShare * n > $hubFloor THEN $hubShare * n ELSE $hubFloor END AS maxDf
MATCH (r:Role)
CALL (r, n, maxDf) {
  MATCH (r)-[e:REQUIRES|USES]->(x)
  WHERE x.roleCount <= maxDf AND e.w > 0
  WITH x, e.w AS w, log(toFloat(n) / x.roleCount) AS idf
  WHERE w * idf >= r.similarityCut - 1e-9
  RETURN collect([elementId(x), toFloat(w), idf]) AS items
}
RETURN r.id AS id, r.jobZone AS jobZone, coalesce(r.similarityWeight, 0.0) AS weight, items,
       r.similar IS NULL OR coalesce(r.similarBy, '') = 'profile' AS target`

// keepSimilarQuery writes the profile ranking's lists.
const keepSimilarQuery = `
UNWIND $rows AS row
MATCH (r:Role {id: row.id})
SET r.similar = row.similar, r.similarScores = row.scores, r.similarBy = 'profile'`

// similarKept is how many similar roles a kept list holds (the most similarRoles lists).
const similarKept = 100

type profileItem struct {
	item   int
	w, idf float64
}

type roleProfile struct {
	id     string
	zone   *int64
	weight float64
	items  []profileItem
	target bool
}

// rankSimilarByProfile ranks and keeps the similar roles of every role whose list is the
// profile ranking's (see above). It runs after the statistics it reads are refreshed.
func (s *Store) rankSimilarByProfile(ctx context.Context, batchSize int) error {
	recs, err := s.read(ctx, profilesQuery, map[string]any{"hubShare": hubShare, "hubFloor": float64(hubFloor)})
	if err != nil {
		return err
	}
	items := map[string]int{}
	roles := make([]roleProfile, 0, len(recs))
	for _, rec := range recs {
		m := rec.AsMap()
		p := roleProfile{id: m["id"].(string), weight: toFloat(m["weight"]), target: m["target"].(bool)}
		if z, ok := m["jobZone"].(int64); ok {
			p.zone = &z
		}
		for _, it := range m["items"].([]any) {
			t := it.([]any)
			k, ok := items[t[0].(string)]
			if !ok {
				k = len(items)
				items[t[0].(string)] = k
			}
			p.items = append(p.items, profileItem{item: k, w: toFloat(t[1]), idf: toFloat(t[2])})
		}
		roles = append(roles, p)
	}
	lists := rankByProfiles(roles, len(items), similarKept)
	rows := make([]any, 0, len(lists))
	for i, l := range lists {
		if !roles[i].target {
			continue
		}
		ids, scores := make([]any, len(l)), make([]any, len(l))
		for j, c := range l {
			ids[j], scores[j] = roles[c.role].id, c.score
		}
		rows = append(rows, map[string]any{"id": roles[i].id, "similar": ids, "scores": scores})
	}
	for start := 0; start < len(rows); start += batchSize {
		batch := rows[start:min(start+batchSize, len(rows))]
		if err := s.write(ctx, func(tx neo4j.ManagedTransaction) error {
			res, err := tx.Run(ctx, keepSimilarQuery, map[string]any{"rows": batch})
			if err == nil {
				_, err = res.Consume(ctx)
			}
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

type similarCandidate struct {
	role  int
	score float64
}

// rankByProfiles is similarRolesQuery's profile branch for every target role at once: for a
// and each role b sharing an item of both profiles, shared = the sum over those items of
// min(wa, wb) x IDF; score = shared / (weight a + weight b - shared), times the job zone
// proximity 1 - 0.2 |za - zb| when both are known; the top best by score, then id. Lists of
// roles that are not targets are left nil.
func rankByProfiles(roles []roleProfile, nItems, top int) [][]similarCandidate {
	type posting struct {
		role int
		w    float64
	}
	postings := make([][]posting, nItems)
	for r, p := range roles {
		for _, it := range p.items {
			postings[it.item] = append(postings[it.item], posting{r, it.w})
		}
	}
	out := make([][]similarCandidate, len(roles))
	shared := make([]float64, len(roles))
	seen := make([]int, len(roles)) // a+1 once b is among a's candidates
	var touched []int
	for a, pa := range roles {
		if !pa.target {
			continue
		}
		touched = touched[:0]
		for _, it := range pa.items {
			for _, pb := range postings[it.item] {
				if pb.role == a {
					continue
				}
				if seen[pb.role] != a+1 {
					seen[pb.role], shared[pb.role] = a+1, 0
					touched = append(touched, pb.role)
				}
				shared[pb.role] += min(it.w, pb.w) * it.idf
			}
		}
		cands := make([]similarCandidate, 0, len(touched))
		for _, b := range touched {
			sh, score := shared[b], 0.0
			if d := pa.weight + roles[b].weight - sh; d > 0 {
				score = sh / d
			}
			if pa.zone != nil && roles[b].zone != nil {
				d := *pa.zone - *roles[b].zone
				score *= 1 - 0.2*float64(max(d, -d))
			}
			cands = append(cands, similarCandidate{b, score})
		}
		sort.Slice(cands, func(i, j int) bool {
			if cands[i].score != cands[j].score {
				return cands[i].score > cands[j].score
			}
			return roles[cands[i].role].id < roles[cands[j].role].id
		})
		out[a] = cands[:min(top, len(cands))]
	}
	return out
}
