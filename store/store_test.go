package store_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/seed"
	"github.com/skillgraph/skillgraph/store"
)

var ctx = context.Background()

func ptr[T any](v T) *T { return &v }

// MustNeighbors loads one relationship page for one parent.
func MustNeighbors(tb testing.TB, st *store.Store, rel domain.Rel, id string, args domain.ListArgs) *domain.Page {
	tb.Helper()
	pages, err := st.Neighbors(ctx, rel, []string{id}, args)
	if err != nil {
		tb.Fatalf("%s of %s: %v", rel, id, err)
	}
	return pages[id]
}

func ids(p *domain.Page) []string {
	out := make([]string, len(p.Edges))
	for i, e := range p.Edges {
		switch n := e.Node.(type) {
		case *domain.Role:
			out[i] = n.ID
		case *domain.Skill:
			out[i] = n.ID
		case *domain.Technology:
			out[i] = n.ID
		case *domain.Industry:
			out[i] = n.ID
		}
	}
	return out
}

func TestSeed(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	b, err := seed.Load(seed.Files)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("NodeAndRelationshipCountsMatchTheSeedFiles", func(t *testing.T) {
		want := map[string]int64{}
		for _, n := range b.Nodes {
			want[string(n.Kind)]++
		}
		for _, r := range b.Rels {
			want[r.Type.Type]++
		}
		got := neo4jtest.Counts(t)
		for k, n := range want {
			if got[k] != n {
				t.Errorf("%s: %d in the graph, %d in the seed", k, got[k], n)
			}
		}
		if got["Role"] < 20 || got["Skill"] < 50 || got["Technology"] < 40 || got["Industry"] != 14 {
			t.Errorf("seed smaller than the documents call for: %v", got)
		}
	})

	t.Run("NeedWeightsKept", func(t *testing.T) {
		neo4jtest.MustKeptNeedWeights(t)
	})

	t.Run("MigrateRecomputesAnOlderGraph", func(t *testing.T) {
		// A graph written before the weights and profiles were kept: none of them, and no
		// statistics version.
		neo4jtest.MustQuery(t, `MATCH ()-[e:REQUIRES|USES]->() REMOVE e.w`, nil)
		neo4jtest.MustQuery(t, `MATCH (r:Role) REMOVE r.similarityCut`, nil)
		neo4jtest.MustQuery(t, `MATCH (m:SkillgraphMeta) REMOVE m.statsVersion`, nil)
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		neo4jtest.MustKeptNeedWeights(t)
		if n := neo4jtest.MustQuery(t, `MATCH (r:Role) WHERE r.similarityCut IS NULL RETURN count(r) AS n`, nil)[0]["n"]; n != int64(0) {
			t.Errorf("%d roles without a similarity profile", n)
		}
		sim, err := st.SimilarRoles(ctx, []string{"backend-developer"}, 3)
		if err != nil || len(sim["backend-developer"]) != 3 {
			t.Errorf("similar roles after Migrate: %v %v", sim, err)
		}
	})

	t.Run("ReseedChangesNothing", func(t *testing.T) {
		before := neo4jtest.Counts(t)
		props := neo4jtest.MustQuery(t, `MATCH (r:Role {id: 'api-developer'})-[e:REQUIRES]->(s:Skill {id: 'api-testing'}) RETURN properties(r) AS r, properties(e) AS e`, nil)
		if err := st.Apply(ctx, *b); err != nil {
			t.Fatal(err)
		}
		if after := neo4jtest.Counts(t); !neo4jtest.SameCounts(before, after) {
			t.Fatalf("counts changed on reseed: %v -> %v", before, after)
		}
		again := neo4jtest.MustQuery(t, `MATCH (r:Role {id: 'api-developer'})-[e:REQUIRES]->(s:Skill {id: 'api-testing'}) RETURN properties(r) AS r, properties(e) AS e`, nil)
		if len(props) != 1 || len(again) != 1 {
			t.Fatalf("expected one api-developer REQUIRES api-testing edge, got %d then %d", len(props), len(again))
		}
	})

	t.Run("ConstraintsExistAndRejectDuplicateIDs", func(t *testing.T) {
		ok, err := st.SchemaReady(ctx)
		if err != nil || !ok {
			t.Fatalf("schema ready = %v, %v", ok, err)
		}
		names := map[string]bool{}
		for _, r := range neo4jtest.MustQuery(t, `SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN name, type`, nil) {
			names[r["name"].(string)] = r["type"] == "UNIQUENESS"
		}
		for _, n := range []string{"role_id", "skill_id", "technology_id", "industry_id"} {
			if !names[n] {
				t.Errorf("uniqueness constraint %s missing: %v", n, names)
			}
		}
		// Search's index and the exact-key index (searchQuery).
		idx := neo4jtest.MustQuery(t, `SHOW FULLTEXT INDEXES YIELD name, state RETURN name, state ORDER BY name`, nil)
		if len(idx) != 2 || idx[0]["name"] != "node_keys" || idx[1]["name"] != "node_search" || idx[0]["state"] != "ONLINE" || idx[1]["state"] != "ONLINE" {
			t.Errorf("full-text indexes: %v", idx)
		}
		// Migrate again: idempotent.
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestNodes(t *testing.T) {
	st := neo4jtest.MustSeed(t)

	t.Run("ByID", func(t *testing.T) {
		r, err := st.Role(ctx, "api-developer")
		if err != nil || r == nil {
			t.Fatalf("role: %v %v", r, err)
		}
		if r.Name != "API Developer" || r.Source != "seed:000_d28c1e976b714264.txt" || !slices.Contains(r.Aliases, "API Engineer") {
			t.Errorf("api-developer = %+v", r)
		}
		tech, err := st.Technology(ctx, "go")
		if err != nil || tech == nil || tech.Name != "Go" || tech.Category() != "language" || !slices.Contains(tech.Aliases, "Golang") {
			t.Errorf("go = %+v, %v", tech, err)
		}
		s, err := st.Skill(ctx, "api-design")
		if err != nil || s == nil || s.Category() != "technical" {
			t.Errorf("api-design = %+v, %v", s, err)
		}
		ind, err := st.Industry(ctx, "financial-institutions")
		if err != nil || ind == nil || ind.Name != "Financial institutions" {
			t.Errorf("financial-institutions = %+v, %v", ind, err)
		}
	})

	t.Run("UnknownIDIsNil", func(t *testing.T) {
		r, err := st.Role(ctx, "no-such-role")
		if r != nil || err != nil {
			t.Fatalf("got %v, %v", r, err)
		}
		// The id of a node of another kind is not found either.
		r, err = st.Role(ctx, "postgresql")
		if r != nil || err != nil {
			t.Fatalf("got %v, %v", r, err)
		}
	})

	t.Run("ListPagesThroughEverythingOnce", func(t *testing.T) {
		var seen []string
		after := ""
		for pages := 0; ; pages++ {
			if pages > 20 {
				t.Fatal("paging does not end")
			}
			p, err := st.List(ctx, domain.KindRole, domain.ListArgs{PageArgs: domain.PageArgs{First: 5, After: after}})
			if err != nil {
				t.Fatal(err)
			}
			if p.TotalCount != 23 {
				t.Fatalf("totalCount %d", p.TotalCount)
			}
			if p.HasPreviousPage != (after != "") {
				t.Errorf("hasPreviousPage %v with after %q", p.HasPreviousPage, after)
			}
			seen = append(seen, ids(p)...)
			if !p.HasNextPage {
				break
			}
			after = p.Edges[len(p.Edges)-1].Cursor()
		}
		if len(seen) != 23 || !slices.IsSorted(seen) || len(slices.Compact(slices.Clone(seen))) != 23 {
			t.Fatalf("paged ids: %v", seen)
		}
	})

	t.Run("BadCursor", func(t *testing.T) {
		for _, c := range []string{"garbage", "WyJ4Il0", "WyJjMSIsMSwiIl0"} {
			_, err := st.List(ctx, domain.KindSkill, domain.ListArgs{PageArgs: domain.PageArgs{First: 5, After: c}})
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("cursor %q: %v", c, err)
			}
		}
	})
}

func TestRelationships(t *testing.T) {
	st := neo4jtest.MustSeed(t)

	// Each relationship from both ends: the parent, a child it must have, and the reverse.
	cases := []struct {
		rel, reverse domain.Rel
		from, to     string
	}{
		{domain.RoleSkills, domain.SkillRoles, "api-developer", "api-testing"},
		{domain.RoleTechnologies, domain.TechnologyRoles, "api-developer", "postman"},
		{domain.RoleIndustries, domain.IndustryRoles, "api-developer", "financial-institutions"},
		{domain.TechnologySkills, domain.SkillTechnologies, "postgresql", "database-design"},
		{domain.RoleSpecializes, domain.RoleSpecializations, "database-developer", "backend-developer"},
		{domain.RoleNext, domain.RolePrevious, "junior-backend-developer", "mid-level-backend-developer"},
		{domain.SkillRelated, domain.SkillRelated, "containerization", "container-orchestration"},
	}
	for _, c := range cases {
		t.Run(string(c.rel), func(t *testing.T) {
			p := MustNeighbors(t, st, c.rel, c.from, domain.ListArgs{PageArgs: domain.PageArgs{First: 100}})
			if !slices.Contains(ids(p), c.to) {
				t.Errorf("%s of %s = %v, want it to contain %s", c.rel, c.from, ids(p), c.to)
			}
			if p.TotalCount != len(p.Edges) || p.HasNextPage {
				t.Errorf("totalCount %d, %d edges, hasNext %v", p.TotalCount, len(p.Edges), p.HasNextPage)
			}
			back := MustNeighbors(t, st, c.reverse, c.to, domain.ListArgs{PageArgs: domain.PageArgs{First: 100}})
			if !slices.Contains(ids(back), c.from) {
				t.Errorf("%s of %s = %v, want it to contain %s", c.reverse, c.to, ids(back), c.from)
			}
		})
	}

	t.Run("EdgePropertiesAndOrder", func(t *testing.T) {
		p := MustNeighbors(t, st, domain.RoleSkills, "api-developer", domain.ListArgs{PageArgs: domain.PageArgs{First: 100}})
		if p.TotalCount != 8 {
			t.Fatalf("api-developer requires %d skills, want 8", p.TotalCount)
		}
		// Most important first, ties by id.
		want := []string{"api-development", "restful-api-design", "api-documentation", "api-testing",
			"application-security", "frontend-backend-integration", "performance-optimization", "systems-integration"}
		if !slices.Equal(ids(p), want) {
			t.Errorf("order %v, want %v", ids(p), want)
		}
		e := p.Edges[3]
		if *e.Importance() != 4 || !*e.Essential() || e.Source != "seed:000_d28c1e976b714264.txt" {
			t.Errorf("api-testing edge = importance %v essential %v source %q", *e.Importance(), *e.Essential(), e.Source)
		}
		last := p.Edges[7]
		if *last.Importance() != 3 || *last.Essential() {
			t.Errorf("systems-integration edge = %v %v", *last.Importance(), *last.Essential())
		}
		// The same properties seen from the skill.
		back := MustNeighbors(t, st, domain.SkillRoles, "api-testing", domain.ListArgs{PageArgs: domain.PageArgs{First: 100}})
		for _, e := range back.Edges {
			if e.Node.(*domain.Role).ID == "api-developer" && (*e.Importance() != 4 || !*e.Essential()) {
				t.Errorf("from the skill: %v %v", *e.Importance(), *e.Essential())
			}
		}
		// RELATED_TO is read in both directions with its weight.
		rel := MustNeighbors(t, st, domain.SkillRelated, "container-orchestration", domain.ListArgs{PageArgs: domain.PageArgs{First: 10}})
		if len(rel.Edges) != 1 || *rel.Edges[0].Weight() != 0.9 {
			t.Errorf("container-orchestration related = %v", ids(rel))
		}
	})

	t.Run("PagingWithTiesIsCompleteAndStable", func(t *testing.T) {
		all := ids(MustNeighbors(t, st, domain.RoleSkills, "backend-developer", domain.ListArgs{PageArgs: domain.PageArgs{First: 100}}))
		var paged []string
		after := ""
		for {
			p := MustNeighbors(t, st, domain.RoleSkills, "backend-developer", domain.ListArgs{PageArgs: domain.PageArgs{First: 4, After: after}})
			if p.TotalCount != len(all) {
				t.Fatalf("totalCount %d, want %d", p.TotalCount, len(all))
			}
			paged = append(paged, ids(p)...)
			if !p.HasNextPage {
				break
			}
			after = p.Edges[len(p.Edges)-1].Cursor()
		}
		if !slices.Equal(all, paged) {
			t.Fatalf("paged %v\n want %v", paged, all)
		}
	})

	// A Fetch tree answers in one round trip exactly what Neighbors answers level by level.
	t.Run("FetchTreeMatchesLevels", func(t *testing.T) {
		parents := []string{"api-developer", "database-developer", "devops-engineer", "no-such-role"}
		byName := []domain.Order{{Prop: "name"}}
		skills := &domain.Fetch{Rel: domain.RoleSkills, Args: domain.ListArgs{PageArgs: domain.PageArgs{First: 3}, OrderBy: byName}}
		techs := &domain.Fetch{Rel: domain.SkillTechnologies, Args: domain.ListArgs{PageArgs: domain.PageArgs{First: 2}}}
		roleCount := &domain.Fetch{Rel: domain.SkillRoles, Args: domain.ListArgs{PageArgs: domain.PageArgs{First: 0}}}
		skills.Children = []*domain.Fetch{techs, roleCount}
		industries := &domain.Fetch{Rel: domain.RoleIndustries, Args: domain.ListArgs{PageArgs: domain.PageArgs{First: 5},
			Where: &domain.Filter{Node: &domain.Filter{Conds: []domain.Cond{{Prop: "name", Op: domain.OpContains, Value: "a"}}}}}}
		before := st.QueryCount()
		if err := st.Fetch(ctx, domain.KindRole, parents, []*domain.Fetch{skills, industries}); err != nil {
			t.Fatal(err)
		}
		if n := st.QueryCount() - before; n != 1 {
			t.Errorf("%d round trips for the tree", n)
		}
		same := func(f *domain.Fetch, ids []string) []string {
			t.Helper()
			want, err := st.Neighbors(ctx, f.Rel, ids, f.Args)
			if err != nil {
				t.Fatal(err)
			}
			var next []string
			for _, id := range ids {
				got := f.Pages[id]
				if got == nil || !reflect.DeepEqual(settled(got), settled(want[id])) {
					t.Errorf("%s of %s:\n tree   %+v\n levels %+v", f.Rel, id, got, want[id])
				}
				for _, e := range want[id].Edges {
					next = append(next, domain.IDOf(e.Node))
				}
			}
			return next
		}
		skillIDs := same(skills, parents)
		same(industries, parents)
		if len(skillIDs) < 6 {
			t.Fatalf("only %d skills below the parents", len(skillIDs))
		}
		same(techs, skillIDs)
		same(roleCount, skillIDs)
		if roleCount.Pages[skillIDs[0]].TotalCount == 0 || len(roleCount.Pages[skillIDs[0]].Edges) != 0 {
			t.Errorf("count-only page: %+v", roleCount.Pages[skillIDs[0]])
		}
	})

	t.Run("NodeWithOnlyTheAskedProperties", func(t *testing.T) {
		fetch := func() []*domain.Fetch {
			return []*domain.Fetch{{Rel: domain.RoleSkills, Args: domain.ListArgs{PageArgs: domain.PageArgs{First: 2}}}}
		}
		all, err := st.NodeWith(ctx, domain.KindRole, "backend-developer", nil, fetch())
		if err != nil || all == nil {
			t.Fatalf("%v %v", all, err)
		}
		f := fetch()
		some, err := st.NodeWith(ctx, domain.KindRole, "backend-developer", []string{"id", "name"}, f)
		if err != nil || some == nil {
			t.Fatalf("%v %v", some, err)
		}
		a, s := all.(*domain.Role), some.(*domain.Role)
		if a.Name == "" || a.Description == "" || len(a.Aliases) == 0 {
			t.Errorf("all properties: %+v", a)
		}
		if s.ID != a.ID || s.Name != a.Name || s.Description != "" || len(s.Aliases) != 0 {
			t.Errorf("id and name only: %+v", s)
		}
		if p := f[0].Pages["backend-developer"]; p == nil || len(p.Edges) != 2 || p.TotalCount != 27 {
			t.Errorf("the tree below: %+v", p)
		}
		if none, err := st.NodeWith(ctx, domain.KindRole, "no-such-role", []string{"id"}, fetch()); none != nil || err != nil {
			t.Errorf("no such role: %v %v", none, err)
		}
	})

	t.Run("OnlyTheAskedEdgeProperties", func(t *testing.T) {
		all := MustNeighbors(t, st, domain.RoleSkills, "api-developer", domain.ListArgs{PageArgs: domain.PageArgs{First: 3}})
		some := MustNeighbors(t, st, domain.RoleSkills, "api-developer", domain.ListArgs{PageArgs: domain.PageArgs{First: 3}, EdgeProps: []string{"importance"}})
		none := MustNeighbors(t, st, domain.RoleSkills, "api-developer", domain.ListArgs{PageArgs: domain.PageArgs{First: 3}, EdgeProps: []string{}})
		if !slices.Equal(ids(all), ids(some)) || !slices.Equal(ids(all), ids(none)) || len(all.Edges) != 3 {
			t.Fatalf("pages differ: %v %v %v", ids(all), ids(some), ids(none))
		}
		for i, e := range all.Edges {
			if e.Importance() == nil || e.Essential() == nil || e.Source == "" {
				t.Errorf("all properties, edge %d: %+v", i, e)
			}
			if s := some.Edges[i]; s.Importance() == nil || *s.Importance() != *e.Importance() || s.Essential() != nil || s.Source != "" {
				t.Errorf("importance only, edge %d: %+v", i, s)
			}
			if n := none.Edges[i]; n.Importance() != nil || n.Essential() != nil || n.Source != "" {
				t.Errorf("no properties, edge %d: %+v", i, n)
			}
		}
	})

	t.Run("BatchOfParentsInOneCall", func(t *testing.T) {
		before := st.QueryCount()
		pages, err := st.Neighbors(ctx, domain.RoleSkills, []string{"api-developer", "database-developer", "no-such-role"}, domain.ListArgs{PageArgs: domain.PageArgs{First: 2}})
		if err != nil {
			t.Fatal(err)
		}
		if st.QueryCount()-before != 1 {
			t.Errorf("%d round trips for one batch", st.QueryCount()-before)
		}
		if len(pages["api-developer"].Edges) != 2 || pages["database-developer"].TotalCount != 6 || len(pages["no-such-role"].Edges) != 0 {
			t.Errorf("pages: %+v", pages)
		}
	})
}

func TestApplyIsAllOrNothing(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	before := neo4jtest.Counts(t)
	bad := domain.Batch{
		Nodes: []domain.NodeInput{{Kind: domain.KindSkill, Node: domain.Node{Props: domain.PropsOf("category", "technical"), ID: "brand-new-skill", Name: "New", Source: "test"}}},
		Rels: []domain.RelInput{
			{Type: domain.Requires, FromID: "api-developer", ToID: "brand-new-skill", Props: domain.PropsOf("importance", ptr(3), "essential", ptr(false)), Source: "test"},
			{Type: domain.Requires, FromID: "api-developer", ToID: "missing-skill", Props: domain.PropsOf("importance", ptr(3), "essential", ptr(false)), Source: "test"},
		},
	}
	err := st.Apply(ctx, bad)
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("apply with a dangling reference: %v", err)
	}
	if after := neo4jtest.Counts(t); !neo4jtest.SameCounts(before, after) {
		t.Fatalf("a failed batch wrote something: %v -> %v", before, after)
	}
}

func TestSearch(t *testing.T) {
	st := neo4jtest.MustSeed(t)

	t.Run("ByAlias", func(t *testing.T) {
		hits, err := st.Search(ctx, "Postgres", nil, 5, nil)
		if err != nil || len(hits) == 0 {
			t.Fatalf("%v %v", hits, err)
		}
		if hits[0].Kind != domain.KindTechnology || hits[0].Node.(*domain.Technology).ID != "postgresql" {
			t.Errorf("first hit %+v", hits[0])
		}
	})
	t.Run("OnlyTheAskedProperties", func(t *testing.T) {
		all, err := st.Search(ctx, "Postgres", nil, 5, nil)
		if err != nil || len(all) == 0 {
			t.Fatalf("%v %v", all, err)
		}
		some, err := st.Search(ctx, "Postgres", nil, 5, []string{"id", "name"})
		if err != nil || len(some) != len(all) {
			t.Fatalf("%v %v", some, err)
		}
		a, s := all[0].Node.(*domain.Technology), some[0].Node.(*domain.Technology)
		if a.ID != s.ID || a.Name != s.Name || all[0].Score != some[0].Score {
			t.Errorf("the same hit differs: %+v %v / %+v %v", a, all[0].Score, s, some[0].Score)
		}
		if len(a.Aliases) == 0 || a.Category() == "" {
			t.Errorf("all properties: aliases %v, category %q", a.Aliases, a.Category())
		}
		if len(s.Aliases) != 0 || s.Category() != "" {
			t.Errorf("id and name only, got aliases %v, category %q", s.Aliases, s.Category())
		}
	})
	t.Run("NameOutranksDescription", func(t *testing.T) {
		hits, err := st.Search(ctx, "docker", nil, 10, nil)
		if err != nil || len(hits) < 2 {
			t.Fatalf("%v %v", hits, err)
		}
		if hits[0].Node.(*domain.Technology).ID != "docker" {
			t.Errorf("first hit %+v", hits[0].Node)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score {
				t.Errorf("not ranked: %v", hits)
			}
		}
	})
	t.Run("KindsFilter", func(t *testing.T) {
		hits, err := st.Search(ctx, "api", []domain.Kind{domain.KindRole}, 50, nil)
		if err != nil || len(hits) == 0 {
			t.Fatalf("%v %v", hits, err)
		}
		for _, h := range hits {
			if h.Kind != domain.KindRole {
				t.Errorf("hit of kind %s", h.Kind)
			}
		}
	})
	t.Run("SameAsRankingEveryHit", func(t *testing.T) {
		// Search asks Lucene for its few best hits only; the page must be the one that
		// ranking every hit gives, also when the wanted kind is rare among the best hits
		// (industries for "developer") and when first is 1; exact names and aliases first.
		all := []string{"Role", "Skill", "Technology", "Industry"}
		for _, c := range []struct {
			text  string
			kinds []string
			first int
		}{{"developer", all, 1}, {"developer", all, 3}, {"developer", []string{"Industry"}, 2}, {"software", []string{"Skill"}, 4},
			{"data", all, 25}, {"api design", []string{"Role", "Skill"}, 5}} {
			var want []string
			for _, r := range neo4jtest.MustQuery(t, `CALL db.index.fulltext.queryNodes('node_search', $q) YIELD node, score
				WITH node, score WHERE any(l IN labels(node) WHERE l IN $kinds)
				WITH node, score, CASE WHEN toLower(node.name) = $exact THEN 2
				  WHEN any(a IN node.aliases WHERE toLower(a) = $exact) THEN 1 ELSE 0 END AS exact
				RETURN node.id AS id ORDER BY exact DESC, score DESC, id LIMIT $first`,
				map[string]any{"q": store.LuceneQuery(c.text), "exact": c.text, "kinds": c.kinds, "first": int64(c.first)}) {
				want = append(want, r["id"].(string))
			}
			var kinds []domain.Kind
			for _, k := range c.kinds {
				kinds = append(kinds, domain.Kind(k))
			}
			hits, err := st.Search(ctx, c.text, kinds, c.first, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, domain.IDOf(h.Node))
			}
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("%q %v first %d: %v, want %v", c.text, c.kinds, c.first, got, want)
			}
		}
	})
	t.Run("QuerySyntaxIsNotInterpreted", func(t *testing.T) {
		for _, q := range []string{`C++ (`, `name:"x`, `AND OR NOT`, `*`, `a~ b^ [c TO d]`} {
			if _, err := st.Search(ctx, q, nil, 5, nil); err != nil && domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("%q: %v", q, err)
			}
		}
	})
	t.Run("BadInput", func(t *testing.T) {
		for _, q := range []string{"", "   ", "!!!", string(make([]byte, 201))} {
			_, err := st.Search(ctx, q, nil, 5, nil)
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.EINVALID || de.Field != "query" {
				t.Errorf("%q: %v", q, err)
			}
		}
	})
}

