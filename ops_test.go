package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
)

// server is `skillgraph serve` run in this process, as main runs it.
type server struct {
	base string
	stop context.CancelFunc
	done chan error
}

func mustServe(tb testing.TB, vars map[string]string) *server {
	tb.Helper()
	vars["HOST"], vars["PORT"] = "127.0.0.1", strconv.Itoa(freePort(tb))
	if vars["LOG_LEVEL"] == "" {
		vars["LOG_LEVEL"] = "warn"
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &server{base: "http://127.0.0.1:" + vars["PORT"], stop: stop, done: make(chan error, 1)}
	go func() { s.done <- run(ctx, []string{"serve"}, env(vars), io.Discard, io.Discard) }()
	tb.Cleanup(func() {
		stop()
		<-s.done
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		if res, err := http.Get(s.base + "/healthz"); err == nil {
			res.Body.Close()
			return s
		}
		select {
		case err := <-s.done:
			tb.Fatalf("serve: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			tb.Fatal("server did not come up")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// result is one request's outcome as a client sees it.
type result struct {
	status int
	codes  []string // extensions.code of each error
	data   bool     // a non-null role came back
	err    error    // transport error: the server did not answer
	took   time.Duration
}

const roleQuery = `{"query":"query Role { role(id: \"backend-developer\") { name skills(first: 3) { totalCount } } }"}`

func (s *server) query() result {
	start := time.Now()
	res, err := http.Post(s.base+"/graphql", "application/json", strings.NewReader(roleQuery))
	if err != nil {
		return result{err: err, took: time.Since(start)}
	}
	defer res.Body.Close()
	var body struct {
		Data struct {
			Role *struct{ Name string } `json:"role"`
		} `json:"data"`
		Errors []struct {
			Extensions struct{ Code string } `json:"extensions"`
		} `json:"errors"`
	}
	r := result{status: res.StatusCode}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		r.err = err
	}
	r.took = time.Since(start)
	r.data = body.Data.Role != nil && body.Data.Role.Name == "Backend Developer"
	for _, e := range body.Errors {
		r.codes = append(r.codes, e.Extensions.Code)
	}
	return r
}

func (s *server) status(path string) (int, map[string]any) {
	res, err := http.Get(s.base + path)
	if err != nil {
		return 0, nil
	}
	defer res.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body
}

// TestGracefulShutdown: on SIGINT/SIGTERM the server stops accepting connections, lets a
// request in flight finish with its full answer, then returns.
func TestGracefulShutdown(t *testing.T) {
	neo4jtest.MustSeed(t)
	cfg := neo4jtest.Config(t)
	p := neo4jtest.MustProxy(t, strings.TrimPrefix(cfg.URI, "bolt://"))
	// Without the response cache: the repeated query must reach (the slowed) Neo4j.
	s := mustServe(t, map[string]string{"NEO4J_URI": p.URI(), "SHUTDOWN_TIMEOUT": "20s", "CACHE_MB": "0"})
	if r := s.query(); !r.data {
		t.Fatalf("before: %+v", r)
	}
	p.SetDelay(time.Second) // each reply from Neo4j now takes a second: the request stays in flight
	inflight := make(chan result, 1)
	go func() { inflight <- s.query() }()
	// Wait until the server is running it (the gauge counts /graphql requests only).
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if metric(t, s, "skillgraph_http_requests_in_flight") == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the request never got in flight")
		}
	}
	s.stop() // what SIGINT/SIGTERM do in main
	// The listener closes at once: new connections are refused while the request runs.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := http.Get(s.base + "/healthz"); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections after the signal")
		}
	}
	select {
	case err := <-s.done:
		t.Fatalf("serve returned (%v) before the request in flight was answered", err)
	default:
	}
	r := <-inflight
	if r.err != nil || r.status != http.StatusOK || !r.data || len(r.codes) > 0 {
		t.Fatalf("the request in flight: %+v", r)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not return after its last request")
	}
	s.done <- nil // for the cleanup
}

func metric(tb testing.TB, s *server, name string) float64 {
	tb.Helper()
	res, err := http.Get(s.base + "/metrics")
	if err != nil {
		return -1
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return -1
}

// devNeo4j runs tools/neo4j/neo4j.sh (start, stop) for a Neo4j of this test's own.
func devNeo4j(tb testing.TB, dataDir string, port int, cmd string) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	c := exec.CommandContext(ctx, "tools/neo4j/neo4j.sh", cmd)
	c.Env = append(os.Environ(), "NEO4J_DATA_DIR="+dataDir, "NEO4J_PORT="+strconv.Itoa(port))
	out, err := c.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		tb.Fatalf("neo4j.sh %s: %v\n%s", cmd, err, stderr)
	}
	return strings.TrimSpace(string(out))
}

