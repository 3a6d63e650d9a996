package store

import (
	"context"
	"fmt"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/domain"
)

// The queries that need the graph. Each is one statement. In them e.w is the need weight of
// a REQUIRES or USES relationship e (domain.Need): its importance (for an O*NET rating, see
// needWeightSet), else 3 if essential and 1 if optional, else 4 if In Demand, 3 if Hot, 2.
// Every writer keeps it on the relationship (needWeightSet, useWeight), because
// the ranking queries read it on thousands of relationships, and one property read costs
// a third of the three the rule needs.

// needWeightSet sets e.w from e's other properties, for a relationship e. An O*NET rating
// (one with importanceScore or level) weighs its importance rounded when that is at least
// minImportance, else 0: only such ratings count in the rankings, and roleCount and the
// ranking queries skip relationships of weight 0 (see ratingWeight). A requirement without
// importance (ESCO's) weighs 3 when essential, 1 when optional (escoWeight).
const needWeightSet = `SET e.w = CASE
  WHEN e.importanceScore IS NULL AND e.level IS NULL THEN coalesce(e.importance,
    CASE WHEN e.essential THEN 3 WHEN NOT e.essential THEN 1 WHEN e.inDemand THEN 4 WHEN e.hot THEN 3 ELSE 2 END)
  WHEN e.importanceScore >= 3.0 THEN toInteger(round(e.importanceScore))
  ELSE 0 END`

// minImportance is the O*NET importance from which a rating counts in the rankings (3:
// important, on O*NET's 1-5 scale); needWeightSet has it literally.
const minImportance = 3.0

// needWeightsQuery sets w on every REQUIRES and USES relationship, for a graph written by
// other means than this store.
const needWeightsQuery = `
MATCH ()-[e:REQUIRES|USES]->()
CALL { WITH e ` + needWeightSet + ` } IN TRANSACTIONS OF 10000 ROWS`

// Hubs: an item needed by more than max(hubFloor, hubShare of all roles) roles is left out
// of similarity, and each role's similarity profile is its profileSize heaviest other
// items (see domain.SimilarRole).
const (
	hubFloor    = 25
	hubShare    = 0.10
	profileSize = 100
	// explainItems: how many shared and missing items each answer lists per kind.
	explainItems = 5
)

// similarityProfile returns, for the weight x IDF of each non-hub item a role needs, the
// smallest in its profile (nil when it has none) and their sum: the profileSize heaviest,
// and any tied with the last. It is what roleWeightsQuery computes in Cypher.
func similarityProfile(vs []float64) (cut any, sum float64) {
	if len(vs) == 0 {
		return nil, 0
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(vs)))
	c := vs[min(len(vs), profileSize)-1]
	for _, v := range vs {
		if v >= c {
			sum += v
		}
	}
	return c, sum
}

var _ domain.Insights = (*Store)(nil)

// The graph statistics the ranking queries read instead of recomputing them on every call:
// x.roleCount, how many roles need a skill or technology (with a weight above 0);
// r.needWeight, the sum of a role's need weights; r.skillNorm and r.techNorm, the lengths of
// the skill and the technology parts of its need vector (each item weighing its need
// weight times its IDF: roleMatches' cosines);
// r.similarityCut, the smallest weight x IDF in the role's similarity profile, and
// r.similarityWeight, their sum (similarRoles'). Apply keeps them in the transaction that
// writes; the O*NET import computes those of what it writes (importStats,
// similarityProfile) and refreshes the other roles; the ESCO import refreshes them all.

// roleCountsQuery recomputes every skill's and technology's roleCount.
const roleCountsQuery = `
MATCH (x) WHERE x:Skill OR x:Technology
SET x.roleCount = COUNT { (x)<-[e:REQUIRES|USES]-(:Role) WHERE e.w > 0 }`

// roleWeightsQuery recomputes the weights of the roles %s matches (given n, the number of
// roles, and maxDf, the most roles an item may have and not be a hub).
const roleWeightsQuery = `
CALL { MATCH (r:Role) RETURN count(r) AS n }
WITH n, CASE WHEN $hubShare * n > $hubFloor THEN $hubShare * n ELSE $hubFloor END AS maxDf
%s
CALL {
  WITH r
  MATCH (r)-[e:REQUIRES|USES]->()
  RETURN 0.0 + sum(toFloat(e.w)) AS all
}
CALL {
  WITH r, n
  MATCH (r)-[e:REQUIRES|USES]->(y)
  WHERE e.w > 0 AND y.roleCount > 0
  WITH e, e.w * log(toFloat(n) / y.roleCount) AS v
  RETURN sqrt(0.0 + sum(CASE WHEN type(e) = 'REQUIRES' THEN v * v ELSE 0.0 END)) AS skillNorm,
         sqrt(0.0 + sum(CASE WHEN type(e) = 'USES' THEN v * v ELSE 0.0 END)) AS techNorm
}
CALL {
  WITH r, n, maxDf
  MATCH (r)-[e:REQUIRES|USES]->(y)
  WHERE y.roleCount <= maxDf AND e.w > 0
  WITH e.w * log(toFloat(n) / y.roleCount) AS v
  ORDER BY v DESC
  WITH collect(v) AS vs
  WITH vs, vs[CASE WHEN size(vs) < $profileSize THEN size(vs) ELSE $profileSize END - 1] AS cut
  RETURN cut, 0.0 + reduce(s = 0.0, v IN vs | s + CASE WHEN v >= cut THEN v ELSE 0.0 END) AS sim
}
SET r.needWeight = all, r.skillNorm = skillNorm, r.techNorm = techNorm, r.similarityWeight = sim, r.similarityCut = cut`

// allRoleWeightsQuery: every role, or those not from the release $except when it is set.
var allRoleWeightsQuery = fmt.Sprintf(roleWeightsQuery, `MATCH (r:Role)
WHERE $except IS NULL OR coalesce(r.source, '') <> $except`)

