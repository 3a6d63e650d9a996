package graph_test

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/internal/neo4jtest"
)

// roleIDs lists the node ids of a top-level connection in data.
func listIDs(tb testing.TB, a *api, query string, vars map[string]any, field string) []string {
	tb.Helper()
	return edgeIDs(get(a.MustData(tb, query, vars), field))
}

func TestFilters(t *testing.T) {
	a := MustTinyAPI(t)
	neo4jtest.MustQuery(t, `MATCH (r:Role) WHERE r.id IN ['r2', 'r3'] SET r.jobZone = CASE r.id WHEN 'r2' THEN 2 ELSE 4 END`, nil)

	roles := `query($w: RoleWhere) { roles(where: $w) { totalCount edges { node { id: slug } } } }`
	for _, c := range []struct {
		name  string
		where string
		want  []string
	}{
		{"IDEq", `{"id": {"eq": "r2"}}`, []string{"r2"}},
		{"IDIn", `{"id": {"in": ["r3", "r1", "nope"]}}`, []string{"r1", "r3"}},
		{"IDStartsWithIgnoresCase", `{"id": {"startsWith": "R"}}`, []string{"r1", "r2", "r3", "r4"}},
		{"NameEqIsExact", `{"name": {"eq": "r1"}}`, nil},
		{"NameEq", `{"name": {"eq": "R1"}}`, []string{"r1"}},
		{"NameIn", `{"name": {"in": ["R4", "R2"]}}`, []string{"r2", "r4"}},
		{"NameContainsIgnoresCase", `{"name": {"contains": "r3"}}`, []string{"r3"}},
		{"JobZoneLt", `{"jobZone": {"lt": 4}}`, []string{"r2"}},
		{"JobZoneLte", `{"jobZone": {"lte": 4}}`, []string{"r2", "r3"}},
		{"JobZoneGt", `{"jobZone": {"gt": 2}}`, []string{"r3"}},
		{"JobZoneGte", `{"jobZone": {"gte": 2}}`, []string{"r2", "r3"}},
		{"JobZoneIn", `{"jobZone": {"in": [4, 5]}}`, []string{"r3"}},
		{"JobZoneIsNull", `{"jobZone": {"isNull": true}}`, []string{"r1", "r4"}},
		{"JobZoneIsNotNull", `{"jobZone": {"isNull": false}}`, []string{"r2", "r3"}},
		{"SkillsSomeEdge", `{"skills": {"some": {"importance": {"gte": 5}}}}`, []string{"r1", "r2"}},
		{"SkillsSomeEdgeAndNode", `{"skills": {"some": {"essential": {"eq": true}, "node": {"id": {"eq": "c"}}}}}`, []string{"r3"}},
		{"SkillsNone", `{"skills": {"none": {}}}`, []string{"r4"}},
		{"SkillsNoneMatching", `{"skills": {"none": {"node": {"id": {"eq": "b"}}}}}`, []string{"r3", "r4"}},
		{"SkillsAll", `{"skills": {"all": {"importance": {"gte": 3}}}}`, []string{"r1", "r2", "r4"}},
		{"TechnologiesHot", `{"technologies": {"some": {"hot": {"eq": true}}}}`, []string{"r1"}},
		{"TechnologiesImportanceMissing", `{"technologies": {"some": {"importance": {"isNull": true}}}}`, []string{"r1", "r3"}},
		{"NextRoles", `{"nextRoles": {"some": {"id": {"eq": "r2"}}}}`, []string{"r1"}},
		{"RelatedRolesTier", `{"relatedRoles": {"some": {"tier": {"eq": "Primary-Short"}, "rank": {"eq": 1}}}}`, []string{"r2"}},
		{"Or", `{"OR": [{"id": {"eq": "r1"}}, {"id": {"eq": "r4"}}]}`, []string{"r1", "r4"}},
		{"And", `{"AND": [{"skills": {"some": {"node": {"id": {"eq": "a"}}}}}, {"skills": {"some": {"node": {"id": {"eq": "b"}}}}}]}`, []string{"r1", "r2"}},
		{"Not", `{"NOT": {"skills": {"some": {}}}}`, []string{"r4"}},
		{"NotOfMissingPropertyIsTrue", `{"NOT": {"jobZone": {"gt": 3}}}`, []string{"r1", "r2", "r4"}},
		{"FieldsAreAnded", `{"id": {"in": ["r1", "r2", "r3"]}, "jobZone": {"isNull": false}}`, []string{"r2", "r3"}},
		{"NestedTwoRelationshipsDeep", `{"skills": {"some": {"node": {"technologies": {"some": {"id": {"eq": "t1"}}}}}}}`, []string{"r1", "r2"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := a.MustData(t, roles, map[string]any{"w": jsonValue(t, c.where)})
			got := edgeIDs(get(d, "roles"))
			if !slices.Equal(got, c.want) {
				t.Errorf("where %s: %v, want %v", c.where, got, c.want)
			}
			if n := get(d, "roles", "totalCount"); n != float64(len(c.want)) {
				t.Errorf("totalCount %v, want %d", n, len(c.want))
			}
		})
	}

	t.Run("LiteralArguments", func(t *testing.T) {
		got := listIDs(t, a, `{ skills(where: {roles: {some: {importance: {lt: 3}}}, category: {eq: "test"}}) { edges { node { id: slug } } } }`, nil, "skills")
		if !slices.Equal(got, []string{"a"}) {
			t.Errorf("%v", got)
		}
		got = listIDs(t, a, `{ technologies(where: {roles: {some: {node: {id: {eq: "r3"}}}}}) { edges { node { id: slug } } } }`, nil, "technologies")
		if !slices.Equal(got, []string{"t2"}) {
			t.Errorf("%v", got)
		}
		got = listIDs(t, a, `{ skills(where: {relatedSkills: {some: {weight: {gt: 0.5}}}}) { edges { node { id: slug } } } }`, nil, "skills")
		if !slices.Equal(got, []string{"b", "c"}) {
			t.Errorf("%v", got)
		}
	})

	t.Run("RelationshipFields", func(t *testing.T) {
		d := a.MustData(t, `{ role(id: "r1") {
			lt5: skills(where: {importance: {lt: 5}}) { totalCount edges { importance node { id: slug } } }
			byNode: skills(where: {node: {name: {eq: "A"}}}) { totalCount edges { node { id: slug } } }
			notHot: technologies(where: {NOT: {hot: {eq: true}}}) { totalCount }
			next: nextRoles(where: {id: {eq: "r2"}}) { totalCount edges { node { id: slug } } } } }`, nil)
		if got := edgeIDs(get(d, "role", "lt5")); !slices.Equal(got, []string{"b"}) || get(d, "role", "lt5", "totalCount") != 1.0 {
			t.Errorf("lt5: %v", get(d, "role", "lt5"))
		}
		if got := edgeIDs(get(d, "role", "byNode")); !slices.Equal(got, []string{"a"}) {
			t.Errorf("byNode: %v", got)
		}
		if get(d, "role", "notHot", "totalCount") != 0.0 {
			t.Errorf("notHot: %v", get(d, "role", "notHot"))
		}
		if got := edgeIDs(get(d, "role", "next")); !slices.Equal(got, []string{"r2"}) {
			t.Errorf("next: %v", got)
		}
		d = a.MustData(t, `{ skill(id: "b") { relatedSkills(where: {weight: {gte: 0.7}, source: {eq: "test"}}) { edges { weight node { id: slug } } } } }`, nil)
		if got := edgeIDs(get(d, "skill", "relatedSkills")); !slices.Equal(got, []string{"c"}) {
			t.Errorf("relatedSkills: %v", got)
		}
	})

	t.Run("BadFilters", func(t *testing.T) {
		deep := `{"id": {"eq": "r1"}}`
		for i := 0; i < 12; i++ {
			deep = `{"NOT": ` + deep + `}`
		}
		r := a.Do(t, roles, map[string]any{"w": jsonValue(t, deep)})
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "nest") {
			t.Errorf("deep filter: %+v", r.Errors)
		}
		r = a.Do(t, `{ roles(where: {jobZone: {contains: "x"}}) { totalCount } }`, nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("unknown operator: %+v", r.Errors)
		}
		r = a.Do(t, `query($w: RoleWhere) { roles(where: $w) { totalCount } }`, map[string]any{"w": map[string]any{"jobZone": map[string]any{"gt": "three"}}})
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("wrong type: %+v", r.Errors)
		}
	})
}

