package main

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/skillgraph/skillgraph/internal/jsonpath"
	"github.com/skillgraph/skillgraph/store"
)

// request is a GraphQL document with its variables.
type request struct {
	query string
	vars  map[string]any
}

// op is one operation of the workload: the same question asked of skillgraph, of the
// reference (nil for skillgraph-only operations) and of hand-written Cypher (the baseline).
// Each answer is brought to one canonical form (canon*), so the three can be compared.
type op struct {
	name     string
	sg       request
	ref      *request
	base     *baseline
	canonSG  func(data any) any
	canonRef func(data any) any
}

// baseline is the floor: one hand-written Cypher query through the Go driver. Its counts
// are degree lookups, as skillgraph's are (a relationship type joins fixed kinds).
type baseline struct {
	cypher string
	params map[string]any
	canon  func(rec map[string]any) any
}

// params are the ids the workload asks about; they exist in the seed alone (smoke runs)
// and in seed + O*NET.
type params struct {
	role, tech, search, careerFrom, careerTo string
	first                                    int
}

var defaultParams = params{
	role: "backend-developer", tech: "postgresql", search: "software developer",
	careerFrom: "junior-backend-developer", careerTo: "engineering-manager", first: 20,
}

func workload(p params) []op {
	return []op{
		{
			name: "a. role with skills and technologies",
			sg: request{`query A($id: ID!) { role(id: $id) { id: slug name
				skills(first: 50) { totalCount edges { importance essential node { id: slug name } } }
				technologies(first: 50) { totalCount edges { importance hot node { id: slug name } } } } }`,
				map[string]any{"id": p.role}},
			ref: &request{`query A($id: ID!) { roles(where: {id: {eq: $id}}) { id name
				skillsConnection(first: 50, sort: [{edge: {importance: DESC}}, {node: {id: ASC}}]) { totalCount edges { properties { importance essential } node { id name } } }
				technologiesConnection(first: 50, sort: [{edge: {importance: DESC}}, {node: {id: ASC}}]) { totalCount edges { properties { importance hot } node { id name } } } } }`,
				map[string]any{"id": p.role}},
			base: &baseline{`
MATCH (r:Role {id: $id})
CALL (r) {
  MATCH (r)-[e:REQUIRES]->(s:Skill)
  WITH e, s ORDER BY e.importance DESC, s.id LIMIT 50
  RETURN collect({id: s.id, name: s.name, importance: e.importance, essential: e.essential}) AS skills
}
CALL (r) {
  MATCH (r)-[e:USES]->(t:Technology)
  WITH e, t ORDER BY e.importance DESC, t.id LIMIT 50
  RETURN collect({id: t.id, name: t.name, importance: e.importance, hot: e.hot}) AS technologies
}
RETURN r.id AS id, r.name AS name, skills, technologies,
       COUNT { (r)-[:REQUIRES]->() } AS skillCount, COUNT { (r)-[:USES]->() } AS techCount`,
				map[string]any{"id": p.role},
				func(r map[string]any) any {
					return canonRole(r["id"], r["name"], r["skillCount"], r["skills"], r["techCount"], r["technologies"])
				}},
			canonSG: func(d any) any {
				r := jsonpath.Get(d, "role")
				return canonRole(jsonpath.Get(r, "id"), jsonpath.Get(r, "name"),
					jsonpath.Get(r, "skills", "totalCount"), flatEdges(jsonpath.Get(r, "skills", "edges"), "importance", "essential"),
					jsonpath.Get(r, "technologies", "totalCount"), flatEdges(jsonpath.Get(r, "technologies", "edges"), "importance", "hot"))
			},
			canonRef: func(d any) any {
				r := jsonpath.Get(d, "roles", 0)
				return canonRole(jsonpath.Get(r, "id"), jsonpath.Get(r, "name"),
					jsonpath.Get(r, "skillsConnection", "totalCount"), flatEdges(jsonpath.Get(r, "skillsConnection", "edges"), "properties.importance", "properties.essential"),
					jsonpath.Get(r, "technologiesConnection", "totalCount"), flatEdges(jsonpath.Get(r, "technologiesConnection", "edges"), "properties.importance", "properties.hot"))
			},
		},
		{
			name: "b. filtered, sorted page of roles with counts",
			sg: request{`query B($tech: ID!, $first: Int) { roles(first: $first, where: {technologies: {some: {node: {id: {eq: $tech}}}}}, orderBy: [{field: NAME}]) {
				totalCount edges { node { id: slug name jobZone skills { totalCount } technologies { totalCount } } } } }`,
				map[string]any{"tech": p.tech, "first": p.first}},
			ref: &request{`query B($tech: ID!, $first: Int) { rolesConnection(first: $first, where: {technologies: {some: {id: {eq: $tech}}}}, sort: [{name: ASC}, {id: ASC}]) {
				totalCount edges { node { id name jobZone skillsConnection { totalCount } technologiesConnection { totalCount } } } } }`,
				map[string]any{"tech": p.tech, "first": p.first}},
			base: &baseline{`
MATCH (:Technology {id: $tech})<-[:USES]-(r:Role)
WITH DISTINCT r ORDER BY r.name, r.id
WITH collect(r) AS rs
RETURN size(rs) AS total,
       [r IN rs[..$first] | {id: r.id, name: r.name, jobZone: r.jobZone,
         skills: COUNT { (r)-[:REQUIRES]->() }, technologies: COUNT { (r)-[:USES]->() }}] AS roles`,
				map[string]any{"tech": p.tech, "first": p.first},
				func(r map[string]any) any { return plain(r) }},
			canonSG: func(d any) any {
				return canonPage(jsonpath.Get(d, "roles", "totalCount"), jsonpath.Get(d, "roles", "edges"), "skills.totalCount", "technologies.totalCount")
			},
			canonRef: func(d any) any {
				return canonPage(jsonpath.Get(d, "rolesConnection", "totalCount"), jsonpath.Get(d, "rolesConnection", "edges"), "skillsConnection.totalCount", "technologiesConnection.totalCount")
			},
		},
		{
			name: "c. technology -> roles -> related roles",
			sg: request{`query C($tech: ID!, $first: Int) { technology(id: $tech) { id: slug
				roles(first: $first, orderBy: [{field: ID}]) { totalCount edges { node { id: slug name
					relatedRoles(first: 5) { edges { rank node { id: slug name } } } } } } } }`,
				map[string]any{"tech": p.tech, "first": p.first}},
			ref: &request{`query C($tech: ID!, $first: Int) { technologies(where: {id: {eq: $tech}}) { id
				rolesConnection(first: $first, sort: [{node: {id: ASC}}]) { totalCount edges { node { id name
					relatedRolesConnection(first: 5, sort: [{edge: {rank: ASC}}, {node: {id: ASC}}]) { edges { properties { rank } node { id name } } } } } } } }`,
				map[string]any{"tech": p.tech, "first": p.first}},
			base: &baseline{`
MATCH (t:Technology {id: $tech})
CALL (t) {
  MATCH (t)<-[:USES]-(r:Role)
  WITH DISTINCT r ORDER BY r.id LIMIT $first
  CALL (r) {
    MATCH (r)-[e:RELATED_TO]->(o:Role)
    WITH e, o ORDER BY e.rank, o.id LIMIT 5
    RETURN collect({id: o.id, name: o.name, rank: e.rank}) AS related
  }
  RETURN collect({id: r.id, name: r.name, related: related}) AS roles
}
RETURN t.id AS id, COUNT { (t)<-[:USES]-() } AS total, roles`,
				map[string]any{"tech": p.tech, "first": p.first},
				func(r map[string]any) any { return plain(r) }},
			canonSG: func(d any) any {
				t := jsonpath.Get(d, "technology")
				return canonTechRoles(jsonpath.Get(t, "id"), jsonpath.Get(t, "roles", "totalCount"), jsonpath.Get(t, "roles", "edges"), "relatedRoles", "rank")
			},
			canonRef: func(d any) any {
				t := jsonpath.Get(d, "technologies", 0)
				return canonTechRoles(jsonpath.Get(t, "id"), jsonpath.Get(t, "rolesConnection", "totalCount"), jsonpath.Get(t, "rolesConnection", "edges"), "relatedRolesConnection", "properties.rank")
			},
		},
		{
			// Both ask Neo4j's full-text index the same Lucene query: skillgraph builds it from
			// the user's words (store.LuceneQuery); the reference passes its phrase through.
			name: "d. full-text search",
			sg: request{`query D($q: String!) { search(query: $q, kinds: [ROLE], first: 10) { score node { id: slug name } } }`,
				map[string]any{"q": p.search}},
			ref: &request{`query D($q: String!) { roleSearch(phrase: $q, first: 10, sort: [{score: DESC}]) { edges { score node { id name } } } }`,
				map[string]any{"q": store.LuceneQuery(p.search)}},
			base: &baseline{`
CALL db.index.fulltext.queryNodes('node_search', $q) YIELD node, score
WHERE node:Role
WITH node, score ORDER BY score DESC, node.id LIMIT 10
RETURN collect({id: node.id, name: node.name, score: score}) AS hits`,
				map[string]any{"q": store.LuceneQuery(p.search)},
				func(r map[string]any) any { return canonHits(plain(r["hits"])) }},
			canonSG: func(d any) any {
				var out []any
				for _, h := range list(jsonpath.Get(d, "search")) {
					out = append(out, map[string]any{"id": jsonpath.Get(h, "node", "id"), "name": jsonpath.Get(h, "node", "name"), "score": jsonpath.Get(h, "score")})
				}
				return canonHits(plain(out))
			},
			canonRef: func(d any) any {
				var out []any
				for _, e := range list(jsonpath.Get(d, "roleSearch", "edges")) {
					out = append(out, map[string]any{"id": jsonpath.Get(e, "node", "id"), "name": jsonpath.Get(e, "node", "name"), "score": jsonpath.Get(e, "score")})
				}
				return canonHits(plain(out))
			},
		},
		{
			name: "similarRoles",
			sg: request{`query S($id: ID!) { role(id: $id) { similarRoles(first: 10) { score role { id: slug name }
				sharedSkills { node { id: slug } weight } sharedTechnologies { node { id: slug } weight } missing { node { id: slug } } } } }`, map[string]any{"id": p.role}},
		},
		{
			name: "careerPath",
			sg: request{`query P($from: ID!, $to: ID!) { careerPath(from: $from, to: $to) { found cost steps { from { id: slug } to { id: slug } via
				skillsToAcquire { node { id: slug } } } } }`, map[string]any{"from": p.careerFrom, "to": p.careerTo}},
		},
		{
			name: "roleMatches",
			sg: request{`query M($skills: [ID!], $techs: [ID!]) { roleMatches(skills: $skills, technologies: $techs, first: 10) {
				coverage role { id: slug name } matched { node { id: slug } } missing { node { id: slug } weight } } }`,
				map[string]any{"skills": []string{"api-design", "database-management", "backend-programming"}, "techs": []string{p.tech, "docker"}}},
		},
	}
}