// someRoleWeightsQuery: the roles $roles, and those needing a skill in $skills or a
// technology in $technologies (whose roleCount, and so IDF, a write changed).
var someRoleWeightsQuery = fmt.Sprintf(roleWeightsQuery, `CALL {
  MATCH (r:Role) WHERE r.id IN $roles RETURN r
  UNION
  MATCH (r:Role)-[:REQUIRES]->(x:Skill) WHERE x.id IN $skills RETURN r
  UNION
  MATCH (r:Role)-[:USES]->(x:Technology) WHERE x.id IN $technologies RETURN r
}
WITH n, maxDf, r`)

// someRoleCountsQuery recomputes the roleCount of the skills $skills and technologies
// $technologies.
const someRoleCountsQuery = `
CALL {
  MATCH (x:Skill) WHERE x.id IN $skills RETURN x
  UNION
  MATCH (x:Technology) WHERE x.id IN $technologies RETURN x
}
SET x.roleCount = COUNT { (x)<-[e:REQUIRES|USES]-(:Role) WHERE e.w > 0 }`

// statsScope is what a write touched of what the statistics count: nothing (nil), some
// roles' REQUIRES and USES relationships, or everything (all: roles were created or
// deleted, which changes every IDF, or nodes were deleted with their relationships).
type statsScope struct {
	all                         bool
	roles, skills, technologies []string
}

// touch records a REQUIRES or USES relationship written or removed; other types are not
// counted by the statistics.
func (sc *statsScope) touch(t domain.RelType, from, to string) {
	switch t {
	case domain.Requires:
		sc.roles, sc.skills = append(sc.roles, from), append(sc.skills, to)
	case domain.Uses:
		sc.roles, sc.technologies = append(sc.roles, from), append(sc.technologies, to)
	}
}

func (sc *statsScope) empty() bool {
	return sc == nil || !sc.all && len(sc.roles) == 0
}

// refreshStats recomputes the statistics in tx: all of them, or with except set, the role
// weights of the roles not from that release.
func refreshStats(ctx context.Context, tx neo4j.ManagedTransaction, except *string) error {
	queries := []string{roleCountsQuery, allRoleWeightsQuery}
	if except != nil {
		queries = queries[1:]
	}
	return runStats(ctx, tx, queries, map[string]any{"except": except})
}

// refreshSomeStats recomputes the statistics a write of scope changed: those of the items
// it touched and of the roles that need them (a few hundred at most on the full graph,
// where all of them cost 0.3-1.5 s).
func refreshSomeStats(ctx context.Context, tx neo4j.ManagedTransaction, sc *statsScope) error {
	if sc == nil {
		return nil
	}
	if len(sc.roles) > 0 {
		if err := runStats(ctx, tx, []string{dropSimilarQuery}, map[string]any{"roles": sc.roles}); err != nil {
			return err
		}
	}
	switch {
	case sc.empty():
		return nil
	case sc.all:
		return refreshStats(ctx, tx, nil)
	}
	return runStats(ctx, tx, []string{someRoleCountsQuery, someRoleWeightsQuery},
		map[string]any{"roles": sc.roles, "skills": sc.skills, "technologies": sc.technologies})
}

// dropSimilarQuery forgets the similar roles an import ranked for the roles $roles, whose
// node or needs a write changed: the ranking read the release's titles, description and
// needs, or the statistics of the graph (store/similar.go), so it no longer holds, and
// similarRoles ranks them live by their profile until the next import.
const dropSimilarQuery = `
MATCH (r:Role) WHERE r.id IN $roles AND r.similar IS NOT NULL
REMOVE r.similar, r.similarScores, r.similarBy`

