package graph_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/store"
)

// panicky is the real store except that reading an industry panics, to check what a client
// sees of a bug in a resolver's path.
type panicky struct{ *store.Store }

func (p panicky) NodeWith(ctx context.Context, k domain.Kind, id string, props []string, fetches []*domain.Fetch) (domain.Entity, error) {
	if k == domain.KindIndustry {
		panic("boom")
	}
	return p.Store.NodeWith(ctx, k, id, props, fetches)
}

func TestInternalErrors(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	srv := httptest.NewServer(httpapi.NewHandler(httpapi.HandlerConfig{Graph: panicky{st}, Insights: st, Extractor: &extract.Extractor{Store: st},
		Limits: graph.Limits{DefaultFirst: 20, MaxFirst: 100}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()
	a := &api{srv, st}
	r := a.Do(t, `{ industry(id: "fintech") { id: slug } role(id: "api-developer") { id: slug } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "INTERNAL" || r.Errors[0].Message != "internal error" {
		t.Fatalf("%+v", r.Errors)
	}
	if id := r.Errors[0].Extensions["requestId"]; id == nil || id != r.header.Get("X-Request-ID") {
		t.Errorf("requestId %v, header %q", id, r.header.Get("X-Request-ID"))
	}
	if get(r.Data, "role", "id") != "api-developer" {
		t.Errorf("the rest of the query was not answered: %v", r.Data)
	}
}

func TestNeo4jUnavailable(t *testing.T) {
	st, p := neo4jtest.MustSeedBehindProxy(t, func(c *store.Config) { c.RetryTime = time.Second })
	srv := httptest.NewServer(httpapi.NewHandler(httpapi.HandlerConfig{Graph: st, Insights: st, Extractor: &extract.Extractor{Store: st},
		Writer: st, Auth: httpapi.Auth{Tokens: MustTokens(t)}, Ready: st.Ready,
		Limits: graph.Limits{DefaultFirst: 20, MaxFirst: 100}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()
	a := &api{srv, st}
	if d := a.MustData(t, `{ role(id: "api-developer") { id: slug } }`, nil); get(d, "role", "id") != "api-developer" {
		t.Fatalf("through the proxy: %v", d)
	}
	if status, _ := getJSON(t, srv.URL+"/readyz"); status != http.StatusOK {
		t.Fatalf("readyz before the cut: %d", status)
	}
	p.Cut()
	start := time.Now()
	for i, q := range []string{`{ role(id: "api-developer") { id: slug } }`, `mutation { deleteSkill(id: "api-design") { nodes } }`} {
		before := st.QueryCount()
		r := a.DoAs(t, editorToken, q, nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "UNAVAILABLE" {
			t.Errorf("%s: %+v", q, r.Errors)
		}
		// Nothing was answered: the whole request is a 503, with a hint when to retry.
		if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
			t.Errorf("%s: status %d, Retry-After %q", q, r.status, r.header.Get("Retry-After"))
		}
		// After the first failure the store knows Neo4j is gone and fails at once,
		// without trying Neo4j again (and waiting out the retries).
		if i > 0 && st.QueryCount() != before {
			t.Errorf("%s: %d Cypher round trips while Neo4j was known to be down", q, st.QueryCount()-before)
		}
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("failing took %v", d)
	}
	if status, body := getJSON(t, srv.URL+"/readyz"); status != http.StatusServiceUnavailable || body["status"] != "not ready" {
		t.Errorf("readyz after the cut: %d %v", status, body)
	}
	if status, _ := getJSON(t, srv.URL+"/healthz"); status != http.StatusOK {
		t.Errorf("healthz after the cut: %d", status)
	}
	if r := neo4jtest.MustQuery(t, `MATCH (s:Skill {id: 'api-design'}) RETURN count(s) AS n`, nil); r[0]["n"] != int64(1) {
		t.Error("the refused delete happened")
	}
}
