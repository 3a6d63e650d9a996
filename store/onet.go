package store

import (
	"context"
	"fmt"
	"math"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/onet"
)

// The O*NET import writes with MERGE in batches (UNWIND $rows), one transaction per batch,
// so a second import of the same release changes nothing and an interrupted one is completed
// by running it again. An (:Import {release}) node records the run: status "running" until
// the last batch is written, then "complete" with the counts, so an interrupted import is
// visible.

// knownTechnologiesQuery lists the technologies an O*NET example may resolve to: every one
// that no O*NET import created (curated, or written through the API).
const knownTechnologiesQuery = `
MATCH (t:Technology) WHERE NOT coalesce(t.source, '') STARTS WITH 'O*NET'
RETURN t.id AS id, t.name AS name, coalesce(t.aliases, []) AS aliases
ORDER BY id`

// KnownTechnologies returns the technologies O*NET examples are resolved against.
func (s *Store) KnownTechnologies(ctx context.Context) ([]onet.Known, error) {
	recs, err := s.read(ctx, knownTechnologiesQuery, nil)
	if err != nil {
		return nil, err
	}
	out := make([]onet.Known, 0, len(recs))
	for _, r := range recs {
		m := r.AsMap()
		k := onet.Known{ID: str(m, "id"), Name: str(m, "name")}
		k.Aliases = strs(m, "aliases")
		out = append(out, k)
	}
	return out, nil
}

const onetStartQuery = `
MERGE (i:Import {release: $source})
SET i.status = 'running', i.startedAt = datetime()`

const onetFinishQuery = `
MATCH (i:Import {release: $source})
SET i.status = 'complete', i.finishedAt = datetime(), i.occupations = $occupations,
    i.technologies = $technologies, i.uses = $uses, i.related = $related, i.skippedRows = $skipped,
    i.skillsRelease = $skillsRelease, i.elements = $elements, i.ratings = $ratings`

var onetRolesQuery = `
UNWIND $rows AS row
MERGE (r:Role {id: row.code})
SET r.name = row.title, r.description = row.description, r.aliases = row.aliases,
    r.jobZone = row.jobZone, r.source = $source,
    r.needWeight = row.needWeight, r.skillNorm = row.skillNorm, r.techNorm = row.techNorm, r.similarityWeight = row.similarityWeight, r.similarityCut = row.similarityCut,
    r.similar = row.similar, r.similarScores = row.similarScores` + searchKeysSet("r")

// onetRolesCreateQuery is onetRolesQuery for a graph that has never held an O*NET release
// (see ImportONET): occupation codes cannot collide with curated slugs.
var onetRolesCreateQuery = `
UNWIND $rows AS row
CREATE (r:Role {id: row.code, name: row.title, description: row.description, aliases: row.aliases,
    jobZone: row.jobZone, source: $source,
    needWeight: row.needWeight, skillNorm: row.skillNorm, techNorm: row.techNorm, similarityWeight: row.similarityWeight, similarityCut: row.similarityCut,
    similar: row.similar, similarScores: row.similarScores})` + searchKeysSet("r")

// onetTechnologiesQuery writes the examples that are new technologies; the commodity title
// is their category.
var onetTechnologiesQuery = `
UNWIND $rows AS row
MERGE (t:Technology {id: row.id})
SET t.name = row.name, t.category = row.commodityTitle, t.commodityCode = row.commodityCode,
    t.source = $source, t.roleCount = row.roleCount` + searchKeysSet("t")

// onetTechnologiesCreateQuery: see onetRolesCreateQuery. New technology ids never collide
// with curated ones (onet.Read gives a colliding slug a suffix).
var onetTechnologiesCreateQuery = `
UNWIND $rows AS row
CREATE (t:Technology {id: row.id, name: row.name, category: row.commodityTitle,
    commodityCode: row.commodityCode, source: $source, roleCount: row.roleCount})` + searchKeysSet("t")

// onetResolvedQuery annotates the technologies examples resolved to; their curated name,
// category and source stay, importedFrom records that the import also wrote them.
const onetResolvedQuery = `
UNWIND $rows AS row
MATCH (t:Technology {id: row.id})
SET t.onetNames = row.names, t.commodityCode = row.commodityCode,
    t.commodityTitle = row.commodityTitle, t.importedFrom = $source,
    t.roleCount = row.roleCount
RETURN count(t) AS n`

