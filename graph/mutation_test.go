package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/internal/neo4jtest"
)

// MustWrite runs a mutation as the editor; it must succeed.
func (a *api) MustWrite(tb testing.TB, query string, vars map[string]any) map[string]any {
	tb.Helper()
	r := a.DoAs(tb, editorToken, query, vars)
	if len(r.Errors) > 0 {
		tb.Fatalf("errors %+v", r.Errors)
	}
	return r.Data
}

// mustFail checks that r failed with one error of code (and, when given, about field).
func mustFail(tb testing.TB, r response, code, field string) {
	tb.Helper()
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != code || (field != "" && r.Errors[0].Extensions["field"] != field) {
		tb.Errorf("want one %s error about %q, got %+v", code, field, r.Errors)
	}
}

func TestAuth(t *testing.T) {
	a := MustAPI(t)
	create := `mutation { createSkill(input: {id: "quantum-testing", name: "Quantum testing", category: "technical"}) { id: slug } }`
	before := neo4jtest.Counts(t)
	for _, c := range []struct{ name, token, code string }{
		{"NoToken", "", "UNAUTHENTICATED"},
		{"UnknownToken", "not-a-configured-token", "UNAUTHENTICATED"},
		{"ReadOnlyToken", viewerToken, "FORBIDDEN"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := a.DoAs(t, c.token, create, nil)
			mustFail(t, r, c.code, "")
			if r.Data["createSkill"] != nil {
				t.Errorf("data: %v", r.Data)
			}
		})
	}
	if after := neo4jtest.Counts(t); !neo4jtest.SameCounts(before, after) {
		t.Errorf("refused mutations wrote: %v -> %v", before, after)
	}
	t.Run("ReadsOpenByDefault", func(t *testing.T) {
		if d := a.MustData(t, `{ skill(id: "api-design") { id: slug } }`, nil); get(d, "skill", "id") != "api-design" {
			t.Errorf("%v", d)
		}
		mustFail(t, a.DoAs(t, "wrong", `{ skill(id: "api-design") { id: slug } }`, nil), "UNAUTHENTICATED", "")
	})
	t.Run("ReadsNeedATokenByConfig", func(t *testing.T) {
		b := mustAPI(t, true)
		q := `{ skill(id: "api-design") { id: slug } }`
		mustFail(t, b.DoAs(t, "", q, nil), "UNAUTHENTICATED", "")
		for _, tok := range []string{viewerToken, editorToken} {
			if r := b.DoAs(t, tok, q, nil); len(r.Errors) > 0 || get(r.Data, "skill", "id") != "api-design" {
				t.Errorf("%+v", r)
			}
		}
	})
	t.Run("MutationOverGETIsRefused", func(t *testing.T) {
		res, err := a.Client().Get(a.URL + "/graphql?query=" + strings.ReplaceAll("mutation{deleteSkill(id:\"api-design\"){nodes}}", " ", ""))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == 200 {
			t.Errorf("status %d", res.StatusCode)
		}
		if d := a.MustData(t, `{ skill(id: "api-design") { id: slug } }`, nil); get(d, "skill", "id") != "api-design" {
			t.Error("deleted over GET")
		}
	})
}

// kinds are the node kinds with a field that only some have.
var kinds = []struct {
	typ, list, extra string
}{
	{"Role", "roles", `jobZone: 3`},
	{"Skill", "skills", `category: "technical"`},
	{"Technology", "technologies", `category: "tool"`},
	{"Industry", "industries", ``},
}