func TestOrderAndPaging(t *testing.T) {
	a := MustTinyAPI(t)

	t.Run("ByCount", func(t *testing.T) {
		q := `query($o: [SkillOrder!]) { skills(orderBy: $o) { edges { node { id: slug } } } }`
		for _, c := range []struct {
			order string
			want  []string
		}{
			{`[{"field": "ROLE_COUNT", "direction": "DESC"}]`, []string{"a", "b", "c"}},
			{`[{"field": "ROLE_COUNT"}]`, []string{"c", "b", "a"}},
			// b and c both have one related skill and one technology or none: ties by id.
			{`[{"field": "RELATED_SKILL_COUNT", "direction": "DESC"}, {"field": "TECHNOLOGY_COUNT", "direction": "DESC"}]`, []string{"b", "c", "a"}},
			{`[{"field": "NAME", "direction": "DESC"}]`, []string{"c", "b", "a"}},
		} {
			got := listIDs(t, a, q, map[string]any{"o": jsonValue(t, c.order)}, "skills")
			if !slices.Equal(got, c.want) {
				t.Errorf("orderBy %s: %v, want %v", c.order, got, c.want)
			}
		}
		got := listIDs(t, a, `{ technologies(orderBy: [{field: ROLE_COUNT, direction: DESC}]) { edges { node { id: slug } } } }`, nil, "technologies")
		if !slices.Equal(got, []string{"t1", "t2"}) {
			t.Errorf("technologies by role count: %v", got)
		}
	})

	t.Run("EdgeProperty", func(t *testing.T) {
		d := a.MustData(t, `{ skill(id: "a") {
			byDefault: roles { edges { importance node { id: slug } } }
			ascending: roles(orderBy: [{field: IMPORTANCE}]) { edges { importance node { id: slug } } }
			byName: roles(orderBy: [{field: NAME, direction: DESC}]) { edges { node { id: slug } } } } }`, nil)
		if got := edgeIDs(get(d, "skill", "byDefault")); !slices.Equal(got, []string{"r1", "r2", "r3"}) {
			t.Errorf("default (importance descending, ties by id): %v", got)
		}
		if got := edgeIDs(get(d, "skill", "ascending")); !slices.Equal(got, []string{"r3", "r1", "r2"}) {
			t.Errorf("importance ascending: %v", got)
		}
		if got := edgeIDs(get(d, "skill", "byName")); !slices.Equal(got, []string{"r3", "r2", "r1"}) {
			t.Errorf("name descending: %v", got)
		}
	})

	t.Run("CursorBelongsToItsOrder", func(t *testing.T) {
		d := a.MustData(t, `{ skills(first: 1, orderBy: [{field: ROLE_COUNT, direction: DESC}]) { pageInfo { endCursor } } }`, nil)
		cur := get(d, "skills", "pageInfo", "endCursor").(string)
		next := a.MustData(t, `query($c: String) { skills(first: 1, after: $c, orderBy: [{field: ROLE_COUNT, direction: DESC}]) { edges { node { id: slug } } } }`, map[string]any{"c": cur})
		if got := edgeIDs(get(next, "skills")); !slices.Equal(got, []string{"b"}) {
			t.Errorf("second page: %v", got)
		}
		for name, q := range map[string]string{
			"OtherOrder": `query($c: String) { skills(first: 1, after: $c, orderBy: [{field: ROLE_COUNT}]) { totalCount } }`,
			"NoOrder":    `query($c: String) { skills(first: 1, after: $c) { totalCount } }`,
		} {
			r := a.Do(t, q, map[string]any{"c": cur})
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "after" {
				t.Errorf("%s: %+v", name, r.Errors)
			}
		}
	})

	t.Run("TamperedCursor", func(t *testing.T) {
		d := a.MustData(t, `{ roles(first: 1, orderBy: [{field: SKILL_COUNT}]) { pageInfo { endCursor } } }`, nil)
		raw, err := base64.RawURLEncoding.DecodeString(get(d, "roles", "pageInfo", "endCursor").(string))
		if err != nil {
			t.Fatal(err)
		}
		edited := strings.Replace(string(raw), `"r4"`, `"r2"`, 1)
		if edited == string(raw) {
			t.Fatalf("cursor %s does not name r4", raw)
		}
		for _, c := range []string{base64.RawURLEncoding.EncodeToString([]byte(edited)), "bm90IGEgY3Vyc29y", "%%%"} {
			r := a.Do(t, `query($c: String) { roles(first: 1, after: $c, orderBy: [{field: SKILL_COUNT}]) { totalCount } }`, map[string]any{"c": c})
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
				t.Errorf("cursor %q: %+v", c, r.Errors)
			}
		}
	})

	t.Run("IDDescendingIsRefused", func(t *testing.T) {
		r := a.Do(t, `{ roles(orderBy: [{field: ID, direction: DESC}]) { totalCount } }`, nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "orderBy[0].direction" {
			t.Errorf("%+v", r.Errors)
		}
	})
}