// TestNeo4jOutage stops a development Neo4j in the middle of a bounded load and starts it
// again. Throughout, the server answers every request: with data, or, while Neo4j is away,
// with UNAVAILABLE and 503 for the whole request; /healthz stays up and /readyz turns 503.
// Once Neo4j is back the server recovers by itself (no restart) and answers without errors.
func TestNeo4jOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and stops a Neo4j of its own (about 40 s)")
	}
	dataDir, port := t.TempDir(), freePort(t)
	uri := devNeo4j(t, dataDir, port, "start")
	t.Cleanup(func() { devNeo4j(t, dataDir, port, "stop") })
	// Without the response cache, which would answer the repeated query while Neo4j is down.
	vars := map[string]string{"NEO4J_URI": uri, "NEO4J_RETRY_TIME": "1s", "REQUEST_TIMEOUT": "10s", "CACHE_MB": "0"}
	if err := run(context.Background(), []string{"seed"}, env(vars), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	s := mustServe(t, vars)

	// The load: two clients, a request each every 100 ms, at most 1500 requests in all.
	const maxRequests = 1500
	var (
		mu      sync.Mutex
		phase   atomic.Value // which part of the test a result belongs to
		results = map[string][]result{}
		sent    atomic.Int64
		stop    = make(chan struct{})
		wg      sync.WaitGroup
	)
	phase.Store("up")
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sent.Add(1) <= maxRequests {
				ph := phase.Load().(string)
				r := s.query()
				mu.Lock()
				results[ph] = append(results[ph], r)
				mu.Unlock()
				select {
				case <-stop:
					return
				case <-time.After(100 * time.Millisecond):
				}
			}
		}()
	}
	count := func(ph string, ok func(result) bool) (n int) {
		mu.Lock()
		defer mu.Unlock()
		for _, r := range results[ph] {
			if ok(r) {
				n++
			}
		}
		return n
	}
	waitFor := func(what string, limit time.Duration, cond func() bool) time.Duration {
		start := time.Now()
		for !cond() {
			if time.Since(start) > limit {
				t.Fatalf("%s: not within %v", what, limit)
			}
			time.Sleep(20 * time.Millisecond)
		}
		return time.Since(start)
	}
	answered := func(r result) bool { return r.err == nil && r.status == http.StatusOK && r.data && len(r.codes) == 0 }
	unavailable := func(r result) bool {
		return r.err == nil && r.status == http.StatusServiceUnavailable && len(r.codes) > 0 &&
			!slices.ContainsFunc(r.codes, func(c string) bool { return c != "UNAVAILABLE" })
	}

	waitFor("answers before the outage", 30*time.Second, func() bool { return count("up", answered) >= 40 })
	phase.Store("stopping")
	devNeo4j(t, dataDir, port, "stop")
	phase.Store("down")
	waitFor("UNAVAILABLE answers while Neo4j is down", 30*time.Second, func() bool { return count("down", unavailable) >= 20 })
	if st, body := s.status("/readyz"); st != http.StatusServiceUnavailable || body["status"] != "not ready" {
		t.Errorf("readyz while Neo4j is down: %d %v", st, body)
	}
	if st, body := s.status("/healthz"); st != http.StatusOK || body["status"] != "ok" {
		t.Errorf("healthz while Neo4j is down: %d %v", st, body)
	}
	phase.Store("starting")
	devNeo4j(t, dataDir, port, "start")
	phase.Store("back")
	recovery := waitFor("ready again", 30*time.Second, func() bool { st, _ := s.status("/readyz"); return st == http.StatusOK })
	phase.Store("recovered")
	waitFor("answers after recovery", 60*time.Second, func() bool { return count("recovered", func(result) bool { return true }) >= 100 })
	close(stop)
	wg.Wait()

	// Every request got an answer, every failure was UNAVAILABLE (503), the outage phases
	// had failures, and after recovery nothing failed.
	var failed []time.Duration
	for ph, rs := range results {
		for _, r := range rs {
			if r.err != nil {
				t.Errorf("%s: the server did not answer: %v", ph, r.err)
			} else if !answered(r) && !unavailable(r) {
				t.Errorf("%s: status %d, codes %v", ph, r.status, r.codes)
			}
			if unavailable(r) {
				failed = append(failed, r.took)
			}
		}
	}
	if n := count("recovered", answered); n != len(results["recovered"]) {
		t.Errorf("after recovery: %d of %d requests answered", n, len(results["recovered"]))
	}
	if count("up", unavailable) > 0 {
		t.Errorf("UNAVAILABLE before the outage")
	}
	var summary []string
	for _, ph := range []string{"up", "stopping", "down", "starting", "back", "recovered"} {
		summary = append(summary, fmt.Sprintf("%s %d/%d answered", ph, count(ph, answered), len(results[ph])))
	}
	slices.Sort(failed)
	t.Logf("%d requests: %s; ready %v after Neo4j's start returned; UNAVAILABLE answers p50 %v, max %v",
		sent.Load(), strings.Join(summary, ", "), recovery.Round(time.Millisecond),
		failed[len(failed)/2].Round(100*time.Microsecond), failed[len(failed)-1].Round(time.Millisecond))
}