func TestNodeMutations(t *testing.T) {
	a := MustAPI(t)
	start := time.Now().Add(-time.Minute)
	for _, k := range kinds {
		t.Run(k.typ, func(t *testing.T) {
			id := "new-" + strings.ToLower(k.typ)
			fields := `id: slug name description aliases source updatedAt updatedBy`
			d := a.MustWrite(t, fmt.Sprintf(`mutation { n: create%s(input: {id: %q, name: "Zyxwv %s", aliases: ["Zy"], %s}) { %s } }`, k.typ, id, k.typ, k.extra, fields), nil)
			n := get(d, "n")
			if get(n, "id") != id || get(n, "source") != "api" || get(n, "updatedBy") != "editor" || get(n, "description") != "" {
				t.Errorf("created: %v", n)
			}
			if at, err := time.Parse(time.RFC3339, fmt.Sprint(get(n, "updatedAt"))); err != nil || at.Before(start) {
				t.Errorf("updatedAt %v: %v", get(n, "updatedAt"), err)
			}
			// The search index and the extraction dictionary follow the write.
			hits := a.MustData(t, `{ search(query: "zyxwv") { node { id: slug } } }`, nil)
			if get(hits, "search", 0, "node", "id") != id {
				t.Errorf("search after create: %v", hits)
			}
			// The dictionary is rebuilt in the background after a write: seen within seconds.
			var m map[string]any
			eventually(func() bool {
				m = a.MustData(t, fmt.Sprintf(`{ extractSkills(text: "We want Zyxwv %s skills.") { node { id: slug } } }`, k.typ), nil)
				return k.typ == "Industry" || get(m, "extractSkills", 0, "node", "id") == id
			})
			if k.typ != "Industry" && get(m, "extractSkills", 0, "node", "id") != id { // industries are not extracted
				t.Errorf("extractSkills after create: %v", m)
			}

			mustFail(t, a.DoAs(t, editorToken, fmt.Sprintf(`mutation { create%s(input: {id: %q, name: "Again", %s}) { id: slug } }`, k.typ, id, k.extra), nil), "CONFLICT", "")

			d = a.MustWrite(t, fmt.Sprintf(`mutation { n: update%s(id: %q, input: {description: "Changed."}) { name description aliases } }`, k.typ, id), nil)
			if get(d, "n", "name") != "Zyxwv "+k.typ || get(d, "n", "description") != "Changed." || get(d, "n", "aliases", 0) != "Zy" {
				t.Errorf("partial update: %v", d)
			}
			mustFail(t, a.DoAs(t, editorToken, fmt.Sprintf(`mutation { update%s(id: "no-such-node", input: {name: "X"}) { id: slug } }`, k.typ), nil), "NOT_FOUND", "")

			d = a.MustWrite(t, fmt.Sprintf(`mutation { n: upsert%s(input: {id: %q, name: "Renamed", %s}) { name description } }`, k.typ, id, k.extra), nil)
			if get(d, "n", "name") != "Renamed" || get(d, "n", "description") != "" {
				t.Errorf("upsert existing: %v", d)
			}
			d = a.MustWrite(t, fmt.Sprintf(`mutation { n: upsert%s(input: {id: "%s-2", name: "Second", %s}) { id: slug } }`, k.typ, id, k.extra), nil)
			if get(d, "n", "id") != id+"-2" {
				t.Errorf("upsert new: %v", d)
			}

			d = a.MustWrite(t, fmt.Sprintf(`mutation { d: delete%s(id: %q) { nodes relationships } }`, k.typ, id), nil)
			if get(d, "d", "nodes") != 1.0 || get(d, "d", "relationships") != 0.0 {
				t.Errorf("delete: %v", d)
			}
			if d := a.MustData(t, fmt.Sprintf(`{ n: %s(id: %q) { id: slug } }`, strings.ToLower(k.typ), id), nil); d["n"] != nil {
				t.Errorf("still there: %v", d)
			}
			mustFail(t, a.DoAs(t, editorToken, fmt.Sprintf(`mutation { delete%s(id: %q) { nodes } }`, k.typ, id), nil), "NOT_FOUND", "")
		})
	}

	t.Run("DeleteDetaches", func(t *testing.T) {
		before := a.MustData(t, `{ skill(id: "api-design") { roles { totalCount } technologies { totalCount } relatedSkills { totalCount } } }`, nil)
		want := 0.0
		for _, f := range []string{"roles", "technologies", "relatedSkills"} {
			want += get(before, "skill", f, "totalCount").(float64)
		}
		d := a.MustWrite(t, `mutation { deleteSkill(id: "api-design") { nodes relationships } }`, nil)
		if get(d, "deleteSkill", "relationships") != want || want == 0 {
			t.Errorf("deleted %v, want %v relationships", d, want)
		}
		if r := neo4jtest.MustQuery(t, `MATCH ()-[e]->() WHERE startNode(e).id = 'api-design' OR endNode(e).id = 'api-design' RETURN count(e) AS n`, nil); r[0]["n"] != int64(0) {
			t.Errorf("%v relationships left", r[0]["n"])
		}
	})

	t.Run("Validation", func(t *testing.T) {
		before := neo4jtest.Counts(t)
		for _, c := range []struct{ mutation, field string }{
			{`createRole(input: {id: "Bad Id", name: "X"}) { id: slug }`, "input.id"},
			{`createRole(input: {id: "ok-id", name: "  "}) { id: slug }`, "input.name"},
			{`createRole(input: {id: "ok-id", name: "X", jobZone: 7}) { id: slug }`, "input.jobZone"},
			{`createSkill(input: {id: "ok-id", name: "X", category: ""}) { id: slug }`, "input.category"},
			{`createSkill(input: {id: "ok-id", name: "X", category: "c", aliases: ["fine", ""]}) { id: slug }`, "input.aliases[1]"},
			{`upsertTechnology(input: {id: "-leading", name: "X", category: "tool"}) { id: slug }`, "input.id"},
			{`createIndustry(input: {id: "ok-id", name: "` + strings.Repeat("x", 201) + `"}) { id: slug }`, "input.name"},
			{`updateRole(id: "api-developer", input: {jobZone: 0}) { id: slug }`, "input.jobZone"},
		} {
			mustFail(t, a.DoAs(t, editorToken, "mutation { "+c.mutation+" }", nil), "BAD_USER_INPUT", c.field)
		}
		if after := neo4jtest.Counts(t); !neo4jtest.SameCounts(before, after) {
			t.Errorf("invalid mutations wrote: %v -> %v", before, after)
		}
	})
}