// TestPagingThroughWholeLists pages with a small first through sorted, filtered lists of the
// seed graph: every item once, in order, as many as totalCount.
func TestPagingThroughWholeLists(t *testing.T) {
	a := MustAPI(t)
	for _, c := range []struct {
		name, list, args, count string
		desc                    bool
	}{
		{"RolesBySkillCount", "roles", `orderBy: [{field: SKILL_COUNT, direction: DESC}]`, "skills", true},
		{"TechnologiesByRoleCount", "technologies", `orderBy: [{field: ROLE_COUNT, direction: DESC}, {field: NAME}]`, "roles", true},
		{"LanguagesByRoleCount", "technologies", `where: {category: {eq: "language"}}, orderBy: [{field: ROLE_COUNT}]`, "roles", false},
		{"SkillsUsedBySomeRole", "skills", `where: {roles: {some: {importance: {gte: 4}}}}, orderBy: [{field: TECHNOLOGY_COUNT, direction: DESC}]`, "technologies", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := `query($after: String) { ` + c.list + `(first: 3, after: $after, ` + c.args + `) {
				totalCount pageInfo { hasNextPage endCursor } edges { node { id: slug ` + c.count + `(first: 0) { totalCount } } } } }`
			var ids []string
			var counts []int
			var after any
			total := -1.0
			for pages := 0; ; pages++ {
				if pages > 30 {
					t.Fatal("more than 30 pages")
				}
				d := a.MustData(t, q, map[string]any{"after": after})
				conn := get(d, c.list)
				total = get(conn, "totalCount").(float64)
				for _, e := range get(conn, "edges").([]any) {
					ids = append(ids, get(e, "node", "id").(string))
					counts = append(counts, int(get(e, "node", c.count, "totalCount").(float64)))
				}
				if get(conn, "pageInfo", "hasNextPage") != true {
					break
				}
				after = get(conn, "pageInfo", "endCursor")
			}
			if len(ids) != int(total) || total < 4 {
				t.Errorf("%d items paged, totalCount %v", len(ids), total)
			}
			if len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
				t.Errorf("duplicates: %v", ids)
			}
			for i := 1; i < len(counts); i++ {
				if (c.desc && counts[i] > counts[i-1]) || (!c.desc && counts[i] < counts[i-1]) {
					t.Errorf("out of order at %d: %v %v", i, ids, counts)
					break
				}
			}
		})
	}
}

