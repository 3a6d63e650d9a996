package graph_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/store"
)

func p[T any](v T) *T { return &v }

// MustTinyAPI serves a graph small enough to work every answer out by hand:
//
//	r1 REQUIRES a (5, essential), b (3); USES t1 (hot, no importance: weight 3)
//	r2 REQUIRES a (5), b (4);            USES t1 (importance 4)
//	r3 REQUIRES a (2), c (4);            USES t2 (in demand, no importance: weight 4)
//	r4 needs nothing
//	b RELATED_TO c (0.7); t1 SUPPORTS b; r1 LEADS_TO r2; r2 RELATED_TO r3 (rank 1)
func MustTinyAPI(t *testing.T) *api {
	t.Helper()
	node := func(k domain.Kind, id string) domain.NodeInput {
		cat := ""
		if k == domain.KindSkill || k == domain.KindTechnology {
			cat = "test"
		}
		return domain.NodeInput{Kind: k, Node: domain.Node{Props: domain.PropsOf("category", cat), ID: id, Name: strings.ToUpper(id), Source: "test"}}
	}
	req := func(r, s string, imp int, ess bool) domain.RelInput {
		return domain.RelInput{Type: domain.Requires, FromID: r, ToID: s, Props: domain.PropsOf("importance", p(imp), "essential", p(ess)), Source: "test"}
	}
	b := domain.Batch{
		Nodes: []domain.NodeInput{node(domain.KindRole, "r1"), node(domain.KindRole, "r2"), node(domain.KindRole, "r3"), node(domain.KindRole, "r4"),
			node(domain.KindSkill, "a"), node(domain.KindSkill, "b"), node(domain.KindSkill, "c"),
			node(domain.KindTechnology, "t1"), node(domain.KindTechnology, "t2")},
		Rels: []domain.RelInput{
			req("r1", "a", 5, true), req("r1", "b", 3, false), req("r2", "a", 5, false), req("r2", "b", 4, false),
			req("r3", "a", 2, false), req("r3", "c", 4, true),
			{Type: domain.Uses, FromID: "r1", ToID: "t1", Props: domain.PropsOf("hot", p(true), "inDemand", p(false)), Source: "test"},
			{Type: domain.Uses, FromID: "r2", ToID: "t1", Props: domain.PropsOf("importance", p(4)), Source: "test"},
			{Type: domain.Uses, FromID: "r3", ToID: "t2", Props: domain.PropsOf("hot", p(false), "inDemand", p(true)), Source: "test"},
			{Type: domain.SkillLink, FromID: "b", ToID: "c", Props: domain.PropsOf("weight", p(0.7)), Source: "test"},
			{Type: domain.Supports, FromID: "t1", ToID: "b", Source: "test"},
			{Type: domain.LeadsTo, FromID: "r1", ToID: "r2", Source: "test"},
			{Type: domain.RoleLink, FromID: "r2", ToID: "r3", Props: domain.PropsOf("rank", p(1), "tier", p("Primary-Short")), Source: "test"},
		},
	}
	return serveBatch(t, b)
}

