package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/jsonpath"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/onet"
	"github.com/skillgraph/skillgraph/store"
)

func testEnv(tb testing.TB) func(string) string {
	cfg := neo4jtest.Config(tb)
	return env(map[string]string{"NEO4J_URI": cfg.URI, "NEO4J_USER": cfg.User, "NEO4J_PASSWORD": cfg.Password, "NEO4J_DATABASE": cfg.Database})
}

// MustImport runs `skillgraph import onet DIR` and returns what it printed.
func MustImport(tb testing.TB, dir string) string {
	tb.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "onet", dir, "-progress", "off"}, testEnv(tb), &out, io.Discard); err != nil {
		tb.Fatal(err)
	}
	return out.String()
}

// The figures below follow from the files and the rules in package onet:
//   - 1016 occupations, 923 with a Job Zone;
//   - 8768 distinct technology examples: 37 resolve to 34 curated technologies (listed in
//     TestImportONET), 8731 become new Technology nodes (Microsoft Windows Server is one:
//     the curated Windows is the desktop system);
//   - 32627 Technology Skills rows give 32623 USES edges: 4 rows name a second example
//     of a technology the occupation already uses (such as Sun Microsystems Java beside
//     Oracle Java);
//   - 18460 Related Occupations rows give 18460 RELATED_TO edges;
//   - the 23 curated roles with O*NET codes point to them through 36 CLOSEST_TO edges.
var onetCounts = map[string]int64{
	"Role": 23 + 1016, "Technology": 40 + 8731, "Skill": 65, "Industry": 14, "Import": 1,
	"USES": 78 + 32623, "RELATED_TO": 45 + 18460, "CLOSEST_TO": 36,
	"REQUIRES": 159, "IN_INDUSTRY": 19, "SUPPORTS": 58, "SPECIALIZES": 15, "LEADS_TO": 6,
}

