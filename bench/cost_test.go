package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/cache"
	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graphversion"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/metrics"
	"github.com/skillgraph/skillgraph/store"
)

// Where a request's CPU goes: skillgraph's per-request cost against the floor's.

// servingHandler is the API handler as `skillgraph serve` builds it with the settings make
// bench gives it (defaults, response cache off but ETags on, logs at warn), over g.
func servingHandler(tb testing.TB, g domain.Graph, in domain.Insights, src graphversion.Source) http.Handler {
	w := graphversion.New(src, 0, nil)
	tb.Cleanup(w.Close)
	rc := cache.New(w, cache.Config{MaxBytes: 0, MaxEntryBytes: 512 << 10})
	for _, ok := rc.Version(); !ok; _, ok = rc.Version() { // ETags from the first request
		time.Sleep(time.Millisecond)
	}
	return httpapi.NewHandler(httpapi.HandlerConfig{Graph: g, Insights: in, Cache: rc, CacheControl: "private, max-age=1",
		Limits: graph.Limits{DefaultFirst: 20, MaxFirst: 100}, AllowedOrigins: []string{"*"},
		Logger:       slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn})),
		MaxBodyBytes: 1 << 20, RequestTimeout: 15 * time.Second, Metrics: metrics.New(),
		QueryLimits: httpapi.QueryLimits{MaxDepth: 15, MaxComplexity: 250000, MaxFields: 500, MaxAliases: 30, MaxTokens: 15000,
			MaxInputDepth: 32, MaxDirectives: 50, MaxFragments: 100, MaxFilterConditions: 20}})
}

// servingGOGC is the garbage collector's setting a server runs with by default (GOGC).
const servingGOGC = 400

// costOps are the workload's operations a, b and c (those with a floor query).
func costOps() []op {
	var out []op
	for _, o := range workload(defaultParams) {
		if o.base != nil && !strings.HasPrefix(o.name, "d.") {
			out = append(out, o)
		}
	}
	return out
}

// serveOnce posts req to h in process and fails on any error in the answer.
func serveOnce(tb testing.TB, h http.Handler, body []byte) {
	hr := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	hr.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, hr)
	if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
		tb.Fatalf("%d %.500s", rec.Code, rec.Body.String())
	}
}

// BenchmarkServerOverhead is the CPU skillgraph spends on a request of operations a-c
// outside Neo4j and its driver: the whole HTTP handler as served (request id, logs, metrics,
// CORS, body limit, cache layer, gqlgen's transport, query cache, limits, direct execution's
// planning and JSON writer) over a Graph that answers from memory with pages of the sizes
// the real graph gives (stubGraph). It needs no Neo4j:
// `go test -run '^$' -bench ServerOverhead -benchmem ./bench/`.
func BenchmarkServerOverhead(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(servingGOGC))
	h := servingHandler(b, stubGraph{}, nil, stubGraph{})
	for _, o := range costOps() {
		b.Run(o.name[:1], func(b *testing.B) {
			body, _ := json.Marshal(map[string]any{"query": o.sg.query, "variables": o.sg.vars})
			serveOnce(b, h, body)
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := selfCPU()
			for i := 0; i < b.N; i++ {
				serveOnce(b, h, body)
			}
			b.ReportMetric((selfCPU()-cpu0)*1e6/float64(b.N), "cpu-us/op")
		})
	}
}

// stubGraph answers NodeWith and ListWith from memory: every relationship page has
// min(first, stubDegree) edges of a total of stubDegree, every node and edge has all its
// properties. Other methods are not used by operations a-c. Nodes are made once (stubNodes),
// so that little of the benchmark's CPU is the stub's.
type stubGraph struct{ domain.Graph }

func (stubGraph) GraphVersion(context.Context) (int64, error) { return 1, nil }
func (stubGraph) Writes() int64                               { return 0 }

var stubNodes sync.Map // kind and id -> domain.Entity