// runStats runs statistics queries in order, with params and the similarity constants.
func runStats(ctx context.Context, tx neo4j.ManagedTransaction, queries []string, params map[string]any) error {
	params["hubShare"], params["hubFloor"], params["profileSize"] = hubShare, float64(hubFloor), int64(profileSize)
	for _, q := range queries {
		res, err := tx.Run(ctx, q, params)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// RefreshStats recomputes every kept weight and statistic: for a graph written by other
// means than this store, for an older graph (Migrate), and for tests that check the kept ones.
func (s *Store) RefreshStats(ctx context.Context) error {
	for _, q := range []string{needWeightsQuery, keysQuery} {
		if err := s.autoCommit(ctx, q); err != nil {
			return err
		}
	}
	if err := s.write(ctx, func(tx neo4j.ManagedTransaction) error { return refreshStats(ctx, tx, nil) }); err != nil {
		return err
	}
	if err := s.rankSimilarByProfile(ctx, 1000); err != nil {
		return err
	}
	return s.writeOne(ctx, statsVersionSet, map[string]any{"version": int64(statsVersion)})
}

// adjacencyQuery: for each skill in $ids, the skills required by the same roles
// (co-occurrence) and the skills explicitly RELATED_TO it, in one list. It counts the
// co-occurrences only, takes both skills' role counts from the kept roleCount, ranks and
// cuts to $first, and only then reads three sample roles of each skill kept: a skill that
// every O*NET occupation rates (Critical Thinking) co-occurs with thousands of skills through
// thousands of roles, and reading every role's properties for each pair cost most of the
// query (make bench-scale, bench/RESULTS.md).
var adjacencyQuery = `
UNWIND $ids AS id
MATCH (s:Skill {id: id})
CALL (s) {
  CALL (s) {
    MATCH (s)<-[e1:REQUIRES]-(:Role)-[e2:REQUIRES]->(o:Skill)
    WHERE o <> s AND e1.w > 0 AND e2.w > 0
    RETURN o, count(*) AS co, null AS explicit
    UNION
    MATCH (s)-[e:RELATED_TO]-(o:Skill)
    RETURN o, 0 AS co, e.weight AS explicit
  }
  WITH s, o, sum(co) AS co, max(explicit) AS explicit
  WITH s, o, co, explicit,
       CASE WHEN co = 0 THEN 0.0
            ELSE toFloat(co) / (coalesce(s.roleCount, co) + coalesce(o.roleCount, co) - co) END AS jaccard
  WITH s, o, co, explicit, jaccard,
       CASE WHEN coalesce(explicit, 0.0) > jaccard THEN explicit ELSE jaccard END AS weight
  ORDER BY weight DESC, o.id
  LIMIT $first
  CALL (s, o) {
    OPTIONAL MATCH (s)<-[e1:REQUIRES]-(r:Role)-[e2:REQUIRES]->(o)
    WHERE e1.w > 0 AND e2.w > 0
    WITH r ORDER BY r.id
    LIMIT 3
    RETURN collect(properties(r)) AS roles
  }
  RETURN o, co, explicit, jaccard, weight, roles
}
RETURN id, properties(o) AS o, co, explicit, jaccard, weight, roles`

// SkillAdjacency loads the adjacent skills of each skill in ids in one round trip.
func (s *Store) SkillAdjacency(ctx context.Context, ids []string, first int) (map[string][]domain.Adjacency, error) {
	recs, err := s.read(ctx, adjacencyQuery, map[string]any{"ids": anyList(ids), "first": int64(first)})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]domain.Adjacency, len(ids))
	for _, rec := range recs {
		m := rec.AsMap()
		a := domain.Adjacency{
			Skill:         toSkill(m["o"].(map[string]any)),
			Weight:        toFloat(m["weight"]),
			Jaccard:       toFloat(m["jaccard"]),
			Cooccurrences: int(m["co"].(int64)),
		}
		if m["explicit"] != nil {
			w := toFloat(m["explicit"])
			a.ExplicitWeight = &w
		}
		for _, r := range m["roles"].([]any) {
			a.SampleRoles = append(a.SampleRoles, toRole(r.(map[string]any)))
		}
		sort.Slice(a.SampleRoles, func(i, j int) bool { return a.SampleRoles[i].ID < a.SampleRoles[j].ID })
		a.SampleRoles = a.SampleRoles[:min(3, len(a.SampleRoles))]
		id := m["id"].(string)
		out[id] = append(out[id], a)
	}
	return out, nil
}

// similarRolesQuery lists, for each role in $ids, its similar roles: the ones an import
// ranked (r.similar, r.similarScores: for an O*NET occupation from its release, see
// onet/similarity.go; for any other role the profile ranking below, run by the import for
// all of them at once, see store/similar.go), the shared items being what both need (the
// smaller need weight times the IDF); for a role whose needs a write changed since (see
// dropSimilarQuery), or one written after the last import, the roles
// sharing an item of its similarity profile, by the weighted Jaccard index of the two
// profiles times their job zone proximity (domain.SimilarRole), from the statistics Apply
// and the import keep. Profiles bound the work: a role visits at most profileSize items,
// each needed by at most maxDf roles. The explanation is built for the $first best only.
// The cut is compared with a tolerance of 1e-9 because the import computes it in Go, whose
// logarithm may differ from Java's in the last bit. The shared items of a kept list are
// joined on the item (USING JOIN ON x): left to itself, the planner checked a's
// relationship to each of b's items one by one (Expand Into), which for a role needing
// hundreds of items cost most of the query (3 to 5 times the database hits, PROFILE).
const similarRolesQuery = `
UNWIND $ids AS id
MATCH (a:Role {id: id})
CALL { MATCH (r:Role) RETURN count(r) AS n }
WITH id, a, n, CASE WHEN $hubShare * n > $hubFloor THEN $hubShare * n ELSE $hubFloor END AS maxDf
CALL {
  WITH a, n, maxDf
  WITH a, n, maxDf WHERE a.similar IS NOT NULL
  UNWIND range(0, size(a.similar) - 1) AS i
  WITH a, n, maxDf, i ORDER BY i
  MATCH (b:Role {id: a.similar[i]})
  WITH a, n, maxDf, b, a.similarScores[i] AS score LIMIT $first
  RETURN b, score, COLLECT {
    MATCH (a)-[ea:REQUIRES|USES]->(x)<-[eb:REQUIRES|USES]-(b)
    USING JOIN ON x
    WHERE ea.w > 0 AND eb.w > 0 AND x.roleCount <= maxDf
    RETURN {x: x, m: CASE WHEN ea.w < eb.w THEN ea.w ELSE eb.w END * log(toFloat(n) / x.roleCount)}
  } AS sharedItems
  UNION
  WITH a, n, maxDf
  WITH a, n, maxDf WHERE a.similar IS NULL
  MATCH (a)-[ea:REQUIRES|USES]->(x)
  WHERE x.roleCount <= maxDf AND ea.w > 0
  WITH a, x, ea.w AS wa, log(toFloat(n) / x.roleCount) AS idf
  WHERE wa * idf >= a.similarityCut - 1e-9
  MATCH (x)<-[eb:REQUIRES|USES]-(b)
  WITH a, x, wa, idf, b, eb.w AS wb
  WHERE b <> a AND wb * idf >= b.similarityCut - 1e-9
  WITH a, b, x, CASE WHEN wa < wb THEN wa ELSE wb END * idf AS m
  WITH a, b, sum(m) AS shared, collect({x: x, m: m}) AS sharedItems
  WITH b, sharedItems, shared / (a.similarityWeight + b.similarityWeight - shared)
       * CASE WHEN a.jobZone IS NULL OR b.jobZone IS NULL THEN 1.0 ELSE 1 - 0.2 * abs(a.jobZone - b.jobZone) END AS score
  ORDER BY score DESC, b.id
  LIMIT $first
  RETURN b, score, sharedItems
}
WITH id, a, collect({b: b, score: score, sharedItems: sharedItems}) AS top
WITH id, top, COLLECT { MATCH (a)-[:REQUIRES|USES]->(z) RETURN z } AS has
UNWIND top AS t
WITH id, t, has, t.b AS b
CALL {
  WITH t
  UNWIND t.sharedItems AS s
  WITH s ORDER BY s.m DESC, s.x.id
  WITH labels(s.x)[0] AS kind, collect(s)[..$explain] AS items
  UNWIND items AS s
  RETURN collect({kind: kind, n: properties(s.x), w: s.m}) AS shared
}
CALL {
  WITH b, has
  MATCH (b)-[eb:REQUIRES|USES]->(y)
  WHERE NOT y IN has
  WITH y, eb.w AS w, eb.essential AS essential
  ORDER BY w DESC, y.id
  LIMIT $explain
  RETURN collect({kind: labels(y)[0], n: properties(y), w: w, essential: essential}) AS missing
}
RETURN id, properties(b) AS b, t.score AS score, missing, shared AS sharedItems`