func TestImportONET(t *testing.T) {
	dir := neo4jtest.MustONetDir(t)
	st := neo4jtest.MustSeed(t)
	out := MustImport(t, dir)
	if !strings.Contains(out, "imported O*NET 29.2") || !strings.Contains(out, "1016 occupations, 8765 technologies (8731 new, 34 resolved to existing ones from 37 examples), 32623 USES, 18460 RELATED_TO, 36 curated roles linked") {
		t.Errorf("summary: %s", out)
	}
	counts := neo4jtest.Counts(t)

	t.Run("RelationshipEndsMatchKinds", func(t *testing.T) {
		neo4jtest.MustRelEndsMatchKinds(t)
	})
	t.Run("ExactCounts", func(t *testing.T) {
		for k, want := range onetCounts {
			if counts[k] != want {
				t.Errorf("%s: %d, want %d", k, counts[k], want)
			}
		}
		if len(counts) != len(onetCounts) {
			t.Errorf("labels and types %v", counts)
		}
		r := neo4jtest.MustQuery(t, `MATCH (r:Role {source: 'O*NET 29.2'}) RETURN count(r) AS n, count(r.jobZone) AS zoned`, nil)[0]
		if r["n"] != int64(1016) || r["zoned"] != int64(923) {
			t.Errorf("roles from O*NET %v", r)
		}
		r = neo4jtest.MustQuery(t, `MATCH ()-[e]->() WHERE e.source = 'O*NET 29.2' RETURN type(e) AS t, count(e) AS n ORDER BY t`, nil)[0]
		if r["t"] != "RELATED_TO" || r["n"] != int64(18460) {
			t.Errorf("provenance on edges: %v", r)
		}
	})

	t.Run("CuratedLinks", func(t *testing.T) {
		// O*NET files these titles under these occupations (Alternate Titles).
		for role, code := range map[string]string{"backend-developer": "15-1254.00", "software-architect": "15-1252.00", "product-manager": "11-2021.00"} {
			if n := neo4jtest.MustQuery(t, `MATCH (:Role {id: $r})-[e:CLOSEST_TO]->(:Role {id: $c}) RETURN count(e) AS n`,
				map[string]any{"r": role, "c": code})[0]["n"]; n != int64(1) {
				t.Errorf("%s CLOSEST_TO %s: %v", role, code, n)
			}
		}
		// Windows Server is not the desktop Windows: 27 occupations use it, 237 Windows.
		r := neo4jtest.MustQuery(t, `MATCH (t:Technology {name: 'Microsoft Windows Server'}) RETURN count { (t)<-[:USES]-() } AS n`, nil)
		if len(r) != 1 || r[0]["n"] != int64(27) {
			t.Errorf("Microsoft Windows Server: %v", r)
		}
	})

	t.Run("ResolvedIntoCuratedTechnologies", func(t *testing.T) {
		rows := neo4jtest.MustQuery(t, `MATCH (t:Technology) WHERE t.importedFrom = 'O*NET 29.2'
			RETURN t.id AS id, t.source AS source, t.onetNames AS names ORDER BY id`, nil)
		got := map[string][]any{}
		for _, r := range rows {
			if !strings.HasPrefix(r["source"].(string), "seed:") {
				t.Errorf("%s lost its curated source: %v", r["id"], r["source"])
			}
			got[r["id"].(string)] = r["names"].([]any)
		}
		want := map[string][]string{
			"aws": {"Amazon Web Services AWS software"}, "azure": {"Microsoft Azure software"},
			"java": {"Oracle Java", "Sun Microsystems Java"}, "php": {"Hypertext preprocessor PHP", "PHP"},
			"windows": {"Microsoft Windows"}, "postgresql": {"PostgreSQL"},
			"nodejs": {"Node.js"}, "html": {"Hypertext markup language HTML"}, "sql": {"Structured query language SQL"},
			"web-servers": {"Application server software", "Web server software"}, "cms": {"Content management systems CMS"},
		}
		if len(got) != 34 {
			t.Errorf("%d curated technologies resolved, want 34: %v", len(got), got)
		}
		for id, names := range want {
			if len(got[id]) != len(names) {
				t.Errorf("%s: %v, want %v", id, got[id], names)
				continue
			}
			for i, n := range names {
				if got[id][i] != n {
					t.Errorf("%s: %v, want %v", id, got[id], names)
				}
			}
		}
		for _, name := range []string{"PostgreSQL", "Python", "Docker", "Kubernetes", "Node.js"} {
			if n := neo4jtest.MustQuery(t, `MATCH (t:Technology {name: $n}) RETURN count(t) AS n`, map[string]any{"n": name})[0]["n"]; n != int64(1) {
				t.Errorf("%d Technology nodes named %s", n, name)
			}
		}
	})

	a := MustAPIOn(t, st)
	query := func(t *testing.T, q string) map[string]any { return a.MustData(t, q, nil) }

	t.Run("CuratedLinksRanked", func(t *testing.T) {
		// Ranked as the seed names them, closest first: Backend Developer is first a
		// Software Developer, then a Web Developer.
		d := query(t, `{ role(id: "backend-developer") { occupations { edges { rank source node { id: slug } } } }
			sd: role(id: "15-1252.00") { curatedRoles(where: {rank: {eq: 1}, node: {id: {eq: "backend-developer"}}}) { totalCount } } }`)
		var got []string
		for _, e := range get(d, "role", "occupations", "edges").([]any) {
			got = append(got, fmt.Sprintf("%v:%v", get(e, "node", "id"), get(e, "rank")))
		}
		if strings.Join(got, " ") != "15-1252.00:1 15-1254.00:2" {
			t.Errorf("backend-developer occupations by rank: %v", got)
		}
		if get(d, "sd", "curatedRoles", "totalCount") != 1.0 {
			t.Errorf("filter on rank: %v", d["sd"])
		}
	})

	t.Run("SoftwareDevelopers", func(t *testing.T) {
		d := query(t, `{ role(id: "15-1252.00") { name jobZone source aliases
			technologies(first: 100) { totalCount edges { hot inDemand source node { id: slug name category } } }
			relatedRoles(first: 6) { totalCount edges { tier rank node { id: slug } } }
			curatedRoles(first: 50) { totalCount edges { node { id: slug } } } } }`)
		role := d["role"].(map[string]any)
		if role["name"] != "Software Developers" || role["jobZone"] != 4.0 || role["source"] != "O*NET 29.2" {
			t.Errorf("role %v", role["name"])
		}
		if !containsAny(role["aliases"], "Application Architect") || !containsAny(role["aliases"], ".NET Developer") {
			t.Errorf("aliases lack alternate titles")
		}
		techs := role["technologies"].(map[string]any)
		// 425 rows in Technology Skills, each its own technology ("Microsoft Windows" is the
		// curated windows, "Microsoft Windows Server" another).
		if techs["totalCount"] != 425.0 {
			t.Errorf("%v technologies, want 425", techs["totalCount"])
		}
		// Flags as in the file: PostgreSQL hot Y, in demand N; Python Y, Y; Docker Y, Y.
		flags := map[string][2]any{}
		for _, r := range neo4jtest.MustQuery(t, `MATCH (:Role {id: '15-1252.00'})-[e:USES]->(t:Technology)
			WHERE t.id IN ['postgresql', 'python', 'docker'] RETURN t.id AS id, e.hot AS hot, e.inDemand AS demand`, nil) {
			flags[r["id"].(string)] = [2]any{r["hot"], r["demand"]}
		}
		if flags["postgresql"] != [2]any{true, false} || flags["python"] != [2]any{true, true} || flags["docker"] != [2]any{true, true} {
			t.Errorf("flags postgresql %v python %v docker %v", flags["postgresql"], flags["python"], flags["docker"])
		}
		for _, e := range techs["edges"].([]any) {
			if e := e.(map[string]any); e["source"] != "O*NET 29.2" || e["hot"] == nil || e["inDemand"] == nil {
				t.Errorf("edge without flags or provenance: %v", e)
				break
			}
		}
		rel := role["relatedRoles"].(map[string]any)
		var order []string
		for _, e := range rel["edges"].([]any) {
			e := e.(map[string]any)
			order = append(order, e["node"].(map[string]any)["id"].(string))
		}
		if strings.Join(order, ",") != "15-1299.08,15-1251.00,15-1211.00,17-2061.00,15-1253.00,15-1243.00" {
			t.Errorf("related in rank order: %v", order)
		}
		if e := rel["edges"].([]any)[5].(map[string]any); e["tier"] != "Primary-Long" || e["rank"] != 6.0 {
			t.Errorf("sixth related %v", e)
		}
		if n := role["curatedRoles"].(map[string]any)["totalCount"].(float64); n < 10 {
			t.Errorf("%v curated roles point to Software Developers", n)
		}
	})

	t.Run("CuratedAndImportedMeet", func(t *testing.T) {
		d := query(t, `{ role(id: "api-developer") { occupations { edges { node { id: slug name } } } }
			technology(id: "postgresql") { roles(first: 100) { totalCount edges { node { id: slug } } } } }`)
		occ := d["role"].(map[string]any)["occupations"].(map[string]any)["edges"].([]any)
		if len(occ) != 1 || occ[0].(map[string]any)["node"].(map[string]any)["name"] != "Software Developers" {
			t.Errorf("api-developer occupations %v", occ)
		}
		roles := d["technology"].(map[string]any)["roles"].(map[string]any)
		ids := ""
		for _, e := range roles["edges"].([]any) {
			ids += e.(map[string]any)["node"].(map[string]any)["id"].(string) + ","
		}
		if !strings.Contains(ids, "database-developer,") || !strings.Contains(ids, "15-1252.00,") {
			t.Errorf("postgresql roles %s", ids)
		}
	})

	t.Run("SimilarRolesOfASoftwareOccupation", func(t *testing.T) {
		d := query(t, `{ role(id: "15-1252.00") { similarRoles(first: 5) { score role { id: slug name } sharedTechnologies { node { id: slug } } } } }`)
		sim := d["role"].(map[string]any)["similarRoles"].([]any)
		if len(sim) != 5 {
			t.Fatalf("%v", sim)
		}
		for _, s := range sim {
			r := s.(map[string]any)["role"].(map[string]any)
			// 15-11xx/12xx/13xx are computer occupations; 15-2xxx are mathematical science.
			if !strings.HasPrefix(r["id"].(string), "15-1") {
				t.Errorf("similar to Software Developers: %s %s", r["id"], r["name"])
			}
		}
		// The import's ranking (onet/similarity.go), in its order, with its scores.
		stored := neo4jtest.MustQuery(t, `MATCH (r:Role {id: '15-1252.00'}) RETURN r.similar[..5] AS ids, r.similarScores[..5] AS scores`, nil)[0]
		for i, s := range sim {
			s := s.(map[string]any)
			if id := s["role"].(map[string]any)["id"]; id != stored["ids"].([]any)[i] || math.Abs(s["score"].(float64)-stored["scores"].([]any)[i].(float64)) > 1e-9 {
				t.Errorf("similar %d: %v %v, stored %v", i, id, s["score"], stored)
			}
			if i > 0 && s["score"].(float64) > sim[i-1].(map[string]any)["score"].(float64) {
				t.Errorf("not most similar first: %v", sim)
			}
		}
		// Hubs such as Microsoft Excel are left out of the explanation.
		for _, s := range sim {
			for _, x := range s.(map[string]any)["sharedTechnologies"].([]any) {
				if id := x.(map[string]any)["node"].(map[string]any)["id"]; id == "microsoft-excel" {
					t.Errorf("a hub counted: %v", id)
				}
			}
		}
	})

	t.Run("CareerPathPrefersCuratedSteps", func(t *testing.T) {
		d := query(t, `{ careerPath(from: "junior-backend-developer", to: "engineering-manager", maxSteps: 4) { found steps { via to { id: slug } } } }`)
		var route []string
		for _, s := range d["careerPath"].(map[string]any)["steps"].([]any) {
			st := s.(map[string]any)
			route = append(route, st["via"].(string)+":"+st["to"].(map[string]any)["id"].(string))
		}
		if strings.Join(route, " ") != "LEADS_TO:mid-level-backend-developer LEADS_TO:senior-backend-developer LEADS_TO:engineering-manager" {
			t.Errorf("route %v", route)
		}
	})

	t.Run("MergedFlagsHotIfEither", func(t *testing.T) {
		// 15-1299.02 lists Oracle Java (hot) and Sun Microsystems Java (not): one edge, hot.
		r := neo4jtest.MustQuery(t, `MATCH (:Role {id: '15-1299.02'})-[e:USES]->(:Technology {id: 'java'}) RETURN count(e) AS n, collect(e.hot) AS hot`, nil)[0]
		if r["n"] != int64(1) || r["hot"].([]any)[0] != true {
			t.Errorf("%v", r)
		}
	})

	t.Run("AliasesSearchable", func(t *testing.T) {
		d := query(t, `{ search(query: "AngularJS Developer", kinds: [ROLE], first: 3) { node { id: slug } } }`)
		hits := d["search"].([]any)
		if len(hits) == 0 || hits[0].(map[string]any)["node"].(map[string]any)["id"] != "15-1252.00" {
			t.Errorf("search by alternate title: %v", hits)
		}
	})

	t.Run("StatisticsAgreeWithAFullRefresh", func(t *testing.T) {
		// The import computes the statistics of what it writes itself (see importStats);
		// recomputing all of them in Cypher must change nothing.
		neo4jtest.MustKeptNeedWeights(t)
		before := statistics(t)
		if err := st.RefreshStats(context.Background()); err != nil {
			t.Fatal(err)
		}
		compareStatistics(t, before, statistics(t))
	})

	t.Run("ReimportChangesNothing", func(t *testing.T) {
		MustImport(t, dir)
		mustBeUnchanged(t, st, counts)
	})

	t.Run("WritesKeepStatisticsOfWhatTheyTouch", func(t *testing.T) {
		// A write refreshes only the statistics of the items it touches and of the roles
		// needing them; the result must be what a full refresh gives.
		ctx := context.Background()
		imp, ess := 5, true
		writes := []error{
			st.Apply(ctx, domain.Batch{By: "test", Rels: []domain.RelInput{
				{Type: domain.Uses, FromID: "backend-developer", ToID: "microsoft-excel", Props: domain.PropsOf("importance", &imp), Source: "test"},
				{Type: domain.Uses, FromID: "15-1252.00", ToID: "php", Props: domain.PropsOf("importance", &imp), Source: "test"},
				{Type: domain.Requires, FromID: "15-1252.00", ToID: "backend-programming", Props: domain.PropsOf("importance", &imp, "essential", &ess), Source: "test"},
				{Type: domain.LeadsTo, FromID: "backend-developer", ToID: "15-1252.00", Source: "test"},
			}}),
			st.Apply(ctx, domain.Batch{By: "test",
				Nodes: []domain.NodeInput{{Kind: domain.KindSkill, Node: domain.Node{Props: domain.PropsOf("category", "technical"), ID: "brand-new-skill", Name: "New", Source: "test"}}},
				Rels:  []domain.RelInput{{Type: domain.Requires, FromID: "api-developer", ToID: "brand-new-skill", Props: domain.PropsOf("importance", &imp, "essential", &ess), Source: "test"}}}),
		}
		_, err := st.Disconnect(ctx, domain.Uses, "15-1252.00", "python")
		writes = append(writes, err)
		for _, err := range writes {
			if err != nil {
				t.Fatal(err)
			}
		}
		before := statistics(t)
		if err := st.RefreshStats(ctx); err != nil {
			t.Fatal(err)
		}
		compareStatistics(t, before, statistics(t))
		// The similarity the import ranked read what 15-1252.00 needed: dropped with the
		// write, and ranked by the profile ranking (kept by the refresh above); others keep
		// the import's.
		kept := neo4jtest.MustQuery(t, `MATCH (r:Role) WHERE r.id IN ['15-1252.00', '15-1251.00']
			RETURN r.id AS id, r.similar IS NOT NULL AND r.similarBy IS NULL AS kept ORDER BY id`, nil)
		if kept[0]["kept"] != true || kept[1]["kept"] != false {
			t.Errorf("imported similarity kept: %v", kept)
		}
		sim, err := st.SimilarRoles(ctx, []string{"15-1252.00"}, 5)
		if err != nil || len(sim["15-1252.00"]) != 5 || !strings.HasPrefix(sim["15-1252.00"][0].Role.ID, "15-1") {
			t.Errorf("similarRoles after a write: %v %v", sim, err)
		}
	})

	t.Run("InterruptedThenRerunEqualsClean", func(t *testing.T) {
		st := neo4jtest.MustSeed(t)
		known, err := st.KnownTechnologies(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		d, err := onet.Read(dir, "", known, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Stop it in the middle of the USES step, as a kill would.
		ctx, cancel := context.WithCancel(context.Background())
		_, err = st.ImportONET(ctx, d, 5000, func(step string, done, total int) {
			if step == "uses" && done >= 10000 {
				cancel()
			}
		})
		if err == nil {
			t.Fatal("the interrupted import reported success")
		}
		status, err := st.ImportStatus(context.Background(), "O*NET 29.2")
		if err != nil || status != "running" {
			t.Errorf("status after interruption %q, %v", status, err)
		}
		partial := neo4jtest.Counts(t)
		if partial["USES"] >= counts["USES"] || partial["USES"] <= 78 {
			t.Errorf("interruption did not stop mid-way: USES %d", partial["USES"])
		}
		MustImport(t, dir)
		if after := neo4jtest.Counts(t); !neo4jtest.SameCounts(counts, after) {
			t.Errorf("rerun after interruption: %v, clean import: %v", after, counts)
		}
		if status, _ := st.ImportStatus(context.Background(), "O*NET 29.2"); status != "complete" {
			t.Errorf("status %q", status)
		}
	})
}

// apiOn answers GraphQL requests in process over a store.
type apiOn struct{ h http.Handler }

// MustAPIOn is an in-process API over st.
func MustAPIOn(tb testing.TB, st *store.Store) apiOn {
	return apiOn{httpapi.NewHandler(httpapi.HandlerConfig{Graph: st, Insights: st, Extractor: &extract.Extractor{Store: st, Version: neo4jtest.MustWatch(tb, st, 0)}, Limits: graph.Limits{DefaultFirst: 20, MaxFirst: 100},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})}
}

// MustData posts a query and returns its data, failing on any error.
func (a apiOn) MustData(t testing.TB, q string, vars map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	a.h.ServeHTTP(rec, req)
	var res struct {
		Data   map[string]any
		Errors []any
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || len(res.Errors) > 0 {
		t.Fatalf("%v %s", err, rec.Body.String())
	}
	return res.Data
}

func get(v any, path ...any) any { return jsonpath.Get(v, path...) }

// statistics reads every node's ranking statistics, keyed by label and id.
func statistics(t *testing.T) map[string][6]any {
	t.Helper()
	out := map[string][6]any{}
	for _, r := range neo4jtest.MustQuery(t, `MATCH (n) WHERE n:Role OR n:Skill OR n:Technology
		RETURN labels(n)[0] + ' ' + n.id AS k, n.roleCount AS c, n.needWeight AS w, n.similarityWeight AS s, n.similarityCut AS cut,
		n.skillNorm AS skillNorm, n.techNorm AS techNorm`, nil) {
		out[r["k"].(string)] = [6]any{r["c"], r["w"], r["s"], r["cut"], r["skillNorm"], r["techNorm"]}
	}
	return out
}

func compareStatistics(t *testing.T, got, want map[string][6]any) {
	t.Helper()
	bad := 0
	for k, w := range want {
		g := got[k]
		for i := range w {
			if !closeEnough(g[i], w[i]) {
				if bad++; bad <= 5 {
					t.Errorf("%s statistic %d: import wrote %v, a full refresh gives %v", k, i, g[i], w[i])
				}
			}
		}
	}
	if len(got) != len(want) || bad > 0 {
		t.Errorf("%d nodes against %d, %d differences", len(got), len(want), bad)
	}
}

func closeEnough(a, b any) bool {
	fa, okA := a.(float64)
	fb, okB := b.(float64)
	if okA && okB {
		d := fa - fb
		return d < 1e-9*(1+fb) && -d < 1e-9*(1+fb)
	}
	return a == b
}

func containsAny(list any, s string) bool {
	for _, v := range list.([]any) {
		if v == s {
			return true
		}
	}
	return false
}

// writeFixture copies the small release of package onet's tests' shape into a folder.
func writeFixture(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.ReplaceAll(body, "\n", "\r\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func smallRelease() map[string]string {
	return map[string]string{
		onet.ReadMeFile:     "O*NET 99.1 Database\n",
		onet.OccupationFile: "O*NET-SOC Code\tTitle\tDescription\n15-1252.00\tSoftware Developers\tWrite software.\n15-1254.00\tWeb Developers\tBuild websites.\n",
		onet.JobZoneFile:    "O*NET-SOC Code\tJob Zone\tDate\tDomain Source\n15-1252.00\t4\t11/2021\tAnalyst\n",
		onet.AlternateFile:  "O*NET-SOC Code\tAlternate Title\tShort Title\tSource(s)\n15-1252.00\tApplication Developer\tn/a\t08\n",
		onet.ReportedFile:   "O*NET-SOC Code\tReported Job Title\tShown in My Next Move\n15-1252.00\tSoftware Engineer\tY\n",
		onet.RelatedFile:    "O*NET-SOC Code\tRelated O*NET-SOC Code\tRelatedness Tier\tIndex\n15-1252.00\t15-1254.00\tPrimary-Short\t1\n",
		onet.TechnologyFile: "O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand\n" +
			"15-1252.00\tPostgreSQL\t43232311\tData base management software\tY\tN\n" +
			"15-1252.00\tWindent SQL\t43232311\tData base management software\tMaybe\tN\n" +
			"15-1254.00\tReact\t43232408\tWeb platform development software\tY\tY\n",
	}
}

func TestImportBadInput(t *testing.T) {
	neo4jtest.MustSeed(t)
	before := neo4jtest.Counts(t)

	t.Run("AbortWritesNothing", func(t *testing.T) {
		for name, change := range map[string]func(map[string]string){
			"MissingFile": func(f map[string]string) { delete(f, onet.RelatedFile) },
			"MissingColumn": func(f map[string]string) {
				f[onet.OccupationFile] = strings.Replace(f[onet.OccupationFile], "Title", "Name", 1)
			},
		} {
			t.Run(name, func(t *testing.T) {
				files := smallRelease()
				change(files)
				err := run(context.Background(), []string{"import", "onet", writeFixture(t, files)}, testEnv(t), io.Discard, io.Discard)
				var ie *onet.InputError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), "import aborted, nothing written") {
					t.Fatalf("err = %v", err)
				}
				if after := neo4jtest.Counts(t); !neo4jtest.SameCounts(before, after) {
					t.Errorf("an aborted import wrote: %v -> %v", before, after)
				}
			})
		}
	})

	t.Run("BadRowSkippedAndReported", func(t *testing.T) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{"import", "onet", writeFixture(t, smallRelease()), "-progress", "off"}, testEnv(t), &out, &errOut)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(errOut.String(), `Technology Skills.txt:3: Hot Technology "Maybe" / In Demand "N": each must be Y or N`) {
			t.Errorf("warning: %s", errOut.String())
		}
		if !strings.Contains(out.String(), "skipped 1 of 3 rows in Technology Skills.txt") || !strings.Contains(out.String(), "2 occupations") {
			t.Errorf("summary: %s", out.String())
		}
		r := neo4jtest.MustQuery(t, `MATCH (r:Role {source: 'O*NET 99.1'})-[e:USES]->(t) RETURN r.id AS r, t.id AS t ORDER BY r`, nil)
		if len(r) != 2 || r[0]["t"] != "postgresql" || r[1]["t"] != "react" {
			t.Errorf("uses %v", r)
		}
		if n := neo4jtest.MustQuery(t, `MATCH (t:Technology {id: 'windent-sql'}) RETURN count(t) AS n`, nil)[0]["n"]; n != int64(0) {
			t.Errorf("the skipped row's technology was written")
		}
	})

	t.Run("Usage", func(t *testing.T) {
		for _, args := range [][]string{{"import", "other", "x"}, {"import", "esco", "a", "b"}, {"import", "onet"}} {
			err := run(context.Background(), args, testEnv(t), io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "usage: skillgraph import onet DIR") {
				t.Errorf("%v: err = %v", args, err)
			}
		}
	})
}

// TestPlansUseIndexes checks, on the full graph (seed and O*NET), that every read query the
// API runs seeks by index: the import must not leave the curated queries scanning labels.
func TestPlansUseIndexes(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	MustImport(t, neo4jtest.MustONetDir(t))
	plans, err := st.QueryPlans(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("role.skills: %s", strings.Join(plans["neighbors role.skills"], " "))
	t.Logf("list Technology: %s", strings.Join(plans["list Technology"], " "))
	if len(plans) != 2*len(domain.Kinds)+len(domain.Model.Rels)+1 { // a node and a list query per kind, one per relationship field, nodes
		t.Errorf("%d plans", len(plans))
	}
	for name, ops := range plans {
		all := strings.Join(ops, " ")
		if strings.Contains(all, "LabelScan") || strings.Contains(all, "AllNodesScan") {
			t.Errorf("%s scans: %s", name, all)
		}
		if !strings.Contains(all, "IndexSeek") && !strings.Contains(all, "CountFromCountStore") {
			t.Errorf("%s uses no index: %s", name, all)
		}
		if strings.HasPrefix(name, "list ") && !strings.Contains(all, "UniqueIndexSeekByRange") {
			t.Errorf("%s does not page by a range seek: %s", name, all)
		}
	}
}
