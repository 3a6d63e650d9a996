package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/internal/neo4jtest"
)

func freePort(tb testing.TB) int {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestSeedServeAndShutDown(t *testing.T) {
	neo4jtest.MustOpen(t) // empty database
	cfg := neo4jtest.Config(t)
	vars := map[string]string{"NEO4J_URI": cfg.URI, "NEO4J_USER": cfg.User, "NEO4J_PASSWORD": cfg.Password,
		"NEO4J_DATABASE": cfg.Database, "HOST": "127.0.0.1", "PORT": strconv.Itoa(freePort(t)), "LOG_LEVEL": "warn"}
	ctx := context.Background()

	var out bytes.Buffer
	if err := run(ctx, []string{"seed"}, env(vars), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "seeded 142 nodes and 380 relationships") {
		t.Errorf("seed output: %q", out.String())
	}

	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- run(sctx, []string{"serve"}, env(vars), io.Discard, io.Discard) }()
	base := "http://127.0.0.1:" + vars["PORT"]
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not come up: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	res, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":"{ role(id: \"devops-engineer\") { name nextRoles { totalCount } } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `"name":"DevOps Engineer"`) {
		t.Errorf("answer: %s", body)
	}

	if err := run(ctx, []string{"healthcheck"}, env(vars), io.Discard, io.Discard); err != nil {
		t.Errorf("healthcheck of a running server: %v", err)
	}
	if err := run(ctx, []string{"healthcheck", "-ready"}, env(vars), io.Discard, io.Discard); err != nil {
		t.Errorf("readiness check of a running server: %v", err)
	}

	stop() // what SIGINT/SIGTERM do in main
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not shut down")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still answering after shutdown")
	}
	if err := run(ctx, []string{"healthcheck"}, env(vars), io.Discard, io.Discard); err == nil {
		t.Error("healthcheck passes with no server")
	}
}

func TestBadSeedFolderWritesNothing(t *testing.T) {
	neo4jtest.MustSeed(t)
	before := neo4jtest.Counts(t)
	cfg := neo4jtest.Config(t)
	dir := t.TempDir()
	for name, data := range map[string]string{
		"roles.yaml":        "- {id: dev, name: Dev, source: d, skills: [{id: nope, importance: 3, essential: true}]}\n",
		"skills.yaml":       "- {id: coding, name: Coding, category: technical, source: d}\n",
		"technologies.yaml": "[]\n",
		"industries.yaml":   "[]\n",
	} {
		if err := writeFile(dir+"/"+name, data); err != nil {
			t.Fatal(err)
		}
	}
	err := run(context.Background(), []string{"seed", "-dir", dir}, env(map[string]string{"NEO4J_URI": cfg.URI, "NEO4J_USER": cfg.User, "NEO4J_PASSWORD": cfg.Password}), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `roles.yaml: entry 1 (id "dev"): skills[0] refers to unknown Skill "nope"`) {
		t.Fatalf("err = %v", err)
	}
	after := neo4jtest.Counts(t)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %d -> %d", k, v, after[k])
		}
	}
	if len(after) != len(before) {
		t.Errorf("counts %v -> %v", before, after)
	}
}