// SimilarRoles loads the similar roles of each role in ids in one round trip.
func (s *Store) SimilarRoles(ctx context.Context, ids []string, first int) (map[string][]domain.SimilarRole, error) {
	recs, err := s.read(ctx, similarRolesQuery, map[string]any{"ids": anyList(ids), "first": int64(first),
		"hubShare": hubShare, "hubFloor": float64(hubFloor), "explain": int64(explainItems)})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]domain.SimilarRole, len(ids))
	for _, rec := range recs {
		m := rec.AsMap()
		sr := domain.SimilarRole{Role: toRole(m["b"].(map[string]any)), Score: toFloat(m["score"])}
		// The query ranks and cuts the shared items per kind; here they are only split.
		for _, n := range toNeeds(m["sharedItems"]) {
			switch n.Kind {
			case domain.KindSkill:
				sr.SharedSkills = append(sr.SharedSkills, n)
			case domain.KindTechnology:
				sr.SharedTechnologies = append(sr.SharedTechnologies, n)
			}
		}
		sr.Missing = toNeeds(m["missing"])
		id := m["id"].(string)
		out[id] = append(out[id], sr)
	}
	return out, nil
}

// unknownIDsSubqueries list the ids in $skills and $technologies that name no node.
const unknownIDsSubqueries = `
CALL {
  UNWIND $skills AS id
  WITH id WHERE NOT EXISTS { MATCH (:Skill {id: id}) }
  RETURN collect(id) AS unknownSkills
}
CALL {
  UNWIND $technologies AS id
  WITH id WHERE NOT EXISTS { MATCH (:Technology {id: id}) }
  RETURN collect(id) AS unknownTechnologies
}
`

