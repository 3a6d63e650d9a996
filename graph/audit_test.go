package graph_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGraphQLOverHTTPAudit runs the graphql-http package's server audit (the GraphQL over
// HTTP specification's checks, pinned in tests/graphql-http/package-lock.json) against the
// API. Every MUST and SHOULD passes; a MAY that is not followed is only logged.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	node, dir := mustNodePackages(ctx, t, "graphql-http", "graphql-http")
	a := MustAPI(t)
	cmd := exec.CommandContext(ctx, node, "audit.mjs", a.URL+"/graphql")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("audit: %v\n%s", err, out)
	}
	var ran, passed int
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r struct{ ID, Name, Status, Reason string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("audit output %q: %v", line, err)
		}
		ran++
		switch {
		case r.Status == "ok":
			passed++
		case strings.HasPrefix(r.Name, "MAY"):
			t.Logf("not followed (%s): %s: %s", r.ID, r.Name, r.Reason)
		default:
			t.Errorf("failed (%s, %s): %s: %s", r.ID, r.Status, r.Name, r.Reason)
		}
	}
	if ran < 40 {
		t.Errorf("only %d audits ran", ran)
	}
	t.Logf("%d of %d audits passed", passed, ran)
}

// mustNodePackages returns node and the absolute path of tests/<folder>, whose npm packages
// (pinned in its package-lock.json) it installs with npm ci unless the package probe is
// there already.
func mustNodePackages(ctx context.Context, t *testing.T, folder, probe string) (node, dir string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("this test needs Node.js (node and npm on PATH)")
	}
	dir, _ = filepath.Abs(filepath.Join("..", "tests", folder))
	if _, err := os.Stat(filepath.Join(dir, "node_modules", probe)); err != nil {
		cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in tests/%s: %v\n%s", folder, err, out)
		}
	}
	return node, dir
}
