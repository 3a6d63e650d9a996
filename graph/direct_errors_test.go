package graph_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/httpapi"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/metrics"
	"github.com/skillgraph/skillgraph/store"
)

// timingOut is the real store except that reading roles fails as a timed-out transaction
// does; it counts those reads.
type timingOut struct {
	*store.Store
	calls *atomic.Int64
}

func (s timingOut) NodeWith(ctx context.Context, k domain.Kind, id string, props []string, fetches []*domain.Fetch) (domain.Entity, error) {
	if k == domain.KindRole {
		s.calls.Add(1)
		return nil, domain.Errorf(domain.ETIMEOUT, "the request ran out of time and was stopped")
	}
	return s.Store.NodeWith(ctx, k, id, props, fetches)
}

func (s timingOut) ListWith(ctx context.Context, k domain.Kind, args domain.ListArgs, fetches []*domain.Fetch) (*domain.Page, error) {
	if k == domain.KindRole {
		s.calls.Add(1)
		return nil, domain.Errorf(domain.ETIMEOUT, "the request ran out of time and was stopped")
	}
	return s.Store.ListWith(ctx, k, args, fetches)
}

// A database error met by direct execution is the answer: the executor does not ask Neo4j
// the same question again.
func TestDirectDatabaseErrorIsAskedOnce(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	var calls atomic.Int64
	g := timingOut{st, &calls}
	srv := httptest.NewServer(httpapi.NewHandler(httpapi.HandlerConfig{Graph: g, Insights: st, Extractor: &extract.Extractor{Store: st},
		Limits: graph.Limits{DefaultFirst: 20, MaxFirst: 100}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()
	a := &api{srv, st}
	for _, c := range []struct {
		name, query string
		data        string // the data as JSON
	}{
		{"nullable root", `{ role(id: "api-developer") { id: slug } }`, `{"role":null}`},
		{"non-null root", `{ roles(first: 2) { totalCount } }`, `null`},
		{"beside another root", `{ s: skill(id: "api-design") { id: slug } r: role(id: "api-developer") { id: slug } }`, `{"s":{"id":"api-design"},"r":null}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			calls.Store(0)
			raw := rawPost(t, a.URL, c.query, nil)
			if calls.Load() != 1 {
				t.Errorf("roles read %d times, want 1", calls.Load())
			}
			if !bytes.Contains(raw, []byte(`"data":`+c.data)) || !bytes.Contains(raw, []byte(`"code":"TIMEOUT"`)) {
				t.Errorf("answer %s", raw)
			}
		})
	}
	r := a.Do(t, `{ r: role(id: "api-developer") { id: slug } }`, nil)
	if len(r.Errors) != 1 || len(r.Errors[0].Path) != 1 || r.Errors[0].Path[0] != "r" {
		t.Errorf("the error is not at its root field's path: %+v", r.Errors)
	}
}

// A query left to the executor is counted in /metrics and logged at debug with the reason.
func TestDirectFallbacksAreVisible(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	var logs syncBuffer
	m := metrics.New()
	srv := httptest.NewServer(httpapi.NewHandler(httpapi.HandlerConfig{Graph: st, Insights: st, Extractor: &extract.Extractor{Store: st},
		Limits: graph.Limits{DefaultFirst: 20, MaxFirst: 100}, Metrics: m,
		Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}))
	defer srv.Close()
	a := &api{srv, st}
	a.MustData(t, `{ role(id: "api-developer") { id: slug } }`, nil)
	a.MustData(t, `{ role(id: "api-developer") { similarRoles(first: 1) { score } } }`, nil)
	body := string(send(t, http.MethodGet, srv.URL+"/metrics", "").body)
	for _, want := range []string{`skillgraph_direct_execution_total{outcome="answered"} 1`, `skillgraph_direct_execution_total{outcome="planned_out"} 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s:\n%s", want, grep(body, "skillgraph_direct"))
		}
	}
	if !strings.Contains(logs.String(), `"reason":"field Role.similarRoles"`) {
		t.Errorf("no debug line with the reason:\n%s", logs.String())
	}
}