// roleMatchesQuery ranks roles by score (see domain.RoleMatch and below),
// then matched weight, then id, among the roles the predicate %[1]s lets through (a where
// input compiled on r; "true" for every role). The work is bounded by the roles that need
// one of the given or reached items: the lengths of each role's skill and technology need
// vectors (r.skillNorm, r.techNorm) and its profile weight (r.similarityWeight,
// r.similarityCut) are kept, as is each item's roleCount. It returns one row: unknown ids,
// and the matches.
//
// Reached items count in the similarity, not in the share, at a credit below 1: a skill a
// given technology SUPPORTS half; an O*NET or curated skill reviewed as the same (SAME_AS) as
// a given skill, or as a skill group above it in ESCO's hierarchy (BROADER, at most
// maxBridgeSteps up), 0.5 per step of the path (0.5 for the given skill's own equivalent,
// 0.25 for its group's, ...): so an ESCO person reaches the O*NET occupations, which need
// no ESCO skill. Only that direction: an O*NET skill does not reach down into ESCO's
// thousands of concepts.
//
// A given skill also points to the roles its text SUGGESTS (an ESCO skill to the O*NET
// occupations whose titles, description and tasks match its labels and description best,
// package bridge): work, each link's score (the skill's share of evidence for the role)
// times the skill's IDF squared, summed over the given skills and divided by the largest
// sum among the roles let through, so the role they point to most has 1. When there is
// such evidence, the score is (1 - workWeight) (share + similarity) / 2 + workWeight work;
// otherwise (an O*NET or curated person) (share + similarity) / 2 as before. The largest
// sum is found first from the SUGGESTS links alone (a few hundred), so a person without
// ESCO skills pays one index lookup per skill.
const roleMatchesQuery = `
` + unknownIDsSubqueries + `CALL {
  CALL { MATCH (r:Role) RETURN count(r) AS n }
  WITH n, CASE WHEN $hubShare * n > $hubFloor THEN $hubShare * n ELSE $hubFloor END AS maxDf
  CALL {
    UNWIND $skills AS id MATCH (x:Skill {id: id}) RETURN x
    UNION
    UNWIND $technologies AS id MATCH (x:Technology {id: id}) RETURN x
  }
  WITH n, maxDf, collect(x) AS xs
  WITH n, maxDf, xs, COLLECT {
    CALL {
      WITH xs
      UNWIND xs AS x
      MATCH (x:Technology)-[:SUPPORTS]->(s:Skill)
      RETURN s, 0.5 AS credit
      UNION
      WITH xs
      UNWIND xs AS x
      MATCH p = (x:Skill)-[:BROADER]->{0,%[2]d}(:Skill)<-[:SAME_AS]-(s:Skill)
      RETURN s, 0.5 ^ length(p) AS credit
    }
    WITH s, max(credit) AS credit
    WHERE NOT s IN xs
    RETURN {x: s, credit: credit}
  } AS reached
  WITH n, maxDf, xs, [x IN xs | {x: x, credit: 1.0}] + reached AS given
  // The person's vector: each given item its IDF, each reached item its credit times its
  // IDF; the squared lengths of its skill and technology parts.
  WITH n, maxDf, xs, given,
       reduce(p = 0.0, x IN xs | p + 5 * log(toFloat(n) / CASE WHEN x.roleCount > 0 THEN x.roleCount ELSE 1 END)) AS person,
       [g IN given | {x: g.x, credit: g.credit, skill: 'Skill' IN labels(g.x),
         c: g.credit * log(toFloat(n) / CASE WHEN g.x.roleCount > 0 THEN g.x.roleCount ELSE 1 END)}] AS given2
  WITH n, maxDf, xs, given, person, given2,
       reduce(p = 0.0, g IN given2 | p + CASE WHEN g.skill THEN g.c^2 ELSE 0.0 END) AS ps2,
       reduce(p = 0.0, g IN given2 | p + CASE WHEN g.skill THEN 0.0 ELSE g.c^2 END) AS pt2
  // The largest text evidence (SUGGESTS) a role of those let through gets from the given
  // skills, to scale work to [0,1]; none for a person without ESCO skills.
  CALL (given2) {
    UNWIND given2 AS g
    WITH g WHERE g.skill AND g.credit = 1.0
    WITH g.x AS x, g.c * g.c AS idf2
    MATCH (x)-[b:SUGGESTS]->(r:Role)
    WHERE %[1]s
    WITH r, sum(b.score * idf2) AS evidence
    RETURN max(evidence) AS maxEvidence
  }
  UNWIND given2 AS g
  // Per item once: its IDF, and whether it is a hub (outside every profile).
  WITH xs, given, person, ps2, pt2, maxEvidence, g.x AS x, g.credit AS credit, g.skill AS skill,
       log(toFloat(n) / CASE WHEN g.x.roleCount > 0 THEN g.x.roleCount ELSE 1 END) AS idf, g.x.roleCount <= maxDf AS inProfiles
  // The roles that need the item, and (for a given skill) those its text SUGGESTS.
  CALL (x, credit, maxEvidence) {
    MATCH (x)<-[e:REQUIRES|USES]-(r:Role)
    WHERE e.w > 0 AND %[1]s
    RETURN r, e.w AS w, 0.0 AS b
    UNION ALL
    MATCH (x)-[s:SUGGESTS]->(r:Role)
    WHERE credit = 1.0 AND maxEvidence IS NOT NULL AND %[1]s
    RETURN r, 0 AS w, s.score AS b
  }
  WITH xs, given, person, ps2, pt2, maxEvidence, credit, skill, inProfiles, r, idf, w, b, w * idf AS v
  WITH xs, given, person, ps2, pt2, maxEvidence, r,
       sum(CASE WHEN credit = 1.0 THEN w ELSE 0 END) AS matched,
       sum(CASE WHEN credit = 1.0 THEN v ELSE 0.0 END) AS direct,
       sum(CASE WHEN skill THEN credit * idf * v ELSE 0.0 END) AS dotSkills,
       sum(CASE WHEN skill THEN 0.0 ELSE credit * idf * v END) AS dotTechs,
       sum(CASE WHEN inProfiles THEN CASE WHEN v >= r.similarityCut - 1e-9 THEN credit * v ELSE 0.0 END ELSE 0.0 END) AS covered,
       sum(b * idf * idf) AS evidence
  // similarity: the cosines of the skill parts and of the technology parts, weighted by the
  // share of the person's squared length in each.
  WITH xs, given, maxEvidence, r, matched, r.needWeight AS total,
       CASE WHEN person > 0 THEN direct / person ELSE 0.0 END AS share,
       CASE WHEN ps2 + pt2 > 0 THEN
         (CASE WHEN r.skillNorm > 0 THEN sqrt(ps2) * dotSkills / r.skillNorm ELSE 0.0 END +
          CASE WHEN r.techNorm > 0 THEN sqrt(pt2) * dotTechs / r.techNorm ELSE 0.0 END) / (ps2 + pt2)
       ELSE 0.0 END AS similarity,
       CASE WHEN r.similarityWeight > 0 THEN covered / r.similarityWeight ELSE 0.0 END AS profileCoverage,
       CASE WHEN maxEvidence > 0 THEN evidence / maxEvidence ELSE 0.0 END AS work
  WITH xs, given, r, matched, total, share, similarity, profileCoverage, work,
       CASE WHEN maxEvidence IS NULL THEN (share + similarity) / 2
            ELSE (1 - $workWeight) * (share + similarity) / 2 + $workWeight * work END AS score
  ORDER BY score DESC, matched DESC, r.id
  LIMIT $first
  // The explanation is built for the $first best only: a common technology matches most roles.
  CALL {
    WITH xs, r
    UNWIND xs AS x
    MATCH (x)<-[e:REQUIRES|USES]-(r)
    RETURN collect({kind: labels(x)[0], n: properties(x), w: e.w, essential: e.essential}) AS matchedItems
  }
  CALL {
    WITH given, r
    UNWIND given AS g
    WITH r, g.x AS y WHERE g.credit < 1.0
    MATCH (r)-[e:REQUIRES|USES]->(y) WHERE e.w > 0
    WITH y, e ORDER BY e.w DESC, y.id
    LIMIT $explain
    RETURN collect({kind: labels(y)[0], n: properties(y), w: e.w, essential: e.essential}) AS reachedItems
  }
  CALL {
    WITH r, xs
    MATCH (r)-[e:REQUIRES|USES]->(y)
    WHERE NOT y IN xs
    WITH y, e.w AS w, e.essential AS essential
    ORDER BY w DESC, y.id
    LIMIT $explain
    RETURN collect({kind: labels(y)[0], n: properties(y), w: w, essential: essential}) AS missing
  }
  CALL (xs, r, work) {
    CALL { MATCH (q:Role) RETURN count(q) AS n }
    UNWIND xs AS x
    WITH n, x WHERE work > 0
    MATCH (x)-[b:SUGGESTS]->(r)
    WITH x, b.score * log(toFloat(n) / CASE WHEN x.roleCount > 0 THEN x.roleCount ELSE 1 END)^2 AS e
    ORDER BY e DESC, x.id
    LIMIT $explain
    RETURN collect(properties(x)) AS workSkills
  }
  RETURN collect({r: properties(r), matched: matched, total: total, score: score, share: share,
    similarity: similarity, profileCoverage: profileCoverage, work: work, workSkills: workSkills, matchedItems: matchedItems, reachedItems: reachedItems, missing: missing}) AS matches
}
RETURN unknownSkills, unknownTechnologies, matches`