// onetUsesQuery takes one row per occupation with all its technologies, so each batch
// looks every role up once.
const onetUsesQuery = `
UNWIND $rows AS row
MATCH (r:Role {id: row.code})
UNWIND row.uses AS u
MATCH (t:Technology {id: u.tech})
MERGE (r)-[e:USES]->(t)
SET e.hot = u.hot, e.inDemand = u.inDemand, e.w = u.w, e.source = $source
RETURN count(e) AS n`

// onetUsesCreateQuery is onetUsesQuery for a release never imported before: no edge of it
// can exist yet, so CREATE spares MERGE's check.
const onetUsesCreateQuery = `
UNWIND $rows AS row
MATCH (r:Role {id: row.code})
UNWIND row.uses AS u
MATCH (t:Technology {id: u.tech})
CREATE (r)-[e:USES {hot: u.hot, inDemand: u.inDemand, w: u.w, source: $source}]->(t)
RETURN count(e) AS n`

// onetRelatedQuery, like onetUsesQuery, takes one row per occupation.
const onetRelatedQuery = `
UNWIND $rows AS row
MATCH (a:Role {id: row.code})
UNWIND row.related AS rel
MATCH (b:Role {id: rel.code})
MERGE (a)-[e:RELATED_TO]->(b)
SET e.tier = rel.tier, e.rank = rel.rank, e.source = $source
RETURN count(e) AS n`

// onetRelatedCreateQuery: see onetUsesCreateQuery.
const onetRelatedCreateQuery = `
UNWIND $rows AS row
MATCH (a:Role {id: row.code})
UNWIND row.related AS rel
MATCH (b:Role {id: rel.code})
CREATE (a)-[e:RELATED_TO {tier: rel.tier, rank: rel.rank, source: $source}]->(b)
RETURN count(e) AS n`

// onetElementsQuery writes the O*NET skills and knowledge areas. Always a MERGE: there are
// few, and an element's slug may name a skill written through the API.
var onetElementsQuery = `
UNWIND $rows AS row
MERGE (s:Skill {id: row.id})
SET s.name = row.name, s.description = row.description, s.aliases = coalesce(s.aliases, []),
    s.category = row.category, s.type = row.type, s.elementId = row.elementId,
    s.source = $source, s.roleCount = row.roleCount` + searchKeysSet("s")

// onetRatingsQuery writes an occupation's ratings, one row per occupation, as REQUIRES with
// the rating's importance and level and the need weight w (see ratingWeight).
const onetRatingsQuery = `
UNWIND $rows AS row
MATCH (r:Role {id: row.code})
UNWIND row.ratings AS x
MATCH (s:Skill {id: x.skill})
MERGE (r)-[e:REQUIRES]->(s)
SET e.importance = x.importance, e.importanceScore = x.importanceScore, e.level = x.level,
    e.w = x.w, e.source = $source
RETURN count(e) AS n`

// onetRatingsCreateQuery: see onetUsesCreateQuery.
const onetRatingsCreateQuery = `
UNWIND $rows AS row
MATCH (r:Role {id: row.code})
UNWIND row.ratings AS x
MATCH (s:Skill {id: x.skill})
CREATE (r)-[e:REQUIRES {importance: x.importance, importanceScore: x.importanceScore, level: x.level,
    w: x.w, source: $source}]->(s)
RETURN count(e) AS n`

// onetOthersQuery reads what the import's statistics depend on besides the dataset: the
// roles not of this release, and how many of them use each technology of the release, or
// require each skill or knowledge area it rates (counted as
// roleCount counts, see insights.go).
const onetOthersQuery = `
CALL { MATCH (r:Role) WHERE coalesce(r.source, '') <> $source RETURN count(r) AS others }
CALL {
  UNWIND $resolved AS id
  MATCH (t:Technology {id: id})
  RETURN collect({id: id, n: COUNT { (t)<-[u:USES]-(:Role) WHERE u.w > 0 AND coalesce(u.source, '') <> $source }}) AS uses
}
CALL {
  UNWIND $elements AS id
  MATCH (s:Skill {id: id})
  RETURN collect({id: id, n: COUNT { (s)<-[e:REQUIRES]-(:Role) WHERE e.w > 0 AND coalesce(e.source, '') <> $skillsSource }}) AS requires
}
RETURN others, uses, requires`

