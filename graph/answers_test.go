package graph_test

import (
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/domain"
)

// An empty list, filtered or not, at the root or nested, is an empty connection with its
// totalCount, never an error.
func TestEmptyLists(t *testing.T) {
	a := MustAPI(t)
	for _, q := range []string{
		`{ list: roles(where: {name: {eq: "zzz"}}) { totalCount edges { node { id: slug } } pageInfo { hasNextPage } } }`,
		`{ list: skills(where: {name: {eq: "zzz"}}) { totalCount } }`,
		`{ list: technologies(where: {name: {eq: "zzz"}}) { totalCount edges { node { id: slug } } } }`,
		`{ list: industries(where: {name: {eq: "zzz"}}) { totalCount } }`,
		`{ r: role(id: "backend-developer") { list: skills(where: {node: {name: {eq: "zzz"}}}) { totalCount edges { node { id: slug } } } } }`,
		`{ r: role(id: "backend-developer") { list: skills(where: {node: {name: {eq: "zzz"}}}) { totalCount } } }`,
		`{ list: roles(where: {name: {eq: "zzz"}}, orderBy: [{field: NAME}]) { totalCount edges { node { id: slug } } } }`,
	} {
		d := a.MustData(t, q, nil)
		list := get(d, "list")
		if list == nil {
			list = get(d, "r", "list")
		}
		if get(list, "totalCount") != 0.0 {
			t.Errorf("%s: %v", q, d)
		}
		if e, ok := get(list, "edges").([]any); ok && len(e) != 0 {
			t.Errorf("%s: edges %v", q, e)
		}
	}
}

