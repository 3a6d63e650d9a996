package graph_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/httpapi"
)

// directCase is one query of the corpus; direct says whether direct execution answers it
// (false: it must leave it to the executor).
type directCase struct {
	name   string
	query  string
	vars   map[string]any
	direct bool
}

var directCorpus = []directCase{
	{"node root, every node field and relationship", `query($id: ID!) { role(id: $id) { __typename id name description aliases source updatedAt updatedBy jobZone
		skills(first: 3) { __typename totalCount pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
			edges { __typename cursor importance essential source node { id name category description aliases updatedAt updatedBy } } }
		technologies(first: 4) { totalCount edges { importance hot inDemand source node { id name category } } }
		industries { totalCount edges { cursor node { id name } } }
		specializes { edges { node { id } } } specializations { totalCount } nextRoles { totalCount edges { node { id } } }
		previousRoles { totalCount } relatedRoles(first: 2) { edges { tier rank source node { id } } }
		occupations { totalCount } curatedRoles { totalCount } } }`, map[string]any{"id": "backend-developer"}, true},
	{"a node updated through the API (updatedAt, updatedBy)", `{ skill(id: "api-design") { id updatedAt updatedBy
		roles(first: 2) { edges { importance essential node { id jobZone } } }
		technologies { totalCount edges { node { id category } } }
		relatedSkills(first: 3) { totalCount edges { weight source node { id } } } } }`, nil, true},
	{"technology and industry roots", `{ technology(id: "postgresql") { id category
		roles(first: 5, orderBy: [{field: ID}]) { totalCount edges { importance hot node { id name
			relatedRoles(first: 2) { edges { rank node { id name } } } } } }
		skills { totalCount edges { node { id } } } }
		industry(id: "saas") { id name roles(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } } }`, nil, true},
	{"missing nodes are null", `{ role(id: "nope") { id skills { totalCount } } skill(id: "nope") { id } technology(id: "nope") { id } industry(id: "nope") { id } }`, nil, true},
	{"aliases, fragments, directives", `query($yes: Boolean!, $no: Boolean!) { a: role(id: "backend-developer") { ...R ... on Node { aliases } x: id }
		b: role(id: "api-developer") { ...R name @include(if: $no) source @skip(if: $no) }
		__typename }
		fragment R on Role { id name few: skills(first: 1) { totalCount edges { node { id } } }
			more: skills(first: 4) { edges { importance node { ... on Skill { id category } ...N } } }
			skills(first: 2) @include(if: $yes) { totalCount } }
		fragment N on Node { id name }`, map[string]any{"yes": true, "no": false}, true},
	{"global ids and slugs: lookups take either, a global id of another kind names nothing", `{ a: role(id: "Role:backend-developer") { id slug
		skills(first: 2, where: {node: {id: {in: ["Skill:api-design", "system-design"]}}}) { edges { node { id slug } } } }
		b: skill(id: "microservices-architecture") { id slug } c: technology(id: "Technology:microservices-architecture") { id slug }
		d: role(id: "Skill:api-design") { id } }`, nil, true},
	{"node and nodes (the executor's)", `{ node(id: "Role:backend-developer") { id ... on Role { slug skills(first: 2) { edges { node { id } } } } }
		nodes(ids: ["Skill:api-design", "Role:nope", "Technology:postgresql"]) { __typename id ... on Technology { category } } }`, nil, false},
	{"backward paging", `{ roles(last: 3, where: {jobZone: {gte: 3}}, orderBy: [{field: NAME}]) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } }
		industries(last: 2) { pageInfo { hasPreviousPage } edges { node { id } } }
		role(id: "backend-developer") { skills(last: 2) { pageInfo { hasNextPage hasPreviousPage } edges { importance node { id } } } } }`, nil, true},
	{"the same field twice, merged", `{ role(id: "backend-developer") { skills(first: 2) { edges { node { id } } } skills(first: 2) { totalCount edges { importance node { name } } } } }`, nil, true},
	{"list roots with where, orderBy and a cursor", `query($after: String) { roles(first: 3, where: {name: {contains: "Developer"}}, orderBy: [{field: NAME, direction: DESC}], after: $after) {
		totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
		edges { cursor node { id name jobZone skills(first: 2, orderBy: {field: NAME}) { totalCount edges { node { name } } } technologies { totalCount } } } }
		skills(first: 2) { edges { node { id category } } }
		technologies(where: {category: {eq: "database"}}) { totalCount edges { node { id } } }
		industries(first: 2) { totalCount } }`, map[string]any{"after": nil}, true},
	{"nested filters", `{ role(id: "backend-developer") { skills(where: {importance: {gte: 4}}, orderBy: [{field: IMPORTANCE, direction: ASC}]) { totalCount edges { importance node { id } } } } }`, nil, true},
	{"search, with the node's fields by kind", `query($q: String!) { search(query: $q, first: 6) { __typename kind score node { __typename id name
		... on Role { jobZone skills(first: 2) { totalCount edges { node { id } } } }
		... on Technology { category roles(first: 1) { edges { node { id } } } } ... on Skill { category } } } }`, map[string]any{"q": "database"}, true},
	{"search, one kind given alone", `{ search(query: "backend", kinds: ROLE, first: 3) { score node { id } } s: search(query: "api", kinds: [SKILL, TECHNOLOGY]) { kind } }`, nil, true},
	{"deep nesting", `{ role(id: "backend-developer") { skills(first: 2) { edges { node { roles(first: 2) { edges { node { technologies(first: 2) { edges { node { skills(first: 2) { edges { node { relatedSkills(first: 2) { edges { node { id } } } } } } } } } } } } } } } } }`, nil, true},
	{"first: 0 and totalCount alone", `{ role(id: "backend-developer") { skills(first: 0) { totalCount pageInfo { hasNextPage } edges { node { id roles { totalCount } } } } technologies { totalCount } } }`, nil, true},
	// Left to the executor.
	{"ranked field", `{ role(id: "backend-developer") { id similarRoles(first: 2) { role { id } } } }`, nil, false},
	{"insights root", `{ skillAdjacency(skillId: "api-design", first: 2) { skill { id } } }`, nil, false},
	{"a nested cursor", `{ role(id: "backend-developer") { skills(first: 1, after: "bm90LWEtY3Vyc29y") { totalCount } } }`, nil, false},
	{"a bad argument", `{ roles(first: 1000) { totalCount } }`, nil, false},
	{"introspection", `{ __type(name: "Role") { name } role(id: "backend-developer") { id } }`, nil, false},
	// Request errors reach the response interceptors too, with the operation parsed.
	{"bad variables", `query($w: RoleWhere) { roles(where: $w) { totalCount } }`, map[string]any{"w": map[string]any{"jobZone": map[string]any{"gt": "three"}}}, false},
	{"an unknown field", `{ role(id: "backend-developer") { id salary } }`, nil, false},
}