const stubDegree = 30

func (stubGraph) NodeWith(_ context.Context, k domain.Kind, id string, _ []string, fetches []*domain.Fetch) (domain.Entity, error) {
	stubFill(fetches, []string{id})
	return stubEntity(k, id), nil
}

func (stubGraph) ListWith(_ context.Context, k domain.Kind, args domain.ListArgs, fetches []*domain.Fetch) (*domain.Page, error) {
	page := &domain.Page{TotalCount: 4 * stubDegree, HasNextPage: true}
	var ids []string
	for i := range args.First {
		id := fmt.Sprintf("%s-%d", strings.ToLower(string(k)), i)
		ids = append(ids, id)
		page.Edges = append(page.Edges, domain.Edge{Node: stubEntity(k, id)})
	}
	stubFill(fetches, ids)
	return page, nil
}

func stubFill(fetches []*domain.Fetch, ids []string) {
	for _, f := range fetches {
		rm := domain.Model.Rels[f.Rel]
		f.Pages = map[string]*domain.Page{}
		var below []string
		for _, id := range ids {
			page := &domain.Page{TotalCount: stubDegree, HasNextPage: f.Args.First < stubDegree}
			for i := range min(f.Args.First, stubDegree) {
				cid := id + "-" + string(rm.Child) + "-" + strconv.Itoa(i)
				props, ok := stubEdgeProps.Load(f.Rel)
				if !ok {
					props = stubProps(rm.EdgeProps)
					stubEdgeProps.Store(f.Rel, props)
				}
				e := domain.Edge{Node: stubEntity(rm.Child, cid), Source: "stub", Props: props.(domain.PropValues)}
				page.Edges = append(page.Edges, e)
				below = append(below, cid)
			}
			f.Pages[id] = page
		}
		stubFill(f.Children, below)
	}
}

func stubEntity(k domain.Kind, id string) domain.Entity {
	key := string(k) + ":" + id
	if e, ok := stubNodes.Load(key); ok {
		return e.(domain.Entity)
	}
	e := newStubEntity(k, id)
	stubNodes.Store(key, e)
	return e
}

var stubEdgeProps sync.Map // domain.Rel -> domain.PropValues

func newStubEntity(k domain.Kind, id string) domain.Entity {
	n := domain.Node{ID: id, Name: "Name of " + id, Description: "A description.", Aliases: []string{"an alias"}, Source: "stub",
		Props: stubProps(domain.Model.Nodes[k].Own())}
	switch k {
	case domain.KindRole:
		return &domain.Role{Node: n}
	case domain.KindSkill:
		return &domain.Skill{Node: n}
	case domain.KindTechnology:
		return &domain.Technology{Node: n}
	}
	return &domain.Industry{Node: n}
}

func stubProps(props []domain.Prop) domain.PropValues {
	var out domain.PropValues
	for _, p := range props {
		var v any
		switch p.Type {
		case domain.PropInt:
			v = 3
		case domain.PropFloat:
			v = 3.5
		case domain.PropBool:
			v = true
		case domain.PropStrings:
			v = []string{"x"}
		case domain.PropTime:
			v = time.Unix(0, 0).UTC()
		default:
			v = "text"
		}
		out = append(out, domain.PropValue{Name: p.Name, Value: v})
	}
	return out
}