// canonHits orders search hits by score, then id: the reference breaks ties in score in no
// particular order. Scores are rounded (the same Lucene score, passed through float32 or not).
func canonHits(v any) any {
	hits := list(v)
	for _, h := range hits {
		m := h.(map[string]any)
		f, _ := m["score"].(float64)
		m["score"] = math.Round(f*1e4) / 1e4
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i].(map[string]any), hits[j].(map[string]any)
		if a["score"] != b["score"] {
			return a["score"].(float64) > b["score"].(float64)
		}
		return a["id"].(string) < b["id"].(string)
	})
	return v
}

func canonRole(id, name, skillCount, skills, techCount, techs any) any {
	return plain(map[string]any{"id": id, "name": name, "skillCount": skillCount, "skills": skills, "techCount": techCount, "technologies": techs})
}

// flatEdges turns connection edges into {id, name, <props>} rows; a prop is a dotted path.
func flatEdges(edges any, props ...string) []any {
	var out []any
	for _, e := range list(edges) {
		row := map[string]any{"id": jsonpath.Get(e, "node", "id"), "name": jsonpath.Get(e, "node", "name")}
		for _, p := range props {
			row[last(p)] = atPath(e, p)
		}
		out = append(out, row)
	}
	return out
}

func canonPage(total, edges any, skillCount, techCount string) any {
	var roles []any
	for _, e := range list(edges) {
		n := jsonpath.Get(e, "node")
		roles = append(roles, map[string]any{"id": jsonpath.Get(n, "id"), "name": jsonpath.Get(n, "name"), "jobZone": jsonpath.Get(n, "jobZone"),
			"skills": atPath(n, skillCount), "technologies": atPath(n, techCount)})
	}
	return plain(map[string]any{"total": total, "roles": roles})
}