// TestDirectMatchesExecutor: every query of the corpus gets the same bytes from direct
// execution as from gqlgen's executor, and direct execution answers exactly the ones it
// should (the others it leaves to the executor).
func TestDirectMatchesExecutor(t *testing.T) {
	a := MustAPI(t)
	exec := mustAPIWith(t, func(c *httpapi.HandlerConfig) { c.ExecutorOnly = true })
	// Give one node updatedAt and updatedBy (the seed has neither).
	r := a.DoAs(t, editorToken, `mutation { updateSkill(id: "api-design", input: {category: "technical"}) { id updatedAt } }`, nil)
	if len(r.Errors) > 0 || get(r.Data, "updateSkill", "updatedAt") == nil {
		t.Fatalf("update: %+v %v", r.Errors, r.Data)
	}
	var cursor string
	for _, c := range directCorpus {
		t.Run(c.name, func(t *testing.T) {
			vars := c.vars
			if _, ok := vars["after"]; ok && cursor != "" {
				vars = map[string]any{"after": cursor}
			}
			before := graph.DirectAnswers()
			got := rawPost(t, a.URL, c.query, vars)
			answered := graph.DirectAnswers() - before
			want := rawPost(t, exec.URL, c.query, vars)
			if !bytes.Equal(got, want) {
				t.Errorf("direct:\n%s\nexecutor:\n%s", got, want)
			}
			if c.direct && answered != 1 || !c.direct && answered != 0 {
				t.Errorf("answered directly: %d, want %v", answered, c.direct)
			}
			if graph.DirectAnswers()-before != answered {
				t.Error("the executor-only server answered directly")
			}
			var out struct {
				Data   map[string]any
				Errors []any
			}
			_ = json.Unmarshal(got, &out)
			if c.direct && (len(out.Errors) > 0 || len(out.Data) == 0) {
				t.Errorf("no data: %s", got)
			}
			if end, ok := get(out.Data, "roles", "pageInfo", "endCursor").(string); ok {
				cursor = end
			}
		})
	}
	// The list query once more, after the cursor of its first page.
	if cursor == "" {
		t.Fatal("no cursor")
	}
	var c directCase
	for _, dc := range directCorpus {
		if dc.name == "list roots with where, orderBy and a cursor" {
			c = dc
		}
	}
	got, want := rawPost(t, a.URL, c.query, map[string]any{"after": cursor}), rawPost(t, exec.URL, c.query, map[string]any{"after": cursor})
	if !bytes.Equal(got, want) || !bytes.Contains(got, []byte(`"hasPreviousPage":true`)) {
		t.Errorf("after a cursor: direct\n%s\nexecutor\n%s", got, want)
	}
}

func rawPost(tb testing.TB, url, query string, vars map[string]any) []byte {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	res, err := http.Post(url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return raw
}
