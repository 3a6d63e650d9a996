package graph_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/cache"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/metrics"
	"github.com/skillgraph/skillgraph/store"
)

// sendRaw sends one GraphQL request as POST (or GET when get is set), with extra headers.
func sendRaw(tb testing.TB, url string, get bool, body map[string]any, headers map[string]string) exchange {
	tb.Helper()
	var hs []string
	for k, v := range headers {
		hs = append(hs, k, v)
	}
	if get {
		return send(tb, http.MethodGet, url+"/graphql?"+queryString(body), "", hs...)
	}
	b, _ := json.Marshal(body)
	return send(tb, http.MethodPost, url+"/graphql", string(b), hs...)
}

func queryString(body map[string]any) string {
	v := url.Values{}
	for k, x := range body {
		if s, ok := x.(string); ok {
			v.Set(k, s)
		} else {
			b, _ := json.Marshal(x)
			v.Set(k, string(b))
		}
	}
	return v.Encode()
}

// cachedAPI serves st with a response cache of its own (recheck: how often it reads the
// graph version).
func cachedAPI(tb testing.TB, st *store.Store, cfg cache.Config, edit func(*httpapi.HandlerConfig)) (*api, *cache.Cache) {
	tb.Helper()
	if cfg.MaxBytes == 0 {
		cfg.MaxBytes = 8 << 20
	}
	if cfg.MaxEntryBytes == 0 {
		cfg.MaxEntryBytes = 1 << 20
	}
	c := cache.New(neo4jtest.MustWatch(tb, st, 0), cfg)
	a := serve(tb, st, func(hc *httpapi.HandlerConfig) {
		hc.Cache, hc.CacheControl = c, "private, max-age=1"
		if edit != nil {
			edit(hc)
		}
	})
	waitVersion(tb, c)
	return a, c
}