// workWeight: the part of the score work has when the given skills point to roles by
// their text (SUGGESTS). Chosen on the tuning sample of ESCO self-retrieval
// (eval/RESULTS.md); the ranking of a person without such skills does not depend on it.
const workWeight = 0.1

// maxBridgeSteps: how many BROADER steps up ESCO's skill hierarchy a given skill reaches a
// SAME_AS link (a concept, its group, ... up to the top of a pillar).
const maxBridgeSteps = 4

// roleMatchesAll is roleMatchesQuery for every role.
var roleMatchesAll = fmt.Sprintf(roleMatchesQuery, "true", maxBridgeSteps)

// RoleMatches ranks the roles where lets through (every role when where is empty).
func (s *Store) RoleMatches(ctx context.Context, skills, technologies []string, where *domain.Filter, first int) ([]domain.RoleMatch, error) {
	params := map[string]any{"skills": anyList(skills), "technologies": anyList(technologies),
		"first": int64(first), "explain": int64(explainItems), "hubShare": hubShare, "hubFloor": float64(hubFloor), "workWeight": workWeight}
	q := roleMatchesAll
	if !where.Empty() {
		pred, err := newCompiler(params).nodeFilter(where, domain.KindRole, "r")
		if err != nil {
			return nil, err
		}
		q = fmt.Sprintf(roleMatchesQuery, "("+orTrue(pred)+")", maxBridgeSteps)
	}
	recs, err := s.read(ctx, q, params)
	if err != nil {
		return nil, err
	}
	m := recs[0].AsMap()
	if err := unknownIDs(m["unknownSkills"], m["unknownTechnologies"]); err != nil {
		return nil, err
	}
	var out []domain.RoleMatch
	for _, x := range m["matches"].([]any) {
		row := x.(map[string]any)
		rm := domain.RoleMatch{Role: toRole(row["r"].(map[string]any)), MatchedWeight: toFloat(row["matched"]), TotalWeight: toFloat(row["total"]),
			Score: toFloat(row["score"]), Share: toFloat(row["share"]), Similarity: toFloat(row["similarity"]),
			ProfileCoverage: toFloat(row["profileCoverage"])}
		if rm.TotalWeight > 0 {
			rm.Coverage = rm.MatchedWeight / rm.TotalWeight
		}
		rm.Matched = toNeeds(row["matchedItems"])
		sortNeeds(rm.Matched)
		rm.Reached = toNeeds(row["reachedItems"])
		rm.Missing = toNeeds(row["missing"])
		rm.Work = toFloat(row["work"])
		for _, x := range row["workSkills"].([]any) {
			rm.WorkSkills = append(rm.WorkSkills, toSkill(x.(map[string]any)))
		}
		out = append(out, rm)
	}
	return out, nil
}

// skillGapQuery: what the role needs that the person lacks, heaviest first, with the
// technologies/skills that support each and the neighbouring roles that also need it.
const skillGapQuery = `
OPTIONAL MATCH (r:Role {id: $role})
` + unknownIDsSubqueries + `CALL {
  WITH r
  MATCH (r)-[e:REQUIRES|USES]->(y)
  WHERE e.w > 0 AND NOT (y:Skill AND y.id IN $skills) AND NOT (y:Technology AND y.id IN $technologies)
  WITH r, y, e.w AS w, e.essential AS essential
  ORDER BY w DESC, y.id
  LIMIT $first
  CALL {
    WITH y
    MATCH (y)-[:SUPPORTS]-(z)
    WITH z ORDER BY z.id LIMIT 5
    RETURN collect({kind: labels(z)[0], n: properties(z)}) AS support
  }
  CALL {
    WITH r, y
    MATCH (r)-[:LEADS_TO|RELATED_TO|SPECIALIZES|CLOSEST_TO]-(q:Role)-[:REQUIRES|USES]->(y)
    WITH DISTINCT q ORDER BY q.id LIMIT 3
    RETURN collect(properties(q)) AS learnedIn
  }
  RETURN collect({kind: labels(y)[0], n: properties(y), w: w, essential: essential, support: support, learnedIn: learnedIn}) AS gaps
}
RETURN r IS NOT NULL AS found, unknownSkills, unknownTechnologies, gaps`

func (s *Store) SkillGap(ctx context.Context, roleID string, skills, technologies []string, first int) ([]domain.GapItem, error) {
	recs, err := s.read(ctx, skillGapQuery, map[string]any{"role": roleID, "skills": anyList(skills),
		"technologies": anyList(technologies), "first": int64(first)})
	if err != nil {
		return nil, err
	}
	m := recs[0].AsMap()
	if found, _ := m["found"].(bool); !found {
		return nil, &domain.Error{Code: domain.ENOTFOUND, Field: "role", Message: fmt.Sprintf("no role with id %q", roleID)}
	}
	if err := unknownIDs(m["unknownSkills"], m["unknownTechnologies"]); err != nil {
		return nil, err
	}
	var out []domain.GapItem
	for _, x := range m["gaps"].([]any) {
		row := x.(map[string]any)
		g := domain.GapItem{Need: toNeed(row)}
		for _, z := range row["support"].([]any) {
			zm := z.(map[string]any)
			g.SupportedBy = append(g.SupportedBy, toKind(domain.Kind(zm["kind"].(string)), zm["n"].(map[string]any)))
		}
		for _, q := range row["learnedIn"].([]any) {
			g.LearnedIn = append(g.LearnedIn, toRole(q.(map[string]any)))
		}
		out = append(out, g)
	}
	return out, nil
}