// profileTo starts a CPU profile written to the file named by $COST_PROFILE with suffix
// (nothing when unset) and returns its stop.
func profileTo(tb testing.TB, suffix string) func() {
	base := os.Getenv("COST_PROFILE")
	if base == "" {
		return func() {}
	}
	f, err := os.Create(base + suffix)
	if err != nil {
		tb.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		tb.Fatal(err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// unpack reads one PackStream value (what a RUN message carries: strings, numbers, booleans,
// null, lists and maps) and returns the rest.
func unpack(b []byte) (any, []byte, error) {
	if len(b) == 0 {
		return nil, nil, fmt.Errorf("packstream: short")
	}
	m, b := b[0], b[1:]
	size := func(n int) (int, []byte) {
		v := 0
		for i := 0; i < n; i++ {
			v = v<<8 | int(b[i])
		}
		return v, b[n:]
	}
	items := func(n int, pairs bool) (any, []byte, error) {
		if pairs {
			out := map[string]any{}
			for i := 0; i < n; i++ {
				k, rest, err := unpack(b)
				if err != nil {
					return nil, nil, err
				}
				v, rest, err := unpack(rest)
				if err != nil {
					return nil, nil, err
				}
				out[k.(string)], b = v, rest
			}
			return out, b, nil
		}
		out := make([]any, 0, n)
		for i := 0; i < n; i++ {
			v, rest, err := unpack(b)
			if err != nil {
				return nil, nil, err
			}
			out, b = append(out, v), rest
		}
		return out, b, nil
	}
	switch {
	case m < 0x80:
		return int64(m), b, nil
	case m >= 0xF0:
		return int64(int8(m)), b, nil
	case m >= 0x80 && m <= 0x8F:
		n := int(m & 0x0F)
		return string(b[:n]), b[n:], nil
	case m >= 0x90 && m <= 0x9F:
		return items(int(m&0x0F), false)
	case m >= 0xA0 && m <= 0xAF:
		return items(int(m&0x0F), true)
	}
	switch m {
	case 0xC0:
		return nil, b, nil
	case 0xC2:
		return false, b, nil
	case 0xC3:
		return true, b, nil
	case 0xC1:
		bits, rest := size(8)
		return math.Float64frombits(uint64(bits)), rest, nil
	case 0xC8, 0xC9, 0xCA, 0xCB:
		w := map[byte]int{0xC8: 1, 0xC9: 2, 0xCA: 4, 0xCB: 8}[m]
		v, rest := size(w)
		shift := 64 - 8*w
		return int64(v) << shift >> shift, rest, nil
	case 0xD0, 0xD1, 0xD2:
		n, rest := size(map[byte]int{0xD0: 1, 0xD1: 2, 0xD2: 4}[m])
		return string(rest[:n]), rest[n:], nil
	case 0xD4, 0xD5, 0xD6:
		n, rest := size(map[byte]int{0xD4: 1, 0xD5: 2, 0xD6: 4}[m])
		b = rest
		return items(n, false)
	case 0xD8, 0xD9, 0xDA:
		n, rest := size(map[byte]int{0xD8: 1, 0xD9: 2, 0xDA: 4}[m])
		b = rest
		return items(n, true)
	}
	return nil, nil, fmt.Errorf("packstream: marker %#x", m)
}

// costGraph is the Neo4j of the cost benchmarks: its URI and process id (NEO4J_PID, or the
// pid file in NEO4J_DATA_DIR, which scripts/with-neo4j.sh sets), the seed and O*NET loaded
// as make bench loads them when the graph has fewer than 1,000 roles.
func costGraph(b *testing.B) (uri, pid string) {
	uri = os.Getenv("NEO4J_URI")
	if uri == "" {
		b.Skip("NEO4J_URI is not set")
	}
	pid = os.Getenv("NEO4J_PID")
	if pid == "" {
		raw, err := os.ReadFile(filepath.Join(os.Getenv("NEO4J_DATA_DIR"), "neo4j.pid"))
		if err != nil {
			b.Fatalf("set NEO4J_PID or NEO4J_DATA_DIR: %v", err)
		}
		pid = strings.TrimSpace(string(raw))
	}
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		b.Fatal(err)
	}
	defer driver.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, driver, `MATCH (r:Role) RETURN count(r) AS n`, nil, neo4j.EagerResultTransformer)
	if err != nil {
		b.Fatal(err)
	}
	if res.Records[0].Values[0].(int64) >= 1000 {
		return uri, pid
	}
	bin := buildServer(b)
	env := append(os.Environ(), "NEO4J_URI="+uri, "LOG_LEVEL=warn")
	for _, args := range [][]string{{"seed"}, {"import", "onet", "data/onet-29.2", "-progress", "off"}} {
		cmd := exec.Command(bin, args...)
		cmd.Env, cmd.Dir = env, ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("skillgraph %v: %v\n%s", args, err, out)
		}
	}
	settle(pid)
	return uri, pid
}

