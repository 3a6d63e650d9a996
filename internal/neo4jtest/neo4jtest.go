// Package neo4jtest connects tests to the real Neo4j that `make test` starts (NEO4J_URI).
// Test packages run one at a time (go test -p 1) and each test that needs a known graph
// starts from an empty database, because Community edition has a single user database.
package neo4jtest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/graphversion"
	"github.com/skillgraph/skillgraph/seed"
	"github.com/skillgraph/skillgraph/store"
)

// Config returns the store configuration of the test database; it fails the test when
// NEO4J_URI is unset, since these tests are meaningless without a real Neo4j.
func Config(tb testing.TB) store.Config {
	tb.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		tb.Fatal("NEO4J_URI is not set: run the tests with `make test`, which starts a throwaway Neo4j")
	}
	return store.Config{
		URI:             uri,
		User:            os.Getenv("NEO4J_USER"),
		Password:        os.Getenv("NEO4J_PASSWORD"),
		Database:        os.Getenv("NEO4J_DATABASE"),
		ConnectAttempts: 5,
	}
}

// MustOpen opens a store on an empty, migrated database, closed when the test ends.
func MustOpen(tb testing.TB) *store.Store {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st, err := store.Open(ctx, Config(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = st.Close(context.Background()) })
	guardWipe(tb)
	if err := st.Clear(ctx); err != nil {
		tb.Fatal(err)
	}
	MustQuery(tb, `CREATE (:`+markerLabel+`)`, nil)
	if err := st.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return st
}

// markerLabel marks a database as the tests' own: tests clear only a database that is empty
// or carries the marker, so a NEO4J_URI pointing at real data is never wiped by accident.
const markerLabel = "SkillgraphTestDatabase"

func guardWipe(tb testing.TB) {
	tb.Helper()
	if os.Getenv("SKILLGRAPH_TEST_WIPE") == "1" {
		return
	}
	r := MustQuery(tb, `OPTIONAL MATCH (m:`+markerLabel+`) WITH count(m) AS marked
		OPTIONAL MATCH (n) WHERE NOT n:SkillgraphMeta RETURN marked, count(n) AS nodes`, nil)[0]
	if r["nodes"].(int64) > 0 && r["marked"].(int64) == 0 {
		tb.Fatalf("NEO4J_URI=%s holds %d nodes that the tests did not create; the tests delete "+
			"everything, so they refuse. Unset NEO4J_URI (make test then starts a throwaway Neo4j) "+
			"or set SKILLGRAPH_TEST_WIPE=1 to allow it.", Config(tb).URI, r["nodes"])
	}
}

// MustSeed opens a store like MustOpen and loads the curated seed.
func MustSeed(tb testing.TB) *store.Store {
	tb.Helper()
	st := MustOpen(tb)
	b, err := seed.Load(seed.Files)
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.Apply(context.Background(), *b); err != nil {
		tb.Fatal(err)
	}
	return st
}

// MustQuery runs Cypher directly, for tests that check the graph itself rather than what
// the store reports about it. It returns the records as maps.
func MustQuery(tb testing.TB, cypher string, params map[string]any) []map[string]any {
	tb.Helper()
	cfg := Config(tb)
	auth := neo4j.NoAuth()
	if cfg.User != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth)
	if err != nil {
		tb.Fatal(err)
	}
	defer driver.Close(context.Background())
	res, err := neo4j.ExecuteQuery(context.Background(), driver, cypher, params,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(cfg.Database))
	if err != nil {
		tb.Fatalf("%s: %v", cypher, err)
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out
}

// MustRelEndsMatchKinds fails unless every relationship of each domain.RelType joins the
// kinds it names: the store counts a field's relationships by type alone (degree lookups)
// and relies on it.
func MustRelEndsMatchKinds(tb testing.TB) {
	tb.Helper()
	var parts []string
	for rt := range domain.RelTypeProps { // every type, the importer's too
		parts = append(parts, fmt.Sprintf("%s:%s:%s", rt.Type, rt.From, rt.To))
	}
	for _, rt := range domain.InternalRelTypes { // and those no field reads
		parts = append(parts, fmt.Sprintf("%s:%s:%s", rt.Type, rt.From, rt.To))
	}
	// Every relationship must match one of the allowed type:from:to triples.
	recs := MustQuery(tb, `MATCH (a)-[r]->(b)
		WITH type(r) + ':' + labels(a)[0] + ':' + labels(b)[0] AS seen, size(labels(a)) + size(labels(b)) AS nLabels
		WHERE NOT seen IN $allowed OR nLabels <> 2
		RETURN seen, count(*) AS n`, map[string]any{"allowed": parts})
	for _, r := range recs {
		tb.Errorf("%v relationships of type:from:to %v, which no RelType allows", r["n"], r["seen"])
	}
}

// SameCounts reports whether two Counts results are equal.
func SameCounts(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// Counts returns the number of nodes per label and relationships per type.
func Counts(tb testing.TB) map[string]int64 {
	tb.Helper()
	out := map[string]int64{}
	for _, r := range MustQuery(tb, `MATCH (n) WHERE NOT n:`+markerLabel+` AND NOT n:SkillgraphMeta UNWIND labels(n) AS l RETURN l AS k, count(*) AS c`, nil) {
		out[r["k"].(string)] = r["c"].(int64)
	}
	for _, r := range MustQuery(tb, `MATCH ()-[e]->() RETURN type(e) AS k, count(*) AS c`, nil) {
		out[r["k"].(string)] = r["c"].(int64)
	}
	return out
}

// MustKeptNeedWeights fails unless every REQUIRES and USES keeps its need weight w by the
// rule (see store/insights.go), restated here so the test does not take the store's word.
func MustKeptNeedWeights(tb testing.TB) {
	tb.Helper()
	r := MustQuery(tb, `MATCH ()-[e:REQUIRES|USES]->()
		WITH e, CASE WHEN e.importanceScore IS NOT NULL OR e.level IS NOT NULL
		  THEN CASE WHEN e.importanceScore >= 3 THEN toInteger(round(e.importanceScore)) ELSE 0 END
		  ELSE coalesce(e.importance, CASE WHEN e.essential THEN 3 WHEN NOT e.essential THEN 1
		    WHEN e.inDemand THEN 4 WHEN e.hot THEN 3 ELSE 2 END) END AS want
		RETURN count(e) AS all, count(CASE WHEN e.w IS NULL OR e.w <> want THEN 1 END) AS bad`, nil)[0]
	if r["all"] == int64(0) || r["bad"] != int64(0) {
		tb.Errorf("%v of %v needs without their kept weight", r["bad"], r["all"])
	}
}

// MustWatch follows st's graph version, read every recheck (graphversion.DefaultRecheck when
// zero), until the test ends.
func MustWatch(tb testing.TB, st *store.Store, recheck time.Duration) *graphversion.Watcher {
	w := graphversion.New(st, recheck, nil)
	tb.Cleanup(w.Close)
	return w
}