// importStats are the statistics (see roleWeightsQuery) of what an import writes,
// computed from the dataset so the import does not have to scan the graph for them.
type importStats struct {
	roleCount                    map[string]int     // technology id -> roles using it
	skillRoleCount               map[string]int     // O*NET element id -> roles requiring it (w > 0)
	needWeight, similarityWeight map[string]float64 // occupation code ->
	skillNorm, techNorm          map[string]float64 // occupation code -> length of the skill, the technology part of the need vector
	similarityCut                map[string]any     // occupation code -> float64, or nil without a profile
}

func (s *Store) importStats(ctx context.Context, d *onet.Dataset) (*importStats, error) {
	// Every technology of the release, not only those resolved to existing ones: another
	// source (ESCO) may use one the release created.
	var resolved []any
	seen := map[string]bool{}
	for _, t := range d.Technologies {
		if !seen[t.ID] {
			seen[t.ID] = true
			resolved = append(resolved, t.ID)
		}
	}
	elements := make([]any, len(d.Elements))
	for i, e := range d.Elements {
		elements[i] = e.ID
	}
	recs, err := s.read(ctx, onetOthersQuery, map[string]any{"source": d.Release, "resolved": resolved,
		"elements": elements, "skillsSource": d.SkillsRelease})
	if err != nil {
		return nil, err
	}
	m := recs[0].AsMap()
	st := &importStats{roleCount: map[string]int{}, skillRoleCount: map[string]int{}, needWeight: map[string]float64{},
		skillNorm: map[string]float64{}, techNorm: map[string]float64{}, similarityWeight: map[string]float64{}, similarityCut: map[string]any{}}
	for _, x := range m["uses"].([]any) {
		row := x.(map[string]any)
		st.roleCount[row["id"].(string)] = int(row["n"].(int64))
	}
	for _, x := range m["requires"].([]any) {
		row := x.(map[string]any)
		st.skillRoleCount[row["id"].(string)] = int(row["n"].(int64))
	}
	for _, u := range d.Uses {
		st.roleCount[u.TechID]++
	}
	for _, r := range d.Ratings {
		if ratingWeight(r) > 0 {
			st.skillRoleCount[r.Element]++
		}
	}
	n := float64(m["others"].(int64)) + float64(len(d.Occupations))
	maxDf := max(hubShare*n, float64(hubFloor))
	profiles := map[string][]float64{} // occupation code -> weight x IDF of each non-hub need
	for _, u := range d.Uses {
		w := float64(useWeight(u))
		st.needWeight[u.Code] += w
		df := float64(st.roleCount[u.TechID])
		st.techNorm[u.Code] += math.Pow(w*math.Log(n/df), 2)
		if df <= maxDf {
			profiles[u.Code] = append(profiles[u.Code], w*math.Log(n/df))
		}
	}
	for _, r := range d.Ratings {
		w := float64(ratingWeight(r))
		if w == 0 {
			continue
		}
		st.needWeight[r.Code] += w
		df := float64(st.skillRoleCount[r.Element])
		st.skillNorm[r.Code] += math.Pow(w*math.Log(n/df), 2)
		if df <= maxDf {
			profiles[r.Code] = append(profiles[r.Code], w*math.Log(n/df))
		}
	}
	for code, sq := range st.skillNorm {
		st.skillNorm[code] = math.Sqrt(sq)
	}
	for code, sq := range st.techNorm {
		st.techNorm[code] = math.Sqrt(sq)
	}
	for code, vs := range profiles {
		cut, sum := similarityProfile(vs)
		st.similarityCut[code], st.similarityWeight[code] = cut, sum
	}
	return st, nil
}

// useWeight is the need weight e.w (see insights.go) of an O*NET USES, which has no importance.
func useWeight(u onet.Use) int64 {
	switch {
	case u.InDemand:
		return 4
	case u.Hot:
		return 3
	}
	return 2
}