// TestCacheAcrossServers: two servers, as run in production (the response cache on by
// default), over one Neo4j: a write through one is read through the other within
// CACHE_RECHECK, though the other had the old answer cached; the writer reads it at once.
func TestCacheAcrossServers(t *testing.T) {
	neo4jtest.MustSeed(t)
	cfg := neo4jtest.Config(t)
	const secret = "editor-secret-0123456789"
	vars := func() map[string]string {
		return map[string]string{"NEO4J_URI": cfg.URI, "NEO4J_USER": cfg.User, "NEO4J_PASSWORD": cfg.Password,
			"API_TOKENS": "editor:read+write:" + httpapi.HashToken(secret)}
	}
	a, b := mustServe(t, vars()), mustServe(t, vars())
	name := func(s *server) string {
		if r := s.query(); r.err != nil || r.status != http.StatusOK {
			t.Fatalf("%+v", r)
		}
		res, err := http.Post(s.base+"/graphql", "application/json", strings.NewReader(roleQuery))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body struct {
			Data struct{ Role struct{ Name string } }
		}
		_ = json.NewDecoder(res.Body).Decode(&body)
		return body.Data.Role.Name
	}
	for _, s := range []*server{a, b} {
		if n := name(s); n != "Backend Developer" {
			t.Fatalf("before: %q", n)
		}
	}
	if hits := metric(t, b, `skillgraph_response_cache_requests_total{result="hit"}`); hits < 1 {
		t.Fatalf("b answered nothing from its cache (%v hits)", hits)
	}
	req, _ := http.NewRequest(http.MethodPost, a.base+"/graphql", strings.NewReader(
		`{"query":"mutation { updateRole(id: \"backend-developer\", input: {name: \"Backend Engineer\"}) { name } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+secret)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || strings.Contains(string(raw), "errors") {
		t.Fatalf("write: %d %s", res.StatusCode, raw)
	}
	if n := name(a); n != "Backend Engineer" {
		t.Errorf("a, right after its own write: %q", n)
	}
	// The bound is CACHE_RECHECK (1 s) plus one read; the deadline leaves room for a busy
	// machine and times nothing.
	for deadline := time.Now().Add(10 * time.Second); name(b) != "Backend Engineer"; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("b never saw a's write")
		}
	}
}
