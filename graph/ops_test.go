package graph_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/metrics"
	"github.com/skillgraph/skillgraph/store"
)

// exchange is one raw HTTP exchange with the API.
type exchange struct {
	status int
	header http.Header
	body   []byte
}

func (e exchange) json(tb testing.TB) response {
	tb.Helper()
	var r response
	if err := json.Unmarshal(e.body, &r); err != nil {
		tb.Fatalf("status %d, body %q: %v", e.status, e.body, err)
	}
	r.status, r.header = e.status, e.header
	return r
}

// send makes one request; headers are name, value pairs.
func send(tb testing.TB, method, url, body string, headers ...string) exchange {
	tb.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return exchange{res.StatusCode, res.Header, raw}
}

func queryBody(query string, vars map[string]any) string {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return string(b)
}

func TestQueryLimits(t *testing.T) {
	a := mustAPIWith(t, func(c *httpapi.HandlerConfig) {
		c.QueryLimits = httpapi.QueryLimits{MaxDepth: 6, MaxComplexity: 1000, MaxFields: 40, MaxAliases: 3}
		c.MaxBodyBytes = 4096
	})
	// Each case: a query, the code it must be refused with ("" = answered).
	for _, c := range []struct {
		name, query string
		vars        map[string]any
		code        string
	}{
		// roles > edges > node > skills > edges > node > id: 7 levels.
		{"TooDeep", `{ roles(first: 1) { edges { node { skills(first: 1) { edges { node { id: slug } } } } } } }`, nil, "DEPTH_LIMIT_EXCEEDED"},
		{"DeepEnough", `{ roles(first: 1) { edges { node { skills(first: 1) { totalCount } } } } }`, nil, ""},
		// Depth counts through fragments.
		{"DeepFragment", `{ roles(first: 1) { edges { node { ...S } } } } fragment S on Role { skills(first: 1) { edges { node { id: slug } } } }`, nil, "DEPTH_LIMIT_EXCEEDED"},
		// Costs, computed by hand: 1 + 60 * (totalCount 1 + edges (1 + node (1 + skills (1 + 60 * 1)))) = 3841
		// over the limit of 1000; with first 10: 1 + 10 * (1 + 1 + 1 + 1 + 10) = 141.
		{"TooComplex", `{ roles(first: 60) { totalCount edges { node { skills(first: 60) { totalCount } } } } }`, nil, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"ComplexEnough", `{ roles(first: 10) { totalCount edges { node { skills(first: 10) { totalCount } } } } }`, nil, ""},
		// first from a variable multiplies as a literal does (3781); an omitted first counts
		// as DEFAULT_FIRST (20): 1 + 20 * (1 + 1 + 3 * (1 + 20 * 1)) = 1301.
		{"ComplexByVariable", `query($n: Int) { roles(first: $n) { edges { node { skills(first: $n) { totalCount } } } } }`, map[string]any{"n": 60}, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"DefaultFirstCounts", `{ roles { edges { node { a: skills { totalCount } b: skills { totalCount } c: skills { totalCount } } } } }`, nil, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"TooManyAliases", `{ a: stats { nodes { count } } b: stats { nodes { count } } c: stats { nodes { count } } d: stats { nodes { count } } }`, nil, "ALIAS_LIMIT_EXCEEDED"},
		{"TooManyFields", `{ roles(first: 1) { edges { node { ...F ...F ...F ...F ...F } } } } fragment F on Role { id: slug name description jobZone aliases updatedAt updatedBy source }`, nil, "FIELD_LIMIT_EXCEEDED"},
		// Fragments spreading each other 2^20 times: refused after bounded work.
		{"FragmentBomb", `{ roles(first: 1) { edges { node { ...A } } } }` + bomb(20), nil, "FIELD_LIMIT_EXCEEDED"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := a.Do(t, c.query, c.vars)
			if c.code == "" {
				if len(r.Errors) > 0 || r.status != http.StatusOK {
					t.Fatalf("status %d, errors %+v", r.status, r.Errors)
				}
				return
			}
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != c.code {
				t.Fatalf("want %s, got status %d, errors %+v", c.code, r.status, r.Errors)
			}
			// A request error: no data entry; 200 in application/json (the GraphQL over
			// HTTP specification), 400 in application/graphql-response+json.
			if r.Data != nil || r.status != http.StatusOK {
				t.Errorf("status %d, data %v", r.status, r.Data)
			}
			e := send(t, http.MethodPost, a.URL+"/graphql", queryBody(c.query, c.vars), "Accept", "application/graphql-response+json")
			if e.status != http.StatusBadRequest || bytes.Contains(e.body, []byte(`"data"`)) {
				t.Errorf("graphql-response+json: status %d, body %s", e.status, e.body)
			}
		})
	}
	t.Run("LimitNamedInMessage", func(t *testing.T) {
		r := a.Do(t, `{ a: stats { nodes { count } } b: stats { nodes { count } } c: stats { nodes { count } } d: stats { nodes { count } } }`, nil)
		if !strings.Contains(r.Errors[0].Message, "MAX_ALIASES=3") || r.Errors[0].Extensions["limit"] != "MAX_ALIASES" {
			t.Errorf("%+v", r.Errors[0])
		}
	})
	t.Run("BodyTooLarge", func(t *testing.T) {
		q := `{ role(id: "backend-developer") { id: slug } }` + strings.Repeat(" ", 5000)
		r := send(t, http.MethodPost, a.URL+"/graphql", queryBody(q, nil)).json(t)
		if r.status != http.StatusRequestEntityTooLarge || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "PAYLOAD_TOO_LARGE" {
			t.Errorf("status %d, errors %+v", r.status, r.Errors)
		}
	})
	t.Run("BadJSON", func(t *testing.T) {
		r := send(t, http.MethodPost, a.URL+"/graphql", `{"query": "{ stats { nodes { count } } }", "variables": "secret-value"}`).json(t)
		if r.status != http.StatusBadRequest || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_REQUEST" {
			t.Fatalf("status %d, errors %+v", r.status, r.Errors)
		}
		if strings.Contains(r.Errors[0].Message, "secret-value") {
			t.Errorf("the body is repeated back: %s", r.Errors[0].Message)
		}
	})
}