// serveBatch serves a graph holding only b.
func serveBatch(t *testing.T, b domain.Batch) *api {
	t.Helper()
	st := neo4jtest.MustOpen(t)
	if err := st.Apply(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.NewHandler(httpapi.HandlerConfig{Graph: st, Insights: st, Extractor: &extract.Extractor{Store: st, Version: neo4jtest.MustWatch(t, st, 0)},
		Limits: graph.Limits{DefaultFirst: 20, MaxFirst: 100}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	t.Cleanup(srv.Close)
	return &api{srv, st}
}

func near(t *testing.T, what string, got any, want float64) {
	t.Helper()
	g, ok := got.(float64)
	if !ok || math.Abs(g-want) > 1e-9 {
		t.Errorf("%s = %v, want %.9f", what, got, want)
	}
}

func ids(list any, path ...any) []string {
	var out []string
	for _, x := range list.([]any) {
		out = append(out, get(x, path...).(string))
	}
	return out
}

func TestInsightsByHand(t *testing.T) {
	a := MustTinyAPI(t)

	t.Run("SkillAdjacency", func(t *testing.T) {
		d := a.MustData(t, `{ skillAdjacency(skillId: "a") { weight jaccard cooccurrences explicitWeight skill { id: slug } sampleRoles { id: slug } }
			skill(id: "c") { adjacentSkills { weight jaccard explicitWeight skill { id: slug } } } }`, nil)
		adj := d["skillAdjacency"].([]any)
		// a is required by r1, r2, r3; b by r1, r2 (both with a); c by r3 (with a).
		if strings.Join(ids(adj, "skill", "id"), ",") != "b,c" {
			t.Fatalf("adjacency of a: %v", adj)
		}
		near(t, "jaccard(a,b)", get(adj[0], "jaccard"), 2.0/3) // 2 / (3 + 2 - 2)
		near(t, "weight(a,b)", get(adj[0], "weight"), 2.0/3)
		near(t, "jaccard(a,c)", get(adj[1], "jaccard"), 1.0/3) // 1 / (3 + 1 - 1)
		if get(adj[0], "cooccurrences") != 2.0 || strings.Join(ids(get(adj[0], "sampleRoles"), "id"), ",") != "r1,r2" || get(adj[0], "explicitWeight") != nil {
			t.Errorf("a-b: %v", adj[0])
		}
		// c: b only explicitly (0.7), a by co-occurrence (1/3); the larger wins.
		cadj := get(d, "skill", "adjacentSkills").([]any)
		if strings.Join(ids(cadj, "skill", "id"), ",") != "b,a" {
			t.Fatalf("adjacency of c: %v", cadj)
		}
		near(t, "weight(c,b)", get(cadj[0], "weight"), 0.7)
		near(t, "jaccard(c,b)", get(cadj[0], "jaccard"), 0)
		near(t, "weight(c,a)", get(cadj[1], "weight"), 1.0/3)
	})

	t.Run("SimilarRoles", func(t *testing.T) {
		d := a.MustData(t, `{ role(id: "r1") { similarRoles { score role { id: slug }
			sharedSkills { weight node { id: slug } } sharedTechnologies { weight node { id: slug } } missing { weight node { id: slug } } } } }`, nil)
		sim := get(d, "role", "similarRoles").([]any)
		if strings.Join(ids(sim, "role", "id"), ",") != "r2,r3" {
			t.Fatalf("similar to r1: %v", sim)
		}
		// 4 roles; roles needing: a 3, b 2, t1 2, c 1, t2 1. IDF = ln(4 / that).
		ia, ib, it1, ic, it2 := math.Log(4.0/3), math.Log(2), math.Log(2), math.Log(4), math.Log(4)
		r1 := 5*ia + 3*ib + 3*it1
		r2 := 5*ia + 4*ib + 4*it1
		r3 := 2*ia + 4*ic + 4*it2
		shared12 := 5*ia + 3*ib + 3*it1 // min of each weight, times IDF
		near(t, "score(r1,r2)", get(sim[0], "score"), shared12/(r1+r2-shared12))
		shared13 := 2 * ia
		near(t, "score(r1,r3)", get(sim[1], "score"), shared13/(r1+r3-shared13))
		near(t, "r2 shares b", get(sim[0], "sharedSkills", 0, "weight"), 3*ib)
		if get(sim[0], "sharedSkills", 0, "node", "id") != "b" || get(sim[0], "sharedTechnologies", 0, "node", "id") != "t1" {
			t.Errorf("shared: %v", sim[0])
		}
		// What r3 needs that r1 does not: c and t2, weight 4 each, by id.
		if got := strings.Join(ids(get(sim[1], "missing"), "node", "id"), ","); got != "c,t2" {
			t.Errorf("missing %s", got)
		}
	})

	t.Run("RoleMatches", func(t *testing.T) {
		d := a.MustData(t, `{ roleMatches(skills: ["a", "b"], technologies: ["t1"]) {
			coverage matchedWeight totalWeight role { id: slug } missing { weight node { id: slug } } matched { node { id: slug } } } }`, nil)
		m := d["roleMatches"].([]any)
		// r1 needs 5+3+3 = 11 and has all; r2 5+4+4 = 13, all; r3 2+4+4 = 10, only a (2).
		if strings.Join(ids(m, "role", "id"), ",") != "r2,r1,r3" {
			t.Fatalf("matches %v", m)
		}
		near(t, "coverage r2", get(m[0], "coverage"), 1)
		near(t, "total r2", get(m[0], "totalWeight"), 13)
		near(t, "total r1", get(m[1], "totalWeight"), 11)
		near(t, "coverage r3", get(m[2], "coverage"), 0.2)
		if got := strings.Join(ids(get(m[2], "missing"), "node", "id"), ","); got != "c,t2" {
			t.Errorf("r3 missing %s", got)
		}
		// score = (share + similarity) / 2. 4 roles, no hubs; IDF as in SimilarRoles.
		// The person's weight: 5 x (IDF a + IDF b + IDF t1); each role's profile weight:
		// r1 5 ia + 3 ib + 3 it1, r2 5 ia + 4 ib + 4 it1, r3 2 ia + 4 ic + 4 it2.
		// similarity: the cosines of the skill parts and of the technology parts, weighted by
		// the person's squared length in each: the person's skills (ia, ib), technologies
		// (it1 = ib); the roles' skills (5 ia, 3 ib), (5 ia, 4 ib), (2 ia, 4 ic) and
		// technologies (3 it1), (4 it1), (4 it2).
		ia, ib, ic := math.Log(4.0/3), math.Log(2), math.Log(4)
		person := 5 * (ia + 2*ib)
		d = a.MustData(t, `{ roleMatches(skills: ["a", "b"], technologies: ["t1"]) { score share similarity profileCoverage role { id: slug } } }`, nil)
		m = d["roleMatches"].([]any)
		r1, r2, r3 := 5*ia+6*ib, 5*ia+8*ib, 2*ia+8*ic
		ps2, pt2 := ia*ia+ib*ib, ib*ib
		sim := func(dotS, normS2, dotT, normT2 float64) float64 {
			v := math.Sqrt(ps2) * dotS / math.Sqrt(normS2)
			if normT2 > 0 {
				v += math.Sqrt(pt2) * dotT / math.Sqrt(normT2)
			}
			return v / (ps2 + pt2)
		}
		for i, w := range []struct{ share, sim, cov float64 }{
			{r2 / person, sim(5*ia*ia+4*ib*ib, 25*ia*ia+16*ib*ib, 4*ib*ib, 16*ib*ib), 1},
			{r1 / person, sim(5*ia*ia+3*ib*ib, 25*ia*ia+9*ib*ib, 3*ib*ib, 9*ib*ib), 1},
			{2 * ia / person, sim(2*ia*ia, 4*ia*ia+16*ic*ic, 0, 16*ic*ic), 2 * ia / r3},
		} {
			near(t, fmt.Sprintf("share %d", i), get(m[i], "share"), w.share)
			near(t, fmt.Sprintf("similarity %d", i), get(m[i], "similarity"), w.sim)
			near(t, fmt.Sprintf("profileCoverage %d", i), get(m[i], "profileCoverage"), w.cov)
			near(t, fmt.Sprintf("score %d", i), get(m[i], "score"), (w.share+w.sim)/2)
		}
		// t1 SUPPORTS b: knowing t1 counts half of b where b is needed, in the cosine (the
		// person's skills (ib / 2), technologies (it1)) and in profileCoverage.
		d = a.MustData(t, `{ roleMatches(technologies: ["t1"]) { score share similarity profileCoverage role { id: slug } reached { node { id: slug } } } }`, nil)
		m = d["roleMatches"].([]any)
		if strings.Join(ids(m, "role", "id"), ",") != "r2,r1" {
			t.Fatalf("matches of t1 %v", m)
		}
		near(t, "share r2 (t1)", get(m[0], "share"), 0.8)
		// (|ps| dotS / |rs| + |pt| dotT / |rt|) / (ps2 + pt2) with ps = ib / 2, pt = ib.
		near(t, "similarity r2 (t1)", get(m[0], "similarity"), (ib/2*(2*ib*ib)/math.Sqrt(25*ia*ia+16*ib*ib)+ib*(4*ib*ib)/(4*ib))/(1.25*ib*ib))
		near(t, "profileCoverage r2 (t1)", get(m[0], "profileCoverage"), (4*ib+0.5*4*ib)/r2)
		near(t, "profileCoverage r1 (t1)", get(m[1], "profileCoverage"), (3*ib+0.5*3*ib)/r1)
		if got := strings.Join(ids(get(m[0], "reached"), "node", "id"), ","); got != "b" {
			t.Errorf("r2 reached %s, want b (t1 SUPPORTS it)", got)
		}
		r := a.Do(t, `{ roleMatches(skills: ["a", "zzz"]) { coverage } }`, nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "zzz") {
			t.Errorf("unknown skill: %+v", r.Errors)
		}
	})

	t.Run("SkillGap", func(t *testing.T) {
		d := a.MustData(t, `{ skillGap(role: "r2", skills: ["a"]) { kind weight node { id: slug } supportedBy { id: slug } learnedIn { id: slug } } }`, nil)
		g := d["skillGap"].([]any)
		if strings.Join(ids(g, "node", "id"), ",") != "b,t1" {
			t.Fatalf("gap %v", g)
		}
		// b is supported by t1 and needed by r1, which leads to r2.
		if get(g[0], "supportedBy", 0, "id") != "t1" || get(g[0], "learnedIn", 0, "id") != "r1" || get(g[0], "kind") != "SKILL" {
			t.Errorf("b: %v", g[0])
		}
		if get(g[1], "supportedBy", 0, "id") != "b" || get(g[1], "kind") != "TECHNOLOGY" {
			t.Errorf("t1: %v", g[1])
		}
		r := a.Do(t, `{ skillGap(role: "nope") { weight } }`, nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "NOT_FOUND" {
			t.Errorf("unknown role: %+v", r.Errors)
		}
	})

	t.Run("CareerPath", func(t *testing.T) {
		d := a.MustData(t, `{ up: careerPath(from: "r1", to: "r3") { found cost steps { from { id: slug } to { id: slug } via forward cost
				skillsToAcquire { node { id: slug } } technologiesToAcquire { node { id: slug } } } }
			down: careerPath(from: "r3", to: "r1") { found cost steps { via forward } }
			none: careerPath(from: "r1", to: "r4") { found reason steps { via } } }`, nil)
		up := d["up"]
		near(t, "cost r1->r3", get(up, "cost"), 1+1.25) // LEADS_TO forward, RELATED_TO rank 1
		steps := get(up, "steps").([]any)
		if len(steps) != 2 || get(steps[0], "via") != "LEADS_TO" || get(steps[1], "via") != "RELATED_TO" || get(steps[1], "forward") != true {
			t.Fatalf("steps %v", steps)
		}
		if len(get(steps[0], "skillsToAcquire").([]any)) != 0 || get(steps[1], "skillsToAcquire", 0, "node", "id") != "c" || get(steps[1], "technologiesToAcquire", 0, "node", "id") != "t2" {
			t.Errorf("to acquire: %v", steps)
		}
		near(t, "cost r3->r1", get(d, "down", "cost"), 1.25+3) // both backward; LEADS_TO backward costs 3
		if get(d, "none", "found") != false || !strings.Contains(get(d, "none", "reason").(string), "no route from r1 to r4") {
			t.Errorf("none: %v", d["none"])
		}
		for q, code := range map[string]string{
			`{ careerPath(from: "r1", to: "zz") { found } }`:              "NOT_FOUND",
			`{ careerPath(from: "r1", to: "r3", maxSteps: 9) { found } }`: "BAD_USER_INPUT",
			`{ careerPath(from: "r1", to: "r1") { found } }`:              "BAD_USER_INPUT",
		} {
			if r := a.Do(t, q, nil); len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != code {
				t.Errorf("%s: %+v", q, r.Errors)
			}
		}
	})

	t.Run("Neighborhood", func(t *testing.T) {
		q := `query($limit: Int) { neighborhood(id: "r2", limit: $limit) { truncated nodes { kind depth node { id: slug } } edges { type from to properties { importance rank source } } } }`
		d := a.MustData(t, q, map[string]any{"limit": 50})
		n := get(d, "neighborhood")
		// Neighbours by kind, then id: roles r1, r3; skills a, b; technology t1.
		if got := strings.Join(ids(get(n, "nodes"), "node", "id"), ","); got != "r2,r1,r3,a,b,t1" || get(n, "truncated") != false {
			t.Fatalf("nodes %s", got)
		}
		edges := map[string]bool{}
		for _, e := range get(n, "edges").([]any) {
			edges[get(e, "type").(string)+" "+get(e, "from").(string)+"->"+get(e, "to").(string)] = true
			// Typed properties: r2 REQUIRES a at importance 5; RELATED_TO r3 at rank 1.
			switch get(e, "type").(string) + " " + get(e, "to").(string) {
			case "REQUIRES Skill:a":
				if get(e, "properties", "importance") != float64(5) || get(e, "properties", "rank") != nil {
					t.Errorf("REQUIRES r2->a properties %v", get(e, "properties"))
				}
			}
		}
		for _, want := range []string{"LEADS_TO Role:r1->Role:r2", "RELATED_TO Role:r2->Role:r3", "REQUIRES Role:r2->Skill:a", "REQUIRES Role:r2->Skill:b", "USES Role:r2->Technology:t1"} {
			if !edges[want] {
				t.Errorf("missing edge %s in %v", want, edges)
			}
		}
		if len(edges) != 5 {
			t.Errorf("edges %v", edges)
		}
		d = a.MustData(t, q, map[string]any{"limit": 3})
		if got := strings.Join(ids(get(d, "neighborhood", "nodes"), "node", "id"), ","); got != "r2,r1,r3" || get(d, "neighborhood", "truncated") != true {
			t.Errorf("limited: %s", got)
		}
		if len(get(d, "neighborhood", "edges").([]any)) != 2 {
			t.Errorf("limited edges %v", get(d, "neighborhood", "edges"))
		}
	})

	t.Run("Stats", func(t *testing.T) {
		d := a.MustData(t, `{ stats(top: 2) { nodes { kind count } relationships { type count }
			topTechnologies { roles hotRoles technology { id: slug } } topHotTechnologies { roles hotRoles technology { id: slug } } } }`, nil)
		st := d["stats"]
		counts := map[string]float64{}
		for _, n := range get(st, "nodes").([]any) {
			counts[get(n, "kind").(string)] = get(n, "count").(float64)
		}
		for _, r := range get(st, "relationships").([]any) {
			counts[get(r, "type").(string)] = get(r, "count").(float64)
		}
		want := map[string]float64{"ROLE": 4, "SKILL": 3, "TECHNOLOGY": 2, "INDUSTRY": 0, "REQUIRES": 6, "USES": 3,
			"SUPPORTS": 1, "RELATED_TO Skill->Skill": 1, "RELATED_TO Role->Role": 1, "LEADS_TO": 1, "SPECIALIZES": 0}
		for k, v := range want {
			if counts[k] != v {
				t.Errorf("%s = %v, want %v", k, counts[k], v)
			}
		}
		// t1 is used by r1 (hot) and r2; t2 by r3 (not hot). Both counts in both lists.
		if get(st, "topTechnologies", 0, "technology", "id") != "t1" || get(st, "topTechnologies", 0, "roles") != 2.0 ||
			get(st, "topTechnologies", 0, "hotRoles") != 1.0 || get(st, "topTechnologies", 1, "hotRoles") != 0.0 {
			t.Errorf("top %v", get(st, "topTechnologies"))
		}
		if hot := get(st, "topHotTechnologies").([]any); len(hot) != 1 || get(hot[0], "hotRoles") != 1.0 || get(hot[0], "roles") != 2.0 {
			t.Errorf("hot %v", hot)
		}
	})

	t.Run("RankedFieldsBatched", func(t *testing.T) {
		before := a.st.QueryCount()
		d := a.MustData(t, `{ roles { edges { node { id: slug similarRoles(first: 1) { role { id: slug } } } } }
			skills { edges { node { adjacentSkills(first: 1) { skill { id: slug } } } } } }`, nil)
		if len(get(d, "roles", "edges").([]any)) != 4 {
			t.Fatalf("%v", d)
		}
		// Two lists and one batch per ranked field, primed by the prefetch, so exactly.
		if trips := a.st.QueryCount() - before; trips != 4 {
			t.Errorf("%d round trips for 4 roles' similarRoles and 3 skills' adjacentSkills", trips)
		}
		// Below a ranked field, one more per level: roles, their similar roles, the skills
		// of those, and the roles adjacent skills lead to.
		before = a.st.QueryCount()
		d = a.MustData(t, `{ roles { edges { node { similarRoles(first: 2) { role { id: slug skills { edges { node {
			adjacentSkills(first: 2) { skill { id: slug } } } } } } } } } } }`, nil)
		if get(d, "roles", "edges", 0, "node", "similarRoles", 0, "role", "skills", "edges", 0, "node", "adjacentSkills", 0, "skill", "id") == nil {
			t.Fatalf("%v", d)
		}
		if trips := a.st.QueryCount() - before; trips != 4 {
			t.Errorf("%d round trips for four levels", trips)
		}
	})
}

func TestExtractSkills(t *testing.T) {
	a := MustAPI(t)
	extractIDs := func(t *testing.T, text string) map[string]bool {
		t.Helper()
		d := a.MustData(t, `query($t: String!) { extractSkills(text: $t) { start end text kind node { id: slug } } }`, map[string]any{"t": text})
		out := map[string]bool{}
		runes := []rune(text)
		for _, m := range d["extractSkills"].([]any) {
			s, e := int(get(m, "start").(float64)), int(get(m, "end").(float64))
			if string(runes[s:e]) != get(m, "text") {
				t.Errorf("offsets %d-%d do not give %q", s, e, get(m, "text"))
			}
			out[strings.ToLower(get(m, "kind").(string))+":"+get(m, "node", "id").(string)] = true
		}
		return out
	}

	t.Run("SeedDocuments", func(t *testing.T) {
		// What each source document names, as the curated seed records it.
		want := map[string][]string{
			"000_d28c1e976b714264.txt": {"python", "ruby", "nodejs", "mysql", "postgresql", "mongodb", "express", "flask", "postman", "swagger", "aws", "azure", "docker", "kubernetes"},
			"001_a9b82afe321ddf93.txt": {"python", "java", "ruby", "php", "mysql", "postgresql", "mongodb", "nodejs", "django", "ruby-on-rails"},
			"003_3b8150fa670e3e2a.txt": {"java", "python", "django", "flask", "javascript", "nodejs", "go", "csharp", "dotnet", "postgresql", "mysql", "mongodb", "redis", "graphql", "rest", "aws", "azure", "google-cloud", "docker", "kubernetes"},
		}
		for file, techs := range want {
			text, err := os.ReadFile(filepath.Join("..", "data", "seeds", file))
			if err != nil {
				t.Fatalf("the seed documents are read from data/seeds: %v", err)
			}
			got := extractIDs(t, string(text))
			for _, id := range techs {
				if !got["technology:"+id] {
					t.Errorf("%s: %s not found", file, id)
				}
			}
			if file == "003_3b8150fa670e3e2a.txt" && !got["role:backend-developer"] {
				t.Errorf("%s: the role it describes (alias Backend Software Developer) not found", file)
			}
		}
	})

	t.Run("StaysInStepWithWrites", func(t *testing.T) {
		text := "We build in Zig and Elixir."
		if got := extractIDs(t, text); len(got) != 0 {
			t.Fatalf("before: %v", got)
		}
		err := a.st.Apply(context.Background(), domain.Batch{Nodes: []domain.NodeInput{{Kind: domain.KindTechnology,
			Node: domain.Node{Props: domain.PropsOf("category", "language"), ID: "zig", Name: "Zig", Source: "test"}}}})
		if err != nil {
			t.Fatal(err)
		}
		// Rebuilt in the background after the write and swapped in.
		var got map[string]bool
		eventually(func() bool { got = extractIDs(t, text); return got["technology:zig"] })
		if !got["technology:zig"] || len(got) != 1 {
			t.Errorf("after adding Zig: %v", got)
		}
	})

	t.Run("SeesOtherProcessesWrites", func(t *testing.T) {
		// Another process (here: another driver) writes; the extractor sees it once its
		// watcher has read the version again (every 100 ms here).
		x := &extract.Extractor{Store: a.st, Version: neo4jtest.MustWatch(t, a.st, 100*time.Millisecond)}
		find := func() []string {
			ms, err := x.Extract(context.Background(), "Written in Gleam.")
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, m := range ms {
				out = append(out, domain.IDOf(m.Node))
			}
			return out
		}
		if got := find(); len(got) != 0 {
			t.Fatalf("before: %v", got)
		}
		other, err := store.Open(context.Background(), neo4jtest.Config(t))
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close(context.Background())
		err = other.Apply(context.Background(), domain.Batch{Nodes: []domain.NodeInput{{Kind: domain.KindTechnology,
			Node: domain.Node{Props: domain.PropsOf("category", "language"), ID: "gleam", Name: "Gleam", Source: "test"}}}})
		if err != nil {
			t.Fatal(err)
		}
		// Noticed at the next read of the version, rebuilt in the background and swapped in.
		var got []string
		eventually(func() bool { got = find(); return len(got) == 1 })
		if len(got) != 1 || got[0] != "gleam" {
			t.Errorf("after another process added Gleam: %v", got)
		}
	})

	t.Run("TooLong", func(t *testing.T) {
		r := a.Do(t, `query($t: String!) { extractSkills(text: $t) { start } }`, map[string]any{"t": strings.Repeat("Go ", 40000)})
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "text" {
			t.Errorf("%+v", r.Errors)
		}
	})
}

// eventually polls ok until it holds, for at most 5 seconds (what is rebuilt in the
// background, such as the extraction dictionary after a write).
func eventually(ok func() bool) {
	for deadline := time.Now().Add(5 * time.Second); !ok() && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRoleMatchesItemNoRoleNeeds: an item no role needs with a weight (roleCount 0), given
// or reached through SUPPORTS, ranks nothing rather than failing with Neo4j's "/ by zero".
func TestRoleMatchesItemNoRoleNeeds(t *testing.T) {
	a := MustAPI(t)
	for _, q := range []string{`{ roleMatches(technologies: ["go"]) { score role { id } } }`, `{ roleMatches(skills: ["concurrent-programming"]) { score role { id } } }`} {
		if r := a.Do(t, q, nil); len(r.Errors) > 0 {
			t.Errorf("%s: %+v", q, r.Errors)
		}
	}
}
