package graph_test

import (
	"strings"
	"testing"
)

// TestApolloClient runs tests/clients/apollo.mjs, Apollo Client (pinned in tests/clients)
// with its default normalised cache and the schema's possibleTypes, against the API: paging
// both ways, a search read through `... on Node`, two neighbourhoods that share nodes, and
// no warning from the client.
func TestApolloClient(t *testing.T) {
	out, stderr, err := runNodeScript(t, "clients", "@apollo/client", "apollo.mjs", MustAPI(t).URL)
	if err != nil || strings.TrimSpace(string(out)) != "ok" || stderr != "" {
		t.Fatalf("apollo.mjs: %v\n%s%s", err, out, stderr)
	}
}