func TestConfig(t *testing.T) {
	for name, vars := range map[string]map[string]string{
		"BadPort":     {"PORT": "eighty"},
		"PortRange":   {"PORT": "70000"},
		"FirstLimits": {"DEFAULT_FIRST": "500", "MAX_FIRST": "100"},
		"BadDuration": {"SHUTDOWN_TIMEOUT": "soon"},
		"BadLogLevel": {"LOG_LEVEL": "chatty"},
		"BadAttempts": {"NEO4J_CONNECT_ATTEMPTS": "0"},
		"BadRetry":    {"NEO4J_RETRY_TIME": "-1s"},
		"TokenShape":  {"API_TOKENS": "editor:write"},
		"TokenScope":  {"API_TOKENS": "editor:admin:" + strings.Repeat("ab", 32)},
		"TokenHash":   {"API_TOKENS": "editor:write:the-secret-itself"},
		"TokenTwice":  {"API_TOKENS": "a:read:" + strings.Repeat("ab", 32) + ",a:write:" + strings.Repeat("cd", 32)},
		"AuthReads":   {"AUTH_READS": "maybe"},
		"TxTimeout":   {"NEO4J_TX_TIMEOUT": "forever"},
		"ReqTimeout":  {"REQUEST_TIMEOUT": "-5s"},
		"Depth":       {"MAX_DEPTH": "-1"},
		"Complexity":  {"MAX_COMPLEXITY": "lots"},
		"Body":        {"MAX_BODY_BYTES": "10"},
		"Rate":        {"RATE_LIMIT": "-2"},
		"Burst":       {"RATE_BURST": "1.5"},
		"Intro":       {"INTROSPECTION": "off"},
		"Playground":  {"PLAYGROUND": "nope"},
		"Metrics":     {"METRICS": "2"},
	} {
		t.Run(name, func(t *testing.T) {
			err := run(context.Background(), nil, env(vars), io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "configuration") {
				t.Fatalf("err = %v", err)
			}
			for k := range vars {
				if !strings.Contains(err.Error(), k) {
					t.Errorf("the error does not name %s: %v", k, err)
				}
			}
			if strings.Contains(err.Error(), "the-secret-itself") {
				t.Errorf("the error repeats a secret: %v", err)
			}
		})
	}
	t.Run("Defaults", func(t *testing.T) {
		c, err := loadConfig(flag.NewFlagSet("t", flag.ContinueOnError), nil, env(nil))
		if err != nil {
			t.Fatal(err)
		}
		if c.Port != 8080 || c.Neo4j.TxTimeout != 10*time.Second || c.RequestTimeout != 15*time.Second ||
			c.QueryLimits.MaxDepth != 15 || c.MaxBodyBytes != 1<<20 || c.RateLimit.PerSecond != 0 || !c.Introspection || !c.Metrics {
			t.Errorf("%+v", c)
		}
	})
	t.Run("FlagOverridesEnvironment", func(t *testing.T) {
		c, err := loadConfig(flag.NewFlagSet("t", flag.ContinueOnError), []string{"-port", "9090"}, env(map[string]string{"PORT": "7070", "RATE_LIMIT": "2.5"}))
		if err != nil {
			t.Fatal(err)
		}
		if c.Port != 9090 || c.RateLimit.PerSecond != 2.5 {
			t.Errorf("port %d, rate %v", c.Port, c.RateLimit.PerSecond)
		}
	})
	// The README's configuration table lists every setting with its default.
	t.Run("READMETable", func(t *testing.T) {
		readme, err := os.ReadFile("README.md")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range settings {
			flagCell := "—"
			if s.flag != "" {
				flagCell = "`-" + s.flag + "`"
			}
			def := "`" + s.def + "`"
			if s.def == "" {
				def = "(empty)"
			}
			row := fmt.Sprintf("| `%s` | %s | %s |", s.env, flagCell, def)
			if !strings.Contains(string(readme), row) {
				t.Errorf("README has no row starting %q", row)
			}
		}
	})
	t.Run("HashToken", func(t *testing.T) {
		var out strings.Builder
		if err := hashToken(strings.NewReader("editor-secret-0123456789\n"), &out); err != nil {
			t.Fatal(err)
		}
		// sha256("editor-secret-0123456789"), computed independently (sha256sum).
		if got := strings.TrimSpace(out.String()); got != "a5574ef190943e22192d7660f1838bc74a1e7f59b92ef55ccc60d71f18bc2de7" {
			t.Errorf("hash %s", got)
		}
		if err := hashToken(strings.NewReader("short\n"), &out); err == nil {
			t.Error("a short secret was accepted")
		}
	})
	t.Run("UnknownCommand", func(t *testing.T) {
		if err := run(context.Background(), []string{"dance"}, env(nil), io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "unknown command") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("UnreachableNeo4j", func(t *testing.T) {
		vars := map[string]string{"NEO4J_URI": "bolt://127.0.0.1:" + strconv.Itoa(freePort(t)), "NEO4J_CONNECT_ATTEMPTS": "2"}
		err := run(context.Background(), []string{"serve"}, env(vars), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "not reachable after 2 attempt(s)") {
			t.Fatalf("err = %v", err)
		}
	})
}

func writeFile(path, data string) error { return os.WriteFile(path, []byte(data), 0o644) }