// MaxCareerSteps bounds careerPath's maxSteps (the pattern's upper bound must be literal).
const MaxCareerSteps = 6

// careerPathQuery: the cheapest route between two roles over career progression
// (LEADS_TO), O*NET relatedness (RELATED_TO), curated-to-O*NET links (CLOSEST_TO) and
// specialisation (SPECIALIZES), cost first, then fewest steps, then the route whose role
// ids sort first. A step forward on LEADS_TO costs 1 and backward 3 (a step down is
// possible but discouraged); RELATED_TO 1.25 + (rank - 1) / 20 (O*NET's closest related
// occupations are near-equivalents, its 20th less so); CLOSEST_TO and SPECIALIZES 2: moving
// between a curated role and an O*NET occupation, or up to a broader role and down to a
// narrower one, is no career move in itself, so two of them (4) never beat a curated ladder
// of three steps. The search is bounded, since routes through O*NET's 18,000 RELATED_TO
// multiply fast: the candidates are the fewest-step routes over all four (at most 2000), and
// the routes of the three shortest lengths over the curated relationships alone (LEADS_TO,
// CLOSEST_TO, SPECIALIZES: a small graph), where a longer route can be cheaper (a ladder of
// three steps against two sideways moves). Each step lists what the next role needs that
// the previous one does not.
const careerPathQuery = `
MATCH (a:Role {id: $from}), (b:Role {id: $to})
CALL (a, b) {
  MATCH p = ALL SHORTEST (a)-[:LEADS_TO|RELATED_TO|CLOSEST_TO|SPECIALIZES]-{1,6}(b)
  RETURN p LIMIT 2000
  UNION
  MATCH p = SHORTEST 3 GROUPS (a)-[:LEADS_TO|CLOSEST_TO|SPECIALIZES]-{1,6}(b)
  RETURN p LIMIT 2000
}
WITH p WHERE length(p) <= $maxSteps
WITH p, [i IN range(0, length(p) - 1) |
        {r: relationships(p)[i], fwd: startNode(relationships(p)[i]) = nodes(p)[i]}] AS steps
WITH p, steps, [s IN steps | CASE type(s.r)
        WHEN 'LEADS_TO' THEN CASE WHEN s.fwd THEN 1.0 ELSE 3.0 END
        WHEN 'RELATED_TO' THEN 1.25 + (coalesce(s.r.rank, 10) - 1) / 20.0
        ELSE 2.0 END] AS costs
WITH p, steps, costs, reduce(c = 0.0, x IN costs | c + x) AS cost
ORDER BY cost, length(p), [n IN nodes(p) | n.id]
LIMIT 1
UNWIND range(0, length(p) - 1) AS i
WITH i, nodes(p)[i] AS x, nodes(p)[i + 1] AS y, steps[i] AS s, costs[i] AS stepCost
CALL {
  WITH x, y
  MATCH (y)-[e:REQUIRES]->(z:Skill)
  WHERE e.w > 0 AND NOT EXISTS { (x)-[f:REQUIRES]->(z) WHERE f.w > 0 }
  WITH z, e.w AS w, e.essential AS essential ORDER BY w DESC, z.id LIMIT 5
  RETURN collect({kind: 'Skill', n: properties(z), w: w, essential: essential}) AS skills
}
CALL {
  WITH x, y
  MATCH (y)-[e:USES]->(z:Technology)
  WHERE NOT EXISTS { (x)-[:USES]->(z) }
  WITH z, e.w AS w ORDER BY w DESC, z.id LIMIT 5
  RETURN collect({kind: 'Technology', n: properties(z), w: w}) AS technologies
}
RETURN properties(x) AS x, properties(y) AS y, type(s.r) AS via, s.fwd AS forward, stepCost, skills, technologies
ORDER BY i`

// careerEndsQuery explains an empty career path: which ends exist.
const careerEndsQuery = `
OPTIONAL MATCH (a:Role {id: $from})
OPTIONAL MATCH (b:Role {id: $to})
RETURN a IS NOT NULL AS from, b IS NOT NULL AS to`

func (s *Store) CareerPath(ctx context.Context, from, to string, maxSteps int) (*domain.CareerPath, error) {
	if maxSteps < 1 || maxSteps > MaxCareerSteps {
		return nil, domain.InvalidField("maxSteps", "maxSteps must be between 1 and %d", MaxCareerSteps)
	}
	if from == to {
		return nil, domain.InvalidField("to", "from and to are the same role")
	}
	recs, err := s.read(ctx, careerPathQuery, map[string]any{"from": from, "to": to, "maxSteps": int64(maxSteps)})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		ends, err := s.read(ctx, careerEndsQuery, map[string]any{"from": from, "to": to})
		if err != nil {
			return nil, err
		}
		m := ends[0].AsMap()
		switch {
		case m["from"] != true:
			return nil, &domain.Error{Code: domain.ENOTFOUND, Field: "from", Message: fmt.Sprintf("no role with id %q", from)}
		case m["to"] != true:
			return nil, &domain.Error{Code: domain.ENOTFOUND, Field: "to", Message: fmt.Sprintf("no role with id %q", to)}
		}
		return &domain.CareerPath{Reason: fmt.Sprintf("no route from %s to %s within %d steps over LEADS_TO, RELATED_TO, CLOSEST_TO and SPECIALIZES", from, to, maxSteps)}, nil
	}
	path := &domain.CareerPath{Found: true}
	for _, rec := range recs {
		m := rec.AsMap()
		st := domain.CareerStep{
			From: toRole(m["x"].(map[string]any)), To: toRole(m["y"].(map[string]any)),
			Via: m["via"].(string), Forward: m["forward"].(bool), Cost: toFloat(m["stepCost"]),
			SkillsToAcquire: toNeeds(m["skills"]), TechnologiesToAcquire: toNeeds(m["technologies"]),
		}
		path.Cost += st.Cost
		path.Steps = append(path.Steps, st)
	}
	return path, nil
}