// bomb returns fragments A, F1 .. Fn where each spreads the next twice: 2^n expansions.
func bomb(n int) string {
	var b strings.Builder
	b.WriteString(" fragment A on Role { ...F1 }")
	for i := 1; i < n; i++ {
		b.WriteString(" fragment F" + strconv.Itoa(i) + " on Role { ...F" + strconv.Itoa(i+1) + " ...F" + strconv.Itoa(i+1) + " }")
	}
	b.WriteString(" fragment F" + strconv.Itoa(n) + " on Role { id }")
	return b.String()
}

func TestIntrospectionPlaygroundAndAPQ(t *testing.T) {
	open := MustAPI(t)
	closed := mustAPIWith(t, func(c *httpapi.HandlerConfig) { c.DisableIntrospection, c.DisablePlayground = true, true })
	const introspect = `{ __schema { queryType { name } } }`
	if d := open.MustData(t, introspect, nil); get(d, "__schema", "queryType", "name") != "Query" {
		t.Errorf("introspection: %v", d)
	}
	if r := closed.Do(t, introspect, nil); len(r.Errors) == 0 || get(r.Data, "__schema") != nil {
		t.Errorf("introspection answered while disabled: %+v", r)
	}
	if e := send(t, http.MethodGet, open.URL+"/", ""); e.status != http.StatusOK || !bytes.Contains(e.body, []byte("GraphiQL")) {
		t.Errorf("playground: %d", e.status)
	}
	for _, page := range []string{"/", "/explore", "/assets/playground.js"} {
		if e := send(t, http.MethodGet, closed.URL+page, ""); e.status != http.StatusNotFound {
			t.Errorf("%s while disabled: %d", page, e.status)
		}
	}

	// Automatic persisted queries: a hash alone is unknown until sent with its query once;
	// then the hash alone runs it, over POST and GET.
	query := `{ role(id: "backend-developer") { name } }`
	sum := sha256.Sum256([]byte(query))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	post := func(withQuery bool) response {
		body := map[string]any{"extensions": ext}
		if withQuery {
			body["query"] = query
		}
		b, _ := json.Marshal(body)
		return send(t, http.MethodPost, open.URL+"/graphql", string(b)).json(t)
	}
	if r := post(false); len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("unknown hash: %+v", r.Errors)
	}
	if r := post(true); get(r.Data, "role", "name") != "Backend Developer" {
		t.Fatalf("register: %+v", r)
	}
	if r := post(false); get(r.Data, "role", "name") != "Backend Developer" {
		t.Errorf("by hash: %+v", r)
	}
	extJSON, _ := json.Marshal(ext)
	if r := send(t, http.MethodGet, open.URL+"/graphql?extensions="+string(extJSON), "").json(t); get(r.Data, "role", "name") != "Backend Developer" {
		t.Errorf("by hash over GET: %+v", r)
	}
	wrong := map[string]any{"extensions": ext, "query": `{ stats { nodes { count } } }`}
	b, _ := json.Marshal(wrong)
	if r := send(t, http.MethodPost, open.URL+"/graphql", string(b)).json(t); len(r.Errors) != 1 || r.Data != nil {
		t.Errorf("a query that does not match its hash ran: %+v", r)
	}
}