func TestRelationshipMutations(t *testing.T) {
	a := MustAPI(t)
	skills := `{ role(id: "api-developer") { skills(first: 100, where: {node: {id: {eq: "container-orchestration"}}}) { totalCount edges { importance essential source } } } }`

	d := a.MustWrite(t, `mutation { connect(input: {type: REQUIRES, from: "api-developer", to: "container-orchestration", importance: 4, essential: false}) { type from to importance source } }`, nil)
	if get(d, "connect", "type") != "REQUIRES" || get(d, "connect", "importance") != 4.0 || get(d, "connect", "source") != "api" {
		t.Errorf("connect: %v", d)
	}
	got := a.MustData(t, skills, nil)
	if get(got, "role", "skills", "totalCount") != 1.0 || get(got, "role", "skills", "edges", 0, "importance") != 4.0 || get(got, "role", "skills", "edges", 0, "source") != "api" {
		t.Errorf("after connect: %v", got)
	}
	// Connecting again updates the one relationship.
	a.MustWrite(t, `mutation { connect(input: {type: REQUIRES, from: "api-developer", to: "container-orchestration", importance: 5}) { importance } }`, nil)
	got = a.MustData(t, skills, nil)
	if get(got, "role", "skills", "totalCount") != 1.0 || get(got, "role", "skills", "edges", 0, "importance") != 5.0 {
		t.Errorf("after reconnect: %v", got)
	}
	r := neo4jtest.MustQuery(t, `MATCH (:Role {id: 'api-developer'})-[e:REQUIRES]->(:Skill {id: 'container-orchestration'}) RETURN e.updatedBy AS by, e.w AS w`, nil)
	if len(r) != 1 || r[0]["by"] != "editor" || r[0]["w"] != int64(5) {
		t.Errorf("stored: %v (want updatedBy editor and the kept need weight 5)", r)
	}

	t.Run("SymmetricSkillLink", func(t *testing.T) {
		q := `{ skill(id: "api-design") { relatedSkills(where: {node: {id: {eq: "api-testing"}}}) { totalCount edges { weight } } } }`
		before := get(a.MustData(t, q, nil), "skill", "relatedSkills", "totalCount").(float64)
		a.MustWrite(t, `mutation { connect(input: {type: SKILL_RELATED_TO, from: "api-testing", to: "api-design", weight: 0.25}) { weight } }`, nil)
		a.MustWrite(t, `mutation { connect(input: {type: SKILL_RELATED_TO, from: "api-design", to: "api-testing", weight: 0.5}) { weight } }`, nil)
		d := a.MustData(t, q, nil)
		if get(d, "skill", "relatedSkills", "totalCount") != 1.0 || get(d, "skill", "relatedSkills", "edges", 0, "weight") != 0.5 || before > 1 {
			t.Errorf("before %v, after %v", before, d)
		}
	})

	t.Run("Disconnect", func(t *testing.T) {
		d := a.MustWrite(t, `mutation { disconnect(type: REQUIRES, from: "api-developer", to: "container-orchestration") { relationships } }`, nil)
		if get(d, "disconnect", "relationships") != 1.0 {
			t.Errorf("%v", d)
		}
		if got := a.MustData(t, skills, nil); get(got, "role", "skills", "totalCount") != 0.0 {
			t.Errorf("after disconnect: %v", got)
		}
		mustFail(t, a.DoAs(t, editorToken, `mutation { disconnect(type: REQUIRES, from: "api-developer", to: "container-orchestration") { relationships } }`, nil), "NOT_FOUND", "")
	})

	t.Run("Validation", func(t *testing.T) {
		before := neo4jtest.Counts(t)
		for _, c := range []struct{ input, field string }{
			{`{type: REQUIRES, from: "api-developer", to: "no-such-skill"}`, "input.to"},
			{`{type: USES, from: "no-such-role", to: "go"}`, "input.from"},
			{`{type: REQUIRES, from: "api-developer", to: "api-design", importance: 9}`, "input.importance"},
			{`{type: REQUIRES, from: "api-developer", to: "api-design", weight: 0.5}`, "input.weight"},
			{`{type: SKILL_RELATED_TO, from: "api-design", to: "api-testing", weight: 1.5}`, "input.weight"},
			{`{type: LEADS_TO, from: "api-developer", to: "api-developer"}`, "input.to"},
			{`{type: ROLE_RELATED_TO, from: "api-developer", to: "backend-developer", tier: "Best"}`, "input.tier"},
		} {
			mustFail(t, a.DoAs(t, editorToken, `mutation { connect(input: `+c.input+`) { type } }`, nil), "BAD_USER_INPUT", c.field)
		}
		if after := neo4jtest.Counts(t); !neo4jtest.SameCounts(before, after) {
			t.Errorf("invalid connects wrote: %v -> %v", before, after)
		}
	})
	t.Run("EndsMatchKinds", func(t *testing.T) {
		// REQUIRES joins a role to a skill: "docker" is a technology, so no such skill.
		r := a.DoAs(t, editorToken, `mutation { connect(input: {type: REQUIRES, from: "api-developer", to: "docker"}) { type } }`, nil)
		if len(r.Errors) != 1 || r.Data["connect"] != nil {
			t.Errorf("a REQUIRES to a technology: %+v", r)
		}
		neo4jtest.MustRelEndsMatchKinds(t) // after every write above
	})
}

