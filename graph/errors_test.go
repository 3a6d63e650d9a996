package graph_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/domain"
	"github.com/skillgraph/skillgraph/extract"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/internal/neo4jtest"
	"github.com/skillgraph/skillgraph/store"
)

// panicky is the real store with one method that panics, to check what a client sees of a
// bug in a resolver's path.
type panicky struct{ *store.Store }

func (panicky) Industry(context.Context, string) (*domain.Industry, error) { panic("boom") }

func TestInternalErrors(t *testing.T) {
	st := neo4jtest.MustSeed(t)
	srv := httptest.NewServer(graph.NewHandler(graph.HandlerConfig{Graph: panicky{st}, Insights: st, Extractor: &extract.Extractor{Store: st},
		Limits: graph.Limits{DefaultFirst: 20, MaxFirst: 100}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()
	a := &api{srv, st}
	r := a.Do(t, `{ industry(id: "fintech") { id } role(id: "api-developer") { id } }`, nil)
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

// proxy forwards loopback TCP connections to Neo4j until cut, when it closes them all and
// refuses new ones: Neo4j gone, as the server sees it.
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func mustProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) cut() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func TestNeo4jUnavailable(t *testing.T) {
	neo4jtest.MustSeed(t)
	cfg := neo4jtest.Config(t)
	host := cfg.URI[len("bolt://"):]
	p := mustProxy(t, host)
	cfg.URI = "bolt://" + p.ln.Addr().String()
	cfg.RetryTime = time.Second
	st, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	srv := httptest.NewServer(graph.NewHandler(graph.HandlerConfig{Graph: st, Insights: st, Extractor: &extract.Extractor{Store: st},
		Writer: st, Auth: graph.Auth{Tokens: MustTokens(t)},
		Limits: graph.Limits{DefaultFirst: 20, MaxFirst: 100}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()
	a := &api{srv, st}
	if d := a.MustData(t, `{ role(id: "api-developer") { id } }`, nil); get(d, "role", "id") != "api-developer" {
		t.Fatalf("through the proxy: %v", d)
	}
	p.cut()
	start := time.Now()
	for _, q := range []string{`{ role(id: "api-developer") { id } }`, `mutation { deleteSkill(id: "api-design") { nodes } }`} {
		r := a.DoAs(t, editorToken, q, nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "UNAVAILABLE" {
			t.Errorf("%s: %+v", q, r.Errors)
		}
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("failing took %v", d)
	}
	if r := neo4jtest.MustQuery(t, `MATCH (s:Skill {id: 'api-design'}) RETURN count(s) AS n`, nil); r[0]["n"] != int64(1) {
		t.Error("the refused delete happened")
	}
}
