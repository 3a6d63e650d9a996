package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/bridge"
	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/esco"
)

// The ESCO import follows the O*NET import's conventions (see onet.go): MERGE in batches of
// UNWIND rows, one transaction per batch, relationships grouped by their start node, an
// (:Import {release}) record that says "running" until the last batch is written. Every node
// and relationship it writes has source = the release ("ESCO 1.1.1").

// ESCOImportNeeds are the counts an ESCO import records that one made before they were
// written lacks (see ImportComplete): such an import is re-run by -if-new, to write the
// ISCO-08 groups or the SUGGESTS links into a graph imported before them.
var ESCOImportNeeds = []string{"occupationGroups", "suggests"}

const escoFinishQuery = `
MATCH (i:Import {release: $source})
SET i.status = 'complete', i.finishedAt = datetime(), i.occupations = $occupations,
    i.skills = $skills, i.requires = $requires, i.broader = $broader, i.related = $related, i.uses = $uses,
    i.occupationGroups = $groups, i.suggests = $suggests, i.skippedRows = $skipped`

// escoRolesQuery writes ESCO occupations.
var escoRolesQuery = `
UNWIND $rows AS row
MERGE (r:Role {id: row.id})
SET r.name = row.name, r.description = row.description, r.aliases = row.aliases,
    r.uri = row.uri, r.escoCode = row.code, r.iscoGroup = row.isco, r.source = $source` + searchKeysSet("r")

// escoGroupsQuery writes the ISCO-08 groups, keyed by their code (ISCO fixes it across
// releases). They are not searched, so they keep no search keys (see domain.SearchKinds).
const escoGroupsQuery = `
UNWIND $rows AS row
MERGE (g:OccupationGroup {id: row.code})
SET g.code = row.code, g.level = row.level, g.name = row.name, g.description = row.description,
    g.aliases = row.aliases, g.uri = row.uri, g.source = $source`

// escoInGroupQuery places every ESCO occupation in its ISCO-08 unit group (its iscoGroup),
// one row per group.
const escoInGroupQuery = `
UNWIND $rows AS row
MATCH (g:OccupationGroup {id: row.code})
UNWIND row.roles AS id
MATCH (r:Role {id: id})
MERGE (r)-[e:IN_GROUP]->(g)
SET e.source = $source
RETURN count(e) AS n`

// escoSkillsQuery writes ESCO skills, knowledge concepts and skill groups.
var escoSkillsQuery = `
UNWIND $rows AS row
MERGE (s:Skill {id: row.id})
SET s.name = row.name, s.description = row.description, s.aliases = row.aliases,
    s.category = row.category, s.type = row.type, s.reuseLevel = row.reuseLevel,
    s.uri = row.uri, s.source = $source` + searchKeysSet("s")

// escoRequiresQuery takes one row per occupation with its skills. The need weight w of an
// ESCO requirement is 3 when essential, 1 when optional (see needWeightSet).
const escoRequiresQuery = `
UNWIND $rows AS row
MATCH (r:Role {id: row.code})
UNWIND row.skills AS x
MATCH (s:Skill {id: x.id})
MERGE (r)-[e:REQUIRES]->(s)
SET e.essential = x.essential, e.w = x.w, e.source = $source
RETURN count(e) AS n`

// escoBroaderQuery writes a hierarchy within one kind (%[1]s, the label), one row per
// narrower concept: ESCO's skill and occupation hierarchies and ISCO-08's.
const escoBroaderQuery = `
UNWIND $rows AS row
MATCH (a:%[1]s {id: row.code})
UNWIND row.broader AS id
MATCH (b:%[1]s {id: id})
MERGE (a)-[e:BROADER]->(b)
SET e.source = $source
RETURN count(e) AS n`

var (
	escoSkillBroaderQuery = fmt.Sprintf(escoBroaderQuery, domain.KindSkill)
	escoRoleBroaderQuery  = fmt.Sprintf(escoBroaderQuery, domain.KindRole)
	escoGroupBroaderQuery = fmt.Sprintf(escoBroaderQuery, domain.KindOccupationGroup)
)