func TestImportGraph(t *testing.T) {
	a := MustAPI(t)
	m := `mutation($in: GraphInput!) { importGraph(input: $in) { nodes relationships } }`
	good := map[string]any{
		"skills":       []any{map[string]any{"id": "prompt-engineering", "name": "Prompt engineering", "category": "technical"}},
		"technologies": []any{map[string]any{"id": "llama-cpp", "name": "llama.cpp", "category": "tool"}},
		"roles":        []any{map[string]any{"id": "ml-platform-engineer", "name": "ML platform engineer", "jobZone": 4}},
		"relationships": []any{
			map[string]any{"type": "REQUIRES", "from": "ml-platform-engineer", "to": "prompt-engineering", "importance": 3},
			map[string]any{"type": "USES", "from": "ml-platform-engineer", "to": "llama-cpp", "hot": true},
			map[string]any{"type": "LEADS_TO", "from": "backend-developer", "to": "ml-platform-engineer"},
			map[string]any{"type": "SUPPORTS", "from": "llama-cpp", "to": "prompt-engineering"},
		},
	}
	before := neo4jtest.Counts(t)
	d := a.MustWrite(t, m, map[string]any{"in": good})
	if get(d, "importGraph", "nodes") != 3.0 || get(d, "importGraph", "relationships") != 4.0 {
		t.Errorf("%v", d)
	}
	after := neo4jtest.Counts(t)
	if after["Role"] != before["Role"]+1 || after["REQUIRES"] != before["REQUIRES"]+1 || after["LEADS_TO"] != before["LEADS_TO"]+1 {
		t.Errorf("%v -> %v", before, after)
	}
	got := a.MustData(t, `{ role(id: "ml-platform-engineer") { jobZone updatedBy previousRoles { edges { node { id: slug } } } technologies { edges { hot node { id: slug skills { edges { node { id: slug } } } } } } } }`, nil)
	if get(got, "role", "jobZone") != 4.0 || get(got, "role", "updatedBy") != "editor" || get(got, "role", "previousRoles", "edges", 0, "node", "id") != "backend-developer" ||
		get(got, "role", "technologies", "edges", 0, "node", "skills", "edges", 0, "node", "id") != "prompt-engineering" {
		t.Errorf("%v", got)
	}
	// Importing the same input again changes nothing.
	a.MustWrite(t, m, map[string]any{"in": good})
	if again := neo4jtest.Counts(t); !neo4jtest.SameCounts(after, again) {
		t.Errorf("re-import: %v -> %v", after, again)
	}

	for _, c := range []struct {
		name, field string
		in          map[string]any
	}{
		{"UnknownEnd", "input.relationships[1].to", map[string]any{
			"skills": []any{map[string]any{"id": "rust-async", "name": "Async Rust", "category": "technical"}},
			"relationships": []any{
				map[string]any{"type": "REQUIRES", "from": "api-developer", "to": "rust-async"},
				map[string]any{"type": "REQUIRES", "from": "api-developer", "to": "no-such-skill"},
			}}},
		{"DuplicateID", "input.skills[1].id", map[string]any{
			"skills": []any{map[string]any{"id": "rust-async", "name": "Async Rust", "category": "technical"},
				map[string]any{"id": "rust-async", "name": "Again", "category": "technical"}}}},
		{"BadItemInTheMiddle", "input.roles[1].id", map[string]any{
			"roles": []any{map[string]any{"id": "fine-role", "name": "Fine"}, map[string]any{"id": "Not_A_Slug", "name": "Bad"},
				map[string]any{"id": "fine-role-2", "name": "Fine too"}}}},
		{"BadProperty", "input.relationships[0].rank", map[string]any{
			"relationships": []any{map[string]any{"type": "ROLE_RELATED_TO", "from": "api-developer", "to": "backend-developer", "rank": 0}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := neo4jtest.Counts(t)
			mustFail(t, a.DoAs(t, editorToken, m, map[string]any{"in": c.in}), "BAD_USER_INPUT", c.field)
			if after := neo4jtest.Counts(t); !neo4jtest.SameCounts(before, after) {
				t.Errorf("a failed import wrote: %v -> %v", before, after)
			}
		})
	}
}