// waitVersion waits (boundedly) for the cache's first read of the graph version.
func waitVersion(tb testing.TB, c *cache.Cache) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, ok := c.Version(); ok {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatal("the cache never read the graph version")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

const cachedRoleQuery = `query Role($id: ID!) { role(id: $id) { id name skills(first: 3) { edges { node { id } } } } }`

func roleRequest(id string) map[string]any {
	return map[string]any{"query": cachedRoleQuery, "variables": map[string]any{"id": id}, "operationName": "Role"}
}

func TestResponseCache(t *testing.T) {
	st, proxy := neo4jtest.MustSeedBehindProxy(t, func(c *store.Config) { c.RetryTime = 200 * time.Millisecond })
	m := metrics.New()
	a, c := cachedAPI(t, st, cache.Config{}, func(hc *httpapi.HandlerConfig) { hc.Metrics = m })

	miss := sendRaw(t, a.URL, false, roleRequest("api-developer"), nil)
	if miss.status != http.StatusOK || !strings.Contains(string(miss.body), `"name":"API Developer"`) {
		t.Fatalf("miss: %d %s", miss.status, miss.body)
	}
	if s := c.Stats(); s.Misses != 1 || s.Hits != 0 || s.Entries != 1 || s.Bytes <= int64(len(miss.body)) {
		t.Fatalf("after one request: %+v", s)
	}
	// The same question, written otherwise (spaces, a comment, variables' keys in another
	// order), as GET: the same key.
	other := map[string]any{
		"query":         "# dashboard\nquery Role($id: ID!) {\n  role(id: $id) { id   name\n skills(first: 3) { edges { node { id } } } }\n}",
		"variables":     map[string]any{"id": "api-developer"},
		"operationName": "Role",
	}
	hit := sendRaw(t, a.URL, true, other, nil)
	if hit.status != http.StatusOK || !bytes.Equal(hit.body, miss.body) {
		t.Fatalf("hit: %d %s", hit.status, hit.body)
	}
	if s := c.Stats(); s.Hits != 1 || s.Entries != 1 {
		t.Fatalf("after the same request again: %+v", s)
	}

	t.Run("HeadersOfAHitAreThoseOfAMiss", func(t *testing.T) {
		for _, h := range []string{"Content-Type", "Cache-Control", "ETag", "Vary"} {
			if miss.header.Get(h) == "" || !slices.Equal(hit.header.Values(h), miss.header.Values(h)) {
				t.Errorf("%s: miss %q, hit %q", h, miss.header.Values(h), hit.header.Values(h))
			}
		}
		if vary := strings.Join(miss.header.Values("Vary"), ", "); !strings.Contains(vary, "Accept, Authorization") {
			t.Errorf("Vary: %q", vary)
		}
		if miss.header.Get("Cache-Control") != "private, max-age=1" {
			t.Errorf("Cache-Control %q", miss.header.Get("Cache-Control"))
		}
		// The media type asked for is part of the key: its answer has its own type.
		gr := sendRaw(t, a.URL, false, roleRequest("api-developer"), map[string]string{"Accept": "application/graphql-response+json"})
		if gr.header.Get("Content-Type") != "application/graphql-response+json" || gr.header.Get("ETag") == miss.header.Get("ETag") {
			t.Errorf("graphql-response+json: %q, ETag %q", gr.header.Get("Content-Type"), gr.header.Get("ETag"))
		}
	})

	t.Run("NotModified", func(t *testing.T) {
		tag := miss.header.Get("ETag")
		for _, get := range []bool{false, true} {
			r := sendRaw(t, a.URL, get, roleRequest("api-developer"), map[string]string{"If-None-Match": tag})
			if r.status != http.StatusNotModified || len(r.body) != 0 || r.header.Get("ETag") != tag {
				t.Errorf("get=%v: %d %q %s", get, r.status, r.header.Get("ETag"), r.body)
			}
		}
		r := sendRaw(t, a.URL, false, roleRequest("api-developer"), map[string]string{"If-None-Match": `"0-000000000000000000000000"`})
		if r.status != http.StatusOK || !bytes.Equal(r.body, miss.body) {
			t.Errorf("another ETag: %d %s", r.status, r.body)
		}
	})

	t.Run("PersistedQuery", func(t *testing.T) {
		sum := sha256.Sum256([]byte(cachedRoleQuery))
		ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
		first := sendRaw(t, a.URL, false, map[string]any{"query": cachedRoleQuery, "variables": map[string]any{"id": "backend-developer"}, "operationName": "Role", "extensions": ext}, nil)
		before := c.Stats()
		byHash := sendRaw(t, a.URL, true, map[string]any{"variables": map[string]any{"id": "backend-developer"}, "operationName": "Role", "extensions": ext}, nil)
		byHash2 := sendRaw(t, a.URL, false, map[string]any{"variables": map[string]any{"id": "backend-developer"}, "operationName": "Role", "extensions": ext},
			map[string]string{"If-None-Match": byHash.header.Get("ETag")})
		after := c.Stats()
		if first.status != 200 || byHash.status != 200 || !bytes.Equal(first.body, byHash.body) || byHash.header.Get("ETag") == "" ||
			byHash2.status != http.StatusNotModified || after.Hits != before.Hits+1 {
			t.Errorf("APQ: %d %s / %d %s / %d; stats %+v -> %+v", first.status, first.body, byHash.status, byHash.body, byHash2.status, before, after)
		}
	})

	t.Run("MetricsShowTheCache", func(t *testing.T) {
		res, err := http.Get(a.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		for _, want := range []string{`skillgraph_response_cache_requests_total{result="hit"}`, `skillgraph_response_cache_requests_total{result="miss"}`,
			"skillgraph_response_cache_entries ", "skillgraph_response_cache_bytes ", "skillgraph_response_cache_hit_ratio 0."} {
			if !strings.Contains(string(body), want) {
				t.Errorf("/metrics lacks %q", want)
			}
		}
	})

	// Neo4j gone: what the cache holds is still answered (and revalidated), a new question
	// is not.
	t.Run("AnsweredWithoutNeo4j", func(t *testing.T) {
		proxy.Cut()
		r := sendRaw(t, a.URL, false, roleRequest("api-developer"), nil)
		if r.status != http.StatusOK || !bytes.Equal(r.body, miss.body) {
			t.Errorf("cached: %d %s", r.status, r.body)
		}
		r = sendRaw(t, a.URL, false, roleRequest("api-developer"), map[string]string{"If-None-Match": miss.header.Get("ETag")})
		if r.status != http.StatusNotModified {
			t.Errorf("revalidated: %d", r.status)
		}
		r = sendRaw(t, a.URL, false, roleRequest("devops-engineer"), nil)
		if r.status == http.StatusOK || !strings.Contains(string(r.body), "UNAVAILABLE") || r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("not cached, Neo4j gone: %d %q %s", r.status, r.header.Get("Cache-Control"), r.body)
		}
	})
}

// TestResponseCacheWrites: a write through the server is seen by its next read, at once;
// one through another server within the recheck interval; ETags change with the graph.
func TestResponseCacheWrites(t *testing.T) {
	stA := neo4jtest.MustSeed(t)
	stB, err := store.Open(context.Background(), neo4jtest.Config(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = stB.Close(context.Background()) })
	a, _ := cachedAPI(t, stA, cache.Config{}, nil)
	b, cb := cachedAPI(t, stB, cache.Config{}, nil)

	name := func(srv *api) (string, string) {
		r := sendRaw(t, srv.URL, false, roleRequest("api-developer"), nil)
		var out response
		if err := json.Unmarshal(r.body, &out); err != nil || r.status != 200 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		return get(out.Data, "role", "name").(string), r.header.Get("ETag")
	}
	rename := func(srv *api, to string) {
		r := srv.DoAs(t, editorToken, `mutation($n: String!) { updateRole(id: "api-developer", input: {name: $n}) { name } }`, map[string]any{"n": to})
		if len(r.Errors) > 0 {
			t.Fatalf("%+v", r.Errors)
		}
		if cc := r.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("a mutation's Cache-Control: %q", cc)
		}
	}
	_, tagA := name(a)
	name(a) // cached
	_, tagB := name(b)
	hitsB := cb.Stats().Hits
	if n, _ := name(b); n != "API Developer" || cb.Stats().Hits != hitsB+1 {
		t.Fatalf("b before the write: %q, hits %d -> %d", n, hitsB, cb.Stats().Hits)
	}
	if tagA != tagB {
		t.Errorf("two servers give the same answer different ETags: %s, %s", tagA, tagB)
	}

	rename(a, "API Engineer")
	n, tag := name(a)
	if n != "API Engineer" {
		t.Errorf("a, right after its own write: %q", n)
	}
	if tag == tagA {
		t.Errorf("the ETag did not change with the graph: %s", tag)
	}
	// b reads the graph version once a second: it sees a's write within that bound (the
	// deadline leaves room for a busy machine; the test does not time it).
	deadline := time.Now().Add(10 * time.Second)
	for {
		if n, _ := name(b); n == "API Engineer" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("b never saw a's write")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestResponseCacheKeeps: what is never kept, and who never shares an entry.
func TestResponseCacheKeeps(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	a, c := cachedAPI(t, st, cache.Config{MaxEntryBytes: 2048}, func(hc *httpapi.HandlerConfig) { hc.Auth.RequireRead = false })
	entries := func() int { return c.Stats().Entries }
	noStore := func(t *testing.T, r exchange) {
		t.Helper()
		if r.header.Get("Cache-Control") != "no-store" || r.header.Get("ETag") != "" {
			t.Errorf("%d: Cache-Control %q, ETag %q: %s", r.status, r.header.Get("Cache-Control"), r.header.Get("ETag"), r.body)
		}
	}
	for name, body := range map[string]map[string]any{
		"Mutation":        {"query": `mutation { updateRole(id: "api-developer", input: {description: "x"}) { id } }`},
		"ValidationError": {"query": `{ role(id: "api-developer") { nope } }`},
		"ParseError":      {"query": `{ role(`},
		// A bad cursor fails one root field; the other is answered: a partial result.
		"PartialResult": {"query": `{ a: role(id: "api-developer") { name } b: role(id: "api-developer") { skills(after: "bogus") { totalCount } } }`},
		"TooLarge":      {"query": `{ roles(first: 100) { edges { node { id name description } } } }`},
	} {
		t.Run(name, func(t *testing.T) {
			before := entries()
			for range 2 {
				r := sendRaw(t, a.URL, false, body, map[string]string{"Authorization": "Bearer " + editorToken})
				noStoreOrBig := name == "TooLarge"
				if !noStoreOrBig {
					noStore(t, r)
				}
				if name == "PartialResult" && (!strings.Contains(string(r.body), `"name":"API Developer"`) || !strings.Contains(string(r.body), "errors")) {
					t.Errorf("not a partial result: %s", r.body)
				}
				if name == "TooLarge" && (r.status != 200 || len(r.body) <= 2048) {
					t.Errorf("too large: %d, %d bytes", r.status, len(r.body))
				}
			}
			if entries() != before {
				t.Errorf("%d entries, %d before", entries(), before)
			}
		})
	}
	t.Run("BadToken", func(t *testing.T) {
		before := c.Stats()
		r := sendRaw(t, a.URL, false, roleRequest("api-developer"), map[string]string{"Authorization": "Bearer not-a-token"})
		noStore(t, r)
		if s := c.Stats(); s.Hits+s.Misses != before.Hits+before.Misses || s.Entries != before.Entries {
			t.Errorf("a bad token was looked up or kept: %+v -> %+v", before, s)
		}
	})
	t.Run("Defer", func(t *testing.T) {
		before := c.Stats()
		r := sendRaw(t, a.URL, false, map[string]any{"query": `{ role(id: "api-developer") { id ... @defer { name } } }`},
			map[string]string{"Accept": "multipart/mixed;deferSpec=20220824, application/json"})
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "multipart/mixed") || r.header.Get("ETag") != "" {
			t.Errorf("%d %q %q", r.status, r.header.Get("Content-Type"), r.header.Get("ETag"))
		}
		if s := c.Stats(); s.Entries != before.Entries || s.Misses != before.Misses {
			t.Errorf("a multipart response was looked up or kept: %+v -> %+v", before, s)
		}
	})
	// Each caller's scopes make a key of their own: no caller is answered from an entry
	// another made.
	t.Run("Scopes", func(t *testing.T) {
		q := roleRequest("devops-engineer")
		var tags []string
		for _, token := range []string{"", viewerToken, editorToken} {
			h := map[string]string{}
			if token != "" {
				h["Authorization"] = "Bearer " + token
			}
			// An earlier subtest's write (or the statistics it refreshes) makes the cache
			// re-read the version before it answers again: wait for that, so the pair below
			// is a miss and a hit.
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				if _, ok := c.Version(); ok {
					break
				}
			}
			before := c.Stats()
			r := sendRaw(t, a.URL, false, q, h)
			r2 := sendRaw(t, a.URL, false, q, h)
			s := c.Stats()
			if r.status != 200 || !bytes.Equal(r.body, r2.body) || s.Misses != before.Misses+1 || s.Hits != before.Hits+1 {
				t.Errorf("token %q: %d; stats %+v -> %+v", token, r.status, before, s)
			}
			tags = append(tags, r.header.Get("ETag"))
		}
		if tags[0] == tags[1] || tags[1] == tags[2] || tags[0] == tags[2] {
			t.Errorf("ETags shared between scopes: %v", tags)
		}
	})
}

// TestResponseCacheAuthReads: with AUTH_READS, a refused caller is never answered from
// the cache, not even 304, whatever ETag it sends.
func TestResponseCacheAuthReads(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	a, c := cachedAPI(t, st, cache.Config{}, func(hc *httpapi.HandlerConfig) { hc.Auth.RequireRead = true })
	ok := sendRaw(t, a.URL, false, roleRequest("api-developer"), map[string]string{"Authorization": "Bearer " + viewerToken})
	if ok.status != 200 || c.Stats().Entries != 1 {
		t.Fatalf("%d %s %+v", ok.status, ok.body, c.Stats())
	}
	for range 2 {
		r := sendRaw(t, a.URL, false, roleRequest("api-developer"), map[string]string{"If-None-Match": ok.header.Get("ETag")})
		if r.status == http.StatusNotModified || !strings.Contains(string(r.body), "UNAUTHENTICATED") || r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("anonymous: %d %q %s", r.status, r.header.Get("Cache-Control"), r.body)
		}
	}
	if c.Stats().Entries != 1 {
		t.Errorf("entries %+v", c.Stats())
	}
}
