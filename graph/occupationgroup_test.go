package graph_test

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
)

// isco is a slice of ISCO-08 (codes and names as ESCO 1.1.1 has them): two major groups,
// and the path down to two unit groups of one of them.
var isco = []struct{ code, name string }{
	{"2", "Professionals"},
	{"25", "Information and communications technology professionals"},
	{"251", "Software and applications developers and analysts"},
	{"2512", "Software developers"},
	{"2513", "Web and multimedia developers"},
	{"3", "Technicians and associate professionals"},
}

// mustISCO writes the slice through the store's generic batch write (as an importer would:
// the API does not write groups) and places two curated roles in 2512 and one in 2513
// through the API's connect.
func mustISCO(t *testing.T, a *api) {
	t.Helper()
	var b domain.Batch
	for _, g := range isco {
		b.Nodes = append(b.Nodes, domain.NodeInput{Kind: domain.KindOccupationGroup, Node: domain.Node{ID: g.code, Name: g.name, Aliases: []string{}, Source: "test",
			Props: domain.PropValues{{Name: "code", Value: g.code}, {Name: "level", Value: len(g.code)}, {Name: "uri", Value: "http://data.europa.eu/esco/isco/C" + g.code}}}})
		if len(g.code) > 1 {
			b.Rels = append(b.Rels, domain.RelInput{Type: domain.GroupUnder, FromID: g.code, ToID: g.code[:len(g.code)-1], Source: "test"})
		}
	}
	if err := a.st.Apply(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	for role, group := range map[string]string{"backend-developer": "2512", "api-developer": "OccupationGroup:2512", "frontend-developer": "2513"} {
		d := a.MustWrite(t, `mutation($from: ID!, $to: ID!) { connect(input: {type: IN_GROUP, from: $from, to: $to}) { type from to source } }`,
			map[string]any{"from": role, "to": group})
		if get(d, "connect", "type") != "IN_GROUP" || get(d, "connect", "to") != "OccupationGroup:"+strings.TrimPrefix(group, "OccupationGroup:") ||
			get(d, "connect", "from") != "Role:"+role || get(d, "connect", "source") != "api" {
			t.Fatalf("connect %s -> %s: %v", role, group, d)
		}
	}
}

// TestOccupationGroups: ISCO-08 groups as a kind of their own, read through both execution
// paths, with their hierarchy, their roles, filters, orders and pages; kept out of search
// and the rankings.
func TestOccupationGroups(t *testing.T) {
	a := MustAPI(t)
	exec := mustAPIWith(t, func(c *httpapi.HandlerConfig) { c.ExecutorOnly = true })
	similar := a.MustData(t, `{ role(id: "backend-developer") { similarRoles(first: 10) { role { id } score } } }`, nil)
	mustISCO(t, a)

	// both asks both servers: the answers must be the same bytes, the first answered directly.
	both := func(t *testing.T, query string, vars map[string]any) map[string]any {
		t.Helper()
		before := graph.DirectAnswers()
		got := rawPost(t, a.URL, query, vars)
		if graph.DirectAnswers()-before != 1 {
			t.Errorf("not answered directly: %s", query)
		}
		if want := rawPost(t, exec.URL, query, vars); !bytes.Equal(got, want) {
			t.Errorf("direct:\n%s\nexecutor:\n%s", got, want)
		}
		return a.MustData(t, query, vars)
	}

	t.Run("Hierarchy", func(t *testing.T) {
		d := both(t, `{ occupationGroup(id: "OccupationGroup:251") { id slug code level name uri source
			broader { edges { node { code broader { totalCount edges { node { code level broader { totalCount } } } } } } }
			narrower { totalCount edges { node { id roles(orderBy: [{field: NAME}]) { totalCount edges { node { slug } } } } } } } }`, nil)
		g := get(d, "occupationGroup")
		if get(g, "id") != "OccupationGroup:251" || get(g, "slug") != "251" || get(g, "code") != "251" || get(g, "level") != 3.0 ||
			get(g, "uri") != "http://data.europa.eu/esco/isco/C251" || get(g, "source") != "test" {
			t.Errorf("group 251: %v", g)
		}
		if get(g, "broader", "edges", 0, "node", "code") != "25" || get(g, "broader", "edges", 0, "node", "broader", "edges", 0, "node", "code") != "2" ||
			get(g, "broader", "edges", 0, "node", "broader", "edges", 0, "node", "broader", "totalCount") != 0.0 {
			t.Errorf("above 251: %v", get(g, "broader"))
		}
		node := func(v map[string]any) map[string]any { return map[string]any{"node": v} }
		want := []any{
			node(map[string]any{"id": "OccupationGroup:2512", "roles": map[string]any{"totalCount": 2.0, "edges": []any{
				node(map[string]any{"slug": "api-developer"}), node(map[string]any{"slug": "backend-developer"})}}}),
			node(map[string]any{"id": "OccupationGroup:2513", "roles": map[string]any{"totalCount": 1.0, "edges": []any{
				node(map[string]any{"slug": "frontend-developer"})}}}),
		}
		if get(g, "narrower", "totalCount") != 2.0 || !reflect.DeepEqual(get(g, "narrower", "edges"), want) {
			t.Errorf("below 251: %v", get(g, "narrower"))
		}
	})

	t.Run("FromTheRole", func(t *testing.T) {
		d := both(t, `{ role(id: "backend-developer") { occupationGroups { totalCount edges { node { id level broader { edges { node { code } } } } } } }
			roles(where: {occupationGroups: {some: {id: {startsWith: "OccupationGroup:251"}}}}, orderBy: [{field: NAME, direction: DESC}]) { totalCount edges { node { slug } } } }`, nil)
		if get(d, "role", "occupationGroups", "totalCount") != 1.0 || get(d, "role", "occupationGroups", "edges", 0, "node", "id") != "OccupationGroup:2512" ||
			get(d, "role", "occupationGroups", "edges", 0, "node", "broader", "edges", 0, "node", "code") != "251" {
			t.Errorf("backend-developer's group: %v", get(d, "role"))
		}
		if get(d, "roles", "totalCount") != 3.0 || get(d, "roles", "edges", 0, "node", "slug") != "frontend-developer" {
			t.Errorf("roles under 251: %v", get(d, "roles"))
		}
	})

	t.Run("ListsFiltersOrders", func(t *testing.T) {
		d := both(t, `{ majors: occupationGroups(where: {level: {eq: 1}}, orderBy: [{field: NAME, direction: DESC}]) { totalCount edges { node { code } } }
			busiest: occupationGroups(orderBy: [{field: ROLE_COUNT, direction: DESC}], first: 2) { edges { node { code } } }
			widest: occupationGroups(orderBy: [{field: NARROWER_COUNT, direction: DESC}, {field: LEVEL, direction: DESC}], first: 1) { edges { node { code } } }
			named: occupationGroups(where: {name: {contains: "DEVELOPERS"}, NOT: {code: {eq: "251"}}}, orderBy: [{field: CODE, direction: DESC}]) { edges { node { code } } }
			withRoles: occupationGroups(where: {roles: {some: {id: {eq: "Role:frontend-developer"}}}}) { edges { node { code } } }
			top: occupationGroups(where: {broader: {none: {}}}) { totalCount } }`, nil)
		codes := func(key string) string {
			var out []string
			for _, e := range get(d, key, "edges").([]any) {
				out = append(out, get(e, "node", "code").(string))
			}
			return strings.Join(out, ",")
		}
		// Technicians... sorts after Professionals by name; 2512 has two roles; 251 has two
		// narrower groups and is the lowest level with two.
		for key, want := range map[string]string{"majors": "3,2", "busiest": "2512,2513", "widest": "251", "named": "2513,2512", "withRoles": "2513"} {
			if got := codes(key); got != want {
				t.Errorf("%s: %s, want %s", key, got, want)
			}
		}
		if get(d, "top", "totalCount") != 2.0 {
			t.Errorf("groups without a broader one: %v", get(d, "top"))
		}
	})

	t.Run("PagesBothWays", func(t *testing.T) {
		first := both(t, `{ occupationGroups(first: 4) { edges { node { code } } pageInfo { hasNextPage endCursor } } }`, nil)
		if !reflect.DeepEqual(get(first, "occupationGroups", "pageInfo", "hasNextPage"), true) {
			t.Fatalf("first page: %v", first)
		}
		next := both(t, `query($after: String) { occupationGroups(first: 4, after: $after) { edges { node { code } } pageInfo { hasNextPage startCursor } } }`,
			map[string]any{"after": get(first, "occupationGroups", "pageInfo", "endCursor")})
		if len(get(next, "occupationGroups", "edges").([]any)) != 2 || get(next, "occupationGroups", "edges", 0, "node", "code") != "2513" ||
			get(next, "occupationGroups", "pageInfo", "hasNextPage") != false {
			t.Errorf("second page: %v", next)
		}
		back := both(t, `query($before: String) { occupationGroups(last: 1, before: $before) { edges { node { code } } } }`,
			map[string]any{"before": get(next, "occupationGroups", "pageInfo", "startCursor")})
		if get(back, "occupationGroups", "edges", 0, "node", "code") != "2512" {
			t.Errorf("page before: %v", back)
		}
	})

	t.Run("NodeAndNodes", func(t *testing.T) {
		d := a.MustData(t, `{ node(id: "OccupationGroup:2") { __typename id ... on OccupationGroup { name level } }
			nodes(ids: ["Role:backend-developer", "OccupationGroup:2512", "OccupationGroup:9999"]) { __typename id }
			bySlug: occupationGroup(id: "3") { name } otherKind: occupationGroup(id: "Role:backend-developer") { name } }`, nil)
		if get(d, "node", "__typename") != "OccupationGroup" || get(d, "node", "name") != "Professionals" || get(d, "node", "level") != 1.0 {
			t.Errorf("node: %v", get(d, "node"))
		}
		if get(d, "nodes", 1, "__typename") != "OccupationGroup" || get(d, "nodes", 1, "id") != "OccupationGroup:2512" || get(d, "nodes", 2) != nil ||
			get(d, "nodes", 0, "id") != "Role:backend-developer" {
			t.Errorf("nodes: %v", get(d, "nodes"))
		}
		if get(d, "bySlug", "name") != "Technicians and associate professionals" || d["otherKind"] != nil {
			t.Errorf("occupationGroup by code and by another kind's id: %v %v", d["bySlug"], d["otherKind"])
		}
	})

	t.Run("NotSearchedNotRanked", func(t *testing.T) {
		for _, q := range []string{`{ search(query: "developers", kinds: [OCCUPATION_GROUP]) { kind } }`,
			`{ search(query: "developers", kinds: [ROLE, OCCUPATION_GROUP]) { node { id } } }`} {
			r := a.Do(t, q, nil)
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "OCCUPATION_GROUP") {
				t.Errorf("%s: %+v", q, r.Errors)
			}
		}
		d := a.MustData(t, `{ search(query: "software developers professionals", first: 100) { kind node { id } } }`, nil)
		for _, h := range d["search"].([]any) {
			if get(h, "kind") == "OCCUPATION_GROUP" {
				t.Errorf("search found a group: %v", h)
			}
		}
		// A role's group changes none of its similar roles.
		if after := a.MustData(t, `{ role(id: "backend-developer") { similarRoles(first: 10) { role { id } score } } }`, nil); !reflect.DeepEqual(after, similar) {
			t.Errorf("similarRoles before the groups %v, after %v", similar, after)
		}
	})

	t.Run("Disconnect", func(t *testing.T) {
		d := a.MustWrite(t, `mutation { disconnect(type: IN_GROUP, from: "frontend-developer", to: "OccupationGroup:2513") { relationships } }`, nil)
		if get(d, "disconnect", "relationships") != 1.0 {
			t.Errorf("disconnect: %v", d)
		}
		if n := neo4jtest.MustQuery(t, `MATCH (:Role {id: 'frontend-developer'})-[e:IN_GROUP]->() RETURN count(e) AS n`, nil)[0]["n"]; n != int64(0) {
			t.Errorf("%v IN_GROUP left", n)
		}
	})
}
