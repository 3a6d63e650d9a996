package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sort"
	"testing"
	"time"
)

// BenchmarkNestedLists reports the latency and the Cypher round trips per request of list
// queries three levels deep (50 rows per level) on the seed graph, with and without filters
// and orders. Run with `go test -run '^$' -bench NestedLists ./graph/` and a Neo4j.
func BenchmarkNestedLists(b *testing.B) {
	a := MustAPI(b)
	for _, c := range []struct{ name, query string }{
		{"plain", `{ roles(first: 50) { totalCount edges { node { id: slug
			skills(first: 50) { totalCount edges { importance node { id: slug
				technologies(first: 50) { totalCount edges { node { id: slug name } } } } } } } } } }`},
		{"filtered-sorted", `{ roles(first: 50, where: {skills: {some: {importance: {gte: 4}}}}, orderBy: [{field: SKILL_COUNT, direction: DESC}]) { totalCount edges { node { id: slug
			skills(first: 50, where: {node: {category: {in: ["technical", "design"]}}}, orderBy: [{field: NAME}]) { totalCount edges { importance node { id: slug
				technologies(first: 50, orderBy: [{field: ROLE_COUNT, direction: DESC}]) { totalCount edges { node { id: slug name } } } } } } } } } }`},
	} {
		b.Run(c.name, func(b *testing.B) {
			body, _ := json.Marshal(map[string]any{"query": c.query})
			do := func() time.Duration {
				start := time.Now()
				res, err := http.Post(a.URL+"/graphql", "application/json", bytes.NewReader(body))
				if err != nil {
					b.Fatal(err)
				}
				var out response
				if err := json.NewDecoder(res.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
					b.Fatalf("%v %+v", err, out.Errors)
				}
				res.Body.Close()
				return time.Since(start)
			}
			for i := 0; i < 50; i++ {
				do()
			}
			ds := make([]time.Duration, 0, b.N)
			trips := a.st.QueryCount()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ds = append(ds, do())
			}
			b.StopTimer()
			sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
			b.ReportMetric(float64(a.st.QueryCount()-trips)/float64(b.N), "roundtrips/op")
			b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