// ratingWeight is the need weight e.w of an O*NET rating: its importance rounded when it is
// at least 3 (important), else 0. O*NET rates every occupation on every element; counting
// the unimportant ratings would make every element a hub and every occupation need all of
// them (needWeightSet applies the same rule).
func ratingWeight(r onet.Rating) int64 {
	if r.Importance == nil || *r.Importance < minImportance {
		return 0
	}
	return int64(math.Round(*r.Importance))
}

// ImportProgress is told, after each batch, which step it belongs to and how many of the
// step's rows are written.
type ImportProgress func(step string, done, total int)

// ImportSummary is what an import wrote.
type ImportSummary struct {
	Occupations, NewTechnologies, ResolvedTechnologies, Uses, Related, CuratedLinks int
	Elements, Ratings                                                               int
}

// ImportONET writes a dataset in batches of batchSize rows.
func (s *Store) ImportONET(ctx context.Context, d *onet.Dataset, batchSize int, progress ImportProgress) (*ImportSummary, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	// Into a graph that has never held an O*NET release, nothing of the import exists yet:
	// occupations, new technologies and edges can be created rather than merged, which on
	// this machine takes 2 of 13 seconds off. Any earlier attempt, even an interrupted one,
	// left an Import record, so every later run merges.
	first, err := s.neverImported(ctx)
	if err != nil {
		return nil, err
	}
	rolesQuery, techQuery, usesQuery, relatedQuery, ratingsQuery := onetRolesQuery, onetTechnologiesQuery, onetUsesQuery, onetRelatedQuery, onetRatingsQuery
	if first {
		rolesQuery, techQuery, usesQuery, relatedQuery, ratingsQuery = onetRolesCreateQuery, onetTechnologiesCreateQuery, onetUsesCreateQuery, onetRelatedCreateQuery, onetRatingsCreateQuery
	}
	st, err := s.importStats(ctx, d)
	if err != nil {
		return nil, err
	}
	src := map[string]any{"source": d.Release}
	if err := s.writeOne(ctx, onetStartQuery, src); err != nil {
		return nil, err
	}
	// Bumped now and at the end: caches rebuilt during the import are rebuilt again after it.
	if err := s.writeOne(ctx, bumpVersionQuery, nil); err != nil {
		return nil, err
	}

	similar, similarScores := d.Similar()
	roles := make([]any, len(d.Occupations))
	for i, o := range d.Occupations {
		aliases := make([]any, len(o.Aliases))
		for j, a := range o.Aliases {
			aliases[j] = a
		}
		var zone any
		if o.JobZone != nil {
			zone = int64(*o.JobZone)
		}
		roles[i] = map[string]any{"code": o.Code, "title": o.Title, "description": o.Description, "aliases": aliases, "jobZone": zone,
			"needWeight": st.needWeight[o.Code], "skillNorm": st.skillNorm[o.Code], "techNorm": st.techNorm[o.Code],
			"similarityWeight": st.similarityWeight[o.Code], "similarityCut": st.similarityCut[o.Code],
			"similar": anyList(similar[o.Code]), "similarScores": similarScores[o.Code]}
	}
	var fresh []any
	resolved := map[string]map[string]any{}
	var resolvedOrder []string
	for _, t := range d.Technologies {
		if t.CuratedID == "" {
			fresh = append(fresh, map[string]any{"id": t.ID, "name": t.Name, "commodityCode": t.CommodityCode, "commodityTitle": t.CommodityTitle,
				"roleCount": int64(st.roleCount[t.ID])})
			continue
		}
		row, ok := resolved[t.ID]
		if !ok {
			row = map[string]any{"id": t.ID, "names": []any{}, "commodityCode": t.CommodityCode, "commodityTitle": t.CommodityTitle,
				"roleCount": int64(st.roleCount[t.ID])}
			resolved[t.ID] = row
			resolvedOrder = append(resolvedOrder, t.ID)
		}
		row["names"] = append(row["names"].([]any), t.Name)
	}
	resolvedRows := make([]any, len(resolvedOrder))
	for i, id := range resolvedOrder {
		resolvedRows[i] = resolved[id]
	}
	uses := groupByCode(d.Uses, func(u onet.Use) (string, any) {
		return u.Code, map[string]any{"tech": u.TechID, "hot": u.Hot, "inDemand": u.InDemand, "w": useWeight(u)}
	}, "uses")
	related := groupByCode(d.Related, func(r onet.Related) (string, any) {
		return r.Code, map[string]any{"code": r.RelatedCode, "tier": r.Tier, "rank": int64(r.Rank)}
	}, "related")
	elements := make([]any, len(d.Elements))
	for i, e := range d.Elements {
		elements[i] = map[string]any{"id": e.ID, "name": e.Name, "description": e.Description, "category": e.Category,
			"type": e.Type, "elementId": e.ElementID, "roleCount": int64(st.skillRoleCount[e.ID])}
	}
	ratings := groupByCode(d.Ratings, func(r onet.Rating) (string, any) {
		var importance any
		if r.Importance != nil {
			importance = int64(math.Round(*r.Importance))
		}
		return r.Code, map[string]any{"skill": r.Element, "importance": importance, "importanceScore": floatOrNil(r.Importance),
			"level": floatOrNil(r.Level), "w": ratingWeight(r)}
	}, "ratings")

	// One step after another: running steps side by side was slower on this 2-core machine
	// (19 s against 13 s), the transactions contending for locks and the commit path.
	steps := []importStep{
		{name: "occupations", query: rolesQuery, rows: roles},
		{name: "technologies", query: techQuery, rows: fresh},
		{name: "resolved technologies", query: onetResolvedQuery, rows: resolvedRows, weights: ones(len(resolvedRows))},
		{name: "uses", query: usesQuery, rows: uses.rows, weights: uses.weights},
		{name: "related occupations", query: relatedQuery, rows: related.rows, weights: related.weights},
	}
	for _, st := range steps {
		if err := s.importStep(ctx, st, d.Release, batchSize, progress); err != nil {
			return nil, err
		}
	}
	// The ratings carry the provenance of their own release (29.0 for the text release 29.2).
	for _, st := range []importStep{
		{name: "skills and knowledge", query: onetElementsQuery, rows: elements},
		{name: "ratings", query: ratingsQuery, rows: ratings.rows, weights: ratings.weights},
	} {
		if len(st.rows) == 0 {
			continue
		}
		if err := s.importStep(ctx, st, d.SkillsRelease, batchSize, progress); err != nil {
			return nil, err
		}
	}
	links, err := s.LinkOccupations(ctx)
	if err != nil {
		return nil, err
	}
	// The statistics of what the import wrote came with it; the roles it did not write see
	// more roles now (their IDF changes), so they are refreshed.
	if err := s.write(ctx, func(tx neo4j.ManagedTransaction) error { return refreshStats(ctx, tx, &d.Release) }); err != nil {
		return nil, err
	}
	if err := s.rankSimilarByProfile(ctx, batchSize); err != nil {
		return nil, err
	}
	if err := s.writeOne(ctx, bumpVersionQuery, nil); err != nil {
		return nil, err
	}
	skipped := int64(len(d.Warnings))
	if err := s.writeOne(ctx, onetFinishQuery, map[string]any{"source": d.Release,
		"occupations": int64(len(roles)), "technologies": int64(len(d.Technologies)),
		"uses": int64(len(d.Uses)), "related": int64(len(d.Related)), "skipped": skipped,
		"skillsRelease": d.SkillsRelease, "elements": int64(len(d.Elements)), "ratings": int64(len(d.Ratings))}); err != nil {
		return nil, err
	}
	return &ImportSummary{Occupations: len(roles), NewTechnologies: len(fresh), ResolvedTechnologies: len(resolvedRows),
		Uses: len(d.Uses), Related: len(d.Related), CuratedLinks: links, Elements: len(d.Elements), Ratings: len(d.Ratings)}, nil
}