func TestSimilarityProfile(t *testing.T) {
	st := neo4jtest.MustOpen(t)
	// big needs 105 skills: k000-k001 (importance 5, also needed by head), k002-k099
	// (importance 5, big's alone) and k100-k104 (importance 1, also needed by tail). With 4
	// roles, IDF is ln 2 for a skill two roles need and ln 4 for one role's own, so big's
	// 100 heaviest are k002-k099 (5 ln 4) and k000-k001 (5 ln 2): k100-k104 (ln 2) are
	// outside its profile, and tail, which shares only those, is not similar to big.
	b := domain.Batch{}
	node := func(k domain.Kind, id string) {
		cat := ""
		if k == domain.KindSkill {
			cat = "test"
		}
		b.Nodes = append(b.Nodes, domain.NodeInput{Kind: k, Node: domain.Node{Props: domain.PropsOf("category", cat), ID: id, Name: id, Source: "test"}})
	}
	req := func(r, s string, imp int) {
		b.Rels = append(b.Rels, domain.RelInput{Type: domain.Requires, FromID: r, ToID: s, Props: domain.PropsOf("importance", ptr(imp), "essential", ptr(false)), Source: "test"})
	}
	for _, r := range []string{"big", "head", "tail", "other"} {
		node(domain.KindRole, r)
	}
	node(domain.KindSkill, "z")
	req("other", "z", 3)
	for i := 0; i < 105; i++ {
		k := fmt.Sprintf("k%03d", i)
		node(domain.KindSkill, k)
		switch {
		case i < 2:
			req("big", k, 5)
			req("head", k, 5)
		case i < 100:
			req("big", k, 5)
		default:
			req("big", k, 1)
			req("tail", k, 1)
		}
	}
	if err := st.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	ln2, ln4 := math.Log(2), math.Log(4)
	bigWeight, headWeight := 98*5*ln4+2*5*ln2, 2*5*ln2

	t.Run("KeptStatistics", func(t *testing.T) {
		r := neo4jtest.MustQuery(t, `MATCH (r:Role {id: 'big'}) RETURN r.similarityCut AS cut, r.similarityWeight AS w`, nil)[0]
		if math.Abs(r["cut"].(float64)-5*ln2) > 1e-9 || math.Abs(r["w"].(float64)-bigWeight) > 1e-9 {
			t.Errorf("big: cut %v weight %v, want %v %v", r["cut"], r["w"], 5*ln2, bigWeight)
		}
	})
	t.Run("OnlyProfilesCount", func(t *testing.T) {
		sim, err := st.SimilarRoles(ctx, []string{"big", "tail", "head"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(sim["big"]) != 1 || sim["big"][0].Role.ID != "head" || len(sim["tail"]) != 0 {
			t.Fatalf("big: %+v, tail: %+v", sim["big"], sim["tail"])
		}
		shared := 2 * 5 * ln2
		if want := shared / (bigWeight + headWeight - shared); math.Abs(sim["big"][0].Score-want) > 1e-9 {
			t.Errorf("score %v, want %v", sim["big"][0].Score, want)
		}
		if len(sim["head"]) != 1 || math.Abs(sim["head"][0].Score-sim["big"][0].Score) > 1e-12 {
			t.Errorf("not symmetric: %+v", sim["head"])
		}
		// What big needs that head does not: the heaviest, k002 onwards by id.
		if m := sim["head"][0].Missing; len(m) != 5 || domain.IDOf(m[0].Node) != "k002" || domain.IDOf(m[4].Node) != "k006" {
			t.Errorf("missing %+v", m)
		}
	})
}

// A query running past NEO4J_TX_TIMEOUT is stopped by Neo4j, and the caller is told
// TIMEOUT (not UNAVAILABLE); the store does not take it for an outage.
func TestTxTimeout(t *testing.T) {
	neo4jtest.MustOpen(t)
	cfg := neo4jtest.Config(t)
	cfg.TxTimeout = 500 * time.Millisecond
	st, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	// Counting to 10^10 takes minutes; Neo4j checks timeouts every 2 s by default.
	err = st.Read(context.Background(), `UNWIND range(1, 10000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n`, nil)
	if code := domain.ErrorCode(err); code != domain.ETIMEOUT {
		t.Fatalf("err = %v (code %s)", err, code)
	}
	if err := st.Read(context.Background(), `RETURN 1`, nil); err != nil {
		t.Errorf("the next query: %v", err)
	}
}

// A read whose caller went away (a client that disconnected) ends in context.Canceled, not
// UNAVAILABLE: nothing is wrong with Neo4j, and the next read runs.
func TestReadCancelled(t *testing.T) {
	st := neo4jtest.MustOpen(t)
	c, cancel := context.WithCancel(ctx)
	time.AfterFunc(300*time.Millisecond, cancel)
	err := st.Read(c, `UNWIND range(1, 10000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n`, nil)
	if !errors.Is(err, context.Canceled) || domain.ErrorCode(err) == domain.EUNAVAILABLE {
		t.Fatalf("err = %v (code %s)", err, domain.ErrorCode(err))
	}
	if err := st.Read(ctx, `RETURN 1`, nil); err != nil {
		t.Errorf("the next read: %v", err)
	}
}

// A read whose pooled connection died (Neo4j restarted, a network hiccup) runs again on a
// new connection: the caller gets the answer, and the store does not take Neo4j for down.
func TestReadRetriesADroppedConnection(t *testing.T) {
	st, p := neo4jtest.MustSeedBehindProxy(t, func(c *store.Config) { c.RetryTime = 5 * time.Second })
	if _, err := st.Role(ctx, "backend-developer"); err != nil {
		t.Fatal(err)
	}
	p.Drop()
	r, err := st.Role(ctx, "backend-developer")
	if err != nil {
		t.Fatalf("after the connection was dropped: %v", err)
	}
	if r == nil || r.Name != "Backend Developer" {
		t.Fatalf("after the connection was dropped: %#v", r)
	}
	if _, err := st.Role(ctx, "backend-developer"); err != nil {
		t.Errorf("the next read: %v", err)
	}
}

// settled is a page with its cursors made, so that two pages compare with reflect.DeepEqual
// (the functions that make them never do).
func settled(p *domain.Page) []any {
	out := []any{p.TotalCount, p.HasNextPage, p.HasPreviousPage}
	for _, e := range p.Edges {
		cursor := e.Cursor()
		e.MakeCursor = nil
		out = append(out, e, cursor)
	}
	return out
}

// TestKeptSimilarEqualsLive: the imports keep the profile ranking of every role without an
// import-ranked list (store/similar.go, ranked in Go); what they keep is what similarRoles
// answered live before, ids and scores, and a write to a role drops its kept list.
func TestKeptSimilarEqualsLive(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	var ids []string
	for _, r := range neo4jtest.MustQuery(t, `MATCH (r:Role) RETURN r.id AS id ORDER BY id`, nil) {
		ids = append(ids, r["id"].(string))
	}
	if n := neo4jtest.MustQuery(t, `MATCH (r:Role) WHERE r.similar IS NOT NULL RETURN count(r) AS n`, nil)[0]["n"].(int64); n != 0 {
		t.Fatalf("%d roles have a kept list before any import", n)
	}
	live, err := st.SimilarRoles(ctx, ids, 20)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RefreshStats(ctx); err != nil {
		t.Fatal(err)
	}
	if n := neo4jtest.MustQuery(t, `MATCH (r:Role) WHERE r.similarBy = 'profile' AND size(r.similar) > 0 RETURN count(r) AS n`, nil)[0]["n"].(int64); n != int64(len(ids)) {
		t.Fatalf("%d of %d roles have a kept list", n, len(ids))
	}
	kept, err := st.SimilarRoles(ctx, ids, 20)
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, id := range ids {
		if len(kept[id]) != len(live[id]) {
			t.Errorf("%s: %d kept, %d live", id, len(kept[id]), len(live[id]))
			continue
		}
		for i := range live[id] {
			k, l := kept[id][i], live[id][i]
			if k.Role.ID != l.Role.ID || math.Abs(k.Score-l.Score) > 1e-9 {
				t.Errorf("%s #%d: kept %s %.12f, live %s %.12f", id, i+1, k.Role.ID, k.Score, l.Role.ID, l.Score)
			}
			compared++
		}
	}
	if compared < 100 {
		t.Errorf("only %d similar roles compared", compared)
	}

	// A write to a role drops its kept list; the others keep theirs.
	b := domain.Batch{Rels: []domain.RelInput{{Type: domain.Requires, FromID: "backend-developer", ToID: "containerization",
		Props: domain.PropsOf("importance", ptr(4), "essential", ptr(true)), Source: "test"}}}
	if err := st.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	r := neo4jtest.MustQuery(t, `MATCH (r:Role) RETURN r.id AS id, r.similarBy AS by`, nil)
	for _, row := range r {
		if want := row["id"] != "backend-developer"; (row["by"] == "profile") != want {
			t.Errorf("%s after the write: similarBy %v", row["id"], row["by"])
		}
	}
}

// An anchored list (the roles using a technology) read without cursors, from one sorted
// list of its candidates (anchoredListQuery), has the pages and counts of the same list read
// with them (listQuery): forward and backward, with counts below, sorted by name and by id.
func TestAnchoredListWithoutCursors(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	for _, tech := range []string{"postgresql", "go", "kubernetes", "no-such-technology"} {
		uses := &domain.Filter{Rels: []domain.RelCond{{Rel: domain.RoleTechnologies, Quant: domain.Some,
			Where: &domain.Filter{Node: &domain.Filter{Conds: []domain.Cond{{Prop: "id", Op: domain.OpEq, Value: tech}}}}}}}
		for _, c := range []struct {
			order    []domain.Order
			first    int
			backward bool
		}{
			{[]domain.Order{{Prop: "name"}}, 3, false},
			{nil, 2, false},
			{[]domain.Order{{Prop: "name", Desc: true}}, 50, false},
			{[]domain.Order{{Prop: "name"}}, 2, true},
		} {
			page := func(noCursors bool) []any {
				below := &domain.Fetch{Rel: domain.RoleSkills, Args: domain.ListArgs{NoCursors: true}}
				p, err := st.ListWith(ctx, domain.KindRole, domain.ListArgs{PageArgs: domain.PageArgs{First: c.first, Backward: c.backward},
					Where: uses, OrderBy: c.order, Props: []string{"id", "name"}, NoCursors: noCursors}, []*domain.Fetch{below})
				if err != nil {
					t.Fatal(err)
				}
				out := []any{p.TotalCount, p.HasNextPage, p.HasPreviousPage}
				for _, e := range p.Edges {
					id := domain.IDOf(e.Node)
					out = append(out, id, below.Pages[id].TotalCount)
				}
				return out
			}
			with, without := page(false), page(true)
			if !reflect.DeepEqual(with, without) {
				t.Errorf("%s %+v: with cursors %v, without %v", tech, c, with, without)
			}
			if tech == "postgresql" && (len(with) < 5 || with[0].(int) < 2) {
				t.Errorf("%s: a page of %v, want some roles", tech, with)
			}
		}
	}
}