// escoRelatedQuery writes ESCO's skill-skill relations as RELATED_TO, weight 1 when
// essential and 0.5 when optional.
const escoRelatedQuery = `
UNWIND $rows AS row
MATCH (a:Skill {id: row.code})
UNWIND row.related AS x
MATCH (b:Skill {id: x.id})
MERGE (a)-[e:RELATED_TO]->(b)
SET e.weight = x.weight, e.source = $source
RETURN count(e) AS n`

// escoTechnologiesQuery marks the technologies ESCO knowledge concepts resolved to with the
// concept's URI (and creates one the O*NET import has not written yet: its id is the one
// that import gives it).
var escoTechnologiesQuery = `
UNWIND $rows AS row
MERGE (t:Technology {id: row.id})
ON CREATE SET t.name = row.name, t.description = '', t.aliases = [], t.category = 'ESCO knowledge', t.source = $source
SET t.uri = row.uri, t.escoNames = row.names` + searchKeysSet("t")

// escoUsesQuery writes the requirements of resolved concepts, one row per occupation.
const escoUsesQuery = `
UNWIND $rows AS row
MATCH (r:Role {id: row.code})
UNWIND row.uses AS x
MATCH (t:Technology {id: x.id})
MERGE (r)-[e:USES]->(t)
SET e.essential = x.essential, e.w = x.w, e.source = $source
RETURN count(e) AS n`

// escoMatchesQuery links ESCO occupations to the O*NET occupations of the crosswalk, one row
// per ESCO occupation. An O*NET occupation not in the graph (O*NET not imported yet) gets no
// link; the query returns how many it wrote.
const escoMatchesQuery = `
UNWIND $rows AS row
MATCH (a:Role {id: row.code})
UNWIND row.matches AS x
MATCH (b:Role {id: x.code})
MERGE (a)-[e:MATCHES]->(b)
SET e.confidence = x.confidence, e.similarity = x.similarity, e.inheritedFrom = x.inheritedFrom, e.source = $source
RETURN count(e) AS n`

// escoCuratedQuery links a curated role to the ESCO occupation of the same name (whose id
// had to differ), as the curated role's CLOSEST_TO occupation; a curated role not in the
// graph gets no link.
const escoCuratedQuery = `
UNWIND $rows AS row
MATCH (a:Role {id: row.curated})
MATCH (b:Role {id: row.esco})
MERGE (a)-[e:CLOSEST_TO]->(b)
SET e.source = $source`

// escoSameAsQuery links skills of two sources that a person reviewed as the same concept
// (or close enough to be used interchangeably by the rankings), from the O*NET or curated
// skill to the ESCO concept. A skill not in the graph (O*NET not imported) gets no link.
const escoSameAsQuery = `
UNWIND $rows AS row
MATCH (a:Skill {id: row.from})
MATCH (b:Skill {id: row.to})
MERGE (a)-[e:SAME_AS]->(b)
SET e.exact = row.exact, e.source = $source
RETURN count(e) AS n`

// escoSuggestsQuery links ESCO skills to the O*NET occupations whose text best matches
// theirs (package bridge), one row per skill with its occupations and their scores in
// parallel lists, best first (a map per link held the whole release's links, some hundred
// MB): evidence for roleMatches, not an equivalence. The rank is the place in the list. An
// occupation not in the graph (O*NET not imported yet) gets no link.
const escoSuggestsQuery = `
UNWIND $rows AS row
MATCH (s:Skill {id: row.code})
UNWIND range(0, size(row.roles) - 1) AS i
MATCH (r:Role {id: row.roles[i]})
MERGE (s)-[e:SUGGESTS]->(r)
SET e.score = row.scores[i], e.rank = i + 1, e.source = $source
RETURN count(e) AS n`

// ESCOLinks are what an ESCO import links to the rest of the graph, beside the release.
type ESCOLinks struct {
	// Matches link ESCO occupations to O*NET ones, with MatchSource as their provenance.
	Matches     []ESCOMatch
	MatchSource string
	// Curated: ESCO occupation id -> the curated role it is the namesake of.
	Curated map[string]string
	// SameAs links skills reviewed as equivalent, with SameAsSource as their provenance.
	SameAs       []SkillEquivalence
	SameAsSource string
	// Suggests links ESCO skills to the O*NET occupations their text matches best, with
	// SuggestsSource as their provenance.
	Suggests       []bridge.Link
	SuggestsSource string
}