func floatOrNil(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func ones(n int) []int {
	w := make([]int, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

// grouped is relationship rows grouped by their start occupation: one row per occupation
// with a list under key, and weight (the number of relationships) per row.
type grouped struct {
	rows    []any
	weights []int
}

func groupByCode[T any](items []T, split func(T) (string, any), key string) grouped {
	var g grouped
	index := map[string]int{}
	for _, it := range items {
		code, v := split(it)
		i, ok := index[code]
		if !ok {
			i = len(g.rows)
			index[code] = i
			g.rows = append(g.rows, map[string]any{"code": code, key: []any{}})
			g.weights = append(g.weights, 0)
		}
		row := g.rows[i].(map[string]any)
		row[key] = append(row[key].([]any), v)
		g.weights[i]++
	}
	return g
}

type importStep struct {
	name  string
	query string
	rows  []any
	// weights, when set, is how many records each row writes (a grouped row writes many);
	// the query then returns n, which must equal the batch's total weight.
	weights []int
	// written, when set, adds up the n the query returns instead: links whose far end
	// another source may not have written (O*NET not imported) are not errors but missing.
	written *int
	// source is the provenance the rows are written with, when not the release's.
	source string
}

// importStep writes one step's rows in batches of about batchSize records, one transaction
// each.
func (s *Store) importStep(ctx context.Context, st importStep, source string, batchSize int, progress ImportProgress) error {
	total := len(st.rows)
	if st.weights != nil {
		total = 0
		for _, w := range st.weights {
			total += w
		}
	}
	done := 0
	for start := 0; start < len(st.rows); {
		end, want := start, 0
		for end < len(st.rows) && (want < batchSize || end == start) {
			if st.weights != nil {
				want += st.weights[end]
			} else {
				want++
			}
			end++
		}
		batch := st.rows[start:end]
		start = end
		params := map[string]any{"rows": batch, "source": source}
		if st.source != "" {
			params["source"] = st.source
		}
		var n int64
		err := s.write(ctx, func(tx neo4j.ManagedTransaction) error {
			res, err := tx.Run(ctx, st.query, params)
			if err != nil {
				return err
			}
			if st.weights == nil && st.written == nil {
				_, err = res.Consume(ctx)
				return err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return err
			}
			n, _, err = neo4j.GetRecordValue[int64](rec, "n")
			if err == nil && st.written == nil && int(n) != want {
				err = fmt.Errorf("%d of %d relationships point to nodes that are missing", want-int(n), want)
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("import %s: %w", st.name, err)
		}
		if st.written != nil {
			*st.written += int(n)
		}
		done += want
		progress(st.name, done, total)
	}
	return nil
}

// writeOne runs one write statement in its own transaction.
func (s *Store) writeOne(ctx context.Context, cypher string, params map[string]any) error {
	return s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		res, err := tx.Run(ctx, cypher, params)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		return err
	})
}

// neverImported reports whether no O*NET release was ever imported (or begun) here.
func (s *Store) neverImported(ctx context.Context) (bool, error) {
	recs, err := s.read(ctx, `MATCH (i:Import) RETURN count(i) AS n`, nil)
	if err != nil {
		return false, err
	}
	n, _, err := neo4j.GetRecordValue[int64](recs[0], "n")
	return n == 0, err
}

// ImportStatus returns the status of the import of a release ("running", "complete"), or
// "" when it was never imported.
func (s *Store) ImportStatus(ctx context.Context, release string) (string, error) {
	recs, err := s.read(ctx, `MATCH (i:Import {release: $source}) RETURN i.status AS status`, map[string]any{"source": release})
	if err != nil || len(recs) == 0 {
		return "", err
	}
	st, _, err := neo4j.GetRecordValue[string](recs[0], "status")
	return st, err
}

// importCompleteQuery: whether a release's import is complete, with the ratings of
// $skillsRelease when that is set, and with each of the counts $needs recorded.
const importCompleteQuery = `
OPTIONAL MATCH (i:Import {release: $source})
RETURN coalesce(i.status = 'complete' AND ($skillsRelease = '' OR i.skillsRelease = $skillsRelease)
  AND all(p IN $needs WHERE i[p] IS NOT NULL), false) AS done`

// ImportComplete reports whether the release's import is complete (with the ratings of
// skillsRelease when that is not ""), by an importer that recorded each of the counts
// needs: one made before the importer wrote what they count is not complete.
func (s *Store) ImportComplete(ctx context.Context, release, skillsRelease string, needs ...string) (bool, error) {
	list := make([]any, len(needs))
	for i, n := range needs {
		list[i] = n
	}
	recs, err := s.read(ctx, importCompleteQuery, map[string]any{"source": release, "skillsRelease": skillsRelease, "needs": list})
	if err != nil {
		return false, err
	}
	done, _, err := neo4j.GetRecordValue[bool](recs[0], "done")
	return done, err
}