// An O*NET occupation's technologies have no importance: In Demand and Hot ones come first
// by default, and either flag can order a list.
func TestTechnologiesByHotAndInDemand(t *testing.T) {
	a := serveBatch(t, domain.Batch{
		Nodes: []domain.NodeInput{testNode(domain.KindRole, "o1"), testNode(domain.KindRole, "o2"),
			testNode(domain.KindTechnology, "a-plain"), testNode(domain.KindTechnology, "b-hot"),
			testNode(domain.KindTechnology, "c-demand"), testNode(domain.KindTechnology, "d-both")},
		Rels: []domain.RelInput{testUse("o1", "a-plain", false, false), testUse("o1", "b-hot", true, false),
			testUse("o1", "c-demand", false, true), testUse("o1", "d-both", true, true),
			testUse("o2", "d-both", false, false)},
	})
	for _, c := range []struct{ order, want string }{
		{``, "d-both,c-demand,b-hot,a-plain"},
		{`orderBy: [{field: HOT, direction: DESC}]`, "b-hot,d-both,a-plain,c-demand"},
		{`orderBy: [{field: IN_DEMAND, direction: DESC}, {field: HOT}]`, "c-demand,d-both,a-plain,b-hot"},
	} {
		// Whole list, then page by page through the cursors: both follow the order.
		d := a.MustData(t, `{ role(id: "o1") { technologies(first: 50 `+c.order+`) { edges { node { id: slug } } } } }`, nil)
		if got := strings.Join(edgeIDs(get(d, "role", "technologies")), ","); got != c.want {
			t.Errorf("%q: %s, want %s", c.order, got, c.want)
		}
		var seen []string
		after := ""
		for range 5 {
			d := a.MustData(t, `query($after: String) { role(id: "o1") { technologies(`+c.order+` first: 1, after: $after) {
				pageInfo { hasNextPage endCursor } edges { node { id: slug } } } } }`, map[string]any{"after": nilIfEmpty(after)})
			conn := get(d, "role", "technologies")
			seen = append(seen, edgeIDs(conn)...)
			if get(conn, "pageInfo", "hasNextPage") != true {
				break
			}
			after = get(conn, "pageInfo", "endCursor").(string)
		}
		if got := strings.Join(seen, ","); got != c.want {
			t.Errorf("%q paged: %s, want %s", c.order, got, c.want)
		}
	}
	d := a.MustData(t, `{ technology(id: "d-both") { roles { edges { node { id: slug } } } } }`, nil)
	if got := strings.Join(edgeIDs(get(d, "technology", "roles")), ","); got != "o1,o2" {
		t.Errorf("roles of d-both: %s", got)
	}
	d = a.MustData(t, `{ technology(id: "d-both") { roles(orderBy: [{field: HOT}]) { edges { node { id: slug } } } } }`, nil)
	if got := strings.Join(edgeIDs(get(d, "technology", "roles")), ","); got != "o2,o1" {
		t.Errorf("roles of d-both by HOT ascending: %s", got)
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// A node named exactly as the query (case aside) comes first, then one with that alias,
// however Lucene scores them against longer names that contain the words.
func TestSearchExactNameFirst(t *testing.T) {
	a := MustAPI(t)
	for q, want := range map[string]string{
		"Backend Developer": "backend-developer", "backend developer": "backend-developer",
		"  BACKEND   developer ": "backend-developer", "Software Architect": "software-architect",
	} {
		d := a.MustData(t, `query($q: String!) { search(query: $q, kinds: [ROLE], first: 3) { node { id: slug } } }`, map[string]any{"q": q})
		if got := get(d, "search", 0, "node", "id"); got != want {
			t.Errorf("search(%q) first: %v, want %s", q, get(d, "search"), want)
		}
	}
}

// careerPath ranks routes by cost, not by steps: the seeded ladder junior -> mid-level ->
// senior -> architect (3 forward LEADS_TO) beats going up SPECIALIZES to Backend Developer
// and down to Software Architect in 2 sideways moves.
func TestCareerPathCheapestFirst(t *testing.T) {
	a := MustAPI(t)
	d := a.MustData(t, `{ careerPath(from: "junior-backend-developer", to: "software-architect") { found cost steps { to { id: slug } via forward cost } } }`, nil)
	var got []string
	for _, s := range get(d, "careerPath", "steps").([]any) {
		got = append(got, get(s, "via").(string)+">"+get(s, "to", "id").(string))
	}
	want := "LEADS_TO>mid-level-backend-developer,LEADS_TO>senior-backend-developer,LEADS_TO>software-architect"
	if strings.Join(got, ",") != want {
		t.Errorf("route %v, want %s", got, want)
	}
	near(t, "cost", get(d, "careerPath", "cost"), 3)
}

// roleMatches does not favour small profiles: a role needing everything the person has and
// more ranks above one needing a single one of their technologies and nothing else.
func TestRoleMatchesNotSmallProfiles(t *testing.T) {
	use := func(r, x string) domain.RelInput { return testUse(r, x, false, false) }
	b := domain.Batch{Nodes: []domain.NodeInput{testNode(domain.KindRole, "big"), testNode(domain.KindRole, "small"), testNode(domain.KindRole, "other")}}
	for _, x := range []string{"t1", "t2", "t3", "f1", "f2", "f3", "f4", "f5"} {
		b.Nodes = append(b.Nodes, testNode(domain.KindTechnology, x))
		b.Rels = append(b.Rels, use("big", x))
	}
	b.Rels = append(b.Rels, use("small", "t1"), use("other", "f1"))
	a := serveBatch(t, b)
	d := a.MustData(t, `{ roleMatches(technologies: ["t1", "t2", "t3"]) { score role { id: slug } } }`, nil)
	if got := strings.Join(ids(d["roleMatches"], "role", "id"), ","); got != "big,small" {
		t.Errorf("matches %s, want big,small", got)
	}
}

// similarRoles weighs the profile overlap by job zone proximity: of two roles needing the
// same, the one of the same preparation level ranks first.
func TestSimilarRolesJobZone(t *testing.T) {
	role := func(id string, zone int) domain.NodeInput {
		return domain.NodeInput{Kind: domain.KindRole, Node: domain.Node{Props: domain.PropsOf("jobZone", p(zone)), ID: id, Name: strings.ToUpper(id), Source: "test"}}
	}
	tech := func(id string) domain.NodeInput { return testNode(domain.KindTechnology, id) }
	use := func(r, x string) domain.RelInput { return testUse(r, x, false, false) }
	a := serveBatch(t, domain.Batch{
		Nodes: []domain.NodeInput{role("a", 2), role("b", 2), role("b0", 5), role("z", 1), tech("t1"), tech("t2"), tech("t3")},
		Rels:  []domain.RelInput{use("a", "t1"), use("a", "t2"), use("b", "t1"), use("b", "t2"), use("b0", "t1"), use("b0", "t2"), use("z", "t3")},
	})
	d := a.MustData(t, `{ role(id: "a") { similarRoles { score role { id: slug } } } }`, nil)
	sim := get(d, "role", "similarRoles").([]any)
	if got := strings.Join(ids(sim, "role", "id"), ","); got != "b,b0" {
		t.Fatalf("similar to a: %s", got)
	}
	// Same profiles: weighted Jaccard 1, times 1 - 0.2 x the job zone difference.
	near(t, "score b", get(sim[0], "score"), 1)
	near(t, "score b0", get(sim[1], "score"), 0.4)
}

// testNode is a node of a test graph, named as its id in capitals.
func testNode(k domain.Kind, id string) domain.NodeInput {
	cat := "test"
	if k == domain.KindRole {
		cat = ""
	}
	return domain.NodeInput{Kind: k, Node: domain.Node{Props: domain.PropsOf("category", cat), ID: id, Name: strings.ToUpper(id), Source: "test"}}
}

// testUse is a USES of an O*NET-like test graph: no importance, flags as given.
func testUse(r, x string, hot, inDemand bool) domain.RelInput {
	return domain.RelInput{Type: domain.Uses, FromID: r, ToID: x, Props: domain.PropsOf("hot", p(hot), "inDemand", p(inDemand)), Source: "test"}
}

// Exact names and aliases are found by the keys every writer keeps (nameKey, aliasKeys):
// after a create, an update of the aliases and a rename, each exact text finds its node
// first, and what it no longer carries does not.
func TestSearchExactKeysFollowWrites(t *testing.T) {
	a := MustAPI(t)
	first := func(q string) any {
		d := a.MustData(t, `query($q: String!) { search(query: $q, kinds: [ROLE], first: 3) { node { id: slug } } }`, map[string]any{"q": q})
		return get(d, "search", 0, "node", "id")
	}
	// "Developer" is in many curated names: Lucene alone would not put this one first.
	a.MustWrite(t, `mutation { createRole(input: {id: "zz-dev", name: "Quill Keeper", aliases: ["Developer"]}) { id } }`, nil)
	if got := first("  developer "); got != "zz-dev" {
		t.Errorf("exact alias after create: %v", got)
	}
	a.MustWrite(t, `mutation { updateRole(id: "zz-dev", input: {aliases: ["Backend Engineer"]}) { id } }`, nil)
	if got := first("backend engineer"); got != "zz-dev" {
		t.Errorf("exact alias after update: %v", got)
	}
	if got := first("developer"); got == "zz-dev" {
		t.Errorf("an alias removed still matches exactly")
	}
	a.MustWrite(t, `mutation { updateRole(id: "zz-dev", input: {name: "Backend Developer"}) { id } }`, nil)
	// Two roles are named so now: the exact name before any alias, ties by Lucene, then id.
	d := a.MustData(t, `{ search(query: "backend developer", kinds: [ROLE], first: 3) { node { id: slug } } }`, nil)
	if ids := strings.Join(ids(get(d, "search"), "node", "id"), ","); !strings.HasPrefix(ids, "backend-developer,zz-dev") && !strings.HasPrefix(ids, "zz-dev,backend-developer") {
		t.Errorf("exact names after a rename: %s", ids)
	}
}