// SkillEquivalence links an O*NET or curated skill (From) to an ESCO concept (To), by id:
// the same concept when Exact, else a close match.
type SkillEquivalence struct {
	From, To string
	Exact    bool
}

// ESCOMatch is an ESCO occupation's match to an O*NET occupation (package crosswalk's, by
// id), with the crosswalk's provenance.
type ESCOMatch struct {
	Occupation, Code       string // ESCO occupation id, O*NET-SOC code
	Confidence, Similarity float64
	InheritedFrom          string // ESCO occupation id, "" for the crosswalk's own
}

// ESCOSummary is what an ESCO import wrote.
type ESCOSummary struct {
	Occupations, Skills, SkillGroups, Requires, Essential, SkillBroader, RoleBroader, Related, Uses int
	// OccupationGroups: the ISCO-08 groups, GroupBroader their hierarchy's BROADER, InGroup
	// the occupations placed in their unit group.
	OccupationGroups, GroupBroader, InGroup int
	// Matches and SameAs: the MATCHES and SAME_AS written (those whose far node is in
	// the graph).
	Matches, SameAs int
	// Suggests: the SUGGESTS written (those whose occupation is in the graph).
	Suggests int
}

// ESCO skill group type, beside esco.TypeSkill and esco.TypeKnowledge.
const escoTypeGroup = "group"

// escoWeight is the need weight of an ESCO requirement (needWeightSet has the same rule).
func escoWeight(essential bool) int64 {
	if essential {
		return 3
	}
	return 1
}