// buildServer builds this tree's skillgraph binary into a temporary folder.
func buildServer(b *testing.B) string {
	bin := filepath.Join(b.TempDir(), "skillgraph")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// BenchmarkCost splits the CPU of a request of operations a-c between Neo4j and the server,
// for skillgraph and for the floor, and shows the Cypher each sends with Neo4j's PROFILE of
// it. It needs NEO4J_URI and Neo4j's process id (NEO4J_PID, or the pid file in
// NEO4J_DATA_DIR, which scripts/with-neo4j.sh sets); an empty graph gets the seed and O*NET
// as make bench loads them. COST_N requests per operation and way (default 1000), one at a
// time; COST_PROFILE=file writes a CPU profile of skillgraph's requests to file-a, -b, -c.
//
//	scripts/with-neo4j.sh go test -run '^$' -bench '^BenchmarkCost$' -benchtime 1x ./bench/
func BenchmarkCost(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(servingGOGC))
	uri, pid := costGraph(b)
	n, _ := strconv.Atoi(envOr("COST_N", "1000"))
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		b.Fatal(err)
	}
	defer driver.Close(ctx)
	run := func(cypher string, params map[string]any) ([]*neo4j.Record, neo4j.ResultSummary) {
		s := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
		defer s.Close(ctx)
		res, err := s.Run(ctx, cypher, params)
		if err != nil {
			b.Fatalf("%v\n%s", err, cypher)
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			b.Fatalf("%v\n%s", err, cypher)
		}
		sum, _ := res.Consume(ctx)
		return recs, sum
	}

	open := func(uri string) *store.Store {
		st, err := store.Open(ctx, store.Config{URI: uri, RetryTime: 5 * time.Second, TxTimeout: 10 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close(ctx) })
		return st
	}
	st := open(uri)
	h := servingHandler(b, st, st, st)
	// A second handler behind a Bolt proxy that keeps the last statement sent.
	proxy, err := newBoltCounter(strings.TrimPrefix(uri, "bolt://"))
	if err != nil {
		b.Fatal(err)
	}
	defer proxy.close()
	var mu sync.Mutex
	var sent string
	var sentParams map[string]any
	proxy.onRun = func(msg []byte) {
		q, rest, err := unpack(msg)
		if err != nil {
			return
		}
		p, _, err := unpack(rest)
		if err != nil {
			return
		}
		if strings.Contains(q.(string), "SkillgraphMeta") {
			return // the response cache reading the graph version
		}
		mu.Lock()
		sent, sentParams = q.(string), p.(map[string]any)
		mu.Unlock()
	}
	tst := open(proxy.uri())
	traced := servingHandler(b, tst, nil, tst)

	dbHits := func(cypher string, params map[string]any) (hits, rows int64) {
		_, sum := run("PROFILE "+cypher, params)
		var walk func(p neo4j.ProfiledPlan)
		walk = func(p neo4j.ProfiledPlan) {
			hits += p.DbHits()
			for _, c := range p.Children() {
				walk(c)
			}
		}
		walk(sum.Profile())
		return hits, sum.Profile().Records()
	}
	// cpu runs do n times after n/5 to warm up and returns the CPU per request in ms of
	// Neo4j and of this process.
	cpu := func(do func()) (neo, self float64) {
		for i := 0; i < n/5; i++ {
			do()
		}
		settle(pid)
		neo0, self0 := procCPU(pid), selfCPU()
		for i := 0; i < n; i++ {
			do()
		}
		return 1000 * (procCPU(pid) - neo0) / float64(n), 1000 * (selfCPU() - self0) / float64(n)
	}
	var report strings.Builder
	fmt.Fprintf(&report, "| operation | way | Neo4j CPU ms/request | server CPU ms/request | total | Neo4j db hits | rows |\n|---|---|---|---|---|---|---|\n")
	for _, o := range costOps() {
		body, _ := json.Marshal(map[string]any{"query": o.sg.query, "variables": o.sg.vars})
		serveOnce(b, traced, body)
		mu.Lock()
		cypher, params := sent, sentParams
		mu.Unlock()
		fmt.Fprintf(os.Stderr, "--- %s: skillgraph sends (params %v)\n%s\n--- the floor sends\n%s\n", o.name, params, cypher, strings.TrimSpace(o.base.cypher))
		type way struct {
			name          string
			do            func()
			cypher        string
			params        map[string]any
			before, after func()
		}
		floorDo := func(cypher string, params map[string]any) func() {
			return func() {
				s := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
				defer s.Close(ctx)
				res, err := s.Run(ctx, cypher, params)
				if err != nil {
					b.Fatal(err)
				}
				recs, err := res.Collect(ctx)
				if err != nil {
					b.Fatal(err)
				}
				_ = json.NewEncoder(io.Discard).Encode(map[string]any{"data": recs[0].AsMap()})
			}
		}
		stop := func() {}
		for round := range 2 {
			for _, w := range []way{
				{name: "skillgraph", do: func() { serveOnce(b, h, body) }, cypher: cypher, params: params,
					before: func() {
						if round == 1 {
							stop = profileTo(b, "-"+o.name[:1])
						}
					}, after: func() { stop(); stop = func() {} }},
				{name: "skillgraph's Cypher, in process", do: floorDo(cypher, params), cypher: cypher, params: params},
				{name: "floor (its Cypher, in process)", do: floorDo(o.base.cypher, o.base.params), cypher: o.base.cypher, params: o.base.params},
			} {
				if w.before != nil {
					w.before()
				}
				neo, self := cpu(w.do)
				if w.after != nil {
					w.after()
				}
				hits, rows := dbHits(w.cypher, w.params)
				fmt.Fprintf(&report, "| %s | %s (round %d) | %.3f | %.3f | %.3f | %d | %d |\n", o.name, w.name, round+1, neo, self, neo+self, hits, rows)
			}
		}
	}
	fmt.Fprint(os.Stderr, report.String())
}

