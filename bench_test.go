package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/store"
)

// BenchmarkInsights measures each graph-intelligence query through the GraphQL handler on
// the whole graph `make run` builds (seed, O*NET 29.2 with the 29.0 skills and knowledge,
// ESCO 1.1.1 with the crosswalk and the skill equivalences) and reports p50 and p99 latency,
// and the extraction dictionary's size and memory. Run it with `make bench-insights`; it is
// not part of `make test`.
func BenchmarkInsights(b *testing.B) {
	// The handler runs in this process: give it the garbage collector setting the server
	// runs with (GOGC, from the settings table unless set).
	cfg, err := loadConfig(flag.NewFlagSet("bench", flag.ContinueOnError), nil, os.Getenv)
	if err != nil {
		b.Fatal(err)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(cfg.GCPercent))
	st := neo4jtest.MustSeed(b)
	mustImportSkills(b, neo4jtest.MustONetDir(b))
	mustImportESCO(b)
	reportDictionary(b, st)
	h := httpapi.NewHandler(httpapi.HandlerConfig{Graph: st, Insights: st, Extractor: &extract.Extractor{Store: st},
		Limits: graph.Limits{DefaultFirst: 20, MaxFirst: 100}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})

	var text strings.Builder // about 5 KB of the seed documents
	for _, f := range []string{"003_3b8150fa670e3e2a.txt", "000_d28c1e976b714264.txt"} {
		data, err := os.ReadFile(filepath.Join("data", "seeds", f))
		if err != nil {
			b.Fatal(err)
		}
		text.Write(data)
	}
	doc := text.String()[:5000]

	// Curated roles, O*NET occupations, and ESCO occupations (nurse responsible for general
	// care, software developer, plumber).
	roles := []string{"api-developer", "backend-developer", "15-1252.00", "29-1141.00", "11-1011.00", "47-2031.00", "15-1254.00", "13-2011.00",
		"nurse-responsible-for-general-care", "software-developer", "plumber"}
	// 20 of the essential skills of ESCO's nurse responsible for general care.
	nurseESCO := []string{"hygiene-in-a-health-care-setting", "health-care-legislation", "biological-chemistry", "patient-autonomy",
		"safe-management-of-medicines", "general-medicine", "human-physiology", "geriatrics", "pharmacology", "infection-control",
		"person-centred-care", "nursing-principles", "resuscitation", "public-health", "human-anatomy", "palliative-care",
		"first-aid", "plan-nursing-care", "communicate-in-healthcare", "coordinate-care"}
	ops := []struct {
		name  string
		query func(i int) (string, map[string]any)
	}{
		{"similarRoles", func(i int) (string, map[string]any) {
			return `query($id: ID!) { role(id: $id) { similarRoles(first: 10) { score role { id: slug } missing { node { id: slug } } } } }`, map[string]any{"id": roles[i%len(roles)]}
		}},
		{"roleMatches", func(i int) (string, map[string]any) {
			sets := [][2][]string{{{"python", "postgresql", "docker"}, nil}, {{"microsoft-excel", "microsoft-word"}, {"active-listening", "critical-thinking"}},
				{{"java", "aws", "kubernetes", "git"}, {"programming", "computers-and-electronics"}}, {nil, nurseESCO}}
			set := sets[i%len(sets)]
			vars := map[string]any{"t": set[0], "s": set[1]}
			if set[0] == nil { // an ESCO person, among the O*NET occupations (eval's ESCO self-retrieval)
				vars["w"] = map[string]any{"source": map[string]any{"startsWith": "O*NET"}}
			}
			return `query($t: [ID!], $s: [ID!], $w: RoleWhere) { roleMatches(technologies: $t, skills: $s, where: $w, first: 10) { coverage role { id } } }`, vars
		}},
		{"careerPath", func(i int) (string, map[string]any) {
			pairs := [][2]string{{"junior-backend-developer", "engineering-manager"}, {"api-developer", "29-1141.00"}, {"15-1252.00", "11-3021.00"}}
			p := pairs[i%len(pairs)]
			return `query($a: ID!, $b: ID!) { careerPath(from: $a, to: $b, maxSteps: 6) { found cost steps { via to { id: slug } } } }`, map[string]any{"a": p[0], "b": p[1]}
		}},
		{"skillAdjacency", func(i int) (string, map[string]any) {
			return `{ skillAdjacency(skillId: "api-design", first: 10) { weight skill { id: slug } } }`, nil
		}},
		{"neighborhood", func(i int) (string, map[string]any) {
			return `{ neighborhood(id: "postgresql", depth: 2, limit: 100) { nodes { depth node { id } } edges { from to } } }`, nil
		}},
		{"search", func(i int) (string, map[string]any) {
			qs := []string{"software developer", "postgres", "nurse", "machine learning"}
			return `query($q: String!) { search(query: $q, first: 10) { score node { id: slug } } }`, map[string]any{"q": qs[i%len(qs)]}
		}},
		{"extractSkills-5KB", func(i int) (string, map[string]any) {
			return `query($t: String!) { extractSkills(text: $t) { start node { id: slug } } }`, map[string]any{"t": doc}
		}},
		{"stats", func(i int) (string, map[string]any) {
			return `{ stats(top: 10) { nodes { count } topTechnologies { roles } } }`, nil
		}},
	}
	for _, op := range ops {
		b.Run(op.name, func(b *testing.B) {
			run := func(i int) time.Duration {
				q, vars := op.query(i)
				body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(rec, req)
				d := time.Since(start)
				if rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
					b.Fatalf("%s: %d %s", op.name, rec.Code, rec.Body.String())
				}
				return d
			}
			for i := 0; i < 200; i++ { // steady state: plan cache, compiled expressions, JIT
				run(i)
			}
			ds := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ds = append(ds, run(i))
			}
			sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			b.ReportMetric(ms(ds[len(ds)/2]), "p50-ms")
			b.ReportMetric(ms(ds[(len(ds)*99)/100]), "p99-ms")
			b.ReportMetric(0, "ns/op")
			fmt.Fprintf(os.Stderr, "%-18s p50 %6.1f ms  p99 %6.1f ms  (n=%d)\n", op.name, ms(ds[len(ds)/2]), ms(ds[(len(ds)*99)/100]), len(ds))
		})
	}
}

// reportDictionary builds the extraction dictionary of the graph in st and reports how many
// names it holds and the heap it keeps (live heap after a collection, before and after).
func reportDictionary(b *testing.B, st *store.Store) {
	b.Helper()
	nodes, _, err := st.Dictionary(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	names := 0
	for _, n := range nodes {
		names += len(n.Names)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	d := extract.Build(nodes)
	took := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(d)
	runtime.KeepAlive(nodes) // the nodes are counted before and after: the difference is the dictionary's
	fmt.Fprintf(os.Stderr, "extraction dictionary: %d nodes, %d names, built in %.0f ms, %.1f MB of heap\n",
		len(nodes), names, float64(took.Microseconds())/1000, float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20))
}