func TestRequestTimeout(t *testing.T) {
	st, p := neo4jtest.MustSeedBehindProxy(t, nil)
	srv := httptest.NewServer(httpapi.NewHandler(httpapi.HandlerConfig{Graph: st, Insights: st, Extractor: &extract.Extractor{Store: st},
		Limits: graph.Limits{DefaultFirst: 20, MaxFirst: 100}, RequestTimeout: 300 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()
	a := &api{srv, st}
	const q = `{ role(id: "backend-developer") { name } }`
	if d := a.MustData(t, q, nil); get(d, "role", "name") != "Backend Developer" {
		t.Fatalf("before the delay: %v", d)
	}
	p.SetDelay(time.Second) // Neo4j now answers after the request's time is up
	r := a.Do(t, q, nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "TIMEOUT" {
		t.Fatalf("status %d, errors %+v", r.status, r.Errors)
	}
	// A timeout is not an outage: Neo4j is not marked down, the next request works.
	p.SetDelay(0)
	if d := a.MustData(t, q, nil); get(d, "role", "name") != "Backend Developer" {
		t.Errorf("after the delay: %v", d)
	}
}

func TestRateLimit(t *testing.T) {
	a := mustAPIWith(t, func(c *httpapi.HandlerConfig) { c.RateLimit = httpapi.RateLimit{PerSecond: 0.2, Burst: 2} })
	const q = `{ stats { nodes { count } } }`
	for i := range 2 {
		if r := a.Do(t, q, nil); r.status != http.StatusOK {
			t.Fatalf("request %d within the burst: %d %+v", i, r.status, r.Errors)
		}
	}
	r := a.Do(t, q, nil)
	if r.status != http.StatusTooManyRequests || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "RATE_LIMITED" {
		t.Fatalf("over the limit: %d %+v", r.status, r.Errors)
	}
	// At 0.2 requests a second the next token is 5 s away.
	if s, _ := strconv.Atoi(r.header.Get("Retry-After")); s < 4 || s > 5 {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	// A token is a client of its own, with its own bucket.
	if r := a.DoAs(t, viewerToken, q, nil); r.status != http.StatusOK {
		t.Errorf("another client was limited: %d", r.status)
	}
}

func TestHealthMetricsAndLogs(t *testing.T) {
	var logs syncBuffer
	m := metrics.New()
	neo4jtest.MustSeed(t)
	cfg := neo4jtest.Config(t)
	cfg.Observer = m
	st, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	m.WatchPool(st, store.PoolSize)
	a := mustAPIWith(t, func(c *httpapi.HandlerConfig) {
		c.Graph, c.Insights, c.Extractor, c.Writer = st, st, &extract.Extractor{Store: st, Version: neo4jtest.MustWatch(t, st, 0)}, st
		c.Ready = st.Ready
		c.Metrics = m
		c.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	})

	if status, body := getJSON(t, a.URL+"/healthz"); status != http.StatusOK || body["status"] != "ok" {
		t.Errorf("healthz: %d %v", status, body)
	}
	if status, body := getJSON(t, a.URL+"/readyz"); status != http.StatusOK || body["status"] != "ready" {
		t.Errorf("readyz: %d %v", status, body)
	}
	// Not ready without the schema: drop a constraint, then restore it.
	neo4jtest.MustQuery(t, `DROP CONSTRAINT skill_id`, nil)
	status, body := getJSON(t, a.URL+"/readyz")
	if err := a.st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if status != http.StatusServiceUnavailable || !strings.Contains(body["neo4j"].(string), "skill_id") {
		t.Errorf("readyz without a constraint: %d %v", status, body)
	}

	scrape := func() string {
		e := send(t, http.MethodGet, a.URL+"/metrics", "")
		if e.status != http.StatusOK {
			t.Fatalf("metrics: %d", e.status)
		}
		return string(e.body)
	}
	before := scrape()
	const named = `query RoleName($id: ID!) { role(id: $id) { name } }`
	for range 3 {
		a.MustData(t, named, map[string]any{"id": "backend-developer"})
	}
	a.Do(t, `query Broken { roles(first: -1) { totalCount } }`, nil)
	// Refused by authorization before it runs: counted with its code, no data entry.
	if e := send(t, http.MethodPost, a.URL+"/graphql", queryBody(`mutation Del { deleteSkill(id: "api-design") { nodes } }`, nil)); bytes.Contains(e.body, []byte(`"data"`)) {
		t.Errorf("a refused mutation has a data entry: %s", e.body)
	}
	after := scrape()
	for _, c := range []struct {
		series string
		delta  float64
	}{
		{`skillgraph_graphql_requests_total{operation="RoleName",outcome="ok"}`, 3},
		{`skillgraph_graphql_requests_total{operation="Broken",outcome="BAD_USER_INPUT"}`, 1},
		{`skillgraph_graphql_requests_total{operation="Del",outcome="UNAUTHENTICATED"}`, 1},
		{`skillgraph_graphql_request_duration_seconds_count{operation="RoleName",outcome="ok"}`, 3},
	} {
		if d := sample(after, c.series) - sample(before, c.series); d != c.delta {
			t.Errorf("%s went up by %v, want %v", c.series, d, c.delta)
		}
	}
	if sample(after, `skillgraph_neo4j_query_duration_seconds_count{kind="read",outcome="ok"}`) < 3 {
		t.Errorf("neo4j queries not counted:\n%s", grep(after, "skillgraph_neo4j"))
	}
	for _, name := range []string{"skillgraph_http_requests_in_flight", "skillgraph_neo4j_connections_in_use", "skillgraph_neo4j_pool_size 64", "go_goroutines", "process_resident_memory_bytes"} {
		if !strings.Contains(after, "\n"+name) {
			t.Errorf("%s missing", name)
		}
	}

	// The request id: the client's, echoed back; one of our own when it sends none or an
	// unusable one. It is in the log line of the request, with the operation; variables and
	// tokens are not.
	e := send(t, http.MethodPost, a.URL+"/graphql", queryBody(named, map[string]any{"id": "secret-variable-value"}),
		"X-Request-ID", "trace-abc.123", "Authorization", "Bearer "+viewerToken)
	if e.header.Get("X-Request-ID") != "trace-abc.123" {
		t.Errorf("X-Request-ID %q", e.header.Get("X-Request-ID"))
	}
	for _, sent := range []string{"", "bad id with spaces"} {
		got := send(t, http.MethodPost, a.URL+"/graphql", queryBody(named, map[string]any{"id": "x"}), "X-Request-ID", sent).header.Get("X-Request-ID")
		if len(got) != 16 || got == sent {
			t.Errorf("sent %q, got %q", sent, got)
		}
	}
	var line map[string]any
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, `"trace-abc.123"`) {
			_ = json.Unmarshal([]byte(l), &line)
		}
	}
	if line["msg"] != "request" || line["operation"] != "RoleName" || line["status"] != float64(200) ||
		line["outcome"] != "ok" || line["client"] != "viewer" || line["duration_ms"] == nil {
		t.Errorf("log line: %v", line)
	}
	if strings.Contains(logs.String(), "secret-variable-value") || strings.Contains(logs.String(), viewerToken) {
		t.Error("the log holds a variable's value or a token")
	}
}

// sample reads one series' value from a Prometheus text exposition (0 if absent).
func sample(text, series string) float64 {
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), series+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}

func grep(text, prefix string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// syncBuffer is a log sink the server's goroutines may write to while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