// ImportESCO writes an ESCO release in batches of batchSize rows, then recomputes the
// ranking statistics of the whole graph (an ESCO release changes every role's IDF), with
// the links to the other sources.
func (s *Store) ImportESCO(ctx context.Context, d *esco.Dataset, links ESCOLinks, batchSize int, progress ImportProgress) (*ESCOSummary, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	src := map[string]any{"source": d.Release}
	if err := s.writeOne(ctx, onetStartQuery, src); err != nil {
		return nil, err
	}
	if err := s.writeOne(ctx, bumpVersionQuery, nil); err != nil {
		return nil, err
	}
	sum := &ESCOSummary{Occupations: len(d.Occupations), Skills: len(d.Skills), SkillGroups: len(d.SkillGroups),
		Requires: len(d.Requirements), Related: len(d.Related)}

	roles := make([]any, len(d.Occupations))
	for i, o := range d.Occupations {
		roles[i] = map[string]any{"id": o.ID, "name": o.Label, "description": o.Description, "aliases": anyList(o.Aliases),
			"uri": o.URI, "code": o.Code, "isco": o.ISCOGroup}
	}
	groups := make([]any, len(d.ISCOGroups))
	groupCode := make(map[string]string, len(d.ISCOGroups)) // esco's ISCO group id -> code
	for i, g := range d.ISCOGroups {
		groups[i] = map[string]any{"code": g.Code, "level": int64(len(g.Code)), "name": g.Label, "description": g.Description,
			"aliases": anyList(g.Aliases), "uri": g.URI}
		groupCode[g.ID] = g.Code
	}
	var groupBroader []esco.Broader
	for _, b := range d.OccupationHierarchy {
		if b.Kind == esco.KindISCOGroup && b.BroaderKind == esco.KindISCOGroup {
			groupBroader = append(groupBroader, b)
		}
	}
	groupTree := groupByCode(groupBroader, func(b esco.Broader) (string, any) { return groupCode[b.ID], groupCode[b.BroaderID] }, "broader")
	inGroup := groupByCode(d.Occupations, func(o esco.Occupation) (string, any) { return o.ISCOGroup, o.ID }, "roles")
	sum.OccupationGroups, sum.GroupBroader, sum.InGroup = len(groups), len(groupBroader), len(d.Occupations)
	category := escoCategories(d)
	skills := make([]any, 0, len(d.Skills)+len(d.SkillGroups))
	for _, sk := range d.Skills {
		var typ, reuse any
		if sk.Type != "" {
			typ = sk.Type
		}
		if sk.ReuseLevel != "" {
			reuse = sk.ReuseLevel
		}
		skills = append(skills, map[string]any{"id": sk.ID, "name": sk.Label, "description": sk.Description, "aliases": anyList(sk.Aliases),
			"category": category[sk.ID], "type": typ, "reuseLevel": reuse, "uri": sk.URI})
	}
	for _, g := range d.SkillGroups {
		skills = append(skills, map[string]any{"id": g.ID, "name": g.Label, "description": g.Description, "aliases": anyList(g.Aliases),
			"category": category[g.ID], "type": escoTypeGroup, "reuseLevel": nil, "uri": g.URI})
	}
	requires := groupByCode(d.Requirements, func(r esco.Requirement) (string, any) {
		if r.Essential {
			sum.Essential++
		}
		return r.Occupation, map[string]any{"id": r.Skill, "essential": r.Essential, "w": escoWeight(r.Essential)}
	}, "skills")
	var roleBroader []esco.Broader
	for _, b := range d.OccupationHierarchy {
		if b.Kind == esco.KindOccupation && b.BroaderKind == esco.KindOccupation {
			roleBroader = append(roleBroader, b)
		}
	}
	sum.SkillBroader, sum.RoleBroader = len(d.SkillHierarchy), len(roleBroader)
	byChild := func(b esco.Broader) (string, any) { return b.ID, b.BroaderID }
	skillTree := groupByCode(d.SkillHierarchy, byChild, "broader")
	roleTree := groupByCode(roleBroader, byChild, "broader")
	related := groupByCode(d.Related, func(r esco.SkillRelation) (string, any) {
		w := 0.5
		if r.Essential {
			w = 1
		}
		return r.Skill, map[string]any{"id": r.Related, "weight": w}
	}, "related")

	techs := map[string]map[string]any{}
	var techRows []any
	for _, t := range d.Technologies {
		row, ok := techs[t.Technology]
		if !ok {
			row = map[string]any{"id": t.Technology, "name": t.Label, "uri": t.URI, "names": []any{}}
			techs[t.Technology] = row
			techRows = append(techRows, row)
		}
		row["names"] = append(row["names"].([]any), t.Label)
	}
	uses := groupByCode(d.TechnologyUses, func(u esco.TechnologyUse) (string, any) {
		return u.Occupation, map[string]any{"id": u.Technology, "essential": u.Essential, "w": escoWeight(u.Essential)}
	}, "uses")
	sum.Uses = len(d.TechnologyUses)
	var curatedRows []any
	for _, o := range d.Occupations { // in file order, for a stable order of writes
		if c, ok := links.Curated[o.ID]; ok {
			curatedRows = append(curatedRows, map[string]any{"curated": c, "esco": o.ID})
		}
	}

	matchRows := groupByCode(links.Matches, func(m ESCOMatch) (string, any) {
		var from any
		if m.InheritedFrom != "" {
			from = m.InheritedFrom
		}
		return m.Occupation, map[string]any{"code": m.Code, "confidence": m.Confidence, "similarity": m.Similarity, "inheritedFrom": from}
	}, "matches")
	sameAs := make([]any, len(links.SameAs))
	for i, e := range links.SameAs {
		sameAs[i] = map[string]any{"from": e.From, "to": e.To, "exact": e.Exact}
	}
	suggests := suggestRows(links.Suggests)
	steps := []importStep{
		{name: "ESCO occupations", query: escoRolesQuery, rows: roles},
		{name: "ISCO-08 groups", query: escoGroupsQuery, rows: groups},
		{name: "ISCO-08 hierarchy", query: escoGroupBroaderQuery, rows: groupTree.rows, weights: groupTree.weights},
		{name: "ESCO occupation groups", query: escoInGroupQuery, rows: inGroup.rows, weights: inGroup.weights},
		{name: "ESCO skills", query: escoSkillsQuery, rows: skills},
		{name: "ESCO technologies", query: escoTechnologiesQuery, rows: techRows},
		{name: "ESCO technology uses", query: escoUsesQuery, rows: uses.rows, weights: uses.weights},
		{name: "ESCO requirements", query: escoRequiresQuery, rows: requires.rows, weights: requires.weights},
		{name: "ESCO skill hierarchy", query: escoSkillBroaderQuery, rows: skillTree.rows, weights: skillTree.weights},
		{name: "ESCO occupation hierarchy", query: escoRoleBroaderQuery, rows: roleTree.rows, weights: roleTree.weights},
		{name: "ESCO skill relations", query: escoRelatedQuery, rows: related.rows, weights: related.weights},
		{name: "curated roles", query: escoCuratedQuery, rows: curatedRows},
		{name: "crosswalk", query: escoMatchesQuery, rows: matchRows.rows, written: &sum.Matches, source: links.MatchSource},
		{name: "skill equivalences", query: escoSameAsQuery, rows: sameAs, written: &sum.SameAs, source: links.SameAsSource},
		{name: "skill to occupation text matches", query: escoSuggestsQuery, rows: suggests.rows, weights: suggests.weights,
			written: &sum.Suggests, source: links.SuggestsSource},
	}
	for _, st := range steps {
		if err := s.importStep(ctx, st, d.Release, batchSize, progress); err != nil {
			return nil, err
		}
	}
	progress("statistics", 0, 1)
	if err := s.write(ctx, func(tx neo4j.ManagedTransaction) error { return refreshStats(ctx, tx, nil) }); err != nil {
		return nil, err
	}
	if err := s.rankSimilarByProfile(ctx, batchSize); err != nil {
		return nil, err
	}
	progress("statistics", 1, 1)
	if err := s.writeOne(ctx, bumpVersionQuery, nil); err != nil {
		return nil, err
	}
	if err := s.writeOne(ctx, escoFinishQuery, map[string]any{"source": d.Release,
		"occupations": int64(sum.Occupations), "skills": int64(sum.Skills + sum.SkillGroups), "requires": int64(sum.Requires),
		"broader": int64(sum.SkillBroader + sum.RoleBroader), "related": int64(sum.Related), "uses": int64(sum.Uses), "groups": int64(sum.OccupationGroups), "suggests": int64(sum.Suggests), "skipped": int64(len(d.Warnings))}); err != nil {
		return nil, err
	}
	return sum, nil
}