// statsQuery: counts of every kind and relationship type (from the count store), and the
// technologies used by the most roles, overall and as a Hot Technology, each with both counts.
const statsQuery = `
CALL { MATCH (n:Role) RETURN count(n) AS roles }
CALL { MATCH (n:Skill) RETURN count(n) AS skills }
CALL { MATCH (n:Technology) RETURN count(n) AS technologies }
CALL { MATCH (n:Industry) RETURN count(n) AS industries }
CALL { MATCH (n:OccupationGroup) RETURN count(n) AS occupationGroups }
CALL { MATCH ()-[r:REQUIRES]->() RETURN count(r) AS requires }
CALL { MATCH ()-[r:USES]->() RETURN count(r) AS uses }
CALL { MATCH ()-[r:IN_INDUSTRY]->() RETURN count(r) AS inIndustry }
CALL { MATCH ()-[r:SUPPORTS]->() RETURN count(r) AS supports }
CALL { MATCH (:Skill)-[r:RELATED_TO]->() RETURN count(r) AS skillRelated }
CALL { MATCH (:Role)-[r:RELATED_TO]->() RETURN count(r) AS roleRelated }
CALL { MATCH ()-[r:SPECIALIZES]->() RETURN count(r) AS specializes }
CALL { MATCH ()-[r:LEADS_TO]->() RETURN count(r) AS leadsTo }
CALL { MATCH ()-[r:CLOSEST_TO]->() RETURN count(r) AS closestTo }
CALL {
  MATCH (t:Technology)
  WITH t, COUNT { (t)<-[:USES]-(:Role) } AS n
  ORDER BY n DESC, t.id LIMIT $top
  RETURN collect({t: properties(t), n: n, hot: COUNT { (t)<-[u:USES]-(:Role) WHERE u.hot }}) AS byRoles
}
CALL {
  MATCH (t:Technology)<-[u:USES]-(:Role)
  WHERE u.hot
  WITH t, count(u) AS hot
  ORDER BY hot DESC, t.id LIMIT $top
  RETURN collect({t: properties(t), n: COUNT { (t)<-[:USES]-(:Role) }, hot: hot}) AS byHot
}
RETURN *`

func (s *Store) Stats(ctx context.Context, top int) (*domain.Stats, error) {
	recs, err := s.read(ctx, statsQuery, map[string]any{"top": int64(top)})
	if err != nil {
		return nil, err
	}
	m := recs[0].AsMap()
	n := func(k string) int { return int(m[k].(int64)) }
	st := &domain.Stats{
		NodeCounts: map[domain.Kind]int{domain.KindRole: n("roles"), domain.KindSkill: n("skills"),
			domain.KindTechnology: n("technologies"), domain.KindIndustry: n("industries"), domain.KindOccupationGroup: n("occupationGroups")},
		RelationshipCounts: map[string]int{"REQUIRES": n("requires"), "USES": n("uses"), "IN_INDUSTRY": n("inIndustry"),
			"SUPPORTS": n("supports"), "RELATED_TO Skill->Skill": n("skillRelated"), "RELATED_TO Role->Role": n("roleRelated"),
			"SPECIALIZES": n("specializes"), "LEADS_TO": n("leadsTo"), "CLOSEST_TO": n("closestTo")},
	}
	counts := func(key string) []domain.TechnologyCount {
		var out []domain.TechnologyCount
		for _, x := range m[key].([]any) {
			row := x.(map[string]any)
			out = append(out, domain.TechnologyCount{Technology: toTechnology(row["t"].(map[string]any)),
				Roles: int(row["n"].(int64)), HotRoles: int(row["hot"].(int64))})
		}
		return out
	}
	st.TopTechnologies, st.TopHotTechnologies = counts("byRoles"), counts("byHot")
	return st, nil
}

// toNeed converts {kind, n, w, essential}.
func toNeed(row map[string]any) domain.Need {
	k := domain.Kind(row["kind"].(string))
	n := domain.Need{Kind: k, Node: toKind(k, row["n"].(map[string]any)), Weight: toFloat(row["w"])}
	if e, ok := row["essential"].(bool); ok {
		n.Essential = &e
	}
	return n
}

func toNeeds(v any) []domain.Need {
	list, _ := v.([]any)
	out := make([]domain.Need, 0, len(list))
	for _, x := range list {
		out = append(out, toNeed(x.(map[string]any)))
	}
	return out
}

// sortNeeds orders heaviest first, ties by id.
func sortNeeds(ns []domain.Need) {
	sort.SliceStable(ns, func(i, j int) bool {
		if ns[i].Weight != ns[j].Weight {
			return ns[i].Weight > ns[j].Weight
		}
		return domain.IDOf(ns[i].Node) < domain.IDOf(ns[j].Node)
	})
}

func anyList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// unknownIDs turns the unknown-id lists a query returns into one BAD_USER_INPUT error.
func unknownIDs(skills, technologies any) error {
	s, _ := skills.([]any)
	t, _ := technologies.([]any)
	switch {
	case len(s) > 0:
		return domain.InvalidField("skills", "unknown skill ids: %v", s)
	case len(t) > 0:
		return domain.InvalidField("technologies", "unknown technology ids: %v", t)
	}
	return nil
}
