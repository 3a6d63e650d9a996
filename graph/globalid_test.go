package graph_test

import (
	"reflect"
	"strings"
	"testing"
)

// Relay's Global Object Identification: every node's id is unique across kinds, node(id:)
// and nodes(ids:) find nodes by it, and every argument naming a node of a known kind takes
// it as well as the slug.
func TestGlobalIDs(t *testing.T) {
	a := MustAPI(t)
	// A technology with a skill's slug (as O*NET and ESCO bring: microservices-architecture).
	a.MustWrite(t, `mutation { createTechnology(input: {id: "api-design", name: "API design studio", category: "tool"}) { id } }`, nil)

	t.Run("UniqueAcrossKinds", func(t *testing.T) {
		// api-design is a Skill and a Technology: one slug, two ids.
		d := a.MustData(t, `{ s: skill(id: "api-design") { id slug } t: technology(id: "api-design") { id slug } }`, nil)
		if get(d, "s", "id") != "Skill:api-design" || get(d, "t", "id") != "Technology:api-design" ||
			get(d, "s", "slug") != "api-design" || get(d, "t", "slug") != "api-design" {
			t.Errorf("ids: %v", d)
		}
	})

	t.Run("Node", func(t *testing.T) {
		for _, id := range []string{"Role:backend-developer", "Skill:api-design", "Technology:postgresql", "Industry:saas"} {
			d := a.MustData(t, `query($id: ID!) { node(id: $id) { __typename id ... on Skill { category } } }`, map[string]any{"id": id})
			if get(d, "node", "id") != id || get(d, "node", "__typename") != strings.Split(id, ":")[0] {
				t.Errorf("node(%s): %v", id, d)
			}
		}
		d := a.MustData(t, `{ node(id: "Role:backend-developer") { ... on Role { name skills(first: 2) { totalCount edges { node { id } } } } } }`, nil)
		if get(d, "node", "name") != "Backend Developer" || len(get(d, "node", "skills", "edges").([]any)) != 2 ||
			!strings.HasPrefix(get(d, "node", "skills", "edges", 0, "node", "id").(string), "Skill:") {
			t.Errorf("node's fields: %v", d)
		}
		if d := a.MustData(t, `{ node(id: "Role:nope") { id } }`, nil); d["node"] != nil {
			t.Errorf("unknown id: %v", d)
		}
	})

	t.Run("NodesInOneQueryNullInPlace", func(t *testing.T) {
		ids := []any{"Technology:api-design", "Role:nope", "Skill:api-design", "Role:backend-developer", "Industry:saas"}
		before := a.st.QueryCount()
		d := a.MustData(t, `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, map[string]any{"ids": ids})
		if n := a.st.QueryCount() - before; n != 1 {
			t.Errorf("%d queries for nodes, want 1", n)
		}
		nodes := d["nodes"].([]any)
		if len(nodes) != len(ids) || nodes[1] != nil {
			t.Fatalf("nodes: %v", nodes)
		}
		for i, id := range ids {
			if i != 1 && (get(nodes[i], "id") != id || get(nodes[i], "__typename") != strings.Split(id.(string), ":")[0]) {
				t.Errorf("nodes[%d] = %v, want %s", i, nodes[i], id)
			}
		}
	})

	t.Run("MalformedIDs", func(t *testing.T) {
		for _, c := range []struct{ query, field string }{
			{`{ node(id: "backend-developer") { id } }`, "id"}, // a slug alone is no global id
			{`{ node(id: "Job:backend-developer") { id } }`, "id"},
			{`{ node(id: "Role:") { id } }`, "id"},
			{`{ nodes(ids: ["Role:backend-developer", "nope"]) { id } }`, "ids[1]"},
			{`{ role(id: "Job:backend-developer") { id } }`, "id"},
			{`{ roles(where: {id: {eq: "Job:x"}}) { totalCount } }`, "where.id.eq"},
		} {
			r := a.Do(t, c.query, nil)
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != c.field {
				t.Errorf("%s: %+v", c.query, r.Errors)
			}
		}
		ids := make([]any, 101)
		for i := range ids {
			ids[i] = "Role:backend-developer"
		}
		r := a.Do(t, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("101 ids: %+v", r.Errors)
		}
	})

	t.Run("ArgumentsTakeBoth", func(t *testing.T) {
		d := a.MustData(t, `{
			bySlug: role(id: "backend-developer") { id }
			byID: role(id: "Role:backend-developer") { id }
			otherKind: role(id: "Skill:api-design") { id }
			filtered: roles(where: {id: {in: ["Role:backend-developer", "api-developer", "Skill:api-design"]}}) { edges { node { id } } }
			prefix: roles(where: {id: {startsWith: "Role:backend"}}) { totalCount }
			path: careerPath(from: "Role:junior-backend-developer", to: "senior-backend-developer") { found steps { to { id } } }
			gap: skillGap(role: "Role:backend-developer", skills: ["Skill:api-design"], technologies: ["Technology:go"], first: 50) { node { id } }
			matches: roleMatches(skills: ["Skill:api-design", "system-design"], first: 3) { role { id } }
			adjacent: skillAdjacency(skillId: "Skill:api-design", first: 2) { skill { id } }
			hood: neighborhood(id: "Technology:api-design") { nodes { depth node { id } } }
		}`, nil)
		if get(d, "bySlug", "id") != "Role:backend-developer" || get(d, "byID", "id") != "Role:backend-developer" || d["otherKind"] != nil {
			t.Errorf("lookups: %v %v %v", d["bySlug"], d["byID"], d["otherKind"])
		}
		if got := ids(get(d, "filtered", "edges"), "node", "id"); !reflect.DeepEqual(got, []string{"Role:api-developer", "Role:backend-developer"}) {
			t.Errorf("where id in: %v", got)
		}
		if n := get(d, "prefix", "totalCount").(float64); n < 1 {
			t.Errorf("where id startsWith a global id: %v", n)
		}
		if get(d, "path", "found") != true {
			t.Errorf("careerPath: %v", d["path"])
		}
		for _, g := range d["gap"].([]any) {
			if id := get(g, "node", "id"); id == "Skill:api-design" || id == "Technology:go" {
				t.Errorf("skillGap lists %v, which was given", id)
			}
		}
		if len(d["matches"].([]any)) == 0 || len(d["adjacent"].([]any)) == 0 {
			t.Errorf("roleMatches %v, skillAdjacency %v", d["matches"], d["adjacent"])
		}
		if get(d, "hood", "nodes", 0, "node", "id") != "Technology:api-design" {
			t.Errorf("neighborhood of a global id starts at %v", get(d, "hood", "nodes", 0))
		}
		r := a.Do(t, `{ neighborhood(id: "Technology:go", kind: SKILL) { truncated } }`, nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["field"] != "kind" {
			t.Errorf("kind contradicting the id: %+v", r.Errors)
		}
	})

	t.Run("Mutations", func(t *testing.T) {
		d := a.MustWrite(t, `mutation {
			c: createSkill(input: {id: "Skill:gid-test-skill", name: "Gid test", category: "technical"}) { id slug }
			u: updateSkill(id: "Skill:gid-test-skill", input: {name: "Gid test 2"}) { id name }
			r: connect(input: {type: REQUIRES, from: "Role:backend-developer", to: "Skill:gid-test-skill", importance: 2}) { from to }
			x: disconnect(type: REQUIRES, from: "Role:backend-developer", to: "gid-test-skill") { relationships }
			d: deleteSkill(id: "Skill:gid-test-skill") { nodes }
		}`, nil)
		if get(d, "c", "id") != "Skill:gid-test-skill" || get(d, "c", "slug") != "gid-test-skill" || get(d, "u", "name") != "Gid test 2" ||
			get(d, "r", "from") != "Role:backend-developer" || get(d, "r", "to") != "Skill:gid-test-skill" ||
			get(d, "x", "relationships") != float64(1) || get(d, "d", "nodes") != float64(1) {
			t.Errorf("mutations with global ids: %v", d)
		}
	})
}