// suggestRows groups links by skill, in their order (each skill's by rank), into rows of
// escoSuggestsQuery.
func suggestRows(links []bridge.Link) grouped {
	var g grouped
	var roles, scores []any
	flush := func(from string) {
		if len(roles) > 0 {
			g.rows = append(g.rows, map[string]any{"code": from, "roles": roles, "scores": scores})
			g.weights = append(g.weights, len(roles))
		}
		roles, scores = nil, nil
	}
	for i, l := range links {
		if i > 0 && l.From != links[i-1].From {
			flush(links[i-1].From)
		}
		roles, scores = append(roles, l.To), append(scores, l.Score)
	}
	if len(links) > 0 {
		flush(links[len(links)-1].From)
	}
	return g
}

// escoCategories gives each skill and skill group a category: the label of the group just
// below the top of ESCO's skill hierarchy that it sits under ("communication, collaboration
// and creativity"), following its first broader concept; a top group is its own.
func escoCategories(d *esco.Dataset) map[string]string {
	label := map[string]string{}
	for _, s := range d.Skills {
		label[s.ID] = s.Label
	}
	for _, g := range d.SkillGroups {
		label[g.ID] = g.Label
	}
	parent := map[string]string{}
	for _, b := range d.SkillHierarchy {
		if _, ok := parent[b.ID]; !ok {
			parent[b.ID] = b.BroaderID
		}
	}
	out := make(map[string]string, len(label))
	for id := range label {
		path := []string{id}
		seen := map[string]bool{id: true}
		for p, ok := parent[id]; ok && !seen[p]; p, ok = parent[p] {
			seen[p] = true
			path = append(path, p)
		}
		out[id] = label[path[max(0, len(path)-2)]]
	}
	return out
}
