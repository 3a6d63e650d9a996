package graph_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestApolloClient runs tests/clients/apollo.mjs, Apollo Client (pinned in tests/clients)
// with its default normalised cache and the schema's possibleTypes, against the API: paging
// both ways, a search read through `... on Node`, two neighbourhoods that share nodes, and
// no warning from the client.
func TestApolloClient(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	node, dir := mustNodePackages(ctx, t, "clients", "@apollo/client")
	a := MustAPI(t)
	cmd := exec.CommandContext(ctx, node, "apollo.mjs", a.URL)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("apollo.mjs: %v\n%s", err, out)
	}
}