// BenchmarkFloorRatio is the cold dashboard's question with the CPU of each side: the
// shared operations (a-d) with ids drawn as the dashboard draws them, each request a new key
// to skillgraph's response cache (a variable nothing declares), against the floor server,
// at saturation. The floor and skillgraph (this tree's binary, `serve` with its defaults;
// then each binary of $FLOOR_RATIO_BINS, comma-separated, for an A/B) take turns,
// FLOOR_RATIO_ROUNDS rounds (default 3) of FLOOR_RATIO_SECONDS (3) at
// FLOOR_RATIO_CONCURRENCY clients (8), FLOOR_RATIO_OPS (0-3, comma-separated) restricting
// the mix to some operations. It prints req/s, the ratio to the floor and the CPU
// per request of Neo4j, of the skillgraph server and of this process (the clients, and the
// floor's server for the floor).
//
//	scripts/with-neo4j.sh go test -run '^$' -bench '^BenchmarkFloorRatio$' -benchtime 1x ./bench/
func BenchmarkFloorRatio(b *testing.B) {
	uri, pid := costGraph(b)
	conc, _ := strconv.Atoi(envOr("FLOOR_RATIO_CONCURRENCY", "8"))
	secs, _ := strconv.Atoi(envOr("FLOOR_RATIO_SECONDS", "3"))
	rounds, _ := strconv.Atoi(envOr("FLOOR_RATIO_ROUNDS", "3"))
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		b.Fatal(err)
	}
	defer driver.Close(ctx)
	ids, err := loadIDs(ctx, driver)
	if err != nil {
		b.Fatal(err)
	}
	mix := mixes[0].ops
	if only := os.Getenv("FLOOR_RATIO_OPS"); only != "" { // indexes into workload(), e.g. 0,2
		mix = nil
		for _, f := range strings.Split(only, ",") {
			i, err := strconv.Atoi(f)
			if err != nil || i < 0 || i > 3 {
				b.Fatalf("FLOOR_RATIO_OPS: %q is not one of 0-3 (a-d)", f)
			}
			mix = append(mix, i)
		}
	}
	shared := dashboardStream(ids, mix)
	fl, err := startFloor(uri, workload(defaultParams))
	if err != nil {
		b.Fatal(err)
	}
	defer fl.stop()
	type way struct {
		name   string
		tgt    target
		stream stream
		pid    string // the server's process, "" for this one
	}
	ways := []way{{"floor", newFloorTarget(fl.url), shared, ""}}
	bins := []string{buildServer(b)}
	if more := os.Getenv("FLOOR_RATIO_BINS"); more != "" {
		bins = append(bins, strings.Split(more, ",")...)
	}
	for i, bin := range bins {
		port := freePort()
		env := append(servedEnv(), "NEO4J_URI="+uri, "HOST=127.0.0.1", "PORT="+strconv.Itoa(port), "LOG_LEVEL=warn")
		cmd, err := start(ctx, env, "", bin, "serve")
		if err != nil {
			b.Fatal(err)
		}
		defer stop(cmd)
		base := fmt.Sprintf("http://127.0.0.1:%d", port)
		if err := waitHTTP(ctx, base+"/readyz", http.MethodGet); err != nil {
			b.Fatal(err)
		}
		name := "skillgraph cold"
		if i > 0 {
			name = bin + " cold"
		}
		ways = append(ways, way{name, newGQLTarget(base+"/graphql", false), coldStream(shared), strconv.Itoa(cmd.Process.Pid)})
	}
	type sum struct{ n, secs, neo, server, self float64 }
	sums := make([]sum, len(ways))
	for _, w := range ways {
		load(timeout(ctx, time.Second), w.tgt, w.stream, conc) // warm-up: JIT, pools, caches
	}
	for range rounds {
		for i, w := range ways {
			neo0, self0, server0 := procCPU(pid), selfCPU(), 0.0
			if w.pid != "" {
				server0 = procCPU(w.pid)
			}
			start := time.Now()
			got := load(timeout(ctx, time.Duration(secs)*time.Second), w.tgt, w.stream, conc)
			if got.errors > 0 {
				b.Fatalf("%s: %d errors", w.name, got.errors)
			}
			s := &sums[i]
			s.n, s.secs = s.n+float64(got.requests), s.secs+time.Since(start).Seconds()
			s.neo, s.self = s.neo+procCPU(pid)-neo0, s.self+selfCPU()-self0
			if w.pid != "" {
				s.server += procCPU(w.pid) - server0
			}
		}
	}
	var report strings.Builder
	fmt.Fprintf(&report, "| server | req/s | over the floor | CPU ms/request: Neo4j | server | this process (clients; the floor's server) | total |\n|---|---|---|---|---|---|---|\n")
	for i, w := range ways {
		s := sums[i]
		fmt.Fprintf(&report, "| %s | %.0f | %.2f | %.3f | %.3f | %.3f | %.3f |\n", w.name, s.n/s.secs, (s.n/s.secs)/(sums[0].n/sums[0].secs),
			1000*s.neo/s.n, 1000*s.server/s.n, 1000*s.self/s.n, 1000*(s.neo+s.server+s.self)/s.n)
	}
	fmt.Fprint(os.Stderr, report.String())
}