func canonTechRoles(id, total, edges any, related, rank string) any {
	var roles []any
	for _, e := range list(edges) {
		n := jsonpath.Get(e, "node")
		var rel []any
		for _, re := range list(jsonpath.Get(n, related, "edges")) {
			rel = append(rel, map[string]any{"id": jsonpath.Get(re, "node", "id"), "name": jsonpath.Get(re, "node", "name"), "rank": atPath(re, rank)})
		}
		roles = append(roles, map[string]any{"id": jsonpath.Get(n, "id"), "name": jsonpath.Get(n, "name"), "related": rel})
	}
	return plain(map[string]any{"id": id, "total": total, "roles": roles})
}

// plain gives a value the form json.Unmarshal gives it (float64 numbers, []any, nil for
// an empty list), so answers from GraphQL and from the driver compare equal.
func plain(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("plain: %v", err))
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return emptyNil(out)
}

func emptyNil(v any) any {
	switch x := v.(type) {
	case []any:
		if len(x) == 0 {
			return nil
		}
		for i := range x {
			x[i] = emptyNil(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = emptyNil(x[k])
		}
	}
	return v
}

// atPath walks a dotted path ("properties.rank").
func atPath(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		v = jsonpath.Get(v, k)
	}
	return v
}

// last is a dotted path's last name.
func last(path string) string { return path[strings.LastIndex(path, ".")+1:] }

func list(v any) []any {
	l, _ := v.([]any)
	return l
}