// TestFilteredNestedFieldsAreBatched: where and orderBy on every level still cost one round
// trip for the list and the tree below it.
func TestFilteredNestedFieldsAreBatched(t *testing.T) {
	a := MustAPI(t)
	q := `{ roles(first: 50, where: {skills: {some: {importance: {gte: 4}}}}, orderBy: [{field: SKILL_COUNT, direction: DESC}]) { totalCount edges { node { id: slug
		skills(first: 50, where: {node: {category: {eq: "technical"}}}, orderBy: [{field: NAME}]) { edges { node { id: slug
			technologies(first: 50, where: {category: {in: ["language", "framework"]}}, orderBy: [{field: ROLE_COUNT, direction: DESC}]) { totalCount edges { node { id: slug } } } } } } } } } }`
	before := a.st.QueryCount()
	d := a.MustData(t, q, nil)
	if trips := a.st.QueryCount() - before; trips != 1 {
		t.Errorf("%d round trips for 3 filtered levels, want 1", trips)
	}
	roles := get(d, "roles", "edges").([]any)
	if len(roles) < 10 {
		t.Fatalf("%d roles", len(roles))
	}
	langs := 0
	for _, r := range roles {
		for _, s := range get(r, "node", "skills", "edges").([]any) {
			langs += len(get(s, "node", "technologies", "edges").([]any))
		}
	}
	if langs == 0 {
		t.Error("no languages or frameworks below any technical skill")
	}
}

// jsonValue decodes a JSON literal for a variable.
func jsonValue(tb testing.TB, s string) any {
	tb.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		tb.Fatalf("%s: %v", s, err)
	}
	return v
}

func TestAliasFilter(t *testing.T) {
	a := MustAPI(t)
	for _, c := range []struct {
		where string
		want  []string
	}{
		{`{aliases: {eq: "Golang"}}`, []string{"go"}},
		{`{aliases: {eq: "golang"}}`, nil}, // eq is exact
		{`{aliases: {contains: "GRES"}}`, []string{"postgresql"}},
		{`{aliases: {in: ["Golang", "Postgres"]}, category: {eq: "language"}}`, []string{"go"}},
	} {
		got := listIDs(t, a, `{ technologies(where: `+c.where+`) { edges { node { id: slug } } } }`, nil, "technologies")
		if !slices.Equal(got, c.want) {
			t.Errorf("where %s: %v, want %v", c.where, got, c.want)
		}
	}
}

// TestOrderedNestedFieldsAreBatched: an orderBy without a where below a filtered level is
// still prefetched (an omitted where and the one gqlgen hands over must share a batch key).
func TestOrderedNestedFieldsAreBatched(t *testing.T) {
	a := MustAPI(t)
	q := `{ roles(first: 50, where: {skills: {some: {importance: {gte: 4}}}}) { edges { node { id: slug
		skills(first: 50, orderBy: [{field: NAME}]) { edges { node { id: slug
			technologies(first: 50, orderBy: [{field: ROLE_COUNT, direction: DESC}]) { totalCount } } } } } } } }`
	for i := 0; i < 3; i++ {
		before := a.st.QueryCount()
		a.MustData(t, q, nil)
		if trips := a.st.QueryCount() - before; trips != 1 {
			t.Errorf("%d round trips for 3 ordered levels, want 1", trips)
		}
	}
}
